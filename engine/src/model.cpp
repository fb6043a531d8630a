#include "carecast/engine/model.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"
#include "kernel.hpp"
#include "regional_steps.hpp"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

namespace carecast::engine {
namespace {

bool same_path(const TimePath& a, const TimePath& b) { return a.knots() == b.knots(); }

// Unpacks the kernel's year rows into the result's matrices and indicator series.
void unpack_rows(const kernel::DemandBase& base, const double* out, ScenarioResult& result) {
  const SweepLayout& layout = base.layout;
  const std::size_t width = layout.per_year();
  result.years = layout.years;
  result.service_arsverk.resize(base.year_count, base.services);
  result.profession_arsverk.resize(base.year_count, base.professions);
  for (const IndicatorInfo& info : kIndicators) (result.indicators.*info.series).assign(std::size_t(base.year_count), 0.0);
  for (int i = 0; i < base.year_count; ++i) {
    const double* row = out + std::size_t(i) * width;
    for (Eigen::Index j = 0; j < base.services; ++j) result.service_arsverk(i, j) = row[j];
    for (Eigen::Index k = 0; k < base.professions; ++k) {
      result.profession_arsverk(i, k) = row[layout.profession_column(std::size_t(k))];
    }
    for (const IndicatorInfo& info : kIndicators) (result.indicators.*info.series)[std::size_t(i)] = row[layout.column(info.id)];
  }
}

// The supply side, calibrated (when the data ask for it) to the demand without levers; from
// `raw` (the same projected without calibration) when the caller has it.
SupplyResult project_result_supply(const BaseData& base, const ScenarioParameters& scenario,
                                   const PopulationPath& population, const ScenarioResult& result,
                                   const SupplyResult* raw) {
  const Eigen::MatrixXd& demand = result.levers ? result.levers->profession_without : result.profession_arsverk;
  std::vector<double> demand_base(demand.cols());
  for (Eigen::Index k = 0; k < demand.cols(); ++k) demand_base[std::size_t(k)] = demand(0, k);
  if (raw) {
    SupplyResult supply = *raw;
    if (base.supply.balance_in_base_year) calibrate_supply(base.supply, demand_base, supply);
    return supply;
  }
  return project_supply(base.supply, scenario.supply,
                        supply_survival(population.mortality, base.base_year, base.end_year), base.base_year,
                        base.end_year, demand_base, /*keep_stocks=*/false);
}

// What the scenarios of one population projection share: the population, the demand base
// calibrated on its base year, and per healthy-ageing threshold age the log ratios of the
// death probabilities (kernel::mortality_log_ratios) that the mortality-ratio method reads.
struct SharedPopulation {
  std::shared_ptr<const PopulationPath> population;
  kernel::DemandBase demand;
  std::map<int, Eigen::MatrixXd> log_ratios;

  SharedPopulation(const BaseData& base, std::shared_ptr<const PopulationPath> path)
      : population(std::move(path)), demand(kernel::demand_base(base, population->in(base.base_year))) {}

  // Computes the log ratios `scenario` needs, if not yet there (not thread-safe: call before
  // projecting in parallel).
  void prepare(const ScenarioParameters& scenario) {
    const HealthyAgeing& ageing = scenario.healthy_ageing;
    if (ageing.method != HealthyAgeingMethod::mortality_ratio || log_ratios.count(ageing.threshold_age)) return;
    log_ratios.emplace(ageing.threshold_age,
                       kernel::mortality_log_ratios(population->mortality, demand.base_year, demand.year_count,
                                                    ageing.threshold_age, demand.ages));
  }
};

ScenarioResult project_with_population(const BaseData& base, const ScenarioParameters& scenario,
                                       const SharedPopulation& shared, const SupplyResult* raw_supply = nullptr,
                                       ShareOfEconomy share = ShareOfEconomy::must_fit) {
  const PopulationPath& population = *shared.population;
  const kernel::DemandBase& demand = shared.demand;
  const int ages = demand.ages, years = demand.year_count, t0 = base.base_year;
  const MortalityPath& mortality = population.mortality;
  auto clamped = [&](int year) { return std::clamp(year, mortality.first_year, mortality.last_year()); };
  auto expectancy_in = [&](int year) { return mortality.ex_in(clamped(year)).data(); };
  const HealthyAgeing& ageing = scenario.healthy_ageing;
  const bool by_mortality = ageing.method == HealthyAgeingMethod::mortality_ratio;
  const Eigen::MatrixXd no_ratios = by_mortality ? Eigen::MatrixXd() : Eigen::MatrixXd::Zero(2 * ages, 1);
  const Eigen::MatrixXd& log_ratio = by_mortality ? shared.log_ratios.at(ageing.threshold_age) : no_ratios;

  // Demand age sums F_j(t) = Rᵀ W(t) and their 67+ part, W the population weighted by
  // healthy ageing (kernel::use_weights).
  const bool old_by_age = kernel::weights_67plus_by_age(ageing);  // W67 is W from 67 on: not stored
  Eigen::MatrixXd weights(2 * ages, years), weights_67plus(old_by_age ? 0 : 2 * ages, years);
  std::vector<double> scratch(std::size_t(4 * (ages + 1)));
  std::vector<kernel::PopulationTotals> totals(static_cast<std::size_t>(years));
  std::vector<double> net_migration(static_cast<std::size_t>(years));
  for (int i = 0; i < years; ++i) {
    const int year = t0 + i;
    const double* persons = population.in(year).data();
    kernel::use_weights(ageing, i == 0, persons, expectancy_in(year), expectancy_in(t0),
                        &log_ratio(0, by_mortality ? i : 0), ages,
                        &weights(0, i), old_by_age ? nullptr : &weights_67plus(0, i), scratch.data());
    totals[std::size_t(i)] = kernel::population_totals(persons, demand);
    const int flow = year - 1 - population.first_year;
    net_migration[std::size_t(i)] = flow < 0 ? population.net_migration_before : population.net_migration[std::size_t(flow)].sum();
  }
  Eigen::MatrixXd sums, sums_67plus, sums_ltc, grouped;
  kernel::demand_sums(demand, weights.data(), old_by_age ? nullptr : weights_67plus.data(), years, grouped, sums_ltc,
                      sums, sums_67plus);

  std::vector<double> rows(demand.layout.size());
  Eigen::MatrixXd growth(demand.services, years + 1);
  kernel::finish_years(demand, scenario, sums, sums_67plus, totals.data(), net_migration.data(), growth, rows.data());

  ScenarioResult result;
  result.scenario = scenario.name;
  if (!scenario.levers.empty()) {
    ScenarioResult without;
    unpack_rows(demand, rows.data(), without);
    Eigen::MatrixXd gross;
    LeverResults levers = kernel::apply_levers_to_rows(demand, scenario.levers, rows.data(), gross);
    levers.service_without = std::move(without.service_arsverk);
    levers.profession_without = std::move(without.profession_arsverk);
    levers.health_care_without = std::move(without.indicators.health_care_arsverk);
    levers.share_without = std::move(without.indicators.share_of_all_arsverk);
    result.levers = std::move(levers);
  }
  kernel::check_domain(demand, rows.data(), share == ShareOfEconomy::must_fit);
  unpack_rows(demand, rows.data(), result);
  if (!base.supply.empty()) result.supply = project_result_supply(base, scenario, population, result, raw_supply);
  result.population = shared.population;
  result.warnings = population.warnings;
  if (base.regions && base.regions->level != RegionLevel::none) {
    result.regional = regional::regional_result(base, *base.regions, scenario, result, demand, log_ratio);
  }
  return result;
}

// Runs `project` and names the scenario in a DomainError it throws.
template <class F>
auto in_scenario(const std::string& name, F&& project) {
  try {
    return project();
  } catch (const DomainError& error) {
    if (!error.scenario().empty()) throw;
    throw error.in_scenario(name);
  }
}

}  // namespace

bool same_demography(const DemographicAssumptions& a, const DemographicAssumptions& b) {
  if (a.external_population.has_value() != b.external_population.has_value()) return false;
  if (a.external_population) {
    if (a.external_population->size() != b.external_population->size()) return false;
    for (auto i = a.external_population->begin(), j = b.external_population->begin(); i != a.external_population->end();
         ++i, ++j) {
      if (i->first != j->first || i->second.rows() != j->second.rows() || !(i->second == j->second).all()) return false;
    }
  }
  return same_mortality(a, b) && same_path(a.total_fertility, b.total_fertility) &&
         a.sex_ratio_at_birth == b.sex_ratio_at_birth && same_path(a.net_migration, b.net_migration);
}

bool same_mortality(const DemographicAssumptions& a, const DemographicAssumptions& b) {
  if (a.mortality_mode != b.mortality_mode) return false;
  if (a.mortality_mode == MortalityMode::improvement_rate) return a.mortality_improvement == b.mortality_improvement;
  return same_path(a.life_expectancy[0], b.life_expectancy[0]) && same_path(a.life_expectancy[1], b.life_expectancy[1]);
}

const BaseData& national_only(const BaseData& base, std::optional<BaseData>& storage) {
  if (!base.regions || base.regions->level == RegionLevel::none) return base;
  storage = base;
  storage->regions.reset();
  return *storage;
}

namespace {
// One scenario on a population of its own (nothing shared with other scenarios).
ScenarioResult project_alone(const BaseData& base, const ScenarioParameters& scenario,
                             std::shared_ptr<const PopulationPath> population) {
  SharedPopulation shared(base, std::move(population));
  shared.prepare(scenario);
  return project_with_population(base, scenario, shared);
}
}  // namespace

ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario) {
  return in_scenario(scenario.name, [&] {
    return project_alone(base, scenario, std::make_shared<const PopulationPath>(project_population(
                                             base.demography, scenario.demography, base.base_year, base.end_year)));
  });
}

ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario,
                                std::shared_ptr<const PopulationPath> population) {
  CARECAST_CHECK(population && population->first_year <= base.base_year && population->last_year() >= base.end_year,
                 "the population must cover the base year to the end year");
  return in_scenario(scenario.name, [&] { return project_alone(base, scenario, std::move(population)); });
}

int arena_concurrency(int threads) { return std::clamp(threads, 1, std::max(1, tbb::info::default_concurrency())); }

std::vector<ScenarioResult> project_scenarios(const BaseData& base, const std::vector<ScenarioParameters>& scenarios,
                                              int threads, ShareOfEconomy share) {
  // f(0) … f(n − 1): in this thread, or in parallel in the caller's arena.
  const auto for_each = [serial = threads == 1](std::size_t n, const auto& f) {
    if (serial) {
      for (std::size_t k = 0; k < n; ++k) f(k);
    } else {
      tbb::parallel_for(std::size_t(0), n, f);
    }
  };
  // Scenarios that differ only in service assumptions share one population projection.
  std::vector<std::size_t> population_of(scenarios.size());
  std::vector<std::size_t> representatives;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    auto same = std::find_if(representatives.begin(), representatives.end(), [&](std::size_t r) {
      return same_demography(scenarios[r].demography, scenarios[i].demography);
    });
    population_of[i] = std::size_t(same - representatives.begin());
    if (same == representatives.end()) representatives.push_back(i);
  }
  // The first problem in scenario order is reported, whichever thread met it first.
  std::vector<std::optional<SharedPopulation>> populations(representatives.size());
  std::vector<std::optional<DomainError>> population_errors(representatives.size());
  for_each(representatives.size(), [&](std::size_t k) {
    const ScenarioParameters& scenario = scenarios[representatives[k]];
    try {
      populations[k].emplace(base, std::make_shared<const PopulationPath>(project_population(
                                       base.demography, scenario.demography, base.base_year, base.end_year)));
    } catch (const DomainError& error) {
      population_errors[k] = error.in_scenario(scenario.name);
    }
  });
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (populations[population_of[i]]) populations[population_of[i]]->prepare(scenarios[i]);
  }
  // Scenarios with the same population and supply levers share one supply projection (it is
  // calibrated per scenario).
  std::vector<std::size_t> supply_of(scenarios.size());
  std::vector<std::size_t> supply_representatives;
  for (std::size_t i = 0; i < scenarios.size() && !base.supply.empty(); ++i) {
    auto same = std::find_if(supply_representatives.begin(), supply_representatives.end(), [&](std::size_t r) {
      return population_of[r] == population_of[i] && scenarios[r].supply == scenarios[i].supply;
    });
    supply_of[i] = std::size_t(same - supply_representatives.begin());
    if (same == supply_representatives.end()) supply_representatives.push_back(i);
  }
  std::vector<std::optional<SupplyResult>> raw_supplies(supply_representatives.size());
  SupplyBase uncalibrated = base.supply;
  uncalibrated.balance_in_base_year = false;
  for_each(supply_representatives.size(), [&](std::size_t k) {
    const std::size_t r = supply_representatives[k];
    if (population_errors[population_of[r]]) return;
    raw_supplies[k] = project_supply(uncalibrated, scenarios[r].supply,
                                     supply_survival(populations[population_of[r]]->population->mortality,
                                                     base.base_year, base.end_year),
                                     base.base_year, base.end_year, {}, /*keep_stocks=*/false);
  });
  std::vector<std::optional<ScenarioResult>> results(scenarios.size());
  std::vector<std::optional<DomainError>> errors(scenarios.size());
  for_each(scenarios.size(), [&](std::size_t i) {
    if (population_errors[population_of[i]]) return;
    try {
      const SupplyResult* raw = base.supply.empty() ? nullptr : &*raw_supplies[supply_of[i]];
      results[i] = in_scenario(scenarios[i].name,
                               [&] { return project_with_population(base, scenarios[i], *populations[population_of[i]], raw, share); });
    } catch (const DomainError& error) {
      errors[i] = error;
    }
  });
  std::vector<ScenarioResult> ordered;
  ordered.reserve(results.size());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (population_errors[population_of[i]]) throw *population_errors[population_of[i]];
    if (errors[i]) throw *errors[i];
    ordered.push_back(std::move(*results[i]));
  }
  return ordered;
}

}  // namespace carecast::engine
