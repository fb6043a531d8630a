// Equipment-investment levers (engine/levers.hpp): the CES input-mix factor, perpetual
// inventory, adoption curves, attribution and the integration into the demand model.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "carecast/engine/errors.hpp"
#include "carecast/engine/levers.hpp"
#include "carecast/engine/model.hpp"
#include "support/levers_fixture.hpp"

using namespace carecast::engine;
using carecast::testing::capital_lever;
using carecast::testing::synthetic_base_with_equipment;
using carecast::testing::synthetic_scenario;
using carecast::testing::technology_lever;
using carecast::testing::with_default_capital;

namespace {

bool identical(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

double cobb_douglas(double kappa, double s) { return std::pow(kappa, -(1.0 - s) / s); }

}  // namespace

TEST_CASE("CES labour factor: known values, κ = 1 and no capital share", "[levers][ces]") {
  // σ = 0.5 (ρ = −1): λ = s / (1 − (1 − s)/κ).
  CHECK(ces_labour_factor(2.0, 0.9, 0.5) == Approx(0.9 / (1.0 - 0.1 / 2.0)).epsilon(1e-14));
  // σ = 2 (ρ = ½): λ = [(1 − (1 − s)√κ)/s]².
  CHECK(ces_labour_factor(4.0, 0.8, 2.0) == Approx(std::pow((1.0 - 0.2 * 2.0) / 0.8, 2.0)).epsilon(1e-14));
  CHECK(ces_labour_factor(3.0, 0.95, 1.0) == Approx(cobb_douglas(3.0, 0.95)).epsilon(1e-15));
  CHECK(ces_labour_factor(1.0, 0.9, 0.3) == 1.0);
  CHECK(ces_labour_factor(7.0, 1.0, 0.3) == 1.0);
}

TEST_CASE("CES tends to Cobb–Douglas as σ → 1 (relative difference ≤ 2·|σ − 1|·(ln κ)²·(1−s)/s)",
          "[levers][ces]") {
  for (double s : {0.6, 0.9, 0.97}) {
    for (double kappa : {1.05, 1.5, 3.0, 20.0}) {
      const double limit = cobb_douglas(kappa, s);
      double previous = std::numeric_limits<double>::infinity();
      for (double gap : {1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-9}) {
        for (double sigma : {1.0 - gap, 1.0 + gap}) {
          const double relative = std::abs(ces_labour_factor(kappa, s, sigma) / limit - 1.0);
          const double log_kappa = std::log(kappa);
          CHECK(relative <= 2.0 * gap * log_kappa * log_kappa * (1.0 - s) / s + 1e-13);
        }
        const double below = std::abs(ces_labour_factor(kappa, s, 1.0 - gap) / limit - 1.0);
        CHECK(below <= previous);  // the error shrinks as σ approaches 1
        previous = below;
      }
      // Next to σ = 1 the stable formula has no cancellation error.
      CHECK(ces_labour_factor(kappa, s, 1.0 + 1e-12) == Approx(limit).epsilon(1e-10));
    }
  }
}

TEST_CASE("with σ < 1 savings never pass their floor s^(σ/(1−σ))", "[levers][ces][property]") {
  std::mt19937_64 random(20240603);
  std::uniform_real_distribution<double> share(0.5, 0.995), sigma(0.05, 0.98), log_kappa(0.0, 30.0);
  for (int n = 0; n < 2000; ++n) {
    const double s = share(random), sg = sigma(random), kappa = std::exp(log_kappa(random));
    const double floor = ces_labour_floor(s, sg);
    const double lambda = ces_labour_factor(kappa, s, sg);
    CHECK(floor == Approx(std::pow(s, sg / (1.0 - sg))).epsilon(1e-14));
    CHECK(lambda >= floor);
    CHECK(lambda <= 1.0);
  }
  // The floor is the limit: at κ = 1e12 with σ = 0.5, λ is within 1e-10 of it.
  CHECK(ces_labour_factor(1e12, 0.9, 0.5) == Approx(0.9).epsilon(1e-10));
  CHECK(ces_labour_floor(0.9, 1.0) == 0.0);
  CHECK(ces_labour_floor(0.9, 1.5) == 0.0);
}

TEST_CASE("with σ > 1 capital can make the whole output: λ stops at 0", "[levers][ces]") {
  // s = 0.8, σ = 2: the bracket 1 − 0.25(√κ − 1) reaches 0 at κ = 25.
  CHECK(ces_labour_factor(24.0, 0.8, 2.0) > 0.0);
  CHECK(ces_labour_factor(25.0001, 0.8, 2.0) == 0.0);
  CHECK(ces_labour_factor(1e6, 0.8, 2.0) == 0.0);
  // σ < 1 with too little capital (κ < 1) cannot make the output at all.
  CHECK(std::isinf(ces_labour_factor(1e-9, 0.8, 0.5)));
}

TEST_CASE("perpetual inventory: ramp, lag, depreciation and steady state", "[levers][capital]") {
  BaseData base = synthetic_base_with_equipment(1);
  ScenarioParameters scenario = with_default_capital(synthetic_scenario(base, 0.005), base);
  CapitalLever lever = capital_lever(0, EquipmentCategory::imaging, 1e9, 2025, 2060);  // lifetime 10: δ = 0.1
  lever.ramp_years = 2;
  lever.lag_years = 2;
  scenario.levers.capital_levers = {lever};
  const ScenarioResult result = project_scenario(base, scenario);
  REQUIRE(result.levers);
  const LeverEffect& effect = result.levers->levers.at(0);
  const auto at = [&](const std::vector<double>& v, int year) { return v[std::size_t(year - 2023)]; };
  CHECK(at(effect.investment_nok, 2024) == 0.0);
  CHECK(at(effect.investment_nok, 2025) == Approx(0.5e9));
  CHECK(at(effect.investment_nok, 2026) == Approx(1e9));
  // Owned stock in 2027: 0.9·0.5 + 1 = 1.45 bn; user cost (0.04 + 0.1)·1.45 bn.
  CHECK(at(effect.cost_nok, 2027) == Approx(0.14 * 1.45e9).epsilon(1e-12));
  // Productive stock lags two years behind the owned stock.
  CHECK(at(effect.productive_capital_nok, 2027) == 0.0);
  CHECK(at(effect.productive_capital_nok, 2028) == Approx(0.5e9).epsilon(1e-12));
  CHECK(at(effect.productive_capital_nok, 2029) == Approx(1.45e9).epsilon(1e-12));
  // Close to the steady state I/δ = 10 bn after 35 years of investment.
  CHECK(at(effect.productive_capital_nok, 2060) == Approx(10e9).epsilon(0.05));
  CHECK(at(effect.productive_capital_nok, 2060) < 10e9);
  // Capital appears in κ only from the first productive year.
  CHECK(result.levers->capital_ratio(std::size_t(2027 - 2023), 0) == 1.0);
  CHECK(result.levers->capital_ratio(std::size_t(2028 - 2023), 0) > 1.0);
}

TEST_CASE("the base capital stock and labour share follow from investment, lifetimes and wages",
          "[levers][capital]") {
  const BaseData base = synthetic_base_with_equipment(1);
  CapitalAssumptions capital;
  capital.sigma = {0.5, 0.5};
  const ServiceCapital hospital = service_capital(base.equipment, capital, 0, 90000.0);
  CHECK(hospital.stock_nok[0] == Approx(5e9));    // 0.5 bn × 10 years
  CHECK(hospital.stock_nok[1] == Approx(2.4e9));  // 0.3 bn × 8 years
  CHECK(hospital.stock_nok[4] == Approx(2e9));    // 0.4 bn × 5 years
  const double capital_cost = 0.14 * 5e9 + 0.165 * 2.4e9 + 0.24 * 2e9;
  CHECK(hospital.capital_cost_nok == Approx(capital_cost));
  CHECK(hospital.labour_share == Approx(90000.0 * 860000.0 / (90000.0 * 860000.0 + capital_cost)));
  capital.base_stock_factor = 0.8;
  CHECK(service_capital(base.equipment, capital, 0, 90000.0).stock_nok[0] == Approx(4e9));
}

TEST_CASE("logistic adoption starts at 0, passes the midpoint and tends to the ceiling", "[levers][technology]") {
  TechnologyLever lever = technology_lever(0, 0.8);
  CHECK(technology_adoption(lever, 2020) == 0.0);
  CHECK(technology_adoption(lever, 2025) == 0.0);
  const double f_start = 1.0 / (1.0 + std::exp(-0.4 * (2025 - 2032)));
  CHECK(technology_adoption(lever, 2032) == Approx(0.8 * (0.5 - f_start) / (1.0 - f_start)).epsilon(1e-14));
  CHECK(technology_adoption(lever, 2100) == Approx(0.8).epsilon(1e-9));
  double previous = 0.0;
  for (int year = 2026; year <= 2060; ++year) {
    const double a = technology_adoption(lever, year);
    CHECK(a > previous);
    CHECK(a <= 0.8);
    previous = a;
  }
  CHECK(annuity_factor(0.0, 5.0) == Approx(0.2));
  CHECK(annuity_factor(0.04, 10.0) == Approx(0.04 / (1.0 - std::pow(1.04, -10.0))).epsilon(1e-14));
}

TEST_CASE("zero investment gives results identical (bit for bit) to no levers", "[levers][invariant]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    const BaseData base = synthetic_base_with_equipment(seed);
    const ScenarioParameters plain = synthetic_scenario(base, 0.005);
    ScenarioParameters zero = with_default_capital(plain, base, 0.4 + 0.3 * seed);
    zero.levers.capital_levers = {capital_lever(0, EquipmentCategory::imaging, 0.0),
                                  capital_lever(1, EquipmentCategory::remote_monitoring, 0.0)};
    zero.levers.capital_levers[0].staff_per_bn_nok = {0.0, 0.0, 40.0};
    TechnologyLever idle = technology_lever(1, 0.0);
    idle.staff_per_unit = {0.01, 0.0, 0.0};
    TechnologyLever untouched = technology_lever(0, 0.9);
    untouched.touched_share = 0.0;
    untouched.saved_profession_shares = {1.0, 0.0, 0.0};
    zero.levers.technology_levers = {idle, untouched};
    const ScenarioResult a = project_scenario(base, plain);
    const ScenarioResult b = project_scenario(base, zero);
    REQUIRE(b.levers);
    CHECK_FALSE(a.levers);
    CHECK(identical(a.service_arsverk, b.service_arsverk));
    CHECK(identical(a.profession_arsverk, b.profession_arsverk));
    CHECK(a.indicators.health_care_arsverk == b.indicators.health_care_arsverk);
    CHECK(a.indicators.share_of_all_arsverk == b.indicators.share_of_all_arsverk);
    CHECK(a.indicators.total_arsverk_economy == b.indicators.total_arsverk_economy);
    CHECK(identical(a.service_arsverk, b.levers->service_without));
  }
}

TEST_CASE("more investment never raises gross labour in the service invested in", "[levers][invariant][property]") {
  std::mt19937_64 random(77);
  std::uniform_real_distribution<double> sigma(0.1, 3.0), amount(0.0, 5e9), more(0.0, 3.0), share(0.0, 1.0);
  std::uniform_int_distribution<int> category(0, kEquipmentCategoryCount - 1), start(2024, 2050), length(0, 20),
      ramp(1, 6), lag(0, 4), service(0, 1);
  for (int n = 0; n < 60; ++n) {
    BaseData base = synthetic_base_with_equipment(unsigned(n % 5 + 1));
    // Every category has some base stock in both services, so every draw is allowed.
    base.equipment.base_investment.array() += 0.05e9;
    ScenarioParameters scenario = with_default_capital(synthetic_scenario(base, 0.005), base);
    scenario.levers.capital.sigma = {sigma(random), sigma(random)};
    const auto j = std::size_t(service(random));
    const int first = start(random);
    CapitalLever lever = capital_lever(j, EquipmentCategory(category(random)), amount(random), first,
                                       std::min(2060, first + length(random)));
    lever.ramp_years = ramp(random);
    lever.lag_years = lag(random);
    lever.staff_per_bn_nok = {share(random) * 50.0, 0.0, share(random) * 50.0};
    TechnologyLever other = technology_lever(j, share(random));  // held fixed between the runs
    ScenarioParameters less = scenario, larger = scenario, none = scenario;
    less.levers.capital_levers = {lever};
    lever.amount_nok *= 1.0 + more(random);
    larger.levers.capital_levers = {lever};
    for (ScenarioParameters* s : {&less, &larger, &none}) s->levers.technology_levers = {other};
    const auto a = project_scenario(base, less), b = project_scenario(base, larger), c = project_scenario(base, none);
    REQUIRE(a.levers);
    const Eigen::Index col = Eigen::Index(j);
    for (Eigen::Index i = 0; i < a.service_arsverk.rows(); ++i) {
      CHECK(b.levers->service_gross(i, col) <= a.levers->service_gross(i, col) * (1.0 + 1e-14));
      CHECK(a.levers->service_gross(i, col) <= c.levers->service_gross(i, col) * (1.0 + 1e-14));
      CHECK(a.levers->service_gross(i, col) >= 0.0);
    }
  }
}

TEST_CASE("lever savings add up, are attributed per lever and respect the staffing mix", "[levers][attribution]") {
  const BaseData base = synthetic_base_with_equipment(3);
  ScenarioParameters scenario = with_default_capital(synthetic_scenario(base, 0.005), base, 0.6);
  scenario.levers.capital_levers = {capital_lever(0, EquipmentCategory::laboratory_automation, 1.5e9),
                                    capital_lever(0, EquipmentCategory::imaging, 0.7e9)};
  scenario.levers.capital_levers[0].staff_per_bn_nok = {0.0, 0.0, 30.0};
  TechnologyLever nurses_only = technology_lever(0, 0.7);
  nurses_only.name = "nurses_only";
  nurses_only.saved_profession_shares = {1.0, 0.0, 0.0};  // τ = 0.2 ≤ nurses' 0.4 share
  nurses_only.staff_per_unit = {0.0, 0.0, 0.001};
  scenario.levers.technology_levers = {nurses_only, technology_lever(1, 0.5)};
  const ScenarioResult result = project_scenario(base, scenario);
  REQUIRE(result.levers);
  const LeverResults& levers = *result.levers;
  REQUIRE(levers.levers.size() == 4);
  for (Eigen::Index i = 0; i < levers.service_gross.rows(); ++i) {
    Eigen::RowVectorXd saved = Eigen::RowVectorXd::Zero(3), added = Eigen::RowVectorXd::Zero(3);
    for (const LeverEffect& effect : levers.levers) {
      saved += effect.saved.row(i);
      added += effect.added.row(i);
      CHECK((effect.saved.row(i).array() >= -1e-9).all());
    }
    // Profession: without − saved + added = with levers.
    const Eigen::RowVectorXd expected = levers.profession_without.row(i) - saved + added;
    for (Eigen::Index k = 0; k < 3; ++k) {
      CHECK(result.profession_arsverk(i, k) == Approx(expected(k)).epsilon(1e-10).margin(1e-6));
    }
    CHECK(result.profession_arsverk.row(i).sum() == Approx(result.service_arsverk.row(i).sum()).epsilon(1e-12));
    // The nurses-only lever saves no physicians.
    CHECK(levers.levers[2].saved(i, 1) == 0.0);
    // The second technology lever (long-term care, uniform) saves τ·ψ·a of the service's gross demand.
    const double a = levers.levers[3].adoption[std::size_t(i)];
    CHECK(levers.levers[3].saved.row(i).sum() == Approx(levers.service_without(i, 1) * 0.2 * 0.3 * a).epsilon(1e-12).margin(1e-9));
  }
  // Savings appear where the levers act and the share falls below the scenario without levers.
  const Eigen::Index last = levers.service_gross.rows() - 1;
  CHECK(levers.service_gross(last, 0) < levers.service_without(last, 0));
  CHECK(result.indicators.share_of_all_arsverk.back() < levers.share_without.back());
  CHECK(levers.labour_share[0] > 0.9);
  CHECK(std::isnan(levers.labour_share[1]));  // no capital lever in long-term care
  CHECK(levers.levers[0].added(last, 2) ==
        Approx(30.0 * levers.levers[0].productive_capital_nok.back() / 1e9).epsilon(1e-12));
  // The base year is untouched.
  CHECK(result.service_arsverk(0, 0) == Approx(90000.0).epsilon(1e-12));
}

TEST_CASE("technology costs: units, running cost and annualised investment", "[levers][technology]") {
  const BaseData base = synthetic_base_with_equipment(2);
  ScenarioParameters scenario = synthetic_scenario(base, 0.005);
  scenario.levers.technology_levers = {technology_lever(1, 0.6)};
  scenario.levers.capital.real_interest_rate = 0.04;
  const ScenarioResult result = project_scenario(base, scenario);
  const LeverEffect& effect = result.levers->levers.at(0);
  const double annual = 5000.0 + 20000.0 * annuity_factor(0.04, 5.0);
  for (std::size_t i = 0; i < effect.units.size(); ++i) {
    CHECK(effect.units[i] == Approx(10000.0 * effect.adoption[i]));
    CHECK(effect.cost_nok[i] == Approx(effect.units[i] * annual));
  }
  CHECK(effect.units.back() > 5000.0);
  CHECK(effect.investment_nok.back() > effect.units.back() / 5.0 * 20000.0 * 0.999);
}

TEST_CASE("lever figures that overflow are a DomainError under the lever's key", "[levers][technology][errors]") {
  const BaseData base = synthetic_base_with_equipment(2);
  ScenarioParameters scenario = synthetic_scenario(base, 0.005);
  scenario.levers.capital.real_interest_rate = 0.04;
  const auto key_of_error = [&](const ScenarioParameters& changed) -> std::string {
    try {
      (void)project_scenario(base, changed);
    } catch (const DomainError& error) {
      CHECK(error.kind() == DomainError::Kind::parameter);
      CHECK(error.rule().find("not a finite number") != std::string::npos);
      return error.key();
    }
    return "no error";
  };
  TechnologyLever lever = technology_lever(1, 0.6);
  scenario.levers.technology_levers = {lever};
  CHECK(key_of_error(scenario) == "no error");
  // Each year's cost is finite (at most 1e308), their sum over the years is not.
  lever.potential_units = 1.0;
  lever.unit_cost_nok_per_year = 1e308;
  scenario.levers.technology_levers = {lever};
  CHECK(key_of_error(scenario) == "levers.technologies." + lever.name);
  // A unit lifetime near 0 makes the annuity overflow.
  lever = technology_lever(1, 0.6);
  lever.unit_investment_nok = 1e300;
  lever.unit_lifetime_years = 1e-300;
  scenario.levers.technology_levers = {lever};
  CHECK(key_of_error(scenario) == "levers.technologies." + lever.name);
}

// --- Under-investment (a base-year equipment gap) -------------------------------------------

namespace {

// Marginal cost of an årsverk saved at capital ratio κ: NOK of capital services per årsverk of
// labour saved by a small step ε of extra capital services. With no gap it is the wage.
double marginal_cost(double kappa, double s, double sigma, double gap, double capital_cost,
                     double base_arsverk) {
  const double step = 1e-6;
  const double labour =
      gap_labour_factor(kappa, s, sigma, gap) - gap_labour_factor(kappa + step, s, sigma, gap);
  return step * capital_cost / (labour * base_arsverk);
}

}  // namespace

TEST_CASE("without a gap the gap formulas are today's CES, bit for bit", "[levers][gap]") {
  for (double sigma : {0.25, 0.5, 1.0, 1.7}) {
    for (double kappa : {1.0, 1.01, 1.3, 4.0}) {
      CHECK(gap_labour_factor(kappa, 0.95, sigma, 0.0) == ces_labour_factor(kappa, 0.95, sigma));
    }
    CHECK(optimum_labour_share(0.95, sigma, 0.0) == 0.95);
    CHECK(gap_labour_floor(0.95, sigma, 0.0) == ces_labour_floor(0.95, sigma));
  }
}

TEST_CASE("a gap of zero gives the same results as no gap at all, bit for bit", "[levers][gap][invariant]") {
  for (unsigned seed : {1u, 2u}) {
    const BaseData base = synthetic_base_with_equipment(seed);
    ScenarioParameters without_gap = with_default_capital(synthetic_scenario(base, 0.005), base, 0.5);
    without_gap.levers.capital_levers = {capital_lever(0, EquipmentCategory::laboratory_automation, 1e9)};
    without_gap.levers.capital_levers[0].staff_per_bn_nok = {0.0, 0.0, 40.0};
    ScenarioParameters zero_gap = without_gap;
    zero_gap.levers.capital.gap = {0.0, 0.0};
    const ScenarioResult a = project_scenario(base, without_gap), b = project_scenario(base, zero_gap);
    CHECK(identical(a.service_arsverk, b.service_arsverk));
    CHECK(identical(a.profession_arsverk, b.profession_arsverk));
    CHECK(a.levers->levers[0].cost_nok == b.levers->levers[0].cost_nok);
    CHECK(identical(a.levers->labour_factor, b.levers->labour_factor));
  }
}

TEST_CASE("with a gap the first NOK saves more than a wage's worth and the return falls as it closes",
          "[levers][gap]") {
  const BaseData base = synthetic_base_with_equipment(1);
  const ServiceCapital hospital = service_capital(base.equipment, CapitalAssumptions{}, 0, 90000.0);
  const double wage = base.equipment.labour_cost_per_arsverk[0];
  for (double sigma : {0.25, 0.5, 1.0}) {
    // No gap: the base point is cost-minimising, the marginal årsverk costs the wage.
    CHECK(marginal_cost(1.0, hospital.labour_share, sigma, 0.0, hospital.capital_cost_nok, 90000.0) ==
          Approx(wage).epsilon(1e-4));
    for (double gap : {0.1, 0.2, 0.375}) {
      const double s = optimum_labour_share(hospital.labour_share, sigma, gap);
      CHECK(s < hospital.labour_share);  // the optimum has more capital per årsverk
      double previous = 0.0;
      for (double kappa : {1.0, 1.05, 1.0 / (1.0 - gap), 1.8, 2.0}) {
        const double cost = marginal_cost(kappa, s, sigma, gap, hospital.capital_cost_nok, 90000.0);
        CHECK(cost > previous);  // falling returns
        if (kappa < 1.0 / (1.0 - gap) - 1e-9) CHECK(cost < wage);
        previous = cost;
      }
      // Closed exactly (κ = 1/(1 − g)): the marginal årsverk costs the wage again.
      CHECK(marginal_cost(1.0 / (1.0 - gap), s, sigma, gap, hospital.capital_cost_nok, 90000.0) ==
            Approx(wage).epsilon(1e-4));
      // The floor still binds: λ never goes below it.
      CHECK(gap_labour_factor(1e6, s, sigma, gap) >= gap_labour_floor(s, sigma, gap));
    }
  }
}

TEST_CASE("a gap too large for σ < 1 to make the base-year output is a domain error", "[levers][gap]") {
  // σ = 0.25 (ρ = −3): Λ(1 − g, s) is finite only for (1 − s)/(1 − g)³ < 1, and s* falls as g
  // rises; with s_L = 0.95 the limit is g ≈ 0.448 (0.635 at σ = 0.5).
  CHECK_NOTHROW(optimum_labour_share(0.95, 0.25, 0.44));
  CHECK_THROWS_AS(optimum_labour_share(0.95, 0.25, 0.46), DomainError);
  CHECK_NOTHROW(optimum_labour_share(0.95, 0.5, 0.63));
  CHECK_THROWS_AS(optimum_labour_share(0.95, 0.5, 0.64), DomainError);
}

// --- Task-targeted and labour-adding technology levers ----------------------------------------

namespace {

TechnologyLever targeted(std::size_t service, std::size_t profession, double task_share) {
  TechnologyLever lever = technology_lever(service, 0.8);
  lever.name = "targeted";
  lever.target_profession = profession;
  lever.task_share = task_share;
  lever.touched_share = 0.9;  // unused when a profession is named
  lever.staff_per_unit = {0.0, 0.0, 0.002};
  return lever;
}

}  // namespace

TEST_CASE("a task-targeted lever saves only its profession, by θ·ψ·ρ·a of it, and adds its staff",
          "[levers][technology][targeting]") {
  const BaseData base = synthetic_base_with_equipment(2);
  const ScenarioParameters plain = synthetic_scenario(base, 0.005);
  ScenarioParameters scenario = plain;
  TechnologyLever lever = targeted(0, 1, 0.4);  // physicians' task in the hospital
  lever.realised_share = 0.6;
  scenario.levers.technology_levers = {lever};
  const ScenarioResult a = project_scenario(base, plain), b = project_scenario(base, scenario);
  const LeverResults& levers = *b.levers;
  const LeverEffect& effect = levers.levers[0];
  for (Eigen::Index i = 0; i < b.profession_arsverk.rows(); ++i) {
    const double adoption = effect.adoption[std::size_t(i)];
    const double physicians = levers.service_without(i, 0) * base.staffing_mix(0, 1);
    CHECK(effect.saved(i, 1) == Approx(physicians * 0.4 * 0.3 * 0.6 * adoption).epsilon(1e-12).margin(1e-9));
    CHECK(effect.saved(i, 0) == 0.0);
    CHECK(effect.saved(i, 2) == 0.0);
    // Nurses are exactly as without the lever; "other" gains the technical staff.
    CHECK(b.profession_arsverk(i, 0) == Approx(a.profession_arsverk(i, 0)).epsilon(1e-13));
    CHECK(b.profession_arsverk(i, 2) ==
          Approx(a.profession_arsverk(i, 2) + 0.002 * effect.units[std::size_t(i)]).epsilon(1e-13));
    CHECK(effect.added(i, 2) == Approx(0.002 * effect.units[std::size_t(i)]).epsilon(1e-14));
  }
  CHECK(effect.saved.bottomRows(1).sum() > 0.0);
}

TEST_CASE("a lab lever never reduces nurses, whatever its parameters (property)",
          "[levers][technology][targeting][property]") {
  std::mt19937_64 random(2024);
  std::uniform_real_distribution<double> share(0.0, 1.0), sigma(0.2, 2.0);
  for (int n = 0; n < 40; ++n) {
    const BaseData base = synthetic_base_with_equipment(unsigned(n % 4 + 1));
    ScenarioParameters plain = with_default_capital(synthetic_scenario(base, 0.005), base, sigma(random));
    ScenarioParameters scenario = plain;
    TechnologyLever lab = targeted(std::size_t(n % 2), 2, share(random));  // the "other" staff's lab task
    lab.saving_per_adopter = share(random);
    lab.realised_share = share(random);
    lab.ceiling = share(random);
    lab.staff_per_unit = {0.0, 0.0, 0.01 * share(random)};
    scenario.levers.technology_levers = {lab};
    const ScenarioResult a = project_scenario(base, plain), b = project_scenario(base, scenario);
    for (Eigen::Index i = 0; i < a.profession_arsverk.rows(); ++i) {
      CHECK(b.profession_arsverk(i, 0) >= a.profession_arsverk(i, 0) * (1.0 - 1e-13));
      CHECK(b.levers->levers[0].saved(i, 0) == 0.0);
      CHECK(b.levers->levers[0].saved(i, 1) == 0.0);
    }
  }
}

TEST_CASE("a technology with more time per case adds its professions' work and saves nothing",
          "[levers][technology]") {
  const BaseData base = synthetic_base_with_equipment(3);
  const ScenarioParameters plain = synthetic_scenario(base, 0.005);
  ScenarioParameters scenario = plain;
  TechnologyLever robot = technology_lever(0, 0.9);
  robot.saving_per_adopter = -0.19;
  robot.saved_profession_shares = {0.6, 0.4, 0.0};
  robot.touched_share = 0.1;
  scenario.levers.technology_levers = {robot};
  const ScenarioResult a = project_scenario(base, plain), b = project_scenario(base, scenario);
  const LeverEffect& effect = b.levers->levers[0];
  const Eigen::Index last = a.profession_arsverk.rows() - 1;
  const double extra = b.levers->service_without(last, 0) * 0.1 * 0.19 * effect.adoption.back();
  CHECK(effect.saved.row(last).sum() == 0.0);
  CHECK(effect.added(last, 0) == Approx(extra * 0.6).epsilon(1e-12));
  CHECK(effect.added(last, 1) == Approx(extra * 0.4).epsilon(1e-12));
  CHECK(b.profession_arsverk(last, 0) == Approx(a.profession_arsverk(last, 0) + extra * 0.6).epsilon(1e-13));
  CHECK(b.indicators.health_care_arsverk.back() > a.indicators.health_care_arsverk.back());
}
