// Golden test of the default run: scenarios/productivity.yaml on the bundled Norway data.
//
// projection.csv and indicators.csv must agree with tests/golden/productivity/ to 6
// significant digits: key columns exactly, numbers within a relative difference of 1e-6
// (the files are parsed and compared as numbers, not bytes, so the last digits of a
// round-trip representation may move without failing the test).
//
// To accept new results, run with CARECAST_UPDATE_GOLDEN=1 (`make golden-update`): the test
// then rewrites the golden files instead of comparing. Review the diff before committing.
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/run_output.hpp"

namespace fs = std::filesystem;
using namespace carecast;

namespace {

constexpr double kRelativeTolerance = 1e-6;  // 6 significant digits
constexpr double kAbsoluteTolerance = 1e-9;  // for values that are zero in one file

const fs::path kGoldenDir = fs::path(CARECAST_TEST_DATA_DIR) / "golden" / "productivity";
const fs::path kScenarioFile = fs::path(CARECAST_SOURCE_DIR) / "scenarios" / "productivity.yaml";

bool update_requested() {
  const char* flag = std::getenv("CARECAST_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

using Row = std::vector<std::string>;

// RFC 4180 lines as written by output/csv.cpp (quoted fields may contain commas and quotes;
// none of the compared files has a line break inside a field).
Row split_csv_line(const std::string& line) {
  Row fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

std::vector<Row> parse_csv(const std::string& text) {
  std::vector<Row> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) rows.push_back(split_csv_line(line));
  return rows;
}

bool parse_number(const std::string& text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Compares `actual` with the golden file: the same header and keys, numbers (last column)
// within tolerance. Returns a description of the first differences, empty when they agree.
std::string compare_with_golden(const fs::path& golden_path, const std::string& actual_text) {
  const std::string name = golden_path.filename().string();
  if (!fs::exists(golden_path)) {
    return golden_path.string() + " is missing; create it with `make golden-update`";
  }
  const auto golden = parse_csv(read_file(golden_path));
  const auto actual = parse_csv(actual_text);
  if (golden.empty() || actual.empty() || golden.front() != actual.front()) return name + ": headers differ";

  std::ostringstream report;
  int shown = 0;
  std::size_t differences = 0;
  if (golden.size() != actual.size()) {
    report << name << ": " << actual.size() - 1 << " rows, golden file has " << golden.size() - 1 << '\n';
  }
  const std::size_t rows = std::min(golden.size(), actual.size());
  for (std::size_t r = 1; r < rows; ++r) {
    const Row& want = golden[r];
    const Row& got = actual[r];
    std::string problem;
    if (want.size() != got.size() || want.empty()) {
      problem = "different number of fields";
    } else if (!std::equal(want.begin(), want.end() - 1, got.begin())) {
      problem = "keys differ";
    } else {
      double a = 0.0, b = 0.0;
      if (!parse_number(want.back(), a) || !parse_number(got.back(), b)) {
        problem = "not a number";
      } else {
        const double difference = std::abs(a - b);
        if (difference > kAbsoluteTolerance &&
            difference > kRelativeTolerance * std::max(std::abs(a), std::abs(b))) {
          std::ostringstream text;
          text.precision(3);
          text << "relative difference " << difference / std::max(std::abs(a), std::abs(b));
          problem = text.str();
        }
      }
    }
    if (problem.empty()) continue;
    ++differences;
    if (shown++ < 10) {
      auto join = [](const Row& row) {
        std::string text;
        for (const auto& field : row) text += (text.empty() ? "" : ",") + field;
        return text;
      };
      report << name << ':' << r + 1 << ": " << problem << "\n  golden: " << join(want)
             << "\n  actual: " << join(got) << '\n';
    }
  }
  if (differences > 0) report << name << ": " << differences << " rows differ\n";
  return report.str();
}

}  // namespace

TEST_CASE("golden: the productivity scenarios reproduce the committed results", "[output][golden]") {
  const config::RunConfig config = config::load_run(kScenarioFile.string());
  const std::vector<engine::ScenarioResult> results =
      engine::project_scenarios(config.base, config.scenarios);

  std::ostringstream projection, indicators;
  output::write_projection_csv(projection, config.base, results);
  output::write_indicators_csv(indicators, results);
  const std::vector<std::pair<std::string, std::string>> files{{"projection.csv", projection.str()},
                                                               {"indicators.csv", indicators.str()}};

  if (update_requested()) {
    fs::create_directories(kGoldenDir);
    for (const auto& [name, text] : files) {
      output::write_file_atomically(kGoldenDir / name, [&](std::ostream& out) { out << text; });
      WARN("CARECAST_UPDATE_GOLDEN=1: rewrote " << (kGoldenDir / name).string());
    }
    return;
  }
  for (const auto& [name, text] : files) {
    const std::string differences = compare_with_golden(kGoldenDir / name, text);
    INFO(differences);
    CHECK(differences.empty());
  }
}

TEST_CASE("golden: the comparison tolerates 6 significant digits and no more", "[output][golden]") {
  const fs::path dir = fs::temp_directory_path() / "carecast-test-golden-compare";
  fs::create_directories(dir);
  const fs::path golden = dir / "g.csv";
  output::write_file_atomically(
      golden, [](std::ostream& out) { out << "scenario,year,service,arsverk\np,2023,x,100000\n"; });
  CHECK(compare_with_golden(golden, "scenario,year,service,arsverk\np,2023,x,100000.09\n").empty());
  CHECK_FALSE(compare_with_golden(golden, "scenario,year,service,arsverk\np,2023,x,100000.2\n").empty());
  CHECK_FALSE(compare_with_golden(golden, "scenario,year,service,arsverk\np,2024,x,100000\n").empty());
  CHECK_FALSE(compare_with_golden(golden, "scenario,year,service,total\np,2023,x,100000\n").empty());
  CHECK_FALSE(compare_with_golden(dir / "missing.csv", "scenario,year,service,arsverk\n").empty());
  fs::remove_all(dir);
}
