// Report layer: number formats, the chart library, tables, the sweep and lever sections and
// the files written. Golden tables are in test_report_golden.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

#include "carecast/engine/check.hpp"
#include "carecast/engine/sweep.hpp"
#include "carecast/output/report/charts.hpp"
#include "carecast/output/report/provenance.hpp"
#include "carecast/output/report/report.hpp"
#include "carecast/output/report/svg_chart.hpp"
#include "carecast/output/report/sweep_report.hpp"
#include "carecast/output/report/tables.hpp"
#include "carecast/output/report/workbook.hpp"
#include "support/levers_fixture.hpp"
#include "support/report_fixture.hpp"
#include "support/svg_labels.hpp"
#include "support/xml_check.hpp"

namespace fs = std::filesystem;
using namespace carecast;
using namespace carecast::output::report;
using carecast::testing::ReportFixture;
using carecast::testing::xml_problem;
using carecast::testing::overlapping_labels;

namespace {

const std::string kNnbsp = "\u202F";
const std::string kMinus = "\u2212";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t found = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++found;
  return found;
}

const Table& table(const std::vector<Table>& tables, const std::string& key) {
  for (const Table& t : tables) {
    if (t.key == key) return t;
  }
  FAIL("no table " << key);
  throw std::logic_error("unreachable");
}

// Two scenarios on synthetic data with equipment, one with a capital and a technology lever.
ReportFixture lever_fixture() {
  engine::BaseData base = carecast::testing::synthetic_base_with_equipment(12);
  engine::ScenarioParameters plain = carecast::testing::synthetic_scenario(base, 0.005);
  plain.name = "no levers";
  engine::ScenarioParameters levered = carecast::testing::with_default_capital(plain, base);
  levered.name = "levers";
  levered.levers.capital_levers.push_back(carecast::testing::capital_lever(0, engine::EquipmentCategory::imaging, 2.0e9));
  levered.levers.technology_levers.push_back(carecast::testing::technology_lever(1, 0.8));
  return ReportFixture(base, {plain, levered});
}

// The "central" scenario on synthetic data and the settings of a small sweep of it.
struct SmallSweep {
  engine::BaseData base;
  engine::ScenarioParameters scenario;
  engine::SweepSettings settings;
};
SmallSweep small_sweep(std::uint64_t seed, std::size_t draws, std::vector<int> report_years) {
  SmallSweep small{carecast::testing::synthetic_base(13), {}, {}};
  small.scenario = carecast::testing::synthetic_scenario(small.base, 0.005);
  small.scenario.name = "central";
  small.settings.seed = seed;
  small.settings.draws = draws;
  small.settings.sobol_rows = draws / 2;
  small.settings.bootstrap = 20;
  small.settings.report_years = std::move(report_years);
  return small;
}

// Productivity growth (triangular, %/yr) and healthy ageing θ (uniform), for small sweeps.
std::vector<engine::SweepParameter> two_uncertain_parameters() {
  std::vector<engine::SweepParameter> parameters;
  parameters.push_back({"productivity_pct", engine::Distribution::triangular(0.0, 0.5, 2.0), {},
                        [](engine::ScenarioParameters& p, std::size_t, double v) { p.productivity.assign(p.productivity.size(), v / 100.0); }});
  parameters.push_back({"theta", engine::Distribution::uniform(0.0, 1.0), {},
                        [](engine::ScenarioParameters& p, std::size_t, double v) { p.healthy_ageing.theta = v; }});
  return parameters;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST_CASE("numbers follow the report language", "[report][format]") {
  CHECK(format_human(1234567.891, 1, Language::nb) == "1" + kNnbsp + "234" + kNnbsp + "567,9");
  CHECK(format_human(1234567.891, 1, Language::en) == "1,234,567.9");
  CHECK(format_human(-35992.4, 0, Language::nb) == kMinus + "35" + kNnbsp + "992");
  CHECK(format_human(-0.4, 0, Language::en) == "0");
  CHECK(format_human(999.5, 0, Language::en) == "1,000");  // rounds (half to even on the binary value)
  CHECK(format_signed(195566.0, 0, Language::en) == "+195,566");
  CHECK(format_signed(0.0, 0, Language::en) == "0");
  CHECK(format_signed(-83475.2, 0, Language::en) == kMinus + "83,475");
  CHECK(format_percent(0.1316, 1, Language::nb) == "13,2" + kNnbsp + "%");
  CHECK(format_percent(0.1316, 1, Language::en) == "13.2%");
  CHECK(format_plain(-1234.567, 2) == "-1234.57");
  CHECK(format_plain(-0.001, 1) == "0.0");
  CHECK(parse_language("nb") == Language::nb);
  CHECK(parse_language("en") == Language::en);
  CHECK_FALSE(parse_language("nn").has_value());
}

TEST_CASE("nice scales cover the data with steps of 1, 2, 2.5 or 5 times a power of ten", "[report][chart]") {
  const NiceScale arsverk = nice_scale(0.0, 703992.0);
  CHECK(arsverk.step == 200000.0);
  CHECK(arsverk.min == 0.0);
  CHECK(arsverk.max == 800000.0);
  CHECK(arsverk.ticks.size() == 5);
  CHECK(arsverk.decimals == 0);
  const NiceScale share = nice_scale(13.0, 29.0);
  CHECK(share.step == 5.0);
  CHECK(share.ticks.front() == 10.0);
  CHECK(share.ticks.back() == 30.0);
  CHECK(nice_scale(0.0, 0.55).step == Approx(0.2));
  CHECK(nice_scale(0.0, 0.55).decimals == 1);
  CHECK(nice_scale(0.0, 1.1).step == Approx(0.25));
  CHECK(nice_scale(0.0, 1.1).decimals == 2);

  std::mt19937 random(5);
  std::uniform_real_distribution<double> exponent(-3.0, 7.0), fraction(0.0, 1.0);
  for (int trial = 0; trial < 500; ++trial) {
    const double high = std::pow(10.0, exponent(random));
    const double low = trial % 2 == 0 ? 0.0 : -high * fraction(random);
    const NiceScale scale = nice_scale(low, high);
    INFO("low " << low << " high " << high << " step " << scale.step);
    CHECK(scale.min <= low);
    CHECK(scale.max >= high * (1 - 1e-12));
    CHECK(scale.ticks.size() >= 3);
    CHECK(scale.ticks.size() <= 11);
    const double mantissa = scale.step / std::pow(10.0, std::floor(std::log10(scale.step) + 1e-9));
    const bool nice = std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 2.5) < 1e-9 ||
                      std::abs(mantissa - 5) < 1e-9;
    CHECK(nice);
    // The tick labels show every tick exactly at the scale's decimals.
    for (double tick : scale.ticks) {
      const double shown = std::round(tick * std::pow(10.0, scale.decimals)) / std::pow(10.0, scale.decimals);
      CHECK(std::abs(shown - tick) <= 1e-9 * scale.step);
    }
  }
}

TEST_CASE("the SHA-256 of the configuration matches the standard's test vectors", "[report][provenance]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("text in charts is escaped for XML", "[report][chart]") {
  CHECK(xml_escape("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;");
  LineChart chart;
  chart.frame = {"t", "Scenario <A> & \"B\"", "", "", 600, 360, Language::en};
  chart.years = {2023, 2024, 2025};
  chart.series = {{"<odd> & name", {1.0, 2.0, 3.0}}};
  const std::string svg = render(chart);
  CHECK(xml_problem(svg).empty());
  CHECK(svg.find("&lt;odd&gt; &amp; name") != std::string::npos);
}

TEST_CASE("the XML checker itself finds broken documents", "[report][chart]") {
  CHECK(xml_problem("<svg><g></g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg a=\"1\" a=\"2\"/>").empty());
  CHECK_FALSE(xml_problem("<svg a=1/>").empty());
  CHECK_FALSE(xml_problem("<svg>&nbsp;</svg>").empty());
  CHECK_FALSE(xml_problem("<svg/><svg/>").empty());
  CHECK_FALSE(xml_problem("<svg><text>a < b</text></svg>").empty());
}

TEST_CASE("every chart is well-formed SVG with the language's numbers", "[report][chart]") {
  const ReportFixture fixture = ReportFixture::standard();
  for (Language language : {Language::nb, Language::en}) {
    const std::vector<Chart> charts = build_charts(fixture.input(), language);
    // total, share, services × 2, pyramid, attribution × 2
    REQUIRE(charts.size() == 7);
    for (const Chart& chart : charts) {
      INFO(chart.key);
      CHECK(xml_problem(chart.svg).empty());
      CHECK(chart.svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
      CHECK(chart.svg.find("lang=\"" + std::string(language_code(language)) + "\"") != std::string::npos);
      // Element ids carry the chart's key, so charts can share one HTML page.
      CHECK(chart.svg.find("id=\"" + chart.key + "-title\"") != std::string::npos);
    }
    const std::string& total = charts[0].svg;
    CHECK(charts[0].key == "total_arsverk");
    if (language == Language::nb) {
      CHECK(total.find(">200" + kNnbsp + "000<") != std::string::npos);
      CHECK(total.find(">År<") != std::string::npos);
    } else {
      CHECK(total.find(">200,000<") != std::string::npos);
      CHECK(total.find(">Year<") != std::string::npos);
    }
    // Series are told apart without colour: dash patterns and marker shapes differ.
    CHECK(count(total, "stroke-dasharray=\"9 4\"") >= 1);
    CHECK(charts[2].key == "services_p0_5");
    CHECK(charts[3].key == "services_p2_less_family_care");
    CHECK(charts[2].svg.find("url(#services_p0_5-p1)") != std::string::npos);  // hatching
    CHECK(charts[4].key == "population_pyramid");
    CHECK(charts[5].key == "attribution_p0_5");
  }
}

TEST_CASE("numbers far beyond any real figure get a power of ten, and charts of them keep their layout",
          "[report][format][chart]") {
  // From 1e15 on: three significant digits (a data cell of 1e100 persons made chart labels
  // too wide for the chart, an internal error).
  CHECK(format_human(1e100, 0, Language::en) == "1.00e100");
  CHECK(format_human(-2.5e20, 1, Language::nb) == kMinus + "2,50e20");
  CHECK(format_percent(3e13, 1, Language::en) == "3.00e15%");
  CHECK(format_human(999999999999999.0, 0, Language::en) == "999,999,999,999,999");
  // Ticks of a scale near 1e-19 ask for more decimals than a double has (an internal error).
  CHECK(format_percent(1e-21, 21, Language::en) == "1.00e-19%");
  CHECK(format_human(0.0, 25, Language::en) == "0.00000000000000000");
  LineChart chart;
  chart.frame = {"huge", "Huge", "", "", 600, 360, Language::en};
  chart.years = {2023, 2024, 2025};
  chart.series = {{"persons", {1e100, 2e100, 3e100}}};
  const std::string svg = render(chart);
  CHECK(xml_problem(svg).empty());
  CHECK(svg.find("e100") != std::string::npos);
  chart.series = {{"share", {1e-21, 2e-21, 3e-21}}};
  CHECK(xml_problem(render(chart)).empty());
}

TEST_CASE("the waterfall's steps must add up to its end total", "[report][chart]") {
  WaterfallChart chart;
  chart.frame = {"w", "W", "", "", 600, 400, Language::en};
  chart.start = 100.0;
  chart.step_labels = {"a", "b"};
  chart.steps = {10.0, -5.0};
  chart.end = 105.0;
  CHECK(xml_problem(render(chart)).empty());
  chart.end = 110.0;
  CHECK_THROWS_AS(render(chart), engine::InternalError);
}

TEST_CASE("tables in committee layouts add up", "[report][tables]") {
  const ReportFixture fixture = ReportFixture::standard();
  const std::vector<Table> tables = build_tables(fixture.input(), Language::en);
  std::vector<std::string> keys;
  for (const Table& t : tables) keys.push_back(t.key);
  CHECK(keys == std::vector<std::string>{"assumptions", "arsverk_by_service", "arsverk_by_profession", "share_of_all_arsverk",
                                         "population", "growth_attribution", "attribution_by_service"});

  const Table& services = table(tables, "arsverk_by_service");
  std::vector<std::string> headers;
  for (const Column& column : services.columns) headers.push_back(column.header);
  CHECK(headers == std::vector<std::string>{"2023", "2030", "2035", "2040", "2050", "2060"});
  // Per scenario: a group row, one row per service, the total; totals are the column sums.
  REQUIRE(services.rows.size() == 2 * (1 + 2 + 1));
  CHECK(services.rows[0].kind == RowKind::group);
  CHECK(services.rows[0].label == "p0.5");
  CHECK(*services.rows[1].cells[0].number == Approx(90000.0));
  for (std::size_t block : {0u, 4u}) {
    for (std::size_t c = 0; c < 6; ++c) {
      CHECK(*services.rows[block + 3].cells[c].number ==
            Approx(*services.rows[block + 1].cells[c].number + *services.rows[block + 2].cells[c].number));
    }
  }
  const Table& professions = table(tables, "arsverk_by_profession");
  CHECK(*professions.rows[4].cells[5].number == Approx(*services.rows[3].cells[5].number));  // same totals

  // Attribution: the seven factors add up to the total change, which is the change in the
  // total of the årsverk table.
  const Table& attribution = table(tables, "growth_attribution");
  REQUIRE(attribution.rows.size() == 2 * (1 + 7 + 1));
  for (std::size_t block : {0u, 9u}) {
    for (std::size_t c = 0; c < attribution.columns.size(); ++c) {
      double sum = 0.0;
      for (std::size_t f = 1; f <= 7; ++f) sum += *attribution.rows[block + f].cells[c].number;
      CHECK(sum == Approx(*attribution.rows[block + 8].cells[c].number).epsilon(1e-10));
    }
  }
  const double change_2060 = *services.rows[7].cells[5].number - *services.rows[7].cells[0].number;
  CHECK(*attribution.rows[17].cells[4].number == Approx(change_2060).epsilon(1e-10));
  // Family care falls only in the second scenario, and only there does it add årsverk.
  CHECK(*attribution.rows[7].cells[4].number == 0.0);
  CHECK(*attribution.rows[16].cells[4].number > 0.0);

  const Table& by_service = table(tables, "attribution_by_service");
  for (const Row& row : by_service.rows) {
    if (row.kind == RowKind::group) continue;
    double sum = 0.0;
    for (std::size_t f = 0; f < 7; ++f) sum += *row.cells[f].number;
    CHECK(sum == Approx(*row.cells[7].number).epsilon(1e-9));
  }

  const Table& share = table(tables, "share_of_all_arsverk");
  REQUIRE(share.rows.size() == 2);
  CHECK(*share.rows[0].cells[0].number == Approx(0.13));
  CHECK(table_csv(share).find("p0.5,13.0,") != std::string::npos);  // CSV in percent, locale-free
  const Table& population = table(tables, "population");
  CHECK(population.rows.size() == 4);  // one block: both scenarios have the same population
  CHECK(population.rows[0].label == "All scenarios");
}

TEST_CASE("scenarios with levers get a lever table and chart", "[report][levers]") {
  const ReportFixture fixture = lever_fixture();
  const auto tables = build_tables(fixture.input(), Language::en);
  const Table& levers = table(tables, "lever_effects");
  REQUIRE(levers.rows.size() == 1 + 2 + 1);  // only the scenario with levers
  CHECK(levers.rows[0].label == "levers");
  const Row& all = levers.rows[3];
  CHECK(all.kind == RowKind::total);
  CHECK(*all.cells[2].number == Approx(*all.cells[0].number - *all.cells[1].number));
  CHECK(*all.cells[2].number > 0.0);
  // The levers' net saving equals the lever factor of the attribution only when nothing
  // interacts; here it is of the same sign.
  CHECK(fixture.attributions[1].total(engine::GrowthFactor::levers, 2060) < 0.0);
  const auto charts = build_charts(fixture.input(), Language::nb);
  const auto chart = std::find_if(charts.begin(), charts.end(), [](const Chart& c) { return c.key == "lever_effects"; });
  REQUIRE(chart != charts.end());
  CHECK(xml_problem(chart->svg).empty());
  CHECK(chart->svg.find("capital_0_0") != std::string::npos);
}

TEST_CASE("sweep results become fan, tornado and Sobol charts and tables", "[report][sweep]") {
  SmallSweep small = small_sweep(42, 64, {2040, 2060});
  small.settings.sobol_rows = 1024;
  const engine::BaseData& base = small.base;
  const engine::ScenarioParameters& scenario = small.scenario;
  const engine::Sweep sweep(base, {scenario}, two_uncertain_parameters(), small.settings);
  const engine::SweepPart part = sweep.run_all({});
  const engine::SweepSummary summary = engine::summarize(sweep.plan(), part);
  std::vector<SweepReport> reports = sweep_reports(sweep.plan(), summary, "test-sweep", Language::en);
  REQUIRE(reports.size() == 1);
  const SweepReport& report = reports.front();
  CHECK(report.scenario == "central");
  CHECK(report.draws == 64);
  CHECK(report.seed == "42");
  CHECK(report.target_year == 2060);
  REQUIRE(report.tornado.size() == 2);
  REQUIRE(report.sobol.size() == 2);
  // Higher productivity growth means fewer årsverk: the tornado's high value gives less.
  CHECK(report.tornado[0].parameter == "productivity_pct");
  CHECK(report.tornado[0].high_result < report.tornado[0].low_result);
  // Quantiles increase with the probability in every year after the base year.
  for (Eigen::Index y = 1; y < report.quantiles.rows(); ++y) {
    for (Eigen::Index q = 1; q < report.quantiles.cols(); ++q) CHECK(report.quantiles(y, q) >= report.quantiles(y, q - 1));
  }
  // Productivity growth drives most of the spread.
  CHECK(report.sobol[0].total > report.sobol[1].total);
  for (const auto& row : report.sobol) {
    INFO(row.parameter << ": first " << row.first << ", total " << row.total);
    CHECK(row.flag.empty());  // enough rows for valid indices: the chart shows both
  }

  ReportFixture fixture(base, {scenario});
  output::report::ReportInput input = fixture.input();
  input.sweeps = reports;
  input.sweeps.front().deterministic = fixture.results.front().indicators.health_care_arsverk;
  const auto tables = build_tables(input, Language::nb);
  CHECK(table(tables, "sweep_quantiles").columns.size() == 8);  // 7 quantiles + deterministic
  CHECK(table(tables, "sweep_tornado").rows.size() == 3);
  CHECK(table(tables, "sweep_tornado").columns.size() == 7);  // unit, low, high, 2 results, swing, centre
  CHECK(*table(tables, "sweep_tornado").rows[1].cells[1].number == Approx(report.tornado[0].low));  // a number
  CHECK(table(tables, "sweep_sobol").rows.size() == 3);
  const auto charts = build_charts(input, Language::nb);
  int found = 0;
  for (const Chart& chart : charts) {
    if (chart.section != ChartSection::uncertainty) continue;
    ++found;
    INFO(chart.key);
    CHECK(xml_problem(chart.svg).empty());
  }
  CHECK(found == 3);
}

TEST_CASE("a Sobol estimate that is not a valid index is marked in the table and left out of the chart",
          "[report][sweep]") {
  SmallSweep small = small_sweep(42, 64, {2040, 2060});
  small.settings.sobol_rows = 1024;
  const engine::Sweep sweep(small.base, {small.scenario}, two_uncertain_parameters(), small.settings);
  const engine::SweepSummary summary = engine::summarize(sweep.plan(), sweep.run_all({}));
  std::vector<SweepReport> reports = sweep_reports(sweep.plan(), summary, "test-sweep", Language::en);
  REQUIRE(reports.front().sobol.size() == 2);
  reports.front().sobol[1].flag = "total below first order";  // as engine::sobol_flag names it
  ReportFixture fixture(small.base, {small.scenario});
  output::report::ReportInput input = fixture.input();
  input.sweeps = reports;
  input.sweeps.front().deterministic = fixture.results.front().indicators.health_care_arsverk;
  for (const Language language : {Language::en, Language::nb}) {
    const auto tables = build_tables(input, language);
    const Table& sobol = table(tables, "sweep_sobol");
    REQUIRE(sobol.rows.size() == 3);
    const std::string valid = language == Language::en ? "yes" : "ja";
    const std::string invalid = language == Language::en ? "no: total below first order" : "nei: total under første orden";
    int marked = 0;
    for (const Row& row : sobol.rows) {
      if (row.kind != RowKind::data) continue;
      CHECK((row.cells.back().text == valid || row.cells.back().text == invalid));
      marked += row.cells.back().text == invalid;
    }
    CHECK(marked == 1);
    CHECK(sobol.notes.size() == 2);
    for (const Chart& chart : build_charts(input, language)) {
      if (chart.key.rfind("sweep_sobol", 0) != 0) continue;
      CHECK(chart.data.x.size() == 1);  // the valid index alone
    }
  }
}

TEST_CASE("the report directory holds the page, the workbook, tables and charts", "[report][files]") {
  const ReportFixture fixture = ReportFixture::standard();
  const fs::path directory = fs::temp_directory_path() / ("carecast-report-test-" + std::to_string(::getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  const ReportFiles files = write_report_files(directory, fixture.input(), {Language::en, false});
  CHECK(files.tables == 7);
  CHECK(files.charts == 7);
  for (const std::string name : {"report.html", "report.xlsx", "tables.md", "tables/growth_attribution.csv",
                                  "charts/total_arsverk.svg", "charts/population_pyramid.svg"}) {
    INFO(name);
    CHECK(fs::is_regular_file(directory / name));
    CHECK(std::find(files.files.begin(), files.files.end(), name) != files.files.end());
  }
  const std::string html = read_file(directory / "report.html");
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(count(html, "<svg xmlns=") == 7);  // every chart inline
  CHECK(count(html, "<table>") >= 7);
  // Self-contained: no scripts, no external style sheets, images or fonts.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("url(http") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("0123456789abcdef0123456789abcdef") != std::string::npos);  // provenance
  const std::string xlsx = read_file(directory / "report.xlsx");
  CHECK(xlsx.rfind("PK", 0) == 0);  // a zip archive
  // Every SVG file on disk is the chart's text and parses.
  for (const auto& entry : fs::directory_iterator(directory / "charts")) {
    INFO(entry.path());
    CHECK(xml_problem(read_file(entry.path())).empty());
  }
  // No temporary files are left behind.
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
  fs::remove_all(directory);
}

namespace {

// Every kind of chart: the standard fixture, levers, a sweep, and a 121-scenario grid with
// long labels in both languages.
std::vector<output::report::ReportInput> chart_inputs(std::vector<ReportFixture>& keep, std::vector<SweepReport>& sweeps) {
  keep.push_back(ReportFixture::standard());
  keep.push_back(lever_fixture());
  {
    const SmallSweep small = small_sweep(7, 32, {2060});
    const engine::BaseData& base = small.base;
    const engine::ScenarioParameters& scenario = small.scenario;
    const engine::Sweep sweep(base, {scenario}, two_uncertain_parameters(), small.settings);
    const engine::SweepSummary summary = engine::summarize(sweep.plan(), sweep.run_all({}));
    std::vector<config::SweepParameterInfo> info(2);
    info[0].label_nb = "Produktivitetsvekst i alle tjenester";
    info[0].label_en = "Productivity growth in every service";
    info[0].unit = "%/yr";
    info[1].unit = "share";
    sweeps = sweep_reports(sweep.plan(), summary, "test-sweep", Language::nb, info);
    sweeps.front().deterministic.assign(sweeps.front().years.size(), sweeps.front().quantiles(0, 3));
    keep.emplace_back(base, std::vector<engine::ScenarioParameters>{scenario});
  }
  {
    const engine::BaseData base = ReportFixture::deterministic_base();
    std::vector<engine::ScenarioParameters> grid;
    for (int p = 0; p <= 10; ++p) {
      for (int g = 0; g <= 10; ++g) {
        engine::ScenarioParameters scenario = carecast::testing::synthetic_scenario(base, 0.002 * p);
        scenario.standard_growth.assign(scenario.standard_growth.size(), 0.002 * g);
        scenario.name = std::string("p").append(std::to_string(p)).append("-s").append(std::to_string(g));  // (GCC 12 warns falsely on "p" + string)
        grid.push_back(std::move(scenario));
      }
    }
    keep.emplace_back(base, std::move(grid));
  }
  std::vector<output::report::ReportInput> inputs;
  for (const ReportFixture& fixture : keep) inputs.push_back(fixture.input());
  inputs[2].sweeps = sweeps;
  for (const auto& scenario : keep[3].scenarios) {
    config::ScenarioText text;
    text.label_nb = "Produktivitetsvekst og standardvekst, scenario " + scenario.name;
    text.label_en = "Productivity and standard growth, scenario " + scenario.name;
    inputs[3].texts.push_back(text);
  }
  return inputs;
}

}  // namespace

TEST_CASE("no two labels overlap in any chart, in both languages, up to a 121-scenario grid", "[report][chart][labels]") {
  std::vector<ReportFixture> keep;
  std::vector<SweepReport> sweeps;
  keep.reserve(4);
  const auto inputs = chart_inputs(keep, sweeps);
  std::size_t checked = 0;
  for (const auto& input : inputs) {
    for (Language language : {Language::nb, Language::en}) {
      for (bool titles : {true, false}) {
        for (const Chart& chart : build_charts(input, language, {titles})) {
          INFO(chart.key << " (" << language_code(language) << ")");
          CHECK(overlapping_labels(chart.svg) == std::vector<std::string>{});
          // Type of at least 8 pt when the chart is printed 16 cm wide.
          CHECK(carecast::testing::smallest_type_pt(chart.svg) >= 8.0);
          CHECK(xml_problem(chart.svg).empty());
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 2 * 2 * (121 * 2 + 3));  // every chart of the grid, both languages, with and without titles
}

TEST_CASE("the label checker finds overlapping labels", "[report][chart][labels]") {
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"100\">"
      "<text x=\"10\" y=\"20\" font-size=\"12\">Aldersstruktur</text>"
      "<text x=\"90\" y=\"22\" font-size=\"12\">Standard</text>"
      "<text x=\"300\" y=\"20\" font-size=\"12\" text-anchor=\"end\">Alone</text></svg>";
  CHECK(overlapping_labels(svg) == std::vector<std::string>{"'Aldersstruktur' overlaps 'Standard'"});
  CHECK(carecast::testing::smallest_type_pt(svg) == Approx(12.0 * 453.543 / 640.0).epsilon(1e-3));
  // DejaVu Sans widths: digits 0.636 em, 'i' 0.278 em.
  CHECK(text_width("10", 10.0) == Approx(12.72));
  CHECK(text_width("ii", 10.0) == Approx(5.56));
}

TEST_CASE("the method text and table 1 describe the healthy-ageing method and family-care mode in use",
          "[report][assumptions]") {
  const engine::BaseData base = ReportFixture::deterministic_base();
  engine::ScenarioParameters scenario = carecast::testing::synthetic_scenario(base, 0.005);  // age shift, spill-over
  scenario.healthy_ageing = {.method = engine::HealthyAgeingMethod::mortality_ratio, .elasticity = 0.57,
                             .threshold_age = 55};
  scenario.family_care.mode = engine::FamilyCareMode::total_need;
  const ReportFixture fixture(base, {scenario});
  const output::report::ReportInput input = fixture.input();
  for (const Language language : {Language::en, Language::nb}) {
    const auto tables = build_tables(input, language);
    const std::string html = report_html(input, tables, build_charts(input, language), language);
    CHECK(html.find("^η") != std::string::npos);
    CHECK(html.find("θ ×") == std::string::npos);  // the age shift is not what this scenario uses
    CHECK(html.find(language == Language::en ? "part of the total need for long-term care"
                                              : "en del av det samlede behovet for pleie og omsorg") != std::string::npos);
    const Table& assumptions = table(tables, "assumptions");
    const auto row = std::find_if(assumptions.rows.begin(), assumptions.rows.end(), [&](const Row& r) {
      return r.label == (language == Language::en ? "Healthy ageing, η or θ" : "Sunn aldring, η eller θ");
    });
    REQUIRE(row != assumptions.rows.end());
    CHECK(*row->cells[0].number == 0.57);
  }
}

TEST_CASE("labels replace scenario names, parameter ids and sweep file names in the report", "[report][labels]") {
  std::vector<ReportFixture> keep;
  std::vector<SweepReport> sweeps;
  keep.reserve(4);
  auto inputs = chart_inputs(keep, sweeps);
  output::report::ReportInput& input = inputs[0];
  input.texts = {{"", "Slow", "Langsom", "", "Lav produktivitetsvekst", {}}, {"", "Fast", "Rask", "", "", {"parameters.productivity_pct=2"}}};
  const auto tables = build_tables(input, Language::nb);
  const auto charts = build_charts(input, Language::nb);
  const std::string html = report_html(input, tables, charts, Language::nb);
  CHECK(html.find(">Langsom<") != std::string::npos);
  CHECK(html.find("Lav produktivitetsvekst") != std::string::npos);
  CHECK(html.find("p2 less family care") == std::string::npos);
  CHECK(html.find(">p0.5<") == std::string::npos);
  CHECK(html.find("parameters.productivity_pct=2") != std::string::npos);  // the override, in table 1
  CHECK(table(tables, "assumptions").columns[1].header == "Rask");
  CHECK(table(tables, "share_of_all_arsverk").title == "Helse- og omsorgstjenestenes andel av alle årsverk i økonomien");
  // Numbers are numbers in the assumptions table, and the CSV is locale-free.
  const Table& assumptions = table(tables, "assumptions");
  CHECK(assumptions.rows[1].cells[0].number.has_value());
  CHECK(table_csv(assumptions).find("0,5") == std::string::npos);
  for (const Chart& chart : charts) {
    INFO(chart.key);
    CHECK(chart.svg.find("p2 less family care") == std::string::npos);
  }
  // The sweep's parameter labels and units; the file name only as a file.
  const auto sweep_tables = build_tables(inputs[2], Language::nb);
  const Table& tornado = table(sweep_tables, "sweep_tornado");
  CHECK(tornado.rows[1].label == "Produktivitetsvekst i alle tjenester");
  CHECK(tornado.rows[1].cells[0].text == "% per år");
  CHECK(tornado.rows[2].label == "theta");
  for (const Chart& chart : build_charts(inputs[2], Language::nb)) CHECK(chart.svg.find("analyse test-sweep") == std::string::npos);
}

TEST_CASE("stored workbook values lose their float noise", "[report][workbook]") {
  CHECK(stored_value(311163.9999999999, 0, false) == 311164.0);
  CHECK(stored_value(0.13000000000000003, 1, true) == 0.13);
  CHECK(stored_value(-2.4199999999999999, 2, false) == -2.42);
  CHECK(stored_value(1.23456789, 1, false) == 1.23457);
}

TEST_CASE("dates read as dates in the report language", "[report][format]") {
  CHECK(date_text("2026-11-30T16:58:16Z", Language::nb) == "30. november 2026 kl. 16.58 UTC");
  CHECK(date_text("2026-01-05T07:03:00Z", Language::en) == "5 January 2026, 07:03 UTC");
  CHECK(date_text("not a date", Language::nb) == "not a date");
}

TEST_CASE("fills stay apart in greyscale", "[report][chart]") {
  StackedAreaChart chart;
  chart.frame.id = "grey";
  chart.years = {2023, 2024};
  for (int layer = 0; layer < 9; ++layer) chart.layers.push_back({"layer " + std::to_string(layer), {1.0, 1.0}});
  const std::string svg = render(chart);
  // Each layer: a path filled with a colour, then (maybe) one filled with its hatching.
  struct Style {
    double grey;
    std::string pattern;
  };
  std::vector<Style> styles;
  for (std::size_t at = svg.find("<path d="); at != std::string::npos; at = svg.find("<path d=", at + 1)) {
    const std::string tag = svg.substr(at, svg.find('>', at) - at);
    const std::string fill = carecast::testing::svg_attribute(tag, "fill");
    if (fill.size() == 7 && fill[0] == '#' && tag.find("stroke=\"#ffffff\"") != std::string::npos) {
      const auto channel = [&](int i) { return double(std::stoi(fill.substr(std::size_t(1 + 2 * i), 2), nullptr, 16)); };
      styles.push_back({0.299 * channel(0) + 0.587 * channel(1) + 0.114 * channel(2), ""});
    } else if (fill.rfind("url(#", 0) == 0 && !styles.empty()) {
      styles.back().pattern = fill;
    }
  }
  REQUIRE(styles.size() == 9);
  for (std::size_t a = 0; a < styles.size(); ++a) {
    for (std::size_t b = a + 1; b < styles.size(); ++b) {
      INFO(a << " and " << b);
      CHECK((styles[a].pattern != styles[b].pattern || std::abs(styles[a].grey - styles[b].grey) >= 20.0));
    }
  }
}
