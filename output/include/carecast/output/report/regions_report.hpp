// The report's regional part, present when the run has regional results (docs/regions.md):
//   table  arsverk_by_region   total årsverk by region for the table years, a block per
//                              scenario, the nation as the last row of each block, and the
//                              growth from the base year to the end year (%)
//   chart  regions_index       small multiples: one panel per region, all on the same scale,
//                              total årsverk as an index (base year = 100), one line per
//                              scenario, the nation's first scenario as a grey reference line
// Both in bokmål and English; the workbook gets the table as a sheet and the chart's numbers
// as a figure sheet, as for every table and chart.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "carecast/output/report/charts.hpp"
#include "carecast/output/report/tables.hpp"

namespace carecast::output::report {

// Empty without regional results.
std::optional<Table> regional_table(const ReportInput& input, Language language);
std::optional<Chart> regional_chart(const ReportInput& input, Language language, const ChartOptions& options = {});

// Small multiples: panels of lines over the same years on one shared y scale.
struct SmallMultiples {
  std::string id;                   // element id prefix
  std::string title, subtitle, note;  // note: source line under the panels
  std::string y_title;              // unit of the shared scale
  Language language = Language::en;
  bool show_title = true;
  std::vector<int> years;
  std::vector<std::string> panels;           // panel titles
  std::vector<std::string> series;           // series names (legend), same in every panel
  std::vector<std::vector<std::vector<double>>> values;  // [panel][series][year]
  std::vector<double> reference;             // drawn grey in every panel (empty: none)
  std::string reference_label;
};
// A complete SVG document. Mismatched sizes or non-finite values are internal errors.
std::string render(const SmallMultiples& chart);

}  // namespace carecast::output::report
