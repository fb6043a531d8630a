// Tests of the output layer: number text, CSV files, atomic writes, JSON, the summary table.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "carecast/engine/check.hpp"
#include "carecast/engine/version.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/indicators.hpp"
#include "carecast/output/json.hpp"
#include "carecast/output/manifest.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/run_output.hpp"
#include "carecast/output/summary.hpp"
#include "carecast/output/supply_output.hpp"

namespace fs = std::filesystem;
using namespace carecast;

namespace {

double parse_back(const std::string& text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  REQUIRE(ec == std::errc());
  REQUIRE(end == text.data() + text.size());
  return value;
}

// A fresh, empty directory under the system temporary directory, removed afterwards.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("carecast-test-output-" + std::to_string(::getpid()) + "-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

engine::ServiceArea service(std::string id, std::string label) {
  engine::ServiceArea area;
  area.id = std::move(id);
  area.label = std::move(label);
  return area;
}

// Two services, three professions, years 2023..2060; values follow simple formulas so the
// expected text can be checked by hand.
engine::ScenarioResult hand_made_result(const std::string& name, double growth) {
  engine::ScenarioResult result;
  result.scenario = name;
  for (int year = 2023; year <= 2060; ++year) result.years.push_back(year);
  const auto n = static_cast<Eigen::Index>(result.years.size());
  result.service_arsverk.resize(n, 2);
  result.profession_arsverk.resize(n, 3);
  auto& ind = result.indicators;
  for (Eigen::Index y = 0; y < n; ++y) {
    const double t = static_cast<double>(y);
    result.service_arsverk(y, 0) = 70684.2 * (1.0 + growth * t);
    result.service_arsverk(y, 1) = 86391.8 * (1.0 + 2.0 * growth * t);
    const double total = result.service_arsverk(y, 0) + result.service_arsverk(y, 1);
    result.profession_arsverk(y, 0) = 0.5 * total;
    result.profession_arsverk(y, 1) = 0.3 * total;
    result.profession_arsverk(y, 2) = 0.2 * total;
    ind.population.push_back(5.5e6 + 20000.0 * t);
    ind.population_67plus.push_back(900000.0 + 15000.0 * t);
    ind.population_80plus.push_back(250000.0 + 9000.0 * t);
    ind.family_care_arsverk.push_back(90000.0);
    ind.health_care_arsverk.push_back(total);
    ind.total_arsverk_economy.push_back(2.6e6);
    ind.share_of_all_arsverk.push_back(total / 2.6e6);
    ind.net_migration.push_back(30000.0 - 100.0 * t);
  }
  auto population = std::make_shared<engine::PopulationPath>();
  population->first_year = 2023;
  for (Eigen::Index y = 0; y < n; ++y) {
    engine::AgeSexArray persons(3, 2);  // top age 2 keeps the file short
    persons << 100.0 + double(y), 101.5, 90.25, 91.0, 0.1, 1.0 / 3.0;
    population->persons.push_back(persons);
  }
  result.population = std::move(population);
  return result;
}

engine::BaseData hand_made_base() {
  engine::BaseData base;
  base.base_year = 2023;
  base.end_year = 2060;
  base.services = {service("nursing_homes", "Nursing homes and other institutions"),
                   service("home_care", "Home-based care")};
  base.professions = {"nurses", "health_care_workers", "other"};
  return base;
}

}  // namespace

TEST_CASE("numbers are written with the shortest text that reads back exactly", "[output][numbers]") {
  CHECK(output::format_number(0.1) == "0.1");
  CHECK(output::format_number(292000.0) == "292000");
  CHECK(output::format_number(-2.5) == "-2.5");
  CHECK(output::format_number(-0.0) == "0");
  CHECK(output::format_number(1e21) == "1e+21");
  CHECK(output::format_number(500000.0) == "500000");  // not "5e+05", the shortest form
  CHECK(output::format_number(1e-5) == "0.00001");
  CHECK(output::format_number(1.0 / 3.0) == "0.3333333333333333");
  CHECK(output::format_number(std::numeric_limits<double>::quiet_NaN()) == "nan");

  std::vector<double> values{0.0,
                             1.0,
                             0.1 + 0.2,
                             123456.789,
                             70684.2 * 1.005,
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::epsilon()};
  std::mt19937_64 random(20240601);  // std::mt19937_64's sequence is fixed by the standard
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t bits = random();
    double value = 0.0;
    std::memcpy(&value, &bits, sizeof value);
    if (std::isfinite(value)) values.push_back(value);
    values.push_back(std::ldexp(static_cast<double>(bits >> 11), -53) * 1e6);  // typical årsverk magnitudes
  }
  for (const double value : values) {
    const std::string text = output::format_number(value);
    INFO(text);
    CHECK(parse_back(text) == value);
    CHECK(text.find(',') == std::string::npos);
  }
}

TEST_CASE("report numbers have fixed decimals and grouped thousands", "[output][numbers]") {
  CHECK(output::format_grouped(1234567.891, 1) == "1 234 567.9");
  CHECK(output::format_grouped(1234567.891, 0) == "1 234 568");
  CHECK(output::format_grouped(999.4, 0) == "999");
  CHECK(output::format_grouped(999.6, 0) == "1 000");
  CHECK(output::format_grouped(100000.0, 0) == "100 000");
  CHECK(output::format_grouped(-1234.5, 1) == "-1 234.5");
  CHECK(output::format_grouped(-0.04, 1) == "0.0");
  CHECK(output::format_grouped(0.0, 0) == "0");
  CHECK(output::format_grouped(13.25, 1) == "13.2");  // 13.25 is exact in binary: half to even
  CHECK(output::format_grouped(12.345, 2, ",") == "12.35");
  CHECK(output::format_grouped(1e6, 0, "'") == "1'000'000");
  // The report's styles go through the same routine: every symbol is the style's.
  const output::GroupedStyle norwegian{"\u202f", ",", "\u2212", "+"};
  CHECK(output::format_grouped(-1234.56, 1, norwegian) == "\u22121\u202f234,6");
  CHECK(output::format_grouped(1234.56, 0, norwegian) == "+1\u202f235");
  CHECK(output::format_grouped(-0.01, 1, norwegian) == "0,0");  // rounds to zero: no sign
}

TEST_CASE("CSV fields are quoted only when needed", "[output][csv]") {
  CHECK(output::csv_field("nursing_homes") == "nursing_homes");
  CHECK(output::csv_field("a,b") == "\"a,b\"");
  CHECK(output::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(output::csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(output::csv_field(" padded") == "\" padded\"");
  CHECK(output::csv_field("") == "");
}

TEST_CASE("the CSV writer separates, quotes and checks every field", "[output][csv]") {
  std::ostringstream out;
  output::CsvWriter csv(out, "scenario,year,value,note");
  csv.text("a,b");
  csv.integer(2030);
  csv.number(0.1, "test.csv");
  csv.empty();
  csv.end_row();
  csv.text("plain");
  csv.integer(-1);
  csv.number(-0.0, "test.csv");
  csv.text("say \"hi\"");
  csv.end_row();
  CHECK(out.str().empty());  // nothing reaches the stream before flush() (or 64 KiB of rows)
  csv.flush();
  CHECK(out.str() == "scenario,year,value,note\n\"a,b\",2030,0.1,\nplain,-1,0,\"say \"\"hi\"\"\"\n");
  CHECK_THROWS_AS(csv.number(std::nan(""), "test.csv"), engine::InternalError);
}

TEST_CASE("every CSV file starts with its exact header line", "[output][csv]") {
  const engine::BaseData base = hand_made_base();
  const std::vector<engine::ScenarioResult> none;
  std::ostringstream projection, professions, indicators, population;
  output::write_projection_csv(projection, base, none);
  output::write_professions_csv(professions, base, none);
  output::write_indicators_csv(indicators, none);
  output::write_population_csv(population, none);
  CHECK(projection.str() == "scenario,year,service,arsverk\n");
  CHECK(professions.str() == "scenario,year,profession,arsverk\n");
  CHECK(indicators.str() == "scenario,year,indicator,value\n");
  CHECK(population.str() == "scenario,year,sex,age,persons\n");

  REQUIRE(output::kOutputFiles.size() == 5);
  CHECK(output::kOutputFiles[0].header == "scenario,year,service,arsverk");
  CHECK(output::kOutputFiles[4].name == "manifest.json");
}

TEST_CASE("CSV rows cover every scenario, year and key in order", "[output][csv]") {
  const engine::BaseData base = hand_made_base();
  const std::vector<engine::ScenarioResult> results{hand_made_result("low", 0.01),
                                                    hand_made_result("a, \"b\"", 0.02)};

  std::ostringstream projection;
  output::write_projection_csv(projection, base, results);
  const auto rows = lines_of(projection.str());
  REQUIRE(rows.size() == 1 + 2 * 38 * 3);
  CHECK(rows[1] == "low,2023,nursing_homes,70684.2");
  CHECK(rows[2] == "low,2023,home_care,86391.8");
  CHECK(rows[3] == "low,2023,total," + output::format_number(70684.2 + 86391.8));
  CHECK(rows[4] == "low,2024,nursing_homes," + output::format_number(70684.2 * 1.01));
  CHECK(rows[3 * 38 + 1] == "\"a, \"\"b\"\"\",2023,nursing_homes,70684.2");
  CHECK(rows.back().rfind("\"a, \"\"b\"\"\",2060,total,", 0) == 0);

  std::ostringstream indicators;
  output::write_indicators_csv(indicators, results);
  const auto indicator_rows = lines_of(indicators.str());
  REQUIRE(indicator_rows.size() == 1 + 2 * 38 * output::kIndicators.size());
  std::vector<std::string> names;
  for (std::size_t i = 1; i <= output::kIndicators.size(); ++i) {
    const auto& row = indicator_rows[i];
    names.push_back(row.substr(9, row.find(',', 9) - 9));  // after "low,2023,"
  }
  CHECK(names == std::vector<std::string>{"population", "population_67plus", "population_80plus",
                                          "family_care_arsverk", "health_care_arsverk",
                                          "total_arsverk_economy", "share_of_all_arsverk", "net_migration"});
  CHECK(indicator_rows[1] == "low,2023,population,5500000");

  std::ostringstream professions;
  output::write_professions_csv(professions, base, results);
  CHECK(lines_of(professions.str())[3] ==
        "low,2023,other," + output::format_number(0.2 * (70684.2 + 86391.8)));

  std::ostringstream population;
  output::write_population_csv(population, results);
  const auto population_rows = lines_of(population.str());
  REQUIRE(population_rows.size() == 1 + 2 * 38 * 2 * 3);
  CHECK(population_rows[1] == "low,2023,female,0,100");
  CHECK(population_rows[3] == "low,2023,female,2,0.1");
  CHECK(population_rows[6] == "low,2023,male,2,0.3333333333333333");
  CHECK(population_rows[7] == "low,2024,female,0,101");
}

TEST_CASE("rows that scenarios share are formatted once and written for each", "[output][csv]") {
  std::vector<engine::ScenarioResult> results{hand_made_result("a", 0.01), hand_made_result("b, shared", 0.02),
                                              hand_made_result("c", 0.01)};
  {
    auto own = std::make_shared<engine::PopulationPath>(*results[2].population);  // c has a population of its own
    own->persons[1](0, 0) = 7.5;
    results[2].population = std::move(own);
  }
  engine::SupplyResult supply;
  supply.start_year = 2015;
  engine::ProfessionSupply nurses;
  nurses.id = "nurses";
  for (int y = 0; y < 2; ++y) {
    engine::AgeSexArray stock(3, 2);
    stock << 10.0, 20.0, 30.0, 11.0, 21.0, 31.5;
    nurses.persons.push_back(stock.sum());
    nurses.flows.push_back({1.0, 2.0, 0.5, 0.25, 0.125});
    nurses.persons_in_health_care.push_back(100.0 + y);
    nurses.arsverk.push_back(80.0 + y);
  }
  supply.professions.push_back(nurses);
  for (auto& result : results) result.supply = supply;
  results[2].supply->professions[0].arsverk[1] = 99.5;  // and a supply side of its own

  const auto rows_of = [&](auto write) {
    std::ostringstream out;
    write(out);
    return lines_of(out.str());
  };
  const auto population = rows_of([&](std::ostream& out) { output::write_population_csv(out, results); });
  const std::size_t per = 38 * 2 * 3;  // years × sexes × ages 0-2
  REQUIRE(population.size() == 1 + 3 * per);
  for (std::size_t r = 1; r <= per; ++r) {
    CHECK(population[per + r] == "\"b, shared\"" + population[r].substr(1));  // a's rows, b's name
  }
  CHECK(population[1 + 6] == "a,2024,female,0,101");
  CHECK(population[1 + 2 * per + 6] == "c,2024,female,0,7.5");
  CHECK(population[1 + 2 * per + 12] == "c,2025,female,0,102");

  const auto rows = rows_of([&](std::ostream& out) { output::write_supply_csv(out, results); });
  REQUIRE(rows.size() == 1 + 3 * 2);
  CHECK(rows[2] == "a,2016,nurses,123.5,101,1,2,0.5,0.25,0.125,81");
  CHECK(rows[4] == "\"b, shared\",2016,nurses,123.5,101,1,2,0.5,0.25,0.125,81");
  CHECK(rows[5] == "c,2015,nurses,123.5,100,1,2,0.5,0.25,0.125,80");
  CHECK(rows[6] == "c,2016,nurses,123.5,101,1,2,0.5,0.25,0.125,99.5");
}

TEST_CASE("a non-finite or misshapen result is an internal error", "[output][csv]") {
  const engine::BaseData base = hand_made_base();
  std::vector<engine::ScenarioResult> results{hand_made_result("low", 0.01)};
  std::ostringstream sink;
  results[0].service_arsverk(5, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(output::write_projection_csv(sink, base, results), engine::InternalError);
  results[0].service_arsverk.conservativeResize(Eigen::NoChange, 1);
  CHECK_THROWS_AS(output::write_projection_csv(sink, base, results), engine::InternalError);
}

TEST_CASE("an atomic file appears complete or not at all", "[output][atomic]") {
  TempDir dir("atomic-file");
  const fs::path target = dir.path / "data.csv";

  SECTION("a writer that succeeds leaves exactly the target") {
    output::write_file_atomically(target, [](std::ostream& out) { out << "a,b\n1,2\n"; });
    CHECK(read_file(target) == "a,b\n1,2\n");
    CHECK(dir.entries() == std::vector<std::string>{"data.csv"});
  }
  SECTION("a writer that throws midway leaves no target and no temporary file") {
    CHECK_THROWS_WITH(output::write_file_atomically(target,
                                                    [](std::ostream& out) {
                                                      out << "a,b\n1,2\n";
                                                      throw std::runtime_error("disk on fire");
                                                    }),
                      "disk on fire");
    CHECK(dir.entries().empty());
  }
  SECTION("a failed rewrite keeps the previous file") {
    output::write_file_atomically(target, [](std::ostream& out) { out << "old\n"; });
    CHECK_THROWS(output::write_file_atomically(target, [](std::ostream& out) {
      out << "new";
      throw std::runtime_error("stop");
    }));
    CHECK(read_file(target) == "old\n");
    CHECK(dir.entries() == std::vector<std::string>{"data.csv"});
  }
  SECTION("a missing directory is an OutputError naming the path") {
    const fs::path nowhere = dir.path / "missing" / "data.csv";
    try {
      output::write_file_atomically(nowhere, [](std::ostream& out) { out << "x"; });
      FAIL("no exception");
    } catch (const output::OutputError& error) {
      CHECK(error.path() == nowhere);
      CHECK_THAT(error.what(), Catch::StartsWith("cannot write '" + nowhere.string() + "': "));
    }
  }
}

TEST_CASE("a run directory appears complete or not at all", "[output][atomic]") {
  TempDir dir("run-dir");
  const engine::BaseData base = hand_made_base();
  config::RunConfig config;
  config.scenario_file = "scenarios/test.yaml";
  config.base = base;
  std::vector<engine::ScenarioResult> results{hand_made_result("low", 0.01)};
  const fs::path out = dir.path / "results" / "test";  // parents are created

  SECTION("a complete run writes all five files") {
    const output::Written written = output::write_run(out, config, results, {});
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(out)) files.push_back(entry.path().filename().string());
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"indicators.csv", "manifest.json", "population.csv",
                                            "professions.csv", "projection.csv"});
    CHECK(written.files == files.size());
    CHECK(fs::directory_iterator(dir.path / "results")->path() == out);  // no staging directory left

    SECTION("a second run replaces the first") {
      results[0].scenario = "second";
      output::write_run(out, config, results, {});
      CHECK(read_file(out / "projection.csv").find("second,2023,") != std::string::npos);
      CHECK(std::distance(fs::directory_iterator(dir.path / "results"), fs::directory_iterator()) == 1);
    }
    SECTION("a result with a file of the user's beside it is not replaced") {
      std::ofstream(out / "notes.txt") << "mine";
      fs::create_directories(out / "charts");
      std::ofstream(out / "charts" / "mine.svg") << "<svg/>";
      results[0].scenario = "second";
      CHECK_THROWS_WITH(output::write_run(out, config, results, {}),
                        Catch::Contains("also holds what carecast did not write (charts, notes.txt)"));
      CHECK(read_file(out / "notes.txt") == "mine");
      CHECK(read_file(out / "projection.csv").find("low,2023,") != std::string::npos);
      CHECK(std::distance(fs::directory_iterator(dir.path / "results"), fs::directory_iterator()) == 1);
    }
    SECTION("a manifest without its list of files is not carecast's") {
      std::ofstream(out / "manifest.json") << "{\"format_version\": 1}";
      CHECK_THROWS_WITH(output::write_run(out, config, results, {}), Catch::Contains("is not a carecast manifest"));
      CHECK(read_file(out / "projection.csv").find("low,2023,") != std::string::npos);
    }
    SECTION("a failing second run leaves the first intact") {
      results[0].scenario = "second";
      results[0].indicators.population.pop_back();  // indicators.csv fails after projection.csv
      CHECK_THROWS_AS(output::write_run(out, config, results, {}), engine::InternalError);
      CHECK(read_file(out / "projection.csv").find("low,2023,") != std::string::npos);
      CHECK(std::distance(fs::directory_iterator(dir.path / "results"), fs::directory_iterator()) == 1);
    }
  }
  SECTION("a run failing midway leaves no output directory and no staging directory") {
    results[0].indicators.population.pop_back();
    CHECK_THROWS_AS(output::write_run(out, config, results, {}), engine::InternalError);
    CHECK(!fs::exists(out));
    CHECK(fs::is_empty(dir.path / "results"));
  }
  SECTION("a directory that is not a carecast result is not replaced") {
    fs::create_directories(out);
    std::ofstream(out / "notes.txt") << "mine";
    CHECK_THROWS_WITH(output::write_run(out, config, results, {}),
                      Catch::Contains("not a carecast result directory"));
    CHECK(read_file(out / "notes.txt") == "mine");
    CHECK(std::distance(fs::directory_iterator(dir.path / "results"), fs::directory_iterator()) == 1);
  }
  SECTION("an output path below a file is an OutputError") {
    std::ofstream(dir.path / "file") << "x";
    CHECK_THROWS_AS(output::write_run(dir.path / "file" / "out", config, results, {}), output::OutputError);
  }
}

TEST_CASE("JSON strings are escaped", "[output][json]") {
  CHECK(output::json_string("plain") == R"("plain")");
  CHECK(output::json_string("a\"b\\c") == R"("a\"b\\c")");
  CHECK(output::json_string("line\nnext\ttab\r\b\f") == R"("line\nnext\ttab\r\b\f")");
  CHECK(output::json_string(std::string("nul\0x\x1f\x7f", 7)) == R"("nul\u0000x\u001f\u007f")");
  CHECK(output::json_string("årsverk — ok") == "\"årsverk — ok\"");
  CHECK(output::json_string("bad \xff byte") == R"("bad \ufffd byte")");
  CHECK(output::json_string("cut \xc3") == R"("cut \ufffd")");
  CHECK(output::json_string("overlong \xc0\xaf") == R"("overlong \ufffd\ufffd")");
  CHECK(output::json_string("surrogate \xed\xa0\x80") == R"("surrogate \ufffd\ufffd\ufffd")");
}

TEST_CASE("the JSON writer keeps the key order and nests", "[output][json]") {
  std::ostringstream text;
  output::JsonWriter json(text);
  json.begin_object();
  json.key("z");
  json.integer(-3);
  json.key("a");
  json.begin_array();
  json.number(0.1);
  json.string("x");
  json.boolean(true);
  json.null();
  json.number(std::numeric_limits<double>::infinity());
  json.end_array();
  json.key("empty");
  json.begin_object();
  json.end_object();
  json.key("none");
  json.begin_array();
  json.end_array();
  json.end_object();
  CHECK(json.done());
  CHECK(text.str() ==
        "{\n"
        "  \"z\": -3,\n"
        "  \"a\": [\n"
        "    0.1,\n"
        "    \"x\",\n"
        "    true,\n"
        "    null,\n"
        "    null\n"
        "  ],\n"
        "  \"empty\": {},\n"
        "  \"none\": []\n"
        "}\n");

  std::ostringstream misuse;
  output::JsonWriter bad(misuse);
  bad.begin_object();
  CHECK_THROWS_AS(bad.string("value without key"), engine::InternalError);
}

TEST_CASE("the manifest has its keys in the documented order", "[output][manifest]") {
  config::RunConfig config;
  config.scenario_file = "scenarios/p.yaml";
  config.base_file = "config/norway/base.yaml";
  config.scenarios.resize(2);
  config.scenarios[0].name = "p0";
  config.scenarios[1].name = "p1";
  config.resolved_yaml = "scenarios:\n  - name: \"p0\"\n";
  config.sources = {{"population", "config/norway/population_jan1.csv", "SSB 07459"}};
  output::RunInfo info;
  info.command_line = {"carecast", "run", "scenarios/p.yaml"};
  info.git_revision = "abc123";
  info.started_utc = "2025-01-02T03:04:05Z";
  info.threads = 2;
  info.timings = {12.5, 3.25, 0.1234567};
  std::ostringstream text;
  output::write_manifest(text, config, {"projection.csv"}, info);
  CHECK(text.str() ==
        "{\n"
        "  \"format_version\": 1,\n"
        "  \"engine_version\": \"" +
            std::string(engine::kVersion) +
            "\",\n"
            "  \"git_revision\": \"abc123\",\n"
            "  \"command_line\": [\n"
            "    \"carecast\",\n"
            "    \"run\",\n"
            "    \"scenarios/p.yaml\"\n"
            "  ],\n"
            "  \"started_utc\": \"2025-01-02T03:04:05Z\",\n"
            "  \"scenario_file\": \"scenarios/p.yaml\",\n"
            "  \"base_file\": \"config/norway/base.yaml\",\n"
            "  \"scenarios\": [\n"
            "    \"p0\",\n"
            "    \"p1\"\n"
            "  ],\n"
            "  \"overrides\": {},\n"
            "  \"threads\": 2,\n"
            "  \"warnings\": [],\n"
            "  \"timings_ms\": {\n"
            "    \"load\": 12.5,\n"
            "    \"compute\": 3.25,\n"
            "    \"write\": 0.123\n"
            "  },\n"
            "  \"files\": [\n"
            "    \"projection.csv\"\n"
            "  ],\n"
            "  \"data_sources\": [\n"
            "    {\n"
            "      \"role\": \"population\",\n"
            "      \"path\": \"config/norway/population_jan1.csv\",\n"
            "      \"note\": \"SSB 07459\"\n"
            "    }\n"
            "  ],\n"
            "  \"resolved_config\": \"scenarios:\\n  - name: \\\"p0\\\"\\n\"\n"
            "}\n");

  CHECK(output::utc_timestamp(std::chrono::system_clock::from_time_t(0)) == "1970-01-01T00:00:00Z");
}

TEST_CASE("summary years are the base year and the milestones inside the run", "[output][summary]") {
  CHECK(output::summary_years({2023, 2024, 2060}) == std::vector<int>{2023, 2030, 2035, 2040, 2050, 2060});
  CHECK(output::summary_years({2030, 2031, 2045}) == std::vector<int>{2030, 2035, 2040, 2045});
  CHECK(output::summary_years({2023, 2100}) == std::vector<int>{2023, 2030, 2035, 2040, 2050, 2060, 2100});
  CHECK(output::summary_years({2023, 2027}) == std::vector<int>{2023, 2027});
  CHECK(output::summary_years({2023, 2060}, {2045, 2025, 2045, 1990}) == std::vector<int>{2023, 2025, 2045, 2060});
  CHECK(output::summary_years({}).empty());
}

TEST_CASE("the summary table for a hand-made result", "[output][summary]") {
  const engine::BaseData base = hand_made_base();
  const std::vector<engine::ScenarioResult> results{hand_made_result("low", 0.01),
                                                    hand_made_result("high growth", 0.02)};
  // 2030 is year index 7: 70684.2 x 1.07 = 75 632; 86391.8 x 1.14 = 98 487; share 174 119 / 2.6e6 = 6.7 %.
  const std::string expected =
      "Årsverk by scenario (whole årsverk, thousands separated by a space; share in percent)\n"
      "\n"
      "               low   high growth\n"
      "--------------------------------\n"
      "Total, all service areas\n"
      "  2023     157 076       157 076\n"
      "  2030     174 119       191 161\n"
      "  2035     186 292       215 508\n"
      "  2040     198 466       239 855\n"
      "  2050     222 812       288 549\n"
      "  2060     247 159       337 242\n"
      "Nursing homes and other institutions\n"
      "  2023      70 684        70 684\n"
      "  2030      75 632        80 580\n"
      "  2035      79 166        87 648\n"
      "  2040      82 701        94 717\n"
      "  2050      89 769       108 854\n"
      "  2060      96 837       122 991\n"
      "Home-based care\n"
      "  2023      86 392        86 392\n"
      "  2030      98 487       110 582\n"
      "  2035     107 126       127 860\n"
      "  2040     115 765       145 138\n"
      "  2050     133 043       179 695\n"
      "  2060     150 322       214 252\n"
      "Share of all årsverk in the economy, %\n"
      "  2023         6.0           6.0\n"
      "  2030         6.7           7.4\n"
      "  2035         7.2           8.3\n"
      "  2040         7.6           9.2\n"
      "  2050         8.6          11.1\n"
      "  2060         9.5          13.0\n";
  CHECK(output::summary_table(results, base.services) == expected);

  // Too narrow for both scenarios: two tables of the same layout, one scenario each.
  const std::string narrow = output::summary_table(results, base.services, 25);
  CHECK(narrow.find("\n               low\n------------------\n") != std::string::npos);
  CHECK(narrow.find("\n         high growth\n--------------------\n") != std::string::npos);
  CHECK(narrow.find("  2060     247 159\n") != std::string::npos);
  CHECK(narrow.find("  2060       337 242\n") != std::string::npos);
}
