#include "carecast/engine/demography.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/life_table.hpp"
#include "kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace carecast::engine {

MortalityPath project_mortality(const DemographicBase& base, const DemographicAssumptions& assumptions,
                                int last_year) {
  CARECAST_CHECK(base.base_mx.rows() == base.top_age + 1, "death rates must cover every age");
  CARECAST_CHECK(last_year >= base.mortality_base_year, "mortality must be projected forward");
  const int ages = base.top_age + 1;
  const AgeSexArray pattern = kernel::decline_pattern(base);
  const std::array<double, kSexCount> observed_e0 = kernel::observed_e0(base);
  // Each year's κ starts its search next to the year before's (the targets move smoothly).
  std::array<double, kSexCount> previous{std::numeric_limits<double>::quiet_NaN(),
                                         std::numeric_limits<double>::quiet_NaN()};
  auto exact = [&](int g, double target, int year) {
    const double shift = kernel::exact_shift_for_e0(base.base_mx.col(g), pattern.col(g), kernel::kSexes[g], target,
                                                    year, previous[std::size_t(g)]);
    previous[std::size_t(g)] = shift;
    return shift;
  };

  MortalityPath path;
  path.first_year = base.mortality_base_year;
  path.survival.resize(2 * ages, last_year - base.mortality_base_year + 1);
  for (int year = base.mortality_base_year; year <= last_year; ++year) {
    AgeSexArray mx(ages, kSexCount);
    AgeSexArray ex(ages, kSexCount);
    const int i = year - base.mortality_base_year;
    for (Sex sex : kernel::kSexes) {
      const int g = int(sex);
      const double shift =
          kernel::mortality_shift(assumptions, g, year, base.mortality_base_year, observed_e0[std::size_t(g)], exact);
      kernel::death_rates(&base.base_mx(0, g), &pattern(0, g), shift, 0, ages, &mx(0, g));
      kernel::life_table_functions(mx.col(g), sex, &path.survival(g * ages, i), &ex(0, g));
    }
    path.mx.push_back(std::move(mx));
    path.ex.push_back(std::move(ex));
  }
  return path;
}

PopulationPath project_population(const DemographicBase& base, const DemographicAssumptions& assumptions,
                                  int first_year, int last_year) {
  const int ages = base.top_age + 1;
  for (int year = first_year; year <= std::min(base.jump_off_year, last_year); ++year) {
    if (!base.observed_population.count(year)) {
      throw DomainError(DomainError::Kind::data, "population", "",
                        "no observed population for " + std::to_string(year) +
                            " (needed from the base year to the jump-off year)");
    }
  }
  const kernel::CohortShapes shapes = kernel::cohort_shapes(base);

  PopulationPath path;
  path.first_year = first_year;
  path.mortality = project_mortality(base, assumptions, std::max(last_year, base.mortality_base_year));
  const MortalityPath& mortality = path.mortality;
  auto survival_in = [&](int year) { return &mortality.survival(0, std::max(year, mortality.first_year) - mortality.first_year); };
  auto record = [&](const kernel::CohortFlows& flows) {
    path.births.push_back({flows.births[0], flows.births[1]});
    path.deaths.push_back({flows.deaths[0], flows.deaths[1]});
    path.net_migration.push_back({flows.migration[0], flows.migration[1]});
  };

  // Net migration of the year before the first: the residual of two observed populations.
  path.net_migration_before = std::numeric_limits<double>::quiet_NaN();
  if (auto before = base.observed_population.find(first_year - 1); before != base.observed_population.end()) {
    const kernel::CohortFlows flows = kernel::residual_flows(before->second.data(), base.observed_population.at(first_year).data(),
                                                             survival_in(first_year - 1), ages);
    path.net_migration_before = flows.migration[0] + flows.migration[1];
  }

  const auto* external = assumptions.external_population ? &*assumptions.external_population : nullptr;
  path.persons.push_back(base.observed_population.at(first_year));
  path.projected.push_back(false);
  for (int year = first_year; year < last_year; ++year) {
    const AgeSexArray& now = path.persons.back();
    if (year < base.jump_off_year) {  // observed
      const AgeSexArray& next = base.observed_population.at(year + 1);
      record(kernel::residual_flows(now.data(), next.data(), survival_in(year), ages));
      path.persons.push_back(next);
      path.projected.push_back(false);
      continue;
    }
    if (external) {
      auto found = external->find(year + 1);
      if (found == external->end()) {
        throw DomainError(DomainError::Kind::data, "projection_file", "",
                          "the external population projection has no year " + std::to_string(year + 1));
      }
      CARECAST_CHECK(found->second.rows() == ages, "external projection must cover every age");
      record(kernel::residual_flows(now.data(), found->second.data(), survival_in(year), ages));
      path.persons.push_back(found->second);
      path.projected.push_back(true);
      continue;
    }
    AgeSexArray next(ages, kSexCount);
    kernel::CohortFlows flows;
    const double asked = assumptions.net_migration.at(year);
    kernel::cohort_step(now.data(), survival_in(year), assumptions.total_fertility.at(year),
                        assumptions.sex_ratio_at_birth, asked, shapes, next.data(), flows);
    const double applied = flows.migration[0] + flows.migration[1];
    if (std::abs(applied - asked) > 0.01 * std::abs(asked)) {
      // Less than asked: the emigrants' ages run out of persons. More than asked (net
      // immigration): the ages the profile gives net emigration ran out, so fewer left.
      const bool fewer = std::abs(applied) < std::abs(asked);
      path.warnings.push_back("net migration in " + std::to_string(year) + ": " + format_value(std::round(applied)) +
                              " persons applied of " + format_value(asked) + " asked (" +
                              (fewer ? "the population at risk cannot supply more"
                                     : "the ages with net emigration in the migration profile had too few persons to "
                                       "lose their share") +
                              ")");
    }
    record(flows);
    path.persons.push_back(std::move(next));
    path.projected.push_back(true);
  }
  if (std::isnan(path.net_migration_before) && !path.net_migration.empty()) {
    path.net_migration_before = path.net_migration.front().sum();  // the nearest observed flow
  }
  return path;
}

}  // namespace carecast::engine
