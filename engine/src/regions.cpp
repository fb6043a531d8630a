#include "carecast/engine/regions.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/model.hpp"
#include "kernel.hpp"
#include "regional_steps.hpp"

namespace carecast::engine {
namespace {

// The year's survival column of a mortality path; years outside it take the nearest year's.
const double* survival_in(const MortalityPath& mortality, int year) {
  const int last = int(mortality.survival.cols()) - 1;
  return &mortality.survival(0, std::clamp(year - mortality.first_year, 0, last));
}

// Survivors on the next 1 January of the population `now`, aged one year, as cohort_step
// ages them (the open group gathers the last two ages); age 0 is left at zero.
AgeSexArray survivors_of(const AgeSexArray& now, const double* survival) {
  const int ages = int(now.rows()), top = ages - 1;
  AgeSexArray after = AgeSexArray::Zero(ages, kSexCount);
  for (int g = 0; g < kSexCount; ++g) {
    const double* s = survival + g * ages;
    for (int a = 1; a < top; ++a) after(a, g) = now(a - 1, g) * s[a - 1];
    after(top, g) = (now(top - 1, g) + now(top, g)) * s[top - 1];
  }
  return after;
}

// Women's person-years weighted by the fertility shape between two 1 January populations, as
// the cohort step counts them (kernel::fertility_years): births = TFR × this.
double fertility_years(const kernel::CohortShapes& shapes, const AgeSexArray& now, const AgeSexArray& next) {
  const int female = int(Sex::female);
  return kernel::fertility_years(shapes, now.col(female).data(), next.col(female).data());
}

// Infants on 1 January per birth of the year: L(0) of each sex.
double survival_at_birth(const double* survival, int ages, int g) { return survival[g * ages + ages - 1]; }

const std::vector<AgeSexArray>& observed_in(const RegionalData& regions, int year, const char* why) {
  auto found = regions.observed.find(year);
  if (found == regions.observed.end()) {
    throw DomainError(DomainError::Kind::data, "regions_population", "",
                      "no observed county population for " + std::to_string(year) + " (" + why + ")");
  }
  CARECAST_CHECK(found->second.size() == regions.counties.size(), "every county must be observed every year");
  return found->second;
}

AgeSexArray sum_of(const std::vector<AgeSexArray>& parts) {
  AgeSexArray total = AgeSexArray::Zero(parts.front().rows(), kSexCount);
  for (const AgeSexArray& part : parts) total += part;
  return total;
}

// Makes the regions add up to the national population in every cell; fallback: the regions'
// shares of all persons, or where the regions hold nobody at all (net emigration can empty the
// country), `last_resort` (the counties' persons in the first observed year).
void adjust_cells(std::vector<AgeSexArray>& regions, const AgeSexArray& national,
                  const std::vector<double>& last_resort = {}) {
  std::vector<double> fallback, parts(regions.size());
  for (const AgeSexArray& region : regions) fallback.push_back(region.sum());
  if (!last_resort.empty() && std::all_of(fallback.begin(), fallback.end(), [](double w) { return w == 0.0; })) {
    fallback = last_resort;
  }
  for (int g = 0; g < kSexCount; ++g) {
    for (Eigen::Index a = 0; a < national.rows(); ++a) {
      for (std::size_t c = 0; c < regions.size(); ++c) parts[c] = regions[c](a, g);
      adjust_to_total(parts, national(a, g), fallback);
      for (std::size_t c = 0; c < regions.size(); ++c) regions[c](a, g) = parts[c];
    }
  }
}

// Sums of the counties by health region.
std::vector<AgeSexArray> by_health_region(const RegionalData& regions, const std::vector<AgeSexArray>& counties) {
  std::vector<AgeSexArray> out(regions.health_regions.size(), AgeSexArray::Zero(counties.front().rows(), kSexCount));
  for (std::size_t c = 0; c < counties.size(); ++c) out[std::size_t(regions.health_region_of[c])] += counties[c];
  return out;
}

}  // namespace

void adjust_to_total(std::vector<double>& parts, double total, const std::vector<double>& fallback) {
  CARECAST_CHECK(!parts.empty() && fallback.size() == parts.size(), "one fallback weight per part");
  double sum = 0.0;
  for (double part : parts) sum += part;
  if (sum != 0.0) {
    const double factor = total / sum;
    for (double& part : parts) part *= factor;
  } else if (total != 0.0) {
    double weights = 0.0;
    for (double weight : fallback) weights += weight;
    CARECAST_CHECK(weights > 0.0, "fallback weights must not all be zero");
    for (std::size_t i = 0; i < parts.size(); ++i) parts[i] = total * fallback[i] / weights;
  }
  // Proportional scaling leaves a remainder of a few ulps. The last non-zero part in region
  // order takes it: the sum in order is then one rounding of (sum before it) + that part, which
  // moves by at most an ulp of the total as the part moves by one of its own ulps, so a few
  // steps meet the total exactly. (Were the part to turn negative, the largest takes it.)
  const auto in_order = [&] {
    double sum_in_order = 0.0;
    for (double part : parts) sum_in_order += part;
    return sum_in_order;
  };
  std::size_t last = parts.size() - 1;
  while (last > 0 && parts[last] == 0.0) --last;
  const bool non_negative = std::all_of(parts.begin(), parts.end(), [](double part) { return part >= 0.0; });
  const auto settle = [&](std::size_t at) {
    if ((sum = in_order()) != total) parts[at] += total - sum;
    for (int step = 0; step < 64 && (sum = in_order()) != total; ++step) {
      parts[at] = std::nextafter(parts[at], sum < total ? HUGE_VAL : -HUGE_VAL);
    }
  };
  const double kept = parts[last];
  settle(last);
  if (non_negative && parts[last] < 0.0) {
    parts[last] = kept;
    settle(std::size_t(std::max_element(parts.begin(), parts.end()) - parts.begin()));
  }
}

namespace {

// step_county with the base's cohort shapes computed once by the caller.
AgeSexArray step_with_shapes(kernel::CohortShapes& shapes, const AgeSexArray& now,
                             const MortalityPath& mortality, int year, double total_fertility,
                             double sex_ratio_at_birth, const AgeSexArray& migration) {
  CARECAST_CHECK(now.rows() == shapes.ages && migration.rows() == shapes.ages, "a county covers every age");
  // The cohort step adds `net_migration` × the shape to each cell: with the level 1, the
  // shape is the county's net migration by cell in persons.
  shapes.migration = migration;
  AgeSexArray next(shapes.ages, kSexCount);
  kernel::CohortFlows flows;
  kernel::cohort_step(now.data(), survival_in(mortality, year), total_fertility, sex_ratio_at_birth, 1.0, shapes,
                      next.data(), flows);
  return next;
}

}  // namespace

AgeSexArray step_county(const BaseData& base, const AgeSexArray& now, const MortalityPath& mortality,
                        int year, double total_fertility, double sex_ratio_at_birth,
                        const AgeSexArray& migration) {
  kernel::CohortShapes shapes = kernel::cohort_shapes(base.demography);
  return step_with_shapes(shapes, now, mortality, year, total_fertility, sex_ratio_at_birth, migration);
}

ResidualMigration estimate_residual_migration(const BaseData& base, const RegionalData& regions,
                                              const MortalityPath& mortality, double sex_ratio_at_birth) {
  CARECAST_CHECK(!regions.counties.empty(), "no counties");
  CARECAST_CHECK(regions.last_estimation_year >= regions.first_estimation_year, "no estimation years");
  const kernel::CohortShapes shapes = kernel::cohort_shapes(base.demography);
  const int ages = shapes.ages;
  const std::size_t counties = regions.counties.size();
  const double boys_share = sex_ratio_at_birth / (1.0 + sex_ratio_at_birth);
  const std::array<double, kSexCount> sex_share{1.0 - boys_share, boys_share};
  ResidualMigration out;

  // f_c: births implied by the infants (infants / L0) over births at the national level.
  std::vector<double> implied(counties, 0.0), expected(counties, 0.0);
  for (int t = regions.first_estimation_year; t <= regions.last_estimation_year; ++t) {
    const auto& now = observed_in(regions, t, "an estimation year");
    const auto& next = observed_in(regions, t + 1, "the year after an estimation year");
    const double* survival = survival_in(mortality, t);
    const AgeSexArray nation_now = sum_of(now), nation_next = sum_of(next);
    double births = 0.0;
    for (int g = 0; g < kSexCount; ++g) births += nation_next(0, g) / survival_at_birth(survival, ages, g);
    const double tfr = births / fertility_years(shapes, nation_now, nation_next);
    out.national_tfr.push_back(tfr);
    for (std::size_t c = 0; c < counties; ++c) {
      for (int g = 0; g < kSexCount; ++g) implied[c] += next[c](0, g) / survival_at_birth(survival, ages, g);
      expected[c] += tfr * fertility_years(shapes, now[c], next[c]);
    }
  }
  for (std::size_t c = 0; c < counties; ++c) {
    out.fertility_factor.push_back(expected[c] > 0.0 ? implied[c] / expected[c] : 1.0);
  }

  // m_c(g,a,t): what the cohort step with f_c leaves unexplained.
  out.mean.assign(counties, AgeSexArray::Zero(ages, kSexCount));
  std::vector<AgeSexArray> mean_share(counties, AgeSexArray::Zero(ages, kSexCount));
  const int years = regions.last_estimation_year - regions.first_estimation_year + 1;
  for (int t = regions.first_estimation_year; t <= regions.last_estimation_year; ++t) {
    const auto& now = observed_in(regions, t, "an estimation year");
    const auto& next = observed_in(regions, t + 1, "the year after an estimation year");
    const double* survival = survival_in(mortality, t);
    const double tfr = out.national_tfr[std::size_t(t - regions.first_estimation_year)];
    const AgeSexArray nation_now = sum_of(now);
    std::vector<AgeSexArray>& flows = out.by_year.emplace_back();
    for (std::size_t c = 0; c < counties; ++c) {
      AgeSexArray migration = next[c] - survivors_of(now[c], survival);
      const double births = out.fertility_factor[c] * tfr * fertility_years(shapes, now[c], next[c]);
      for (int g = 0; g < kSexCount; ++g) {
        migration(0, g) = next[c](0, g) - births * sex_share[std::size_t(g)] * survival_at_birth(survival, ages, g);
      }
      out.mean[c] += migration / double(years);
      mean_share[c] += (nation_now > 0.0).select(now[c] / nation_now.max(1e-300), 0.0) / double(years);
      flows.push_back(std::move(migration));
    }
  }
  const AgeSexArray national_mean = sum_of(out.mean);
  for (std::size_t c = 0; c < counties; ++c) out.beyond_share.push_back(out.mean[c] - mean_share[c] * national_mean);
  return out;
}

namespace {

// project_counties with the residual-method estimates given (null: estimated here).
std::vector<std::vector<AgeSexArray>> counties_from(const BaseData& base, const RegionalData& regions,
                                                    const ScenarioParameters& scenario,
                                                    const PopulationPath& national,
                                                    const ResidualMigration* given) {
  const int first = base.base_year, last = base.end_year, jump_off = base.demography.jump_off_year;
  CARECAST_CHECK(national.first_year <= first && national.last_year() >= last, "the national path must cover the run");
  const double sex_ratio = scenario.demography.sex_ratio_at_birth;
  std::optional<ResidualMigration> estimated;
  if (!given) estimated = estimate_residual_migration(base, regions, national.mortality, sex_ratio);
  const ResidualMigration& residual = given ? *given : *estimated;
  kernel::CohortShapes shapes = kernel::cohort_shapes(base.demography);
  const int ages = shapes.ages;
  const std::size_t counties = regions.counties.size();

  std::vector<double> first_observed;
  double first_persons = 0.0;
  for (const AgeSexArray& county : observed_in(regions, first, "the base year")) {
    first_observed.push_back(county.sum());
    first_persons += first_observed.back();
  }
  std::vector<std::vector<AgeSexArray>> out;
  for (int year = first; year <= std::min(jump_off, last); ++year) {
    std::vector<AgeSexArray> observed = observed_in(regions, year, "a year up to the jump-off year");
    adjust_cells(observed, national.in(year), first_observed);
    out.push_back(std::move(observed));
  }
  for (int year = jump_off; year < last; ++year) {
    const AgeSexArray& nation_now = national.in(year);
    const AgeSexArray& nation_next = national.in(year + 1);
    const double* survival = survival_in(national.mortality, year);
    const Eigen::Array2d& births = national.births.at(std::size_t(year - national.first_year));
    // The national net migration of each cell (its residual, whichever way it was projected)
    // and the fertility level of the year.
    AgeSexArray moved = nation_next - survivors_of(nation_now, survival);
    for (int g = 0; g < kSexCount; ++g) moved(0, g) = nation_next(0, g) - births(g) * survival_at_birth(survival, ages, g);
    // (No woman of fertile age left, after strong net emigration: no births, whatever the level.)
    const double woman_years = fertility_years(shapes, nation_now, nation_next);
    const double tfr = woman_years > 0.0 ? births.sum() / woman_years : 0.0;
    const std::vector<AgeSexArray>& now = out.back();
    double persons = 0.0;
    for (const AgeSexArray& county : now) persons += county.sum();
    std::vector<AgeSexArray> next;
    for (std::size_t c = 0; c < counties; ++c) {
      // A cell the nation has nobody in takes the county's share of all persons (of the first
      // year's, once nobody is left).
      const double share_of_all = persons > 0.0 ? now[c].sum() / persons : first_observed[c] / first_persons;
      const AgeSexArray share = (nation_now > 0.0).select(now[c] / nation_now.max(1e-300), share_of_all);
      next.push_back(step_with_shapes(shapes, now[c], national.mortality, year,
                                      residual.fertility_factor[c] * tfr, sex_ratio,
                                      share * moved + residual.beyond_share[c]));
    }
    adjust_cells(next, nation_next, first_observed);
    out.push_back(std::move(next));
  }
  return out;
}

}  // namespace

std::vector<std::vector<AgeSexArray>> project_counties(const BaseData& base, const RegionalData& regions,
                                                       const ScenarioParameters& scenario,
                                                       const PopulationPath& national) {
  return counties_from(base, regions, scenario, national, nullptr);
}

namespace regional {

std::vector<std::vector<AgeSexArray>> regional_populations(const BaseData& base, const RegionalData& regions,
                                                           const ScenarioParameters& scenario,
                                                           const PopulationPath& national,
                                                           const ResidualMigration* residual) {
  CARECAST_CHECK(regions.level != RegionLevel::none, "regional populations need a level");
  const std::vector<std::vector<AgeSexArray>> counties =
      counties_from(base, regions, scenario, national, residual);
  const bool by_county = regions.level == RegionLevel::county;
  const std::size_t count = by_county ? regions.counties.size() : regions.health_regions.size();
  std::vector<std::vector<AgeSexArray>> population(count);
  for (std::size_t y = 0; y < counties.size(); ++y) {
    std::vector<AgeSexArray> level = by_county ? counties[y] : by_health_region(regions, counties[y]);
    // Health regions too add up to the nation exactly (their sums of counties do up to the
    // order of the additions).
    if (!by_county) adjust_cells(level, national.in(base.base_year + int(y)));
    for (std::size_t r = 0; r < count; ++r) population[r].push_back(std::move(level[r]));
  }
  return population;
}

Eigen::MatrixXd use_log_ratios(const BaseData& base, const HealthyAgeing& ageing,
                               const MortalityPath& mortality, int ages) {
  const int years = base.end_year - base.base_year + 1;
  return ageing.method == HealthyAgeingMethod::mortality_ratio
             ? kernel::mortality_log_ratios(mortality, base.base_year, years, ageing.threshold_age, ages)
             : Eigen::MatrixXd::Zero(2 * ages, years);
}

void regional_use_sums(const BaseData& base, const RegionalData& regions, const kernel::DemandBase& demand,
                       const HealthyAgeing& ageing, const MortalityPath& mortality,
                       const Eigen::MatrixXd& log_ratio,
                       const std::vector<std::vector<AgeSexArray>>& population,
                       std::vector<Eigen::MatrixXd>& use) {
  const int ages = demand.ages, years = demand.year_count;
  const std::size_t count = population.size();
  auto expectancy_in = [&](int year) {
    return mortality.ex_in(std::clamp(year, mortality.first_year, mortality.last_year())).data();
  };
  use.resize(count);
  // (Regional demand reads W only; W67 is written where the method needs somewhere to put it.)
  const bool old_by_age = kernel::weights_67plus_by_age(ageing);
  Eigen::MatrixXd weights(2 * ages, years), weights_67plus(old_by_age ? 0 : 2 * ages, years);
  Eigen::MatrixXd sums(demand.services, years), grouped;
  std::vector<double> scratch(std::size_t(4 * (ages + 1)), 0.0);
  // Healthy ageing as in the national projection (kernel::use_weights, either method), then
  // every year's sums at once.
  for (std::size_t r = 0; r < count; ++r) {
    for (int i = 0; i < years; ++i) {
      const int year = base.base_year + i;
      kernel::use_weights(ageing, i == 0, population[r][std::size_t(i)].data(), expectancy_in(year),
                          expectancy_in(base.base_year), &log_ratio(0, log_ratio.cols() > i ? i : 0), ages,
                          &weights(0, i), old_by_age ? nullptr : &weights_67plus(0, i), scratch.data());
    }
    kernel::rate_sums(demand, demand.group_rates, weights.data(), years, grouped, sums);
    use[r] = sums.transpose();
  }
  // Regional base-year calibration: c_j^r = observed / F_j^r(t0) where given.
  if (regions.calibration.size() > 0) {
    CARECAST_CHECK(regions.calibration.rows() == Eigen::Index(count) && regions.calibration.cols() == demand.services,
                   "calibration must be regions x services");
    for (std::size_t r = 0; r < count; ++r) {
      for (Eigen::Index j = 0; j < demand.services; ++j) {
        const double observed = regions.calibration(Eigen::Index(r), j);
        if (std::isnan(observed) || !(use[r](0, j) > 0.0)) continue;
        use[r].col(j) *= observed / use[r](0, j);
      }
    }
  }
}

void split_services(const std::vector<Eigen::MatrixXd>& use, Eigen::Index year, const double* national,
                    const std::vector<double>& fallback, std::vector<double>& parts, Eigen::MatrixXd& out) {
  const std::size_t count = use.size();
  const Eigen::Index services = use.front().cols();
  parts.resize(count);
  out.resize(Eigen::Index(count), services);
  for (Eigen::Index j = 0; j < services; ++j) {
    for (std::size_t r = 0; r < count; ++r) parts[r] = use[r](year, j);
    adjust_to_total(parts, national[j], fallback);
    for (std::size_t r = 0; r < count; ++r) out(Eigen::Index(r), j) = parts[r];
  }
}

RegionalResult regional_result(const BaseData& base, const RegionalData& regions, const ScenarioParameters& scenario,
                               const ScenarioResult& national, const kernel::DemandBase& demand,
                               const Eigen::MatrixXd& log_ratio) {
  CARECAST_CHECK(regions.level != RegionLevel::none, "a regional result needs a level");
  RegionalResult result;
  result.level = regions.level;
  result.years = national.years;
  result.regions = regions.level == RegionLevel::county ? regions.counties : regions.health_regions;
  result.population = regional_populations(base, regions, scenario, *national.population);
  const std::size_t count = result.regions.size();
  const int years = int(national.years.size());

  // The national profiles on each region's population: F_j^r(t) = Rᵀ W^r(t).
  std::vector<Eigen::MatrixXd> use;
  regional_use_sums(base, regions, demand, scenario.healthy_ageing, national.population->mortality, log_ratio,
                    result.population, use);

  std::vector<double> parts(count), fallback(count);
  Eigen::MatrixXd shares;
  Eigen::VectorXd national_year(demand.services);
  result.service_arsverk.assign(count, Eigen::MatrixXd(years, demand.services));
  result.profession_arsverk.assign(count, Eigen::MatrixXd(years, demand.professions));
  for (int i = 0; i < years; ++i) {
    for (std::size_t r = 0; r < count; ++r) fallback[r] = result.population[r][std::size_t(i)].sum();
    national_year = national.service_arsverk.row(i).transpose();
    split_services(use, i, national_year.data(), fallback, parts, shares);
    for (std::size_t r = 0; r < count; ++r) result.service_arsverk[r].row(i) = shares.row(Eigen::Index(r));
    for (Eigen::Index k = 0; k < demand.professions; ++k) {
      for (std::size_t r = 0; r < count; ++r) parts[r] = result.service_arsverk[r].row(i).dot(demand.mix.col(k));
      adjust_to_total(parts, national.profession_arsverk(i, k), fallback);
      for (std::size_t r = 0; r < count; ++r) result.profession_arsverk[r](i, k) = parts[r];
    }
  }
  return result;
}

}  // namespace regional

RegionalResult regional_result(const BaseData& base, const RegionalData& regions,
                               const ScenarioParameters& scenario, const ScenarioResult& national) {
  const kernel::DemandBase demand = kernel::demand_base(base, national.population->in(base.base_year));
  return regional::regional_result(
      base, regions, scenario, national, demand,
      regional::use_log_ratios(base, scenario.healthy_ageing, national.population->mortality, demand.ages));
}

}  // namespace carecast::engine
