// Golden tests of the report's tables: Markdown in both languages and CSV, on the synthetic
// report fixture (support/report_fixture.hpp), compared byte for byte with
// tests/golden/report/. The tables have fixed, stated precision (whole årsverk, one decimal
// for percentages), so the text is stable across machines.
//
// To accept new tables, run with CARECAST_UPDATE_GOLDEN=1 (`make golden-update`): the test
// then rewrites the golden files instead of comparing. Review the diff before committing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "carecast/output/report/report.hpp"
#include "carecast/output/report/tables.hpp"
#include "support/report_fixture.hpp"

namespace fs = std::filesystem;
using namespace carecast::output::report;

namespace {

const fs::path kGoldenDir = fs::path(CARECAST_TEST_DATA_DIR) / "golden" / "report";

bool update_requested() {
  const char* flag = std::getenv("CARECAST_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

// Compares `text` with the golden file, or rewrites it on request. On a difference, reports
// the first line that differs.
void check_golden(const fs::path& file, const std::string& text) {
  if (update_requested()) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    WARN("rewrote " << file);
    return;
  }
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string golden = buffer.str();
  if (golden == text) {
    SUCCEED();
    return;
  }
  std::istringstream a(golden), b(text);
  std::string line_a, line_b;
  int line = 0;
  while (true) {
    ++line;
    const bool more_a = bool(std::getline(a, line_a)), more_b = bool(std::getline(b, line_b));
    if (!more_a && !more_b) break;
    if (line_a != line_b || more_a != more_b) {
      FAIL(file.string() << ":" << line << " differs\n  golden: " << line_a << "\n  now:    " << line_b
                         << "\n(CARECAST_UPDATE_GOLDEN=1 rewrites the golden files)");
    }
  }
}

}  // namespace

TEST_CASE("golden: the report tables in English", "[report][golden]") {
  const auto fixture = carecast::testing::ReportFixture::standard();
  const auto input = fixture.input();
  check_golden(kGoldenDir / "tables_en.md", tables_markdown(input, build_tables(input, Language::en), Language::en));
}

TEST_CASE("golden: the report tables in Norwegian bokmål", "[report][golden]") {
  const auto fixture = carecast::testing::ReportFixture::standard();
  const auto input = fixture.input();
  check_golden(kGoldenDir / "tables_nb.md", tables_markdown(input, build_tables(input, Language::nb), Language::nb));
}

TEST_CASE("golden: the report tables as CSV", "[report][golden]") {
  const auto fixture = carecast::testing::ReportFixture::standard();
  for (const Table& table : build_tables(fixture.input(), Language::en)) {
    INFO(table.key);
    check_golden(kGoldenDir / "csv" / (table.key + ".csv"), table_csv(table));
  }
}
