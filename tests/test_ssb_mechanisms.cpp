// Invariants of the mechanisms that bring carecast to where Statistics Norway lands (issue 10):
// family care as part of the total need, healthy ageing by the mortality ratio, public dental
// care as a service area, and the denominator anchored in its own year.
#include "carecast/config/run_config.hpp"
#include "carecast/engine/backtest.hpp"
#include "carecast/engine/model.hpp"
#include "support/synthetic.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

using namespace carecast;
using namespace carecast::engine;
using carecast::testing::synthetic_base;
using carecast::testing::synthetic_scenario;

namespace {

std::string source(const std::string& path) { return std::string(CARECAST_SOURCE_DIR) + "/" + path; }

ScenarioParameters ssb_style(const BaseData& base) {
  ScenarioParameters scenario = synthetic_scenario(base, 0.005);
  scenario.healthy_ageing = {.method = HealthyAgeingMethod::mortality_ratio, .elasticity = 0.6, .threshold_age = 55};
  scenario.family_care = {.mode = FamilyCareMode::total_need, .arsverk = TimePath::constant(90000.0)};
  return scenario;
}

}  // namespace

TEST_CASE("constant family care with a growing need raises public demand by the family's share of the growth",
          "[model][family-care]") {
  const BaseData base = synthetic_base(4);
  const ScenarioParameters total_need = ssb_style(base);
  ScenarioParameters spillover = total_need;
  spillover.family_care.mode = FamilyCareMode::spillover;  // a constant path: no effect at all
  spillover.family_care.spillover_share = 1.0;
  const auto population =
      std::make_shared<const PopulationPath>(project_population(base.demography, total_need.demography, 2023, 2060));
  const ScenarioResult with = project_scenario(base, total_need, population);
  const ScenarioResult without = project_scenario(base, spillover, population);
  const Eigen::Index care = 1, hospital = 0;  // synthetic_base: service 1 is long-term care
  CHECK(with.service_arsverk(0, care) == Approx(150000.0).epsilon(1e-12));
  for (int i = 1; i < int(with.years.size()); ++i) {
    // Without family care in the model the public service grows with its need X(t) alone:
    // public(t) = g(t)·F(t). With it: g(t)·(F(t) + π·FC0·(X(t) − 1)), π = 1 (one LTC service).
    const double g = std::pow(1.01 / 1.005, i);
    const double need_growth = without.service_arsverk(i, care) / (g * 150000.0);
    const double expected = without.service_arsverk(i, care) + g * 90000.0 * (need_growth - 1.0);
    CHECK(with.service_arsverk(i, care) == Approx(expected).epsilon(1e-12));
    if (need_growth > 1.0) CHECK(with.service_arsverk(i, care) > without.service_arsverk(i, care));
    // Services that family care does not substitute for are untouched.
    CHECK(with.service_arsverk(i, hospital) == without.service_arsverk(i, hospital));
  }
  CHECK(with.service_arsverk(37, care) / without.service_arsverk(37, care) > 1.1);
}

TEST_CASE("family care that falls below its base-year level adds its fall to public demand, year by year",
          "[model][family-care]") {
  const BaseData base = synthetic_base(5);
  ScenarioParameters constant = ssb_style(base);
  ScenarioParameters falling = constant;
  falling.family_care.arsverk = TimePath({{2023, 90000.0}, {2060, 45000.0}});
  const ScenarioResult a = project_scenario(base, constant);
  const ScenarioResult b = project_scenario(base, falling);
  for (int i = 1; i < int(a.years.size()); ++i) {
    const double g = std::pow(1.01 / 1.005, i);
    const double fall = 90000.0 - falling.family_care.arsverk.at(2023 + i);
    CHECK(b.service_arsverk(i, 1) == Approx(a.service_arsverk(i, 1) + g * fall).epsilon(1e-12));
  }
}

TEST_CASE("the healthy-ageing factor is 1 without a fall in mortality and never above 1", "[model][healthy-ageing]") {
  const BaseData base = synthetic_base(6);
  ScenarioParameters scenario = ssb_style(base);
  ScenarioParameters none = scenario;
  none.healthy_ageing.elasticity = 0.0;
  SECTION("constant death rates: exactly the run without healthy ageing") {
    for (ScenarioParameters* s : {&scenario, &none}) {
      s->demography.mortality_mode = MortalityMode::improvement_rate;
      s->demography.mortality_improvement = 0.0;
    }
    const ScenarioResult a = project_scenario(base, scenario), b = project_scenario(base, none);
    CHECK((a.service_arsverk.array() == b.service_arsverk.array()).all());
  }
  SECTION("falling death rates lower demand at every elasticity, more with a higher one") {
    const ScenarioResult reference = project_scenario(base, none);
    double previous_total = reference.indicators.health_care_arsverk.back();
    for (double elasticity : {0.3, 0.6, 1.2}) {
      scenario.healthy_ageing.elasticity = elasticity;
      const ScenarioResult result = project_scenario(base, scenario);
      for (int i = 0; i < int(result.years.size()); ++i) {
        CHECK(result.service_arsverk(i, 0) <= reference.service_arsverk(i, 0));
      }
      CHECK(result.indicators.health_care_arsverk.back() < previous_total);
      previous_total = result.indicators.health_care_arsverk.back();
    }
  }
  SECTION("rising death rates never raise demand") {
    for (ScenarioParameters* s : {&scenario, &none}) {
      s->demography.mortality_mode = MortalityMode::improvement_rate;
      s->demography.mortality_improvement = -0.01;  // death rates rise 1 %/yr
    }
    const ScenarioResult a = project_scenario(base, scenario), b = project_scenario(base, none);
    CHECK((a.service_arsverk.array() == b.service_arsverk.array()).all());
  }
  SECTION("the factor matches (q(t)/q(t0))^η for one age, read through a one-age service") {
    BaseData one_age = base;
    for (ServiceArea& service : one_age.services) {
      service.use_profile.setZero();
      service.use_profile(80, 0) = 1.0;  // women aged 80 only
    }
    scenario.demography.mortality_mode = MortalityMode::improvement_rate;
    scenario.demography.mortality_improvement = 0.015;
    none.demography = scenario.demography;
    const ScenarioResult a = project_scenario(one_age, scenario), b = project_scenario(one_age, none);
    const PopulationPath path = project_population(one_age.demography, scenario.demography, 2023, 2060);
    const double q0 = -std::expm1(-path.mortality.mx_in(2023)(80, 0));
    const double q = -std::expm1(-path.mortality.mx_in(2060)(80, 0));
    CHECK(a.service_arsverk(37, 0) / b.service_arsverk(37, 0) == Approx(std::pow(q / q0, 0.6)).epsilon(1e-12));
    CHECK(std::pow(q / q0, 0.6) < 0.9);
  }
}

TEST_CASE("Norway: public dental care's profile sums to its base årsverk and is staffed by dental professions",
          "[model][scope]") {
  const config::RunConfig run = config::load_run(source("scenarios/productivity.yaml"));
  const BaseData& base = run.base;
  const auto dental = std::find_if(base.services.begin(), base.services.end(),
                                   [](const ServiceArea& service) { return service.id == "public_dental"; });
  REQUIRE(dental != base.services.end());
  const auto j = Eigen::Index(dental - base.services.begin());
  CHECK(dental->base_arsverk == 3462.4);
  const ScenarioResult result = project_scenario(base, run.scenarios.at(1));
  // Σ_g Σ_a N(g,a,2023)·r(g,a) = the base årsverk: the calibration of the profile.
  CHECK(result.service_arsverk(0, j) == Approx(3462.4).epsilon(1e-12));
  // Children and young people 3-18 are the largest priority group: most of the base-year use.
  const AgeSexArray& profile = dental->use_profile;
  const AgeSexArray& persons = result.population->in(2023);
  const double all = (persons * profile).sum();
  const double young = (persons.middleRows(3, 16) * profile.middleRows(3, 16)).sum();
  CHECK(young / all > 0.6);
  CHECK(young / all < 0.75);
  double dental_staff = 0.0;
  for (std::size_t k = 0; k < base.professions.size(); ++k) {
    const std::string& profession = base.professions[k];
    if (profession == "dentists" || profession == "dental_hygienists" || profession == "dental_assistants") {
      dental_staff += base.staffing_mix(j, Eigen::Index(k));
      for (Eigen::Index other = 0; other < base.staffing_mix.rows(); ++other) {
        if (other != j) CHECK(base.staffing_mix(other, Eigen::Index(k)) == 0.0);
      }
    }
  }
  CHECK(dental_staff == Approx(0.928395).epsilon(1e-9));
}

TEST_CASE("Norway: the share of all årsverk is anchored in 2019 and the base-year share follows", "[model][economy]") {
  const config::RunConfig run = config::load_run(source("scenarios/productivity.yaml"));
  CHECK(run.base.share_anchor_year == 2019);
  const ScenarioResult result = project_scenario(run.base, run.scenarios.at(1));
  const double share_2023 = result.indicators.share_of_all_arsverk.front();
  CHECK(share_2023 != Approx(0.13).epsilon(1e-3));
  CHECK(share_2023 > 0.125);
  CHECK(share_2023 < 0.14);
  // Raising employment at 62-74 raises the denominator and so lowers the share.
  ScenarioParameters reform = run.scenarios.at(1);
  reform.employment_62_74_pp = TimePath({{2023, 0.0}, {2040, 10.0}});
  const ScenarioResult more = project_scenario(run.base, reform);
  CHECK(more.indicators.total_arsverk_economy.front() == result.indicators.total_arsverk_economy.front());
  CHECK(more.indicators.total_arsverk_economy.back() > result.indicators.total_arsverk_economy.back());
  CHECK(more.indicators.share_of_all_arsverk.back() < result.indicators.share_of_all_arsverk.back());
  CHECK(more.indicators.health_care_arsverk.back() == result.indicators.health_care_arsverk.back());
}

TEST_CASE("backtest: a series is projected by the growth of its service areas from its observed base level",
          "[backtest]") {
  const BaseData base = synthetic_base(7);
  const ScenarioResult result = project_scenario(base, synthetic_scenario(base, 0.005));
  const std::vector<ObservedArsverk> observed = {
      {"care", {1}, 2023, 140000.0, "a"}, {"care", {1}, 2025, 150000.0, "a"}, {"care", {1}, 2030, 170000.0, "b"},
      {"both", {0, 1}, 2024, 1.0, "a"},  // not observed in the base year: nothing to compare
      {"care", {1}, 2070, 1.0, "a"},     // after the projection's last year
  };
  const std::vector<BacktestRow> rows = compare_with_observed(result, observed);
  REQUIRE(rows.size() == 2);
  const double growth_2025 = result.service_arsverk(2, 1) / result.service_arsverk(0, 1);
  CHECK(rows[0].year == 2025);
  CHECK(rows[0].projected == Approx(140000.0 * growth_2025).epsilon(1e-12));
  CHECK(rows[0].error_pct == Approx(100.0 * (140000.0 * growth_2025 - 150000.0) / 150000.0).epsilon(1e-12));
  CHECK(rows[0].same_definition);
  CHECK(rows[1].year == 2030);
  CHECK_FALSE(rows[1].same_definition);  // another segment: compared, not summarised
  const std::vector<HorizonError> errors = errors_by_horizon(rows);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].horizon == 2);
  CHECK(errors[0].mean_absolute_error_pct == Approx(std::abs(rows[0].error_pct)).epsilon(1e-12));
  CHECK(errors[0].per_year_pct == Approx(std::abs(rows[0].error_pct) / 2.0).epsilon(1e-12));
}
