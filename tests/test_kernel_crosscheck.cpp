// The run path (project_scenario) against the sweep path (FastModel) on every feature: both
// call the one projection kernel (engine/src/kernel.hpp), so they agree to rounding
// (1e-12 relative), except where the sweep path reads life tables from its κ table (drawn
// mortality), whose documented interpolation error is bounded by 1e-10.
#include "carecast/config/run_config.hpp"
#include "carecast/engine/fast_model.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace carecast;
using engine::FastModel;
using engine::ScenarioParameters;
using engine::TimePath;

namespace {

constexpr double kRounding = 1e-12;
constexpr double kMortalityTable = 1e-10;

std::string source(const std::string& path) { return std::string(CARECAST_SOURCE_DIR) + "/" + path; }

// The largest relative difference, with the column and year where it is, for the message.
double compare(const engine::BaseData& base, const ScenarioParameters& reference, const ScenarioParameters& scenario,
               std::string& where) {
  const FastModel model(base, reference);
  auto workspace = model.workspace();
  std::vector<double> fast(model.layout().size()), run(model.layout().size());
  model.evaluate(scenario, *workspace, fast.data());
  engine::sweep_values(engine::project_scenario(base, scenario), model.layout(), run.data());
  double worst = 0.0;
  for (std::size_t i = 0; i < run.size(); ++i) {
    double scale = std::max(std::abs(run[i]), 1e-9);
    // A gap (demand − supply) is a difference of large numbers: relative to the demand.
    const engine::SweepLayout& layout = model.layout();
    const std::size_t column = i % layout.per_year();
    if (!layout.gaps.empty() && column >= layout.gap_column(0)) {
      scale = std::max(scale, std::abs(run[i - column + layout.profession_column(column - layout.gap_column(0))]));
    }
    const double difference = std::abs(fast[i] - run[i]) / scale;
    if (difference > worst) {
      worst = difference;
      where = "value " + std::to_string(i) + " (year " +
              std::to_string(model.layout().years[i / model.layout().per_year()]) + ", column " +
              std::to_string(i % model.layout().per_year()) + "): " + std::to_string(fast[i]) + " against " +
              std::to_string(run[i]);
    }
  }
  return worst;
}

#define CHECK_PATHS_AGREE(base, reference, scenario, tolerance)                \
  do {                                                                         \
    std::string where_;                                                        \
    const double worst_ = compare((base), (reference), (scenario), where_);    \
    INFO("scenario " << (scenario).name << ": largest difference " << worst_ << " at " << where_); \
    CHECK(worst_ < (tolerance));                                               \
  } while (false)

bool is_sweep_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("scenario_file:", 0) == 0) return true;
  }
  return false;
}

const config::RunConfig& norway() {
  static const config::RunConfig run = config::load_run(source("scenarios/productivity.yaml"));
  return run;
}

}  // namespace

TEST_CASE("every shipped scenario file: the sweep path equals the run path", "[kernel][crosscheck]") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(source("scenarios"))) {
    if (entry.path().extension() == ".yaml" && !is_sweep_file(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 8);
  for (const auto& file : files) {
    INFO("file " << file.filename().string());
    const config::RunConfig run = config::load_run(file.string());
    for (const ScenarioParameters& scenario : run.scenarios) {
      // The scenario as its own reference (the fixed-demography path with its θ tables) …
      CHECK_PATHS_AGREE(run.base, scenario, scenario, kRounding);
      // … and as a draw around the file's first scenario (re-projected when the demography differs).
      const bool table = !engine::same_mortality(scenario.demography, run.scenarios.front().demography);
      CHECK_PATHS_AGREE(run.base, run.scenarios.front(), scenario, table ? kMortalityTable : kRounding);
    }
  }
}

TEST_CASE("each feature: the sweep path equals the run path", "[kernel][crosscheck]") {
  const engine::BaseData& base = norway().base;
  const ScenarioParameters reference = norway().scenarios.at(1);

  SECTION("healthy ageing at any θ and threshold, standards, productivity and family care") {
    for (double theta : {0.0, 0.2, 0.5, 0.93, 1.0}) {
      for (int threshold : {55, 67}) {
        ScenarioParameters scenario = reference;
        scenario.healthy_ageing.method = engine::HealthyAgeingMethod::age_shift;
        scenario.healthy_ageing.theta = theta;
        scenario.healthy_ageing.threshold_age = threshold;
        scenario.standard_growth.assign(scenario.standard_growth.size(), 0.013);
        scenario.productivity.front() = -0.003;
        scenario.family_care.mode = engine::FamilyCareMode::spillover;
        scenario.family_care.arsverk = TimePath({{2023, 90000.0}, {2050, 70000.0}});
        scenario.family_care.spillover_share = 0.6;
        CHECK_PATHS_AGREE(base, reference, scenario, kRounding);
      }
    }
  }
  SECTION("healthy ageing by the mortality ratio, family care as total need, the employment path") {
    for (double elasticity : {0.0, 0.3, 0.57, 1.4}) {
      for (int threshold : {55, 70}) {
        for (auto ages : {engine::FamilyCareAges::all, engine::FamilyCareAges::from_67}) {
          ScenarioParameters scenario = reference;
          scenario.healthy_ageing.elasticity = elasticity;
          scenario.healthy_ageing.threshold_age = threshold;
          scenario.family_care.ages = ages;
          scenario.family_care.arsverk = TimePath({{2023, 90000.0}, {2060, 60000.0}});
          scenario.employment_62_74_pp = TimePath({{2023, 0.0}, {2040, 8.0}});
          CHECK_PATHS_AGREE(base, reference, scenario, kRounding);
          // With drawn mortality the death rates come from the κ of the draw.
          ScenarioParameters longer = scenario;
          longer.demography.life_expectancy[0] = TimePath({{2060, 93.0}});
          CHECK_PATHS_AGREE(base, reference, longer, kMortalityTable);
        }
      }
    }
  }
  SECTION("drawn fertility and sex ratio") {
    ScenarioParameters scenario = reference;
    scenario.demography.total_fertility = TimePath({{2024, 1.3}, {2040, 1.9}});
    scenario.demography.sex_ratio_at_birth = 1.07;
    CHECK_PATHS_AGREE(base, reference, scenario, kRounding);
  }
  SECTION("drawn migration, immigration and net emigration") {
    for (double level : {90000.0, 0.0, -20000.0, -80000.0}) {
      ScenarioParameters scenario = reference;
      scenario.demography.net_migration = TimePath({{2026, 30000.0}, {2035, level}});
      CHECK_PATHS_AGREE(base, reference, scenario, kRounding);
    }
  }
  SECTION("drawn mortality: life-expectancy targets and improvement rates") {
    for (double gain : {-3.0, 0.0, 2.5, 6.0}) {
      ScenarioParameters scenario = reference;
      scenario.demography.life_expectancy[0] = TimePath({{2060, 91.0 + gain}});
      scenario.demography.life_expectancy[1] = TimePath({{2045, 84.0 + gain}, {2060, 86.5 + gain}});
      CHECK_PATHS_AGREE(base, reference, scenario, kMortalityTable);
    }
    ScenarioParameters improvement = reference;
    improvement.demography.mortality_mode = engine::MortalityMode::improvement_rate;
    improvement.demography.mortality_improvement = 0.015;
    CHECK_PATHS_AGREE(base, reference, improvement, kMortalityTable);
  }
  SECTION("an external population projection") {
    const engine::PopulationPath path =
        engine::project_population(base.demography, reference.demography, base.base_year, base.end_year);
    std::map<int, engine::AgeSexArray> external;
    for (int year = base.demography.jump_off_year + 1; year <= base.end_year; ++year) {
      external[year] = path.in(year) * (1.0 + 0.002 * (year - base.demography.jump_off_year));
    }
    ScenarioParameters scenario = reference;
    scenario.demography.external_population = external;
    CHECK_PATHS_AGREE(base, reference, scenario, kRounding);
    CHECK_PATHS_AGREE(base, scenario, scenario, kRounding);
  }
  SECTION("levers of every kind: capital, technology, and the technical staff they add") {
    const config::RunConfig equipment = config::load_run(source("scenarios/equipment-investment.yaml"));
    const config::RunConfig night = config::load_run(source("scenarios/night-monitoring.yaml"));
    // An equipment gap, a task-targeted lever and a labour-adding one (issue 11).
    const config::RunConfig gap = config::load_run(source("scenarios/equipment-gap.yaml"));
    const config::RunConfig lab = config::load_run(source("scenarios/lab-automation.yaml"));
    const config::RunConfig robot = config::load_run(source("scenarios/robot-surgery.yaml"));
    for (const config::RunConfig* run : {&equipment, &night, &gap, &lab, &robot}) {
      bool staff = false;
      for (const ScenarioParameters& scenario : run->scenarios) {
        for (const auto& lever : scenario.levers.capital_levers) staff = staff || !lever.staff_per_bn_nok.empty();
        for (const auto& lever : scenario.levers.technology_levers) staff = staff || !lever.staff_per_unit.empty();
        ScenarioParameters drawn = scenario;
        drawn.demography.total_fertility = TimePath::constant(1.8);  // levers on a re-projected population too
        CHECK_PATHS_AGREE(run->base, scenario, scenario, kRounding);
        CHECK_PATHS_AGREE(run->base, scenario, drawn, kRounding);
      }
      CHECK(staff);
    }
    CHECK(!equipment.scenarios.front().levers.capital_levers.empty());
    CHECK(!night.scenarios.front().levers.technology_levers.empty());
  }
}

TEST_CASE("healthy-ageing elasticity: every piece of the η series, its ends and beyond it", "[kernel][crosscheck]") {
  // The fixed-demography path sums by a Chebyshev series on 20 pieces of [0, 5] (fast_model.cpp);
  // a point in each piece, the piece ends, and elasticities outside the series (exact sums).
  const config::RunConfig& run = norway();
  const ScenarioParameters& reference = run.scenarios.at(1);
  std::vector<double> elasticities{0.0, 2.5, 4.75, 5.0, 5.0001, 6.5};
  for (int piece = 0; piece < 20; ++piece) elasticities.push_back(0.25 * piece + 0.1379);
  for (double elasticity : elasticities) {
    INFO("elasticity " << elasticity);
    ScenarioParameters scenario = reference;
    scenario.healthy_ageing.elasticity = elasticity;
    CHECK_PATHS_AGREE(run.base, reference, scenario, kRounding);
  }
}
