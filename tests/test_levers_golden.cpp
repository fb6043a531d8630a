// Golden results of the lever example scenarios (scenarios/*.yaml with levers), compared at
// 6 significant digits. CARECAST_UPDATE_GOLDEN=1 rewrites tests/golden/levers/*.csv.
#include <algorithm>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/engine/sweep.hpp"
#include "carecast/output/levers_output.hpp"

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
  CHECK(table.find("By profession in 2060") != std::string::npos);
  CHECK(table.find("Present values 2024–2060 at 4.0 %/yr") != std::string::npos);
  std::ostringstream present;
  output::write_lever_present_values_csv(present, r.results);
  compare_golden("equipment-investment.present_values.csv", present.str());
}

TEST_CASE("golden: the technology cases", "[levers][golden]") {
  for (const std::string name : {"remote-heart-failure", "night-monitoring", "lab-automation",
                                 "ai-breast-screening", "medicine-dispensers"}) {
    const Run r = run(name + ".yaml");
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

namespace {

Eigen::Index profession_index(const Run& r, const std::string& id) {
  const auto& list = r.config.base.professions;
  return Eigen::Index(std::find(list.begin(), list.end(), id) - list.begin());
}

// Årsverk of a profession in the last year, with and without the scenario's levers.
std::pair<double, double> last_year(const Run& r, std::size_t scenario, const std::string& profession) {
  const auto& result = r.results[scenario];
  const Eigen::Index k = profession_index(r, profession), last = result.profession_arsverk.rows() - 1;
  return {result.profession_arsverk(last, k), result.levers->profession_without(last, k)};
}

}  // namespace

TEST_CASE("the shipped cases save the right profession", "[levers][targeting]") {
  // Laboratory automation saves bioengineers; nurses and physicians are untouched.
  const Run lab = run("lab-automation.yaml");
  for (const std::string untouched : {"nurses", "physicians", "health_care_workers", "other"}) {
    const auto [with, without] = last_year(lab, 0, untouched);
    CHECK(with == Approx(without).epsilon(1e-13));
  }
  const auto [bio_with, bio_without] = last_year(lab, 0, "bioengineers");
  CHECK(bio_with < bio_without - 200.0);  // net of the automation specialists it adds
  const auto [mte_with, mte_without] = last_year(lab, 0, "medical_technical_engineers");
  CHECK(mte_with > mte_without);  // the lines need engineers

  // AI screen reading saves physicians only, and only a few årsverk: 6.5 man-years at most.
  const Run ai = run("ai-breast-screening.yaml");
  for (std::size_t s = 0; s < 2; ++s) {
    const auto [with, without] = last_year(ai, s, "physicians");
    CHECK(without - with > 0.0);
    CHECK(without - with < 6.5 * without / (0.14 * 90082.2));  // scaled with the physicians' growth
    const auto [nurses_with, nurses_without] = last_year(ai, s, "nurses");
    CHECK(nurses_with == Approx(nurses_without).epsilon(1e-13));
  }

  // Dispensers save nurses and health care workers in home care; night supervision saves
  // night staff in nursing homes; neither saves physicians.
  for (const std::string name : {"medicine-dispensers", "night-monitoring"}) {
    const Run r = run(name + ".yaml");
    const auto [nurses_with, nurses_without] = last_year(r, 0, "nurses");
    const auto [hcw_with, hcw_without] = last_year(r, 0, "health_care_workers");
    const auto [physicians_with, physicians_without] = last_year(r, 0, "physicians");
    CHECK(nurses_with < nurses_without);
    CHECK(hcw_with < hcw_without);
    CHECK(physicians_with == Approx(physicians_without).epsilon(1e-13));
  }
}

TEST_CASE("robot-assisted surgery adds labour by default, the OUS reading is the alternative",
          "[levers][golden]") {
  const Run r = run("robot-surgery.yaml");
  REQUIRE(r.results.size() == 2);
  compare_golden("robot-surgery.levers.csv", levers_csv(r));
  const auto& adds = *r.results[0].levers;
  const auto& saves = *r.results[1].levers;
  const Eigen::Index last = adds.service_gross.rows() - 1;
  CHECK(adds.levers[0].saved.row(last).sum() == 0.0);
  CHECK(adds.levers[0].added(last, profession_index(r, "physicians")) > 0.0);
  CHECK(r.results[0].indicators.health_care_arsverk.back() > adds.health_care_without.back());
  CHECK(saves.levers[0].saved.row(last).sum() > saves.levers[0].added.row(last).sum());
}

TEST_CASE("with an equipment gap an årsverk saved costs less than a wage, more as the gap closes",
          "[levers][gap]") {
  const Run r = run("equipment-gap.yaml");
  REQUIRE(r.results.size() == 3);
  compare_golden("equipment-gap.levers.csv", levers_csv(r));
  std::ostringstream capital;
  output::write_lever_capital_csv(capital, r.config.base, r.results);
  compare_golden("equipment-gap.capital.csv", capital.str());
  const double wage = r.config.base.equipment.labour_cost_per_arsverk[0];
  const auto average = [&](std::size_t s, int year) {  // NOK per net årsverk saved in the year
    const auto& effect = r.results[s].levers->levers[0];
    const auto i = Eigen::Index(r.results[s].year_index(year));
    return effect.cost_nok[std::size_t(i)] / (effect.saved.row(i).sum() - effect.added.row(i).sum());
  };
  const auto marginal = [&](std::size_t s, int year) {
    return r.results[s].levers->marginal_cost(Eigen::Index(r.results[s].year_index(year)), 0);
  };
  const auto remaining = [&](std::size_t s, int year) {
    return r.results[s].levers->gap_remaining(Eigen::Index(r.results[s].year_index(year)), 0);
  };
  // No gap: the first årsverk saved costs the wage, later ones more; net of the technical staff
  // the equipment buys staff, not money.
  CHECK(marginal(0, 2024) == Approx(wage).epsilon(1e-9));
  for (int year : {2030, 2040, 2060}) {
    CHECK(average(0, year) > wage);
    CHECK(average(1, year) < average(0, year));
    CHECK(average(2, year) < average(1, year));
  }
  // With a gap the marginal årsverk costs less than the wage and more as the gap closes; the
  // average cost per net årsverk with the age-derived gap is below the wage throughout.
  for (std::size_t s : {1u, 2u}) {
    double previous = 0.0, gap = 1.0;
    for (int year = 2024; year <= 2040; ++year) {
      CHECK(marginal(s, year) < wage);
      CHECK(marginal(s, year) >= previous);
      CHECK(remaining(s, year) <= gap);
      previous = marginal(s, year);
      gap = remaining(s, year);
    }
    CHECK(remaining(s, 2040) < remaining(s, 2024));
  }
  for (int year : {2030, 2040, 2060}) CHECK(average(2, year) < wage);
}

TEST_CASE("a sweep with uncertain lever parameters gives their Sobol indices", "[levers][sweep]") {
  config::SweepConfig sweep = config::load_sweep(kSource + "/scenarios/equipment-uncertainty.yaml");
  sweep.settings.draws = 200;
  sweep.settings.sobol_rows = 256;
  sweep.settings.bootstrap = 20;
  const engine::Sweep engine_sweep(sweep.run.base, sweep.run.scenarios, sweep.parameters, sweep.settings);
  const engine::SweepSummary summary =
      engine::summarize(engine_sweep.plan(), engine_sweep.run_all({2, {}}), 2);
  const auto& sobol = summary.scenarios.at(0).sobol;
  const std::size_t parameters = sweep.parameters.size();
  REQUIRE(parameters == 5);
  REQUIRE(sobol.size() == engine_sweep.plan().sensitivity_outputs() * parameters);
  // Output 0 is somatic care (the lever's service) in the first report year, 2040.
  const auto index = [&](std::size_t output, std::size_t parameter) {
    return sobol[output * parameters + parameter];
  };
  const std::size_t somatic_2040 = 0;
  for (std::size_t p = 0; p < parameters; ++p) {
    INFO("parameter " << sweep.info[p].name);
    CHECK(std::isfinite(index(somatic_2040, p).first));
    CHECK(std::isfinite(index(somatic_2040, p).total));
  }
  // The amount invested matters in somatic care; in home care (no lever) equipment does not.
  CHECK(sweep.info[0].name == "lab_investment");
  CHECK(index(somatic_2040, 0).total > 0.001);
  const auto& services = sweep.run.base.services;
  const auto home_care = std::size_t(
      std::find_if(services.begin(), services.end(), [](const auto& s) { return s.id == "home_care"; }) -
      services.begin());
  for (std::size_t p : {0u, 1u, 2u}) CHECK(std::abs(index(home_care, p).total) < 1e-9);
}
