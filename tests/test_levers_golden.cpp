// Golden results of the lever example scenarios (scenarios/*.yaml with levers), compared at
// 6 significant digits. CARECAST_UPDATE_GOLDEN=1 rewrites tests/golden/levers/*.csv.
#include "carecast/config/run_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/levers_output.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace carecast;

const std::string kSource = CARECAST_SOURCE_DIR;
const std::string kGolden = std::string(CARECAST_TEST_DATA_DIR) + "/golden/levers/";

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

std::optional<double> number(const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The CSV with every number rounded to 6 significant digits (the form stored).
std::string rounded(const std::string& csv) {
  std::string out;
  for (const std::string& line : split(csv, '\n')) {
    if (line.empty()) continue;
    const auto fields = split(line, ',');
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ',';
      const auto value = number(fields[i]);
      if (value && fields[i].find_first_not_of("0123456789") != std::string::npos) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.6g", *value == 0.0 ? 0.0 : *value);
        out += buffer;
      } else {
        out += fields[i];
      }
    }
    out += '\n';
  }
  return out;
}

// Same lines and text fields; numbers equal to 6 significant digits (relative 1e-5, or 1e-6
// absolute for values near 0).
void compare_golden(const std::string& name, const std::string& actual) {
  const std::string path = kGolden + name;
  const char* update = std::getenv("CARECAST_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << rounded(actual);
    WARN("rewrote " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream stored;
  stored << in.rdbuf();
  const auto expected_lines = split(stored.str(), '\n');
  auto actual_lines = split(actual, '\n');
  REQUIRE(actual_lines.size() == expected_lines.size());
  for (std::size_t l = 0; l < actual_lines.size(); ++l) {
    const auto a = split(actual_lines[l], ','), e = split(expected_lines[l], ',');
    INFO(name << " line " << l + 1 << ": " << actual_lines[l] << " vs " << expected_lines[l]);
    REQUIRE(a.size() == e.size());
    for (std::size_t f = 0; f < a.size(); ++f) {
      const auto x = number(a[f]), y = number(e[f]);
      if (x && y) {
        CHECK(std::abs(*x - *y) <= std::max(1e-5 * std::abs(*y), 1e-6));
      } else {
        CHECK(a[f] == e[f]);
      }
    }
  }
}

struct Run {
  config::RunConfig config;
  std::vector<engine::ScenarioResult> results;
  std::vector<std::vector<engine::ProductivityEquivalent>> equivalents;
};

Run run(const std::string& scenario_file) {
  Run r{config::load_run(kSource + "/scenarios/" + scenario_file), {}, {}};
  r.results = engine::project_scenarios(r.config.base, r.config.scenarios);
  r.equivalents = output::lever_equivalents(r.config.base, r.config.scenarios, r.results);
  return r;
}

std::string levers_csv(const Run& r) {
  std::ostringstream out;
  output::write_levers_csv(out, r.results);
  return out.str();
}
std::string equivalents_csv(const Run& r) {
  std::ostringstream out;
  output::write_lever_equivalents_csv(out, r.results, r.equivalents);
  return out.str();
}

}  // namespace

TEST_CASE("golden: equipment-investment levers", "[levers][golden]") {
  const Run r = run("equipment-investment.yaml");
  REQUIRE(r.results.size() == 3);
  compare_golden("equipment-investment.levers.csv", levers_csv(r));
  compare_golden("equipment-investment.equivalents.csv", equivalents_csv(r));
  std::ostringstream effects;
  output::write_lever_effects_csv(effects, r.config.base, r.results);
  compare_golden("equipment-investment.effects.csv", effects.str());
  // σ orders the savings: low < central < Cobb–Douglas, in every year with capital at work.
  const auto saved = [&](std::size_t s, int year) {
    const auto& levers = *r.results[s].levers;
    const auto i = Eigen::Index(r.results[s].year_index(year));
    return levers.service_without.row(i).sum() - levers.service_gross.row(i).sum();
  };
  for (int year : {2030, 2040, 2060}) {
    CHECK(saved(1, year) < saved(0, year));
    CHECK(saved(0, year) < saved(2, year));
  }
  // The lever table names every lever and the sector comparison.
  const std::string table = output::lever_table(r.config.base, r.results, r.equivalents);
  CHECK(table.find("Levers in equipment-2bn ") != std::string::npos);
  CHECK(table.find("lab_automation") != std::string::npos);
  CHECK(table.find("Technical staff added in 2060: bioengineers") != std::string::npos);
}

TEST_CASE("golden: robot-surgery, remote heart-failure and night-monitoring levers", "[levers][golden]") {
  for (const std::string name : {"robot-surgery", "remote-heart-failure", "night-monitoring"}) {
    const Run r = run(name + ".yaml");
    REQUIRE(r.results.size() == 1);
    REQUIRE(r.results[0].levers);
    compare_golden(name + ".levers.csv", levers_csv(r));
    compare_golden(name + ".equivalents.csv", equivalents_csv(r));
    // Each technology saves årsverk net of its engineers by 2060.
    const auto& levers = *r.results[0].levers;
    CHECK(levers.levers[0].saved.bottomRows(1).sum() > levers.levers[0].added.bottomRows(1).sum());
  }
}

TEST_CASE("the solver's answer on the Norwegian data, fed back as a scenario, hits the target", "[solve]") {
  const config::RunConfig config = config::load_run(kSource + "/scenarios/productivity.yaml");
  const engine::ScenarioParameters& scenario = config.scenarios.front();
  engine::SolveTarget target{engine::SolveTargetKind::share, 2040, std::nullopt};
  const engine::SolveOutcome outcome = engine::solve(config.base, scenario, target, engine::SolveVariable{});
  REQUIRE(outcome.reached);
  // Without a value the target is the base-year share (no longer the anchor: that belongs to 2019).
  const double base_year_share = engine::project_scenario(config.base, scenario).indicators.share_of_all_arsverk.front();
  CHECK(outcome.target == Approx(base_year_share).epsilon(1e-12));
  // As a user would: --set productivity-0.0:parameters.productivity_pct=<answer> with the answer
  // printed to 17 significant digits; the share in 2040 then equals the target within 1e-9 (relative).
  char answer[64];
  std::snprintf(answer, sizeof answer, "%.17g", 100.0 * (scenario.productivity.front() + outcome.value));
  const config::RunConfig fed = config::load_run(kSource + "/scenarios/productivity.yaml",
                                                 {config::Override{"parameters.productivity_pct", answer, scenario.name}});
  const engine::ScenarioResult result = engine::project_scenario(fed.base, fed.scenarios.front());
  CHECK(result.indicators.share_of_all_arsverk[std::size_t(2040 - config.base.base_year)] ==
        Approx(outcome.target).epsilon(1e-9));
}
