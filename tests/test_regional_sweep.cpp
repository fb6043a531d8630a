// Regional Monte Carlo sweeps (engine/regional_sweep.hpp, docs/sweeps.md "Regional
// quantiles"): a draw's regional block is what the deterministic regional run gives for the
// draw's parameters, adds up to the draw's national figures, and re-projects the regions when
// the demography is drawn.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/regional_sweep.hpp"
#include "carecast/engine/sweep.hpp"

namespace fs = std::filesystem;
using namespace carecast;

namespace {

const std::string kRegionsScenario = (fs::path(CARECAST_SOURCE_DIR) / "scenarios" / "regions.yaml").string();
const std::string kRegionalSweep =
    (fs::path(CARECAST_SOURCE_DIR) / "tests" / "fixtures" / "regions" / "sweep.yaml").string();

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

// The regional block's values of region r, year index y, against a regional run's: services,
// total (services summed in order) and the population columns. Returns the largest relative
// difference.
double block_difference(const engine::RegionalLayout& layout, const double* block,
                        const engine::RegionalResult& expected) {
  double worst = 0.0;
  REQUIRE(expected.regions == layout.regions);
  for (std::size_t r = 0; r < layout.regions.size(); ++r) {
    for (std::size_t y = 0; y < layout.years.size(); ++y) {
      const auto i = Eigen::Index(y);
      double total = 0.0;
      for (std::size_t j = 0; j < layout.services.size(); ++j) {
        const double value = expected.service_arsverk[r](i, Eigen::Index(j));
        total += value;
        worst = std::max(worst, relative(block[layout.at(y, r, j)], value));
      }
      worst = std::max(worst, relative(block[layout.at(y, r, layout.total_column())], total));
      const engine::AgeSexArray& persons = expected.population[r][y];
      const Eigen::Index ages = persons.rows();
      const double population[] = {persons.sum(), persons.bottomRows(ages - 67).sum(),
                                   persons.bottomRows(ages - 80).sum()};
      for (std::size_t k = 0; k < 3; ++k) {
        worst = std::max(worst, relative(block[layout.at(y, r, layout.indicator_column(k))], population[k]));
      }
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("a regional draw with the reference parameters equals carecast run of the regional scenario",
          "[regions][sweep]") {
  for (const char* level : {"county", "health_region"}) {
    INFO("regions = " << level);
    const config::RunConfig run = config::load_run(kRegionsScenario, {{"regions", level}});
    const std::vector<engine::ScenarioResult> results = config::project(run);
    REQUIRE(results.size() == 1);
    REQUIRE(results.front().regional.has_value());
    engine::SweepSettings settings;
    settings.draws = 1;
    settings.sobol_rows = 0;
    settings.report_years = {2050};
    const engine::Sweep sweep(run.base, run.scenarios, {}, settings);
    const engine::SweepPlan& plan = sweep.plan();
    REQUIRE(plan.regional.regions.size() == (std::string(level) == "county" ? 15u : 4u));
    // Per region: every service, the total and three population columns.
    REQUIRE(plan.regional.size() ==
            plan.layout.years.size() * plan.regional.regions.size() * (plan.layout.services.size() + 4));
    const std::vector<double> values = sweep.evaluate(0, {});
    REQUIRE(values.size() == plan.columns());
    CHECK(block_difference(plan.regional, values.data() + plan.layout.size(), *results.front().regional) <=
          1e-12);
  }
}

TEST_CASE("regional draws re-project the regions and add up to the draw's national figures",
          "[regions][sweep]") {
  const config::SweepConfig config = config::load_sweep(kRegionalSweep);
  const engine::Sweep sweep(config.run.base, config.run.scenarios, config.parameters, config.settings);
  const engine::SweepPlan& plan = sweep.plan();
  const engine::SweepLayout& layout = plan.layout;
  const engine::RegionalLayout& regional = plan.regional;
  REQUIRE(regional.regions.size() == 15);
  const std::size_t years = layout.years.size(), oslo_2050 = regional.at(layout.year_index(2050), 0, 0);
  std::vector<double> oslo_population;
  for (std::uint64_t draw = 0; draw < 6; ++draw) {
    INFO("draw " << draw);
    const std::vector<double> drawn = sweep.draw_values(draw);
    const std::vector<double> values = sweep.evaluate(0, drawn);
    const double* block = values.data() + layout.size();
    // The same steps as the run on the draw's parameters: equal up to the national figures'
    // κ-table interpolation when mortality is drawn (docs/sweeps.md, about 5e-12).
    const engine::ScenarioResult expected =
        engine::project_scenario(config.run.base, sweep.scenario_with(0, drawn));
    CHECK(block_difference(regional, block, *expected.regional) <= 1e-10);
    for (std::size_t y = 0; y < years; ++y) {
      const double* national = values.data() + y * layout.per_year();
      // Services: exactly, summed in region order.
      for (std::size_t j = 0; j < layout.services.size(); ++j) {
        double sum = 0.0;
        for (std::size_t r = 0; r < regional.regions.size(); ++r) sum += block[regional.at(y, r, j)];
        CHECK(sum == national[j]);
      }
      // Population: cell by cell in the engine; totals to rounding of the sums' order (and the
      // κ table when mortality is drawn).
      for (std::size_t k = 0; k < 3; ++k) {
        double sum = 0.0;
        for (std::size_t r = 0; r < regional.regions.size(); ++r)
          sum += block[regional.at(y, r, regional.indicator_column(k))];
        const engine::Indicator id = k == 0   ? engine::Indicator::population
                                     : k == 1 ? engine::Indicator::population_67plus
                                              : engine::Indicator::population_80plus;
        CHECK(relative(sum, national[layout.column(id)]) <= 1e-10);
      }
    }
    oslo_population.push_back(block[oslo_2050 + regional.indicator_column(0)]);
  }
  // Drawn fertility, mortality and migration move the counties' populations.
  std::sort(oslo_population.begin(), oslo_population.end());
  CHECK(std::adjacent_find(oslo_population.begin(), oslo_population.end()) == oslo_population.end());
}

TEST_CASE("draws with the reference demography use the precomputed regions and equal the regional run",
          "[regions][sweep]") {
  // Two scenarios by health region; the migration variant is "main" (the reference
  // demography: regional populations precomputed) or "low" (re-projected); η and standards drawn.
  const std::string file =
      (fs::path(CARECAST_SOURCE_DIR) / "tests" / "fixtures" / "regions" / "sweep-health.yaml").string();
  const config::SweepConfig config = config::load_sweep(file, {{"regions", "health_region"}});
  const engine::Sweep sweep(config.run.base, config.run.scenarios, config.parameters, config.settings);
  const engine::SweepPlan& plan = sweep.plan();
  REQUIRE(plan.regional.regions.size() == 4);
  REQUIRE(plan.scenarios.size() == 2);
  std::size_t reference_demography = 0;
  for (std::uint64_t draw = 0; draw < 8; ++draw) {
    const std::vector<double> drawn = sweep.draw_values(draw);
    for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
      INFO("draw " << draw << ", scenario " << plan.scenarios[s]);
      const engine::ScenarioParameters scenario = sweep.scenario_with(s, drawn);
      reference_demography +=
          engine::same_demography(scenario.demography, config.run.scenarios[s].demography);
      const std::vector<double> values = sweep.evaluate(s, drawn);
      const engine::ScenarioResult expected = engine::project_scenario(config.run.base, scenario);
      // The national figures of a drawn η come from FastModel's Chebyshev series (1e-13).
      CHECK(block_difference(plan.regional, values.data() + plan.layout.size(), *expected.regional) <= 1e-11);
    }
  }
  CHECK(reference_demography > 0);
  CHECK(reference_demography < 16);
}

TEST_CASE("a regional sweep keeps exact quantiles to 2000 draws by default", "[regions][sweep]") {
  const config::SweepConfig regional = config::load_sweep(kRegionalSweep);
  CHECK(regional.settings.exact_quantile_draws == 300);  // written in the file
  // A sweep file without a quantiles section.
  const fs::path national_file = fs::path(CARECAST_SOURCE_DIR) / "scenarios" / "equipment-uncertainty.yaml";
  CHECK(config::load_sweep(national_file.string()).settings.exact_quantile_draws == 20000);
  CHECK(config::load_sweep(national_file.string(), {{"regions", "county"}}).settings.exact_quantile_draws ==
        engine::kRegionalExactQuantileDraws);
}

TEST_CASE("regional thresholds count the draws whose regional figure passes them", "[regions][sweep]") {
  config::SweepConfig config = config::load_sweep(kRegionalSweep);
  REQUIRE(config.threshold_quantities ==
          std::vector<std::string>{"total", "region.56.total", "region.03.population_80plus"});
  config.settings.draws = 60;
  config.settings.sobol_rows = 0;
  const engine::Sweep sweep(config.run.base, config.run.scenarios, config.parameters, config.settings);
  const engine::SweepPlan& plan = sweep.plan();
  const engine::SweepSummary summary = engine::summarize(plan, sweep.run_all({2, {}}), 2);
  const std::size_t years = plan.layout.years.size();
  std::vector<std::size_t> above(plan.settings.thresholds.size() * years, 0);
  for (std::uint64_t draw = 0; draw < 60; ++draw) {
    const std::vector<double> values = sweep.evaluate(0, sweep.draw_values(draw));
    for (std::size_t t = 0; t < plan.settings.thresholds.size(); ++t) {
      const engine::SweepThreshold& threshold = plan.settings.thresholds[t];
      for (std::size_t y = 0; y < years; ++y)
        above[t * years + y] += values[plan.year_value(y, threshold.column)] > threshold.value;
    }
  }
  const std::size_t y2050 = plan.layout.year_index(2050);
  for (std::size_t t = 0; t < above.size(); ++t)
    CHECK(summary.scenarios[0].exceedance[t] == double(above[t]) / 60.0);
  // The regional thresholds read the regional block: Finnmark's total, Oslo's 80+.
  const std::vector<double> first = sweep.evaluate(0, sweep.draw_values(0));
  CHECK(first[plan.year_value(y2050, plan.settings.thresholds[1].column)] ==
        first[plan.layout.size() + plan.regional.at(y2050, 14, plan.regional.total_column())]);
  CHECK(first[plan.year_value(y2050, plan.settings.thresholds[2].column)] ==
        first[plan.layout.size() + plan.regional.at(y2050, 0, plan.regional.indicator_column(2))]);
  // Some draws pass Finnmark's threshold in 2050 and some do not: the threshold discriminates.
  CHECK(above[years + y2050] > 0);
  CHECK(above[years + y2050] < 60);
}
