// The summary table printed after a run, as text (tests compare it exactly; docs show it).
#pragma once

#include <string>
#include <vector>

#include "carecast/engine/model.hpp"

namespace carecast::output {

// The years shown: always the base year (first year of the results) and the end year (the
// last); between them `chosen` (from --years; values outside the run are ignored), or when
// it is empty 2030, 2035, 2040, 2050 and 2060 where they lie inside the run. Increasing,
// without repeats.
std::vector<int> summary_years(const std::vector<int>& run_years, const std::vector<int>& chosen = {});

// One block per quantity — total årsverk, each service area (by label, config order), and
// the share of all årsverk in the economy — with a row per summary year and a column per
// scenario. Årsverk are rounded to whole årsverk with thousands separated by a space; the
// share is in percent with one decimal. Columns are at least 9 characters wide and separated
// by three spaces; when the scenarios do not fit in `width` columns, they are split over
// several tables of the same layout. `services` gives the labels (id when the label is
// empty) and must match the results' service columns. Ends with a newline.
// `years` as for summary_years.
std::string summary_table(const std::vector<engine::ScenarioResult>& results,
                          const std::vector<engine::ServiceArea>& services, int width = 100,
                          const std::vector<int>& years = {});

// The regional table printed after summary_table when regions are on: per scenario, total
// årsverk (services summed in order, whole årsverk, thousands separated by a space) of each
// region and of the nation in the summary years (summary_years with `years`), and the growth
// from the first to the last of them (two decimals). Same column style as summary_table.
// Empty when the results have no regions. Ends with a newline.
std::string regional_summary_table(const engine::BaseData& base,
                                   const std::vector<engine::ScenarioResult>& results,
                                   const std::vector<int>& years = {});

}  // namespace carecast::output
