#include "carecast/config/sweep_config.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace carecast;

namespace {

const std::string kSource = CARECAST_SOURCE_DIR;

// A sweep file in a temporary directory whose scenario_file is the repository's.
std::string sweep_file(const std::string& name, const std::string& body) {
  const auto dir = std::filesystem::temp_directory_path() / "carecast-test-sweep-config";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << "scenario_file: " << kSource << "/scenarios/productivity.yaml\n" << body;
  return path.string();
}

std::vector<config::Problem> problems_of(const std::string& file) {
  try {
    config::load_sweep(file);
  } catch (const config::ConfigError& error) {
    return error.problems();
  }
  FAIL("no ConfigError for " << file);
  return {};
}

}  // namespace

TEST_CASE("the example sweep file loads with every parameter and setting", "[sweep][config]") {
  const config::SweepConfig sweep = config::load_sweep(kSource + "/scenarios/uncertainty.yaml");
  REQUIRE(sweep.run.scenarios.size() == 1);  // `scenarios:` picks productivity-0.5
  CHECK(sweep.run.scenarios[0].name == "productivity-0.5");
  CHECK(sweep.settings.seed == 20240501);
  CHECK(sweep.settings.draws == 10000);
  CHECK(sweep.settings.report_years == std::vector<int>{2030, 2040, 2050, 2060});
  CHECK(sweep.settings.sobol_rows == 1024);
  REQUIRE(sweep.parameters.size() == 8);
  CHECK(sweep.parameters[2].name == "migration_variant");
  CHECK(sweep.parameters[2].alternatives == std::vector<std::string>{"low", "main", "high"});
  CHECK(sweep.threshold_quantities ==
        std::vector<std::string>{"indicator.share_of_all_arsverk", "indicator.share_of_all_arsverk", "total",
                                 "profession.nurses"});
  CHECK(config::sweep_fingerprint(sweep) == config::sweep_fingerprint(config::load_sweep(kSource + "/scenarios/uncertainty.yaml")));
}

TEST_CASE("drawn values change the scenario as their apply mode says", "[sweep][config]") {
  const config::SweepConfig sweep = config::load_sweep(kSource + "/scenarios/uncertainty.yaml");
  const engine::ScenarioParameters& reference = sweep.run.scenarios[0];
  auto with = [&](std::size_t parameter, double value) {
    engine::ScenarioParameters p = reference;
    sweep.parameters.at(parameter).apply(p, 0, value);
    return p;
  };
  // fertility, path_to 2050: linear from the base-year level to the value.
  CHECK(with(0, 1.3).demography.total_fertility.knots() ==
        std::vector<std::pair<int, double>>{{2023, reference.demography.total_fertility.at(2023)}, {2050, 1.3}});
  // life-expectancy gain, shift: both sexes' targets move by the value.
  const auto shifted = with(1, 2.0);
  for (int g = 0; g < 2; ++g) {
    CHECK(shifted.demography.life_expectancy[g].at(2060) == Approx(reference.demography.life_expectancy[g].at(2060) + 2.0));
  }
  // migration variant: low replaces the path, main keeps the reference.
  CHECK(with(2, 0.0).demography.net_migration.at(2040) == 8000.0);
  CHECK(with(2, 1.0).demography.net_migration.knots() == reference.demography.net_migration.knots());
  CHECK(with(2, 2.0).demography.net_migration.at(2030) == 28000.0);
  // healthy ageing and productivity (%/yr in the file, fractions in the engine).
  CHECK(with(3, 0.8).healthy_ageing.theta == 0.8);
  CHECK(with(5, 1.5).productivity == std::vector<double>(reference.productivity.size(), 0.015));
  // family care, path_to 2060: linear from the base-year level; end_value is checked in
  // the small test sweep (tests/fixtures/sweep/small.yaml).
  const auto care = with(6, 70000.0).family_care.arsverk;
  CHECK(care.at(2023) == 90000.0);
  CHECK(care.at(2060) == 70000.0);
  CHECK(care.at(2041) == Approx(90000.0 - 20000.0 * 18.0 / 37.0));
}

TEST_CASE("a mistake in a variant's values is reported at its line in the sweep file", "[sweep][config]") {
  const std::string file = sweep_file("bad-variant.yaml",
                                      "seed: 1\n"
                                      "draws: 10\n"
                                      "report_years: [2060]\n"
                                      "uncertain:\n"
                                      "  - name: variant\n"
                                      "    distribution: choice\n"
                                      "    alternatives:\n"
                                      "      low: {weight: 1, set: {parameters.healthy_ageing.theta: 1.5}}\n"
                                      "      high: {weight: 1, set: {parameters.levers.capital.sigma: 2}}\n");
  const auto problems = problems_of(file);
  REQUIRE(problems.size() == 2);
  // Line 9 (after scenario_file), column of the value 1.5.
  CHECK(problems[0].format() == file + ":9:63: uncertain[1].alternatives.low.set.parameters.healthy_ageing.theta = 1.5 — must be in [0, 1]");
  CHECK(problems[1].where.line == 10);
  CHECK_THAT(problems[1].rule, Catch::Matchers::StartsWith("a variant can set keys under parameters.demography"));
}

TEST_CASE("sweep files name unknown scenarios and keys with a suggestion", "[sweep][config]") {
  const std::string file = sweep_file("unknown.yaml",
                                      "scenarios: [productivity-0.7]\n"
                                      "seed: 1\n"
                                      "draws: 10\n"
                                      "report_years: [2060]\n"
                                      "uncertain: []\n");
  const auto problems = problems_of(file);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key_path == "scenarios[]");
  CHECK(problems[0].rule == "unknown scenario (did you mean 'productivity-0.0'?)");
}
