// Population: cohort-component projection by sex and single age, or an external projection.
#pragma once

#include "carecast/engine/types.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace carecast::engine {

// What is known about the population before any assumption is made.
struct DemographicBase {
  int top_age = 105;
  // Observed 1 January populations; must contain every year from the demand base year to
  // the jump-off year. The projection starts from the jump-off year's population.
  std::map<int, AgeSexArray> observed_population;
  int jump_off_year = 0;
  // Central death rates by age and sex in `mortality_base_year`; the mortality
  // assumptions move this schedule forward in time.
  AgeSexArray base_mx;
  int mortality_base_year = 0;
  // Relative speed at which death rates fall at each age and sex, b(a,g) ≥ 0; normalised by
  // the engine to mean 1 over all ages of a sex. Empty means the same speed at every age.
  AgeSexArray mortality_decline_pattern;
  // Age pattern of fertility: births per woman-year by single age (length top_age+1),
  // any level; only its shape is used (it is normalised to sum to 1).
  Eigen::ArrayXd fertility_schedule;
  // Age-sex pattern of net migration (age at the end of the year), any level; only its
  // shape is used (normalised so the signed sum is 1).
  AgeSexArray migration_profile;
};

enum class MortalityMode { improvement_rate, life_expectancy };

// Scenario assumptions on demography; "one-line what-ifs" live here.
struct DemographicAssumptions {
  TimePath total_fertility;          // children per woman
  double sex_ratio_at_birth = 1.055;  // boys per girl
  MortalityMode mortality_mode = MortalityMode::life_expectancy;
  // improvement_rate mode: annual decline of mx where the decline pattern is 1 (its mean),
  // fraction; mx(a,t) = mx(a,t0) · (1 − r)^(b(a)·(t − t0)).
  double mortality_improvement = 0.0;
  // life_expectancy mode: e0 targets by sex, reached by mx(a,t) = mx(a,t0) · exp(−κ(t)·b(a))
  // with κ solved each year; the observed base-year e0 is the path's first knot.
  std::array<TimePath, kSexCount> life_expectancy;
  TimePath net_migration;                        // persons a year, by calendar year of the move
  // When set, this population replaces the cohort-component projection for every year it
  // covers (it must cover jump-off+1 .. end year); mortality is still projected because
  // healthy ageing needs remaining life expectancy.
  std::optional<std::map<int, AgeSexArray>> external_population;
};

// Mortality assumptions turned into death rates for every year from the mortality base year
// to `last_year`, plus the remaining life expectancy they imply.
struct MortalityPath {
  int first_year = 0;
  std::vector<AgeSexArray> mx;  // index year - first_year
  std::vector<AgeSexArray> ex;  // remaining life expectancy at exact age a
  // One-year survival of the same life tables, (2·ages) × years, column year − first_year, row
  // g·ages + r: r < top−1 from age r to r+1, top−1 into the open group, top births alive
  // on the next 1 January (L(0)).
  Eigen::MatrixXd survival;
  const AgeSexArray& mx_in(int year) const { return mx.at(static_cast<std::size_t>(year - first_year)); }
  const AgeSexArray& ex_in(int year) const { return ex.at(static_cast<std::size_t>(year - first_year)); }
  int last_year() const { return first_year + static_cast<int>(mx.size()) - 1; }
};

// Death rates, life expectancy and survival from the mortality base year to `last_year`.
// Throws DomainError (errors.hpp) when a life-expectancy target cannot be reached.
MortalityPath project_mortality(const DemographicBase& base, const DemographicAssumptions& assumptions,
                                int last_year);

// The population every year from `first_year` to `last_year` with the flows between years.
// Flows at index i describe the year first_year + i (from 1 Jan of that year to 1 Jan of the
// next); for observed years they are recovered as residuals (births = age 0 next year,
// deaths and migration together), so the accounting identity
//   P(t+1) = P(t) + births(t) - deaths(t) + net_migration(t)
// holds for every year in both sexes.
struct PopulationPath {
  int first_year = 0;
  std::vector<AgeSexArray> persons;     // 1 January, index year - first_year
  std::vector<Eigen::Array2d> births;   // by sex, during the year
  std::vector<Eigen::Array2d> deaths;   // by sex
  std::vector<Eigen::Array2d> net_migration;  // by sex, as applied (where cells ran empty, less than asked)
  std::vector<bool> projected;          // false for observed years
  MortalityPath mortality;
  // Net migration during the year before first_year (the residual of the observed
  // populations), persons; without an observed population for that year, the first year's.
  double net_migration_before = 0.0;
  // Years whose applied net migration differs from the assumption by more than 1 %.
  std::vector<std::string> warnings;

  int last_year() const { return first_year + static_cast<int>(persons.size()) - 1; }
  const AgeSexArray& in(int year) const { return persons.at(static_cast<std::size_t>(year - first_year)); }
};

// Projects from base.observed_population[first_year] (observed up to the jump-off year,
// then cohort-component or external) to `last_year`. Throws DomainError (data) when the
// observed years do not cover first_year..jump_off_year or an external projection misses a
// year, and what project_mortality throws.
PopulationPath project_population(const DemographicBase& base, const DemographicAssumptions& assumptions,
                                  int first_year, int last_year);

}  // namespace carecast::engine
