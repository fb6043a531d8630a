#include "carecast/output/supply_output.hpp"

#include <algorithm>

#include "carecast/engine/check.hpp"
#include "carecast/output/csv.hpp"

namespace carecast::output {

bool has_supply(const std::vector<engine::ScenarioResult>& results) {
  return std::any_of(results.begin(), results.end(), [](const auto& r) { return r.supply.has_value(); });
}

GapValue gap_value(const engine::ScenarioResult& result, std::size_t k, std::size_t y) {
  CARECAST_CHECK(result.supply.has_value(), "scenario '" + result.scenario + "' has no supply side");
  GapValue value;
  value.demand = result.profession_arsverk(Eigen::Index(y), Eigen::Index(k));
  value.supply = result.supply->arsverk(k, result.years.at(y));
  value.gap = value.demand - value.supply;
  if (value.demand != 0.0) value.gap_pct = 100.0 * value.gap / value.demand;
  return value;
}

std::optional<std::size_t> supply_profession(const engine::ScenarioResult& result, std::string_view id) {
  if (!result.supply) return std::nullopt;
  const auto& professions = result.supply->professions;
  auto at = std::find_if(professions.begin(), professions.end(), [&](const auto& p) { return p.id == id; });
  if (at == professions.end()) return std::nullopt;
  return std::size_t(at - professions.begin());
}

void write_gap_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kSupplyFiles[0].header);
  for (const auto& result : results) {
    if (!result.supply) continue;
    CARECAST_CHECK(result.profession_arsverk.cols() == Eigen::Index(result.supply->professions.size()),
                   "supply and demand of scenario '" + result.scenario + "' have different professions");
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      for (std::size_t k = 0; k < result.supply->professions.size(); ++k) {
        const GapValue value = gap_value(result, k, y);
        csv.text(result.scenario);
        csv.integer(result.years[y]);
        csv.text(result.supply->professions[k].id);
        csv.number(value.demand, "gap.csv demand");
        csv.number(value.supply, "gap.csv supply");
        csv.number(value.gap, "gap.csv gap");
        if (value.gap_pct) {
          csv.number(*value.gap_pct, "gap.csv gap_pct");
        } else {
          csv.empty();
        }
        csv.end_row();
      }
    }
  }
  csv.flush();
}

namespace {

// Whether two supply sides give the same supply.csv rows (but for the scenario): the supply
// does not depend on the demand, so scenarios that differ only there share it.
bool same_supply_rows(const engine::SupplyResult& a, const engine::SupplyResult& b) {
  const auto same_profession = [](const engine::ProfessionSupply& x, const engine::ProfessionSupply& y) {
    if (x.id != y.id || x.persons != y.persons || x.persons_in_health_care != y.persons_in_health_care ||
        x.arsverk != y.arsverk || x.flows.size() != y.flows.size()) {
      return false;
    }
    for (std::size_t i = 0; i < x.flows.size(); ++i) {
      const engine::SupplyFlows &f = x.flows[i], &g = y.flows[i];
      if (f.graduates != g.graduates || f.immigrants != g.immigrants || f.deaths != g.deaths ||
          f.retirements != g.retirements || f.leavers != g.leavers) {
        return false;
      }
    }
    return true;
  };
  return a.start_year == b.start_year &&
         std::equal(a.professions.begin(), a.professions.end(), b.professions.begin(), b.professions.end(),
                    same_profession);
}

}  // namespace

void write_supply_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kSupplyFiles[1].header);
  const engine::SupplyResult* formatted = nullptr;  // whose rows `rows` holds
  CsvWriter::Rows rows;
  for (const auto& result : results) {
    if (!result.supply) continue;
    const engine::SupplyResult& supply = *result.supply;
    if (!formatted || !same_supply_rows(*formatted, supply)) {
      CsvWriter block;
      const std::size_t years = supply.professions.empty() ? 0 : supply.professions.front().persons.size();
      for (std::size_t i = 0; i < years; ++i) {
        for (const engine::ProfessionSupply& p : supply.professions) {
          const engine::SupplyFlows& flows = p.flows[i];
          block.empty();  // the scenario, filled in by repeat()
          block.integer(supply.start_year + int(i));
          block.text(p.id);
          block.number(p.persons[i], "supply.csv stock");
          block.number(p.persons_in_health_care[i], "supply.csv persons_in_health_care");
          for (double value :
               {flows.graduates, flows.immigrants, flows.deaths, flows.retirements, flows.leavers}) {
            block.number(value, "supply.csv flows");
          }
          block.number(p.arsverk[i], "supply.csv arsverk");
          block.end_row();
        }
      }
      rows = block.take();
      formatted = &supply;
    }
    csv.repeat(result.scenario, rows);
  }
  csv.flush();
}

void write_supply_files(StagingDirectory& stage, const std::vector<engine::ScenarioResult>& results) {
  if (!has_supply(results)) return;
  stage.write("gap.csv", [&](std::ostream& out) { write_gap_csv(out, results); });
  stage.write("supply.csv", [&](std::ostream& out) { write_supply_csv(out, results); });
}

}  // namespace carecast::output
