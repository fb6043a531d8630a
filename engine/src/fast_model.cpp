#include "carecast/engine/fast_model.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/life_table.hpp"
#include "kernel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace carecast::engine {

// ---------------------------------------------------------------------------------------

namespace {
// v[r] = Σ_k w[k]·row_k[r], r in [0, n), summed in the order k = 0…5: the quintic Hermite
// interpolant between two grid points from their values, slopes and second derivatives (rows
// a, da, dda at the lower point, b, db, ddb at the upper). out[r] = v[r], or where `base` is
// given (ln q) the log death-probability ratio of v[r] to base[r] (kernel.hpp). Compiled three
// times, for AVX-512F (eight lanes), AVX2 (four) and the baseline (two), picked at load time:
// each lane does the same products and sums in the same order (no fused multiply-add: the
// engine is built with -ffp-contract=off), so all three give the same bits.
CARECAST_WIDE_CLONES void hermite_rows(
    const double* __restrict a, const double* __restrict da, const double* __restrict dda,
    const double* __restrict b, const double* __restrict db, const double* __restrict ddb,
    std::array<double, 6> w, int n, const double* __restrict base, double* __restrict out) {
  const auto value = [&](int r) {
    return w[0] * a[r] + w[1] * da[r] + w[2] * dda[r] + w[3] * b[r] + w[4] * db[r] + w[5] * ddb[r];
  };
  if (base == nullptr) {
    for (int r = 0; r < n; ++r) out[r] = value(r);
  } else {
    for (int r = 0; r < n; ++r) out[r] = kernel::log_death_probability_ratio(value(r), base[r]);
  }
}

// The grid points of the fine grid (kMortalityGridStep) between two of the rows' grid
// (kMortalityRowStep).
constexpr int kFinePerRow = 16;
static_assert(kMortalityRowStep == kFinePerRow * kMortalityGridStep);
}  // namespace

struct MortalityShiftTable {
  int ages = 0;
  // κ of fine point i is (first_index + i) · kMortalityGridStep; both first_index and
  // points − 1 are multiples of kFinePerRow, so the first and last fine points are row points.
  int first_index = 0;
  int points = 0;
  AgeSexArray base_mx, pattern;
  std::array<double, kSexCount> observed_e0{};
  // [row point][9·ages], row point k at fine point k·kFinePerRow: survival row, e(a) and
  // ln q(a) (3·ages values), then their first derivatives in κ, then their second. ln q of a
  // zero death rate is −∞ (and its derivatives NaN): such a cell counts as an unchanged death
  // probability in the mortality ratio, as it does when computed exactly.
  std::array<std::vector<double>, kSexCount> rows;
  std::array<std::vector<double>, kSexCount> e0, e0_slope;  // [fine point]

  int row_points() const { return (points - 1) / kFinePerRow + 1; }

  static std::unique_ptr<const MortalityShiftTable> build(const DemographicBase& base) {
    auto table = std::make_unique<MortalityShiftTable>();
    table->ages = base.top_age + 1;
    table->base_mx = base.base_mx;
    table->pattern = kernel::decline_pattern(base);
    // κ range: from e0 ten years below the base-year level to fifteen above (or as far as the
    // shift can reach), for both sexes; wider draws fall back to exact life tables.
    double low = 0.0, high = 0.0;
    table->observed_e0 = kernel::observed_e0(base);
    for (Sex sex : kernel::kSexes) {
      const int g = int(sex);
      const Eigen::ArrayXd mx = base.base_mx.col(g), pattern = table->pattern.col(g);
      for (double gain : {-10.0, -5.0, -2.0}) {
        try {
          low = std::min(low, mortality_shift_for_e0(mx, pattern, sex, table->observed_e0[g] + gain));
          break;
        } catch (const std::domain_error&) {
        }
      }
      for (double gain : {15.0, 10.0, 5.0, 2.0}) {
        try {
          high = std::max(high, mortality_shift_for_e0(mx, pattern, sex, table->observed_e0[g] + gain));
          break;
        } catch (const std::domain_error&) {
        }
      }
    }
    // Both ends on the rows' grid, so that κ = 0 is a row point.
    table->first_index = int(std::floor(low / kMortalityRowStep)) * kFinePerRow;
    table->points = int(std::ceil(high / kMortalityRowStep)) * kFinePerRow - table->first_index + 1;
    const int ages = table->ages, width = 3 * ages;
    // Exact values on the fine grid and four extra points each side. Derivatives by
    // fourth-order central differences on the fine grid: slopes of the values, and at the row
    // points second derivatives as the same difference of the slopes.
    constexpr int margin = 4;
    const int extended = table->points + 2 * margin;
    for (Sex sex : kernel::kSexes) {
      const int g = int(sex);
      std::vector<double> values(std::size_t(extended) * std::size_t(width));
      std::vector<double> e0_values(static_cast<std::size_t>(extended));
      for (int i = 0; i < extended; ++i) {
        const double shift = double(table->first_index + i - margin) * kMortalityGridStep;
        const Eigen::ArrayXd mx = table->base_mx.col(g) * (-shift * table->pattern.col(g)).exp();
        double* row = &values[std::size_t(i) * std::size_t(width)];
        kernel::life_table_functions(mx, sex, row, row + ages);
        exact_log_q(mx, row + 2 * ages);
        e0_values[std::size_t(i)] = life_expectancy_at_birth(mx, sex);
      }
      // (−f(i+2) + 8 f(i+1) − 8 f(i−1) + f(i−2)) / 12h for f: fine point → value.
      const auto derivative = [](auto&& f, int i) {
        return (-f(i + 2) + 8.0 * f(i + 1) - 8.0 * f(i - 1) + f(i - 2)) / (12.0 * kMortalityGridStep);
      };
      table->rows[g].resize(std::size_t(table->row_points()) * std::size_t(3 * width));
      for (int k = 0; k < table->row_points(); ++k) {
        const int i = margin + k * kFinePerRow;
        double* row = &table->rows[g][std::size_t(k) * std::size_t(3 * width)];
        for (int r = 0; r < width; ++r) {
          const auto value = [&](int at) { return values[std::size_t(at) * std::size_t(width) + std::size_t(r)]; };
          const auto slope = [&](int at) { return derivative(value, at); };
          row[r] = value(i);
          row[width + r] = slope(i);
          row[2 * width + r] = derivative(slope, i);
        }
      }
      table->e0[g].resize(std::size_t(table->points));
      table->e0_slope[g].resize(std::size_t(table->points));
      const auto e0_at = [&](int at) { return e0_values[std::size_t(at)]; };
      for (int i = 0; i < table->points; ++i) {
        table->e0[g][std::size_t(i)] = e0_at(i + margin);
        table->e0_slope[g][std::size_t(i)] = derivative(e0_at, i + margin);
      }
    }
    return table;
  }

  // ln q at every age of `mx`, by the kernel's function (as the run path computes it).
  static void exact_log_q(const Eigen::ArrayXd& mx, double* log_q) {
    const Eigen::ArrayXd log_mx = mx.log();
    kernel::log_death_probability_of_sex(log_mx.data(), 0, int(mx.size()), log_q);
  }

  // The rows of the row-grid interval holding κ = shift (values, first and second derivatives
  // at its lower point, then at its upper point, each 3·ages long) and where κ lies in it,
  // t in [0, 1); nullptr outside the table.
  const double* rows_at(int g, double shift, double& t) const {
    const double position = shift / kMortalityRowStep - double(first_index / kFinePerRow);
    const auto lower = static_cast<long>(std::floor(position));
    if (position < 0.0 || lower + 1 >= row_points()) return nullptr;
    t = position - double(lower);
    return &rows[g][std::size_t(lower) * std::size_t(9 * ages)];
  }

  // Survival row, and for ages from_age on e(a) and ln q(a) (each only when its pointer is
  // not null; where `log_q_base` is given, the log death-probability ratio of ln q(a) to it
  // instead of ln q(a)), at shift κ by quintic Hermite interpolation between row points
  // (values, first and second derivatives); exact life tables outside the table. At a row
  // point (κ = 0, the base-year rates, is one) the tabulated exact values come out unchanged.
  void lookup(int g, double shift, double* survival, double* expectancy, double* log_q, int from_age,
              const double* log_q_base = nullptr) const {
    double t = 0.0;
    const double* a = rows_at(g, shift, t);
    if (a == nullptr) {
      const Eigen::ArrayXd mx = base_mx.col(g) * (-shift * pattern.col(g)).exp();
      std::vector<double> all(static_cast<std::size_t>(2 * ages));
      kernel::life_table_functions(mx, kernel::kSexes[g], survival, all.data());
      exact_log_q(mx, all.data() + ages);
      if (expectancy) std::copy(all.begin() + from_age, all.begin() + ages, expectancy + from_age);
      for (int age = from_age; log_q != nullptr && age < ages; ++age) {
        const double exact = all[std::size_t(ages + age)];
        log_q[age] = log_q_base ? kernel::log_death_probability_ratio(exact, log_q_base[age]) : exact;
      }
      return;
    }
    // The quintic Hermite basis on [0, 1], s = 1 − t: for the lower point's value, slope and
    // second derivative H0(t) = s³(1 + 3t + 6t²) = 1 − 10t³ + 15t⁴ − 6t⁵, H1(t) = s³t(1 + 3t) and
    // H2(t) = s³t²/2; for the upper point's H0(s), −H1(s), H2(s). Each has value, slope and
    // second derivative 1 for its own datum at its own end and 0 for the five others. The
    // slopes' and second derivatives' weights are scaled by the step h and h² (κ = κ0 + t·h).
    const double s = 1.0 - t, t3 = t * t * t, s3 = s * s * s;
    const double h = kMortalityRowStep;
    const std::array<double, 6> w{s3 * (6.0 * t * t + 3.0 * t + 1.0),  h * s3 * t * (3.0 * t + 1.0),
                                  h * h * s3 * t * t / 2.0,            t3 * (6.0 * s * s + 3.0 * s + 1.0),
                                  -h * t3 * s * (3.0 * s + 1.0),       h * h * t3 * s * s / 2.0};
    const int width = 3 * ages;
    const double* b = a + 3 * width;
    auto interpolate = [&](int from, int to, const double* base, double* out) {
      hermite_rows(a + from, a + width + from, a + 2 * width + from, b + from, b + width + from, b + 2 * width + from, w,
                   to - from, base, out);
    };
    interpolate(0, ages, nullptr, survival);
    if (expectancy) interpolate(ages + from_age, 2 * ages, nullptr, expectancy + from_age);
    if (log_q) interpolate(2 * ages + from_age, 3 * ages, log_q_base ? log_q_base + from_age : nullptr, log_q + from_age);
  }

  // Asks the processor to bring the rows that lookup(g, shift, …) will read into the cache
  // (none outside the table).
  void prefetch(int g, double shift, bool expectancy, bool log_q, int from_age) const {
    double t = 0.0;
    const double* a = rows_at(g, shift, t);
    if (a == nullptr) return;
    const int width = 3 * ages;
    auto fetch = [&](int from, int to) {
      for (int k = 0; k < 6; ++k) {
        const double* row = a + k * width;
        for (int r = from; r < to; r += 8) __builtin_prefetch(row + r);
        __builtin_prefetch(row + to - 1);
      }
    };
    fetch(0, ages);
    if (expectancy) fetch(ages + from_age, 2 * ages);
    if (log_q) fetch(2 * ages + from_age, 3 * ages);
  }

  // κ with e0(κ) = target: Newton steps on the Hermite cubic of e0 in the fine grid interval
  // that brackets the target (e0 rises with κ); exact solve outside the table. `interval`:
  // where the search starts (the year before's interval: a year moves κ a few points), set
  // to the interval found.
  double shift_for_e0(int g, double target, int year, std::size_t& interval) const {
    const std::vector<double>& values = e0[g];
    if (!(target >= values.front() && target <= values.back())) {
      return kernel::exact_shift_for_e0(base_mx.col(g), pattern.col(g), kernel::kSexes[g], target, year);
    }
    // The interval [i, i + 1] with values[i] <= target < values[i + 1] (the last one at the top).
    std::size_t i = std::min(interval, values.size() - 2);
    while (i > 0 && values[i] > target) --i;
    while (i + 2 < values.size() && values[i + 1] <= target) ++i;
    interval = i;
    const double f0 = values[i], f1 = values[i + 1];
    const double d0 = e0_slope[g][i] * kMortalityGridStep, d1 = e0_slope[g][i + 1] * kMortalityGridStep;
    // The first guess: the inverse function's cubic Hermite interpolant on the interval (t of
    // u = (target − f0)/(f1 − f0) from t = 0, 1 at the ends and slopes dt/du = (f1 − f0)/d),
    // within about 1e-9 of the root on Norway's draws. One Newton step then reaches the
    // cubic's rounding noise (its error goes as the square of the step, ≲ 1e-18 for a step
    // ≤ 1e-7); larger steps, where the guess was poor, are followed by more, up to three.
    const double u = (target - f0) / (f1 - f0), u2 = u * u, u3 = u2 * u;
    double t = u;
    if (d0 > 0.0 && d1 > 0.0) {
      t = (3 * u2 - 2 * u3) + (u3 - 2 * u2 + u) * (f1 - f0) / d0 + (u3 - u2) * (f1 - f0) / d1;
      t = std::clamp(t, 0.0, 1.0);
    }
    for (int iteration = 0; iteration < 3; ++iteration) {
      const double t2 = t * t, t3 = t2 * t;
      const double value = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * f1 + (t3 - t2) * d1;
      const double slope = (6 * t2 - 6 * t) * f0 + (3 * t2 - 4 * t + 1) * d0 + (-6 * t2 + 6 * t) * f1 + (3 * t2 - 2 * t) * d1;
      if (!(slope > 0.0)) break;
      const double next = std::clamp(t - (value - target) / slope, 0.0, 1.0);
      const bool converged = std::abs(next - t) <= 1e-7;
      t = next;
      if (converged) break;
    }
    return (double(first_index) + double(i) + t) * kMortalityGridStep;
  }
};

MortalityShiftCache::MortalityShiftCache(const DemographicBase& base) : base_(base) {}
MortalityShiftCache::~MortalityShiftCache() = default;

const MortalityShiftTable& MortalityShiftCache::table() const {
  std::call_once(once_, [&] { table_ = MortalityShiftTable::build(base_); });
  return *table_;
}

// ---------------------------------------------------------------------------------------


// ---------------------------------------------------------------------------------------

namespace {
// The pieces of the η series (FastModel::Tables::eta_pieces) and the terms they may take.
constexpr int kEtaPieces = 20;
constexpr double kEtaMax = 5.0;
constexpr std::array<int, 5> kEtaTermChoices{8, 10, 12, 16, 32};

// The piece of [0, kEtaMax] holding η, and η's place on it in [−1, 1].
std::pair<int, double> eta_piece(double elasticity) {
  constexpr double width = kEtaMax / kEtaPieces;
  const int piece = std::min(kEtaPieces - 1, int(elasticity / width));
  return {piece, 2.0 * (elasticity - piece * width) / width - 1.0};
}
}  // namespace

struct FastModel::Tables {
  kernel::DemandBase demand;
  int mortality_base = 0, jump_off = 0;
  kernel::CohortShapes shapes;
  std::array<double, kSexCount> observed_e0{};

  // The reference demography.
  Eigen::MatrixXd population;  // (2·ages) × years
  Eigen::MatrixXd expectancy;  // (2·ages) × years: e(g,a,t)
  Eigen::MatrixXd survival;    // (2·ages) × years: survival columns of year t (reference mortality)
  std::vector<kernel::PopulationTotals> totals;  // years
  std::vector<double> net_migration;             // years: the indicator (applied in the year before)
  Eigen::MatrixXd sums_unshifted, sums_unshifted_67plus;  // services × years: F_j, E_j at θ = 0

  // Healthy ageing by the mortality ratio: L = ln(q(t)/q(t0)) of the reference mortality at
  // every age ((2·ages) × years); the age sums at the reference's elasticity and threshold age.
  // (Drawn mortality reads ln q from the κ table, MortalityShiftTable::lookup.)
  Eigen::MatrixXd log_ratio;
  bool ratio_sums_ready = false;
  double ratio_elasticity = 0.0;
  Eigen::MatrixXd ratio_sums, ratio_sums_67plus;  // services × years
  // For another η at the reference's threshold age, without a product over every age: per
  // year the products N(c)·r_j(c) of the cells c at or above the threshold (both sexes
  // stacked, (2·(ages − threshold)) × services), and the age sums of the cells below it, so
  // that F_j = below_j + Σ_c N r_j(c)·h(c) and E_j likewise over c aged 67 or more.
  int products_threshold = 0;  // the reference's threshold age
  std::vector<Eigen::MatrixXd> ratio_products;
  Eigen::MatrixXd ratio_below, ratio_below_67plus;  // services × years
  // And faster still: F_j(η, t) and E_j(η, t) for η in [0, kEtaMax] as Chebyshev series, one
  // per piece of kEtaPieces equal pieces of that range. Rows: per year after the base year, F
  // of each service, then E of each long-term-care service (eta_rows_per_year); column m the
  // coefficients of T_m on the piece. Σ_c P(c)·e^(η·L(c)) is an entire
  // function of η, so on a short piece a few terms do: each piece takes the fewest of
  // kEtaTermChoices whose series agrees with the exact sums to 1e-14 (relative) at points
  // between and at its nodes; a piece where none does is left empty and its draws take the
  // exact sums (FastModel::ratio_sums_at).
  std::vector<Eigen::MatrixXd> eta_pieces;  // kEtaPieces × (rows × terms), or empty

  // θ tables for the reference demography and threshold age: per year, the breakpoints in
  // [0,1] and at each the age sums F_j and their 67+ part E_j (node-major, 2·services each).
  int theta_threshold = 0;
  std::vector<std::vector<double>> theta_nodes;
  std::vector<std::vector<double>> theta_values;

  SupplyBase supply;  // the supply side (empty without one): gap columns of the layout
  // The same without calibration, and its projection with the reference's levers and death
  // rates: draws that share both only rescale it (the calibration is a factor, supply.hpp).
  SupplyBase uncalibrated_supply;
  SupplyResult reference_supply;
  // The uncalibrated supply side started in the base year from the reference's stocks: the
  // history before it is the same in every draw (levers act from the base year on, and
  // every mortality assumption keeps the base year's death rates).
  SupplyBase supply_from_base_year;
};

struct FastModel::Workspace {
  Eigen::MatrixXd population, expectancy, survival;  // (2·ages) × years, row g·ages + a
  Eigen::VectorXd log_q_base;                        // 2·ages: ln q of the base year
  Eigen::MatrixXd log_ratio;                         // (2·ages) × years: L (mortality ratio)
  Eigen::MatrixXd weights, weights_67plus;           // (2·ages) × years
  Eigen::MatrixXd sums, sums_67plus;                 // services × years
  Eigen::MatrixXd sums_ltc;                          // long-term-care services × years
  Eigen::MatrixXd grouped;                           // age groups × years (kernel::rate_sums)
  Eigen::MatrixXd growth;                            // services × years
  std::vector<double> scratch;                       // 4·(ages + 1)
  std::vector<kernel::PopulationTotals> totals;      // years
  std::vector<double> net_migration;                 // years
  std::vector<double> shifts;                        // years × 2: κ of year i, sex g at 2·i + g
  Eigen::MatrixXd gross;                             // years × services (levers only)
  Eigen::ArrayXd factor;                             // 2·(ages − threshold): h of one year
  Eigen::VectorXd series, chebyshev;                 // the η series: its rows; T_m at η
};

void sweep_values(const ScenarioResult& result, const SweepLayout& layout, double* out) {
  const std::size_t width = layout.per_year();
  for (std::size_t i = 0; i < layout.years.size(); ++i) {
    double* row = out + i * width;
    const auto r = Eigen::Index(i);
    for (std::size_t j = 0; j < layout.services.size(); ++j) row[j] = result.service_arsverk(r, Eigen::Index(j));
    for (std::size_t k = 0; k < layout.professions.size(); ++k) {
      row[layout.profession_column(k)] = result.profession_arsverk(r, Eigen::Index(k));
    }
    for (std::size_t k = 0; k < layout.gaps.size(); ++k) {
      row[layout.gap_column(k)] = row[layout.profession_column(k)] - result.supply->arsverk(k, layout.years[i]);
    }
    for (const IndicatorInfo& info : kIndicators) row[layout.column(info.id)] = (result.indicators.*info.series)[i];
  }
}

FastModel::FastModel(FastModel&&) noexcept = default;

const SweepLayout& FastModel::layout() const { return tables_->demand.layout; }
FastModel::~FastModel() = default;

FastModel::FastModel(const BaseData& base, const ScenarioParameters& reference,
                     std::shared_ptr<const MortalityShiftCache> shift_cache)
    : reference_(reference),
      tables_(std::make_unique<Tables>()),
      shift_cache_(shift_cache ? std::move(shift_cache) : std::make_shared<MortalityShiftCache>(base.demography)) {
  Tables& t = *tables_;
  const PopulationPath path = project_population(base.demography, reference.demography, base.base_year, base.end_year);
  t.demand = kernel::demand_base(base, path.in(base.base_year));
  t.supply = base.supply;
  t.uncalibrated_supply = base.supply;
  t.uncalibrated_supply.balance_in_base_year = false;
  const kernel::DemandBase& d = t.demand;
  CARECAST_CHECK(reference.standard_growth.size() == base.services.size() &&
                     reference.productivity.size() == base.services.size(),
                 "scenario needs one standard growth and productivity per service");
  t.mortality_base = base.demography.mortality_base_year;
  t.jump_off = base.demography.jump_off_year;
  t.shapes = kernel::cohort_shapes(base.demography);
  t.observed_e0 = kernel::observed_e0(base.demography);

  const int ages = d.ages, years = d.year_count;
  t.population.resize(2 * ages, years);
  t.expectancy.resize(2 * ages, years);
  t.survival.resize(2 * ages, years);
  const MortalityPath& mortality = path.mortality;
  for (int i = 0; i < years; ++i) {
    const int year = d.base_year + i;
    const AgeSexArray& persons = path.in(year);
    t.population.col(i) = Eigen::Map<const Eigen::VectorXd>(persons.data(), 2 * ages);
    t.expectancy.col(i) = Eigen::Map<const Eigen::VectorXd>(
        mortality.ex_in(std::clamp(year, mortality.first_year, mortality.last_year())).data(), 2 * ages);
    t.survival.col(i) = mortality.survival.col(std::max(year, mortality.first_year) - mortality.first_year);
    t.totals.push_back(kernel::population_totals(persons.data(), d));
    const int flow = year - 1 - path.first_year;
    t.net_migration.push_back(flow < 0 ? path.net_migration_before : path.net_migration[std::size_t(flow)].sum());
  }
  if (!t.supply.empty()) {
    t.reference_supply = project_supply(t.uncalibrated_supply, reference.supply, t.survival, d.base_year,
                                        d.base_year + d.year_count - 1, {});
    t.supply_from_base_year = t.uncalibrated_supply;
    t.supply_from_base_year.start_year = d.base_year;
    for (std::size_t k = 0; k < t.supply_from_base_year.professions.size(); ++k) {
      t.supply_from_base_year.professions[k].stock =
          t.reference_supply.professions[k].stock.at(std::size_t(d.base_year - base.supply.start_year));
    }
  }
  {
    Eigen::MatrixXd old = t.population;
    for (int g = 0; g < kSexCount; ++g) old.middleRows(g * ages, std::min(kernel::kOldAge, ages)).setZero();
    Eigen::MatrixXd grouped;
    t.sums_unshifted.resize(d.services, years);
    t.sums_unshifted_67plus.resize(d.services, years);
    kernel::rate_sums(d, d.group_rates, t.population.data(), years, grouped, t.sums_unshifted);
    kernel::rate_sums(d, d.group_rates, old.data(), years, grouped, t.sums_unshifted_67plus);
  }
  {
    t.log_ratio = kernel::mortality_log_ratios(mortality, d.base_year, years, 0, ages);
    const HealthyAgeing& ageing = reference.healthy_ageing;
    const int threshold = std::clamp(ageing.threshold_age, 0, ages), n = ages - threshold;
    t.products_threshold = ageing.threshold_age;
    t.ratio_products.assign(std::size_t(years), Eigen::MatrixXd(2 * n, d.services));
    t.ratio_below.setZero(d.services, years);
    t.ratio_below_67plus.setZero(d.services, years);
    for (int i = 0; i < years; ++i) {
      for (int g = 0; g < kSexCount; ++g) {
        const auto persons = t.population.col(i).segment(g * ages, ages).array();
        const auto rates = d.rates.middleRows(g * ages, ages).array();
        t.ratio_products[std::size_t(i)].middleRows(g * n, n) =
            (rates.bottomRows(n).colwise() * persons.tail(n)).matrix();
        t.ratio_below.col(i) += (rates.topRows(threshold).matrix().transpose() * persons.head(threshold).matrix());
        // Aged 67 or more but below the threshold (a threshold above 67).
        const int from = std::min(kernel::kOldAge, threshold);
        t.ratio_below_67plus.col(i) += (rates.middleRows(from, threshold - from).matrix().transpose() *
                                        persons.segment(from, threshold - from).matrix());
      }
    }
    build_eta_table();
    if (ageing.method == HealthyAgeingMethod::mortality_ratio) {
      WorkspacePtr ws = workspace();
      demand_direct(reference, t.population, t.expectancy, t.log_ratio, *ws);
      t.ratio_sums = ws->sums;
      t.ratio_sums_67plus = ws->sums_67plus;
      t.ratio_elasticity = ageing.elasticity;
      t.ratio_sums_ready = true;
    }
  }
  build_theta_tables();
}

// F_j and E_j at elasticity η and the reference's threshold from the products of the cells at
// or above the threshold (Tables::ratio_products).
void FastModel::ratio_sums_at(double elasticity, Workspace& ws) const {
  const Tables& t = *tables_;
  const kernel::DemandBase& d = t.demand;
  const int ages = d.ages, threshold = std::clamp(t.products_threshold, 0, ages), n = ages - threshold;
  const int old_offset = std::max(0, kernel::kOldAge - threshold), old_n = std::max(0, n - old_offset);
  ws.sums.col(0) = t.sums_unshifted.col(0);
  ws.sums_67plus.col(0) = t.sums_unshifted_67plus.col(0);
  for (int i = 1; i < d.year_count; ++i) {
    for (int g = 0; g < kSexCount; ++g) {
      ws.factor.segment(g * n, n) = (elasticity * t.log_ratio.col(i).segment(g * ages + threshold, n).array()).exp();
    }
    const Eigen::MatrixXd& products = t.ratio_products[std::size_t(i)];
    ws.sums.col(i).noalias() = t.ratio_below.col(i) + products.transpose() * ws.factor.matrix();
    ws.sums_67plus.col(i) = t.ratio_below_67plus.col(i);
    for (int g = 0; g < kSexCount; ++g) {
      ws.sums_67plus.col(i).noalias() += products.middleRows(g * n + old_offset, old_n).transpose() *
                                         ws.factor.segment(g * n + old_offset, old_n).matrix();
    }
  }
}

// The rows of the η series: per year from the second, F of every service, then E of the
// long-term-care services (the only ones whose 67+ part is read).
static Eigen::Index eta_rows_per_year(const kernel::DemandBase& d) {
  return d.services + Eigen::Index(d.ltc_services.size());
}

// ws.sums and ws.sums_67plus from the years after the base year stacked in `f`.
static void unstack_eta_rows(const kernel::DemandBase& d, const Eigen::VectorXd& f, Eigen::MatrixXd& sums,
                             Eigen::MatrixXd& sums_67plus) {
  const Eigen::Index per_year = eta_rows_per_year(d);
  for (int i = 1; i < d.year_count; ++i) {
    const Eigen::Index row = Eigen::Index(i - 1) * per_year;
    sums.col(i) = f.segment(row, d.services);
    for (std::size_t l = 0; l < d.ltc_services.size(); ++l) {
      sums_67plus(d.ltc_services[l], i) = f(row + d.services + Eigen::Index(l));
    }
  }
}

// The Chebyshev series of η's piece (Tables::eta_pieces) at η, into ws.sums and
// ws.sums_67plus: T_m(x) by their recurrence (|T_m| ≤ 1 on the piece, so summing the few
// terms directly is as accurate as Clenshaw's recurrence), then one matrix-vector product.
// False when the piece has no series.
bool FastModel::eta_table_sums(double elasticity, Workspace& ws) const {
  const Tables& t = *tables_;
  const kernel::DemandBase& d = t.demand;
  const auto [piece, x] = eta_piece(elasticity);
  const Eigen::MatrixXd& coefficients = t.eta_pieces[std::size_t(piece)];
  if (coefficients.size() == 0) return false;
  const Eigen::Index terms = coefficients.cols();
  Eigen::VectorXd& chebyshev = ws.chebyshev;
  chebyshev.resize(terms);
  chebyshev(0) = 0.5;  // the series is c_0/2 + Σ_{m≥1} c_m T_m
  if (terms > 1) chebyshev(1) = x;
  double before = 1.0, last = x;
  for (Eigen::Index m = 2; m < terms; ++m) {
    const double next = 2.0 * x * last - before;
    chebyshev(m) = next;
    before = last;
    last = next;
  }
  ws.series.noalias() = coefficients * chebyshev;
  unstack_eta_rows(d, ws.series, ws.sums, ws.sums_67plus);
  ws.sums.col(0) = t.sums_unshifted.col(0);
  ws.sums_67plus.col(0) = t.sums_unshifted_67plus.col(0);
  return true;
}

void FastModel::build_eta_table() {
  Tables& t = *tables_;
  const kernel::DemandBase& d = t.demand;
  const int years = d.year_count;
  const Eigen::Index per_year = eta_rows_per_year(d), rows = Eigen::Index(years - 1) * per_year;
  WorkspacePtr ws = workspace();
  // The rows of the series, stacked as unstack_eta_rows reads them.
  auto stack = [&](Eigen::Ref<Eigen::VectorXd> out) {
    for (int i = 1; i < years; ++i) {
      const Eigen::Index row = Eigen::Index(i - 1) * per_year;
      out.segment(row, d.services) = ws->sums.col(i);
      for (std::size_t l = 0; l < d.ltc_services.size(); ++l) {
        out(row + d.services + Eigen::Index(l)) = ws->sums_67plus(d.ltc_services[l], i);
      }
    }
  };
  auto exact_at = [&](double eta, Eigen::Ref<Eigen::VectorXd> out) {
    ratio_sums_at(eta, *ws);
    stack(out);
  };
  const double pi = std::acos(-1.0);
  constexpr double width = kEtaMax / kEtaPieces;
  // Where each piece is checked, as fractions of it (its ends and points between the nodes).
  constexpr std::array<double, 7> kChecks{0.0, 0.013, 0.25, 0.37, 0.5, 0.71, 1.0};
  t.eta_pieces.assign(std::size_t(kEtaPieces), Eigen::MatrixXd());
  if (rows == 0) return;
  Eigen::MatrixXd exact(rows, Eigen::Index(kChecks.size()));
  Eigen::VectorXd series(rows);
  for (int p = 0; p < kEtaPieces; ++p) {
    const double low = p * width;
    for (std::size_t c = 0; c < kChecks.size(); ++c) exact_at(low + kChecks[c] * width, exact.col(Eigen::Index(c)));
    for (const int terms : kEtaTermChoices) {
      Eigen::MatrixXd values(rows, terms);  // column k: the sums at node k
      for (int k = 0; k < terms; ++k) {
        const double node = std::cos(pi * (k + 0.5) / terms);
        exact_at(low + (node + 1.0) * width / 2.0, values.col(k));
      }
      Eigen::MatrixXd& coefficients = t.eta_pieces[std::size_t(p)];
      coefficients.setZero(rows, terms);
      for (int m = 0; m < terms; ++m) {
        for (int k = 0; k < terms; ++k) {
          coefficients.col(m) += (2.0 / terms) * std::cos(pi * m * (k + 0.5) / terms) * values.col(k);
        }
      }
      double worst = 0.0;
      for (std::size_t c = 0; c < kChecks.size(); ++c) {
        // The point's own piece: a piece's upper end is the next piece's lower end.
        const double eta = low + kChecks[c] * width;
        if (eta_piece(eta).first != p) continue;
        eta_table_sums(eta, *ws);
        stack(series);
        const auto column = exact.col(Eigen::Index(c)).array();
        worst = std::max(worst, ((series.array() - column).abs() / (column.abs() + 1e-300)).maxCoeff());
      }
      if (worst <= 1e-14) break;
      coefficients.resize(0, 0);  // not good enough: more terms, or the exact sums
    }
  }
}

void FastModel::build_theta_tables() {
  Tables& t = *tables_;
  const kernel::DemandBase& d = t.demand;
  const int ages = d.ages, years = d.year_count;
  const int threshold = std::max(0, reference_.healthy_ageing.threshold_age);
  t.theta_threshold = reference_.healthy_ageing.threshold_age;
  t.theta_nodes.assign(std::size_t(years), {});
  t.theta_values.assign(std::size_t(years), {});
  Eigen::VectorXd weights(2 * ages), weights_67plus(2 * ages);
  Eigen::MatrixXd grouped;
  std::vector<double> scratch(std::size_t(4 * (ages + 1)));
  for (int i = 1; i < years; ++i) {
    // Breakpoints: θ at which some a − θ·Δe crosses a whole age.
    std::vector<double>& nodes = t.theta_nodes[std::size_t(i)];
    nodes = {0.0, 1.0};
    for (int g = 0; g < kSexCount; ++g) {
      for (int a = threshold; a < ages; ++a) {
        const double gain = t.expectancy(g * ages + a, i) - t.expectancy(g * ages + a, 0);
        if (gain == 0.0) continue;
        const double end_age = double(a) - gain;
        const double low = std::min(double(a), end_age), high = std::max(double(a), end_age);
        for (double k = std::floor(low) + 1.0; k < high; k += 1.0) {
          const double theta = (double(a) - k) / gain;
          if (theta > 0.0 && theta < 1.0) nodes.push_back(theta);
        }
      }
    }
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    std::vector<double>& values = t.theta_values[std::size_t(i)];
    values.resize(nodes.size() * std::size_t(2 * d.services));
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      kernel::spread_to_use_ages(&t.population(0, i), &t.expectancy(0, i), &t.expectancy(0, 0), nodes[n],
                                 t.theta_threshold, ages, weights.data(), weights_67plus.data(), scratch.data());
      Eigen::Map<Eigen::VectorXd> sums(&values[n * std::size_t(2 * d.services)], d.services);
      Eigen::Map<Eigen::VectorXd> sums_67plus(&values[n * std::size_t(2 * d.services) + std::size_t(d.services)],
                                              d.services);
      kernel::rate_sums(d, d.group_rates, weights.data(), 1, grouped, sums);
      kernel::rate_sums(d, d.group_rates, weights_67plus.data(), 1, grouped, sums_67plus);
    }
  }
}

void FastModel::WorkspaceDeleter::operator()(Workspace* workspace) const { delete workspace; }

FastModel::WorkspacePtr FastModel::workspace() const {
  const kernel::DemandBase& d = tables_->demand;
  WorkspacePtr ws(new Workspace);
  ws->population.resize(2 * d.ages, d.year_count);
  ws->expectancy.resize(2 * d.ages, d.year_count);
  ws->survival.resize(2 * d.ages, d.year_count);
  ws->log_q_base.resize(2 * d.ages);
  ws->log_ratio.setZero(2 * d.ages, d.year_count);  // rows below the threshold stay 0
  ws->weights.resize(2 * d.ages, d.year_count);
  ws->weights_67plus.resize(2 * d.ages, d.year_count);
  ws->sums.resize(d.services, d.year_count);
  ws->sums_67plus.setZero(d.services, d.year_count);
  ws->sums_ltc.resize(Eigen::Index(d.ltc_services.size()), d.year_count);
  ws->growth.resize(d.services, d.year_count + 1);
  ws->scratch.resize(std::size_t(4 * (d.ages + 1)));
  ws->totals.resize(std::size_t(d.year_count));
  ws->net_migration.resize(std::size_t(d.year_count));
  ws->shifts.resize(std::size_t(d.year_count) * kSexCount);
  ws->gross.resize(d.year_count, d.services);
  ws->factor.resize(2 * (d.ages - std::clamp(reference_.healthy_ageing.threshold_age, 0, d.ages)));
  ws->series.resize(Eigen::Index(d.year_count - 1) * eta_rows_per_year(d));
  ws->chebyshev.resize(kEtaTermChoices.back());
  return ws;
}

// Mortality and population of a draw whose demography differs from the reference.
void FastModel::project_draw(const ScenarioParameters& scenario, Workspace& ws, bool same_mortality) const {
  const Tables& t = *tables_;
  const kernel::DemandBase& dm = t.demand;
  const DemographicAssumptions& d = scenario.demography;
  const int ages = dm.ages, years = dm.year_count;
  if (!same_mortality) {
    // Remaining life expectancy is needed only where healthy ageing reads it, death rates
    // only where the mortality ratio does.
    const HealthyAgeing& ageing = scenario.healthy_ageing;
    const bool by_mortality = ageing.method == HealthyAgeingMethod::mortality_ratio;
    const bool need_expectancy = !by_mortality && ageing.theta != 0.0;
    const int from_age = std::clamp(ageing.threshold_age, 0, ages);
    const MortalityShiftTable& table = shift_cache_->table();
    std::array<std::size_t, kSexCount> intervals;
    intervals.fill(std::size_t(-table.first_index));  // κ = 0
    auto from_table = [&](int g, double target, int year) {
      return table.shift_for_e0(g, target, year, intervals[std::size_t(g)]);
    };
    // κ of every year and sex first, then the table rows, each lookup fetching the next one's
    // rows into the cache while it interpolates (a lookup reads six short runs of rows, too
    // short for the processor's own prefetcher to learn).
    for (int i = 0; i < years; ++i) {
      const int year = std::max(dm.base_year + i, t.mortality_base);
      for (int g = 0; g < kSexCount; ++g) {
        ws.shifts[std::size_t(i * kSexCount + g)] =
            kernel::mortality_shift(d, g, year, t.mortality_base, t.observed_e0[std::size_t(g)], from_table);
      }
    }
    const std::size_t lookups = ws.shifts.size();
    if (lookups > 0) table.prefetch(0, ws.shifts[0], need_expectancy, by_mortality, from_age);
    for (std::size_t k = 0; k < lookups; ++k) {
      const int i = int(k) / kSexCount, g = int(k) % kSexCount;
      if (k + 1 < lookups) table.prefetch(int(k + 1) % kSexCount, ws.shifts[k + 1], need_expectancy, by_mortality, from_age);
      // The base year's ln q, then for every later year L, the ratio of its ln q to the base
      // year's (L's base-year column stays 0).
      double* log_q = !by_mortality ? nullptr : i == 0 ? &ws.log_q_base(g * ages) : &ws.log_ratio(g * ages, i);
      table.lookup(g, ws.shifts[k], &ws.survival(g * ages, i), need_expectancy ? &ws.expectancy(g * ages, i) : nullptr,
                   log_q, from_age, i == 0 ? nullptr : &ws.log_q_base(g * ages));
    }
  }

  const Eigen::MatrixXd& survival = same_mortality ? t.survival : ws.survival;
  // Observed years are the reference's; then external or cohort-component years.
  const int observed = std::min(t.jump_off, dm.base_year + years - 1) - dm.base_year;
  ws.population.leftCols(observed + 1) = t.population.leftCols(observed + 1);
  // Net migration of observed years is a residual, which depends on the deaths, so on mortality.
  ws.net_migration[0] = t.net_migration[0];
  for (int i = 1; i <= observed; ++i) {
    if (same_mortality) {
      ws.net_migration[std::size_t(i)] = t.net_migration[std::size_t(i)];
    } else {
      const kernel::CohortFlows flows =
          kernel::residual_flows(&ws.population(0, i - 1), &ws.population(0, i), &survival(0, i - 1), ages);
      ws.net_migration[std::size_t(i)] = flows.migration[0] + flows.migration[1];
    }
  }
  for (int i = observed; i + 1 < years; ++i) {
    const int year = dm.base_year + i;
    kernel::CohortFlows flows;
    if (d.external_population) {
      auto found = d.external_population->find(year + 1);
      if (found == d.external_population->end()) {
        throw DomainError(DomainError::Kind::data, "projection_file", "",
                          "the external population projection has no year " + std::to_string(year + 1));
      }
      ws.population.col(i + 1) = Eigen::Map<const Eigen::VectorXd>(found->second.data(), 2 * ages);
      flows = kernel::residual_flows(&ws.population(0, i), &ws.population(0, i + 1), &survival(0, i), ages);
    } else {
      kernel::cohort_step(&ws.population(0, i), &survival(0, i), d.total_fertility.at(year), d.sex_ratio_at_birth,
                          d.net_migration.at(year), t.shapes, &ws.population(0, i + 1), flows);
    }
    ws.net_migration[std::size_t(i + 1)] = flows.migration[0] + flows.migration[1];
  }
  for (int i = 0; i < years; ++i) ws.totals[std::size_t(i)] = kernel::population_totals(&ws.population(0, i), dm);
}

// Age sums F_j and their 67+ part with healthy ageing applied directly (any method and
// parameters): the population weighted by healthy ageing (kernel::use_weights: W, W67),
// then F = Rᵀ·W and, for the long-term-care services only, E = Rᵀ·W67.
void FastModel::demand_direct(const ScenarioParameters& scenario, const Eigen::MatrixXd& population,
                              const Eigen::MatrixXd& expectancy, const Eigen::MatrixXd& log_ratio,
                              Workspace& ws) const {
  const kernel::DemandBase& d = tables_->demand;
  const bool old_by_age = kernel::weights_67plus_by_age(scenario.healthy_ageing);  // W67 not stored
  for (int i = 0; i < d.year_count; ++i) {
    kernel::use_weights(scenario.healthy_ageing, i == 0, &population(0, i), &expectancy(0, i), &expectancy(0, 0),
                        &log_ratio(0, i), d.ages, &ws.weights(0, i),
                        old_by_age ? nullptr : &ws.weights_67plus(0, i), ws.scratch.data());
  }
  kernel::demand_sums(d, ws.weights.data(), old_by_age ? nullptr : ws.weights_67plus.data(), d.year_count, ws.grouped,
                      ws.sums_ltc, ws.sums, ws.sums_67plus);
}

FastModel::Path FastModel::evaluate(const ScenarioParameters& scenario, Workspace& ws, double* out) const {
  const Tables& t = *tables_;
  const kernel::DemandBase& d = t.demand;
  Path path = Path::fixed_demography;
  const kernel::PopulationTotals* totals = t.totals.data();
  const double* net_migration = t.net_migration.data();
  const HealthyAgeing& ageing = scenario.healthy_ageing;
  const bool by_mortality = ageing.method == HealthyAgeingMethod::mortality_ratio;
  if (same_demography(scenario.demography, reference_.demography)) {
    const double theta = ageing.theta;
    if (by_mortality && t.ratio_sums_ready && ageing.elasticity == t.ratio_elasticity &&
        ageing.threshold_age == t.products_threshold) {
      ws.sums = t.ratio_sums;
      ws.sums_67plus = t.ratio_sums_67plus;
    } else if (by_mortality && ageing.threshold_age == t.products_threshold) {
      // Another η: the Chebyshev series when it was verified, else the products directly.
      const bool in_table = ageing.elasticity >= 0.0 && ageing.elasticity <= kEtaMax;
      if (!in_table || !eta_table_sums(ageing.elasticity, ws)) ratio_sums_at(ageing.elasticity, ws);
    } else if (by_mortality) {
      demand_direct(scenario, t.population, t.expectancy, t.log_ratio, ws);
    } else if (ageing.threshold_age == t.theta_threshold && theta >= 0.0 && theta <= 1.0) {
      for (int i = 0; i < d.year_count; ++i) {
        if (i == 0 || theta == 0.0) {  // no shift
          ws.sums.col(i) = t.sums_unshifted.col(i);
          ws.sums_67plus.col(i) = t.sums_unshifted_67plus.col(i);
          continue;
        }
        const std::vector<double>& nodes = t.theta_nodes[std::size_t(i)];
        const std::vector<double>& values = t.theta_values[std::size_t(i)];
        auto upper = std::upper_bound(nodes.begin(), nodes.end(), theta);
        if (upper == nodes.end()) --upper;
        const auto n = std::size_t(upper - nodes.begin()) - 1;
        const double w = (theta - nodes[n]) / (nodes[n + 1] - nodes[n]);
        const double* a = &values[n * std::size_t(2 * d.services)];
        const double* b = a + 2 * d.services;
        for (Eigen::Index j = 0; j < d.services; ++j) {
          ws.sums(j, i) = a[j] + w * (b[j] - a[j]);
          ws.sums_67plus(j, i) = a[d.services + j] + w * (b[d.services + j] - a[d.services + j]);
        }
      }
    } else {
      demand_direct(scenario, t.population, t.expectancy, t.log_ratio, ws);
    }
  } else {
    const bool mortality_fixed = same_mortality(scenario.demography, reference_.demography);
    project_draw(scenario, ws, mortality_fixed);
    demand_direct(scenario, ws.population, mortality_fixed ? t.expectancy : ws.expectancy,
                  mortality_fixed ? t.log_ratio : ws.log_ratio, ws);
    totals = ws.totals.data();
    net_migration = ws.net_migration.data();
    path = mortality_fixed ? Path::redrawn_population : Path::redrawn_mortality;
  }
  kernel::finish_years(d, scenario, ws.sums, ws.sums_67plus, totals, net_migration, ws.growth, out);
  // Supply is calibrated to the base-year demand without levers (model.cpp does the same).
  const std::vector<double> demand_base = t.supply.empty() ? std::vector<double>{} : kernel::base_year_professions(d, out);
  if (!scenario.levers.empty()) kernel::apply_levers_to_rows(d, scenario.levers, out, ws.gross);
  if (!t.supply.empty()) {
    const bool reference_supply = path != Path::redrawn_mortality && scenario.supply == reference_.supply;
    SupplyResult drawn;
    if (!reference_supply) {
      drawn = project_supply(t.supply_from_base_year, scenario.supply,
                             path == Path::redrawn_mortality ? ws.survival : t.survival, d.base_year,
                             d.base_year + d.year_count - 1, {}, /*keep_stocks=*/false);
    }
    const SupplyResult& raw = reference_supply ? t.reference_supply : drawn;
    kernel::write_gaps(d, raw, supply_calibration(t.supply, raw, demand_base), out);
  }
  kernel::check_domain(d, out);
  return path;
}

}  // namespace carecast::engine
