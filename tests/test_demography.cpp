#include "carecast/engine/demography.hpp"
#include "carecast/engine/errors.hpp"
#include "support/synthetic.hpp"

#include <catch2/catch.hpp>

using namespace carecast::engine;
using carecast::testing::reference_assumptions;
using carecast::testing::synthetic_demography;

TEST_CASE("people are conserved: P(t+1) = P(t) + births - deaths + net migration", "[demography][invariant]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    const DemographicBase base = synthetic_demography(seed, 2023, 2025);
    DemographicAssumptions assumptions = reference_assumptions();
    assumptions.net_migration = TimePath({{2024, -20000.0 * seed}, {2040, 40000.0}});
    const PopulationPath path = project_population(base, assumptions, 2023, 2060);
    REQUIRE(path.last_year() == 2060);
    for (int year = 2023; year < 2060; ++year) {
      const std::size_t i = std::size_t(year - 2023);
      for (int g = 0; g < kSexCount; ++g) {
        const double expected = path.in(year).col(g).sum() + path.births[i](g) - path.deaths[i](g) +
                                path.net_migration[i](g);
        CHECK(path.in(year + 1).col(g).sum() == Approx(expected).epsilon(1e-12));
      }
      CHECK((path.in(year + 1) >= 0.0).all());
      CHECK((path.deaths[i] >= 0.0).all());
      CHECK((path.births[i] >= 0.0).all());
    }
  }
}

TEST_CASE("observed years are taken as they are, projected years start after the jump-off", "[demography]") {
  const DemographicBase base = synthetic_demography(7, 2023, 2025);
  const PopulationPath path = project_population(base, reference_assumptions(), 2023, 2030);
  CHECK((path.in(2024) == base.observed_population.at(2024)).all());
  CHECK((path.in(2025) == base.observed_population.at(2025)).all());
  CHECK_FALSE(path.projected[2]);
  CHECK(path.projected[3]);
}

TEST_CASE("a massive emigration never drives a cell below zero", "[demography][invariant]") {
  const DemographicBase base = synthetic_demography(5, 2023, 2023);
  DemographicAssumptions assumptions = reference_assumptions();
  assumptions.net_migration = TimePath::constant(-5.0e6);
  const PopulationPath path = project_population(base, assumptions, 2023, 2030);
  for (const auto& persons : path.persons) CHECK((persons >= 0.0).all());
}

TEST_CASE("births follow the total fertility rate and the sex ratio", "[demography]") {
  const DemographicBase base = synthetic_demography(11, 2023, 2023);
  DemographicAssumptions low = reference_assumptions(), high = reference_assumptions();
  low.total_fertility = TimePath::constant(1.2);
  high.total_fertility = TimePath::constant(2.4);
  low.net_migration = high.net_migration = TimePath::constant(0.0);
  const PopulationPath a = project_population(base, low, 2023, 2024);
  const PopulationPath b = project_population(base, high, 2023, 2024);
  // Births in the first projected year depend on women already alive, so they double exactly.
  CHECK(b.births[0].sum() == Approx(2.0 * a.births[0].sum()).epsilon(1e-12));
  CHECK(a.births[0](1) / a.births[0](0) == Approx(1.055).epsilon(1e-12));
  // A TFR of t means t children per woman living through the childbearing ages: check the
  // births of a stationary female population of 1 000 at every age.
  DemographicBase flat = base;
  flat.observed_population[2023] = AgeSexArray::Constant(106, 2, 1000.0);
  flat.base_mx = AgeSexArray::Constant(106, 2, 1e-9);
  flat.base_mx.row(105) = 1.0;
  DemographicAssumptions two = low;
  two.total_fertility = TimePath::constant(2.0);
  two.mortality_mode = MortalityMode::improvement_rate;
  const PopulationPath c = project_population(flat, two, 2023, 2024);
  CHECK(c.births[0].sum() == Approx(2000.0).epsilon(1e-6));
}

TEST_CASE("life expectancy targets are met every year", "[demography]") {
  const DemographicBase base = synthetic_demography(3, 2023, 2023);
  const DemographicAssumptions assumptions = reference_assumptions();
  const MortalityPath mortality = project_mortality(base, assumptions, 2060);
  CHECK(mortality.ex_in(2060)(0, 0) == Approx(89.0).margin(1e-6));
  CHECK(mortality.ex_in(2060)(0, 1) == Approx(86.0).margin(1e-6));
  // Halfway the target is interpolated from the observed base-year value.
  const double start = mortality.ex_in(2023)(0, 0);
  CHECK(mortality.ex_in(2040)(0, 0) == Approx(start + (89.0 - start) * 17.0 / 37.0).margin(1e-6));
  for (int year = 2024; year <= 2060; ++year) {
    CHECK((mortality.mx_in(year) <= mortality.mx_in(year - 1) * (1.0 + 1e-12)).all());
  }
}

TEST_CASE("the improvement-rate mode lowers every death rate by the given rate", "[demography]") {
  DemographicBase base = synthetic_demography(3, 2023, 2023);
  DemographicAssumptions assumptions = reference_assumptions();
  assumptions.mortality_mode = MortalityMode::improvement_rate;
  assumptions.mortality_improvement = 0.015;
  const MortalityPath mortality = project_mortality(base, assumptions, 2033);
  CHECK((mortality.mx_in(2033) / base.base_mx - std::pow(0.985, 10)).abs().maxCoeff() < 1e-12);
}

TEST_CASE("an external projection replaces the cohort-component one", "[demography]") {
  const DemographicBase base = synthetic_demography(9, 2023, 2024);
  DemographicAssumptions assumptions = reference_assumptions();
  std::map<int, AgeSexArray> external;
  for (int year = 2025; year <= 2030; ++year) external[year] = AgeSexArray::Constant(106, 2, 100.0 + year - 2025);
  assumptions.external_population = external;
  const PopulationPath path = project_population(base, assumptions, 2023, 2030);
  CHECK(path.in(2030).sum() == Approx(105.0 * 212));
  CHECK(path.projected.back());
  assumptions.external_population->erase(2028);
  CHECK_THROWS_AS(project_population(base, assumptions, 2023, 2030), DomainError);
}

TEST_CASE("net emigration is applied as rates on the population at risk and never adds people",
          "[demography][migration]") {
  // The synthetic migration profile, like Norway's, has cells of both signs: a negative level
  // times such a profile would add people at some ages. Emigration as rates cannot.
  const DemographicBase base = synthetic_demography(11, 2023, 2025);
  for (double level : {-5000.0, -60000.0, -1.0e7}) {
    DemographicAssumptions assumptions = reference_assumptions();
    assumptions.net_migration = TimePath::constant(level);
    const PopulationPath path = project_population(base, assumptions, 2023, 2060);
    const MortalityPath& mortality = path.mortality;
    const int ages = base.top_age + 1;
    for (int year = 2025; year < 2060; ++year) {
      const std::size_t i = std::size_t(year - 2023);
      const AgeSexArray& now = path.in(year);
      const AgeSexArray& next = path.in(year + 1);
      const double* survival = &mortality.survival(0, std::max(year, mortality.first_year) - mortality.first_year);
      INFO("level " << level << ", year " << year);
      for (int g = 0; g < kSexCount; ++g) {
        for (int a = 1; a + 1 < ages - 1; ++a) {
          // Never more than the survivors of the cohort: emigration only takes people away.
          CHECK(next(a, g) <= now(a - 1, g) * survival[g * ages + a - 1] * (1.0 + 1e-12));
        }
        CHECK(path.net_migration[i](g) <= 0.0);
      }
      CHECK((next >= 0.0).all());
      if (level > -1.0e6) {  // within what the population can supply: applied as asked
        CHECK(path.net_migration[i].sum() == Approx(level).epsilon(1e-9));
      }
    }
    if (level <= -1.0e6) {
      // Far beyond what there is: the population empties and never grows back, and the run
      // says how much less than asked was applied.
      CHECK(path.in(2060).sum() <= path.in(2040).sum());
      CHECK(path.in(2060).sum() < 0.01 * path.in(2025).sum());
      REQUIRE_FALSE(path.warnings.empty());
      CHECK(path.warnings.front().rfind("net migration in 2025: ", 0) == 0);
    } else {
      CHECK(path.warnings.empty());
    }
  }
}

TEST_CASE("a life expectancy no death rates reach is a DomainError naming the parameter", "[demography][errors]") {
  const DemographicBase base = synthetic_demography(3, 2023, 2025);
  DemographicAssumptions assumptions = reference_assumptions();
  assumptions.mortality_mode = MortalityMode::life_expectancy;
  assumptions.life_expectancy[0] = TimePath({{2060, 0.1}});  // below what even κ = −20 gives
  try {
    (void)project_mortality(base, assumptions, 2060);
    FAIL("no error");
  } catch (const DomainError& error) {
    CHECK(error.kind() == DomainError::Kind::parameter);
    CHECK(error.key_path() == "parameters.demography.mortality.life_expectancy.female");
    CHECK(error.rule().find("is out of reach") != std::string::npos);
  }
}

TEST_CASE("a time path filled year by year equals its values at each year, bit for bit", "[types]") {
  const TimePath paths[] = {TimePath::constant(90000.0), TimePath({{2030, 1.5}, {2023, 0.25}, {2041, -3.0}}),
                            TimePath({{2019, 7.0}, {2020, 7.5}, {2060, 1.0 / 3.0}, {2070, 2.0}})};
  for (const TimePath& path : paths) {
    for (int first : {2010, 2023, 2035}) {
      std::vector<double> rows(3 * 60, -1.0);  // every third value, as in the kernel's rows
      path.fill(first, 60, rows.data(), 3);
      for (int i = 0; i < 60; ++i) {
        INFO("year " << first + i);
        CHECK(rows[std::size_t(3 * i)] == path.at(first + i));
        CHECK(rows[std::size_t(3 * i + 1)] == -1.0);
      }
    }
  }
}
