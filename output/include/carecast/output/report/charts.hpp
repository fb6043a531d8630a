// The report's charts, built from the results (svg_chart.hpp draws them).
//
// Keys (file names in charts/, and anchors in the HTML report), in this order:
//   total_arsverk            total årsverk, one line per scenario, base year to end year
//   share_of_all_arsverk     share of all årsverk in the economy, one line per scenario
//   services_<scenario>      service areas stacked, one chart per scenario
//   population_pyramid       population by sex and five-year age group, base year vs end year
//   attribution_<scenario>   waterfall of the growth attribution to the end year, per scenario
//   lever_effects            only when a scenario has levers: saved, added and net årsverk
//   sweep_fan_<scenario>, sweep_tornado_<scenario>, sweep_sobol_<scenario>   with sweep results
// <scenario> is the scenario name with every character other than letters, digits, '-' and
// '_' replaced by '_' (and its position appended when two names would give the same key).
#pragma once

#include <string>
#include <vector>

#include "carecast/output/report/format.hpp"
#include "carecast/output/report/report_input.hpp"

namespace carecast::output::report {

enum class ChartSection { arsverk, population, attribution, levers, uncertainty };

struct Chart {
  std::string key;
  ChartSection section = ChartSection::arsverk;
  std::string title;  // also the figure caption
  std::string svg;    // a complete SVG document
};

std::vector<Chart> build_charts(const ReportInput& input, Language language);

// `name` with every character other than ASCII letters, digits, '-' and '_' replaced by '_'.
std::string file_key(const std::string& name);

}  // namespace carecast::output::report
