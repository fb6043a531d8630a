// Small, fully synthetic inputs for engine tests: a Gompertz mortality schedule, a smooth
// fertility schedule, a random population and random use profiles drawn from a fixed seed.
#pragma once

#include "carecast/engine/model.hpp"

#include <cmath>
#include <random>

namespace carecast::testing {

inline engine::AgeSexArray gompertz_mx(int top_age, double level = 1.0) {
  engine::AgeSexArray mx(top_age + 1, engine::kSexCount);
  for (int a = 0; a <= top_age; ++a) {
    mx(a, 0) = level * (0.00002 * std::exp(0.095 * a) + 0.0002);
    mx(a, 1) = level * (0.00003 * std::exp(0.095 * a) + 0.0003);
  }
  return mx;
}

inline engine::DemographicBase synthetic_demography(unsigned seed, int first_year, int jump_off_year) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(0.5, 1.5);
  engine::DemographicBase base;
  base.top_age = 105;
  const int ages = base.top_age + 1;
  engine::AgeSexArray population(ages, engine::kSexCount);
  for (int a = 0; a < ages; ++a) {
    for (int g = 0; g < engine::kSexCount; ++g) population(a, g) = 30000.0 * uniform(random) * std::exp(-0.0004 * a * a);
  }
  for (int year = first_year; year <= jump_off_year; ++year) {
    base.observed_population[year] = population * (1.0 + 0.01 * (year - first_year));
  }
  base.jump_off_year = jump_off_year;
  base.base_mx = gompertz_mx(base.top_age);
  base.mortality_base_year = first_year;
  base.fertility_schedule = Eigen::ArrayXd::Zero(ages);
  for (int a = 15; a <= 49; ++a) base.fertility_schedule(a) = std::exp(-0.5 * std::pow((a - 31.0) / 5.5, 2));
  base.migration_profile = engine::AgeSexArray::Zero(ages, engine::kSexCount);
  for (int a = 0; a < ages; ++a) {
    base.migration_profile(a, 0) = std::exp(-0.5 * std::pow((a - 27.0) / 8.0, 2)) + 0.05;
    base.migration_profile(a, 1) = 1.1 * base.migration_profile(a, 0);
  }
  return base;
}

inline engine::DemographicAssumptions reference_assumptions() {
  engine::DemographicAssumptions assumptions;
  assumptions.total_fertility = engine::TimePath({{2024, 1.45}, {2040, 1.6}});
  assumptions.mortality_mode = engine::MortalityMode::life_expectancy;
  assumptions.life_expectancy[0] = engine::TimePath({{2060, 89.0}});
  assumptions.life_expectancy[1] = engine::TimePath({{2060, 86.0}});
  assumptions.net_migration = engine::TimePath({{2024, 30000.0}, {2030, 18000.0}});
  return assumptions;
}

// Two services (one long-term care, used mostly by the old), three professions.
inline engine::BaseData synthetic_base(unsigned seed) {
  engine::BaseData base;
  base.country = "Synthetica";
  base.base_year = 2023;
  base.end_year = 2060;
  base.demography = synthetic_demography(seed, 2023, 2025);
  const int ages = base.demography.top_age + 1;
  std::mt19937 random(seed + 1);
  std::uniform_real_distribution<double> uniform(0.8, 1.2);
  engine::ServiceArea hospital{"hospital", "Hospital", 90000.0, engine::AgeSexArray(ages, 2), false, ""};
  engine::ServiceArea care{"care", "Long-term care", 150000.0, engine::AgeSexArray(ages, 2), true, ""};
  for (int a = 0; a < ages; ++a) {
    for (int g = 0; g < 2; ++g) {
      hospital.use_profile(a, g) = uniform(random) * (1.0 + 0.03 * a);
      care.use_profile(a, g) = uniform(random) * std::exp(0.07 * a);
    }
  }
  base.services = {hospital, care};
  base.professions = {"nurses", "physicians", "other"};
  base.staffing_mix.resize(2, 3);
  base.staffing_mix << 0.4, 0.2, 0.4, 0.3, 0.05, 0.65;
  base.employment_rate = engine::AgeSexArray::Zero(ages, 2);
  base.employment_rate.middleRows(20, 47) = 0.8;
  base.share_anchor = 0.13;
  return base;
}

inline engine::ScenarioParameters synthetic_scenario(const engine::BaseData& base, double productivity) {
  engine::ScenarioParameters scenario;
  scenario.name = "synthetic";
  scenario.demography = reference_assumptions();
  scenario.standard_growth.assign(base.services.size(), 0.01);
  scenario.productivity.assign(base.services.size(), productivity);
  // The age-shift and spill-over readings, which these synthetic tests were written for.
  scenario.healthy_ageing = {.method = engine::HealthyAgeingMethod::age_shift, .theta = 0.5, .threshold_age = 55};
  scenario.family_care = {.mode = engine::FamilyCareMode::spillover,
                          .arsverk = engine::TimePath::constant(90000.0),
                          .spillover_share = 0.5};
  return scenario;
}

}  // namespace carecast::testing
