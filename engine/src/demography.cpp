#include "carecast/engine/demography.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/life_table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace carecast::engine {
namespace {

constexpr Sex kSexes[kSexCount] = {Sex::female, Sex::male};

// Survival over one calendar year for people aged a on 1 January, from the life table's
// person-years: S(a) = L(a+1)/L(a); the last two ages feed the open group with T(A)/T(A-1).
// `first_year_survival` is L(0)/l(0): births during the year still alive on 1 January next.
struct SurvivalRatios {
  Eigen::ArrayXd to_next_age;  // index a: aged a now, a+1 next year (a = 0..A-2)
  double into_open_group = 0.0;
  double first_year_survival = 0.0;
};

SurvivalRatios survival_ratios(const Eigen::ArrayXd& mx, Sex sex) {
  const LifeTable table = life_table(mx, sex);
  const Eigen::Index top = mx.size() - 1;
  SurvivalRatios ratios;
  ratios.to_next_age = table.Lx.segment(1, top - 1) / table.Lx.head(top - 1);
  ratios.into_open_group = table.Tx(top) / table.Tx(top - 1);
  ratios.first_year_survival = table.Lx(0);
  return ratios;
}

// Flows of an observed (or externally given) year, recovered from consecutive populations
// so that the accounting identity holds exactly: births from the infants on 1 January next
// year, deaths from the mortality path, net migration as the residual.
void add_residual_flows(PopulationPath& path, const AgeSexArray& now, const AgeSexArray& next,
                        const AgeSexArray& mx) {
  Eigen::Array2d births, deaths, migration;
  for (Sex sex : kSexes) {
    const int g = static_cast<int>(sex);
    const SurvivalRatios ratios = survival_ratios(mx.col(g), sex);
    const Eigen::Index top = now.rows() - 1;
    const double born = next(0, g) / ratios.first_year_survival;
    double died = born - next(0, g);
    died += (now.col(g).head(top - 1) * (1.0 - ratios.to_next_age)).sum();
    died += (now(top - 1, g) + now(top, g)) * (1.0 - ratios.into_open_group);
    births(g) = born;
    deaths(g) = died;
    migration(g) = next.col(g).sum() - now.col(g).sum() - born + died;
  }
  path.births.push_back(births);
  path.deaths.push_back(deaths);
  path.net_migration.push_back(migration);
}

}  // namespace

MortalityPath project_mortality(const DemographicBase& base, const DemographicAssumptions& assumptions,
                                int last_year) {
  CARECAST_CHECK(base.base_mx.rows() == base.top_age + 1, "death rates must cover every age");
  CARECAST_CHECK(last_year >= base.mortality_base_year, "mortality must be projected forward");
  MortalityPath path;
  path.first_year = base.mortality_base_year;
  AgeSexArray pattern = AgeSexArray::Ones(base.base_mx.rows(), kSexCount);
  if (base.mortality_decline_pattern.size() > 0) {
    CARECAST_CHECK(base.mortality_decline_pattern.rows() == base.base_mx.rows(), "decline pattern must cover every age");
    CARECAST_CHECK((base.mortality_decline_pattern >= 0.0).all(), "decline pattern must not be negative");
    pattern = base.mortality_decline_pattern;
    for (int g = 0; g < kSexCount; ++g) {
      const double mean = pattern.col(g).mean();
      CARECAST_CHECK(mean > 0.0, "decline pattern is all zero");
      pattern.col(g) /= mean;
    }
  }
  std::array<TimePath, kSexCount> targets;
  if (assumptions.mortality_mode == MortalityMode::life_expectancy) {
    for (Sex sex : kSexes) {
      const int g = static_cast<int>(sex);
      const double observed = life_expectancy_at_birth(base.base_mx.col(g), sex);
      targets[g] = assumptions.life_expectancy[g].anchored_at(base.mortality_base_year, observed);
    }
  }
  for (int year = base.mortality_base_year; year <= last_year; ++year) {
    AgeSexArray mx(base.base_mx.rows(), kSexCount);
    AgeSexArray ex(base.base_mx.rows(), kSexCount);
    for (Sex sex : kSexes) {
      const int g = static_cast<int>(sex);
      double shift = 0.0;  // κ: how far death rates have moved along the decline pattern
      if (year > base.mortality_base_year) {
        if (assumptions.mortality_mode == MortalityMode::improvement_rate) {
          shift = -std::log(1.0 - assumptions.mortality_improvement) * (year - base.mortality_base_year);
        } else {
          shift = mortality_shift_for_e0(base.base_mx.col(g), pattern.col(g), sex, targets[g].at(year));
        }
      }
      mx.col(g) = base.base_mx.col(g) * (-shift * pattern.col(g)).exp();
      ex.col(g) = life_table(mx.col(g), sex).ex;
    }
    path.mx.push_back(std::move(mx));
    path.ex.push_back(std::move(ex));
  }
  return path;
}

PopulationPath project_population(const DemographicBase& base, const DemographicAssumptions& assumptions,
                                  int first_year, int last_year) {
  const int ages = base.top_age + 1;
  const int top = base.top_age;
  for (int year = first_year; year <= std::min(base.jump_off_year, last_year); ++year) {
    if (!base.observed_population.count(year)) {
      throw std::invalid_argument("no observed population for " + std::to_string(year) +
                                  " (needed from the base year to the jump-off year)");
    }
  }
  CARECAST_CHECK(base.fertility_schedule.size() == ages, "fertility schedule must cover every age");
  CARECAST_CHECK(base.migration_profile.rows() == ages, "migration profile must cover every age");
  const double schedule_sum = base.fertility_schedule.sum();
  const double migration_sum = base.migration_profile.sum();
  CARECAST_CHECK(schedule_sum > 0.0, "fertility schedule has no births");
  CARECAST_CHECK(migration_sum != 0.0, "migration profile sums to zero");
  const Eigen::ArrayXd fertility_shape = base.fertility_schedule / schedule_sum;
  const AgeSexArray migration_shape = base.migration_profile / migration_sum;

  PopulationPath path;
  path.first_year = first_year;
  path.mortality = project_mortality(base, assumptions, std::max(last_year, base.mortality_base_year));
  auto mx_in = [&](int year) -> const AgeSexArray& {
    return path.mortality.mx_in(std::max(year, path.mortality.first_year));
  };

  const auto* external = assumptions.external_population ? &*assumptions.external_population : nullptr;
  path.persons.push_back(base.observed_population.at(first_year));
  path.projected.push_back(false);
  for (int year = first_year; year < last_year; ++year) {
    const AgeSexArray& now = path.persons.back();
    if (year < base.jump_off_year) {  // observed
      const AgeSexArray& next = base.observed_population.at(year + 1);
      add_residual_flows(path, now, next, mx_in(year));
      path.persons.push_back(next);
      path.projected.push_back(false);
      continue;
    }
    if (external) {
      auto found = external->find(year + 1);
      if (found == external->end()) {
        throw std::invalid_argument("the external population projection has no year " + std::to_string(year + 1));
      }
      CARECAST_CHECK(found->second.rows() == ages, "external projection must cover every age");
      add_residual_flows(path, now, found->second, mx_in(year));
      path.persons.push_back(found->second);
      path.projected.push_back(true);
      continue;
    }
    // Cohort-component step from 1 January `year` to 1 January `year + 1`.
    AgeSexArray next(ages, kSexCount);
    Eigen::Array2d deaths, migration_applied, births;
    const double net_migration = assumptions.net_migration.at(year);
    std::array<SurvivalRatios, kSexCount> ratios;
    for (Sex sex : kSexes) {
      const int g = static_cast<int>(sex);
      ratios[g] = survival_ratios(mx_in(year).col(g), sex);
      next.col(g).segment(1, top - 1) = now.col(g).head(top - 1) * ratios[g].to_next_age;
      next(top, g) = (now(top - 1, g) + now(top, g)) * ratios[g].into_open_group;
      deaths(g) = now.col(g).sum() - next.col(g).tail(top).sum();
      // Net migrants by age at the end of the year; a cell never goes below zero, and the
      // migration actually applied is recorded so the accounting identity still holds.
      migration_applied(g) = 0.0;
      for (int a = 1; a <= top; ++a) {
        const double moved = std::max(-next(a, g), net_migration * migration_shape(a, g));
        next(a, g) += moved;
        migration_applied(g) += moved;
      }
    }
    // Births from women's person-years at each age during the year (mean of the two
    // 1 January populations), as the fertility rates are per woman-year by age.
    const int female = static_cast<int>(Sex::female);
    double total_births = 0.0;
    const double tfr = assumptions.total_fertility.at(year);
    for (int a = 1; a < ages; ++a) {
      total_births += tfr * fertility_shape(a) * 0.5 * (now(a, female) + next(a, female));
    }
    const double boys_share = assumptions.sex_ratio_at_birth / (1.0 + assumptions.sex_ratio_at_birth);
    births(static_cast<int>(Sex::male)) = total_births * boys_share;
    births(female) = total_births * (1.0 - boys_share);
    for (Sex sex : kSexes) {
      const int g = static_cast<int>(sex);
      const double infants = births(g) * ratios[g].first_year_survival;
      deaths(g) += births(g) - infants;
      const double moved = std::max(-infants, net_migration * migration_shape(0, g));
      next(0, g) = infants + moved;
      migration_applied(g) += moved;
    }
    path.births.push_back(births);
    path.deaths.push_back(deaths);
    path.net_migration.push_back(migration_applied);
    path.persons.push_back(std::move(next));
    path.projected.push_back(true);
  }
  return path;
}

}  // namespace carecast::engine
