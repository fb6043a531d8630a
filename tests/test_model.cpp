#include "carecast/engine/model.hpp"
#include "carecast/engine/errors.hpp"
#include "support/synthetic.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace carecast::engine;
using carecast::testing::synthetic_base;
using carecast::testing::synthetic_scenario;

TEST_CASE("base-year demand equals the observed årsverk of each service", "[model]") {
  const BaseData base = synthetic_base(1);
  const ScenarioResult result = project_scenario(base, synthetic_scenario(base, 0.005));
  REQUIRE(result.years.front() == 2023);
  REQUIRE(result.years.back() == 2060);
  CHECK(result.service_arsverk(0, 0) == Approx(90000.0).epsilon(1e-12));
  CHECK(result.service_arsverk(0, 1) == Approx(150000.0).epsilon(1e-12));
  // The economy's årsverk are calibrated so the base-year share equals the anchor.
  CHECK(result.indicators.share_of_all_arsverk.front() == Approx(0.13).epsilon(1e-12));
}

TEST_CASE("with s = p, no healthy ageing and no levers, årsverk per inhabitant stay constant",
          "[model][invariant]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    const BaseData base = synthetic_base(seed);
    ScenarioParameters scenario = synthetic_scenario(base, 0.013);
    scenario.standard_growth.assign(base.services.size(), 0.013);
    scenario.healthy_ageing.theta = 0.0;
    const auto shared = std::make_shared<const PopulationPath>(
        project_population(base.demography, scenario.demography, 2023, 2060));
    const PopulationPath& population = *shared;
    const ScenarioResult result = project_scenario(base, scenario, shared);
    for (std::size_t j = 0; j < base.services.size(); ++j) {
      // r_j calibrated here from the profile: base årsverk / Σ N(t0)·profile per unit of profile.
      const AgeSexArray& profile = base.services[j].use_profile;
      const AgeSexArray rates = profile * (base.services[j].base_arsverk / (population.in(2023) * profile).sum());
      for (int year : {2024, 2040, 2060}) {
        const double constant_rates = (population.in(year) * rates).sum();
        CHECK(result.service_arsverk(year - 2023, Eigen::Index(j)) == Approx(constant_rates).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("scenarios that differ only in productivity relate exactly by the growth factor",
          "[model][invariant]") {
  const BaseData base = synthetic_base(4);
  const double p_ref = 0.005;
  std::vector<ScenarioParameters> scenarios;
  for (double p : {0.0, 0.005, 0.01, 0.02}) {
    scenarios.push_back(synthetic_scenario(base, p));
    scenarios.back().name = std::to_string(p);  // (GCC 12 warns falsely on "p" + string)
  }
  const auto results = project_scenarios(base, scenarios);
  REQUIRE(results.size() == 4);
  for (const auto& result : results) {
    const double p = scenarios[std::size_t(&result - results.data())].productivity[0];
    for (std::size_t i = 0; i < result.years.size(); ++i) {
      const double factor = std::pow((1.0 + p_ref) / (1.0 + p), double(result.years[i] - 2023));
      CHECK(result.service_arsverk.row(Eigen::Index(i)).sum() ==
            Approx(results[1].service_arsverk.row(Eigen::Index(i)).sum() * factor).epsilon(1e-12));
    }
  }
  // Higher productivity growth means fewer årsverk in 2060.
  CHECK(results[0].service_arsverk.row(37).sum() > results[3].service_arsverk.row(37).sum());
}

TEST_CASE("healthy ageing lowers demand when life expectancy rises", "[model]") {
  const BaseData base = synthetic_base(2);
  ScenarioParameters without = synthetic_scenario(base, 0.005), with = without;
  without.healthy_ageing.theta = 0.0;
  with.healthy_ageing.theta = 1.0;
  const auto a = project_scenario(base, without), b = project_scenario(base, with);
  CHECK(a.service_arsverk(0, 1) == Approx(b.service_arsverk(0, 1)));
  CHECK(b.service_arsverk(37, 1) < a.service_arsverk(37, 1));
  // The old-age-heavy care service gains more from healthy ageing than the hospital.
  CHECK(b.service_arsverk(37, 1) / a.service_arsverk(37, 1) < b.service_arsverk(37, 0) / a.service_arsverk(37, 0));
}

TEST_CASE("a fall in family care is partly taken over by long-term care", "[model]") {
  const BaseData base = synthetic_base(3);
  ScenarioParameters constant = synthetic_scenario(base, 0.005), falling = constant;
  falling.family_care.arsverk = TimePath({{2023, 90000.0}, {2043, 70000.0}});
  falling.family_care.spillover_share = 0.4;
  const auto a = project_scenario(base, constant), b = project_scenario(base, falling);
  // 2043: shortfall 20 000 årsverk, 40 % of it moves to the only long-term-care service.
  CHECK(b.service_arsverk(20, 1) - a.service_arsverk(20, 1) == Approx(8000.0).epsilon(1e-9));
  CHECK(b.service_arsverk(20, 0) == Approx(a.service_arsverk(20, 0)).epsilon(1e-12));
  CHECK(b.indicators.family_care_arsverk[20] == Approx(70000.0));
}

TEST_CASE("profession totals add up to service totals and nothing is negative", "[model][invariant]") {
  const BaseData base = synthetic_base(5);
  const auto result = project_scenario(base, synthetic_scenario(base, 0.02));
  for (Eigen::Index i = 0; i < result.service_arsverk.rows(); ++i) {
    CHECK(result.profession_arsverk.row(i).sum() == Approx(result.service_arsverk.row(i).sum()).epsilon(1e-12));
  }
  CHECK((result.service_arsverk.array() >= 0.0).all());
  CHECK((result.profession_arsverk.array() >= 0.0).all());
  for (double share : result.indicators.share_of_all_arsverk) CHECK((share > 0.0 && share < 1.0));
}

TEST_CASE("demand is linear in the use rates", "[model][invariant]") {
  BaseData base = synthetic_base(6);
  const auto a = project_scenario(base, synthetic_scenario(base, 0.005));
  for (auto& service : base.services) service.base_arsverk *= 3.0;
  const auto b = project_scenario(base, synthetic_scenario(base, 0.005));
  CHECK(((b.service_arsverk - 3.0 * a.service_arsverk).array().abs() <= 1e-9 * b.service_arsverk.array().abs()).all());
}

TEST_CASE("shared populations give the same result as separate projections", "[model]") {
  const BaseData base = synthetic_base(8);
  std::vector<ScenarioParameters> scenarios{synthetic_scenario(base, 0.0), synthetic_scenario(base, 0.01)};
  scenarios[1].demography.net_migration = TimePath::constant(50000.0);
  const auto together = project_scenarios(base, scenarios);
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto alone = project_scenario(base, scenarios[i]);
    CHECK((alone.service_arsverk.array() == together[i].service_arsverk.array()).all());
  }
}

// Data that the file formats allow but the model cannot normalise or anchor: typed data
// errors naming the data role (the CLI names its file, exit 4), never an internal error.
TEST_CASE("data the shapes or the anchor cannot use are DomainErrors naming the data", "[model][errors]") {
  const auto data_error = [](const BaseData& base) -> std::string {
    try {
      (void)project_scenario(base, synthetic_scenario(base, 0.005));
    } catch (const DomainError& error) {
      CHECK(error.kind() == DomainError::Kind::data);
      return error.key();
    }
    return "no error";
  };
  const BaseData reference = synthetic_base(3);
  {
    BaseData base = reference;  // net migration only at age 0: no cell to take emigrants from
    base.demography.migration_profile.setZero();
    base.demography.migration_profile(0, 0) = 1000.0;
    CHECK(data_error(base) == "migration");
  }
  {
    BaseData base = reference;  // a profile whose ages cancel out
    base.demography.migration_profile.setZero();
    base.demography.migration_profile(20, 0) = 500.0;
    base.demography.migration_profile(30, 1) = -500.0;
    CHECK(data_error(base) == "migration");
  }
  {
    BaseData base = reference;  // no births at any age
    base.demography.fertility_schedule.setZero();
    CHECK(data_error(base) == "fertility");
  }
  {
    BaseData base = reference;  // nobody employed in the anchor (base) year
    base.employment_rate.setZero();
    CHECK(data_error(base) == "employment_rates");
  }
  CHECK(data_error(reference) == "no error");
}
