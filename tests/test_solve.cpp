// The inverse question (engine/solve.hpp): answers fed back as scenarios hit their targets.
#include "carecast/engine/solve.hpp"
#include "support/levers_fixture.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace carecast::engine;
using carecast::testing::capital_lever;
using carecast::testing::synthetic_base_with_equipment;
using carecast::testing::synthetic_scenario;
using carecast::testing::technology_lever;
using carecast::testing::with_default_capital;

TEST_CASE("productivity that holds the base-year share: fed back, it hits the target", "[solve]") {
  const BaseData base = synthetic_base_with_equipment(1);
  const ScenarioParameters scenario = synthetic_scenario(base, 0.005);
  for (int year : {2033, 2060}) {
    SolveTarget target;
    target.kind = SolveTargetKind::share;
    target.year = year;
    const SolveOutcome outcome = solve(base, scenario, target, SolveVariable{});
    REQUIRE(outcome.reached);
    CHECK(outcome.target == Approx(0.13).epsilon(1e-12));  // the calibrated base-year share
    // Fed back as a scenario: the share in the target year equals the target within 1e-9 (relative).
    const ScenarioResult check = project_scenario(base, with_variable(scenario, SolveVariable{}, outcome.value));
    CHECK(check.indicators.share_of_all_arsverk[std::size_t(year - 2023)] == Approx(0.13).epsilon(1e-9));
    CHECK(outcome.achieved == Approx(0.13).epsilon(1e-9));
    // Productivity must rise above the scenario's 0.5 % exactly when the share would rise.
    const ScenarioResult plain = project_scenario(base, scenario);
    CHECK((outcome.value > 0.0) == (plain.indicators.share_of_all_arsverk[std::size_t(year - 2023)] > 0.13));
    // The path is the projection at the answer.
    CHECK(outcome.result.indicators.share_of_all_arsverk == check.indicators.share_of_all_arsverk);
  }
}

TEST_CASE("årsverk targets and lever levels are solved too", "[solve]") {
  const BaseData base = synthetic_base_with_equipment(2);
  ScenarioParameters scenario = with_default_capital(synthetic_scenario(base, 0.005), base, 0.8);
  scenario.levers.capital_levers = {capital_lever(0, EquipmentCategory::laboratory_automation, 1e9)};
  scenario.levers.capital_levers[0].name = "lab";
  scenario.levers.technology_levers = {technology_lever(1, 0.5)};
  scenario.levers.technology_levers[0].name = "sensors";
  const ScenarioResult reference = project_scenario(base, scenario);
  const double total_2050 = reference.indicators.health_care_arsverk[std::size_t(2050 - 2023)];

  SolveTarget target{SolveTargetKind::arsverk, 2050, total_2050 - 500.0};
  const SolveOutcome lab = solve(base, scenario, target, SolveVariable{SolveVariableKind::lever, "lab"});
  REQUIRE(lab.reached);
  CHECK(lab.value > 1e9);  // more than the 1 bn NOK a year in the scenario
  const ScenarioResult lab_check = project_scenario(base, with_variable(scenario, {SolveVariableKind::lever, "lab"}, lab.value));
  CHECK(lab_check.indicators.health_care_arsverk[std::size_t(2050 - 2023)] == Approx(total_2050 - 500.0).epsilon(1e-9));

  const SolveOutcome sensors = solve(base, scenario, target, SolveVariable{SolveVariableKind::lever, "sensors"});
  REQUIRE(sensors.reached);
  CHECK(sensors.value > 0.5);
  CHECK(sensors.value <= 1.0);
  CHECK(sensors.achieved == Approx(total_2050 - 500.0).epsilon(1e-9));
}

TEST_CASE("a target out of reach is reported with the closest value", "[solve]") {
  const BaseData base = synthetic_base_with_equipment(3);
  ScenarioParameters scenario = synthetic_scenario(base, 0.005);
  scenario.levers.technology_levers = {technology_lever(1, 0.5)};
  scenario.levers.technology_levers[0].name = "sensors";
  // Halving the sector's årsverk by 2040 with one small technology is impossible.
  const ScenarioResult reference = project_scenario(base, scenario);
  SolveTarget target{SolveTargetKind::arsverk, 2040, 0.5 * reference.indicators.health_care_arsverk[17]};
  const SolveOutcome outcome = solve(base, scenario, target, SolveVariable{SolveVariableKind::lever, "sensors"});
  CHECK_FALSE(outcome.reached);
  CHECK(outcome.value == 1.0);  // full adoption comes closest
  CHECK(outcome.at_upper < outcome.at_lower);
  CHECK(outcome.achieved == Approx(outcome.at_upper));

  CHECK_THROWS_WITH(solve(base, scenario, target, SolveVariable{SolveVariableKind::lever, "robots"}),
                    "scenario 'synthetic' has no lever 'robots' (it has: sensors)");
  SolveTarget early{SolveTargetKind::share, 2023, std::nullopt};
  CHECK_THROWS_WITH(solve(base, scenario, early, SolveVariable{}),
                    "the target year must lie after the base year 2023 and no later than the end year 2060 (got 2023)");
}

TEST_CASE("a lever's productivity equivalent saves the same årsverk without the lever", "[solve][levers]") {
  const BaseData base = synthetic_base_with_equipment(4);
  ScenarioParameters scenario = with_default_capital(synthetic_scenario(base, 0.005), base, 0.5);
  scenario.levers.capital_levers = {capital_lever(0, EquipmentCategory::imaging, 2e9)};
  scenario.levers.technology_levers = {technology_lever(1, 0.7)};
  const ScenarioResult result = project_scenario(base, scenario);
  const auto equivalents = productivity_equivalents(base, scenario, result, 2060);
  REQUIRE(equivalents.size() == 3);
  CHECK(equivalents.back().lever == "total");
  ScenarioParameters without = scenario;
  without.levers = LeverSet{};
  for (const auto& equivalent : equivalents) {
    REQUIRE(std::isfinite(equivalent.all_services));
    CHECK(equivalent.all_services > 0.0);
    ScenarioParameters shifted = without;
    for (double& p : shifted.productivity) p += equivalent.all_services;
    const ScenarioResult check = project_scenario(base, shifted);
    CHECK(result.levers->health_care_without.back() - check.indicators.health_care_arsverk.back() ==
          Approx(equivalent.net_arsverk).epsilon(1e-6));
  }
  // The own-service equivalent of the imaging lever is larger than the sector-wide one.
  CHECK(equivalents[0].own_service > equivalents[0].all_services);
  CHECK(std::isnan(equivalents[2].own_service));  // levers in two services
}
