#include "carecast/engine/attribution.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace carecast::engine {
namespace {

constexpr int kSize = static_cast<int>(GrowthFactor::population_size);
constexpr int kStructure = static_cast<int>(GrowthFactor::age_structure);
constexpr int kHealthyAgeing = static_cast<int>(GrowthFactor::healthy_ageing);
constexpr int kStandards = static_cast<int>(GrowthFactor::standards);
constexpr int kProductivity = static_cast<int>(GrowthFactor::productivity);
constexpr int kLevers = static_cast<int>(GrowthFactor::levers);
constexpr int kFamilyCare = static_cast<int>(GrowthFactor::family_care);

bool any_nonzero(const std::vector<double>& values) {
  for (double value : values) {
    if (value != 0.0) return true;
  }
  return false;
}

// Which factors differ between the base year and the scenario.
std::array<bool, kGrowthFactorCount> varied_factors(const BaseData& base, const ScenarioParameters& scenario,
                                                    const PopulationPath& population) {
  std::array<bool, kGrowthFactorCount> varied{};
  const AgeSexArray& first = population.in(base.base_year);
  const double first_total = first.sum();
  for (int year = base.base_year + 1; year <= base.end_year; ++year) {
    const AgeSexArray& now = population.in(year);
    const double total = now.sum();
    if (total != first_total) varied[kSize] = true;
    if (!((now / total) == (first / first_total)).all()) varied[kStructure] = true;
  }
  const HealthyAgeing& ageing = scenario.healthy_ageing;
  varied[kHealthyAgeing] =
      ageing.method == HealthyAgeingMethod::age_shift ? ageing.theta != 0.0 : ageing.elasticity != 0.0;
  varied[kStandards] = any_nonzero(scenario.standard_growth);
  varied[kProductivity] = any_nonzero(scenario.productivity);
  varied[kLevers] = !scenario.levers.empty();
  const double family_base = scenario.family_care.arsverk.at(base.base_year);
  bool path_moves = false;
  for (int year = base.base_year + 1; year <= base.end_year; ++year) {
    path_moves = path_moves || scenario.family_care.arsverk.at(year) != family_base;
  }
  // Total need: the public services take over the family's share of any growth in the need,
  // and any change in family care, whenever there is family care to begin with; spill-over:
  // only a moving path matters.
  const bool any_long_term_care = std::any_of(base.services.begin(), base.services.end(),
                                              [](const ServiceArea& service) { return service.long_term_care; });
  varied[kFamilyCare] = scenario.family_care.mode == FamilyCareMode::total_need
                            ? any_long_term_care && (family_base != 0.0 || path_moves)
                            : scenario.family_care.spillover_share != 0.0 && path_moves;
  return varied;
}

// The scenario with the factors outside `on` at their base-year values. Population factors
// are handled by the caller (they need another population, not other parameters).
ScenarioParameters switched(const BaseData& base, const ScenarioParameters& scenario,
                            const std::array<bool, kGrowthFactorCount>& on) {
  ScenarioParameters result = scenario;
  if (!on[kHealthyAgeing]) {
    result.healthy_ageing.theta = 0.0;
    result.healthy_ageing.elasticity = 0.0;
  }
  if (!on[kStandards]) result.standard_growth.assign(scenario.standard_growth.size(), 0.0);
  if (!on[kProductivity]) result.productivity.assign(scenario.productivity.size(), 0.0);
  if (!on[kLevers]) {
    result.levers.capital_levers.clear();
    result.levers.technology_levers.clear();
  }
  if (!on[kFamilyCare]) {
    // Family care keeps its base-year share of the need: the public services grow with
    // their own need only (the spill-over reading with a constant path has no effect).
    result.family_care.mode = FamilyCareMode::spillover;
    result.family_care.arsverk = TimePath::constant(scenario.family_care.arsverk.at(base.base_year));
  }
  return result;
}

// N(g,a,t) with its total and its sex-age structure each either as projected or as in the
// base year: P(t_size) · σ(t_structure).
std::map<int, AgeSexArray> population_variant(const PopulationPath& population, int base_year, int end_year,
                                              bool size_on, bool structure_on) {
  const AgeSexArray& first = population.in(base_year);
  const double first_total = first.sum();
  std::map<int, AgeSexArray> persons;
  for (int year = base_year; year <= end_year; ++year) {
    const AgeSexArray& now = population.in(year);
    if (year == base_year || (!size_on && !structure_on)) {  // exactly the base year, not P·σ rounded
      persons[year] = first;
      continue;
    }
    const double total = now.sum();
    const AgeSexArray structure = structure_on ? AgeSexArray(now / total) : AgeSexArray(first / first_total);
    persons[year] = structure * (size_on ? total : first_total);
  }
  return persons;
}

// Shapley weight |S|!(m − |S| − 1)!/m! for a coalition of size s among m players.
double shapley_weight(int s, int m) {
  return std::exp(std::lgamma(double(s) + 1.0) + std::lgamma(double(m - s)) - std::lgamma(double(m) + 1.0));
}

}  // namespace

double GrowthAttribution::total(GrowthFactor factor, int year) const {
  return contribution[static_cast<std::size_t>(factor)].row(year_index(year)).sum();
}

double GrowthAttribution::total_change(int year) const {
  return service_arsverk.row(year_index(year)).sum() - service_arsverk.row(0).sum();
}

namespace {
GrowthAttribution attribute_national(const BaseData& base, const ScenarioParameters& scenario);
}  // namespace

GrowthAttribution attribute_growth(const BaseData& base, const ScenarioParameters& scenario) {
  // Every coalition is a national projection: no regional split on each of them.
  std::optional<BaseData> storage;
  return attribute_national(national_only(base, storage), scenario);
}

namespace {
GrowthAttribution attribute_national(const BaseData& base, const ScenarioParameters& scenario) {
  const int t0 = base.base_year;
  const PopulationPath population = project_population(base.demography, scenario.demography, t0, base.end_year);

  GrowthAttribution result;
  result.scenario = scenario.name;
  result.varied = varied_factors(base, scenario, population);
  std::vector<int> players;
  for (int f = 0; f < kGrowthFactorCount; ++f) {
    if (result.varied[std::size_t(f)]) players.push_back(f);
  }
  const int m = int(players.size());
  const std::uint32_t coalitions = 1u << m;

  // v(S) for every coalition S (bit k of the mask = players[k] on), grouped by the
  // population the coalition needs so that each group shares one population projection.
  std::vector<Eigen::MatrixXd> value(coalitions);
  for (int group = 0; group < 4; ++group) {
    const bool size_on = (group & 1) != 0;
    const bool structure_on = (group & 2) != 0;
    std::vector<std::uint32_t> masks;
    std::vector<ScenarioParameters> runs;
    for (std::uint32_t mask = 0; mask < coalitions; ++mask) {
      std::array<bool, kGrowthFactorCount> on{};
      for (int k = 0; k < m; ++k) on[std::size_t(players[std::size_t(k)])] = ((mask >> k) & 1u) != 0;
      if (on[kSize] != size_on || on[kStructure] != structure_on) continue;
      masks.push_back(mask);
      runs.push_back(switched(base, scenario, on));
    }
    if (runs.empty()) continue;
    std::vector<ScenarioResult> results;
    try {
      if (size_on && structure_on) {
        results = project_scenarios(base, runs, 0, ShareOfEconomy::not_checked);  // the scenario's own population
      } else {
        // Feed the mixed population to the engine: observed years through the base data,
        // later years as an external projection (mortality stays the scenario's, which is
        // what healthy ageing reads).
        std::map<int, AgeSexArray> persons = population_variant(population, t0, base.end_year, size_on, structure_on);
        BaseData variant_base = base;
        for (auto& [year, observed] : variant_base.demography.observed_population) {
          if (auto found = persons.find(year); found != persons.end()) observed = found->second;
        }
        for (ScenarioParameters& run : runs) run.demography.external_population = persons;
        results = project_scenarios(variant_base, runs, 0, ShareOfEconomy::not_checked);
      }
    } catch (const DomainError& error) {
      // A combination's share of all årsverk is not checked (ShareOfEconomy::not_checked:
      // high standard growth without the productivity growth that offsets it is a
      // counterfactual); should anything else fail in a combination but not in the scenario,
      // say that it is the attribution's combination that fails.
      throw DomainError(error.kind(), error.key(), error.value(),
                        "the growth attribution (a Shapley decomposition) projects every combination of the "
                        "factors at their scenario or base-year values, and one of them fails: " + error.rule(),
                        error.scenario());
    }
    for (std::size_t r = 0; r < masks.size(); ++r) value[masks[r]] = std::move(results[r].service_arsverk);
  }

  const Eigen::MatrixXd& all = value[coalitions - 1];
  const Eigen::MatrixXd& none = value[0];
  // v(∅) must reproduce the base year in every year; anything else means a factor escaped
  // the switches above and the decomposition would not be exact.
  for (Eigen::Index i = 0; i < none.rows(); ++i) {
    for (Eigen::Index j = 0; j < none.cols(); ++j) {
      CARECAST_CHECK(std::abs(none(i, j) - none(0, j)) <= 1e-9 * std::abs(none(0, j)) + 1e-9,
                     "attribution: with every factor at its base-year value the demand must stay at the base year's");
    }
  }

  result.service_arsverk = all;
  for (int year = t0; year <= base.end_year; ++year) result.years.push_back(year);
  for (auto& matrix : result.contribution) matrix = Eigen::MatrixXd::Zero(all.rows(), all.cols());
  for (int k = 0; k < m; ++k) {
    Eigen::MatrixXd& phi = result.contribution[std::size_t(players[std::size_t(k)])];
    const std::uint32_t bit = 1u << k;
    for (std::uint32_t mask = 0; mask < coalitions; ++mask) {
      if (mask & bit) continue;
      const int s = __builtin_popcount(mask);
      phi += shapley_weight(s, m) * (value[mask | bit] - value[mask]);
    }
  }
  return result;
}
}  // namespace

std::vector<GrowthAttribution> attribute_growth(const BaseData& base, const std::vector<ScenarioParameters>& scenarios) {
  std::optional<BaseData> storage;
  const BaseData& national = national_only(base, storage);
  std::vector<GrowthAttribution> results;
  results.reserve(scenarios.size());
  for (const ScenarioParameters& scenario : scenarios) results.push_back(attribute_national(national, scenario));
  return results;
}

}  // namespace carecast::engine
