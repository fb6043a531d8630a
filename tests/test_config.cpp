// The configuration layer: exact error messages on small broken fixtures, the values that
// reach the engine, --set overrides, the bundled Norway run, and the generated reference.
#include <catch2/catch.hpp>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"

// Internal headers (config/src), for the reader and reference-value tests.
#include "csv.hpp"
#include "node.hpp"
#include "text.hpp"
#include "validator.hpp"

namespace cfg = carecast::config;
namespace engine = carecast::engine;

namespace {

const std::string kFixtures = std::string(CARECAST_TEST_DATA_DIR) + "/fixtures/config/";
const std::string kSource = CARECAST_SOURCE_DIR;

std::string fixture(const std::string& name) { return kFixtures + name; }

// The message of the error `load` throws; fails the test when it throws nothing or
// something else.
template <typename Error>
std::string message_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const Error& error) {
    return error.what();
  }
  FAIL("expected an error of the requested type");
  return "";
}

std::string config_error(const std::string& file, const std::vector<cfg::Override>& overrides = {}) {
  return message_of<cfg::ConfigError>([&] { cfg::load_run(file, overrides); });
}

std::string data_error(const std::string& file, const std::vector<cfg::Override>& overrides = {}) {
  return message_of<cfg::DataError>([&] { cfg::load_run(file, overrides); });
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// ---- YAML problems ------------------------------------------------------------------------

TEST_CASE("an unknown key is an error with a did-you-mean suggestion", "[config]") {
  CHECK(config_error(fixture("unknown_key.yaml")) ==
        kFixtures +
            "unknown_key.yaml:4:18: parameters.productivty_pct = 1.0 — unknown key (did you mean "
            "'productivity_pct'?)");
}

TEST_CASE("an unknown key far from every allowed key lists them", "[config]") {
  const std::string message = config_error(fixture("all_at_once.yaml"));
  CHECK_THAT(message,
             Catch::Contains(kFixtures + "all_at_once.yaml:3:1: colour = blue — unknown key (allowed: base, "
                                         "description, label_en, label_nb, description_en, description_nb, parameters, scenarios, country, base_year, "
                                         "end_year, top_age, data, professions, economy, regions)"));
}

TEST_CASE("an out-of-range productivity is located at its value", "[config]") {
  CHECK(config_error(fixture("out_of_range.yaml")) ==
        kFixtures + "out_of_range.yaml:5:25: parameters.productivity_pct = 12 — must be in [-5, 10]");
}

TEST_CASE("a bad enum value lists the choices and suggests the closest", "[config]") {
  CHECK(config_error(fixture("bad_enum.yaml")) ==
        kFixtures +
            "bad_enum.yaml:4:23: parameters.demography.mortality.mode = life_expectancey — must be one of "
            "improvement_rate, life_expectancy (did you mean 'life_expectancy'?)");
}

TEST_CASE("an end year before the base year names both", "[config]") {
  CHECK(config_error(fixture("bad_years.yaml")) ==
        kFixtures +
            "broken/base_bad_years.yaml:4:11: end_year = 2010 — must be in (base_year, 2200] = (2020, 2200]");
}

TEST_CASE("a YAML syntax error carries yaml-cpp's message and position", "[config]") {
  CHECK(config_error(fixture("syntax_error.yaml")) ==
        kFixtures + "syntax_error.yaml:4:10: YAML syntax error: end of sequence flow not found");
}

TEST_CASE("a missing key is required, located at the map it belongs in", "[config]") {
  CHECK(config_error(fixture("missing_key.yaml")) ==
        kFixtures + "broken/base_missing_key.yaml:29:19: parameters.healthy_ageing.theta — required");
}

TEST_CASE("every problem of a file is reported at once, sorted by line", "[config]") {
  const std::string f = kFixtures + "all_at_once.yaml";
  CHECK(config_error(f) ==
        f +
            ":3:1: colour = blue — unknown key (allowed: base, description, label_en, label_nb, description_en, "
            "description_nb, parameters, scenarios, country, base_year, end_year, top_age, data, professions, economy, regions)\n" +
            f + ":5:21: parameters.productivity_pct = fast — must be a number\n" + f +
            ":6:27: parameters.healthy_ageing.theta = 1.5 — must be in [0, 1]\n" + f +
            ":8:11: scenarios[1].name = \"bad name\" — must be non-empty, at most 100 characters, and use only ASCII "
            "letters (a-z, A-Z; not æ, ø, å), digits, '.', '_' and '-'\n" +
            f +
            ":12:38: parameters.demography.total_fertility.2030.5 = 1.7 — knot years must be integers in "
            "[1900, "
            "2200]\n" +
            f + ":13:29: parameters.demography.sex_ratio_at_birth = 2 — must be in [0.9, 1.2]\n" + f +
            ":14:11: scenarios[3].name = ok — duplicate scenario name (first at line 9)\n" + f +
            ":15:29: parameters.services.care_hom = {productivity_pct: 1} — unknown service (did you mean "
            "'care_home'?)");
}

TEST_CASE("the problems of an error are kept, sorted, for callers", "[config]") {
  try {
    cfg::load_run(fixture("all_at_once.yaml"));
    FAIL("no error");
  } catch (const cfg::ConfigError& error) {
    REQUIRE(error.problems().size() == 8);
    CHECK(error.problems().front().key_path == "colour");
    CHECK(error.problems().front().where.line == 3);
    CHECK(error.problems().back().rule == "unknown service (did you mean 'care_home'?)");
  }
}

TEST_CASE("a scenario or base file that does not exist", "[config]") {
  CHECK(config_error(fixture("nope.yaml")) == kFixtures + "nope.yaml: cannot open file");
  CHECK(config_error(fixture("broken/missing_base.yaml")) ==
        kFixtures + "broken/missing_base.yaml:2:7: base = nope.yaml — cannot open " + kFixtures +
            "broken/nope.yaml");
}

// ---- CSV problems -------------------------------------------------------------------------

TEST_CASE("a missing CSV column is reported from the header", "[config]") {
  const std::string file = fixture("broken/population_missing_column.csv");
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.population.file", file}}) ==
        file + ":1:1: header — missing column 'persons'");
}

TEST_CASE("bad CSV fields are located by line and character column", "[config]") {
  const std::string file = fixture("broken/population_not_number.csv");
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.population.file", file}}) ==
        file + ":4:15: persons = 12x4 — must be a number\n" + file +
            ":5:15: persons = \"\" — must be a number (no missing values allowed)\n" + file +
            ":6:17: persons = -1 — must be ≥ 0\n" + file +
            ":7:6: sex = femal — must be female or male (did you mean 'female'?)");
}

TEST_CASE("a service area of less than one årsverk is refused at its row", "[config]") {
  const std::string file = fixture("broken/services_below_one_arsverk.csv");
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.services.file", file}}) ==
        file + ":2:28: base_arsverk = 1e-300 — must be at least 1 and at most 100000000 (årsverk of a whole "
               "service area)\n" +
            file + ":3:35: base_arsverk = 1e300 — must be at least 1 and at most 100000000 (årsverk of a whole "
                   "service area)");
}

TEST_CASE("a gap and an overlap in use profiles are reported with their lines", "[config]") {
  const std::string file = fixture("broken/use_profiles_gap.csv");
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.use_profiles.file", file}}) ==
        file + ":6:13: age_from = 10 — overlaps line 5 (ages 0..17) of clinic (male)\n" + file +
            ":9:18: age_from = 20 — gap: ages 18..19 of care_home (female) are not covered");
}

TEST_CASE("a staffing mix must sum to 1 and name every profession", "[config]") {
  const std::string file = fixture("broken/staffing_mix_sum.csv");
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.staffing_mix.file", file}}) ==
        file + ":2:1: service = clinic — shares sum to 0.9; they must sum to 1 (within 1e-6)\n" + file +
            ":4:1: service = care_home — missing profession 'nurses' (every service needs a row for every "
            "profession)");
}

TEST_CASE("a migration profile whose cells nearly cancel is refused at its profile years", "[config]") {
  // Women +10 and men −9.6 at every age: a net of 40.8 persons over the two years against
  // 1 999.2 moved; scaled to a net of 1 000 a year the pattern would move about 49 000.
  const std::string file = fixture("broken/migration_cancels.csv");
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.migration.file", file}}) ==
        kFixtures + "base.yaml:10:56: data.migration.profile_years = [2018, 2019] — net migration in these years of " +
            file + " adds up to 40.8 persons against 1999.2 in its age-sex cells taken one by one; the net must be "
                   "at least a tenth of that, or the age pattern, scaled to a yearly net figure, would move more "
                   "than ten times that figure between ages (choose other profile_years)");
}

TEST_CASE("the items of a list are numbered from 1 in messages, in every kind of list", "[config]") {
  // A year range (two items), the scenarios list (above: scenarios[1] is the first) and a
  // list inside a value all count as people do, as sweep files' uncertain[1] does.
  CHECK(config_error(fixture("scenarios.yaml"), {{"data.migration.profile_years", "[2018, soon]"}}) ==
        "--set #1: data.migration.profile_years[2] = soon — must be an integer year");
  CHECK(config_error(fixture("scenarios.yaml"), {{"data.fertility.schedule_years", "[1800, 2019]"}}) ==
        "--set #1: data.fertility.schedule_years[1] = 1800 — must be in [1900, 2200]");
}

TEST_CASE("names and texts that a report could not hold are refused where they are written", "[config]") {
  // A scenario name goes into chart file names (at most 255 bytes), a text into a workbook
  // cell (at most 32 767 bytes): both failed only in `report` before, after validate and run.
  auto refusal = [](const std::string& text) {
    return message_of<cfg::ConfigError>([&] { cfg::load_run_text(text, kFixtures + "posted.yaml"); });
  };
  const std::string name(101, 'a');
  CHECK(refusal("base: base.yaml\nscenarios:\n  - name: " + name + "\n") ==
        kFixtures + "posted.yaml:3:11: scenarios[1].name = " + name.substr(0, 60) + "…" +  // shortened in messages
            " — must be non-empty, at most 100 characters, and use only ASCII letters (a-z, A-Z; not æ, ø, å), "
            "digits, '.', '_' and '-'");
  CHECK_NOTHROW(cfg::load_run_text("base: base.yaml\nscenarios:\n  - name: " + name.substr(1) + "\n", kFixtures + "posted.yaml"));
  CHECK_THAT(refusal("base: base.yaml\ndescription: " + std::string(8001, 'x') + "\n"),
             Catch::StartsWith(kFixtures + "posted.yaml:2:14: description = "));
  CHECK_THAT(refusal("base: base.yaml\ndescription: " + std::string(8001, 'x') + "\n"),
             Catch::EndsWith("— is 8001 characters long; a text may have at most 8000 (a cell of the report's workbook "
                             "holds 32 767 bytes)"));
  // Characters, not bytes: 8 000 'ø' (16 000 bytes) pass.
  std::string slashed;
  for (int i = 0; i < 8000; ++i) slashed += "ø";
  CHECK(cfg::detail::unprintable_text(slashed) == std::nullopt);
  CHECK(cfg::detail::unprintable_text(slashed + "x").has_value());
  // A long value in a message, from YAML or from a CSV field, is cut on a character boundary.
  CHECK(cfg::detail::shortened(std::string(100, 'x'), 60) == std::string(60, 'x') + "…");
  CHECK(cfg::detail::shortened(slashed, 61) == slashed.substr(0, 60) + "…");
  CHECK(cfg::detail::shortened("short", 60) == "short");
}

TEST_CASE("a data file that cannot be opened is located at the key naming it", "[config]") {
  const std::string message = data_error(fixture("scenarios.yaml"), {{"data.services.file", "nope.csv"}});
  CHECK(message == "--set #1: data.services.file = nope.csv — cannot open nope.csv");
  CHECK(data_error(fixture("bad_file.yaml")) ==
        kFixtures + "broken/base_bad_file.yaml:13:24: data.staffing_mix.file = staffing.csv — cannot open " +
            kFixtures + "broken/staffing.csv");
}

TEST_CASE("years the configuration needs but a file lacks are located at the configuration", "[config]") {
  CHECK(data_error(fixture("scenarios.yaml"), {{"data.mortality.base_year", "2019"}}) ==
        "--set #1: data.mortality.base_year = 2019 — year 2019 not in " + kFixtures + "data/mortality.csv");
}

TEST_CASE("YAML and data problems found together come as one ConfigError", "[config]") {
  const std::string message = config_error(
      fixture("scenarios.yaml"), {{"parameters.productivity_pct", "x", "*"},
                                  {"data.population.file", fixture("broken/population_missing_column.csv")}});
  CHECK(message == "--set #1: parameters.productivity_pct = x — must be a number\n" +
                       fixture("broken/population_missing_column.csv") +
                       ":1:1: header — missing column 'persons'");
}

// ---- --set --------------------------------------------------------------------------------

TEST_CASE("a --set override applies to every scenario after everything else", "[config]") {
  const cfg::RunConfig run = cfg::load_run(
      fixture("scenarios.yaml"),
      {cfg::parse_override("*:parameters.productivity_pct=1.5", 1), cfg::parse_override("end_year=2025", 2),
       cfg::parse_override("*:parameters.demography.net_migration={2030: 40000}", 3)});
  REQUIRE(run.scenarios.size() == 2);
  CHECK(run.base.end_year == 2025);
  for (const engine::ScenarioParameters& scenario : run.scenarios) {
    CHECK(scenario.productivity.at(0) == Approx(0.015));
    CHECK(scenario.demography.net_migration.knots() == std::vector<std::pair<int, double>>{{2030, 40000.0}});
  }
  // The per-service value of "high" still wins over the all-services one: it is a different key.
  CHECK(run.scenarios[1].productivity.at(1) == Approx(0.003));
  CHECK_THAT(run.resolved_yaml, Catch::Contains("overrides:\n  - \"*:parameters.productivity_pct=1.5\""));
  CHECK(run.texts.at(0).overrides ==
        std::vector<std::string>{"parameters.productivity_pct=1.5", "end_year=2025", "parameters.demography.net_migration={2030: 40000}"});
}

TEST_CASE("a targeted --set SCENARIO:key=value changes only that scenario", "[config]") {
  const cfg::RunConfig plain = cfg::load_run(fixture("scenarios.yaml"));
  const cfg::RunConfig run = cfg::load_run(fixture("scenarios.yaml"), {cfg::parse_override("low:parameters.productivity_pct=1.5", 1)});
  REQUIRE(run.scenarios.size() == 2);
  CHECK(run.scenarios[0].productivity.at(0) == Approx(0.015));
  CHECK(run.scenarios[1].productivity == plain.scenarios[1].productivity);
  CHECK(run.texts[0].overrides == std::vector<std::string>{"parameters.productivity_pct=1.5"});
  CHECK(run.texts[1].overrides.empty());
  CHECK_THAT(run.resolved_yaml, Catch::Contains("- \"low:parameters.productivity_pct=1.5\""));
}

TEST_CASE("an untargeted --set of a key the scenarios set differently is refused, showing both ways", "[config]") {
  CHECK(config_error(fixture("scenarios.yaml"), {cfg::parse_override("parameters.productivity_pct=1", 1)}) ==
        "--set #1: parameters.productivity_pct = 1 — the scenarios set this key differently (low: 0.0, high: 2.0); "
        "to change one scenario write --set low:parameters.productivity_pct=1, to give every scenario this value "
        "write --set '*:parameters.productivity_pct=1'");
  // A key no scenario sets is the same everywhere: accepted as before.
  CHECK(cfg::load_run(fixture("scenarios.yaml"), {cfg::parse_override("parameters.healthy_ageing.theta=0", 1)})
            .scenarios[1]
            .healthy_ageing.theta == 0.0);
  CHECK(config_error(fixture("scenarios.yaml"), {cfg::parse_override("lo:parameters.productivity_pct=1", 1)}) ==
        "--set #1: lo:parameters.productivity_pct=1 — unknown scenario (did you mean 'low'?)");
  CHECK(config_error(fixture("scenarios.yaml"), {cfg::parse_override("low:end_year=2025", 1)}) ==
        "--set #1: low:end_year=2025 — only keys under parameters. can be set for one scenario");
}

TEST_CASE("profession names come from the base file's professions and name known professions", "[config]") {
  CHECK_THAT(config_error(fixture("bad_profession.yaml")),
             Catch::Contains("professions.nurse = {label_nb: Sykepleier} — unknown profession (did you mean 'nurses'?)"));
  const cfg::RunConfig norway = cfg::load_run(kSource + "/scenarios/productivity.yaml");
  REQUIRE(norway.profession_labels.size() == norway.base.professions.size());
  CHECK(norway.profession_labels.at("nurses").nb == "Sykepleiere");
  CHECK(norway.profession_labels.at("health_care_workers").en == "Health-care workers");
  // Not a map: the rule names the ids that key it (professions, not services).
  CHECK(config_error(kSource + "/scenarios/productivity.yaml", {cfg::parse_override("professions=[1]", 1)}) ==
        "--set #1: professions = [1] — must be a map of profession ids");
  CHECK(config_error(kSource + "/scenarios/productivity.yaml", {cfg::parse_override("parameters.services=[1]", 1)}) ==
        "--set #1: parameters.services = [1] — must be a map of service ids");
}

TEST_CASE("the --scenario subset runs in file order", "[config]") {
  const cfg::RunConfig run = cfg::load_run(fixture("scenarios.yaml"), {cfg::parse_override("parameters.productivity_pct=1", 1)}, {"high"});
  REQUIRE(run.scenarios.size() == 1);
  CHECK(run.scenarios[0].name == "high");
  CHECK(run.scenarios[0].productivity.at(0) == Approx(0.01));
  CHECK(message_of<cfg::ConfigError>([] { cfg::load_run(fixture("scenarios.yaml"), {}, {"hihg"}); }) ==
        "--scenario: scenario = hihg — unknown scenario (did you mean 'high'?)");
}

TEST_CASE("a --set override with an unknown path suggests the full path", "[config]") {
  CHECK(config_error(fixture("scenarios.yaml"), {cfg::parse_override("productivity_pct=1", 1)}) ==
        "--set #1: productivity_pct = 1 — unknown key (did you mean 'parameters.productivity_pct'?)");
  CHECK(config_error(fixture("scenarios.yaml"), {cfg::parse_override("parameters.productivity=1", 1)}) ==
        "--set #1: parameters.productivity = 1 — unknown key (did you mean 'parameters.productivity_pct'?)");
}

TEST_CASE("a --set override with a bad value is located as --set #N", "[config]") {
  CHECK(
      config_error(fixture("scenarios.yaml"), {cfg::parse_override("*:parameters.productivity_pct=abc", 1)}) ==
      "--set #1: parameters.productivity_pct = abc — must be a number");
  CHECK(config_error(fixture("scenarios.yaml"), {{"parameters.productivity_pct", "1", "*"},
                                                 {"parameters.demography.total_fertility", "{2030: [1}"}}) ==
        "--set #2: parameters.demography.total_fertility = {2030: [1} — YAML syntax error: illegal flow end");
}

TEST_CASE("parse_override needs key.path=value", "[config]") {
  const cfg::Override parsed = cfg::parse_override("parameters.demography.net_migration={2030: 40000}", 1);
  CHECK(parsed.key_path == "parameters.demography.net_migration");
  CHECK(parsed.value == "{2030: 40000}");
  CHECK(message_of<cfg::ConfigError>([] { cfg::parse_override("productivity", 2); }) ==
        "--set #2: productivity — must have the form [SCENARIO:]key.path=value");
  CHECK(message_of<cfg::ConfigError>([] { cfg::parse_override("=1", 3); }) ==
        "--set #3: =1 — must have the form [SCENARIO:]key.path=value");
}

TEST_CASE("problems from many overrides sort by override number", "[config]") {
  std::vector<cfg::Override> overrides(10, cfg::Override{"parameters.productivity_pct", "1", "*"});
  overrides[1] = {"parameters.standard_growth_pct", "x"};
  overrides[9] = {"parameters.healthy_ageing.theta", "y"};
  CHECK(config_error(fixture("scenarios.yaml"), overrides) ==
        "--set #2: parameters.standard_growth_pct = x — must be a number\n"
        "--set #10: parameters.healthy_ageing.theta = y — must be a number");
}

// ---- Values that reach the engine --------------------------------------------------------

TEST_CASE("the Testland fixture loads into engine inputs", "[config]") {
  const cfg::RunConfig run = cfg::load_run(fixture("scenarios.yaml"));
  const engine::BaseData& base = run.base;
  CHECK(run.base_file == kFixtures + "base.yaml");
  CHECK(base.country == "Testland");
  CHECK(base.base_year == 2020);
  CHECK(base.end_year == 2030);
  CHECK(base.share_anchor == 0.1);

  const engine::DemographicBase& demography = base.demography;
  CHECK(demography.top_age == 50);
  CHECK(demography.jump_off_year == 2021);
  REQUIRE(demography.observed_population.size() == 2);
  CHECK(demography.observed_population.at(2021)(30, 1) == 1000 + 300 + 1 + 100);
  CHECK(demography.mortality_base_year == 2020);
  REQUIRE(demography.base_mx.rows() == 51);
  CHECK(demography.base_mx(40, 0) == Approx(0.041));
  CHECK(demography.base_mx(50, 1) == Approx(0.082));  // beyond the file's age 40: repeated
  REQUIRE(demography.fertility_schedule.size() == 51);
  CHECK(demography.fertility_schedule(25) == Approx(0.06));
  CHECK(demography.fertility_schedule(45) == 0.0);
  CHECK(demography.migration_profile(10, 0) == 20.0);
  CHECK(demography.migration_profile(45, 1) == -10.0);

  REQUIRE(base.services.size() == 2);
  CHECK(base.services[0].id == "clinic");
  CHECK(base.services[0].label == "Clinic");
  CHECK(base.services[1].base_arsverk == 500.5);
  CHECK(base.services[1].long_term_care);
  CHECK(base.services[0].use_profile(30, 0) == 2.0);
  CHECK(base.services[1].use_profile(30, 0) == 0.0);
  CHECK(base.services[1].use_profile(10, 1) == 1.0);
  CHECK(base.services[0].use_profile(50, 1) == 2.0);
  CHECK(base.professions == std::vector<std::string>{"nurses", "other"});
  CHECK(base.staffing_mix(1, 0) == 0.25);
  CHECK(base.staffing_mix(1, 1) == 0.75);
  CHECK(base.employment_rate(40, 1) == 0.8);
  CHECK(base.employment_rate(10, 0) == 0.0);

  REQUIRE(run.scenarios.size() == 2);
  CHECK(run.descriptions == std::vector<std::string>{"low productivity", ""});
  const engine::ScenarioParameters& low = run.scenarios[0];
  CHECK(low.name == "low");
  CHECK(low.productivity == std::vector<double>{0.0, 0.0});
  CHECK(low.standard_growth == std::vector<double>{0.02, 0.02});  // the file's shared parameters
  CHECK(low.demography.total_fertility.at(2025) == Approx(1.6));
  CHECK(low.demography.sex_ratio_at_birth == 1.05);
  CHECK(low.demography.mortality_mode == engine::MortalityMode::improvement_rate);
  CHECK(low.demography.mortality_improvement == Approx(0.015));
  CHECK(low.demography.life_expectancy[0].at(2030) == 85.0);
  CHECK(low.demography.life_expectancy[1].at(2100) == 83.0);
  CHECK(low.demography.net_migration.at(2050) == 1000.0);
  CHECK(!low.demography.external_population);
  CHECK(low.healthy_ageing.theta == 0.5);
  CHECK(low.healthy_ageing.threshold_age == 40);
  CHECK(low.family_care.arsverk.at(2025) == Approx(90.0));
  CHECK(low.family_care.spillover_share == 0.25);

  const engine::ScenarioParameters& high = run.scenarios[1];
  CHECK(high.productivity[0] == Approx(0.02));
  CHECK(high.productivity[1] == Approx(0.003));  // per-service override
  // A time path in a scenario replaces the base path as a whole.
  CHECK(high.demography.net_migration.knots() == std::vector<std::pair<int, double>>{{2025, 500.0}});
  REQUIRE(high.demography.external_population);
  CHECK(high.demography.external_population->size() == 9);
  CHECK(high.demography.external_population->at(2030)(7, 1) == 2007.0);

  REQUIRE(run.sources.size() == 9);
  CHECK(run.sources[0].role == "population");
  CHECK(run.sources[0].path == kFixtures + "data/population.csv");
  CHECK(run.sources[0].note == "made up");
  CHECK(run.sources[8].role == "projection_file");
}

TEST_CASE("a scenario file without a list is one scenario named after its stem", "[config]") {
  const cfg::RunConfig run = cfg::load_run(fixture("single.yaml"));
  REQUIRE(run.scenarios.size() == 1);
  CHECK(run.scenarios[0].name == "single");
  CHECK(run.descriptions[0] == "the reference values");
  CHECK(run.scenarios[0].productivity == std::vector<double>{0.005, 0.005});
}

TEST_CASE("base-file keys at the top of a scenario file override the base", "[config]") {
  const cfg::RunConfig run = cfg::load_run(fixture("base_keys.yaml"));
  CHECK(run.base.end_year == 2025);
  CHECK(run.base.demography.jump_off_year == 2020);
  CHECK(run.base.demography.observed_population.size() == 1);
  CHECK(run.base.base_year == 2020);  // from the base file
  CHECK_THAT(run.resolved_yaml, Catch::Contains("  end_year: 2025\n"));
}

TEST_CASE("the resolved configuration does not depend on the path that names the file", "[config]") {
  // Another spelling of the same file, and its text loaded under another name in the same
  // folder (as carecast serve loads a POSTed file): the same text, so the same hash.
  const cfg::RunConfig plain = cfg::load_run(fixture("scenarios.yaml"));
  const cfg::RunConfig roundabout = cfg::load_run(kFixtures + "data/../scenarios.yaml");
  CHECK(roundabout.scenario_file != plain.scenario_file);
  CHECK(roundabout.resolved_yaml == plain.resolved_yaml);
  std::ifstream in(fixture("scenarios.yaml"));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(cfg::load_run_text(text, fixture("posted.yaml")).resolved_yaml == plain.resolved_yaml);
  CHECK(plain.resolved_yaml.find(kFixtures) == std::string::npos);  // no path of this checkout
  CHECK(plain.resolved_yaml.rfind("overrides: []\nbase:\n", 0) == 0);
}

TEST_CASE("the resolved configuration is deterministic", "[config]") {
  const std::string first = cfg::load_run(fixture("scenarios.yaml")).resolved_yaml;
  CHECK(first == cfg::load_run(fixture("scenarios.yaml")).resolved_yaml);
  CHECK_THAT(first, Catch::Contains(
                        "  - name: \"high\"\n    parameters:\n      demography:\n        total_fertility: "
                        "{2020: 1.5, 2030: 1.7}"));
  CHECK_THAT(first, Catch::Contains("      services: {care_home: {productivity_pct: 0.3}}"));
  CHECK(first.find("parameters:\n  demography") == std::string::npos);  // base keys without parameters
}

// ---- The bundled Norway run ---------------------------------------------------------------

TEST_CASE("scenarios/productivity.yaml gives the four productivity paths on Norway's data", "[config]") {
  if (!std::filesystem::exists(kSource + "/config/norway/services.csv")) {
    FAIL("config/norway/ data files are missing");
  }
  const cfg::RunConfig run = cfg::load_run(kSource + "/scenarios/productivity.yaml");
  REQUIRE(run.scenarios.size() == 4);
  const std::vector<double> expected{0.0, 0.005, 0.01, 0.02};
  for (std::size_t s = 0; s < 4; ++s) {
    for (double p : run.scenarios[s].productivity) CHECK(p == Approx(expected[s]).margin(1e-15));
    for (double g : run.scenarios[s].standard_growth) CHECK(g == Approx(0.01));
  }
  CHECK(run.scenarios[1].name == "productivity-0.5");
  std::vector<std::string> ids;
  for (const auto& service : run.base.services) ids.push_back(service.id);
  CHECK(ids == std::vector<std::string>{"somatic_specialist", "mental_health_substance", "nursing_homes",
                                        "home_care", "gp_emergency", "other_municipal_health", "public_dental"});
  CHECK(run.base.country == "Norway");
  CHECK(run.base.base_year == 2023);
  CHECK(run.base.end_year == 2060);
  CHECK(run.base.demography.top_age == 105);
  // 2018 (for the net migration of the first year read) .. 2026; 2019 is the share anchor's year.
  CHECK(run.base.demography.observed_population.size() == 9);
  CHECK(run.base.staffing_mix.rows() == 7);
  CHECK((run.base.staffing_mix.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-6);
  CHECK(run.base.professions.front() == "nurses");
  CHECK(run.sources.size() == 14);  // with the three supply files
  CHECK(run.base_file == std::filesystem::path(kSource + "/config/norway.yaml").lexically_normal().string());
}

TEST_CASE("the example scenario files load", "[config]") {
  const cfg::RunConfig ageing = cfg::load_run(kSource + "/scenarios/healthy-ageing.yaml");
  REQUIRE(ageing.scenarios.size() == 3);
  CHECK(ageing.scenarios[0].healthy_ageing.theta == 0.0);
  CHECK(ageing.scenarios[2].healthy_ageing.theta == 1.0);
  const cfg::RunConfig immigration = cfg::load_run(kSource + "/scenarios/high-immigration.yaml");
  REQUIRE(immigration.scenarios.size() == 1);
  CHECK(immigration.scenarios[0].name == "high-immigration");
  CHECK(immigration.scenarios[0].demography.net_migration.at(2050) == 40000.0);
}

// ---- The schema table, the reference and the registry -------------------------------------

TEST_CASE("golden: docs/config-reference.md is generated from the schema table", "[config][golden]") {
  const std::string path = kSource + "/docs/config-reference.md";
  const std::string generated = cfg::reference_markdown();
  if (std::getenv("CARECAST_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << generated;
    WARN("rewrote " + path);
  }
  INFO("regenerate with: CARECAST_UPDATE_GOLDEN=1 ctest --preset release -R golden");
  CHECK(read_file(path) == generated);
}

TEST_CASE("config/norway.yaml sets every reference value the schema documents", "[config]") {
  cfg::detail::Problems problems;
  const auto root = cfg::detail::read_yaml_file(kSource + "/config/norway.yaml", problems);
  REQUIRE(root);
  REQUIRE(problems.empty());
  for (const cfg::SchemaEntry& entry : cfg::base_schema()) {
    if (entry.reference.empty()) continue;
    const cfg::detail::ConfigNode* node = &*root;
    std::string path(entry.path);
    for (std::size_t start = 0; node;) {
      const std::size_t dot = path.find('.', start);
      node = node->find(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    INFO(path);
    REQUIRE(node);
    CHECK(cfg::detail::flow_text(*node, 1000) == entry.reference);
  }
}

TEST_CASE("every scalar scenario parameter can be set by key path", "[config]") {
  const cfg::RunConfig run = cfg::load_run(fixture("scenarios.yaml"));
  const auto parameters = cfg::scalar_parameters(run.base);
  std::vector<std::string> paths;
  for (const auto& parameter : parameters) paths.push_back(parameter.path);
  CHECK(paths == std::vector<std::string>{
                     "parameters.demography.sex_ratio_at_birth",
                     "parameters.demography.mortality.improvement_pct", "parameters.standard_growth_pct",
                     "parameters.productivity_pct", "parameters.services.clinic.standard_growth_pct",
                     "parameters.services.care_home.standard_growth_pct",
                     "parameters.services.clinic.productivity_pct",
                     "parameters.services.care_home.productivity_pct", "parameters.healthy_ageing.elasticity",
                     "parameters.healthy_ageing.theta",
                     "parameters.healthy_ageing.threshold_age", "parameters.family_care.spillover_share",
                     "parameters.levers.capital.sigma", "parameters.levers.capital.gap",
                     "parameters.levers.capital.services.clinic.sigma",
                     "parameters.levers.capital.services.care_home.sigma",
                     "parameters.levers.capital.services.clinic.gap", "parameters.levers.capital.services.care_home.gap",
                     "parameters.levers.capital.real_interest_rate_pct", "parameters.levers.capital.base_stock_factor",
                     "parameters.levers.capital.lifetime_years.imaging",
                     "parameters.levers.capital.lifetime_years.laboratory_automation",
                     "parameters.levers.capital.lifetime_years.remote_monitoring",
                     "parameters.levers.capital.lifetime_years.surgical_robotics",
                     "parameters.levers.capital.lifetime_years.ict",
                     "parameters.supply.graduates_change_pct",
                     "parameters.supply.immigration_change_pct",
                     "parameters.supply.retirement_delay_years",
                     "parameters.supply.arsverk_per_person_change_pct"});
  engine::ScenarioParameters scenario = run.scenarios[0];
  cfg::find_scalar_parameter(parameters, "parameters.productivity_pct", "--sweep #1").set(scenario, 1.0);
  CHECK(scenario.productivity == std::vector<double>{0.01, 0.01});
  cfg::find_scalar_parameter(parameters, "parameters.services.care_home.productivity_pct", "x")
      .set(scenario, 3.0);
  CHECK(scenario.productivity == std::vector<double>{0.01, 0.03});
  cfg::find_scalar_parameter(parameters, "parameters.demography.mortality.improvement_pct", "x")
      .set(scenario, 2.0);
  CHECK(scenario.demography.mortality_improvement == Approx(0.02));
  const auto& threshold =
      cfg::find_scalar_parameter(parameters, "parameters.healthy_ageing.threshold_age", "x");
  CHECK(threshold.max == 50.0);  // top_age of the fixture
  CHECK(threshold.integer);
  threshold.set(scenario, 60.4);
  CHECK(scenario.healthy_ageing.threshold_age == 60);
  const auto& theta = cfg::find_scalar_parameter(parameters, "parameters.healthy_ageing.theta", "x");
  CHECK(theta.in_range(1.0));
  CHECK(!theta.in_range(1.01));
  CHECK(message_of<cfg::ConfigError>(
            [&] { cfg::find_scalar_parameter(parameters, "productivity_pct", "--sweep #2"); }) ==
        "--sweep #2: productivity_pct — unknown parameter (did you mean 'parameters.productivity_pct'?)");
}

TEST_CASE("the mortality mode table names every mode", "[config]") {
  CHECK(cfg::mortality_mode_name(engine::MortalityMode::life_expectancy) == "life_expectancy");
  CHECK(cfg::mortality_mode_name(engine::MortalityMode::improvement_rate) == "improvement_rate");
}

// ---- Internals ----------------------------------------------------------------------------

TEST_CASE("the CSV reader handles quotes and counts character columns", "[config]") {
  const std::string path = (std::filesystem::temp_directory_path() / "carecast_test_config.csv").string();
  std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBFname,note,value\r\n"
                                           "årsverk,\"a, \"\"b\"\"\",1.5\r\n"
                                           "x,\"two\nlines\",2\n"
                                           "\n"
                                           "y,z,NA\n";
  cfg::detail::Problems problems;
  auto table = cfg::detail::CsvTable::read(path, {}, "", "", problems);
  REQUIRE(table);
  REQUIRE(table->rows().size() == 3);
  const auto& first = table->rows()[0];
  CHECK(table->text(first, "note") == "a, \"b\"");
  CHECK(table->where(first, "value").column == 20);  // "årsverk" is 7 characters, 8 bytes
  CHECK(table->number(first, "value", problems) == 1.5);
  CHECK(table->rows()[1].line == 3);
  CHECK(table->text(table->rows()[1], "note") == "two\nlines");
  CHECK(table->rows()[2].line == 6);
  CHECK(problems.empty());
  CHECK(!table->number(table->rows()[2], "value", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() == path + ":6:5: value = NA — must be a number (no missing values allowed)");
  CHECK(!table->require({"name", "persons"}, problems));
  CHECK(problems.back().format() == path + ":1:1: header — missing column 'persons'");
  std::filesystem::remove(path);
}

TEST_CASE("suggestions and locale-free numbers", "[config]") {
  using namespace cfg::detail;
  using cfg::closest;
  CHECK(cfg::levenshtein("productivty_pct", "productivity_pct") == 1);
  CHECK(closest("thetta", {"theta", "threshold_age"}) == std::optional<std::string>("theta"));
  CHECK(closest("productivity", {"productivity_pct"}) == std::optional<std::string>("productivity_pct"));
  CHECK(!closest("colour", {"base", "scenarios"}));
  // A key path without its leading sections.
  CHECK(closest("theta", {"parameters.healthy_ageing.threshold_age", "parameters.healthy_ageing.theta"}) ==
        std::optional<std::string>("parameters.healthy_ageing.theta"));
  // The same routine serves the command line: subcommands, options, lever names.
  const std::vector<std::string> commands{"run", "validate", "report", "solve", "sweep", "merge", "help"};
  CHECK(closest("rnu", commands) == std::optional<std::string>("run"));
  CHECK(!closest("xyz", commands));  // three edits from "run", but nothing of the word is left
  CHECK(closest("--thread", {"--help", "--threads", "--out"}) == std::optional<std::string>("--threads"));
  // An unambiguous abbreviation wins over a closer but unrelated word.
  CHECK(closest("lab", {"imaging", "laboratory_automation", "ict"}) ==
        std::optional<std::string>("laboratory_automation"));
  CHECK(parse_number("0.5") == 0.5);
  CHECK(parse_number("+1e3") == 1000.0);
  CHECK(!parse_number("0,5"));
  CHECK(!parse_number(".inf"));
  CHECK(!parse_number("nan"));
  CHECK(!parse_number(" 1"));
  CHECK(parse_integer("2024") == 2024);
  CHECK(!parse_integer("2024.0"));
  CHECK(format_number(0.1) == "0.1");
  CHECK(ranges_text({0, 1, 2, 5, 7, 8}) == "0..2, 5, 7..8");
}

// Built member by member: GCC 12 at -O2 warns falsely (-Wmaybe-uninitialized) on nested
// aggregate initialisation of Problem from string literals.
namespace {
cfg::Problem make_problem(std::string file, int line, std::string key_path, std::string value,
                          std::string rule) {
  cfg::Problem problem;
  problem.where.file = std::move(file);
  problem.where.line = line;
  problem.where.column = line > 0 ? 7 : 0;
  problem.key_path = std::move(key_path);
  problem.value = std::move(value);
  problem.rule = std::move(rule);
  return problem;
}
}  // namespace

TEST_CASE("problems format with and without a line", "[config]") {
  CHECK(make_problem("a.yaml", 3, "x.y", "1", "must be 2").format() == "a.yaml:3:7: x.y = 1 — must be 2");
  CHECK(make_problem("a.yaml", 3, "x.y", "", "required").format() == "a.yaml:3:7: x.y — required");
  CHECK(make_problem("--set #1", 0, "x", "abc", "must be a number").format() ==
        "--set #1: x = abc — must be a number");
  CHECK(make_problem("a.yaml", 1, "", "", "YAML syntax error: bad").format() ==
        "a.yaml:1:7: YAML syntax error: bad");
}

// ---- Real-world input (issue 9) -----------------------------------------------------------

namespace {

// Writes `bytes` to a fresh file in the temporary directory and returns its path.
std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("carecast_test_" + name)).string();
}

std::string temporary_file(const std::string& name, const std::string& bytes) {
  const std::string path = temporary_path(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

// The one problem that refuses `bytes` read as the CSV file temporary_path(name) (which is
// removed again); a read that succeeds or gives another number of problems fails the test.
std::string csv_refusal(const std::string& name, const std::string& bytes) {
  cfg::detail::Problems problems;
  const std::string path = temporary_file(name, bytes);
  const bool read = cfg::detail::CsvTable::read(path, {}, "", "", problems).has_value();
  std::filesystem::remove(path);
  CHECK(!read);
  REQUIRE(problems.size() == 1);
  return problems[0].format();
}

std::string yaml_problems(const std::string& name, const std::string& bytes) {
  const std::string path = temporary_file(name, bytes);
  cfg::detail::Problems problems;
  const bool read = cfg::detail::read_yaml_file(path, problems).has_value();
  std::filesystem::remove(path);
  CHECK(!read);
  return problems.empty() ? "" : cfg::ConfigError(problems).what();
}

}  // namespace

TEST_CASE("a document starting with a flow entry ends at once with a located syntax error", "[config][robust]") {
  // yaml-cpp 0.7's LoadAll never consumes the ',' and fills memory with empty documents.
  const std::string dir = std::filesystem::temp_directory_path().string() + "/carecast_test_";
  const std::string unexpected = "YAML syntax error: unexpected ',' where a value should start";
  const std::vector<std::array<std::string, 3>> cases{
      {"comma.yaml", ",", ":1:1: " + unexpected},
      {"comma_a.yaml", ",a", ":1:1: " + unexpected},
      {"doc_comma.yaml", "--- ,", ":1:5: " + unexpected},
      {"second_comma.yaml", "a: 1\n---\n,\n", ":3:1: " + unexpected},
      {"two.yaml", "a: 1\n---\nb: 2\n", ":2:1: the file must hold one YAML document, not 2"},
  };
  for (const auto& [name, text, problem] : cases) CHECK(yaml_problems(name, text) == dir + name + problem);
  // The whole command: exit 3 comes from ConfigError.
  const std::string scenario = temporary_file("comma_scenario.yaml", ",");
  CHECK(config_error(scenario) == scenario + ":1:1: YAML syntax error: unexpected ',' where a value should start");
  std::filesystem::remove(scenario);
}

TEST_CASE("aliases cannot make a file expand without bound", "[config][robust]") {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/carecast_test_";
  CHECK(yaml_problems("cycle.yaml", "a: &x [1, *x]\n") ==
        dir + "cycle.yaml:1:8: values are nested more than 64 levels deep (an alias used inside its own anchor?)");
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'g'; ++c) {
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) laughs += std::string(i ? ", *" : "*") + char(c - 1);
    laughs += "]\n";
  }
  CHECK_THAT(yaml_problems("laughs.yaml", laughs), Catch::EndsWith("the file expands to more than 20000 values (aliases of aliases?)"));
}

TEST_CASE("a tab used for indentation is named as such", "[config][robust]") {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/carecast_test_";
  CHECK(yaml_problems("tab.yaml", "base: base.yaml\nparameters:\n\tproductivity_pct: 1\n") ==
        dir + "tab.yaml:3:1: a tab is used for indentation; YAML allows only spaces there");
  CHECK(yaml_problems("tab2.yaml", "a:\n  b: 1\n  \tc: 2\n") ==
        dir + "tab2.yaml:3:3: a tab is used for indentation; YAML allows only spaces there");
}

TEST_CASE("input files have a size limit and must be UTF-8", "[config][robust]") {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/carecast_test_";
  CHECK(yaml_problems("large.yaml", std::string(cfg::detail::kMaxYamlBytes + 1, '#')) ==
        dir + "large.yaml: the file is larger than 1 MiB, the limit for this kind of input (is it the right file?)");
  CHECK(yaml_problems("latin1.yaml", "base: base.yaml\ndescription: bl\xE5 sk\xF8y\n") ==
        dir + "latin1.yaml:2:16: not valid UTF-8 (byte 0xE5); save the file as UTF-8");
  CHECK(yaml_problems("surrogate.yaml", "a: \xED\xA0\x80\n") ==
        dir + "surrogate.yaml:1:4: not valid UTF-8 (byte 0xED); save the file as UTF-8");
  CHECK(yaml_problems("overlong.yaml", "\xEF\xBB\xBF" "a: \xC0\xAF\n") ==
        dir + "overlong.yaml:1:4: not valid UTF-8 (byte 0xC0); save the file as UTF-8");
  cfg::detail::Problems problems;
  CHECK(!cfg::detail::read_yaml_file(std::filesystem::temp_directory_path().string(), problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() == std::filesystem::temp_directory_path().string() + ": is a directory, not a file");
  // A CSV data file in ISO-8859-1: a data error (exit 4) at the byte.
  CHECK(data_error(fixture("spreadsheet/latin1.yaml")) ==
        kFixtures + "spreadsheet/services_latin1.csv:2:17: not valid UTF-8 (byte 0xF8); save the file as UTF-8");
}

TEST_CASE("spreadsheet CSVs: rows of commas and unnamed trailing columns are ignored", "[config][robust]") {
  // Saved from Excel: CRLF, two empty columns after the table, three rows of only commas.
  const cfg::RunConfig excel = cfg::load_run(fixture("spreadsheet/excel.yaml"));
  const cfg::RunConfig plain = cfg::load_run(fixture("single.yaml"));
  CHECK((excel.base.employment_rate == plain.base.employment_rate).all());
  CHECK(excel.base.employment_rate(30, 0) > 0.0);

  cfg::detail::Problems problems;
  const std::string path = temporary_file("unnamed.csv", "sex,,rate,\nfemale,1,0.5,\n");
  CHECK(cfg::detail::CsvTable::read(path, {}, "", "", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() == path + ":1:5: header — column 2 has no name");
  std::filesystem::remove(path);
}

TEST_CASE("text after the closing quote of a CSV field is refused where it stands", "[config][robust]") {
  // "90082.2"5 would otherwise be read as 90082.25: a located problem instead.
  CHECK(csv_refusal("after_quote.csv", "service,arsverk\nsomatic,\"90082.2\"5\n") ==
        temporary_path("after_quote.csv") +
            ":2:18: text after the closing quote of a quoted field (a quote inside a quoted field is written twice: "
            "\"\")");
  // A doubled quote inside the field is the way to write one, and a quoted field may hold
  // separators and line breaks.
  cfg::detail::Problems problems;
  const std::string fine =
      temporary_file("quotes.csv", "service,label\nsomatic,\"a \"\"b\"\", c\nd\"\nmental,e\n");
  const auto table = cfg::detail::CsvTable::read(fine, {}, "", "", problems);
  REQUIRE(table);
  CHECK(problems.empty());
  REQUIRE(table->rows().size() == 2);
  CHECK(table->text(table->rows()[0], "label") == "a \"b\", c\nd");
  CHECK(table->rows()[1].line == 4);
  CHECK(table->text(table->rows()[1], "label") == "e");
  std::filesystem::remove(fine);
  // Lines ended by CR alone: one message, not a header of every line.
  CHECK(csv_refusal("mac.csv", "service,arsverk\rsomatic,1\rmental,2\r") ==
        temporary_path("mac.csv") + ":1:1: the lines end in a carriage return alone (CR, an old Mac format); "
                                    "save the file with LF or CRLF line ends");
  // A control character in a field is shown escaped, not written raw.
  problems.clear();
  const std::string nul = temporary_file("nul.csv", std::string("service,arsverk\nsomatic,1\0\n", 27));
  const auto with_nul = cfg::detail::CsvTable::read(nul, {}, "", "", problems);
  REQUIRE(with_nul);
  CHECK(!with_nul->number(with_nul->rows()[0], "arsverk", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() == nul + ":2:9: arsverk = 1\\x00 \u2014 must be a number");
  std::filesystem::remove(nul);
}

TEST_CASE("a StatBank download is named in one message showing its header", "[config][robust]") {
  CHECK(data_error(fixture("spreadsheet/statbank.yaml")) ==
        kFixtures +
            "spreadsheet/population_statbank.csv:1:1: header = \"år\";\"kjønn\";\"alder\";\"personer\" — the columns "
            "are separated by ';' and numbers have a decimal comma; carecast reads ',' between columns and '.' in "
            "numbers (save the table as CSV with those)");
  cfg::detail::Problems problems;
  const std::string path = temporary_file("tabs.csv", "year\tsex\tage\tpersons\n2020\tfemale\t0\t1000\n");
  CHECK(!cfg::detail::CsvTable::read(path, {}, "", "", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() == path + ":1:1: header = year sex age persons — the columns are separated by tabs; "
                                       "carecast reads ',' between columns and '.' in numbers (save the table as "
                                       "CSV with those)");
  std::filesystem::remove(path);
  // A quoted column name holding ';' does not make a comma-separated file look like one.
  problems.clear();
  const std::string named = temporary_file("named.csv", "service,\"basis;a;b;c\",arsverk\nsomatic,x,1\n");
  CHECK(cfg::detail::CsvTable::read(named, {}, "", "", problems));
  CHECK(problems.empty());
  std::filesystem::remove(named);
  // A quoted label holding a comma does not hide the ';' separator.
  problems.clear();
  const std::string labels = temporary_file("labels.csv", "\"region\";\"statistikkvariabel\";\"2020, 2021\"\n\"0301\";\"x\";\"12,5\"\n");
  CHECK(!cfg::detail::CsvTable::read(labels, {}, "", "", problems));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].format(), Catch::Contains("the columns are separated by ';' and numbers have a decimal comma"));
  std::filesystem::remove(labels);
  // A record cut off by an unterminated quote is no record: its fields say nothing of decimal
  // commas, the header's own least of all.
  CHECK_THAT(csv_refusal("cut.csv", "year;sex;age;persons;note\n2015;female;0;28839,5;\"see SOURCES\n"),
             Catch::EndsWith("the columns are separated by ';'; carecast reads ',' between columns and '.' in numbers "
                             "(save the table as CSV with those)"));
  CHECK_THAT(csv_refusal("cut_header.csv", "year;sex;1,5;\"x\n"),
             Catch::EndsWith("the columns are separated by ';'; carecast reads ',' between columns and '.' in numbers "
                             "(save the table as CSV with those)"));
}

TEST_CASE("at most 20 problems of one kind are listed per file, then a count", "[config][robust]") {
  std::vector<cfg::Problem> problems;
  // Field by field: brace initialisation makes GCC 12 warn falsely (-Wmaybe-uninitialized).
  const auto add = [&](const char* file, int line, int column, const char* key, const char* value, const char* rule) {
    cfg::Problem& problem = problems.emplace_back();
    problem.where.file = file;
    problem.where.line = line;
    problem.where.column = column;
    problem.key_path = key;
    problem.value = value;
    problem.rule = rule;
  };
  for (int line = 2; line < 502; ++line) add("p.csv", line, 12, "persons", "1,5", "must be a number");
  add("p.csv", 7, 1, "", "", "row has 3 fields, the header has 4");
  add("q.csv", 9, 1, "persons", "x", "must be a number");
  const cfg::DataError error(problems);
  const std::string text = error.what();
  CHECK(std::count(text.begin(), text.end(), '\n') == 22);  // 20 + the count + the other kind + q.csv
  CHECK_THAT(text, Catch::Contains("p.csv:21:12: persons = 1,5 — must be a number\n"
                                   "p.csv:22:12: persons — 480 more problems like the 20 above (must be a number) "
                                   "from here on, not shown\n"
                                   "q.csv:9:1"));
  CHECK_THAT(text, Catch::Contains("p.csv:7:1: row has 3 fields, the header has 4\n"));
}

TEST_CASE("small ones: --set duplicates, multi-line keys, YAML 1.1 words in the resolved configuration",
          "[config][robust]") {
  CHECK(config_error(fixture("scenarios.yaml"),
                     {cfg::parse_override("parameters.healthy_ageing={theta: 0.5, theta: 0.7}", 1)}) ==
        "--set #1: parameters.healthy_ageing.theta = 0.7 — duplicate key (first in --set #1)");
  // A quoted key with line breaks (written as \n escapes) is echoed on one line.
  const std::string multi = temporary_file("multi_key.yaml", "base: base.yaml\n\"a\\nb\\nc\": 1\n");
  CHECK_THAT(config_error(multi), Catch::Contains("multi_key.yaml:2:1: a\\nb\\nc = 1 — unknown key"));
  std::filesystem::remove(multi);
  const std::string tab_key = temporary_file("tab_key.yaml", "base: base.yaml\n\"a\\tb\": 1\n");
  CHECK_THAT(config_error(tab_key), Catch::Contains("tab_key.yaml:2:1: a\\tb = 1 — unknown key"));
  std::filesystem::remove(tab_key);

  const cfg::RunConfig norway = cfg::load_run(fixture("scenarios.yaml"), {{"country", "NO"}});
  CHECK_THAT(norway.resolved_yaml, Catch::Contains("country: \"NO\"\n"));
  const auto scalar = [](const std::string& text) {
    cfg::detail::ConfigNode node;
    node.kind = cfg::detail::ConfigNode::Kind::scalar;
    node.scalar = text;
    return cfg::detail::to_yaml(node, [](const std::string&, const std::string&) { return 0LL; });
  };
  CHECK(scalar("no") == "\"no\"");
  CHECK(scalar("off") == "\"off\"");
  CHECK(scalar("~") == "\"~\"");
  CHECK(scalar("1:20") == "\"1:20\"");
  CHECK(scalar("1_000") == "\"1_000\"");
  CHECK(scalar("2030") == "2030");
  CHECK(scalar("0.5") == "0.5");
  CHECK(scalar("Norway") == "Norway");
  // Names and numbers are written as they are, without yaml-cpp's check (plain_by_shape); the
  // rest still goes through it.
  CHECK(scalar("norway/population_jan1.csv") == "norway/population_jan1.csv");
  CHECK(scalar("productivity-0.5") == "productivity-0.5");
  CHECK(scalar("-0.25") == "-0.25");
  CHECK(scalar("1e-3") == "1e-3");
  CHECK(scalar("+2") == "+2");
  CHECK(scalar("-") == "\"-\"");
  CHECK(scalar("a: b") == "\"a: b\"");
  CHECK(scalar("1-2") == "1-2");
  CHECK(scalar("x #y") == "\"x #y\"");
  CHECK(scalar("null") == "\"null\"");
  // A key is written like a value: a YAML 1.1 word quoted, a name as it is.
  cfg::detail::ConfigNode map;
  map.kind = cfg::detail::ConfigNode::Kind::map;
  for (const char* key : {"NO", "life_expectancy", "a b"}) {
    cfg::detail::ConfigNode child;
    child.kind = cfg::detail::ConfigNode::Kind::scalar;
    child.key = key;
    child.scalar = "0.5";
    map.children.push_back(child);
  }
  CHECK(cfg::detail::to_yaml(map, [](const std::string&, const std::string&) { return 0LL; }) ==
        "\"NO\": 0.5\na b: 0.5\nlife_expectancy: 0.5");
}

TEST_CASE("YAML merge keys supply the keys a map does not write", "[config][robust]") {
  // yaml-cpp 0.7 reads `<<` as an ordinary key, which was reported as `parameters.<<`.
  cfg::detail::Problems problems;
  const std::string text = "a: &d {x: 1, y: 2}\nb:\n  <<: *d\n  y: 3\nc:\n  <<: [{z: 1}, {z: 2, w: 4}]\nd:\n  <<: 5\n";
  const std::string file = temporary_file("merge.yaml", text);
  const auto root = cfg::detail::read_yaml_file(file, problems);
  REQUIRE(root);
  CHECK(cfg::detail::flow_text(*root->find("b")) == "{y: 3, x: 1}");
  CHECK(cfg::detail::flow_text(*root->find("c")) == "{z: 1, w: 4}");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() == file + ":8:3: d.<< = 5 — a merge key takes a map or a list of maps");
  std::filesystem::remove(file);
  // In a scenario file: the merged keys are checked like written ones.
  const std::string scenario = temporary_file(
      "merge_scenario.yaml", "base: " + fixture("base.yaml") +
                                 "\nscenarios:\n  - name: a\n  - name: b\n    parameters:\n      <<: {productivity_pct: 1}\n");
  CHECK(cfg::load_run(scenario).scenarios[1].productivity.front() == Approx(0.01));
  std::filesystem::remove(scenario);
}
