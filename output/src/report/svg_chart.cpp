#include "carecast/output/report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "carecast/engine/check.hpp"

namespace carecast::output::report {
namespace {

constexpr std::string_view kFontFamily = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
// Type sizes in px of a chart 640 px wide: printed 16 cm wide (453.5 pt), 1 px is 0.709 pt, so
// the smallest, 11.5 px, is 8.15 pt. Charts keep their width; only their height grows.
constexpr double kTitleSize = 15.0;
constexpr double kSubtitleSize = 12.0;
constexpr double kTickSize = 12.0;
constexpr double kLegendSize = 12.0;
constexpr double kNoteSize = 11.5;
constexpr double kAxisTitleSize = 12.5;
constexpr double kValueSize = 11.5;  // value labels on bars
constexpr double kMargin = 16.0;
constexpr double kLegendRow = 20.0;   // height of a legend row
constexpr double kLineStep = 14.5;    // between wrapped lines of ticks, notes and labels
constexpr double kMinPlotHeight = 200.0;

// Lines: colours of clearly different lightness, plus dash patterns and marker shapes, so
// each series can be told apart in greyscale too.
constexpr std::array<std::string_view, 8> kLineColours{"#000000", "#1f5fa8", "#c96a00", "#6aa6d9",
                                                       "#2f7d4f", "#8c3b8c", "#7f7f7f", "#b8860b"};
constexpr std::array<std::string_view, 8> kDashes{"", "9 4", "2 3", "10 3 2 3", "5 5", "1 2", "12 2 2 2 2 2", "6 2"};
enum class Marker { circle, square, triangle, diamond, triangle_down, cross, plus, none };
constexpr std::array<Marker, 8> kMarkers{Marker::circle, Marker::square, Marker::triangle, Marker::diamond,
                                         Marker::triangle_down, Marker::cross, Marker::plus, Marker::circle};

// Areas and bars: fills graded in lightness, with hatching, so that any two styles differ in
// grey (by 20 levels of 255 or more) or in their hatching (a test checks every pair).
constexpr std::array<std::string_view, 9> kFills{"#1f4e79", "#9dc3e6", "#c55a11", "#f4cfa8", "#2e75b6",
                                                 "#595959", "#d9d9d9", "#548235", "#c5e0b4"};
// Index into the pattern list below; 0 = plain.
constexpr std::array<int, 9> kFillPatterns{0, 1, 4, 2, 3, 2, 5, 0, 1};

// Waterfall: totals, increases and decreases (decreases also hatched).
constexpr std::string_view kLevelFill = "#3a3a3a";
constexpr std::string_view kIncreaseFill = "#9dc3e6";
constexpr std::string_view kDecreaseFill = "#ffffff";

constexpr std::string_view kAxisColour = "#000000";
constexpr std::string_view kGridColour = "#d9d9d9";
constexpr std::string_view kTextColour = "#1a1a1a";
constexpr std::string_view kNoteColour = "#444444";

// Coordinates with at most two decimals, trailing zeros dropped.
std::string num(double value) {
  if (std::abs(value) < 0.005) value = 0.0;
  std::array<char, 64> buffer;
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                       std::chars_format::fixed, 2);
  CARECAST_CHECK(ec == std::errc(), "coordinate out of range");
  std::string text(buffer.data(), end);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}


// Splits `text` at spaces into lines no wider than `width` (a long word stays whole).
std::vector<std::string> wrap(std::string_view text, double size, double width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(start, space - start);
    if (!word.empty()) {
      const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (!line.empty() && text_width(candidate, size) > width) {
        lines.push_back(line);
        line = std::string(word);
      } else {
        line = candidate;
      }
    }
    start = space + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Truncates a category label that is wider than `width`, with an ellipsis.
std::string fit_text(const std::string& label, double size, double width) {
  if (text_width(label, size) <= width) return label;
  std::string out;
  for (std::size_t i = 0; i < label.size(); ++i) {
    out.push_back(label[i]);
    const bool boundary = i + 1 == label.size() || (label[i + 1] & 0xC0) != 0x80;
    if (boundary && text_width(out + "…", size) > width) {
      // drop the last code point
      do out.pop_back();
      while (!out.empty() && (out.back() & 0xC0) == 0x80);
      if (!out.empty()) out.pop_back();
      return out + "…";
    }
  }
  return out;
}

void check_finite(const std::vector<double>& values, const char* what) {
  for (double value : values) CARECAST_CHECK(std::isfinite(value), what);
}

std::string tick_text(double value, const Axis& axis, int decimals, Language language) {
  if (axis.format == Axis::Format::percent) return format_percent(value, std::max(0, decimals - 2), language);
  return format_human(value, decimals, language);
}

// A value scale for an axis; percent axes get nice ticks in percent units.
NiceScale axis_scale(double low, double high, const Axis& axis, int target = 5) {
  if (axis.include_zero) {
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
  }
  if (axis.format == Axis::Format::percent) {
    NiceScale scale = nice_scale(low * 100.0, high * 100.0, target);
    scale.min /= 100.0;
    scale.max /= 100.0;
    scale.step /= 100.0;
    for (double& tick : scale.ticks) tick /= 100.0;
    scale.decimals += 2;  // tick_text takes off the two again
    return scale;
  }
  return nice_scale(low, high, target);
}

// Year ticks: multiples of 1, 2, 5, 10 or 20 years within the range.
std::vector<int> year_ticks(int first, int last) {
  const int span = std::max(1, last - first);
  int step = 1;
  for (int candidate : {1, 2, 5, 10, 20, 50}) {
    step = candidate;
    if (span / candidate <= 9) break;
  }
  std::vector<int> ticks;
  for (int year = (first + step - 1) / step * step; year <= last; year += step) ticks.push_back(year);
  return ticks;
}

// Pairs of text boxes that overlap (for value labels that would run into each other).
struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& other) const { return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1; }
};
Box text_box(double x, double baseline, std::string_view content, double size, std::string_view anchor) {
  const double w = text_width(content, size);
  const double x0 = anchor == "middle" ? x - w / 2.0 : anchor == "end" ? x - w : x;
  return {x0, baseline - 0.76 * size, x0 + w, baseline + 0.24 * size};
}

struct LegendItem {
  enum class Kind { line, fill, outline } kind = Kind::line;
  std::size_t style = 0;  // series index for lines and fills
  std::string label;
  std::string colour;  // overrides for fills and outlines (empty: from style)
  int pattern = -1;    // -1: from style
};

// Builds one chart: frame, legend, plot area, axes; charts draw into `body`.
class Canvas {
 public:
  explicit Canvas(const ChartFrame& frame) : frame_(frame) {
    for (char c : frame.id) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      CARECAST_CHECK(ok && !frame.id.empty(), "chart id must be letters, digits, '-' or '_'");
    }
    note_lines_ = frame.note.empty() ? std::vector<std::string>{}
                                     : wrap(frame.note, kNoteSize, frame.width - 2 * kMargin);
    if (frame.show_title && !frame.title.empty()) title_lines_ = wrap(frame.title, kTitleSize, frame.width - 2 * kMargin);
    if (!frame.subtitle.empty()) subtitle_lines_ = wrap(frame.subtitle, kSubtitleSize, frame.width - 2 * kMargin);
    height_ = frame.height;
  }

  const ChartFrame& frame() const { return frame_; }
  std::string id(std::string_view suffix) const { return frame_.id + "-" + std::string(suffix); }

  // Lays out title, legend and note; returns the y just under the legend.
  void set_legend(std::vector<LegendItem> items) { legend_ = std::move(items); }

  // Computes the plot rectangle given the widest left label and whether the x axis has a
  // title and tick labels (rows of text under the plot).
  // The chart grows taller when title, legend and labels leave the plot less than
  // kMinPlotHeight, so any number of series fits (the legend wraps into more rows).
  void layout(double left_label_width, bool has_y_title, int x_label_rows, bool has_x_title, double right_space = 0.0) {
    double y = 8.0;
    y += double(title_lines_.size()) * (kTitleSize + 4.0);
    y += double(subtitle_lines_.size()) * (kSubtitleSize + 3.0);
    legend_top_ = y + 8.0;
    legend_rows_ = legend_rows();
    const double legend_height = legend_.empty() ? 0.0 : double(legend_rows_.size()) * kLegendRow;
    top = legend_top_ + legend_height + 12.0;
    const double note_height = note_lines_.empty() ? 0.0 : double(note_lines_.size()) * kLineStep + 4.0;
    double bottom_space = 8.0 + note_height;
    if (has_x_title) bottom_space += 20.0;
    bottom_space += double(x_label_rows) * kLineStep + 10.0;
    height_ = std::max(frame_.height, top + kMinPlotHeight + bottom_space);
    bottom = height_ - bottom_space;
    left = kMargin + (has_y_title ? 22.0 : 0.0) + left_label_width + 8.0;
    right = frame_.width - kMargin - 4.0 - right_space;
    x_title_baseline_ = height_ - 8.0 - note_height - 2.0;
    // Left labels are capped at a third of the width by the charts, so this holds for any data.
    CARECAST_CHECK(right - left > 100.0, "chart too narrow for its labels");
  }

  double height() const { return height_; }

  // Draws a text unless it would overlap one drawn this way before (value labels, ticks).
  bool text_if_free(double x, double y, std::string_view content, double size, std::string_view anchor = "start",
                    std::string_view extra = "") {
    const Box box = text_box(x, y, content, size, anchor);
    for (const Box& other : placed_) {
      if (box.overlaps(other)) return false;
    }
    placed_.push_back(box);
    text(x, y, content, size, anchor, extra);
    return true;
  }
  // Reserves the box of a text drawn with text(), so that text_if_free keeps clear of it.
  void reserve(double x, double y, std::string_view content, double size, std::string_view anchor = "start") {
    placed_.push_back(text_box(x, y, content, size, anchor));
  }

  double top = 0, bottom = 0, left = 0, right = 0;

  void text(double x, double y, std::string_view content, double size, std::string_view anchor = "start",
            std::string_view extra = "") {
    body += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\"";
    if (anchor != "start") body += " text-anchor=\"" + std::string(anchor) + "\"";
    if (!extra.empty()) body += " " + std::string(extra);
    body += ">" + xml_escape(content) + "</text>\n";
  }
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
            std::string_view extra = "") {
    body += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
            "\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" + num(width) + "\"";
    if (!extra.empty()) body += " " + std::string(extra);
    body += "/>\n";
  }
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view extra = "") {
    if (h < 0) {
      y += h;
      h = -h;
    }
    if (w < 0) {
      x += w;
      w = -w;
    }
    body += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
            "\" fill=\"" + std::string(fill) + "\"";
    if (!extra.empty()) body += " " + std::string(extra);
    body += "/>\n";
  }
  // A filled rectangle with the style's hatching laid over it.
  void styled_rect(double x, double y, double w, double h, std::size_t style, std::string_view extra = "") {
    rect(x, y, w, h, kFills[style % kFills.size()], extra);
    const int pattern = kFillPatterns[style % kFillPatterns.size()];
    if (pattern > 0) rect(x, y, w, h, std::string("url(#") + id(std::string("p") + std::to_string(pattern)) + ")");
  }
  void marker(Marker shape, double x, double y, std::string_view colour) {
    const double r = 3.6;
    const std::string fill = "fill=\"" + std::string(colour) + "\" stroke=\"#ffffff\" stroke-width=\"0.8\"";
    switch (shape) {
      case Marker::circle:
        body += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + "\" " + fill + "/>\n";
        break;
      case Marker::square:
        rect(x - r, y - r, 2 * r, 2 * r, colour, "stroke=\"#ffffff\" stroke-width=\"0.8\"");
        break;
      case Marker::triangle:
        body += "<path d=\"M" + num(x) + " " + num(y - r * 1.2) + "L" + num(x + r * 1.1) + " " + num(y + r * 0.8) +
                "L" + num(x - r * 1.1) + " " + num(y + r * 0.8) + "Z\" " + fill + "/>\n";
        break;
      case Marker::triangle_down:
        body += "<path d=\"M" + num(x) + " " + num(y + r * 1.2) + "L" + num(x + r * 1.1) + " " + num(y - r * 0.8) +
                "L" + num(x - r * 1.1) + " " + num(y - r * 0.8) + "Z\" " + fill + "/>\n";
        break;
      case Marker::diamond:
        body += "<path d=\"M" + num(x) + " " + num(y - r * 1.3) + "L" + num(x + r * 1.1) + " " + num(y) + "L" +
                num(x) + " " + num(y + r * 1.3) + "L" + num(x - r * 1.1) + " " + num(y) + "Z\" " + fill + "/>\n";
        break;
      case Marker::cross:
        line(x - r, y - r, x + r, y + r, colour, 1.8);
        line(x - r, y + r, x + r, y - r, colour, 1.8);
        break;
      case Marker::plus:
        line(x - r * 1.2, y, x + r * 1.2, y, colour, 1.8);
        line(x, y - r * 1.2, x, y + r * 1.2, colour, 1.8);
        break;
      case Marker::none:
        break;
    }
  }
  void polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke, double width,
                std::string_view dash) {
    if (points.empty()) return;
    std::string d;
    for (std::size_t i = 0; i < points.size(); ++i) {
      d += std::string(i == 0 ? "M" : "L") + num(points[i].first) + " " + num(points[i].second);
    }
    body += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" +
            num(width) + "\" stroke-linejoin=\"round\" stroke-linecap=\"butt\"";
    if (!dash.empty()) body += " stroke-dasharray=\"" + std::string(dash) + "\"";
    body += "/>\n";
  }
  void polygon(const std::vector<std::pair<double, double>>& points, std::string_view fill, std::string_view extra = "") {
    std::string d;
    for (std::size_t i = 0; i < points.size(); ++i) {
      d += std::string(i == 0 ? "M" : "L") + num(points[i].first) + " " + num(points[i].second);
    }
    body += "<path d=\"" + d + "Z\" fill=\"" + std::string(fill) + "\"";
    if (!extra.empty()) body += " " + std::string(extra);
    body += "/>\n";
  }

  // Horizontal value axis along the left: grid lines, tick labels, title.
  void y_value_axis(const NiceScale& scale, const Axis& axis) {
    for (double tick : scale.ticks) {
      const double y = y_of(tick, scale);
      line(left, y, right, y, kGridColour, tick == 0.0 ? 0.0 : 1.0);
      text_if_free(left - 6.0, y + 4.0, tick_text(tick, axis, scale.decimals, frame_.language), kTickSize, "end",
                   "fill=\"" + std::string(kTextColour) + "\"");
    }
    if (scale.min <= 0.0 && scale.max >= 0.0) line(left, y_of(0.0, scale), right, y_of(0.0, scale), kAxisColour, 1.2);
    line(left, top, left, bottom, kAxisColour, 1.0);
    y_title(axis.title);
  }
  void y_title(std::string_view title) {
    if (title.empty()) return;
    const double x = kMargin + 10.0;
    const double y = (top + bottom) / 2.0;
    text(x, y, title, kAxisTitleSize, "middle", "transform=\"rotate(-90 " + num(x) + " " + num(y) + ")\" fill=\"" +
                                          std::string(kTextColour) + "\"");
  }
  void x_title(std::string_view title) {
    if (title.empty()) return;
    text_if_free((left + right) / 2.0, x_title_baseline_, title, kAxisTitleSize, "middle", "fill=\"" + std::string(kTextColour) + "\"");
  }
  double y_of(double value, const NiceScale& scale) const {
    return bottom - (value - scale.min) / (scale.max - scale.min) * (bottom - top);
  }
  double x_of(double value, const NiceScale& scale) const {
    return left + (value - scale.min) / (scale.max - scale.min) * (right - left);
  }
  double x_of_year(double year, int first, int last) const {
    return left + (year - first) / std::max(1.0, double(last - first)) * (right - left);
  }
  void year_axis(int first, int last, const Axis& axis) {
    line(left, bottom, right, bottom, kAxisColour, 1.2);
    for (int year : year_ticks(first, last)) {
      const double x = x_of_year(year, first, last);
      line(x, bottom, x, bottom + 4.0, kAxisColour, 1.0);
      text_if_free(x, bottom + 17.0, std::to_string(year), kTickSize, "middle", "fill=\"" + std::string(kTextColour) + "\"");
    }
    x_title(axis.title);
  }

  std::string finish() const {
    std::string out;
    const std::string w = num(frame_.width), h = num(height_);
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w +
           " " + h + "\" role=\"img\" aria-labelledby=\"" + id("title") + "\" font-family=\"" +
           std::string(kFontFamily) + "\" lang=\"" + std::string(language_code(frame_.language)) + "\">\n";
    out += "<title id=\"" + id("title") + "\">" + xml_escape(frame_.title) + "</title>\n";
    out += "<defs>\n";
    // Hatching patterns, drawn over a fill: 1 diagonal, 2 dots, 3 cross-hatch, 4 horizontal,
    // 5 back-diagonal.
    const std::string ink = "stroke=\"#000000\" stroke-opacity=\"0.55\" stroke-width=\"1.1\"";
    out += "<pattern id=\"" + id("p1") + "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
           "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" " + ink + "/></pattern>\n";
    out += "<pattern id=\"" + id("p2") + "\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\">"
           "<circle cx=\"2.5\" cy=\"2.5\" r=\"1\" fill=\"#000000\" fill-opacity=\"0.6\"/></pattern>\n";
    out += "<pattern id=\"" + id("p3") + "\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" "
           "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" " + ink +
           "/><line x1=\"0\" y1=\"0\" x2=\"7\" y2=\"0\" " + ink + "/></pattern>\n";
    out += "<pattern id=\"" + id("p4") + "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"5\">"
           "<line x1=\"0\" y1=\"2.5\" x2=\"6\" y2=\"2.5\" " + ink + "/></pattern>\n";
    out += "<pattern id=\"" + id("p5") + "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
           "patternTransform=\"rotate(-45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" " + ink + "/></pattern>\n";
    out += "</defs>\n";
    out += "<rect x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n";
    out += title_block();
    out += legend_block();
    out += body;
    out += note_block();
    out += "</svg>\n";
    return out;
  }

  std::string body;

 private:
  std::vector<std::vector<std::size_t>> legend_rows() const {
    std::vector<std::vector<std::size_t>> rows;
    double x = kMargin;
    for (std::size_t i = 0; i < legend_.size(); ++i) {
      const double w = item_width(legend_[i]);
      if (rows.empty() || (x + w > frame_.width - kMargin && !rows.back().empty())) {
        rows.emplace_back();
        x = kMargin;
      }
      rows.back().push_back(i);
      x += w + 18.0;
    }
    return rows;
  }
  double item_width(const LegendItem& item) const {
    const double symbol = item.kind == LegendItem::Kind::line ? 30.0 : 14.0;
    return symbol + 6.0 + text_width(legend_text(item), kLegendSize);
  }
  // A legend label, shortened with an ellipsis only when it is wider than the chart.
  std::string legend_text(const LegendItem& item) const {
    return fit_text(item.label, kLegendSize, frame_.width - 2 * kMargin - 40.0);
  }
  std::string title_block() const {
    std::string out;
    double y = 8.0;
    for (const std::string& line_text : title_lines_) {
      y += kTitleSize + 4.0;
      out += "<text x=\"" + num(kMargin) + "\" y=\"" + num(y - 4.0) + "\" font-size=\"" + num(kTitleSize) +
             "\" font-weight=\"bold\" fill=\"" + std::string(kTextColour) + "\">" + xml_escape(line_text) + "</text>\n";
    }
    for (const std::string& line_text : subtitle_lines_) {
      y += kSubtitleSize + 3.0;
      out += "<text x=\"" + num(kMargin) + "\" y=\"" + num(y - 2.0) + "\" font-size=\"" + num(kSubtitleSize) + "\" fill=\"" +
             std::string(kNoteColour) + "\">" + xml_escape(line_text) + "</text>\n";
    }
    return out;
  }
  std::string legend_block() const {
    if (legend_.empty()) return {};
    Canvas scratch(frame_);
    scratch.body.clear();
    double y = legend_top_;
    for (const auto& row : legend_rows_) {
      double x = kMargin;
      for (std::size_t index : row) {
        const LegendItem& item = legend_[index];
        const double mid = y + 5.0;
        switch (item.kind) {
          case LegendItem::Kind::line: {
            const std::size_t s = item.style;
            const std::string colour = item.colour.empty() ? std::string(kLineColours[s % kLineColours.size()]) : item.colour;
            // pattern -2: a plain solid line; -3: the series' dash without a marker.
            scratch.polyline({{x, mid}, {x + 30.0, mid}}, colour, 2.4, item.pattern == -2 ? "" : kDashes[s % kDashes.size()]);
            if (item.pattern >= -1) scratch.marker(kMarkers[s % kMarkers.size()], x + 15.0, mid, colour);
            x += 36.0;
            break;
          }
          case LegendItem::Kind::fill:
            if (item.colour.empty()) {
              scratch.styled_rect(x, mid - 7.0, 14.0, 14.0, item.style, "stroke=\"#000000\" stroke-width=\"0.6\"");
            } else {
              scratch.rect(x, mid - 7.0, 14.0, 14.0, item.colour, "stroke=\"#000000\" stroke-width=\"0.6\"");
              if (item.pattern > 0) scratch.rect(x, mid - 7.0, 14.0, 14.0, "url(#" + id("p" + std::to_string(item.pattern)) + ")");
            }
            x += 20.0;
            break;
          case LegendItem::Kind::outline:
            scratch.rect(x + 0.75, mid - 6.25, 12.5, 12.5, "none",
                         "stroke=\"" + (item.colour.empty() ? std::string("#000000") : item.colour) + "\" stroke-width=\"1.5\"");
            x += 20.0;
            break;
        }
        scratch.text(x, mid + 4.0, legend_text(item), kLegendSize, "start", "fill=\"" + std::string(kTextColour) + "\"");
        x += text_width(legend_text(item), kLegendSize) + 18.0;
      }
      y += kLegendRow;
    }
    return scratch.body;
  }
  std::string note_block() const {
    std::string out;
    double y = height_ - 8.0 - double(note_lines_.size() - 1) * kLineStep;
    for (const std::string& line_text : note_lines_) {
      out += "<text x=\"" + num(kMargin) + "\" y=\"" + num(y) + "\" font-size=\"" + num(kNoteSize) + "\" fill=\"" +
             std::string(kNoteColour) + "\">" + xml_escape(line_text) + "</text>\n";
      y += kLineStep;
    }
    return out;
  }

  ChartFrame frame_;
  double height_ = 0.0;
  std::vector<std::string> title_lines_, subtitle_lines_, note_lines_;
  std::vector<Box> placed_;
  std::vector<LegendItem> legend_;
  std::vector<std::vector<std::size_t>> legend_rows_;
  double legend_top_ = 0.0;
  double x_title_baseline_ = 0.0;
};

double widest_tick_label(const NiceScale& scale, const Axis& axis, Language language) {
  double widest = 0.0;
  for (double tick : scale.ticks) widest = std::max(widest, text_width(tick_text(tick, axis, scale.decimals, language), kTickSize));
  return widest;
}

std::pair<double, double> range_of(const std::vector<double>& values) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (double value : values) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
  return {low, high};
}

void check_years(const std::vector<int>& years) {
  CARECAST_CHECK(years.size() >= 2, "a chart over years needs at least two years");
  for (std::size_t i = 1; i < years.size(); ++i) CARECAST_CHECK(years[i] > years[i - 1], "years must increase");
}

}  // namespace

double text_width(std::string_view text, double size) {
  // Advance widths of DejaVu Sans in em (the first font of the charts; the fallbacks are
  // narrower), for ASCII from ' ' to '~'; other characters as listed below or 0.65 em.
  static constexpr std::array<double, 95> kAscii{
      0.318, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390, 0.500, 0.838, 0.318, 0.361, 0.318, 0.337,
      0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
      1.000, 0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
      0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.390, 0.337, 0.390, 0.838, 0.500,
      0.500, 0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
      0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838};
  double em = 0.0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::uint32_t code = byte;
    std::size_t length = 1;
    if (byte >= 0xF0) length = 4, code = byte & 0x07;
    else if (byte >= 0xE0) length = 3, code = byte & 0x0F;
    else if (byte >= 0xC0) length = 2, code = byte & 0x1F;
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += length;
    if (code >= 0x20 && code < 0x7F) {
      em += kAscii[code - 0x20];
    } else if (code == 0x202F || code == 0x2009) {
      em += 0.2;  // narrow (no-break) space
    } else if (code == 0x00E6 || code == 0x00C6) {
      em += 0.981;  // æ Æ
    } else if (code == 0x2212) {
      em += 0.838;  // minus sign
    } else if (code == 0x2013 || code == 0x2026) {
      em += code == 0x2013 ? 0.5 : 1.0;  // en dash, ellipsis
    } else {
      em += 0.65;
    }
  }
  return em * size;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab and newlines are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

NiceScale nice_scale(double low, double high, int target) {
  CARECAST_CHECK(std::isfinite(low) && std::isfinite(high) && low <= high, "scale range must be finite and ordered");
  CARECAST_CHECK(target >= 1, "at least one tick interval");
  if (high - low <= std::abs(high) * 1e-12) {  // a single value: widen around it
    const double pad = high == 0.0 ? 1.0 : std::abs(high) * 0.1;
    low -= pad;
    high += pad;
  }
  const double rough = (high - low) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude * 10.0;
  double multiple = 10.0;
  for (double candidate : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (candidate * magnitude >= rough * (1.0 - 1e-9)) {
      step = candidate * magnitude;
      multiple = candidate;
      break;
    }
  }
  NiceScale scale;
  scale.step = step;
  scale.min = std::floor(low / step + 1e-9) * step;
  scale.max = std::ceil(high / step - 1e-9) * step;
  const int exponent = int(std::floor(std::log10(step) + 1e-9));
  scale.decimals = std::max(0, -exponent + (multiple == 2.5 ? 1 : 0));
  for (int i = 0;; ++i) {
    double tick = scale.min + i * step;
    if (tick > scale.max + step * 1e-6) break;
    if (std::abs(tick) < step * 1e-9) tick = 0.0;
    scale.ticks.push_back(tick);
  }
  return scale;
}

std::string render(const LineChart& chart) {
  check_years(chart.years);
  CARECAST_CHECK(!chart.series.empty(), "a line chart needs a series");
  std::vector<double> all;
  for (const Series& series : chart.series) {
    CARECAST_CHECK(series.values.size() == chart.years.size(), "one value per year");
    check_finite(series.values, "non-finite value in a line chart");
    all.insert(all.end(), series.values.begin(), series.values.end());
  }
  const auto [low, high] = range_of(all);
  const NiceScale scale = axis_scale(low, high, chart.y_axis);
  Canvas canvas(chart.frame);
  std::vector<LegendItem> legend;
  for (std::size_t s = 0; s < chart.series.size(); ++s) legend.push_back({LegendItem::Kind::line, s, chart.series[s].label, "", -1});
  canvas.set_legend(legend);
  canvas.layout(widest_tick_label(scale, chart.y_axis, chart.frame.language), !chart.y_axis.title.empty(), 1,
                !chart.x_axis.title.empty());
  canvas.y_value_axis(scale, chart.y_axis);
  const int first = chart.years.front(), last = chart.years.back();
  canvas.year_axis(first, last, chart.x_axis);
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const std::string_view colour = kLineColours[s % kLineColours.size()];
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < chart.years.size(); ++i) {
      points.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(chart.series[s].values[i], scale));
    }
    canvas.polyline(points, colour, 2.4, kDashes[s % kDashes.size()]);
    for (std::size_t i = 0; i < chart.years.size(); ++i) {
      const bool marked = chart.marker_years.empty() ||
                          std::find(chart.marker_years.begin(), chart.marker_years.end(), chart.years[i]) !=
                              chart.marker_years.end();
      if (marked) canvas.marker(kMarkers[s % kMarkers.size()], points[i].first, points[i].second, colour);
    }
  }
  return canvas.finish();
}

std::string render(const StackedAreaChart& chart) {
  check_years(chart.years);
  CARECAST_CHECK(!chart.layers.empty(), "a stacked chart needs a layer");
  std::vector<double> totals(chart.years.size(), 0.0);
  for (const Series& layer : chart.layers) {
    CARECAST_CHECK(layer.values.size() == chart.years.size(), "one value per year");
    check_finite(layer.values, "non-finite value in a stacked chart");
    for (std::size_t i = 0; i < totals.size(); ++i) {
      CARECAST_CHECK(layer.values[i] >= 0.0, "stacked layers must not be negative");
      totals[i] += layer.values[i];
    }
  }
  const NiceScale scale = axis_scale(0.0, std::max(chart.y_max, range_of(totals).second), chart.y_axis);
  Canvas canvas(chart.frame);
  std::vector<LegendItem> legend;
  // Legend in stacking order from the top, so it reads like the chart.
  for (std::size_t s = chart.layers.size(); s-- > 0;) legend.push_back({LegendItem::Kind::fill, s, chart.layers[s].label, "", -1});
  canvas.set_legend(legend);
  canvas.layout(widest_tick_label(scale, chart.y_axis, chart.frame.language), !chart.y_axis.title.empty(), 1,
                !chart.x_axis.title.empty());
  canvas.y_value_axis(scale, chart.y_axis);
  const int first = chart.years.front(), last = chart.years.back();
  std::vector<double> below(chart.years.size(), 0.0);
  for (std::size_t s = 0; s < chart.layers.size(); ++s) {
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < chart.years.size(); ++i) {
      points.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(below[i] + chart.layers[s].values[i], scale));
    }
    for (std::size_t i = chart.years.size(); i-- > 0;) {
      points.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(below[i], scale));
    }
    canvas.polygon(points, kFills[s % kFills.size()], "stroke=\"#ffffff\" stroke-width=\"0.8\"");
    const int pattern = kFillPatterns[s % kFillPatterns.size()];
    if (pattern > 0) canvas.polygon(points, "url(#" + canvas.id("p" + std::to_string(pattern)) + ")");
    for (std::size_t i = 0; i < below.size(); ++i) below[i] += chart.layers[s].values[i];
  }
  canvas.year_axis(first, last, chart.x_axis);
  canvas.line(canvas.left, canvas.top, canvas.left, canvas.bottom, kAxisColour, 1.0);
  return canvas.finish();
}

std::string render(const PyramidChart& chart) {
  const std::size_t n = chart.groups.size();
  CARECAST_CHECK(n > 0, "a pyramid needs age groups");
  for (const auto* values : {&chart.left_first, &chart.right_first, &chart.left_second, &chart.right_second}) {
    CARECAST_CHECK(values->size() == n, "one value per age group");
    check_finite(*values, "non-finite value in a pyramid");
    for (double value : *values) CARECAST_CHECK(value >= 0.0, "pyramid values must not be negative");
  }
  double high = 0.0;
  for (const auto* values : {&chart.left_first, &chart.right_first, &chart.left_second, &chart.right_second}) {
    high = std::max(high, range_of(*values).second);
  }
  const NiceScale scale = nice_scale(0.0, high, 3);
  Canvas canvas(chart.frame);
  canvas.set_legend({{LegendItem::Kind::fill, 0, chart.first_label, "#bdbdbd", -1},
                     {LegendItem::Kind::outline, 0, chart.second_label, "#000000", -1}});
  double label_width = 0.0;
  for (const std::string& group : chart.groups) label_width = std::max(label_width, text_width(group, kTickSize));
  const double tick_room = widest_tick_label(scale, chart.x_axis, chart.frame.language) / 2.0;
  canvas.layout(tick_room, false, 1, !chart.x_axis.title.empty(), tick_room);
  // Every age group gets a row at least one label high.
  CARECAST_CHECK(n > 0, "age groups");
  // Two halves with the age labels in a gutter between them.
  const double gutter = label_width + 16.0;
  const double middle = (canvas.left + canvas.right) / 2.0;
  const double half = (canvas.right - canvas.left - gutter) / 2.0;
  const double left_zero = middle - gutter / 2.0, right_zero = middle + gutter / 2.0;
  const double row = (canvas.bottom - canvas.top - 18.0) / double(n);
  const double top = canvas.top + 18.0;
  auto width_of = [&](double value) { return value / scale.max * half; };
  const std::string label_fill = "fill=\"" + std::string(kTextColour) + "\"";
  canvas.text_if_free(left_zero - half / 2.0, canvas.top + 8.0, chart.left_title, kAxisTitleSize, "middle", label_fill + " font-weight=\"bold\"");
  canvas.text_if_free(right_zero + half / 2.0, canvas.top + 8.0, chart.right_title, kAxisTitleSize, "middle", label_fill + " font-weight=\"bold\"");
  // Grid and ticks on both halves.
  for (double tick : scale.ticks) {
    for (int side : {-1, 1}) {
      const double x = side < 0 ? left_zero - width_of(tick) : right_zero + width_of(tick);
      canvas.line(x, top, x, canvas.bottom, kGridColour, tick == 0.0 ? 0.0 : 1.0);
      canvas.line(x, canvas.bottom, x, canvas.bottom + 4.0, kAxisColour, 1.0);
      canvas.text_if_free(x, canvas.bottom + 17.0, format_human(tick, scale.decimals, chart.frame.language), kTickSize, "middle", label_fill);
    }
  }
  for (std::size_t g = 0; g < n; ++g) {
    const double y = canvas.bottom - double(g + 1) * row;
    const double bar = row * 0.86;
    const double offset = (row - bar) / 2.0;
    canvas.rect(left_zero - width_of(chart.left_first[g]), y + offset, width_of(chart.left_first[g]), bar, "#bdbdbd");
    canvas.rect(right_zero, y + offset, width_of(chart.right_first[g]), bar, "#bdbdbd");
    const std::string outline = "stroke=\"#000000\" stroke-width=\"1.4\"";
    canvas.rect(left_zero - width_of(chart.left_second[g]), y + offset, width_of(chart.left_second[g]), bar, "none", outline);
    canvas.rect(right_zero, y + offset, width_of(chart.right_second[g]), bar, "none", outline);
    // Label every group when there is room, else those that fit.
    canvas.text_if_free(middle, y + row / 2.0 + 4.0, chart.groups[g], kTickSize, "middle", label_fill);
  }
  canvas.line(left_zero, top, left_zero, canvas.bottom, kAxisColour, 1.0);
  canvas.line(right_zero, top, right_zero, canvas.bottom, kAxisColour, 1.0);
  canvas.line(left_zero - half, canvas.bottom, left_zero, canvas.bottom, kAxisColour, 1.2);
  canvas.line(right_zero, canvas.bottom, right_zero + half, canvas.bottom, kAxisColour, 1.2);
  canvas.x_title(chart.x_axis.title);
  return canvas.finish();
}

std::string render(const WaterfallChart& chart) {
  CARECAST_CHECK(chart.step_labels.size() == chart.steps.size(), "one label per step");
  check_finite(chart.steps, "non-finite step in a waterfall");
  CARECAST_CHECK(std::isfinite(chart.start) && std::isfinite(chart.end), "non-finite total in a waterfall");
  double sum = chart.start;
  double low = std::min(0.0, chart.start), high = std::max(0.0, chart.start);
  for (double step : chart.steps) {
    sum += step;
    low = std::min(low, sum);
    high = std::max(high, sum);
  }
  CARECAST_CHECK(std::abs(sum - chart.end) <= 1e-6 * std::max(1.0, std::abs(chart.end)),
                 "waterfall steps must add up to the end total");
  const NiceScale scale = axis_scale(low, std::max(chart.y_max, high * 1.06), chart.y_axis);
  const std::size_t bars = chart.steps.size() + 2;
  Canvas canvas(chart.frame);
  // Legend: totals, increases, decreases (decreases hatched, for greyscale).
  const bool nb = chart.frame.language == Language::nb;
  // Greys far apart: dark totals, light increases, hatched pale decreases.
  canvas.set_legend({{LegendItem::Kind::fill, 0, nb ? "Nivå" : "Level", std::string(kLevelFill), -1},
                     {LegendItem::Kind::fill, 0, nb ? "Økning" : "Increase", std::string(kIncreaseFill), -1},
                     {LegendItem::Kind::fill, 0, nb ? "Nedgang" : "Decrease", std::string(kDecreaseFill), 1}});
  // Category labels wrap under their bar; when a word is wider than the bar's band, the labels
  // alternate between two tiers so each has two bands of room (and are shortened only if a
  // word is wider still).
  std::vector<std::string> all_labels{chart.start_label};
  all_labels.insert(all_labels.end(), chart.step_labels.begin(), chart.step_labels.end());
  all_labels.push_back(chart.end_label);
  const double provisional_left = kMargin + 22.0 + widest_tick_label(scale, chart.y_axis, chart.frame.language) + 8.0;
  const double provisional_band = (chart.frame.width - kMargin - 4.0 - provisional_left) / double(bars);
  auto widest_word = [](const std::string& label) {
    double widest = 0.0;
    std::size_t start = 0;
    while (start <= label.size()) {
      std::size_t space = label.find(' ', start);
      if (space == std::string::npos) space = label.size();
      widest = std::max(widest, text_width(label.substr(start, space - start), kTickSize));
      start = space + 1;
    }
    return widest;
  };
  bool tiers = false;
  for (const std::string& label : all_labels) tiers = tiers || widest_word(label) > provisional_band - 6.0;
  const double room = (tiers ? 2.0 : 1.0) * provisional_band - 8.0;
  std::vector<std::vector<std::string>> labels;
  std::size_t label_rows = 1;
  for (const std::string& label : all_labels) {
    labels.push_back(wrap(label, kTickSize, room));
    for (std::string& line_text : labels.back()) line_text = fit_text(line_text, kTickSize, room);
    label_rows = std::max(label_rows, labels.back().size());
  }
  const std::size_t tier_rows = label_rows;
  if (tiers) label_rows *= 2;
  canvas.layout(widest_tick_label(scale, chart.y_axis, chart.frame.language), !chart.y_axis.title.empty(),
                int(label_rows), false);
  canvas.y_value_axis(scale, chart.y_axis);
  const double band = (canvas.right - canvas.left) / double(bars);
  const double bar = band * 0.62;
  const std::string label_fill = "fill=\"" + std::string(kTextColour) + "\"";
  double level = chart.start;
  double previous_top = canvas.y_of(chart.start, scale);
  for (std::size_t b = 0; b < bars; ++b) {
    const double x = canvas.left + band * double(b) + (band - bar) / 2.0;
    double from = 0.0, to = 0.0, shown = 0.0;
    std::string text;
    if (b == 0 || b == bars - 1) {
      to = b == 0 ? chart.start : chart.end;
      shown = to;
      canvas.rect(x, canvas.y_of(0.0, scale), bar, canvas.y_of(to, scale) - canvas.y_of(0.0, scale), kLevelFill);
      text = format_human(shown, chart.value_decimals, chart.frame.language);
    } else {
      const double step = chart.steps[b - 1];
      from = level;
      to = level + step;
      level = to;
      const double y1 = canvas.y_of(from, scale), y2 = canvas.y_of(to, scale);
      if (step >= 0) {
        canvas.rect(x, y2, bar, y1 - y2, kIncreaseFill, "stroke=\"#000000\" stroke-width=\"0.6\"");
      } else {
        canvas.rect(x, y1, bar, y2 - y1, kDecreaseFill, "stroke=\"#000000\" stroke-width=\"0.6\"");
        canvas.rect(x, y1, bar, y2 - y1, "url(#" + canvas.id("p1") + ")");
      }
      text = format_signed(step, chart.value_decimals, chart.frame.language);
      shown = step;
    }
    // Connector from the previous bar's level.
    if (b > 0) {
      const double y_level = canvas.y_of(b == bars - 1 ? chart.end : from, scale);
      canvas.line(x - (band - bar), y_level, x, y_level, "#000000", 0.8, "stroke-dasharray=\"2 2\"");
    }
    previous_top = canvas.y_of(to, scale);
    const bool down = b > 0 && b < bars - 1 && shown < 0;
    const double label_y = down ? std::max(canvas.y_of(from, scale), canvas.y_of(to, scale)) + 13.0
                                : std::min(canvas.y_of(from, scale), canvas.y_of(to, scale)) - 5.0;
    canvas.text_if_free(x + bar / 2.0, label_y, text, kValueSize, "middle", label_fill);
    const double tier = tiers && b % 2 == 1 ? double(tier_rows) * kLineStep : 0.0;
    for (std::size_t line_index = 0; line_index < labels[b].size(); ++line_index) {
      canvas.text_if_free(x + bar / 2.0, canvas.bottom + 17.0 + tier + kLineStep * double(line_index), labels[b][line_index],
                          kTickSize, "middle", label_fill);
    }
  }
  (void)previous_top;
  return canvas.finish();
}

// For charts with category labels on the left and values along the bottom (horizontal bars,
// tornado): lays out the canvas with room for the labels (at most a third of the width) and
// draws the value axis: grid lines, ticks, tick labels and the axis line. Returns the width
// given to the category labels.
double draw_horizontal_value_axis(Canvas& canvas, const NiceScale& scale, const Axis& axis, const ChartFrame& frame,
                                  const std::vector<std::string>& labels) {
  double label_width = 0.0;
  for (const std::string& label : labels) label_width = std::max(label_width, text_width(label, kTickSize));
  label_width = std::min(label_width, frame.width * 0.34);
  canvas.layout(label_width, false, 1, !axis.title.empty(), widest_tick_label(scale, axis, frame.language) / 2.0);
  const std::string label_fill = "fill=\"" + std::string(kTextColour) + "\"";
  for (double tick : scale.ticks) {
    const double x = canvas.x_of(tick, scale);
    canvas.line(x, canvas.top, x, canvas.bottom, kGridColour, 1.0);
    canvas.line(x, canvas.bottom, x, canvas.bottom + 4.0, kAxisColour, 1.0);
    canvas.text_if_free(x, canvas.bottom + 17.0, tick_text(tick, axis, scale.decimals, frame.language), kTickSize, "middle",
                        label_fill);
  }
  canvas.line(canvas.left, canvas.bottom, canvas.right, canvas.bottom, kAxisColour, 1.2);
  return label_width;
}

std::string render(const BarChart& chart) {
  const std::size_t n = chart.categories.size();
  CARECAST_CHECK(n > 0 && !chart.series.empty(), "a bar chart needs categories and a series");
  std::vector<double> all{0.0};
  for (const Series& series : chart.series) {
    CARECAST_CHECK(series.values.size() == n, "one value per category");
    check_finite(series.values, "non-finite value in a bar chart");
    all.insert(all.end(), series.values.begin(), series.values.end());
  }
  CARECAST_CHECK(chart.intervals.empty() || chart.intervals.size() == chart.series.size(), "intervals per series");
  for (const auto& intervals : chart.intervals) {
    CARECAST_CHECK(intervals.empty() || intervals.size() == n, "one interval per category");
    for (const auto& [lo, hi] : intervals) {
      all.push_back(lo);
      all.push_back(hi);
    }
  }
  auto [low, high] = range_of(all);
  // Room for the value labels at the bar ends.
  const double pad = (high - low) * 0.12;
  if (chart.value_decimals >= 0) {
    if (high > 0) high += pad;
    if (low < 0) low -= pad;
  }
  const NiceScale scale = axis_scale(low, high, chart.x_axis, 5);
  Canvas canvas(chart.frame);
  std::vector<LegendItem> legend;
  for (std::size_t s = 0; s < chart.series.size(); ++s) legend.push_back({LegendItem::Kind::fill, s, chart.series[s].label, "", -1});
  canvas.set_legend(chart.series.size() > 1 ? legend : std::vector<LegendItem>{});
  const double label_width = draw_horizontal_value_axis(canvas, scale, chart.x_axis, chart.frame, chart.categories);
  const std::string label_fill = "fill=\"" + std::string(kTextColour) + "\"";
  const double band = (canvas.bottom - canvas.top) / double(n);
  const double group = band * 0.74;
  const double bar = group / double(chart.series.size());
  const double zero = canvas.x_of(std::clamp(0.0, scale.min, scale.max), scale);
  for (std::size_t c = 0; c < n; ++c) {
    const double y0 = canvas.top + band * double(c) + (band - group) / 2.0;
    canvas.text_if_free(canvas.left - 8.0, canvas.top + band * (double(c) + 0.5) + 4.0,
                fit_text(chart.categories[c], kTickSize, label_width), kTickSize, "end", label_fill);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double value = chart.series[s].values[c];
      const double y = y0 + bar * double(s);
      const double x = canvas.x_of(value, scale);
      canvas.styled_rect(zero, y + bar * 0.08, x - zero, bar * 0.84, s, "stroke=\"#000000\" stroke-width=\"0.5\"");
      if (!chart.intervals.empty() && !chart.intervals[s].empty()) {
        const auto [lo, hi] = chart.intervals[s][c];
        const double mid = y + bar / 2.0;
        canvas.line(canvas.x_of(lo, scale), mid, canvas.x_of(hi, scale), mid, "#000000", 1.2);
        canvas.line(canvas.x_of(lo, scale), mid - 3.0, canvas.x_of(lo, scale), mid + 3.0, "#000000", 1.2);
        canvas.line(canvas.x_of(hi, scale), mid - 3.0, canvas.x_of(hi, scale), mid + 3.0, "#000000", 1.2);
      }
      if (chart.value_decimals >= 0 && bar >= kValueSize) {
        const bool negative = value < 0.0;
        double end = x;
        if (!chart.intervals.empty() && !chart.intervals[s].empty()) {
          end = negative ? std::min(x, canvas.x_of(chart.intervals[s][c].first, scale))
                         : std::max(x, canvas.x_of(chart.intervals[s][c].second, scale));
        }
        canvas.text_if_free(end + (negative ? -4.0 : 4.0), y + bar / 2.0 + 4.0,
                    chart.x_axis.format == Axis::Format::percent
                        ? format_percent(value, chart.value_decimals, chart.frame.language)
                        : format_human(value, chart.value_decimals, chart.frame.language),
                    kValueSize, negative ? "end" : "start", label_fill);
      }
    }
  }
  canvas.line(zero, canvas.top, zero, canvas.bottom, kAxisColour, 1.2);
  canvas.x_title(chart.x_axis.title);
  return canvas.finish();
}

std::string render(const TornadoChart& chart) {
  CARECAST_CHECK(!chart.rows.empty(), "a tornado chart needs rows");
  std::vector<double> all{chart.centre};
  for (const TornadoRow& row : chart.rows) {
    CARECAST_CHECK(std::isfinite(row.low_result) && std::isfinite(row.high_result), "non-finite tornado value");
    all.push_back(row.low_result);
    all.push_back(row.high_result);
  }
  auto [low, high] = range_of(all);
  const double pad = (high - low) * 0.14;
  Axis axis = chart.x_axis;
  axis.include_zero = false;
  const NiceScale scale = axis_scale(low - pad, high + pad, axis, 5);
  Canvas canvas(chart.frame);
  canvas.set_legend({{LegendItem::Kind::fill, 0, chart.low_label, "#9dc3e6", 1},
                     {LegendItem::Kind::fill, 0, chart.high_label, "#1f4e79", -1},
                     {LegendItem::Kind::line, 0, chart.centre_label, "#000000", -2}});
  std::vector<std::string> labels;
  for (const TornadoRow& row : chart.rows) labels.push_back(row.label);
  const double label_width = draw_horizontal_value_axis(canvas, scale, axis, chart.frame, labels);
  const std::string label_fill = "fill=\"" + std::string(kTextColour) + "\"";
  const double band = (canvas.bottom - canvas.top) / double(chart.rows.size());
  const double bar = band * 0.62;
  const double centre = canvas.x_of(chart.centre, scale);
  for (std::size_t r = 0; r < chart.rows.size(); ++r) {
    const TornadoRow& row = chart.rows[r];
    const double y = canvas.top + band * double(r) + (band - bar) / 2.0;
    canvas.text_if_free(canvas.left - 8.0, y + bar / 2.0 + 4.0, fit_text(row.label, kTickSize, label_width), kTickSize, "end",
                label_fill);
    const double x_low = canvas.x_of(row.low_result, scale), x_high = canvas.x_of(row.high_result, scale);
    canvas.rect(centre, y, x_low - centre, bar, "#9dc3e6", "stroke=\"#000000\" stroke-width=\"0.5\"");
    canvas.rect(centre, y, x_low - centre, bar, "url(#" + canvas.id("p1") + ")");
    canvas.rect(centre, y, x_high - centre, bar, "#1f4e79", "stroke=\"#000000\" stroke-width=\"0.5\"");
    if (!row.low_text.empty()) {
      canvas.text_if_free(x_low + (x_low < centre ? -4.0 : 4.0), y + bar / 2.0 + 4.0, row.low_text, kValueSize,
                  x_low < centre ? "end" : "start", label_fill);
    }
    if (!row.high_text.empty()) {
      canvas.text_if_free(x_high + (x_high < centre ? -4.0 : 4.0), y + bar / 2.0 + 4.0, row.high_text, kValueSize,
                  x_high < centre ? "end" : "start", label_fill);
    }
  }
  canvas.line(centre, canvas.top - 4.0, centre, canvas.bottom, "#000000", 1.6);
  canvas.x_title(chart.x_axis.title);
  return canvas.finish();
}

std::string render(const FanChart& chart) {
  check_years(chart.years);
  const std::size_t n = chart.years.size();
  CARECAST_CHECK(chart.centre.values.size() == n, "one centre value per year");
  std::vector<double> all = chart.centre.values;
  for (const FanBand& band : chart.bands) {
    CARECAST_CHECK(band.lower.size() == n && band.upper.size() == n, "one band value per year");
    check_finite(band.lower, "non-finite band");
    check_finite(band.upper, "non-finite band");
    all.insert(all.end(), band.lower.begin(), band.lower.end());
    all.insert(all.end(), band.upper.begin(), band.upper.end());
  }
  for (const Series& reference : chart.references) {
    CARECAST_CHECK(reference.values.size() == n, "one reference value per year");
    all.insert(all.end(), reference.values.begin(), reference.values.end());
  }
  check_finite(all, "non-finite value in a fan chart");
  const auto [low, high] = range_of(all);
  const NiceScale scale = axis_scale(low, high, chart.y_axis);
  // Band shades from light (outer) to darker (inner), all blue-grey so they print as greys.
  constexpr std::array<std::string_view, 4> shades{"#d6e4f2", "#a9c6e4", "#7ea8d4", "#5a8bc0"};
  Canvas canvas(chart.frame);
  std::vector<LegendItem> legend;
  for (std::size_t b = 0; b < chart.bands.size(); ++b) {
    legend.push_back({LegendItem::Kind::fill, 0, chart.bands[b].label, std::string(shades[std::min(b, shades.size() - 1)]), -1});
  }
  legend.push_back({LegendItem::Kind::line, 0, chart.centre.label, "#000000", -2});
  for (std::size_t r = 0; r < chart.references.size(); ++r) legend.push_back({LegendItem::Kind::line, r + 1, chart.references[r].label, "", -3});
  canvas.set_legend(legend);
  canvas.layout(widest_tick_label(scale, chart.y_axis, chart.frame.language), !chart.y_axis.title.empty(), 1,
                !chart.x_axis.title.empty());
  canvas.y_value_axis(scale, chart.y_axis);
  const int first = chart.years.front(), last = chart.years.back();
  for (std::size_t b = 0; b < chart.bands.size(); ++b) {
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < n; ++i) points.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(chart.bands[b].upper[i], scale));
    for (std::size_t i = n; i-- > 0;) points.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(chart.bands[b].lower[i], scale));
    canvas.polygon(points, shades[std::min(b, shades.size() - 1)]);
  }
  for (std::size_t r = 0; r < chart.references.size(); ++r) {
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < n; ++i) points.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(chart.references[r].values[i], scale));
    canvas.polyline(points, kLineColours[(r + 1) % kLineColours.size()], 1.6, kDashes[(r + 1) % kDashes.size()]);
  }
  std::vector<std::pair<double, double>> centre;
  for (std::size_t i = 0; i < n; ++i) centre.emplace_back(canvas.x_of_year(chart.years[i], first, last), canvas.y_of(chart.centre.values[i], scale));
  canvas.polyline(centre, "#000000", 2.4, "");
  canvas.year_axis(first, last, chart.x_axis);
  return canvas.finish();
}

}  // namespace carecast::output::report
