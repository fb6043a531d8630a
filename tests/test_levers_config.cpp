// Configuration of equipment levers (config/src/levers_config.cpp): exact located messages
// for inconsistent levers, the data files, and lever values set by key path.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/model.hpp"

using namespace carecast;

namespace {

const std::string kFixtures = std::string(CARECAST_TEST_DATA_DIR) + "/fixtures/levers/";
const std::string kSource = CARECAST_SOURCE_DIR;

std::vector<std::string> problems_of(const std::string& file, const std::vector<config::Override>& overrides = {}) {
  try {
    config::load_run(file, overrides);
  } catch (const config::ConfigError& error) {
    std::vector<std::string> lines;
    for (const auto& problem : error.problems()) lines.push_back(problem.format());
    return lines;
  }
  return {};
}

}  // namespace

TEST_CASE("inconsistent levers give located errors", "[levers][config]") {
  const std::string f = kFixtures + "inconsistent.yaml";
  const std::vector<std::string> expected{
      f + ":6:33: parameters.levers.capital.lifetime_years.imaging = 0 — must be in [1, 100]",
      f + ":9:18: parameters.levers.investments.lab.service = somatic — unknown service (did you mean "
          "'somatic_specialist'?)",
      f + ":12:21: parameters.levers.investments.lab.start_year = 2041 — must not be after end_year 2040",
      f + ":22:18: parameters.levers.technologies.sensors.ceiling = 1.2 — must be in [0, 1]",
      f + ":29:30: parameters.levers.technologies.sensors.unit_lifetime_years = -3 — must be > 0",
  };
  CHECK(problems_of(f) == expected);
}

TEST_CASE("lever keys, names and profession maps are checked", "[levers][config]") {
  const std::string f = kFixtures + "details.yaml";
  const std::vector<std::string> expected{
      f + ":7:9: parameters.levers.investments.lab.ramp_years — required",
      f + ":8:19: parameters.levers.investments.lab.category = lab — must be one of imaging, laboratory_automation, "
          "remote_monitoring, surgical_robotics, ict (did you mean 'laboratory_automation'?)",
      f + ":12:9: parameters.levers.investments.lab.ramp_year = 1 — unknown key (did you mean 'ramp_years'?)",
      f + ":14:28: parameters.levers.investments.lab.staff_per_bn_nok.engineers = 40 — unknown profession (did you "
          "mean 'bioengineers'?)",
      f + ":24:7: parameters.levers.investments.total — 'total' is reserved for the sum over levers (choose another "
          "name)",
      f + ":27:9: parameters.levers.technologies.sensors.unit_lifetime_years — required when unit_investment_nok is "
          "given",
      f + ":34:28: parameters.levers.technologies.sensors.saved_professions = {nurses: 0.8, health_care_workers: "
          "0.1} — shares must sum to 1 (they sum to 0.9)",
      f + ":38:55: parameters.levers.technologies.sensors.staff_per_unit.medical_technical_engineers = -1 — must be "
          "≥ 0",
      f + ":39:7: parameters.levers.technologies.lab — duplicate lever name (first at line 6)",
      f + ":48:37: parameters.levers.technologies.lifts.saved_professions.nurses = 1 — touched_share × share = 0.5 "
          "exceeds the share of nurses in nursing_homes (0.3)",
  };
  CHECK(problems_of(f) == expected);
}

TEST_CASE("lever values from --set are checked and located", "[levers][config]") {
  const std::string file = kSource + "/scenarios/equipment-investment.yaml";
  CHECK(problems_of(file, {{"parameters.levers.capital.sigma", "0", "*"}}) ==
        std::vector<std::string>{"--set #1: parameters.levers.capital.sigma = 0 — must be in (0, 10]"});
  CHECK(problems_of(file, {{"parameters.levers.investments.lab_automation.end_year", "2026"}}) ==
        std::vector<std::string>{
            file + ":28:21: parameters.levers.investments.lab_automation.start_year = 2027 — must not be after "
                   "end_year 2026"});
}

TEST_CASE("the Norwegian equipment data and lever parameters reach the engine", "[levers][config]") {
  const config::RunConfig run = config::load_run(kSource + "/scenarios/equipment-investment.yaml");
  const engine::BaseData& base = run.base;
  REQUIRE_FALSE(base.equipment.empty());
  // 1.8 bn × 0.97 × 0.15 in somatic laboratory automation; 116 bn / 134 784 per årsverk.
  CHECK(base.equipment.base_investment(0, int(engine::EquipmentCategory::laboratory_automation)) ==
        Approx(261.9e6));
  CHECK(base.equipment.base_investment.sum() == Approx(1.8e9 + 1.9e9 + 0.706842e9 + 0.863918e9 + 0.13974e9 +
                                                       0.061585e9 + 0.017312e9).epsilon(1e-9));
  CHECK(base.equipment.labour_cost_per_arsverk[0] == Approx(116e9 / 134784).epsilon(1e-6));
  REQUIRE(run.scenarios.size() == 3);
  const engine::LeverSet& levers = run.scenarios[0].levers;
  REQUIRE(levers.capital_levers.size() == 2);
  CHECK(levers.capital_levers[0].name == "lab_automation");
  CHECK(levers.capital_levers[0].amount_nok == 1e9);
  CHECK(levers.capital_levers[0].category == engine::EquipmentCategory::laboratory_automation);
  CHECK(levers.capital_levers[0].start_year == 2027);
  CHECK(levers.capital_levers[0].lag_years == 1);
  CHECK(levers.capital.sigma == std::vector<double>(base.services.size(), 0.5));
  CHECK(levers.capital.real_interest_rate == Approx(0.04));
  CHECK(levers.capital.lifetime_years[std::size_t(engine::EquipmentCategory::remote_monitoring)] == 6.0);
  CHECK(run.scenarios[1].levers.capital.sigma.front() == 0.25);
  CHECK(run.scenarios[2].levers.capital.sigma.front() == 1.0);
  // Engineers by profession index.
  const auto k = std::size_t(std::find(base.professions.begin(), base.professions.end(), "bioengineers") -
                             base.professions.begin());
  CHECK(levers.capital_levers[0].staff_per_bn_nok.at(k) == 10.0);
  // The equipment files are listed among the sources.
  const auto listed = [&](const std::string& role) {
    return std::any_of(run.sources.begin(), run.sources.end(), [&](const auto& s) { return s.role == role; });
  };
  CHECK(listed("equipment_investment"));
  CHECK(listed("labour_cost"));
}

TEST_CASE("zero investment set by key path gives the results without levers, bit for bit", "[levers][config]") {
  const std::string file = kSource + "/scenarios/equipment-investment.yaml";
  const config::RunConfig zero =
      config::load_run(file, {{"parameters.levers.investments.lab_automation.amount_mnok", "0"},
                              {"parameters.levers.investments.remote_monitoring.amount_mnok", "0"}});
  const config::RunConfig plain = config::load_run(kSource + "/scenarios/productivity.yaml",
                                                   {{"parameters.productivity_pct", "0.5", "*"}});
  const engine::ScenarioResult a = engine::project_scenario(zero.base, zero.scenarios[0]);
  const engine::ScenarioResult b = engine::project_scenario(plain.base, plain.scenarios[0]);
  REQUIRE(a.levers);
  CHECK((a.service_arsverk.array() == b.service_arsverk.array()).all());
  CHECK((a.profession_arsverk.array() == b.profession_arsverk.array()).all());
  CHECK(a.indicators.share_of_all_arsverk == b.indicators.share_of_all_arsverk);
}

TEST_CASE("sweeps find the capital-model parameters by key path", "[levers][config]") {
  const config::RunConfig run = config::load_run(kSource + "/scenarios/equipment-investment.yaml");
  const auto parameters = config::scalar_parameters(run.base);
  engine::ScenarioParameters scenario = run.scenarios[0];
  config::find_scalar_parameter(parameters, "parameters.levers.capital.sigma", "test").set(scenario, 0.8);
  CHECK(scenario.levers.capital.sigma == std::vector<double>(run.base.services.size(), 0.8));
  config::find_scalar_parameter(parameters, "parameters.levers.capital.services.nursing_homes.sigma", "test")
      .set(scenario, 0.3);
  CHECK(scenario.levers.capital.sigma[2] == 0.3);
  config::find_scalar_parameter(parameters, "parameters.levers.capital.real_interest_rate_pct", "test")
      .set(scenario, 3.0);
  CHECK(scenario.levers.capital.real_interest_rate == Approx(0.03));
  config::find_scalar_parameter(parameters, "parameters.levers.capital.lifetime_years.ict", "test").set(scenario, 4.0);
  CHECK(scenario.levers.capital.lifetime_years[4] == 4.0);
  config::find_scalar_parameter(parameters, "parameters.levers.capital.gap", "test").set(scenario, 0.3);
  CHECK(scenario.levers.capital.gap == std::vector<double>(run.base.services.size(), 0.3));
  config::find_scalar_parameter(parameters, "parameters.levers.capital.services.somatic_specialist.gap",
                                "test")
      .set(scenario, 0.1);
  CHECK(scenario.levers.capital.gap[0] == 0.1);
}

TEST_CASE("task-targeted levers and the equipment gap are checked", "[levers][config][targeting]") {
  const std::string f = kFixtures + "targeted.yaml";
  const std::vector<std::string> expected{
      f + ":5:20: parameters.levers.capital.gap = 1 — must be in [0, 1)",
      f + ":9:21: parameters.levers.technologies.lab.profession = bioengineers — bioengineers has no årsverk "
          "in "
          "home_care (staffing_mix.csv)",
      f + ":21:21: parameters.levers.technologies.ai.profession = radiologists — unknown profession (known: "
          "nurses, "
          "health_care_workers, physicians, bioengineers, medical_technical_engineers, dentists, dental_hygienists, "
          "dental_assistants, other)",
      f + ":23:9: parameters.levers.technologies.ai.touched_share — not allowed with profession (a "
          "task-targeted "
          "lever saves only that profession's task_share)",
      f + ":31:25: parameters.levers.technologies.ai.realised_share = 1.5 — must be in [0, 1]",
      f + ":34:9: parameters.levers.technologies.dispensers.touched_share — required (or profession and "
          "task_share)",
      f + ":35:21: parameters.levers.technologies.dispensers.task_share = 0.2 — only used with profession",
      f + ":42:29: parameters.levers.technologies.dispensers.saving_per_adopter = -2 — must be in [-1, 1]",
  };
  CHECK(problems_of(f) == expected);
}

TEST_CASE("the shipped case scenarios load and target the right profession", "[levers][config][targeting]") {
  const config::RunConfig lab = config::load_run(kSource + "/scenarios/lab-automation.yaml");
  const auto profession = [&](const config::RunConfig& run, const std::string& id) {
    return std::size_t(std::find(run.base.professions.begin(), run.base.professions.end(), id) -
                       run.base.professions.begin());
  };
  REQUIRE(lab.scenarios[0].levers.technology_levers.size() == 1);
  const engine::TechnologyLever& lever = lab.scenarios[0].levers.technology_levers[0];
  CHECK(lever.target_profession == profession(lab, "bioengineers"));
  CHECK(lever.task_share == 0.45);
  CHECK(lever.realised_share == 0.7);
  const config::RunConfig ai = config::load_run(kSource + "/scenarios/ai-breast-screening.yaml");
  REQUIRE(ai.scenarios.size() == 2);
  CHECK(ai.scenarios[0].levers.technology_levers[0].target_profession == profession(ai, "physicians"));
  CHECK(ai.scenarios[1].levers.technology_levers[0].saving_per_adopter == 0.44);
  const config::RunConfig gap = config::load_run(kSource + "/scenarios/equipment-gap.yaml");
  REQUIRE(gap.scenarios.size() == 3);
  CHECK(gap.scenarios[0].levers.capital.gap == std::vector<double>(gap.base.services.size(), 0.0));
  CHECK(gap.scenarios[2].levers.capital.gap == std::vector<double>(gap.base.services.size(), 0.375));
  // The gap from age: none when the equipment is younger on average than half its lifetime; a
  // per-service gap still overrides it.
  const config::RunConfig young =
      config::load_run(kSource + "/scenarios/equipment-gap.yaml",
                       {{"parameters.levers.capital.gap_from_age.average_age_years", "4", "gap-0.375"},
                        {"parameters.levers.capital.services.home_care.gap", "0.1", "gap-0.375"}});
  std::vector<double> expected(young.base.services.size(), 0.0);
  expected[3] = 0.1;  // home_care, the fourth service of services.csv
  REQUIRE(young.base.services[3].id == "home_care");
  CHECK(young.scenarios[2].levers.capital.gap == expected);
}

TEST_CASE("sweeps draw the per-lever numbers by key path", "[levers][config][sweep]") {
  const config::SweepConfig sweep = config::load_sweep(kSource + "/scenarios/equipment-uncertainty.yaml");
  REQUIRE(sweep.parameters.size() == 5);
  engine::ScenarioParameters drawn = sweep.run.scenarios.at(0);
  sweep.parameters[0].apply(drawn, 0, 2500.0);  // lab_investment, MNOK a year
  CHECK(drawn.levers.capital_levers.at(0).amount_nok == 2500e6);
  sweep.parameters[2].apply(drawn, 0, 0.25);  // equipment_gap
  CHECK(drawn.levers.capital.gap == std::vector<double>(sweep.run.base.services.size(), 0.25));

  const config::SweepConfig technology = config::load_sweep(kFixtures + "sweep-technology.yaml");
  REQUIRE(technology.parameters.size() == 3);
  engine::ScenarioParameters lab = technology.run.scenarios.at(0);
  technology.parameters[0].apply(lab, 0, 0.55);
  technology.parameters[1].apply(lab, 0, 0.45);
  technology.parameters[2].apply(lab, 0, 0.35);
  const engine::TechnologyLever& lever = lab.levers.technology_levers.at(0);
  CHECK(lever.ceiling == 0.55);
  CHECK(lever.realised_share == 0.45);
  CHECK(lever.task_share == 0.35);
}
