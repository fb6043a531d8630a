#include "kernel.hpp"
#include "vector_exp.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/life_table.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <stdexcept>
#include <string>

namespace carecast::engine::kernel {

// ---------------------------------------------------------------- mortality

void life_table_functions(const Eigen::ArrayXd& mx, Sex sex, double* survival, double* expectancy) {
  const LifeTable table = life_table(mx, sex);
  const Eigen::Index top = mx.size() - 1;
  // Past an age whose death rate is 2 or more (a death probability of 1 with deaths in mid-year)
  // nobody of the life table is left: the survival of those ages is 0, not 0/0.
  const auto ratio = [](double after, double before) { return before > 0.0 ? after / before : 0.0; };
  for (Eigen::Index a = 0; a + 1 < top; ++a) survival[a] = ratio(table.Lx(a + 1), table.Lx(a));
  survival[top - 1] = ratio(table.Tx(top), table.Tx(top - 1));
  survival[top] = table.Lx(0);
  for (Eigen::Index a = 0; a <= top; ++a) expectancy[a] = table.ex(a);
}

AgeSexArray decline_pattern(const DemographicBase& base) {
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
  return pattern;
}

void death_rates(const double* base_mx, const double* pattern, double shift, int from_age, int ages, double* mx) {
  const Eigen::Index n = ages - from_age;
  if (n <= 0) return;
  using Column = Eigen::Map<const Eigen::ArrayXd>;
  Eigen::Map<Eigen::ArrayXd>(mx + from_age, n) = Column(base_mx + from_age, n) * (-shift * Column(pattern + from_age, n)).exp();
}

std::array<double, kSexCount> observed_e0(const DemographicBase& base) {
  std::array<double, kSexCount> e0{};
  for (Sex sex : kSexes) e0[std::size_t(sex)] = life_expectancy_at_birth(base.base_mx.col(int(sex)), sex);
  return e0;
}

double anchored_value(const TimePath& path, int year0, double value0, int year) {
  const auto& knots = path.knots();
  if (knots.front().first <= year0 || year >= knots.front().first) return path.at(year);
  if (year <= year0) return value0;
  const double weight = double(year - year0) / double(knots.front().first - year0);
  return value0 + weight * (knots.front().second - value0);
}

double exact_shift_for_e0(const Eigen::ArrayXd& base_mx, const Eigen::ArrayXd& pattern, Sex sex, double target,
                          int year, double hint) {
  try {
    return mortality_shift_for_e0(base_mx, pattern, sex, target, hint);
  } catch (const std::domain_error&) {
    // The reachable range: e0 at the ends of the solver's bracket.
    const double low = life_expectancy_at_birth(base_mx * (20.0 * pattern).exp(), sex);
    const double high = life_expectancy_at_birth(base_mx * (-20.0 * pattern).exp(), sex);
    // One decimal, or as many more (up to six) as it takes for the target not to read as the
    // bound it passes ("115.6 years is out of reach (reachable: 0.3 to 115.6)"); three
    // significant digits for a size no life reaches (base death rates near 0 give a base-year
    // life expectancy of 1e299 years, and the path starts there).
    int decimals = 1;
    const auto years = [&decimals](double e0) {
      char text[64];
      if (std::abs(e0) < 1e6) {
        std::snprintf(text, sizeof text, "%.*f", decimals, e0);
      } else {
        std::snprintf(text, sizeof text, "%.3g", e0);
      }
      return std::string(text);
    };
    while (decimals < 6 && (years(target) == years(low) || years(target) == years(high))) ++decimals;
    throw DomainError(DomainError::Kind::parameter,
                      std::string("demography.mortality.life_expectancy.") + std::string(kSexNames[int(sex)]),
                      format_value(target),
                      "the life expectancy at birth this asks for in " + std::to_string(year) + ", " + years(target) +
                          " years, is out of reach: no death rates reachable from the base year along the decline "
                          "pattern give it (reachable: " +
                          years(low) + " to " + years(high) + " years)");
  }
}

// ---------------------------------------------------------------- population

CohortShapes cohort_shapes(const DemographicBase& base) {
  const int ages = base.top_age + 1;
  CARECAST_CHECK(base.fertility_schedule.size() == ages, "fertility schedule must cover every age");
  CARECAST_CHECK(base.migration_profile.rows() == ages, "migration profile must cover every age");
  const double schedule_sum = base.fertility_schedule.sum();
  const double migration_sum = base.migration_profile.sum();
  // The shapes are normalised by these sums, so data that the file formats allow (every rate
  // ≥ 0, net migration of either sign) can still leave nothing to normalise.
  if (!(schedule_sum > 0.0 && std::isfinite(schedule_sum))) {
    throw DomainError(DomainError::Kind::data, "fertility", format_value(schedule_sum),
                      "the fertility rates of the schedule years (data.fertility.schedule_years) sum to " +
                          format_value(schedule_sum) +
                          "; the age pattern of births needs a positive, finite sum");
  }
  if (!(migration_sum != 0.0 && std::isfinite(migration_sum))) {
    throw DomainError(DomainError::Kind::data, "migration", format_value(migration_sum),
                      "the net migration of the profile years (data.migration.profile_years) sums to " +
                          format_value(migration_sum) +
                          " over all ages and both sexes; its age pattern is scaled to each year's net "
                          "migration, so the sum must be finite and not 0");
  }
  CohortShapes shapes;
  shapes.ages = ages;
  shapes.fertility = base.fertility_schedule / schedule_sum;
  shapes.migration = base.migration_profile / migration_sum;
  shapes.emigration = shapes.migration.max(0.0);
  shapes.emigration.row(0).setZero();
  const double positive = shapes.emigration.sum();
  if (!(positive > 0.0)) {
    throw DomainError(DomainError::Kind::data, "migration", "",
                      "the net-migration profile (data.migration.profile_years) has no cell of the sign of "
                      "its sum at ages 1 and older; emigration (a negative net migration) is spread over "
                      "those cells, and infants are born after the move");
  }
  shapes.emigration /= positive;
  const auto fertile = [&](int a) { return shapes.fertility(a) != 0.0; };
  shapes.fertile_from = 1;
  while (shapes.fertile_from < ages && !fertile(shapes.fertile_from)) ++shapes.fertile_from;
  shapes.fertile_to = ages;
  while (shapes.fertile_to > shapes.fertile_from && !fertile(shapes.fertile_to - 1)) --shapes.fertile_to;
  return shapes;
}

namespace {

// Sums and dot products with eight running sums: term i goes to sum i mod 8, the eight are
// added pairwise in a fixed order, then the last n mod 8 terms one by one. Eight sums are
// vectorised on any width (they do not wait on each other as one running sum would), and the
// order does not depend on the vector width, the build or where the array lies in memory, so
// the run path and the draws agree exactly on every processor. The cohort step's loops below
// work the same way: blocks of eight ages, each pass updating the cells and adding up what
// changed. Each is a plain loop that GCC vectorises, compiled three times (target_clones:
// AVX-512F, eight lanes, AVX2, four, and the baseline, two) and picked at load time; the same
// operations in the same order on every lane and no fused multiply-add (the engine is built
// with -ffp-contract=off, and a test sees that no FMA instruction is in it), so all three give
// the same bits.
constexpr int kLanes = 8;

double combine(const double (&s)[kLanes]) {
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

CARECAST_WIDE_CLONES double sum(const double* __restrict x, int n) {
  double s[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int k = 0; k < kLanes; ++k) s[k] += x[i + k];
  }
  double total = combine(s);
  for (; i < n; ++i) total += x[i];
  return total;
}

// The dot product's body, inlined into each clone of the two functions below.
[[gnu::always_inline]] inline double eight_lane_dot(const double* __restrict x, const double* __restrict y, int n) {
  double s[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int k = 0; k < kLanes; ++k) s[k] += x[i + k] * y[i + k];
  }
  double total = combine(s);
  for (; i < n; ++i) total += x[i] * y[i];
  return total;
}

CARECAST_WIDE_CLONES double dot(const double* __restrict x, const double* __restrict y, int n) {
  return eight_lane_dot(x, y, n);
}

// out[j] = dot(columns + j·n, x, n) for j in [0, count): several dot products in one call.
CARECAST_WIDE_CLONES void dots(const double* __restrict columns, int n, int count, const double* __restrict x,
                               double* __restrict out) {
  for (int j = 0; j < count; ++j) out[j] = eight_lane_dot(columns + std::ptrdiff_t(j) * n, x, n);
}

// after[a] = before[a − 1]·s[a − 1] for a in [1, top); returns Σ before[a − 1] − after[a] (deaths).
CARECAST_WIDE_CLONES double survive(const double* __restrict before, const double* __restrict s, int top,
                                    double* __restrict after) {
  double died[kLanes] = {};
  int a = 1;
  for (; a + kLanes <= top; a += kLanes) {
    for (int k = 0; k < kLanes; ++k) {
      const double lived = before[a - 1 + k], survivors = lived * s[a - 1 + k];
      after[a + k] = survivors;
      died[k] += lived - survivors;
    }
  }
  double total = combine(died);
  for (; a < top; ++a) {
    after[a] = before[a - 1] * s[a - 1];
    total += before[a - 1] - after[a];
  }
  return total;
}

// cell[a] = max(0, cell[a] + L·shape[a]) for a in [1, ages); returns what the cells gained.
CARECAST_WIDE_CLONES double immigrate(double net_migration, const double* __restrict shape, int ages,
                                      double* __restrict cell) {
  double moved[kLanes] = {};
  int a = 1;
  for (; a + kLanes <= ages; a += kLanes) {
    for (int k = 0; k < kLanes; ++k) {
      const double survivors = cell[a + k], value = survivors + net_migration * shape[a + k];
      const double after = 0.0 > value ? 0.0 : value;
      cell[a + k] = after;
      moved[k] += after - survivors;
    }
  }
  double total = combine(moved);
  for (; a < ages; ++a) {
    const double survivors = cell[a];
    cell[a] = std::max(0.0, survivors + net_migration * shape[a]);
    total += cell[a] - survivors;
  }
  return total;
}

// cell[a] −= min(1, scale·shape[a])·cell[a] for a in [1, ages); returns what the cells lost, negated.
CARECAST_WIDE_CLONES double emigrate(double scale, const double* __restrict shape, int ages, double* __restrict cell) {
  double moved[kLanes] = {};
  int a = 1;
  for (; a + kLanes <= ages; a += kLanes) {
    for (int k = 0; k < kLanes; ++k) {
      const double survivors = cell[a + k], share = scale * shape[a + k];
      const double emigrants = (1.0 < share ? 1.0 : share) * survivors;
      cell[a + k] = survivors - emigrants;
      moved[k] -= emigrants;
    }
  }
  double total = combine(moved);
  for (; a < ages; ++a) {
    const double emigrants = std::min(1.0, scale * shape[a]) * cell[a];
    cell[a] -= emigrants;
    total -= emigrants;
  }
  return total;
}


}  // namespace

double fertility_years(const CohortShapes& shapes, const double* now, const double* next) {
  const int from = shapes.fertile_from, n = shapes.fertile_to - from;
  const double* shape = shapes.fertility.data() + from;
  return 0.5 * (dot(shape, now + from, n) + dot(shape, next + from, n));
}

void cohort_step(const double* now, const double* survival, double total_fertility, double sex_ratio_at_birth,
                 double net_migration, const CohortShapes& shapes, double* next, CohortFlows& flows) {
  const int ages = shapes.ages, top = ages - 1;
  // Survivors, aged one year; the open group gathers the last two ages. Deaths: what the
  // cells lost.
  for (int g = 0; g < kSexCount; ++g) {
    const double* before = now + g * ages;
    const double* s = survival + g * ages;
    double* after = next + g * ages;
    const double died = survive(before, s, top, after);
    const double oldest = before[top - 1] + before[top];
    after[top] = oldest * s[top - 1];
    flows.deaths[std::size_t(g)] = died + (oldest - after[top]);
  }
  // Net migration by age at the end of the year, ages 1 and older (age 0 below); the
  // migration applied is what the cells gained or lost.
  if (net_migration >= 0.0) {
    for (int g = 0; g < kSexCount; ++g) {
      flows.migration[std::size_t(g)] = immigrate(net_migration, &shapes.migration(0, g), ages, next + g * ages);
    }
  } else {
    const double at_risk = dot(&shapes.emigration(1, 0), next + 1, top) + dot(&shapes.emigration(1, 1), next + ages + 1, top);
    const double scale = at_risk > 0.0 ? -net_migration / at_risk : 0.0;
    for (int g = 0; g < kSexCount; ++g) {
      flows.migration[std::size_t(g)] = emigrate(scale, &shapes.emigration(0, g), ages, next + g * ages);
    }
  }
  // Births from women's person-years during the year (mean of the two 1 January
  // populations, the later one with migrants), as fertility rates are per woman-year.
  const int female = int(Sex::female);
  const double births = total_fertility * fertility_years(shapes, now + female * ages, next + female * ages);
  const double boys_share = sex_ratio_at_birth / (1.0 + sex_ratio_at_birth);
  static_assert(int(Sex::female) == 0 && int(Sex::male) == 1);
  flows.births = {births * (1.0 - boys_share), births * boys_share};
  for (int g = 0; g < kSexCount; ++g) {
    const double infants = flows.births[std::size_t(g)] * survival[g * ages + top];
    flows.deaths[std::size_t(g)] += flows.births[std::size_t(g)] - infants;
    // Infants take part in net immigration, not in emigration (their emigration propensity is
    // folded into the older ages: shapes.emigration is zero at age 0).
    const double moved = net_migration >= 0.0 ? std::max(-infants, net_migration * shapes.migration(0, g)) : 0.0;
    next[g * ages] = infants + moved;
    flows.migration[std::size_t(g)] += moved;
  }
}

CohortFlows residual_flows(const double* now, const double* next, const double* survival, int ages) {
  const int top = ages - 1;
  CohortFlows flows;
  for (int g = 0; g < kSexCount; ++g) {
    const int o = g * ages;
    const double* s = survival + o;
    const double born = next[o] / s[top];
    double died = born - next[o];
    for (int a = 0; a + 1 < top; ++a) died += now[o + a] * (1.0 - s[a]);
    died += (now[o + top - 1] + now[o + top]) * (1.0 - s[top - 1]);
    double sum_now = 0.0, sum_next = 0.0;
    for (int a = 0; a < ages; ++a) {
      sum_now += now[o + a];
      sum_next += next[o + a];
    }
    flows.births[std::size_t(g)] = born;
    flows.deaths[std::size_t(g)] = died;
    flows.migration[std::size_t(g)] = sum_next - sum_now - born + died;
  }
  return flows;
}

// ---------------------------------------------------------------- demand

}  // namespace carecast::engine::kernel

namespace carecast::engine {

SweepLayout sweep_layout(const BaseData& base) {
  SweepLayout layout;
  for (int year = base.base_year; year <= base.end_year; ++year) layout.years.push_back(year);
  for (const ServiceArea& service : base.services) layout.services.push_back(service.id);
  layout.professions = base.professions;
  if (!base.supply.empty()) layout.gaps = base.professions;
  return layout;
}

}  // namespace carecast::engine

namespace carecast::engine::kernel {

DemandBase demand_base(const BaseData& base, const AgeSexArray& base_population) {
  DemandBase d;
  d.base_year = base.base_year;
  d.year_count = base.end_year - base.base_year + 1;
  d.ages = base.demography.top_age + 1;
  d.top = base.demography.top_age;
  d.services = Eigen::Index(base.services.size());
  d.professions = Eigen::Index(base.professions.size());
  CARECAST_CHECK(base.end_year > base.base_year, "the projection must span at least one year");
  CARECAST_CHECK(base.staffing_mix.rows() == d.services && base.staffing_mix.cols() == d.professions,
                 "staffing mix must be services x professions");
  CARECAST_CHECK(base_population.rows() == d.ages, "the base population must cover every age");
  const int ages = d.ages;
  // Whoever works in health and care is one of the population: base-year årsverk above the
  // base year's persons mean a population file in other units (thousands) or of another
  // place, which would make user rates per person absurd (a rule of ours).
  double all_arsverk = 0.0;
  for (const ServiceArea& service : base.services) all_arsverk += service.base_arsverk;
  if (const double persons = base_population.sum(); !(persons >= all_arsverk)) {
    throw DomainError(DomainError::Kind::data, "population", format_value(persons),
                      "the population on 1 January " + std::to_string(base.base_year) + " adds up to " +
                          format_value(persons) + " persons, fewer than the " +
                          format_value(std::round(10.0 * all_arsverk) / 10.0) +
                          " base-year årsverk of the services, who are part of it (is the file in thousands, or "
                          "of another place than services.csv?)");
  }
  d.rates.resize(2 * ages, d.services);
  for (Eigen::Index j = 0; j < d.services; ++j) {
    const ServiceArea& service = base.services[std::size_t(j)];
    CARECAST_CHECK(service.use_profile.rows() == ages, "use profile must cover every age");
    const double weighted_use = (base_population * service.use_profile).sum();
    if (!(weighted_use > 0.0)) {
      throw DomainError(DomainError::Kind::data, "use_profiles", "",
                        "service '" + service.id + "' has no use in the base-year population");
    }
    const AgeSexArray rate = service.use_profile * (service.base_arsverk / weighted_use);
    for (int g = 0; g < kSexCount; ++g) d.rates.col(j).segment(g * ages, ages) = rate.col(g).matrix();
    d.long_term_care.push_back(service.long_term_care ? 1 : 0);
    if (service.long_term_care) d.ltc_services.push_back(j);
    d.base_arsverk.push_back(service.base_arsverk);
  }
  // π_j: each long-term-care service's share of their base-year årsverk, the split of
  // family care between them (an assumption: docs/model.md, "Family care").
  double long_term_care_base = 0.0;
  for (Eigen::Index j : d.ltc_services) long_term_care_base += d.base_arsverk[std::size_t(j)];
  d.family_care_share.assign(std::size_t(d.services), 0.0);
  for (Eigen::Index j : d.ltc_services) {
    d.family_care_share[std::size_t(j)] = d.base_arsverk[std::size_t(j)] / long_term_care_base;
  }
  // Age groups of equal user rates in every service (DemandBase::group_start).
  for (int g = 0; g < kSexCount; ++g) {
    for (int a = 0; a < ages; ++a) {
      const int row = g * ages + a;
      if (a == 0 || a == kOldAge || d.rates.row(row) != d.rates.row(row - 1)) d.group_start.push_back(row);
    }
  }
  d.group_start.push_back(2 * ages);
  const auto groups = Eigen::Index(d.group_start.size() - 1);
  d.group_rates.resize(groups, d.services);
  for (Eigen::Index k = 0; k < groups; ++k) d.group_rates.row(k) = d.rates.row(d.group_start[std::size_t(k)]);
  d.group_rates_ltc.resize(groups, Eigen::Index(d.ltc_services.size()));
  for (std::size_t l = 0; l < d.ltc_services.size(); ++l) {
    d.group_rates_ltc.col(Eigen::Index(l)) = d.group_rates.col(d.ltc_services[l]);
  }
  d.mix = base.staffing_mix;
  d.mix_by_service = d.mix.transpose();
  d.equipment = base.equipment;
  d.employment.resize(2 * ages);
  for (int g = 0; g < kSexCount; ++g) d.employment.segment(g * ages, ages) = base.employment_rate.col(g).matrix();
  d.layout = sweep_layout(base);
  {
    const int from = std::min(kOlderWorkersFrom, ages), to = std::min(kOlderWorkersTo + 1, ages);
    d.employment_62_74_min = 1.0;
    d.employment_62_74_max = 0.0;
    for (int g = 0; g < kSexCount; ++g) {
      for (int a = from; a < to; ++a) {
        d.employment_62_74_min = std::min(d.employment_62_74_min, d.employment[g * ages + a]);
        d.employment_62_74_max = std::max(d.employment_62_74_max, d.employment[g * ages + a]);
      }
    }
  }

  // Health care årsverk in the anchor year: Σ_j Rᵀ N(anchor), base-year user rates on that
  // year's observed population (in the base year: the sums every projection starts from).
  const int anchor = base.share_anchor_year == 0 ? base.base_year : base.share_anchor_year;
  const AgeSexArray* anchor_population = &base_population;
  if (anchor != base.base_year) {
    auto found = base.demography.observed_population.find(anchor);
    if (found == base.demography.observed_population.end()) {
      throw DomainError(DomainError::Kind::data, "economy.share_anchor_year", std::to_string(anchor),
                        "no observed population on 1 January " + std::to_string(anchor));
    }
    anchor_population = &found->second;
  }
  const Eigen::Map<const Eigen::VectorXd> persons(anchor_population->data(), 2 * ages);
  Eigen::VectorXd anchor_sums(d.services);
  Eigen::MatrixXd grouped;
  rate_sums(d, d.group_rates, persons.data(), 1, grouped, anchor_sums);
  const double health_care = anchor_sums.sum();
  const double employed = persons.dot(d.employment);
  if (!(employed > 0.0 && std::isfinite(employed))) {
    throw DomainError(DomainError::Kind::data, "employment_rates", "",
                      "the employment rates times the population on 1 January " + std::to_string(anchor) +
                          " (economy.share_anchor_year) give " + format_value(employed) +
                          " employed persons; the share of all årsverk needs a positive, finite number");
  }
  d.arsverk_per_employed = health_care / (base.share_anchor * employed);
  return d;
}

namespace {
// F = R_groupᵀ·G, each element one dot product over the groups in the kernel's fixed order:
// the same bits whatever the number of columns (a matrix product's blocking would depend on
// it), and cheaper than a matrix-vector product's set-up at these sizes (7 services × 40 groups).
void group_products(const Eigen::MatrixXd& rates, const Eigen::MatrixXd& grouped, Eigen::Ref<Eigen::MatrixXd> sums) {
  for (Eigen::Index column = 0; column < grouped.cols(); ++column) {
    dots(rates.data(), int(rates.rows()), int(rates.cols()), &grouped(0, column), &sums(0, column));
  }
}
}  // namespace

void rate_sums(const DemandBase& base, const Eigen::MatrixXd& rates, const double* weights, Eigen::Index columns,
               Eigen::MatrixXd& grouped, Eigen::Ref<Eigen::MatrixXd> sums) {
  const std::vector<int>& start = base.group_start;
  const auto groups = Eigen::Index(start.size() - 1), rows = Eigen::Index(2 * base.ages);
  grouped.resize(groups, columns);
  // Four columns at a time (four independent sums); each group's sum runs up its ages.
  constexpr Eigen::Index kBlock = 4;
  Eigen::Index c = 0;
  for (; c + kBlock <= columns; c += kBlock) {
    const double* column = weights + c * rows;
    for (Eigen::Index k = 0; k < groups; ++k) {
      double total[kBlock] = {};
      for (int r = start[std::size_t(k)]; r < start[std::size_t(k) + 1]; ++r) {
        for (Eigen::Index b = 0; b < kBlock; ++b) total[b] += column[b * rows + r];
      }
      for (Eigen::Index b = 0; b < kBlock; ++b) grouped(k, c + b) = total[b];
    }
  }
  for (; c < columns; ++c) {
    const double* column = weights + c * rows;
    for (Eigen::Index k = 0; k < groups; ++k) {
      double total = 0.0;
      for (int r = start[std::size_t(k)]; r < start[std::size_t(k) + 1]; ++r) total += column[r];
      grouped(k, c) = total;
    }
  }
  group_products(rates, grouped, sums);
}

void demand_sums(const DemandBase& base, const double* weights, const double* weights_67plus, Eigen::Index columns,
                 Eigen::MatrixXd& grouped, Eigen::MatrixXd& sums_ltc, Eigen::MatrixXd& sums,
                 Eigen::MatrixXd& sums_67plus) {
  sums.resize(base.services, columns);
  sums_ltc.resize(Eigen::Index(base.ltc_services.size()), columns);
  rate_sums(base, base.group_rates, weights, columns, grouped, sums);
  if (weights_67plus) {
    rate_sums(base, base.group_rates_ltc, weights_67plus, columns, grouped, sums_ltc);
  } else {
    // W's groups below 67 zeroed: what grouping W67 (W from 67 on, zero below) would give.
    for (std::size_t k = 0; k + 1 < base.group_start.size(); ++k) {
      if (base.group_start[k] % base.ages < kOldAge) grouped.row(Eigen::Index(k)).setZero();
    }
    group_products(base.group_rates_ltc, grouped, sums_ltc);
  }
  sums_67plus.setZero(base.services, columns);
  for (std::size_t l = 0; l < base.ltc_services.size(); ++l) {
    sums_67plus.row(base.ltc_services[l]) = sums_ltc.row(Eigen::Index(l));
  }
}

void spread_to_use_ages(const double* persons, const double* e_now, const double* e_base, double theta,
                        int threshold, int ages, double* weights, double* weights_67plus, double* scratch) {
  const int top = ages - 1;
  threshold = std::clamp(threshold, 0, ages);
  const bool shifted = theta != 0.0;
  const int unshifted_to = shifted ? threshold : ages;
  // Shifted persons are spread into separate "lower age" and "upper age" arrays, both indexed
  // by the lower age: consecutive ages then rarely update the same element, which keeps the
  // loop free of store-to-load dependencies; the arrays are combined afterwards. Only the
  // ages reached are combined, and they are zeroed again after use (scratch is all zero
  // between calls).
  double* lower_all = scratch;
  double* upper_all = scratch + (ages + 1);
  double* lower_old = scratch + 2 * (ages + 1);
  double* upper_old = scratch + 3 * (ages + 1);
  for (int g = 0; g < kSexCount; ++g) {
    const int o = g * ages;
    std::copy(persons + o, persons + o + unshifted_to, weights + o);
    std::fill(weights + o + unshifted_to, weights + o + ages, 0.0);
    const int old_from = std::min(kOldAge, unshifted_to);
    std::fill(weights_67plus + o, weights_67plus + o + old_from, 0.0);
    std::copy(persons + o + old_from, persons + o + unshifted_to, weights_67plus + o + old_from);
    std::fill(weights_67plus + o + unshifted_to, weights_67plus + o + ages, 0.0);
    if (!shifted) continue;
    int lowest = ages;
    for (int a = threshold; a < ages; ++a) {
      const double n = persons[o + a];
      const double age = std::clamp(double(a) - theta * (e_now[o + a] - e_base[o + a]), 0.0, double(top));
      const auto lower = int(age);
      const double w = lower >= top ? 0.0 : age - double(lower);
      double* lower_part = a >= kOldAge ? lower_old : lower_all;
      double* upper_part = a >= kOldAge ? upper_old : upper_all;
      lower_part[lower] += (1.0 - w) * n;
      upper_part[lower] += w * n;
      lowest = std::min(lowest, lower);
    }
    if (lowest == 0) {
      weights[o] += lower_all[0] + lower_old[0];
      weights_67plus[o] += lower_old[0];
    }
    for (int a = std::max(1, lowest); a < ages; ++a) {
      const double old = lower_old[a] + upper_old[a - 1];
      weights[o + a] += lower_all[a] + upper_all[a - 1] + old;
      weights_67plus[o + a] += old;
    }
    for (double* part : {lower_all, upper_all, lower_old, upper_old}) std::fill(part + std::min(lowest, ages), part + ages + 1, 0.0);
  }
}

void log_death_probability_of_sex(const double* log_mx, int threshold, int ages, double* log_q) {
  threshold = std::clamp(threshold, 0, ages);
  const Eigen::Index n = ages - threshold;
  // c(m) = ln((1 − e^(−m))/m) = −m/2 + Σ_k B_2k m^2k / (2k·(2k)!), B the Bernoulli numbers;
  // seven terms leave an error below 1e-13 for m ≤ 1 and 2e-11 for m ≤ 1.5. Beyond 1.5 (a
  // death rate no schedule reaches below age 105) ln q is computed directly.
  constexpr double c1 = 1.0 / 24.0, c2 = -1.0 / 2880.0, c3 = 1.0 / 181440.0, c4 = -1.0 / 9676800.0,
                   c5 = 1.0 / 479001600.0, c6 = -691.0 / 15692092416000.0, c7 = 7.0 / 7322976460800.0;
  std::fill(log_q, log_q + threshold, 0.0);
  if (n <= 0) return;
  const Eigen::Map<const Eigen::ArrayXd> log_m(log_mx + threshold, n);
  Eigen::Map<Eigen::ArrayXd> out(log_q + threshold, n);
  const Eigen::ArrayXd m = log_m.exp();
  const Eigen::ArrayXd m2 = m * m;
  const Eigen::ArrayXd series = m2 * (c1 + m2 * (c2 + m2 * (c3 + m2 * (c4 + m2 * (c5 + m2 * (c6 + m2 * c7))))));
  out = log_m - 0.5 * m + series;
  for (Eigen::Index a = 0; a < n; ++a) {
    if (m(a) > 1.5 || !std::isfinite(m(a))) out(a) = std::log(-std::expm1(-m(a)));
  }
}

void log_death_probability(const double* log_mx, int threshold, int ages, double* log_q) {
  for (int g = 0; g < kSexCount; ++g) log_death_probability_of_sex(log_mx + g * ages, threshold, ages, log_q + g * ages);
}

void log_death_probability_ratio(const double* log_q_now, const double* log_q_base, int threshold, int ages,
                                 double* out) {
  threshold = std::clamp(threshold, 0, ages);
  for (int g = 0; g < kSexCount; ++g) {
    const int o = g * ages;
    const double* __restrict now = log_q_now + o;
    const double* __restrict base = log_q_base + o;
    double* __restrict ratio = out + o;
    // (A plain loop: it vectorises without Eigen's per-call set-up.)
    for (int a = threshold; a < ages; ++a) ratio[a] = log_death_probability_ratio(now[a], base[a]);
  }
}

Eigen::MatrixXd mortality_log_ratios(const MortalityPath& mortality, int base_year, int years, int threshold, int ages) {
  threshold = std::clamp(threshold, 0, ages);
  // ln mx only where it is needed; below the threshold the values are not read.
  Eigen::VectorXd log_mx = Eigen::VectorXd::Zero(2 * ages);
  auto log_q = [&](int year, Eigen::VectorXd& out) {
    const AgeSexArray& mx = mortality.mx_in(std::clamp(year, mortality.first_year, mortality.last_year()));
    for (int g = 0; g < kSexCount; ++g) {
      log_mx.segment(g * ages + threshold, ages - threshold) = mx.col(g).tail(ages - threshold).log().matrix();
    }
    log_death_probability(log_mx.data(), threshold, ages, out.data());
  };
  Eigen::VectorXd now(2 * ages), base(2 * ages);
  log_q(base_year, base);
  Eigen::MatrixXd ratios = Eigen::MatrixXd::Zero(2 * ages, years);  // 0 below the threshold
  for (int i = 0; i < years; ++i) {
    log_q(base_year + i, now);
    log_death_probability_ratio(now.data(), base.data(), threshold, ages, &ratios(0, i));
  }
  return ratios;
}

void weigh_by_mortality_ratio(const double* persons, const double* log_ratio, double elasticity, int threshold,
                              int ages, double* weights) {
  threshold = std::clamp(threshold, 0, ages);
  const Eigen::Index n = ages - threshold;
  for (int g = 0; g < kSexCount; ++g) {
    const int o = g * ages;
    std::copy(persons + o, persons + o + threshold, weights + o);
    if (n > 0 && elasticity == 0.0) std::copy(persons + o + threshold, persons + o + ages, weights + o + threshold);
    if (n > 0 && elasticity != 0.0) {
      scaled_exp(log_ratio + o + threshold, elasticity, int(n), weights + o + threshold, persons + o + threshold);  // N·h
    }
  }
}

void use_weights(const HealthyAgeing& ageing, bool base_year, const double* persons, const double* e_now,
                 const double* e_base, const double* log_ratio, int ages, double* weights, double* weights_67plus,
                 double* scratch) {
  if (ageing.method == HealthyAgeingMethod::age_shift) {
    CARECAST_CHECK(weights_67plus != nullptr, "healthy ageing by age shift needs W67 (weights_67plus_by_age)");
    spread_to_use_ages(persons, e_now, e_base, base_year ? 0.0 : ageing.theta, ageing.threshold_age, ages, weights,
                       weights_67plus, scratch);
  } else {
    weigh_by_mortality_ratio(persons, log_ratio, base_year ? 0.0 : ageing.elasticity, ageing.threshold_age, ages,
                             weights);  // W67 is W from 67 on (weights_67plus_by_age): not written
  }
}

PopulationTotals population_totals(const double* column, const DemandBase& base) {
  const int ages = base.ages;
  PopulationTotals totals;
  for (int g = 0; g < kSexCount; ++g) {
    const double* c = column + g * ages;
    // (A base with a top age below 80 or 67 simply has nobody in those groups.)
    const int old_from = std::min(kOldAge, ages), oldest_from = std::min(kOldestAge, ages);
    const double young = sum(c, old_from), old = sum(c + old_from, oldest_from - old_from);
    const double oldest = sum(c + oldest_from, ages - oldest_from);
    totals.persons += young + old + oldest;
    totals.persons_67plus += old + oldest;
    totals.persons_80plus += oldest;
  }
  totals.employed = dot(column, base.employment.data(), 2 * ages);
  for (int g = 0; g < kSexCount; ++g) {
    const int from = std::min(kOlderWorkersFrom, ages), to = std::min(kOlderWorkersTo + 1, ages);
    totals.persons_62_74 += sum(column + g * ages + from, to - from);
  }
  return totals;
}

namespace {

// The employment path took a rate at ages 62-74 outside [0, 1] in `year`.
[[noreturn]] void throw_employment_beyond_range(const DemandBase& base, double pp, int year) {
  throw DomainError(DomainError::Kind::parameter, "employment_62_74_pp", format_value(pp),
                    "in " + std::to_string(year) + " this makes an employment rate at ages 62-74 " +
                        (pp < 0.0 ? "negative" : "above 1") + ": the base-year rates there are " +
                        format_value(std::round(1000.0 * base.employment_62_74_min) / 10.0) + " to " +
                        format_value(std::round(1000.0 * base.employment_62_74_max) / 10.0) +
                        " %, so the change must lie in [" +
                        format_value(std::round(-1000.0 * base.employment_62_74_min) / 10.0) + ", " +
                        format_value(std::round(1000.0 * (1.0 - base.employment_62_74_max)) / 10.0) +
                        "] percentage points");
}

}  // namespace

void finish_years(const DemandBase& base, const ScenarioParameters& scenario, const Eigen::MatrixXd& sums,
                  const Eigen::MatrixXd& sums_67plus, const PopulationTotals* totals, const double* net_migration,
                  Eigen::MatrixXd& growth, double* out) {
  const SweepLayout& layout = base.layout;
  const std::size_t width = layout.per_year();
  const auto services = std::size_t(base.services);
  CARECAST_CHECK(scenario.standard_growth.size() == services && scenario.productivity.size() == services,
                 "scenario needs one standard growth and productivity per service");
  CARECAST_CHECK(!scenario.family_care.arsverk.empty(), "family care path is missing");
  // g_j(t) by repeated multiplication, the services side by side (independent chains); the
  // yearly ratios wait in the extra last column.
  CARECAST_CHECK(growth.rows() == base.services && growth.cols() == base.year_count + 1, "growth scratch shape");
  for (std::size_t j = 0; j < services; ++j) {
    growth(Eigen::Index(j), base.year_count) = (1.0 + scenario.standard_growth[j]) / (1.0 + scenario.productivity[j]);
    growth(Eigen::Index(j), 0) = 1.0;
  }
  for (int i = 1; i < base.year_count; ++i) {
    for (std::size_t j = 0; j < services; ++j) {
      growth(Eigen::Index(j), i) = growth(Eigen::Index(j), i - 1) * growth(Eigen::Index(j), base.year_count);
    }
  }
  const FamilyCare& care = scenario.family_care;
  const double family_care_base = care.arsverk.at(base.base_year);
  const bool total_need = care.mode == FamilyCareMode::total_need;
  const Eigen::MatrixXd& need = care.ages == FamilyCareAges::all ? sums : sums_67plus;
  const auto column = [&](Indicator id) { return layout.column(id); };
  // The paths' values by year, in one walk each, into the columns where they (family care) or
  // what is computed from them (the economy's årsverk, from the employment path) go.
  const std::size_t family_care_column = column(Indicator::family_care_arsverk);
  const std::size_t economy_column = column(Indicator::total_arsverk_economy);
  const bool employment_path = !scenario.employment_62_74_pp.empty();
  care.arsverk.fill(base.base_year, base.year_count, out + family_care_column, width);
  if (employment_path) scenario.employment_62_74_pp.fill(base.base_year, base.year_count, out + economy_column, width);
  for (int i = 0; i < base.year_count; ++i) {
    double* row = out + std::size_t(i) * width;
    const double family_care = row[family_care_column];
    double long_term_care_elderly = 0.0;
    for (std::size_t j = 0; j < services; ++j) {
      const auto r = Eigen::Index(j);
      const double g = growth(r, i);
      if (total_need && base.long_term_care[j]) {
        // Family care is part of the total need (MODEL.md §3): its base-year share π_j of
        // the need grows with the need X_j(t), family care follows its own path, the
        // public service supplies the rest. Where family care outgrows the need the public
        // service shrinks, never below zero.
        const double growth_of_need = need(r, 0) > 0.0 ? need(r, i) / need(r, 0) : 1.0;
        const double taken_over = base.family_care_share[j] * (family_care_base * growth_of_need - family_care);
        row[j] = g * std::max(0.0, sums(r, i) + taken_over);
      } else {
        row[j] = g * sums(r, i);
      }
      if (base.long_term_care[j]) long_term_care_elderly += g * sums_67plus(r, i);
    }
    // Spill-over reading: family care that falls below its base-year level is partly taken
    // over by the long-term-care services, in proportion to their use by the elderly.
    const double shortfall = std::max(0.0, family_care_base - family_care);
    if (!total_need && shortfall > 0.0 && long_term_care_elderly > 0.0) {
      const double factor = care.spillover_share * shortfall / long_term_care_elderly;
      for (std::size_t j = 0; j < services; ++j) {
        if (base.long_term_care[j]) row[j] += factor * growth(Eigen::Index(j), i) * sums_67plus(Eigen::Index(j), i);
      }
    }
    double health_care = 0.0;
    for (std::size_t j = 0; j < services; ++j) health_care += row[j];
    row[layout.total_column()] = health_care;
    // Årsverk by profession Σ_j row_j·mix(j, k), summed over j in order for every k at once.
    // Four professions at a time in registers (independent sums: they pack in pairs).
    double* by_profession = row + layout.profession_column(0);
    const auto professions = std::size_t(base.professions);
    const double* shares = base.mix_by_service.data();  // column j: service j, contiguous over k
    std::size_t k = 0;
    for (; k + 4 <= professions; k += 4) {
      double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
      for (std::size_t j = 0; j < services; ++j) {
        const double* m = shares + j * professions + k;
        a0 += row[j] * m[0];
        a1 += row[j] * m[1];
        a2 += row[j] * m[2];
        a3 += row[j] * m[3];
      }
      by_profession[k] = a0;
      by_profession[k + 1] = a1;
      by_profession[k + 2] = a2;
      by_profession[k + 3] = a3;
    }
    for (; k < professions; ++k) {
      double sum = 0.0;
      for (std::size_t j = 0; j < services; ++j) sum += row[j] * shares[j * professions + k];
      by_profession[k] = sum;
    }
    const PopulationTotals& t = totals[i];
    // The employment path, which must keep every rate at ages 62-74 within [0, 1].
    const double pp = employment_path ? row[economy_column] : 0.0;
    if (base.employment_62_74_min + pp / 100.0 < -1e-12 || base.employment_62_74_max + pp / 100.0 > 1.0 + 1e-12) {
      throw_employment_beyond_range(base, pp, base.base_year + i);
    }
    const double more_employed = pp / 100.0;
    const double economy = (t.employed + more_employed * t.persons_62_74) * base.arsverk_per_employed;
    row[column(Indicator::population)] = t.persons;
    row[column(Indicator::population_67plus)] = t.persons_67plus;
    row[column(Indicator::population_80plus)] = t.persons_80plus;
    row[economy_column] = economy;
    row[column(Indicator::share_of_all_arsverk)] = health_care / economy;
    row[column(Indicator::net_migration)] = net_migration[i];
  }
}

LeverResults apply_levers_to_rows(const DemandBase& base, const LeverSet& levers, double* out, Eigen::MatrixXd& gross) {
  const SweepLayout& layout = base.layout;
  const std::size_t width = layout.per_year();
  gross.resize(base.year_count, base.services);
  for (int i = 0; i < base.year_count; ++i) {
    for (Eigen::Index j = 0; j < base.services; ++j) gross(i, j) = out[std::size_t(i) * width + std::size_t(j)];
  }
  if (!levers.capital_levers.empty()) {
    CARECAST_CHECK(!base.equipment.empty(), "capital levers need equipment base data");
    CARECAST_CHECK(levers.capital.sigma.size() == std::size_t(base.services), "sigma needs one value per service");
  }
  LeverResults results =
      apply_levers(levers, base.equipment, base.mix, base.base_arsverk, base.base_year, gross, layout.services);
  const std::size_t economy = layout.column(Indicator::total_arsverk_economy);
  const std::size_t share = layout.column(Indicator::share_of_all_arsverk);
  for (int i = 0; i < base.year_count; ++i) {
    double* row = out + std::size_t(i) * width;
    double health_care = 0.0;
    for (Eigen::Index j = 0; j < base.services; ++j) {
      row[j] = results.service_gross(i, j) + results.service_added(i, j);
      health_care += row[j];
    }
    row[layout.total_column()] = health_care;
    for (Eigen::Index k = 0; k < base.professions; ++k) {
      row[layout.profession_column(std::size_t(k))] = results.profession_gross(i, k) + results.profession_added(i, k);
    }
    row[share] = health_care / row[economy];
  }
  return results;
}

std::vector<double> base_year_professions(const DemandBase& base, const double* out) {
  std::vector<double> demand(base.layout.professions.size());
  for (std::size_t k = 0; k < demand.size(); ++k) demand[k] = out[base.layout.profession_column(k)];
  return demand;
}

void write_gaps(const DemandBase& base, const SupplyResult& supply, const std::vector<double>& calibration,
                double* out) {
  const SweepLayout& layout = base.layout;
  CARECAST_CHECK(supply.professions.size() == layout.gaps.size(), "one supply per gap column");
  for (int i = 0; i < base.year_count; ++i) {
    double* row = out + std::size_t(i) * layout.per_year();
    for (std::size_t k = 0; k < layout.gaps.size(); ++k) {
      // The product in project_supply's order, so a calibrated supply gives the same bits.
      row[layout.gap_column(k)] = row[layout.profession_column(k)] - supply.arsverk(k, base.base_year + i) * calibration[k];
    }
  }
}

namespace {

// A share above 1 as a percentage with one decimal, or as many as it takes to show it above
// 100 % ("100.004 %", not "100 %" beside "a share above 100 % is impossible").
std::string more_than_100_percent(double share) {
  double scale = 10.0;
  while (std::round(100.0 * scale * share) / scale <= 100.0 && scale < 1e12) scale *= 10.0;
  return format_value(std::round(100.0 * scale * share) / scale) + " %";
}

}  // namespace

void check_domain(const DemandBase& base, const double* out, bool share_must_fit) {
  const SweepLayout& layout = base.layout;
  const std::size_t width = layout.per_year();
  const std::size_t share = layout.column(Indicator::share_of_all_arsverk);
  // Fast path: a sum is finite only when every term is, and every share is checked below.
  bool all_finite = std::isfinite(Eigen::Map<const Eigen::ArrayXd>(out, Eigen::Index(layout.size())).sum());
  for (int i = 0; i < base.year_count; ++i) {
    const double* row = out + std::size_t(i) * width;
    const int year = base.base_year + i;
    // A share above 1 (or no årsverk left in the economy at all) first: it names the cause.
    if (share_must_fit && !(row[share] <= 1.0) && !std::isnan(row[share])) {
      throw DomainError(DomainError::Kind::parameter, "", "",
                        "the assumptions make health and care need " +
                            (std::isinf(row[share]) ? std::string("årsverk in an economy with none left")
                                                    : more_than_100_percent(row[share]) + " of all årsverk in the economy") +
                            " in " + std::to_string(year) +
                            "; a share above 100 % is impossible (check net migration, fertility, productivity, family care and the levers)");
    }
    for (std::size_t c = 0; c < width && !all_finite; ++c) {
      if (!std::isfinite(row[c]) && (share_must_fit || c != share)) {
        throw DomainError(DomainError::Kind::parameter, "", "",
                          "the assumptions give a non-finite " + layout.describe(c) + " in " + std::to_string(year) +
                              " (" + format_value(row[c]) + ")");
      }
    }
  }
}

}  // namespace carecast::engine::kernel
