// A small SVG chart library for the committee report, written by hand (no dependencies).
//
// Every chart is one standalone SVG document (XML with the SVG namespace, UTF-8) that can also
// be inlined in HTML. Common to all charts:
//   - a title, an optional subtitle, and a note line at the bottom (source or assumption);
//   - labelled axes whose titles carry the unit; "nice" ticks (steps of 1, 2, 2.5 or 5 × 10^k)
//     with numbers in the report language (format.hpp: thousands separators, decimal mark);
//   - a legend; series that differ in lightness, dash pattern, marker shape or hatching, so the
//     chart stays readable printed in greyscale;
//   - element ids prefixed by ChartFrame::id, so several charts can share one HTML page.
// Sizes are in CSS pixels (the viewBox); the SVG scales to its container.
//
// Inputs are checked: mismatched lengths or non-finite values are programming errors and
// throw engine::InternalError.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "carecast/output/report/format.hpp"

namespace carecast::output::report {

// Width in px of `text` (UTF-8) set in DejaVu Sans at `size` px, from the font's advance
// widths: the charts lay out their labels with it and the tests measure label boxes with it.
double text_width(std::string_view text, double size);

// Text content escaped for XML character data and attribute values.
std::string xml_escape(std::string_view text);

// Axis scale with "nice" ticks covering [low, high].
struct NiceScale {
  double min = 0.0;
  double max = 1.0;
  double step = 1.0;
  int decimals = 0;  // decimals that show every tick exactly
  std::vector<double> ticks;
};
// About `target` intervals; a zero-width range is widened around its value.
NiceScale nice_scale(double low, double high, int target = 5);

struct Axis {
  std::string title;  // with the unit, e.g. "Årsverk" or "Share of all årsverk, %"
  enum class Format { number, percent } format = Format::number;  // percent: values are fractions
  bool include_zero = true;
};

struct ChartFrame {
  std::string id;        // prefix of element ids; letters, digits, '-' and '_'
  std::string title;
  std::string subtitle;  // may be empty
  std::string note;      // source or assumption line under the chart; may be empty
  double width = 640.0;  // 16 cm in print: keep the type sizes of svg_chart.cpp readable
  double height = 440.0;  // the least height: a chart grows when its legend or labels need room
  Language language = Language::en;
  bool show_title = true;  // false: no visible title (the <title> element stays, for screen readers)
};

struct Series {
  std::string label;
  std::vector<double> values;  // one per x value
};

// Lines over years: the total årsverk under each productivity path, the share of all årsverk.
struct LineChart {
  ChartFrame frame;
  Axis x_axis;  // years; include_zero is ignored
  Axis y_axis;
  std::vector<int> years;
  std::vector<Series> series;
  std::vector<int> marker_years;  // markers on these years only (every year when empty)
};
std::string render(const LineChart& chart);

// Layers stacked over years (service areas); the top edge is the total.
struct StackedAreaChart {
  ChartFrame frame;
  Axis x_axis;
  Axis y_axis;
  std::vector<int> years;
  std::vector<Series> layers;  // bottom first; values must be ≥ 0
  double y_max = 0.0;          // the axis reaches at least this (same scale on several charts)
};
std::string render(const StackedAreaChart& chart);

// Population pyramid: two years compared, one sex on each side, age groups bottom to top.
struct PyramidChart {
  ChartFrame frame;
  Axis x_axis;                      // persons (both sides show absolute values)
  std::vector<std::string> groups;  // age-group labels, youngest first
  std::string left_title;           // "Men"
  std::string right_title;          // "Women"
  std::string first_label;          // "2023": drawn as filled grey bars
  std::string second_label;         // "2060": drawn as black outlines on top
  std::vector<double> left_first, right_first, left_second, right_second;  // per group, ≥ 0
};
std::string render(const PyramidChart& chart);

// Waterfall: a start total, signed steps, and the end total (= start + Σ steps, checked).
struct WaterfallChart {
  ChartFrame frame;
  Axis y_axis;
  std::string start_label;
  double start = 0.0;
  std::vector<std::string> step_labels;
  std::vector<double> steps;
  std::string end_label;
  double end = 0.0;
  int value_decimals = 0;  // for the value labels on the bars
  double y_max = 0.0;      // the axis reaches at least this (same scale on several charts)
};
std::string render(const WaterfallChart& chart);

// Horizontal bars, grouped per category (lever effects; Sobol indices with intervals).
struct BarChart {
  ChartFrame frame;
  Axis x_axis;
  std::vector<std::string> categories;  // top to bottom
  std::vector<Series> series;           // one bar per category in each series
  // Optional whiskers: for series s, intervals[s] holds (low, high) per category; empty
  // vector = no whiskers for any series.
  std::vector<std::vector<std::pair<double, double>>> intervals;
  int value_decimals = 0;  // value labels at the bar ends; negative = no labels
};
std::string render(const BarChart& chart);

// Tornado: the result with each parameter at its low and its high value, around a centre.
struct TornadoRow {
  std::string label;
  double low_result = 0.0;   // result with the parameter at its low value
  double high_result = 0.0;  // result with the parameter at its high value
  std::string low_text;      // the parameter value, shown at the bar end; may be empty
  std::string high_text;
};
struct TornadoChart {
  ChartFrame frame;
  Axis x_axis;
  double centre = 0.0;
  std::string centre_label;  // "Central value"
  std::string low_label;     // legend: "Parameter at its low value"
  std::string high_label;
  std::vector<TornadoRow> rows;  // top to bottom (largest swing first)
};
std::string render(const TornadoChart& chart);

// Fan chart: nested quantile bands (outermost first) and a central line, plus optional
// reference lines (for example the deterministic paths).
struct FanBand {
  std::string label;  // "5–95 %"
  std::vector<double> lower, upper;
};
struct FanChart {
  ChartFrame frame;
  Axis x_axis;
  Axis y_axis;
  std::vector<int> years;
  std::vector<FanBand> bands;  // outermost first
  Series centre;               // median
  std::vector<Series> references;
};
std::string render(const FanChart& chart);

}  // namespace carecast::output::report
