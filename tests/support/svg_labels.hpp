// Reads the <text> elements of a chart SVG back and measures them, so tests can check what a
// reader sees: no two labels overlap, and no type is smaller than 8 pt when the chart is
// printed 16 cm wide. Boxes use the same font metric as the charts (text_width), with the
// baseline at the text's y, 0.76 em above it and 0.24 em below it; text rotated by -90° (axis
// titles) is turned accordingly.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/output/report/svg_chart.hpp"

namespace carecast::testing {

struct SvgText {
  std::string content;
  double x = 0, y = 0, size = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the box
};

inline std::string svg_attribute(std::string_view tag, std::string_view name) {
  std::string key(" ");  // appended: GCC 12 warns falsely (-Wrestrict) on " " + std::string(...)
  key.append(name).append("=\"");
  const std::size_t at = tag.find(key);
  if (at == std::string_view::npos) return {};
  const std::size_t start = at + key.size();
  return std::string(tag.substr(start, tag.find('"', start) - start));
}

inline std::string xml_unescape(std::string text) {
  const std::pair<std::string_view, std::string_view> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, character] : entities) {
    for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
      text.replace(at, entity.size(), character);
    }
  }
  return text;
}

inline std::vector<SvgText> svg_texts(std::string_view svg) {
  std::vector<SvgText> texts;
  for (std::size_t at = svg.find("<text "); at != std::string_view::npos; at = svg.find("<text ", at + 1)) {
    const std::size_t tag_end = svg.find('>', at);
    const std::string_view tag = svg.substr(at, tag_end - at);
    const std::size_t close = svg.find("</text>", tag_end);
    SvgText text;
    text.content = xml_unescape(std::string(svg.substr(tag_end + 1, close - tag_end - 1)));
    text.x = std::atof(svg_attribute(tag, "x").c_str());
    text.y = std::atof(svg_attribute(tag, "y").c_str());
    text.size = std::atof(svg_attribute(tag, "font-size").c_str());
    const std::string anchor = svg_attribute(tag, "text-anchor");
    const double w = output::report::text_width(text.content, text.size);
    const double start = anchor == "middle" ? -w / 2.0 : anchor == "end" ? -w : 0.0;
    if (svg_attribute(tag, "transform").rfind("rotate(-90", 0) == 0) {
      text.x0 = text.x - 0.76 * text.size;
      text.x1 = text.x + 0.24 * text.size;
      text.y0 = text.y - start - w;
      text.y1 = text.y - start;
    } else {
      text.x0 = text.x + start;
      text.x1 = text.x0 + w;
      text.y0 = text.y - 0.76 * text.size;
      text.y1 = text.y + 0.24 * text.size;
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

// "label A" overlaps "label B" for every pair of overlapping boxes (empty: none).
inline std::vector<std::string> overlapping_labels(std::string_view svg) {
  const std::vector<SvgText> texts = svg_texts(svg);
  std::vector<std::string> found;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      const SvgText& a = texts[i];
      const SvgText& b = texts[j];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) found.push_back("'" + a.content + "' overlaps '" + b.content + "'");
    }
  }
  return found;
}

// The smallest type of the chart in points when it is printed `centimetres` wide.
inline double smallest_type_pt(std::string_view svg, double centimetres = 16.0) {
  const std::size_t root = svg.find("<svg ");
  const double width = std::atof(svg_attribute(svg.substr(root, svg.find('>', root) - root), "width").c_str());
  double smallest = 1e9;
  for (const SvgText& text : svg_texts(svg)) smallest = std::min(smallest, text.size);
  return smallest * (centimetres / 2.54 * 72.0) / width;
}

}  // namespace carecast::testing
