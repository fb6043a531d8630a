#include "carecast/engine/fast_model.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/sweep.hpp"
#include "support/synthetic.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

using namespace carecast::engine;
using carecast::testing::synthetic_base;
using carecast::testing::synthetic_scenario;

namespace {

double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0.0;
  std::size_t where = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = std::abs(a[i] - b[i]) / std::max(std::abs(b[i]), 1e-300);
    if (d > worst) where = i;
    worst = std::max(worst, d);
  }
  UNSCOPED_INFO("largest difference at value " << where << ": " << a[where] << " against " << b[where]);
  return worst;
}

std::vector<double> deterministic(const BaseData& base, const ScenarioParameters& scenario) {
  const SweepLayout layout = sweep_layout(base);
  std::vector<double> values(layout.size());
  sweep_values(project_scenario(base, scenario), layout, values.data());
  return values;
}

std::vector<double> fast(const FastModel& model, const ScenarioParameters& scenario, FastModel::Path* path = nullptr) {
  std::vector<double> values(model.layout().size());
  auto workspace = model.workspace();
  const FastModel::Path used = model.evaluate(scenario, *workspace, values.data());
  if (path) *path = used;
  return values;
}

ScenarioParameters reference_scenario(const BaseData& base) {
  ScenarioParameters scenario = synthetic_scenario(base, 0.005);
  scenario.family_care.arsverk = TimePath({{2023, 90000.0}, {2045, 75000.0}});
  scenario.family_care.spillover_share = 0.4;
  return scenario;
}

SweepParameter parameter(std::string name, Distribution distribution,
                         std::function<void(ScenarioParameters&, double)> apply) {
  return SweepParameter{std::move(name), std::move(distribution), {},
                        [apply](ScenarioParameters& p, std::size_t, double v) { apply(p, v); }};
}

// A sweep with five parameters of every kind of effect (service, healthy ageing, family
// care, fertility, a population variant), on the synthetic base.
std::vector<SweepParameter> mixed_parameters() {
  std::vector<SweepParameter> parameters;
  parameters.push_back(parameter("productivity", Distribution::triangular(0.0, 0.005, 0.02),
                                 [](ScenarioParameters& p, double v) { p.productivity.assign(p.productivity.size(), v); }));
  parameters.push_back(parameter("theta", Distribution::pert(0.0, 0.5, 1.0),
                                 [](ScenarioParameters& p, double v) { p.healthy_ageing.theta = v; }));
  parameters.push_back(parameter("spillover", Distribution::uniform(0.2, 0.8),
                                 [](ScenarioParameters& p, double v) { p.family_care.spillover_share = v; }));
  parameters.push_back(parameter("fertility", Distribution::normal(1.6, 0.15).truncated(1.1, 2.1),
                                 [](ScenarioParameters& p, double v) {
                                   p.demography.total_fertility = TimePath({{2024, 1.45}, {2040, v}});
                                 }));
  SweepParameter variant = parameter("population_variant", Distribution::choice({1.0, 2.0, 1.0}),
                                     [](ScenarioParameters& p, double v) {
                                       const double migration[3] = {10000.0, 25000.0, 40000.0};
                                       p.demography.net_migration = TimePath::constant(migration[int(v)]);
                                     });
  variant.alternatives = {"low", "main", "high"};
  parameters.push_back(std::move(variant));
  return parameters;
}

SweepSettings mixed_settings(std::size_t draws) {
  SweepSettings settings;
  settings.seed = 99;
  settings.draws = draws;
  settings.report_years = {2030, 2060};
  settings.thresholds = {{1, 200000.0}, {2 + 1 + 3 + 5, 0.2}};  // care årsverk; share of all årsverk
  settings.sobol_rows = 64;
  settings.bootstrap = 50;
  return settings;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_summary(const SweepSummary& a, const SweepSummary& b) {
  if (a.scenarios.size() != b.scenarios.size()) return false;
  for (std::size_t s = 0; s < a.scenarios.size(); ++s) {
    const auto &x = a.scenarios[s], &y = b.scenarios[s];
    if (!same_bits(x.statistics, y.statistics) || !same_bits(x.exceedance, y.exceedance) ||
        !same_bits(x.tornado, y.tornado) || x.sobol.size() != y.sobol.size()) {
      return false;
    }
    if (!x.sobol.empty() && std::memcmp(x.sobol.data(), y.sobol.data(), x.sobol.size() * sizeof(SobolIndex)) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("the fast path equals project_scenario when demography is fixed", "[sweep][fast]") {
  const BaseData base = synthetic_base(3);
  const ScenarioParameters reference = reference_scenario(base);
  const FastModel model(base, reference);
  std::vector<ScenarioParameters> cases{reference};
  for (double theta : {0.0, 0.3, 0.77, 1.0}) {
    cases.push_back(reference);
    cases.back().healthy_ageing.theta = theta;
  }
  cases.push_back(reference);
  cases.back().healthy_ageing.threshold_age = 65;  // not tabulated: computed directly
  cases.push_back(reference);
  cases.back().productivity = {0.02, -0.003};
  cases.back().standard_growth = {0.0, 0.015};
  cases.push_back(reference);
  cases.back().family_care.arsverk = TimePath({{2030, 60000.0}});
  cases.back().family_care.spillover_share = 1.0;
  for (const ScenarioParameters& scenario : cases) {
    FastModel::Path path;
    const std::vector<double> values = fast(model, scenario, &path);
    CHECK(path == FastModel::Path::fixed_demography);
    // Only the order of additions differs from project_scenario.
    CHECK(max_relative_difference(values, deterministic(base, scenario)) < 1e-12);
  }
}

TEST_CASE("the fast path equals project_scenario when the population is re-projected", "[sweep][fast]") {
  const BaseData base = synthetic_base(4);
  const ScenarioParameters reference = reference_scenario(base);
  const FastModel model(base, reference);
  std::vector<ScenarioParameters> cases(4, reference);
  cases[0].demography.total_fertility = TimePath::constant(1.9);
  cases[1].demography.net_migration = TimePath({{2024, 60000.0}, {2035, -5000.0}});  // emigration too
  cases[2].demography.sex_ratio_at_birth = 1.07;
  cases[3].demography.total_fertility = TimePath::constant(1.2);
  cases[3].healthy_ageing.theta = 0.9;
  for (const ScenarioParameters& scenario : cases) {
    FastModel::Path path;
    const std::vector<double> values = fast(model, scenario, &path);
    CHECK(path == FastModel::Path::redrawn_population);
    CHECK(max_relative_difference(values, deterministic(base, scenario)) < 1e-12);
  }
}

TEST_CASE("drawn mortality matches project_scenario within the table's interpolation error", "[sweep][fast]") {
  // Life-table functions are interpolated by quintic Hermite polynomials in the mortality
  // shift κ on a grid of step 1/8; the largest relative error in any output is about 2.4e-11
  // (measured), the bound checked here is 1e-10. Targets outside the table (e0 = 104) use
  // exact life tables.
  const BaseData base = synthetic_base(5);
  const ScenarioParameters reference = reference_scenario(base);
  const FastModel model(base, reference);
  for (double female : {80.0, 86.0, 90.0, 95.0, 104.0}) {
    ScenarioParameters scenario = reference;
    scenario.demography.life_expectancy[0] = TimePath({{2060, female}});
    scenario.demography.life_expectancy[1] = TimePath({{2040, female - 4.0}, {2060, female - 3.0}});
    FastModel::Path path;
    const std::vector<double> values = fast(model, scenario, &path);
    CHECK(path == FastModel::Path::redrawn_mortality);
    INFO("female e0 2060 = " << female);
    CHECK(max_relative_difference(values, deterministic(base, scenario)) < 1e-10);
  }
  ScenarioParameters improvement = reference;
  improvement.demography.mortality_mode = MortalityMode::improvement_rate;
  improvement.demography.mortality_improvement = 0.012;
  CHECK(max_relative_difference(fast(model, improvement), deterministic(base, improvement)) < 1e-10);
}

TEST_CASE("the fast path applies levers as project_scenario does", "[sweep][fast]") {
  const BaseData base = synthetic_base(6);
  ScenarioParameters scenario = reference_scenario(base);
  TechnologyLever sensors;
  sensors.name = "night sensors";
  sensors.service = 1;
  sensors.start_year = 2025;
  sensors.midpoint_year = 2035.0;
  sensors.ceiling = 0.8;
  sensors.steepness = 0.4;
  sensors.touched_share = 0.2;
  sensors.saving_per_adopter = 0.3;
  scenario.levers.technology_levers.push_back(sensors);
  const FastModel model(base, scenario);
  CHECK(max_relative_difference(fast(model, scenario), deterministic(base, scenario)) < 1e-12);
}

TEST_CASE("a parameter of whole numbers draws, applies and reports integers", "[sweep]") {
  const BaseData base = synthetic_base(7);
  const ScenarioParameters reference = reference_scenario(base);
  SweepParameter threshold = parameter("threshold", Distribution::uniform(60.0, 70.0), [](ScenarioParameters& p, double v) {
    p.healthy_ageing.threshold_age = int(v);
  });
  threshold.integer = true;
  CHECK(threshold.value_at(0.05) == 61.0);  // 60.5, halves away from zero
  CHECK(threshold.value_at(0.5) == 65.0);
  CHECK(threshold.value_at(0.94) == 69.0);  // 69.4
  SweepSettings settings;
  settings.draws = 50;
  settings.sobol_rows = 0;
  settings.report_years = {2060};
  const Sweep sweep(base, {reference}, {threshold}, settings);
  CHECK(sweep.plan().tornado_inputs[0] == std::array<double, 3>{61.0, 65.0, 70.0});
  for (std::uint64_t d = 0; d < 50; ++d) {
    const double value = sweep.draw_values(d)[0];
    CHECK(value == std::round(value));
    CHECK(value >= 60.0);
    CHECK(value <= 70.0);
  }
}

TEST_CASE("a sweep whose distributions are all degenerate equals the deterministic run", "[sweep]") {
  const BaseData base = synthetic_base(7);
  const ScenarioParameters reference = reference_scenario(base);
  std::vector<SweepParameter> parameters;
  parameters.push_back(parameter("productivity", Distribution::uniform(0.01, 0.01),
                                 [](ScenarioParameters& p, double v) { p.productivity.assign(p.productivity.size(), v); }));
  parameters.push_back(parameter("theta", Distribution::normal(0.3, 0.0),
                                 [](ScenarioParameters& p, double v) { p.healthy_ageing.theta = v; }));
  parameters.push_back(parameter("fertility", Distribution::pert(1.7, 1.7, 1.7),
                                 [](ScenarioParameters& p, double v) { p.demography.total_fertility = TimePath::constant(v); }));
  SweepParameter variant = parameter("variant", Distribution::choice({0.0, 1.0}), [](ScenarioParameters& p, double v) {
    p.family_care.spillover_share = v == 1.0 ? 0.7 : 0.0;
  });
  variant.alternatives = {"none", "most"};
  parameters.push_back(std::move(variant));
  SweepSettings settings;
  settings.draws = 300;
  settings.sobol_rows = 64;
  settings.bootstrap = 20;
  settings.report_years = {2040, 2060};
  settings.thresholds = {{0, 0.0}};

  ScenarioParameters same = reference;
  same.productivity.assign(same.productivity.size(), 0.01);
  same.healthy_ageing.theta = 0.3;
  same.demography.total_fertility = TimePath::constant(1.7);
  same.family_care.spillover_share = 0.7;
  const std::vector<double> expected = deterministic(base, same);

  for (std::size_t exact_up_to : {std::size_t(1000), std::size_t(10)}) {  // exact, then histogram quantiles
    settings.exact_quantile_draws = exact_up_to;
    const Sweep sweep(base, {reference}, parameters, settings);
    const SweepSummary summary = summarize(sweep.plan(), sweep.run_all({2, {}}), 2);
    const auto& statistics = summary.scenarios[0].statistics;
    for (std::size_t c = 0; c < expected.size(); ++c) {
      for (std::size_t s = 0; s < kSweepStatistics.size(); ++s) {
        INFO("column " << c << ", statistic " << kSweepStatistics[s]);
        REQUIRE(statistics[c * kSweepStatistics.size() + s] == Approx(expected[c]).epsilon(1e-12));
      }
    }
    for (double probability : summary.scenarios[0].exceedance) CHECK(probability == 1.0);
    for (const SobolIndex& index : summary.scenarios[0].sobol) CHECK(std::isnan(index.first));
    const auto& tornado = summary.scenarios[0].tornado;  // every one-at-a-time run is the central run
    const std::size_t outputs = sweep.plan().sensitivity_outputs();
    for (std::size_t i = 0; i < tornado.size(); ++i) CHECK(tornado[i] == tornado[i % outputs]);
  }
}

TEST_CASE("sweep results do not depend on threads, shards or quantile storage order", "[sweep][reproducible]") {
  const BaseData base = synthetic_base(8);
  std::vector<ScenarioParameters> scenarios{reference_scenario(base), reference_scenario(base)};
  scenarios[1].name = "high-standard";
  scenarios[1].standard_growth.assign(2, 0.015);
  for (std::size_t exact_up_to : {std::size_t(100000), std::size_t(100)}) {
    SweepSettings settings = mixed_settings(1500);
    settings.exact_quantile_draws = exact_up_to;
    settings.pilot_draws = 200;
    settings.histogram_bins = 2048;
    const Sweep sweep(base, scenarios, mixed_parameters(), settings, 1234);
    const SweepPlan& plan = sweep.plan();
    CHECK(plan.exact_quantiles == (exact_up_to > 1500));
    const SweepSummary one = summarize(plan, sweep.run_all({1, {}}), 1);
    const SweepSummary two = summarize(plan, sweep.run_all({2, {}}), 2);
    CHECK(same_summary(one, two));
    // Three shards merged in order give the same bytes as one run.
    SweepPart merged;
    merged.fingerprint = plan.fingerprint;
    for (std::size_t shard = 0; shard < 3; ++shard) {
      const auto [first, last] = shard_units(plan, shard, 3);
      merge_parts(plan, merged, sweep.run(first, last, {2, {}}));
    }
    CHECK(same_summary(one, summarize(plan, merged, 1)));
    // Parts out of order are refused.
    SweepPart out_of_order;
    out_of_order.fingerprint = plan.fingerprint;
    const auto [first, last] = shard_units(plan, 1, 3);
    CHECK_THROWS_AS(merge_parts(plan, out_of_order, sweep.run(first, last, {1, {}})), std::invalid_argument);
  }
}

TEST_CASE("histogram quantiles lie within one bin width of the exact ones", "[sweep]") {
  const BaseData base = synthetic_base(9);
  SweepSettings settings = mixed_settings(4000);
  settings.sobol_rows = 0;
  settings.pilot_draws = 500;
  settings.histogram_bins = 1024;
  const Sweep exact(base, {reference_scenario(base)}, mixed_parameters(), settings);
  settings.exact_quantile_draws = 1000;
  const Sweep binned(base, {reference_scenario(base)}, mixed_parameters(), settings);
  REQUIRE(exact.plan().exact_quantiles);
  REQUIRE(!binned.plan().exact_quantiles);
  const auto a = summarize(exact.plan(), exact.run_all({2, {}})).scenarios[0].statistics;
  const auto b = summarize(binned.plan(), binned.run_all({2, {}})).scenarios[0].statistics;
  const std::size_t stats = kSweepStatistics.size();
  for (std::size_t c = 0; c < a.size() / stats; ++c) {
    const double width = binned.plan().grid_width[c];
    for (std::size_t s = 0; s < stats; ++s) {
      INFO("column " << c << " statistic " << kSweepStatistics[s] << " bin width " << width);
      if (s == stats - 1) CHECK(b[c * stats + s] == a[c * stats + s]);  // means: same sums
      else CHECK(std::abs(b[c * stats + s] - a[c * stats + s]) <= width * (1.0 + 1e-9));
    }
  }
}

// The histogram's counts are the draws' own bins, counted one by one: with the 16-bit pending
// bins (up to 32 768 bins a column) and the 32-bit ones above, on one and on two threads.
TEST_CASE("histogram counts are exactly the bins of the draws in either width of pending bins", "[sweep]") {
  const BaseData base = synthetic_base(9);
  SweepSettings settings = mixed_settings(5000);  // 20 blocks: more than one flush of pending bins a thread
  settings.sobol_rows = 0;
  settings.pilot_draws = 10;  // a narrow grid: values fall off it on either side
  const Sweep exact(base, {reference_scenario(base)}, mixed_parameters(), settings);
  REQUIRE(exact.plan().exact_quantiles);
  const std::vector<double> values = exact.run_all({1, {}}).scenarios[0].values;
  const std::size_t columns = exact.plan().columns(), draws = settings.draws;
  REQUIRE(values.size() == draws * columns);
  for (const std::size_t bins : {std::size_t(32768), std::size_t(32769), std::size_t(100)}) {
    settings.exact_quantile_draws = 1000;
    settings.histogram_bins = bins;
    const Sweep binned(base, {reference_scenario(base)}, mixed_parameters(), settings);
    const SweepPlan& plan = binned.plan();
    REQUIRE(!plan.exact_quantiles);
    for (const int threads : {1, 2}) {
      const SweepPart part = binned.run_all({threads, {}});
      const SweepPart::Scenario& got = part.scenarios[0];
      std::size_t off_grid = 0, checked = 0;
      for (std::size_t c = 0; c < columns; ++c) {
        std::vector<std::uint64_t> counts(bins, 0);
        std::vector<double> outside;
        const double low = plan.grid_low[c], width = plan.grid_width[c];
        for (std::size_t d = 0; d < draws; ++d) {
          const double v = values[d * columns + c];
          const double position = width > 0.0 ? (v - low) * (1.0 / width) : (v == low ? 0.0 : -1.0);
          if (position >= 0.0 && position < double(bins)) ++counts[std::size_t(position)];
          else outside.push_back(v);
        }
        std::sort(outside.begin(), outside.end());
        off_grid += outside.size();
        INFO(bins << " bins, " << threads << " threads, column " << c);
        REQUIRE(std::equal(counts.begin(), counts.end(), got.histogram.begin() + std::ptrdiff_t(c * bins)));
        REQUIRE(outside == got.outside[c]);
        ++checked;
      }
      CHECK(checked == columns);
      // Some values fall off the grid (the pilot sees 10 draws of 5 000), and they were kept.
      if (threads == 1) CHECK(off_grid > 0);
    }
  }
}

TEST_CASE("one draw re-run alone gives the values the sweep used", "[sweep][reproducible]") {
  const BaseData base = synthetic_base(10);
  std::vector<ScenarioParameters> scenarios{reference_scenario(base), reference_scenario(base)};
  scenarios[1].name = "productive";
  scenarios[1].productivity.assign(2, 0.02);
  std::vector<SweepParameter> parameters = mixed_parameters();
  parameters.erase(parameters.begin());  // keep productivity a scenario assumption
  SweepSettings settings = mixed_settings(600);
  settings.sobol_rows = 0;
  const Sweep sweep(base, scenarios, parameters, settings);
  const SweepPart part = sweep.run_all({2, {}});
  const std::size_t columns = sweep.plan().layout.size();
  const std::size_t per_year = sweep.plan().layout.per_year();
  for (std::size_t draw : {std::size_t(0), std::size_t(257), std::size_t(599)}) {
    const std::vector<double> values = sweep.draw_values(draw);
    for (std::size_t s = 0; s < 2; ++s) {
      const std::vector<double> alone = sweep.evaluate(s, values);
      CHECK(same_bits(alone, std::vector<double>(part.scenarios[s].values.begin() + std::ptrdiff_t(draw * columns),
                                                 part.scenarios[s].values.begin() + std::ptrdiff_t((draw + 1) * columns))));
      // …and the fast path's answer is project_scenario's for those parameter values.
      CHECK(max_relative_difference(alone, deterministic(base, sweep.scenario_with(s, values))) < 1e-12);
    }
    // Common random numbers: both scenarios got the same draw, so services differ exactly by
    // the growth factor [(1.005)/(1.02)]^(t − t0) before the family-care spill-over (service 0
    // has none).
    const std::vector<double> a = sweep.evaluate(0, values), b = sweep.evaluate(1, values);
    for (std::size_t i = 0; i < sweep.plan().layout.years.size(); ++i) {
      CHECK(b[i * per_year] == Approx(a[i * per_year] * std::pow(1.005 / 1.02, double(i))).epsilon(1e-12));
    }
  }
}

TEST_CASE("means and exceedance probabilities are those of the draws", "[sweep]") {
  const BaseData base = synthetic_base(11);
  SweepSettings settings = mixed_settings(700);
  const SweepLayout layout = sweep_layout(base);
  const std::size_t year = layout.year_index(2050);
  const std::size_t column = year * layout.per_year() + settings.thresholds[0].column;
  settings.thresholds[0].value = deterministic(base, reference_scenario(base))[column];  // about the median
  const Sweep sweep(base, {reference_scenario(base)}, mixed_parameters(), settings);
  const SweepPart part = sweep.run_all({2, {}});
  const SweepSummary summary = summarize(sweep.plan(), part, 2);
  const std::size_t columns = layout.size(), years = layout.years.size(), stats = kSweepStatistics.size();
  double sum = 0.0, above = 0.0;
  std::vector<double> sorted;
  for (std::size_t d = 0; d < settings.draws; ++d) {
    const double value = part.scenarios[0].values[d * columns + column];
    sum += value;
    above += value > settings.thresholds[0].value;
    sorted.push_back(value);
  }
  std::sort(sorted.begin(), sorted.end());
  const auto& statistics = summary.scenarios[0].statistics;
  CHECK(statistics[column * stats + 7] == Approx(sum / double(settings.draws)).epsilon(1e-13));
  CHECK(statistics[column * stats + 3] == Approx(0.5 * (sorted[349] + sorted[350])).epsilon(1e-15));  // p50, type 7
  CHECK(statistics[column * stats + 0] == Approx(sorted[34] + 0.95 * (sorted[35] - sorted[34])).epsilon(1e-15));  // p5
  CHECK(summary.scenarios[0].exceedance[0 * years + year] == above / double(settings.draws));
  CHECK(above > 0.0);
  CHECK(above < double(settings.draws));
  // Quantiles are ordered and the band widens from the base year (no spread) to the end.
  for (std::size_t c = 0; c < columns; ++c) {
    for (std::size_t s = 0; s + 2 < stats; ++s) CHECK(statistics[c * stats + s] <= statistics[c * stats + s + 1]);
  }
  CHECK(statistics[0 * stats + 6] == statistics[0 * stats + 0]);
  const std::size_t last = (years - 1) * layout.per_year() + layout.total_column();
  CHECK(statistics[last * stats + 6] > 1.1 * statistics[last * stats + 0]);
}

TEST_CASE("Sobol indices and the tornado rank the parameters sensibly", "[sweep][sobol]") {
  const BaseData base = synthetic_base(12);
  SweepSettings settings = mixed_settings(256);
  settings.sobol_rows = 512;
  settings.bootstrap = 100;
  const Sweep sweep(base, {reference_scenario(base)}, mixed_parameters(), settings);
  const SweepSummary summary = summarize(sweep.plan(), sweep.run_all({2, {}}), 2);
  const SweepPlan& plan = sweep.plan();
  const std::size_t k = plan.parameters.size();
  // Output: the total in 2060 (report year 1, after the two services).
  const std::size_t output = 1 * (plan.layout.services.size() + 1) + plan.layout.services.size();
  const auto& sobol = summary.scenarios[0].sobol;
  REQUIRE(sobol.size() == plan.sensitivity_outputs() * k);
  // Productivity growth compounds over 37 years and dominates the total in 2060; the
  // family-care spill-over share matters little.
  const SobolIndex& productivity = sobol[output * k + 0];
  const SobolIndex& spillover = sobol[output * k + 2];
  CHECK(productivity.total > 0.5);
  CHECK(productivity.first > 0.4);
  CHECK(spillover.total < 0.05);
  double first_sum = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(sobol[output * k + i].total >= -0.02);
    CHECK(sobol[output * k + i].total_low <= sobol[output * k + i].total_high);
    first_sum += sobol[output * k + i].first;
  }
  CHECK(first_sum == Approx(1.0).margin(0.25));  // nearly additive model
  // Tornado: higher productivity (its high quantile) lowers the total; swings agree with Sobol.
  const auto& tornado = summary.scenarios[0].tornado;
  const std::size_t outputs = plan.sensitivity_outputs();
  const double central = tornado[output], low = tornado[1 * outputs + output], high = tornado[2 * outputs + output];
  CHECK(high < central);
  CHECK(central < low);
  const double spill_swing = std::abs(tornado[6 * outputs + output] - tornado[5 * outputs + output]);
  CHECK(spill_swing < 0.2 * (low - high));
}

TEST_CASE("unusable sweeps are refused with a reason", "[sweep]") {
  const BaseData base = synthetic_base(13);
  const ScenarioParameters reference = reference_scenario(base);
  auto refuses = [&](std::vector<SweepParameter> parameters, SweepSettings settings, const std::string& text) {
    try {
      Sweep sweep(base, {reference}, std::move(parameters), std::move(settings));
      FAIL("accepted: " << text);
    } catch (const std::invalid_argument& error) {
      CHECK_THAT(error.what(), Catch::Matchers::Contains(text));
    }
  };
  auto set_theta = [](ScenarioParameters& p, double v) { p.healthy_ageing.theta = v; };
  SweepSettings ok;
  ok.draws = 10;
  refuses({parameter("theta", Distribution::uniform(0, 1), set_theta), parameter("theta", Distribution::uniform(0, 1), set_theta)},
          ok, "duplicate parameter 'theta'");
  refuses({parameter("theta", Distribution::uniform(1, 0), set_theta)}, ok, "parameter 'theta': min must be \u2264 max");
  refuses({parameter("variant", Distribution::choice({1, 1}), set_theta)}, ok, "one name per alternative");
  SweepSettings late = ok;
  late.report_years = {2070};
  refuses({}, late, "report year 2070 is outside the projection (2023-2060)");
  SweepSettings none = ok;
  none.draws = 0;
  refuses({}, none, "at least one draw");
}

TEST_CASE("a draw the projection refuses names the draw's values", "[sweep][errors]") {
  const BaseData base = synthetic_base(7);
  const ScenarioParameters reference = reference_scenario(base);
  std::vector<SweepParameter> parameters;
  // Net emigration of 5 to 6 million a year empties the economy: every draw is refused.
  parameters.push_back(parameter("emigration", Distribution::uniform(-6e6, -5e6), [](ScenarioParameters& p, double v) {
    p.demography.net_migration = TimePath::constant(v);
  }));
  SweepSettings settings;
  settings.draws = 20;
  settings.sobol_rows = 0;
  settings.report_years = {2040};
  try {
    const Sweep sweep(base, {reference}, parameters, settings);
    (void)sweep.run_all({1, {}});
    FAIL("no error");
  } catch (const DomainError& error) {
    CHECK(error.rule().rfind("draw 0 of the sweep (emigration = -5", 0) == 0);
    CHECK(error.rule().find("; narrow or truncate the distributions") != std::string::npos);
  }
}
