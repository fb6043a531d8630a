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

// The numbers of a scenario's supply.csv rows, in row order: what decides whether its rows
// are those of an earlier scenario (the supply does not depend on the demand, so scenarios
// that differ only there share it).
std::vector<double> supply_figures(const engine::SupplyResult& supply) {
  std::vector<double> figures{double(supply.start_year)};
  for (const engine::ProfessionSupply& p : supply.professions) {
    figures.push_back(double(p.persons.size()));
    for (std::size_t i = 0; i < p.persons.size(); ++i) {
      const engine::SupplyFlows& flows = p.flows[i];
      figures.insert(figures.end(), {p.persons[i], p.persons_in_health_care[i], flows.graduates, flows.immigrants,
                                     flows.deaths, flows.retirements, flows.leavers, p.arsverk[i]});
    }
  }
  return figures;
}

// Profession ids, the other thing the rows hold.
bool same_professions(const engine::SupplyResult& a, const engine::SupplyResult& b) {
  return std::equal(a.professions.begin(), a.professions.end(), b.professions.begin(), b.professions.end(),
                    [](const auto& x, const auto& y) { return x.id == y.id; });
}

}  // namespace

void write_supply_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kSupplyFiles[1].header);
  const engine::SupplyResult* formatted = nullptr;  // whose rows `rows` holds
  std::vector<double> formatted_figures;
  CsvWriter::Rows rows;
  for (const auto& result : results) {
    if (!result.supply) continue;
    const engine::SupplyResult& supply = *result.supply;
    std::vector<double> figures = supply_figures(supply);
    if (!formatted || figures != formatted_figures || !same_professions(*formatted, supply)) {
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
      formatted_figures = std::move(figures);
    }
    csv.repeat(result.scenario, rows);
  }
  csv.flush();
}

std::vector<std::string> write_supply_files(StagingDirectory& stage,
                                            const std::vector<engine::ScenarioResult>& results) {
  if (!has_supply(results)) return {};
  stage.write("gap.csv", [&](std::ostream& out) { write_gap_csv(out, results); });
  stage.write("supply.csv", [&](std::ostream& out) { write_supply_csv(out, results); });
  std::vector<std::string> names;
  for (const OutputFile& file : kSupplyFiles) names.emplace_back(file.name);
  return names;
}

}  // namespace carecast::output
