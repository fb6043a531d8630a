// Results of the supply side (docs/supply.md): the gap and the supply files.
//
// Files, written by write_run() next to the other results when the base data have a supply
// side (numbers locale-free and round-trip):
//   gap.csv     scenario,year,profession,demand,supply,gap,gap_pct
//               every scenario × year (base year .. end year) × profession; demand = the
//               projection's årsverk of the profession (with the technical staff equipment levers
//               add), supply = the supply model's årsverk, gap = demand − supply (positive: a
//               shortage), gap_pct = 100 · gap / demand (empty when demand is 0).
//   supply.csv  scenario,year,profession,stock,persons_in_health_care,graduates,immigrants,deaths,
//               retirements,leavers,arsverk
//               every scenario × year from the supply start year (history before the base year)
//               × profession: the stock on 1 January (persons), those of them working in health
//               and care, the flows during the year (persons; none in the end year: 0) and the
//               supply in årsverk.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "carecast/engine/model.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/run_output.hpp"

namespace carecast::output {

inline constexpr std::array<OutputFile, 2> kSupplyFiles{{
    {"gap.csv", "scenario,year,profession,demand,supply,gap,gap_pct",
     "demand and supply in årsverk by profession, the gap (demand − supply) and the gap in % of demand"},
    {"supply.csv",
     "scenario,year,profession,stock,persons_in_health_care,graduates,immigrants,deaths,retirements,leavers,"
     "arsverk",
     "the supply model by profession: stock, flows and supply in årsverk from the supply start year"},
}};

bool has_supply(const std::vector<engine::ScenarioResult>& results);

// One profession's demand, supply and gap in one year of a result with a supply side.
struct GapValue {
  double demand = 0.0, supply = 0.0, gap = 0.0;
  std::optional<double> gap_pct;  // none when demand is 0
};
// `k` indexes the professions, `y` the result's years (base year = 0).
GapValue gap_value(const engine::ScenarioResult& result, std::size_t k, std::size_t y);
// The index of profession `id` in a result's supply, if it has one.
std::optional<std::size_t> supply_profession(const engine::ScenarioResult& result, std::string_view id);

void write_gap_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);
void write_supply_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);

// Writes the supply files (kSupplyFiles, in that order) into `stage` when any result has a
// supply side.
void write_supply_files(StagingDirectory& stage, const std::vector<engine::ScenarioResult>& results);

}  // namespace carecast::output
