#include "carecast/engine/model.hpp"

#include "carecast/engine/check.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace carecast::engine {
namespace {

constexpr int kOldAge = 67;
constexpr int kOldestAge = 80;

// Reads a profile at a fractional age by linear interpolation between single ages.
double interpolate_age(const Eigen::Ref<const Eigen::ArrayXd>& profile, double age) {
  const double top = double(profile.size() - 1);
  age = std::clamp(age, 0.0, top);
  const auto lower = static_cast<Eigen::Index>(age);
  if (lower >= profile.size() - 1) return profile(profile.size() - 1);
  const double weight = age - double(lower);
  return (1.0 - weight) * profile(lower) + weight * profile(lower + 1);
}

const AgeSexArray& remaining_life_expectancy(const MortalityPath& mortality, int year) {
  return mortality.ex_in(std::clamp(year, mortality.first_year, mortality.first_year + int(mortality.ex.size()) - 1));
}

bool same_path(const TimePath& a, const TimePath& b) { return a.knots() == b.knots(); }

bool same_demography(const DemographicAssumptions& a, const DemographicAssumptions& b) {
  if (a.external_population.has_value() != b.external_population.has_value()) return false;
  if (a.external_population) {
    if (a.external_population->size() != b.external_population->size()) return false;
    for (const auto& [year, persons] : *a.external_population) {
      auto other = b.external_population->find(year);
      if (other == b.external_population->end() || !(other->second == persons).all()) return false;
    }
  }
  return same_path(a.total_fertility, b.total_fertility) && a.sex_ratio_at_birth == b.sex_ratio_at_birth &&
         a.mortality_mode == b.mortality_mode && a.mortality_improvement == b.mortality_improvement &&
         same_path(a.life_expectancy[0], b.life_expectancy[0]) &&
         same_path(a.life_expectancy[1], b.life_expectancy[1]) && same_path(a.net_migration, b.net_migration);
}

void check_scenario(const BaseData& base, const ScenarioParameters& scenario) {
  const std::size_t services = base.services.size();
  CARECAST_CHECK(scenario.standard_growth.size() == services, "standard growth needs one value per service");
  CARECAST_CHECK(scenario.productivity.size() == services, "productivity needs one value per service");
  CARECAST_CHECK(base.staffing_mix.rows() == Eigen::Index(services) &&
                     base.staffing_mix.cols() == Eigen::Index(base.professions.size()),
                 "staffing mix must be services x professions");
  CARECAST_CHECK(base.end_year > base.base_year, "the projection must span at least one year");
  CARECAST_CHECK(!scenario.family_care.arsverk.empty(), "family care path is missing");
  if (!scenario.levers.capital_levers.empty()) {
    CARECAST_CHECK(!base.equipment.empty(), "capital levers need equipment base data");
    CARECAST_CHECK(scenario.levers.capital.sigma.size() == services, "sigma needs one value per service");
  }
}

// Replaces the demand without levers in `result` by the demand with them, keeping the former
// for comparison (MODEL.md §4). The economy's årsverk do not depend on levers.
void apply_scenario_levers(const BaseData& base, const ScenarioParameters& scenario, ScenarioResult& result) {
  std::vector<double> base_arsverk;
  for (const ServiceArea& service : base.services) base_arsverk.push_back(service.base_arsverk);
  LeverResults levers = apply_levers(scenario.levers, base.equipment, base.staffing_mix, base_arsverk,
                                     base.base_year, result.service_arsverk);
  levers.service_without = result.service_arsverk;
  levers.profession_without = result.profession_arsverk;
  levers.health_care_without = result.indicators.health_care_arsverk;
  levers.share_without = result.indicators.share_of_all_arsverk;
  result.service_arsverk = levers.service_gross + levers.service_added;
  result.profession_arsverk = levers.profession_gross + levers.profession_added;
  IndicatorSeries& indicators = result.indicators;
  for (std::size_t i = 0; i < indicators.health_care_arsverk.size(); ++i) {
    indicators.health_care_arsverk[i] = result.service_arsverk.row(Eigen::Index(i)).sum();
    indicators.share_of_all_arsverk[i] = indicators.health_care_arsverk[i] / indicators.total_arsverk_economy[i];
  }
  result.levers = std::move(levers);
}

ScenarioResult project_with_population(const BaseData& base, const ScenarioParameters& scenario,
                                       const PopulationPath& population) {
  check_scenario(base, scenario);
  const int t0 = base.base_year;
  const int year_count = base.end_year - t0 + 1;
  const Eigen::Index service_count = Eigen::Index(base.services.size());
  const std::vector<AgeSexArray> base_rates = calibrate_use_rates(base, population.in(t0));
  const double family_care_base = scenario.family_care.arsverk.at(t0);
  const double base_employment = (population.in(t0) * base.employment_rate).sum();
  CARECAST_CHECK(base_employment > 0.0, "nobody is employed in the base year");

  ScenarioResult result;
  result.scenario = scenario.name;
  result.service_arsverk.resize(year_count, service_count);
  IndicatorSeries& indicators = result.indicators;
  double arsverk_per_employed = 0.0;
  for (int i = 0; i < year_count; ++i) {
    const int year = t0 + i;
    result.years.push_back(year);
    const AgeSexArray& persons = population.in(year);
    double long_term_care_elderly_use = 0.0;
    Eigen::VectorXd elderly_use = Eigen::VectorXd::Zero(service_count);
    for (Eigen::Index j = 0; j < service_count; ++j) {
      const AgeSexArray use = persons * arsverk_per_inhabitant(base_rates, std::size_t(j), scenario,
                                                               population.mortality, t0, year);
      result.service_arsverk(i, j) = use.sum();
      if (base.services[std::size_t(j)].long_term_care) {
        elderly_use(j) = use.bottomRows(use.rows() - kOldAge).sum();
        long_term_care_elderly_use += elderly_use(j);
      }
    }
    // Family care that falls below its base-year level is partly taken over by the
    // long-term-care services, in proportion to their use by the elderly (MODEL.md §3).
    const double family_care = scenario.family_care.arsverk.at(year);
    const double shortfall = std::max(0.0, family_care_base - family_care);
    if (shortfall > 0.0 && long_term_care_elderly_use > 0.0) {
      result.service_arsverk.row(i) +=
          (scenario.family_care.spillover_share * shortfall / long_term_care_elderly_use) * elderly_use.transpose();
    }
    const double health_care = result.service_arsverk.row(i).sum();
    const double employed = (persons * base.employment_rate).sum();
    if (i == 0) arsverk_per_employed = health_care / (base.share_anchor * base_employment);
    const double economy = employed * arsverk_per_employed;

    indicators.population.push_back(persons.sum());
    indicators.population_67plus.push_back(persons.bottomRows(persons.rows() - kOldAge).sum());
    indicators.population_80plus.push_back(persons.bottomRows(persons.rows() - kOldestAge).sum());
    indicators.family_care_arsverk.push_back(family_care);
    indicators.health_care_arsverk.push_back(health_care);
    indicators.total_arsverk_economy.push_back(economy);
    indicators.share_of_all_arsverk.push_back(health_care / economy);
  }
  result.profession_arsverk = result.service_arsverk * base.staffing_mix;
  if (!scenario.levers.empty()) apply_scenario_levers(base, scenario, result);
  result.population = population;
  return result;
}

}  // namespace

std::vector<AgeSexArray> calibrate_use_rates(const BaseData& base, const AgeSexArray& base_population) {
  std::vector<AgeSexArray> rates;
  rates.reserve(base.services.size());
  for (const ServiceArea& service : base.services) {
    CARECAST_CHECK(service.use_profile.rows() == base_population.rows(), "use profile must cover every age");
    const double weighted_use = (base_population * service.use_profile).sum();
    if (!(weighted_use > 0.0)) {
      throw std::invalid_argument("service '" + service.id + "' has no use in the base-year population");
    }
    rates.push_back(service.use_profile * (service.base_arsverk / weighted_use));
  }
  return rates;
}

AgeSexArray arsverk_per_inhabitant(const std::vector<AgeSexArray>& base_rates, std::size_t service,
                                   const ScenarioParameters& scenario, const MortalityPath& mortality,
                                   int base_year, int year) {
  const AgeSexArray& rates = base_rates.at(service);
  const double growth = std::pow((1.0 + scenario.standard_growth.at(service)) /
                                     (1.0 + scenario.productivity.at(service)),
                                 year - base_year);
  const double theta = scenario.healthy_ageing.theta;
  if (theta == 0.0 || year == base_year) return rates * growth;

  // Healthy ageing: above the threshold, people of age a use services like people of age
  // a − θ·Δe did in the base year, Δe being the gain in remaining life expectancy.
  const AgeSexArray& expectancy_now = remaining_life_expectancy(mortality, year);
  const AgeSexArray& expectancy_base = remaining_life_expectancy(mortality, base_year);
  AgeSexArray shifted = rates;
  const int first_shifted = std::max(0, scenario.healthy_ageing.threshold_age);
  for (int g = 0; g < kSexCount; ++g) {
    for (Eigen::Index a = first_shifted; a < rates.rows(); ++a) {
      const double gain = expectancy_now(a, g) - expectancy_base(a, g);
      shifted(a, g) = interpolate_age(rates.col(g), double(a) - theta * gain);
    }
  }
  return shifted * growth;
}

ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario) {
  const PopulationPath population =
      project_population(base.demography, scenario.demography, base.base_year, base.end_year);
  return project_with_population(base, scenario, population);
}

ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario,
                                const PopulationPath& population) {
  CARECAST_CHECK(population.first_year <= base.base_year && population.last_year() >= base.end_year,
                 "the population must cover the base year to the end year");
  return project_with_population(base, scenario, population);
}

std::vector<ScenarioResult> project_scenarios(const BaseData& base, const std::vector<ScenarioParameters>& scenarios) {
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
  std::vector<std::optional<PopulationPath>> populations(representatives.size());
  tbb::parallel_for(std::size_t(0), representatives.size(), [&](std::size_t k) {
    populations[k] = project_population(base.demography, scenarios[representatives[k]].demography,
                                        base.base_year, base.end_year);
  });
  std::vector<std::optional<ScenarioResult>> results(scenarios.size());
  tbb::parallel_for(std::size_t(0), scenarios.size(), [&](std::size_t i) {
    results[i] = project_with_population(base, scenarios[i], *populations[population_of[i]]);
  });
  std::vector<ScenarioResult> ordered;
  ordered.reserve(results.size());
  for (auto& result : results) ordered.push_back(std::move(*result));
  return ordered;
}

}  // namespace carecast::engine
