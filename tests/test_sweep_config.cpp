#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"
#include "carecast/config/sweep_config.hpp"

using namespace carecast;

namespace {

const std::string kSource = CARECAST_SOURCE_DIR;

// A sweep file in a temporary directory whose scenario_file is the repository's.
std::string sweep_file(const std::string& name, const std::string& body,
                       const std::string& scenario_file = kSource + "/scenarios/productivity.yaml") {
  const auto dir = std::filesystem::temp_directory_path() / "carecast-test-sweep-config";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << "scenario_file: " << scenario_file << "\n" << body;
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

std::vector<std::string> messages_of(const std::string& file) {
  std::vector<std::string> messages;
  for (const config::Problem& problem : problems_of(file)) messages.push_back(problem.format());
  return messages;
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

TEST_CASE("a sweep's fingerprint and resolved text hold no file's path", "[sweep][config]") {
  // The same sweep file in another folder, naming its scenario file by another path (as on
  // the nodes of a cluster with checkouts at different places): the parts must merge.
  const std::string body = "scenarios: [productivity-0.5]\nseed: 5\ndraws: 10\nreport_years: [2060]\nuncertain:\n"
                           "  - {name: p, set: parameters.productivity_pct, distribution: uniform, min: 0, max: 1}\n";
  const config::SweepConfig here = config::load_sweep(sweep_file("fingerprint.yaml", body));
  const config::SweepConfig there = config::load_sweep(
      sweep_file("fingerprint-copy.yaml", body, kSource + "/scenarios/../scenarios/productivity.yaml"));
  CHECK(here.sweep_file != there.sweep_file);
  CHECK(here.run.scenario_file != there.run.scenario_file);
  CHECK(config::sweep_resolved_yaml(here) == config::sweep_resolved_yaml(there));
  CHECK(config::sweep_fingerprint(here) == config::sweep_fingerprint(there));
  CHECK(config::sweep_resolved_yaml(here).find(kSource) == std::string::npos);
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
  CHECK(with(3, 0.8).healthy_ageing.elasticity == 0.8);
  CHECK(with(5, 1.5).productivity == std::vector<double>(reference.productivity.size(), 0.015));
  // family care, path_to 2060: linear from the base-year level; end_value is checked in
  // the small test sweep (tests/fixtures/sweep/small.yaml).
  const auto care = with(6, 70000.0).family_care.arsverk;
  CHECK(care.at(2023) == 90000.0);
  CHECK(care.at(2060) == 70000.0);
  CHECK(care.at(2041) == Approx(90000.0 - 20000.0 * 18.0 / 37.0));
  // the need family care is part of: a choice whose alternative sets an enumeration.
  CHECK(with(7, 0.0).family_care.ages == engine::FamilyCareAges::all);
  CHECK(with(7, 1.0).family_care.ages == engine::FamilyCareAges::from_67);
}

TEST_CASE("path_to and constant on life expectancy give what --set gives: from the observed value, and every year", "[sweep][config]") {
  // Life expectancy runs from the observed base-year value to its first target
  // (kernel::anchored_value), so path_to is the engine's own line to one knot, as
  // --set KEY={2060: 91} gives; constant is the value in every year, as --set KEY=50 gives.
  // (Both used to take the first target, 2050's 89.3, as the base-year value.)
  const std::string key = "parameters.demography.mortality.life_expectancy.female";
  const std::string settings = "scenarios: [productivity-0.5]\nseed: 1\ndraws: 2\nreport_years: [2060]\nuncertain:\n";
  const config::SweepConfig to = config::load_sweep(sweep_file(
      "e0-path-to.yaml", settings + "  - {name: e0, set: " + key + ", apply: path_to, year: 2060, distribution: fixed, value: 91}\n"));
  const config::SweepConfig constant = config::load_sweep(
      sweep_file("e0-constant.yaml", settings + "  - {name: e0, set: " + key + ", apply: constant, distribution: fixed, value: 50}\n"));
  engine::ScenarioParameters p = to.run.scenarios[0];
  to.parameters[0].apply(p, 0, 91.0);
  CHECK(p.demography.life_expectancy[0].knots() == std::vector<std::pair<int, double>>{{2060, 91.0}});
  engine::ScenarioParameters q = constant.run.scenarios[0];
  constant.parameters[0].apply(q, 0, 50.0);
  CHECK(q.demography.life_expectancy[0].knots() == engine::TimePath::constant(50.0).knots());
  // The same scenarios as the scenario file with --set.
  const auto with_set = [&](const std::string& value) {
    const config::RunConfig run = config::load_run(kSource + "/scenarios/productivity.yaml", {{key, value}});
    return run.scenarios.front().demography.life_expectancy[0].knots();
  };
  CHECK(with_set("{2060: 91}") == p.demography.life_expectancy[0].knots());
  CHECK(with_set("50") == q.demography.life_expectancy[0].knots());
}

TEST_CASE("a shift or scale is checked against the paths every alternative of a choice sets", "[sweep][config]") {
  // The alternative 'low' sets women's life expectancy to 25; a later shift of −10 to −5 takes
  // it to 15, below the key's range [20, 120]. The scenario's own path (89.3, 91) alone passes.
  const std::string file = sweep_file("alternative-shift.yaml",
                                      "scenarios: [productivity-0.5]\n"
                                      "seed: 1\n"
                                      "draws: 10\n"
                                      "report_years: [2060]\n"
                                      "uncertain:\n"
                                      "  - name: level\n"
                                      "    distribution: choice\n"
                                      "    alternatives:\n"
                                      "      low: {weight: 1, set: {parameters.demography.mortality.life_expectancy.female: 25}}\n"
                                      "      main: {weight: 1}\n"
                                      "  - name: shift\n"
                                      "    set: parameters.demography.mortality.life_expectancy.female\n"
                                      "    apply: shift\n"
                                      "    distribution: uniform\n"
                                      "    min: -10\n"
                                      "    max: -5\n");
  const auto messages = messages_of(file);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == file + ":15:19: uncertain[2].distribution = uniform — the distribution takes "
                              "parameters.demography.mortality.life_expectancy.female to 15 (with the alternative "
                              "'low' of uncertain[1]), outside its valid range [20, 120] (truncate it)");
}

TEST_CASE("range checks follow the parameters in the order they act: earlier draws count, later choices do not", "[sweep][config]") {
  const std::string head = "scenarios: [productivity-0.5]\nseed: 1\ndraws: 10\nreport_years: [2060]\nuncertain:\n";
  const std::string key = "parameters.demography.total_fertility";
  // A path_to drawn to 0.3, then a shift of −0.5 to 0: fertility can reach −0.2.
  const std::string stacked = sweep_file(
      "stacked.yaml", head + "  - {name: s1, set: " + key + ", apply: path_to, year: 2040, distribution: fixed, value: 0.3}\n" +
                          "  - {name: s2, set: " + key + ", apply: shift, distribution: uniform, min: -0.5, max: 0}\n");
  auto messages = messages_of(stacked);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == stacked + ":8:88: uncertain[2].distribution = uniform — the distribution takes " + key +
                           " to -0.2 (with uncertain[1]), outside its valid range [0, 10] (truncate it)");
  // A shift of −1 to 0 and then a choice whose alternative sets fertility to 0.5: the choice
  // replaces the shifted path, so nothing reaches below 0.44 (1.44 − 1).
  const std::string later_choice = sweep_file(
      "later-choice.yaml", head + "  - {name: s, set: " + key + ", apply: shift, distribution: uniform, min: -1, max: 0}\n" +
                               "  - name: level\n    distribution: choice\n    alternatives:\n"
                               "      main: {weight: 1}\n"
                               "      low: {weight: 1, set: {" + key + ": {2024: 1.44, 2030: 0.5}}}\n");
  CHECK_NOTHROW(config::load_sweep(later_choice));
  // end_value replaces the last knot (1.65 in 2030 becomes 1), so a shift of up to 8.5 keeps
  // every knot at or below 9.94 (1.44 + 8.5); counting the replaced knot would give 10.15.
  const std::string replaced = sweep_file(
      "replaced-knot.yaml", head + "  - {name: e, set: " + key + ", apply: end_value, distribution: fixed, value: 1}\n" +
                                "  - {name: s, set: " + key + ", apply: shift, distribution: uniform, min: 0, max: 8.5}\n");
  CHECK_NOTHROW(config::load_sweep(replaced));
  // A shift of 0 to 8, then a choice whose only alternative sets fertility to 1.5, then a
  // shift of 0 to 2: at most 3.5, whatever the first shift drew.
  const std::string reset = sweep_file(
      "reset-by-choice.yaml", head + "  - {name: a, set: " + key + ", apply: shift, distribution: uniform, min: 0, max: 8}\n" +
                                  "  - name: c\n    distribution: choice\n    alternatives:\n"
                                  "      lo: {weight: 1, set: {" + key + ": {2030: 1.5}}}\n" +
                                  "  - {name: b, set: " + key + ", apply: shift, distribution: uniform, min: 0, max: 2}\n");
  CHECK_NOTHROW(config::load_sweep(reset));
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
  CHECK(problems[0].key_path == "scenarios[1]");
  CHECK(problems[0].rule == "unknown scenario (did you mean 'productivity-0.0'?)");
}

TEST_CASE("sweep files are told apart from scenario files", "[sweep][config]") {
  CHECK(config::is_sweep_file(kSource + "/scenarios/uncertainty.yaml"));
  CHECK(config::is_sweep_file(kSource + "/tests/fixtures/sweep/broken-keys.yaml"));
  CHECK_FALSE(config::is_sweep_file(kSource + "/scenarios/productivity.yaml"));
  CHECK_FALSE(config::is_sweep_file(kSource + "/no/such/file.yaml"));
}

TEST_CASE("sweep keys are checked by the schema rows, every problem at once", "[sweep][config]") {
  const std::string file = sweep_file("schema-rows.yaml",
                                      "seed: 1\n"
                                      "draws: 10\n"
                                      "report_years: [2030, 2030]\n"
                                      "uncertain:\n"
                                      "  - set: parameters.family_care.arsverk\n"
                                      "    apply: path_to\n"
                                      "    distribution: uniform\n"
                                      "    min: 60000\n"
                                      "    max: 90000\n"
                                      "  - set: []\n"
                                      "    distribution: normal\n"
                                      "    mean: 1\n"
                                      "    sd: -0.5\n"
                                      "  - distribution: choice\n"
                                      "    alternatives: {}\n"
                                      "quantiles: {bins: 8, pilot: many}\n");
  const std::vector<std::string> messages = messages_of(file);
  const std::vector<std::string> expected{
      file + ":4:22: report_years[2] = 2030 — is listed twice",
      file + ":6:5: uncertain[1].year — required with apply: path_to",
      file + ":11:10: uncertain[2].set = [] — must have at least 1 item",
      file + ":14:9: uncertain[2].sd = -0.5 — must be ≥ 0",
      file + ":16:19: uncertain[3].alternatives = {} — must have at least 1 entry",
      file + ":17:19: quantiles.bins = 8 — must be in [16, 1048576]",
      file + ":17:29: quantiles.pilot = many — must be an integer",
  };
  CHECK(messages == expected);
}

TEST_CASE("a key of whole numbers is checked at the rounded ends of its draws", "[sweep][config]") {
  const auto file_with = [](const std::string& name, const std::string& min) {
    return sweep_file(name, "scenarios: [productivity-0.5]\n"
                            "seed: 1\n"
                            "draws: 20\n"
                            "report_years: [2060]\n"
                            "uncertain:\n"
                            "  - {name: threshold, set: parameters.healthy_ageing.threshold_age, distribution: uniform, min: " +
                                min + ", max: 70}\n"
                            "sobol: {rows: 0}\n");
  };
  // −0.4 rounds to 0, inside [0, top age]: every draw is valid (it was refused at −0.4).
  const config::SweepConfig sweep = config::load_sweep(file_with("round-in.yaml", "-0.4"));
  REQUIRE(sweep.parameters.size() == 1);
  CHECK(sweep.parameters[0].integer);
  CHECK(sweep.parameters[0].value_at(1e-9) == 0.0);  // a draw near the low end applies 0
  // −0.6 rounds to −1: refused, naming the value a draw would apply.
  const std::string out = file_with("round-out.yaml", "-0.6");
  const std::vector<std::string> messages = messages_of(out);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == out + ":7:83: uncertain[1].distribution = uniform — the distribution takes "
                             "parameters.healthy_ageing.threshold_age to -1, outside its valid range [0, 105] (truncate it)");
}

TEST_CASE("a key for all services drawn leaves the services with a value of their own alone", "[sweep][config]") {
  // As in a scenario file, where parameters.services.<id>.productivity_pct wins over
  // parameters.productivity_pct whatever the order: the draw sets the other services only. A
  // service's key that another uncertain parameter sets is that parameter's, in any order.
  const std::string file = sweep_file("all-services.yaml",
                                      "scenarios: [productivity-0.5]\n"
                                      "seed: 1\n"
                                      "draws: 20\n"
                                      "report_years: [2060]\n"
                                      "uncertain:\n"
                                      "  - {name: p, set: parameters.productivity_pct, distribution: fixed, value: 2}\n"
                                      "  - {name: home, set: parameters.services.home_care.productivity_pct, "
                                      "distribution: fixed, value: 1}\n"
                                      "  - {name: sigma, set: parameters.levers.capital.sigma, distribution: fixed, value: 0.7}\n"
                                      "sobol: {rows: 0}\n");
  const config::SweepConfig sweep =
      config::load_sweep(file, {{"parameters.services.nursing_homes.productivity_pct", "3"}});
  const auto& services = sweep.run.base.services;
  const auto index = [&](const std::string& id) {
    return std::size_t(std::find_if(services.begin(), services.end(), [&](const auto& s) { return s.id == id; }) -
                       services.begin());
  };
  REQUIRE(index("nursing_homes") < services.size());
  REQUIRE(index("home_care") < services.size());
  engine::ScenarioParameters drawn = sweep.run.scenarios.at(0);
  // The home-care parameter listed after: in either order it is home care's value.
  for (std::size_t p = 0; p < 2; ++p) sweep.parameters[p].apply(drawn, 0, p == 0 ? 2.0 : 1.0);
  engine::ScenarioParameters reversed = sweep.run.scenarios.at(0);
  sweep.parameters[1].apply(reversed, 0, 1.0);
  sweep.parameters[0].apply(reversed, 0, 2.0);
  for (std::size_t j = 0; j < services.size(); ++j) {
    INFO(services[j].id);
    const double expected = j == index("nursing_homes") ? 0.03 : j == index("home_care") ? 0.01 : 0.02;
    CHECK(drawn.productivity[j] == Approx(expected).epsilon(1e-15));
    CHECK(reversed.productivity[j] == Approx(expected).epsilon(1e-15));
  }
  // A key for all services none of whose services has its own: every service.
  sweep.parameters[2].apply(drawn, 0, 0.7);
  CHECK(drawn.levers.capital.sigma == std::vector<double>(services.size(), 0.7));
}

TEST_CASE("a choice that sets one service's value leaves the other services' draw alone", "[sweep][config]") {
  // A choice copies only the services some alternative changes (it copied every service's
  // productivity, undoing a draw for all services listed before it); an alternative written
  // as a map counts by the values in it.
  const std::string file =
      sweep_file("choice-one-service.yaml",
                 "scenarios: [productivity-0.5]\n"
                 "seed: 1\n"
                 "draws: 20\n"
                 "report_years: [2060]\n"
                 "uncertain:\n"
                 "  - {name: p, set: parameters.productivity_pct, distribution: fixed, value: 2}\n"
                 "  - name: v\n"
                 "    distribution: choice\n"
                 "    alternatives: {a: {weight: 1, set: {parameters.services.home_care: {productivity_pct: 1}}}}\n"
                 "sobol: {rows: 0}\n");
  const config::SweepConfig sweep = config::load_sweep(file);
  REQUIRE(sweep.info.at(1).alternative_keys ==
          std::vector<std::vector<std::string>>{{"parameters.services.home_care.productivity_pct"}});
  const auto& services = sweep.run.base.services;
  const auto home = std::size_t(std::find_if(services.begin(), services.end(),
                                             [](const auto& s) { return s.id == "home_care"; }) -
                                services.begin());
  REQUIRE(home < services.size());
  for (const bool choice_first : {false, true}) {
    INFO("choice first: " << choice_first);
    engine::ScenarioParameters drawn = sweep.run.scenarios.at(0);
    if (choice_first) sweep.parameters[1].apply(drawn, 0, 0.0);
    sweep.parameters[0].apply(drawn, 0, 2.0);
    if (!choice_first) sweep.parameters[1].apply(drawn, 0, 0.0);
    for (std::size_t j = 0; j < services.size(); ++j) {
      INFO(services[j].id);
      CHECK(drawn.productivity[j] == Approx(j == home ? 0.01 : 0.02).epsilon(1e-15));
    }
  }
}

TEST_CASE("a broken scenario file is reported together with the sweep file's problems", "[sweep][config]") {
  const std::string scenario = kSource + "/tests/fixtures/cli/broken.yaml";
  const std::string file = sweep_file("broken-scenario.yaml",
                                      "seed: 1\n"
                                      "draws: 0\n"
                                      "report_years: [2030]\n"
                                      "uncertain: []\n",
                                      scenario);
  const std::vector<std::string> messages = messages_of(file);
  // Problems are sorted by file name first, and where the checkout lies decides which file
  // name sorts first (CI checks out under /check, this machine under /work; the sweep file
  // is under the temporary directory).
  const std::string sweep_problem = file + ":3:8: draws = 0 — must be in [1, 1000000000000]";
  const std::string scenario_problem =
      scenario + ":8:25: parameters.productivity_pct = 25 — must be in [-5, 10]";
  const std::vector<std::string> expected = file < scenario
                                                ? std::vector<std::string>{sweep_problem, scenario_problem}
                                                : std::vector<std::string>{scenario_problem, sweep_problem};
  CHECK(messages == expected);
}

TEST_CASE("the defaults in the sweep rows are the engine's", "[sweep][config]") {
  const engine::SweepSettings defaults;
  const std::vector<std::pair<std::string, double>> expected{
      {"sobol.rows", double(defaults.sobol_rows)},
      {"sobol.bootstrap", double(defaults.bootstrap)},
      {"sobol.confidence", defaults.confidence},
      {"tornado.low", defaults.tornado_low},
      {"tornado.high", defaults.tornado_high},
      {"quantiles.exact_up_to", double(defaults.exact_quantile_draws)},
      {"quantiles.bins", double(defaults.histogram_bins)},
      {"quantiles.pilot", double(defaults.pilot_draws)},
  };
  for (const auto& [path, value] : expected) {
    INFO(path);
    const auto& rows = config::sweep_file_schema();
    const auto row =
        std::find_if(rows.begin(), rows.end(), [&](const config::SchemaEntry& e) { return e.path == path; });
    REQUIRE(row != rows.end());
    CHECK(std::stod(std::string(row->reference)) == value);
  }
}

TEST_CASE("golden: the key table of docs/sweeps.md is generated from the sweep rows",
          "[sweep][config][golden]") {
  const std::string path = kSource + "/docs/sweeps.md";
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t begin = text.find(config::kSweepKeysBegin);
  const std::string end_marker = std::string(config::kSweepKeysEnd) + "\n";
  const std::size_t end = text.find(end_marker);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string generated = config::sweep_reference_markdown();
  std::string table = text.substr(begin, end + end_marker.size() - begin);
  if (std::getenv("CARECAST_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary)
        << text.substr(0, begin) << generated << text.substr(end + end_marker.size());
    WARN("rewrote the key table in " + path);
    table = generated;
  }
  INFO("regenerate with: CARECAST_UPDATE_GOLDEN=1 ctest --preset release -R golden");
  CHECK(table == generated);
}
