#include "carecast/engine/fast_model.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/life_table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace carecast::engine {
namespace {

// The same age limits as model.cpp's indicators and family-care spill-over.
constexpr int kOldAge = 67;
constexpr int kOldestAge = 80;
constexpr Sex kSexes[kSexCount] = {Sex::female, Sex::male};

bool same_path(const TimePath& a, const TimePath& b) { return a.knots() == b.knots(); }

bool same_mortality(const DemographicAssumptions& a, const DemographicAssumptions& b) {
  if (a.mortality_mode != b.mortality_mode) return false;
  if (a.mortality_mode == MortalityMode::improvement_rate) return a.mortality_improvement == b.mortality_improvement;
  return same_path(a.life_expectancy[0], b.life_expectancy[0]) && same_path(a.life_expectancy[1], b.life_expectancy[1]);
}

bool same_external(const DemographicAssumptions& a, const DemographicAssumptions& b) {
  if (a.external_population.has_value() != b.external_population.has_value()) return false;
  if (!a.external_population) return true;
  if (a.external_population->size() != b.external_population->size()) return false;
  for (auto i = a.external_population->begin(), j = b.external_population->begin(); i != a.external_population->end();
       ++i, ++j) {
    if (i->first != j->first || i->second.rows() != j->second.rows() || !(i->second == j->second).all()) return false;
  }
  return true;
}

bool same_demography(const DemographicAssumptions& a, const DemographicAssumptions& b) {
  return same_mortality(a, b) && same_external(a, b) && same_path(a.total_fertility, b.total_fertility) &&
         a.sex_ratio_at_birth == b.sex_ratio_at_birth && same_path(a.net_migration, b.net_migration);
}

// A time path anchored at (year0, value0) as TimePath::anchored_at does, evaluated without
// building the anchored path (no allocation per draw); the arithmetic is TimePath::at's.
double anchored_value(const TimePath& path, int year0, double value0, int year) {
  const auto& knots = path.knots();
  if (knots.front().first <= year0 || year >= knots.front().first) return path.at(year);
  if (year <= year0) return value0;
  const double weight = double(year - year0) / double(knots.front().first - year0);
  return value0 + weight * (knots.front().second - value0);
}

// Survival ratios and remaining life expectancy of one sex in the row layout of the tables:
// [0, top−1): aged a now, a+1 next year; top−1: into the open group; top: births still alive
// next 1 January; then `ages` values of e(a). The arithmetic is demography.cpp's.
void life_table_row(const Eigen::ArrayXd& mx, Sex sex, double* survival, double* expectancy) {
  const LifeTable table = life_table(mx, sex);
  const Eigen::Index top = mx.size() - 1;
  for (Eigen::Index a = 0; a + 1 < top; ++a) survival[a] = table.Lx(a + 1) / table.Lx(a);
  survival[top - 1] = table.Tx(top) / table.Tx(top - 1);
  survival[top] = table.Lx(0);
  for (Eigen::Index a = 0; a <= top; ++a) expectancy[a] = table.ex(a);
}

AgeSexArray normalised_pattern(const DemographicBase& base) {
  AgeSexArray pattern = AgeSexArray::Ones(base.base_mx.rows(), kSexCount);
  if (base.mortality_decline_pattern.size() > 0) {
    pattern = base.mortality_decline_pattern;
    for (int g = 0; g < kSexCount; ++g) pattern.col(g) /= pattern.col(g).mean();
  }
  return pattern;
}

}  // namespace

// ---------------------------------------------------------------------------------------

struct MortalityShiftTable {
  int ages = 0;
  int first_index = 0;  // κ of point i is (first_index + i) · step
  int points = 0;
  AgeSexArray base_mx, pattern;
  std::array<double, kSexCount> observed_e0{};
  // [point][4·ages]: survival row and e(a) (2·ages values), then their derivatives in κ.
  std::array<std::vector<double>, kSexCount> rows;
  std::array<std::vector<double>, kSexCount> e0, e0_slope;  // [point]

  static std::unique_ptr<const MortalityShiftTable> build(const DemographicBase& base) {
    auto table = std::make_unique<MortalityShiftTable>();
    table->ages = base.top_age + 1;
    table->base_mx = base.base_mx;
    table->pattern = normalised_pattern(base);
    // κ range: from e0 ten years below the base-year level to fifteen above (or as far as the
    // shift can reach), for both sexes; wider draws fall back to exact life tables.
    double low = 0.0, high = 0.0;
    for (Sex sex : kSexes) {
      const int g = int(sex);
      const Eigen::ArrayXd mx = base.base_mx.col(g), pattern = table->pattern.col(g);
      table->observed_e0[g] = life_expectancy_at_birth(mx, sex);
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
    table->first_index = int(std::floor(low / kMortalityGridStep));
    table->points = int(std::ceil(high / kMortalityGridStep)) - table->first_index + 1;
    const int ages = table->ages, width = 2 * ages;
    // Values on the grid and two extra points each side, for the derivatives: fourth-order
    // central differences, (−f(i+2) + 8 f(i+1) − 8 f(i−1) + f(i−2)) / 12h.
    const int extended = table->points + 4;
    for (Sex sex : kSexes) {
      const int g = int(sex);
      std::vector<double> values(std::size_t(extended) * std::size_t(width));
      std::vector<double> e0_values(static_cast<std::size_t>(extended));
      for (int i = 0; i < extended; ++i) {
        const double shift = double(table->first_index + i - 2) * kMortalityGridStep;
        const Eigen::ArrayXd mx = table->base_mx.col(g) * (-shift * table->pattern.col(g)).exp();
        double* row = &values[std::size_t(i) * std::size_t(width)];
        life_table_row(mx, sex, row, row + ages);
        e0_values[std::size_t(i)] = life_expectancy_at_birth(mx, sex);
      }
      auto derivative = [&](const std::vector<double>& f, int i, int stride, int r) {
        auto at = [&](int k) { return f[std::size_t(k) * std::size_t(stride) + std::size_t(r)]; };
        return (-at(i + 2) + 8.0 * at(i + 1) - 8.0 * at(i - 1) + at(i - 2)) / (12.0 * kMortalityGridStep);
      };
      table->rows[g].resize(std::size_t(table->points) * std::size_t(2 * width));
      table->e0[g].resize(std::size_t(table->points));
      table->e0_slope[g].resize(std::size_t(table->points));
      for (int i = 0; i < table->points; ++i) {
        double* row = &table->rows[g][std::size_t(i) * std::size_t(2 * width)];
        for (int r = 0; r < width; ++r) {
          row[r] = values[std::size_t(i + 2) * std::size_t(width) + std::size_t(r)];
          row[width + r] = derivative(values, i + 2, width, r);
        }
        table->e0[g][std::size_t(i)] = e0_values[std::size_t(i + 2)];
        table->e0_slope[g][std::size_t(i)] = derivative(e0_values, i + 2, 1, 0);
      }
    }
    return table;
  }

  // Survival row and e(a) at shift κ by cubic Hermite interpolation between grid points
  // (values and slopes); exact life tables outside the table. At a grid point (κ = 0, the
  // base-year rates, is one) the tabulated exact values come out unchanged.
  void lookup(int g, double shift, double* survival, double* expectancy) const {
    const double position = shift / kMortalityGridStep - double(first_index);
    const auto lower = static_cast<long>(std::floor(position));
    if (position < 0.0 || lower + 1 >= points) {
      const Eigen::ArrayXd mx = base_mx.col(g) * (-shift * pattern.col(g)).exp();
      life_table_row(mx, kSexes[g], survival, expectancy);
      return;
    }
    const double t = position - double(lower), t2 = t * t, t3 = t2 * t;
    const double h00 = 2.0 * t3 - 3.0 * t2 + 1.0, h01 = 1.0 - h00;
    const double h10 = (t3 - 2.0 * t2 + t) * kMortalityGridStep, h11 = (t3 - t2) * kMortalityGridStep;
    const int width = 2 * ages;
    const double* a = &rows[g][std::size_t(lower) * std::size_t(2 * width)];
    const double* b = a + 2 * width;
    for (int r = 0; r < ages; ++r) {
      survival[r] = h00 * a[r] + h10 * a[width + r] + h01 * b[r] + h11 * b[width + r];
    }
    for (int r = ages; r < width; ++r) {
      expectancy[r - ages] = h00 * a[r] + h10 * a[width + r] + h01 * b[r] + h11 * b[width + r];
    }
  }

  // κ with e0(κ) = target: Newton steps on the Hermite cubic of e0 in the grid interval
  // that brackets the target (e0 rises with κ); exact solve outside the table.
  double shift_for_e0(int g, double target) const {
    const std::vector<double>& values = e0[g];
    if (!(target >= values.front() && target <= values.back())) {
      return mortality_shift_for_e0(base_mx.col(g), pattern.col(g), kSexes[g], target);
    }
    auto upper = std::upper_bound(values.begin(), values.end(), target);
    if (upper == values.end()) --upper;
    const auto i = std::size_t(upper - values.begin()) - 1;
    const double f0 = values[i], f1 = values[i + 1];
    const double d0 = e0_slope[g][i] * kMortalityGridStep, d1 = e0_slope[g][i + 1] * kMortalityGridStep;
    double t = (target - f0) / (f1 - f0);
    for (int iteration = 0; iteration < 4; ++iteration) {
      const double t2 = t * t, t3 = t2 * t;
      const double value = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * f1 + (t3 - t2) * d1;
      const double slope = (6 * t2 - 6 * t) * f0 + (3 * t2 - 4 * t + 1) * d0 + (-6 * t2 + 6 * t) * f1 + (3 * t2 - 2 * t) * d1;
      if (!(slope > 0.0)) break;
      t = std::clamp(t - (value - target) / slope, 0.0, 1.0);
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

struct FastModel::Tables {
  int t0 = 0, year_count = 0, ages = 0, top = 0, jump_off = 0, mortality_base = 0;
  Eigen::Index services = 0, professions = 0;
  Eigen::MatrixXd rates;  // (2·ages) × services: r_j(g,a,t0), row g·ages + a
  Eigen::MatrixXd mix;    // services × professions
  std::vector<char> long_term_care;
  std::vector<Eigen::Index> ltc_services;  // indices of the long-term-care services
  Eigen::MatrixXd rates_ltc;               // (2·ages) × long-term-care services
  Eigen::VectorXd employment;  // (2·ages)
  double arsverk_per_employed = 0.0;

  // The reference demography.
  Eigen::MatrixXd population;  // (2·ages) × years
  Eigen::MatrixXd expectancy;  // (2·ages) × years: e(g,a,t)
  Eigen::MatrixXd survival;    // (2·ages) × years: survival rows of year t (reference mortality)
  std::vector<double> persons, persons_67plus, persons_80plus, employed;
  Eigen::MatrixXd sums_unshifted, sums_unshifted_67plus;  // services × years: F_j, E_j at θ = 0

  // θ tables for the reference demography and threshold age: per year, the breakpoints in
  // [0,1] and at each the age sums F_j and their 67+ part E_j (node-major, 2·services each).
  int theta_threshold = 0;
  std::vector<std::vector<double>> theta_nodes;
  std::vector<std::vector<double>> theta_values;

  // Inputs of the cohort-component step.
  Eigen::ArrayXd fertility_shape;
  AgeSexArray migration_shape;
  std::array<double, kSexCount> observed_e0{};

  // Levers (applied after the demand model, as project_scenario does).
  EquipmentBase equipment;
  std::vector<double> base_arsverk;
};

SweepLayout sweep_layout(const BaseData& base) {
  SweepLayout layout;
  for (int year = base.base_year; year <= base.end_year; ++year) layout.years.push_back(year);
  for (const ServiceArea& service : base.services) layout.services.push_back(service.id);
  layout.professions = base.professions;
  return layout;
}

void sweep_values(const ScenarioResult& result, const SweepLayout& layout, double* out) {
  const std::size_t width = layout.per_year();
  for (std::size_t i = 0; i < layout.years.size(); ++i) {
    double* row = out + i * width;
    const auto r = Eigen::Index(i);
    for (std::size_t j = 0; j < layout.services.size(); ++j) row[j] = result.service_arsverk(r, Eigen::Index(j));
    row[layout.total_column()] = result.indicators.health_care_arsverk[i];
    for (std::size_t k = 0; k < layout.professions.size(); ++k) {
      row[layout.profession_column(k)] = result.profession_arsverk(r, Eigen::Index(k));
    }
    const IndicatorSeries& s = result.indicators;
    const double values[] = {s.population[i],          s.population_67plus[i],     s.population_80plus[i],
                             s.family_care_arsverk[i], s.total_arsverk_economy[i], s.share_of_all_arsverk[i]};
    for (std::size_t k = 0; k < kSweepIndicators.size(); ++k) row[layout.indicator_column(k)] = values[k];
  }
}

FastModel::FastModel(FastModel&&) noexcept = default;
FastModel::~FastModel() = default;

FastModel::FastModel(const BaseData& base, const ScenarioParameters& reference,
                     std::shared_ptr<const MortalityShiftCache> shift_cache)
    : layout_(sweep_layout(base)),
      reference_(reference),
      tables_(std::make_unique<Tables>()),
      shift_cache_(shift_cache ? std::move(shift_cache) : std::make_shared<MortalityShiftCache>(base.demography)) {
  Tables& t = *tables_;
  t.t0 = base.base_year;
  t.year_count = base.end_year - base.base_year + 1;
  t.ages = base.demography.top_age + 1;
  t.top = base.demography.top_age;
  t.jump_off = base.demography.jump_off_year;
  t.mortality_base = base.demography.mortality_base_year;
  t.services = Eigen::Index(base.services.size());
  t.professions = Eigen::Index(base.professions.size());
  CARECAST_CHECK(reference.standard_growth.size() == base.services.size() &&
                     reference.productivity.size() == base.services.size(),
                 "scenario needs one standard growth and productivity per service");
  const int ages = t.ages, years = t.year_count;

  const PopulationPath path = project_population(base.demography, reference.demography, base.base_year, base.end_year);
  const std::vector<AgeSexArray> rates = calibrate_use_rates(base, path.in(base.base_year));
  t.rates.resize(2 * ages, t.services);
  for (Eigen::Index j = 0; j < t.services; ++j) {
    for (int g = 0; g < kSexCount; ++g) t.rates.col(j).segment(g * ages, ages) = rates[std::size_t(j)].col(g).matrix();
    t.long_term_care.push_back(base.services[std::size_t(j)].long_term_care ? 1 : 0);
  }
  for (Eigen::Index j = 0; j < t.services; ++j) {
    if (t.long_term_care[std::size_t(j)]) t.ltc_services.push_back(j);
  }
  t.rates_ltc.resize(2 * ages, Eigen::Index(t.ltc_services.size()));
  for (std::size_t l = 0; l < t.ltc_services.size(); ++l) t.rates_ltc.col(Eigen::Index(l)) = t.rates.col(t.ltc_services[l]);
  t.mix = base.staffing_mix;
  t.equipment = base.equipment;
  for (const ServiceArea& service : base.services) t.base_arsverk.push_back(service.base_arsverk);
  t.employment.resize(2 * ages);
  for (int g = 0; g < kSexCount; ++g) t.employment.segment(g * ages, ages) = base.employment_rate.col(g).matrix();

  t.population.resize(2 * ages, years);
  t.expectancy.resize(2 * ages, years);
  t.survival.resize(2 * ages, years);
  const MortalityPath& mortality = path.mortality;
  const int last_mortality_year = mortality.first_year + int(mortality.ex.size()) - 1;
  for (int i = 0; i < years; ++i) {
    const int year = t.t0 + i;
    const AgeSexArray& persons = path.in(year);
    const AgeSexArray& ex = mortality.ex_in(std::clamp(year, mortality.first_year, last_mortality_year));
    const AgeSexArray& mx = mortality.mx_in(std::max(year, mortality.first_year));
    for (Sex sex : kSexes) {
      const int g = int(sex);
      t.population.col(i).segment(g * ages, ages) = persons.col(g).matrix();
      t.expectancy.col(i).segment(g * ages, ages) = ex.col(g).matrix();
      Eigen::ArrayXd expectancy_check(ages);
      life_table_row(mx.col(g), sex, &t.survival(g * ages, i), expectancy_check.data());
    }
    t.persons.push_back(persons.sum());
    t.persons_67plus.push_back(persons.bottomRows(persons.rows() - kOldAge).sum());
    t.persons_80plus.push_back(persons.bottomRows(persons.rows() - kOldestAge).sum());
    t.employed.push_back((persons * base.employment_rate).sum());
  }
  // Base-year calibration of the economy's årsverk, as project_scenario does it.
  {
    const AgeSexArray& persons = path.in(t.t0);
    double health_care = 0.0;
    for (std::size_t j = 0; j < base.services.size(); ++j) {
      health_care += (persons * arsverk_per_inhabitant(rates, j, reference, mortality, t.t0, t.t0)).sum();
    }
    const double base_employment = (persons * base.employment_rate).sum();
    CARECAST_CHECK(base_employment > 0.0, "nobody is employed in the base year");
    t.arsverk_per_employed = health_care / (base.share_anchor * base_employment);
  }

  t.fertility_shape = base.demography.fertility_schedule / base.demography.fertility_schedule.sum();
  t.migration_shape = base.demography.migration_profile / base.demography.migration_profile.sum();
  for (Sex sex : kSexes) {
    t.observed_e0[int(sex)] = life_expectancy_at_birth(base.demography.base_mx.col(int(sex)), sex);
  }
  {
    Eigen::MatrixXd old = t.population;
    for (int g = 0; g < kSexCount; ++g) old.middleRows(g * ages, kOldAge).setZero();
    t.sums_unshifted.noalias() = t.rates.transpose() * t.population;
    t.sums_unshifted_67plus.noalias() = t.rates.transpose() * old;
  }
  build_theta_tables();
}

void FastModel::build_theta_tables() {
  Tables& t = *tables_;
  const int ages = t.ages, years = t.year_count;
  const int threshold = std::max(0, reference_.healthy_ageing.threshold_age);
  t.theta_threshold = reference_.healthy_ageing.threshold_age;
  t.theta_nodes.assign(std::size_t(years), {});
  t.theta_values.assign(std::size_t(years), {});
  Eigen::VectorXd weights(2 * ages), weights_67plus(2 * ages);
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
    values.resize(nodes.size() * std::size_t(2 * t.services));
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      weights.setZero();
      weights_67plus.setZero();
      for (int g = 0; g < kSexCount; ++g) {
        for (int a = 0; a < ages; ++a) {
          const double persons = t.population(g * ages + a, i);
          double age = double(a);
          if (a >= threshold && nodes[n] != 0.0) {
            age -= nodes[n] * (t.expectancy(g * ages + a, i) - t.expectancy(g * ages + a, 0));
          }
          age = std::clamp(age, 0.0, double(t.top));
          const auto lower = int(age);
          const double w = age - double(lower);
          if (lower >= t.top) {
            weights(g * ages + t.top) += persons;
            if (a >= kOldAge) weights_67plus(g * ages + t.top) += persons;
          } else {
            weights(g * ages + lower) += (1.0 - w) * persons;
            weights(g * ages + lower + 1) += w * persons;
            if (a >= kOldAge) {
              weights_67plus(g * ages + lower) += (1.0 - w) * persons;
              weights_67plus(g * ages + lower + 1) += w * persons;
            }
          }
        }
      }
      Eigen::Map<Eigen::VectorXd> sums(&values[n * std::size_t(2 * t.services)], t.services);
      Eigen::Map<Eigen::VectorXd> sums_67plus(&values[n * std::size_t(2 * t.services) + std::size_t(t.services)],
                                              t.services);
      sums.noalias() = t.rates.transpose() * weights;
      sums_67plus.noalias() = t.rates.transpose() * weights_67plus;
    }
  }
}

std::unique_ptr<FastModel::Workspace> FastModel::workspace() const {
  const Tables& t = *tables_;
  auto ws = std::make_unique<Workspace>();
  ws->population.resize(2 * t.ages, t.year_count);
  ws->expectancy.resize(2 * t.ages, t.year_count);
  ws->survival.resize(2 * t.ages, t.year_count);
  ws->weights.resize(2 * t.ages, t.year_count);
  ws->weights_67plus.resize(2 * t.ages, t.year_count);
  ws->sums.resize(t.services, t.year_count);
  ws->sums_67plus.resize(t.services, t.year_count);
  ws->demand.resize(t.services, t.year_count);
  ws->sums_ltc.resize(Eigen::Index(t.ltc_services.size()), t.year_count);
  ws->spread.resize(t.ages + 1, 4);
  ws->next.resize(2 * t.ages);
  ws->gross.resize(t.year_count, t.services);
  return ws;
}

// Mortality and population of a draw whose demography differs from the reference.
void FastModel::project_draw(const ScenarioParameters& scenario, Workspace& ws, bool same_mortality) const {
  const Tables& t = *tables_;
  const DemographicAssumptions& d = scenario.demography;
  const int ages = t.ages, top = t.top;
  if (!same_mortality) {
    const MortalityShiftTable& table = shift_cache_->table();
    for (int i = 0; i < t.year_count; ++i) {
      const int year = std::max(t.t0 + i, t.mortality_base);
      for (int g = 0; g < kSexCount; ++g) {
        double shift = 0.0;
        if (year > t.mortality_base) {
          if (d.mortality_mode == MortalityMode::improvement_rate) {
            shift = -std::log(1.0 - d.mortality_improvement) * (year - t.mortality_base);
          } else {
            shift = table.shift_for_e0(g, anchored_value(d.life_expectancy[g], t.mortality_base, t.observed_e0[g], year));
          }
        }
        table.lookup(g, shift, &ws.survival(g * ages, i), &ws.expectancy(g * ages, i));
      }
    }
  }

  const Eigen::MatrixXd& survival = same_mortality ? t.survival : ws.survival;
  // Observed years are the reference's; then external or cohort-component years.
  const int observed = std::min(t.jump_off, t.t0 + t.year_count - 1) - t.t0;
  ws.population.leftCols(observed + 1) = t.population.leftCols(observed + 1);
  const int female = int(Sex::female), male = int(Sex::male);
  for (int i = observed; i + 1 < t.year_count; ++i) {
    const int year = t.t0 + i;
    auto next = ws.population.col(i + 1);
    if (d.external_population) {
      auto found = d.external_population->find(year + 1);
      if (found == d.external_population->end()) {
        throw std::invalid_argument("the external population projection has no year " + std::to_string(year + 1));
      }
      for (int g = 0; g < kSexCount; ++g) next.segment(g * ages, ages) = found->second.col(g).matrix();
      continue;
    }
    // The cohort-component step of project_population, operation for operation.
    const auto now = ws.population.col(i);
    const double net_migration = d.net_migration.at(year);
    for (int g = 0; g < kSexCount; ++g) {
      const double* s = &survival(g * ages, i);
      const int o = g * ages;
      for (int a = 1; a < top; ++a) next(o + a) = now(o + a - 1) * s[a - 1];
      next(o + top) = (now(o + top - 1) + now(o + top)) * s[top - 1];
      for (int a = 1; a <= top; ++a) {
        const double moved = std::max(-next(o + a), net_migration * t.migration_shape(a, g));
        next(o + a) += moved;
      }
    }
    double total_births = 0.0;
    const double tfr = d.total_fertility.at(year);
    for (int a = 1; a < ages; ++a) {
      total_births += tfr * t.fertility_shape(a) * 0.5 * (now(female * ages + a) + next(female * ages + a));
    }
    const double boys_share = d.sex_ratio_at_birth / (1.0 + d.sex_ratio_at_birth);
    const double births[kSexCount] = {total_births * (1.0 - boys_share), total_births * boys_share};
    static_assert(int(Sex::female) == 0 && int(Sex::male) == 1);
    (void)male;
    for (int g = 0; g < kSexCount; ++g) {
      const double infants = births[g] * survival(g * ages + top, i);
      const double moved = std::max(-infants, net_migration * t.migration_shape(0, g));
      next(g * ages) = infants + moved;
    }
  }
}

// Age sums F_j and their 67+ part with healthy ageing applied directly (any θ, threshold):
// the population is spread onto the ages whose base-year rates it uses (weights W, W67),
// then F = Rᵀ·W and, for the long-term-care services only, E = Rᵀ·W67.
void FastModel::demand_direct(const ScenarioParameters& scenario, const Eigen::MatrixXd& population,
                              const Eigen::MatrixXd& expectancy, Workspace& ws) const {
  const Tables& t = *tables_;
  const int ages = t.ages, top = t.top;
  const double theta = scenario.healthy_ageing.theta;
  const int threshold = std::clamp(scenario.healthy_ageing.threshold_age, 0, ages);
  // Shifted persons are first spread into separate "lower age" and "upper age" arrays, both
  // indexed by the lower age: consecutive ages then rarely update the same element, which
  // keeps the loop free of store-to-load dependencies; the arrays are combined afterwards.
  double* lower_all = ws.spread.col(0).data();
  double* upper_all = ws.spread.col(1).data();
  double* lower_old = ws.spread.col(2).data();
  double* upper_old = ws.spread.col(3).data();
  for (int i = 0; i < t.year_count; ++i) {
    double* w_all = &ws.weights(0, i);
    double* w_old = &ws.weights_67plus(0, i);
    const double* persons = &population(0, i);
    const bool shifted = theta != 0.0 && i > 0;
    const int unshifted_to = shifted ? threshold : ages;
    for (int g = 0; g < kSexCount; ++g) {
      const int o = g * ages;
      std::copy(persons + o, persons + o + unshifted_to, w_all + o);
      std::fill(w_all + o + unshifted_to, w_all + o + ages, 0.0);
      std::fill(w_old + o, w_old + o + ages, 0.0);
      for (int a = kOldAge; a < unshifted_to; ++a) w_old[o + a] = persons[o + a];
      if (!shifted) continue;
      ws.spread.setZero();
      const double* e_now = &expectancy(o, i);
      const double* e_base = &expectancy(o, 0);
      for (int a = threshold; a < ages; ++a) {
        const double n = persons[o + a];
        const double age = std::clamp(double(a) - theta * (e_now[a] - e_base[a]), 0.0, double(top));
        const auto lower = int(age);
        const double w = lower >= top ? 0.0 : age - double(lower);
        double* lower_part = a >= kOldAge ? lower_old : lower_all;
        double* upper_part = a >= kOldAge ? upper_old : upper_all;
        lower_part[lower] += (1.0 - w) * n;
        upper_part[lower] += w * n;
      }
      w_all[o] += lower_all[0] + lower_old[0];
      w_old[o] += lower_old[0];
      for (int a = 1; a < ages; ++a) {
        const double old = lower_old[a] + upper_old[a - 1];
        w_all[o + a] += lower_all[a] + upper_all[a - 1] + old;
        w_old[o + a] += old;
      }
    }
  }
  ws.sums.noalias() = t.rates.transpose() * ws.weights;
  ws.sums_ltc.noalias() = t.rates_ltc.transpose() * ws.weights_67plus;
  for (std::size_t l = 0; l < t.ltc_services.size(); ++l) ws.sums_67plus.row(t.ltc_services[l]) = ws.sums_ltc.row(Eigen::Index(l));
}

// Growth in standards and productivity, family-care spill-over, professions, indicators.
void FastModel::finish(const ScenarioParameters& scenario, const Eigen::MatrixXd* population, Workspace& ws,
                       double* out) const {
  const Tables& t = *tables_;
  const int ages = t.ages;
  const std::size_t width = layout_.per_year();
  const double family_care_base = scenario.family_care.arsverk.at(t.t0);
  const auto services = std::size_t(t.services);
  for (std::size_t j = 0; j < services; ++j) {
    const double ratio = (1.0 + scenario.standard_growth[j]) / (1.0 + scenario.productivity[j]);
    double growth = 1.0;
    for (int i = 0; i < t.year_count; ++i) {
      ws.demand(Eigen::Index(j), i) = growth;
      growth *= ratio;
    }
  }
  for (int i = 0; i < t.year_count; ++i) {
    double* row = out + std::size_t(i) * width;
    const int year = t.t0 + i;
    double long_term_care_elderly = 0.0;
    for (std::size_t j = 0; j < services; ++j) {
      const double growth = ws.demand(Eigen::Index(j), i);
      row[j] = growth * ws.sums(Eigen::Index(j), i);
      if (t.long_term_care[j]) long_term_care_elderly += growth * ws.sums_67plus(Eigen::Index(j), i);
    }
    const double family_care = scenario.family_care.arsverk.at(year);
    const double shortfall = std::max(0.0, family_care_base - family_care);
    if (shortfall > 0.0 && long_term_care_elderly > 0.0) {
      const double factor = scenario.family_care.spillover_share * shortfall / long_term_care_elderly;
      for (std::size_t j = 0; j < services; ++j) {
        if (t.long_term_care[j]) row[j] += factor * ws.demand(Eigen::Index(j), i) * ws.sums_67plus(Eigen::Index(j), i);
      }
    }
    double health_care = 0.0;
    for (std::size_t j = 0; j < services; ++j) health_care += row[j];
    row[layout_.total_column()] = health_care;
    for (Eigen::Index k = 0; k < t.professions; ++k) {
      double sum = 0.0;
      for (std::size_t j = 0; j < services; ++j) sum += row[j] * t.mix(Eigen::Index(j), k);
      row[layout_.profession_column(std::size_t(k))] = sum;
    }
    double persons, persons_67plus, persons_80plus, employed;
    if (population == nullptr) {
      persons = t.persons[std::size_t(i)];
      persons_67plus = t.persons_67plus[std::size_t(i)];
      persons_80plus = t.persons_80plus[std::size_t(i)];
      employed = t.employed[std::size_t(i)];
    } else {
      const auto column = population->col(i);
      persons = column.sum();
      persons_67plus = column.segment(kOldAge, ages - kOldAge).sum() + column.segment(ages + kOldAge, ages - kOldAge).sum();
      persons_80plus =
          column.segment(kOldestAge, ages - kOldestAge).sum() + column.segment(ages + kOldestAge, ages - kOldestAge).sum();
      employed = column.dot(t.employment);
    }
    const double economy = employed * t.arsverk_per_employed;
    const double indicators[] = {persons, persons_67plus, persons_80plus, family_care, economy, health_care / economy};
    for (std::size_t k = 0; k < kSweepIndicators.size(); ++k) row[layout_.indicator_column(k)] = indicators[k];
  }
  if (!scenario.levers.empty()) apply_draw_levers(scenario, ws, out);
}

// Levers change the labour needed after the demand model (model.cpp's apply_scenario_levers):
// services and professions become gross-with-levers plus technical staff; the economy does
// not change. This path allocates (apply_levers returns matrices); sweeps with levers are
// slower than those without.
void FastModel::apply_draw_levers(const ScenarioParameters& scenario, Workspace& ws, double* out) const {
  const Tables& t = *tables_;
  const std::size_t width = layout_.per_year();
  for (int i = 0; i < t.year_count; ++i) {
    for (Eigen::Index j = 0; j < t.services; ++j) ws.gross(i, j) = out[std::size_t(i) * width + std::size_t(j)];
  }
  const LeverResults levers =
      apply_levers(scenario.levers, t.equipment, t.mix, t.base_arsverk, t.t0, ws.gross);
  for (int i = 0; i < t.year_count; ++i) {
    double* row = out + std::size_t(i) * width;
    double health_care = 0.0;
    for (Eigen::Index j = 0; j < t.services; ++j) {
      row[j] = levers.service_gross(i, j) + levers.service_added(i, j);
      health_care += row[j];
    }
    row[layout_.total_column()] = health_care;
    for (Eigen::Index k = 0; k < t.professions; ++k) {
      row[layout_.profession_column(std::size_t(k))] = levers.profession_gross(i, k) + levers.profession_added(i, k);
    }
    const std::size_t economy = layout_.indicator_column(4), share = layout_.indicator_column(5);
    row[share] = health_care / row[economy];
  }
}

FastModel::Path FastModel::evaluate(const ScenarioParameters& scenario, Workspace& ws, double* out) const {
  const Tables& t = *tables_;
  CARECAST_CHECK(scenario.standard_growth.size() == std::size_t(t.services) &&
                     scenario.productivity.size() == std::size_t(t.services),
                 "scenario needs one standard growth and productivity per service");
  CARECAST_CHECK(!scenario.family_care.arsverk.empty(), "family care path is missing");
  if (same_demography(scenario.demography, reference_.demography)) {
    const double theta = scenario.healthy_ageing.theta;
    if (scenario.healthy_ageing.threshold_age == t.theta_threshold && theta >= 0.0 && theta <= 1.0) {
      for (int i = 0; i < t.year_count; ++i) {
        const std::vector<double>& values = t.theta_values[std::size_t(i)];
        if (i == 0 || theta == 0.0) {  // no shift
          ws.sums.col(i) = t.sums_unshifted.col(i);
          ws.sums_67plus.col(i) = t.sums_unshifted_67plus.col(i);
          continue;
        }
        const std::vector<double>& nodes = t.theta_nodes[std::size_t(i)];
        auto upper = std::upper_bound(nodes.begin(), nodes.end(), theta);
        if (upper == nodes.end()) --upper;
        const auto n = std::size_t(upper - nodes.begin()) - 1;
        const double w = (theta - nodes[n]) / (nodes[n + 1] - nodes[n]);
        const double* a = &values[n * std::size_t(2 * t.services)];
        const double* b = a + 2 * t.services;
        for (Eigen::Index j = 0; j < t.services; ++j) {
          ws.sums(j, i) = a[j] + w * (b[j] - a[j]);
          ws.sums_67plus(j, i) = a[t.services + j] + w * (b[t.services + j] - a[t.services + j]);
        }
      }
    } else {
      demand_direct(scenario, t.population, t.expectancy, ws);
    }
    finish(scenario, nullptr, ws, out);
    return Path::fixed_demography;
  }
  const bool mortality_fixed = same_mortality(scenario.demography, reference_.demography);
  project_draw(scenario, ws, mortality_fixed);
  demand_direct(scenario, ws.population, mortality_fixed ? t.expectancy : ws.expectancy, ws);
  finish(scenario, &ws.population, ws, out);
  return mortality_fixed ? Path::redrawn_population : Path::redrawn_mortality;
}

}  // namespace carecast::engine
