// The run files with regions on (scenario key `regions: county | health_region`,
// docs/regions.md). Each gains a `region` column after `scenario`; the national rows come
// first with region `national`, then every region in data order (county codes, or the
// health-region names). For every year and key, the regions' values sum to the national value
// (in region order; the engine makes them so).
//   projection.csv   scenario,region,year,service,arsverk
//   professions.csv  scenario,region,year,profession,arsverk
//   indicators.csv   scenario,region,year,indicator,value   national rows: every indicator;
//                    regional rows: population, population_67plus, population_80plus,
//                    health_care_arsverk (the other indicators are national only)
//   population.csv   scenario,region,year,sex,age,persons
// Without regions the files are exactly those of run_output.hpp.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/engine/model.hpp"

namespace carecast::output {

using engine::kNationalRegion;  // the country's row beside its regions (engine/layout.hpp)

// The header of a run file with regions on (the region column inserted after `scenario`).
std::string regional_header(std::string_view header);

// True when the results carry regional results (all of them do, or none).
bool has_regions(const std::vector<engine::ScenarioResult>& results);

void write_regional_projection_csv(std::ostream& out, const engine::BaseData& base,
                                   const std::vector<engine::ScenarioResult>& results);
void write_regional_professions_csv(std::ostream& out, const engine::BaseData& base,
                                    const std::vector<engine::ScenarioResult>& results);
void write_regional_indicators_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);
void write_regional_population_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);

// Names of the regions for people, in the order of `regional`: county names up to the first
// '-' (the data join the bokmål name and the Sámi or Kven one), health regions as they are.
std::vector<std::string> region_names(const engine::BaseData& base, const engine::RegionalResult& regional);

}  // namespace carecast::output
