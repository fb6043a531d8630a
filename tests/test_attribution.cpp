// Growth attribution: exactness, null players, symmetry and agreement with hand-made cases.
#include "carecast/engine/attribution.hpp"
#include "carecast/engine/errors.hpp"
#include "support/levers_fixture.hpp"
#include "support/synthetic.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace carecast::engine;
using carecast::testing::synthetic_base;
using carecast::testing::synthetic_scenario;

namespace {

constexpr std::size_t index(GrowthFactor factor) { return static_cast<std::size_t>(factor); }

double sum_of_contributions(const GrowthAttribution& attribution, int year) {
  double sum = 0.0;
  for (int f = 0; f < kGrowthFactorCount; ++f) sum += attribution.total(GrowthFactor(f), year);
  return sum;
}

}  // namespace

TEST_CASE("contributions add up exactly to the change in årsverk, per service and in total", "[attribution]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    const BaseData base = synthetic_base(seed);
    ScenarioParameters scenario = synthetic_scenario(base, 0.005);
    // Family care falls, so the family-care factor is in play too.
    scenario.family_care = {.mode = FamilyCareMode::spillover,
                            .arsverk = TimePath({{2023, 90000.0}, {2060, 60000.0}}),
                            .spillover_share = 0.5};
    const GrowthAttribution attribution = attribute_growth(base, scenario);
    const ScenarioResult result = project_scenario(base, scenario);

    // The decomposition is of the scenario's own result.
    REQUIRE(attribution.years == result.years);
    CHECK((attribution.service_arsverk - result.service_arsverk).cwiseAbs().maxCoeff() == 0.0);

    for (int year : {2024, 2030, 2045, 2060}) {
      const double change = result.service_arsverk.row(result.year_index(year)).sum() -
                            result.service_arsverk.row(0).sum();
      CHECK(sum_of_contributions(attribution, year) == Approx(change).epsilon(1e-10));
      CHECK(attribution.total_change(year) == Approx(change).epsilon(1e-12));
      for (Eigen::Index j = 0; j < result.service_arsverk.cols(); ++j) {
        double per_service = 0.0;
        for (const auto& matrix : attribution.contribution) per_service += matrix(attribution.year_index(year), j);
        const double service_change = result.service_arsverk(result.year_index(year), j) - result.service_arsverk(0, j);
        CHECK(per_service == Approx(service_change).epsilon(1e-10));
      }
    }
    // Nothing changes in the base year.
    for (const auto& matrix : attribution.contribution) CHECK(matrix.row(0).cwiseAbs().maxCoeff() == 0.0);
  }
}

TEST_CASE("factors at their base-year value contribute exactly nothing", "[attribution]") {
  const BaseData base = synthetic_base(5);
  ScenarioParameters scenario = synthetic_scenario(base, 0.0);
  scenario.standard_growth.assign(base.services.size(), 0.0);
  scenario.healthy_ageing.theta = 0.0;
  const GrowthAttribution attribution = attribute_growth(base, scenario);
  CHECK(attribution.varied[index(GrowthFactor::population_size)]);
  CHECK(attribution.varied[index(GrowthFactor::age_structure)]);
  for (GrowthFactor factor : {GrowthFactor::healthy_ageing, GrowthFactor::standards, GrowthFactor::productivity,
                              GrowthFactor::levers, GrowthFactor::family_care}) {
    CHECK_FALSE(attribution.varied[index(factor)]);
    CHECK(attribution.total(factor, 2060) == 0.0);
  }
  // Only the population is left: size and structure share the whole change.
  const double change = attribution.total_change(2060);
  CHECK(attribution.total(GrowthFactor::population_size, 2060) +
            attribution.total(GrowthFactor::age_structure, 2060) ==
        Approx(change).epsilon(1e-10));
}

TEST_CASE("a pure growth-factor scenario attributes (g - 1) x base årsverk to standards and productivity",
          "[attribution]") {
  // With the population frozen at the base year (external projection = the base year every
  // year), demand is g(t)·A(t0) with g = ((1+s)/(1+p))^(t−t0): the two factors interact, and
  // Shapley splits the interaction equally. For two factors with effects a = (1+s)^n − 1 and
  // b = (1+p)^−n − 1, v = A0(1+a)(1+b): φ_s = A0(a + ab/2), φ_p = A0(b + ab/2).
  BaseData base = synthetic_base(6);
  ScenarioParameters scenario = synthetic_scenario(base, 0.01);
  scenario.standard_growth.assign(base.services.size(), 0.02);
  scenario.healthy_ageing.theta = 0.0;
  const AgeSexArray frozen = base.demography.observed_population.at(2023);
  std::map<int, AgeSexArray> constant;
  for (int year = 2023; year <= 2060; ++year) constant[year] = frozen;
  for (auto& [year, persons] : base.demography.observed_population) persons = frozen;
  scenario.demography.external_population = constant;

  const GrowthAttribution attribution = attribute_growth(base, scenario);
  CHECK_FALSE(attribution.varied[index(GrowthFactor::population_size)]);
  CHECK_FALSE(attribution.varied[index(GrowthFactor::age_structure)]);
  const double a0 = 90000.0 + 150000.0;
  const double n = 2060 - 2023;
  const double a = std::pow(1.02, n) - 1.0;
  const double b = std::pow(1.01, -n) - 1.0;
  CHECK(attribution.total(GrowthFactor::standards, 2060) == Approx(a0 * (a + a * b / 2.0)).epsilon(1e-10));
  CHECK(attribution.total(GrowthFactor::productivity, 2060) == Approx(a0 * (b + a * b / 2.0)).epsilon(1e-10));
}

TEST_CASE("productivity growth saves årsverk and standards growth adds them", "[attribution]") {
  const BaseData base = synthetic_base(7);
  const GrowthAttribution attribution = attribute_growth(base, synthetic_scenario(base, 0.02));
  CHECK(attribution.total(GrowthFactor::productivity, 2060) < 0.0);
  CHECK(attribution.total(GrowthFactor::standards, 2060) > 0.0);
  // The synthetic population ages (long-term care is used mostly by the old) and life
  // expectancy rises, so age structure adds årsverk and healthy ageing saves some.
  CHECK(attribution.total(GrowthFactor::age_structure, 2060) > 0.0);
  CHECK(attribution.total(GrowthFactor::healthy_ageing, 2060) < 0.0);
}

TEST_CASE("a combination of factors beyond the economy does not stop the attribution", "[attribution]") {
  // Standards +10 %/yr offset by productivity +10 %/yr: the scenario fits in its economy, but
  // the combination with standards alone needs more than all its årsverk. The report stopped
  // with exit 3 on such a scenario, which validate and run accept.
  const BaseData base = synthetic_base(11);
  ScenarioParameters scenario = synthetic_scenario(base, 0.10);
  scenario.standard_growth.assign(base.services.size(), 0.10);
  ScenarioParameters standards_alone = scenario;
  standards_alone.productivity.assign(base.services.size(), 0.0);
  REQUIRE_THROWS_AS(project_scenario(base, standards_alone), DomainError);

  const ScenarioResult result = project_scenario(base, scenario);
  const GrowthAttribution attribution = attribute_growth(base, scenario);
  const double change = result.service_arsverk.row(result.year_index(2060)).sum() - result.service_arsverk.row(0).sum();
  CHECK(sum_of_contributions(attribution, 2060) == Approx(change).epsilon(1e-10));
  CHECK(attribution.total(GrowthFactor::standards, 2060) > 0.0);
  CHECK(attribution.total(GrowthFactor::productivity, 2060) < 0.0);
}

TEST_CASE("the attribution of several scenarios keeps their order", "[attribution]") {
  const BaseData base = synthetic_base(8);
  std::vector<ScenarioParameters> scenarios{synthetic_scenario(base, 0.0), synthetic_scenario(base, 0.02)};
  scenarios[0].name = "zero";
  scenarios[1].name = "two";
  const auto attributions = attribute_growth(base, scenarios);
  REQUIRE(attributions.size() == 2);
  CHECK(attributions[0].scenario == "zero");
  CHECK(attributions[1].scenario == "two");
  CHECK_FALSE(attributions[0].varied[index(GrowthFactor::productivity)]);
  CHECK(attributions[1].total(GrowthFactor::productivity, 2060) < 0.0);
}

TEST_CASE("levers are a factor of their own and the decomposition stays exact", "[attribution][levers]") {
  const BaseData base = carecast::testing::synthetic_base_with_equipment(9);
  ScenarioParameters scenario = carecast::testing::with_default_capital(synthetic_scenario(base, 0.005), base);
  scenario.levers.capital_levers.push_back(
      carecast::testing::capital_lever(0, EquipmentCategory::imaging, 2.0e9));
  scenario.levers.technology_levers.push_back(carecast::testing::technology_lever(1, 0.8));
  const GrowthAttribution attribution = attribute_growth(base, scenario);
  const ScenarioResult result = project_scenario(base, scenario);
  REQUIRE(result.levers.has_value());
  CHECK(attribution.varied[index(GrowthFactor::levers)]);
  // The levers save årsverk on balance (technical staff included).
  CHECK(attribution.total(GrowthFactor::levers, 2060) < 0.0);
  for (int year : {2030, 2060}) {
    const double change = result.service_arsverk.row(result.year_index(year)).sum() - result.service_arsverk.row(0).sum();
    CHECK(sum_of_contributions(attribution, year) == Approx(change).epsilon(1e-10));
  }
  // Switched off alone (every other factor at its scenario value), the levers' effect is the
  // difference the lever module reports against the same scenario without them; the Shapley
  // value averages that over the other factors' settings, so it has the same sign and order.
  const double without = result.levers->service_without.row(result.year_index(2060)).sum();
  const double with = result.service_arsverk.row(result.year_index(2060)).sum();
  const double marginal = with - without;
  CHECK(attribution.total(GrowthFactor::levers, 2060) / marginal > 0.3);
  CHECK(attribution.total(GrowthFactor::levers, 2060) / marginal < 1.0 + 1e-12);
}
