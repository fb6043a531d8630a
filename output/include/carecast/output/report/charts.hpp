// The report's charts, built from the results (svg_chart.hpp draws them).
//
// Keys (file names in charts/, and anchors in the HTML report), in this order:
//   total_arsverk            total årsverk, one line per scenario, base year to end year
//   share_of_all_arsverk     share of all årsverk in the economy, one line per scenario
//   services_<scenario>      service areas stacked, one chart per scenario
//   population_pyramid       population by sex and five-year age group, base year vs end year
//   attribution_<scenario>   waterfall of the growth attribution to the end year, per scenario
//   lever_effects            only when a scenario has levers: saved, added and net årsverk
//   gap                      only with a supply side: nurse and health-care-worker gap per scenario
//   sweep_fan_<scenario>, sweep_tornado_<scenario>, sweep_sobol_<scenario>   with sweep results
//   regions_index            only with regional results: small multiples (regions_report.hpp)
// <scenario> is the scenario name with every character other than letters, digits, '-' and
// '_' replaced by '_' (and its position appended when two names would give the same key).
#pragma once

#include <string>
#include <vector>

#include "carecast/output/report/format.hpp"
#include "carecast/output/report/report_input.hpp"

namespace carecast::output::report {

enum class ChartSection { arsverk, population, attribution, levers, gap, uncertainty, regions };

// The numbers a chart draws, for the workbook's figure data sheets (one row per x value, one
// column per series) and its native Excel charts.
struct ChartData {
  enum class Native { none, line, stacked_area };  // the Excel chart drawn from the sheet
  Native native = Native::none;
  std::string x_header;             // "Year", "Factor", "Age group", ...
  std::vector<std::string> x;       // x values as text (years too, for the sheet's first column)
  bool x_years = false;             // x holds years: written as numbers
  std::vector<std::string> names;   // series names (labels in the report's language)
  std::vector<std::vector<double>> values;  // [series][x]
  bool percent = false;             // values are fractions shown as percentages
  int decimals = 0;                 // shown precision
  std::string unit;                 // unit line of the sheet
};

struct Chart {
  std::string key;
  ChartSection section = ChartSection::arsverk;
  std::string title;  // also the figure caption
  std::string svg;    // a complete SVG document
  ChartData data{};   // what it draws
};

struct ChartOptions {
  bool titles = true;  // draw the title inside each SVG (off: the document's caption carries it)
};

std::vector<Chart> build_charts(const ReportInput& input, Language language, const ChartOptions& options = {});

// `name` with every character other than ASCII letters, digits, '-' and '_' replaced by '_'.
std::string file_key(const std::string& name);

}  // namespace carecast::output::report
