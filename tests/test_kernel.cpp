// Functions of the projection kernel (engine/src/kernel.hpp, internal to the engine) checked
// against their definitions on the bundled Norway data.
#include "carecast/config/run_config.hpp"
#include "carecast/engine/errors.hpp"
#include "kernel.hpp"
#include "vector_exp.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace carecast;

TEST_CASE("rate_sums: the age-group sums equal Rᵀ·W over single ages", "[kernel]") {
  const config::RunConfig run =
      config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml");
  const engine::BaseData& base = run.base;
  const engine::PopulationPath path = engine::project_population(
      base.demography, run.scenarios.at(0).demography, base.base_year, base.end_year);
  const engine::kernel::DemandBase d = engine::kernel::demand_base(base, path.in(base.base_year));
  // The bundled profiles' age groups, joined over the services: 12 a sex, starting at 0, 3,
  // 6, 16, 18, 19, 20, 30, 50, 67, 80 and 90.
  REQUIRE(d.group_start.size() == 25);
  CHECK(d.group_start[9] == 67);
  CHECK(d.group_start[12] == d.ages);
  // Weights: the projected population in every year (5 columns: the blocked part and the rest).
  const int years = 5;
  Eigen::MatrixXd weights(2 * d.ages, years);
  for (int i = 0; i < years; ++i) {
    weights.col(i) = Eigen::Map<const Eigen::VectorXd>(path.in(base.base_year + 7 * i).data(), 2 * d.ages);
  }
  const Eigen::MatrixXd full = d.rates.transpose() * weights;
  Eigen::MatrixXd sums(d.services, years), grouped;
  engine::kernel::rate_sums(d, d.group_rates, weights.data(), years, grouped, sums);
  CHECK(((sums - full).array().abs() / full.array().abs()).maxCoeff() < 1e-14);
  // Column by column: the same values as five columns at once (each column's own order).
  for (int i = 0; i < years; ++i) {
    Eigen::VectorXd one(d.services);
    engine::kernel::rate_sums(d, d.group_rates, weights.col(i).data(), 1, grouped, one);
    CHECK(one == sums.col(i));
  }
  // The long-term-care columns.
  Eigen::MatrixXd ltc(Eigen::Index(d.ltc_services.size()), years);
  engine::kernel::rate_sums(d, d.group_rates_ltc, weights.data(), years, grouped, ltc);
  for (std::size_t l = 0; l < d.ltc_services.size(); ++l) CHECK(ltc.row(Eigen::Index(l)) == sums.row(d.ltc_services[l]));
}

TEST_CASE("scaled_exp: within 1 ulp of exp, the same bits on every vector width, any length, with or without a factor", "[kernel]") {
  namespace k = engine::kernel;
  using Implementation = void (*)(const double*, double, const double*, int, double*);
  // The widths this processor can run besides the baseline.
  std::vector<std::pair<std::string, Implementation>> wide;
  if (k::detail::has_avx()) wide.emplace_back("AVX", k::detail::scaled_exp_avx);
  if (k::detail::has_avx512()) wide.emplace_back("AVX-512", k::detail::scaled_exp_avx512);
  std::mt19937_64 random(20261201);
  // Healthy ageing's arguments (η·L: η up to 5, L down to about −3), then the whole range.
  for (const double spread : {1.0, 15.0, 700.0}) {
    std::uniform_real_distribution<double> uniform(-spread, spread > 100.0 ? spread : 0.0);
    for (int n = 0; n <= 53; ++n) {
      std::vector<double> x(std::size_t(n) + 1), baseline(x.size(), -1.0), other(x.size(), -1.0);
      for (double& v : x) v = uniform(random);
      if (n > 0) x[0] = 0.0;
      const double scale = n % 2 ? 1.0 : 0.37;
      k::detail::scaled_exp_baseline(x.data(), scale, nullptr, n, baseline.data());
      CHECK(baseline[std::size_t(n)] == -1.0);  // nothing written past n
      for (int i = 0; i < n; ++i) {
        const long double exact = std::exp((long double)(scale * x[std::size_t(i)]));
        INFO("x = " << x[std::size_t(i)] << ", scale " << scale);
        const double ulp = std::nextafter(double(exact), INFINITY) - double(exact);
        CHECK(std::abs((long double)baseline[std::size_t(i)] - exact) <= 1.0L * ulp);
      }
      if (n > 0) CHECK(baseline[0] == 1.0);
      for (const auto& [name, implementation] : wide) {
        INFO(name << ", n = " << n);
        std::fill(other.begin(), other.end(), -1.0);
        implementation(x.data(), scale, nullptr, n, other.data());
        CHECK(std::memcmp(baseline.data(), other.data(), sizeof(double) * x.size()) == 0);
      }
      // With a factor: the product of the factor and the exponential above, on every width.
      std::vector<double> times(x.size()), product(x.size(), -1.0), expected(x.size(), -1.0);
      for (double& v : times) v = 1000.0 * uniform(random) + 0.5;
      for (int i = 0; i < n; ++i) expected[std::size_t(i)] = times[std::size_t(i)] * baseline[std::size_t(i)];
      k::detail::scaled_exp_baseline(x.data(), scale, times.data(), n, product.data());
      CHECK(std::memcmp(expected.data(), product.data(), sizeof(double) * x.size()) == 0);
      for (const auto& [name, implementation] : wide) {
        INFO(name << " with a factor, n = " << n);
        std::fill(product.begin(), product.end(), -1.0);
        implementation(x.data(), scale, times.data(), n, product.data());
        CHECK(std::memcmp(expected.data(), product.data(), sizeof(double) * x.size()) == 0);
      }
      // In place, as the dispatcher (whichever it picks).
      k::scaled_exp(x.data(), scale, n, x.data());
      CHECK(std::memcmp(baseline.data(), x.data(), sizeof(double) * std::size_t(n)) == 0);
    }
  }
  // Beyond the range of doubles, as std::exp: +∞ above, 0 or a subnormal below, NaN stays NaN.
  const std::vector<double> edges{710.0, 1e300, -740.0, -746.0, -1e300, std::nan("")};
  std::vector<double> at_edges(edges.size());
  k::scaled_exp(edges.data(), 1.0, int(edges.size()), at_edges.data());
  CHECK(at_edges[0] == INFINITY);
  CHECK(at_edges[1] == INFINITY);
  CHECK(at_edges[2] > 0.0);
  CHECK(at_edges[2] < 1e-320);
  CHECK(at_edges[3] == 0.0);
  CHECK(at_edges[4] == 0.0);
  CHECK(std::isnan(at_edges[5]));
  if (wide.empty()) WARN("this processor has no AVX: only the baseline exponential was checked");
}

TEST_CASE("cohort_step: flows balance the cells, and births count the fertile ages only", "[kernel]") {
  namespace k = engine::kernel;
  const config::RunConfig run =
      config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml");
  const engine::BaseData& base = run.base;
  const k::CohortShapes shapes = k::cohort_shapes(base.demography);
  const int ages = shapes.ages, female = int(engine::Sex::female);
  // The bundled fertility schedule (SSB 04232) is zero outside ages 15-49 or so; the range
  // found holds every non-zero rate and starts and ends on one.
  REQUIRE(shapes.fertile_from >= 1);
  REQUIRE(shapes.fertile_to > shapes.fertile_from);
  CHECK(shapes.fertility(shapes.fertile_from) > 0.0);
  CHECK(shapes.fertility(shapes.fertile_to - 1) > 0.0);
  CHECK(shapes.fertility.segment(1, shapes.fertile_from - 1).abs().sum() == 0.0);
  CHECK(shapes.fertility.tail(ages - shapes.fertile_to).abs().sum() == 0.0);
  CHECK(shapes.fertile_to - shapes.fertile_from < 45);

  const engine::PopulationPath path = engine::project_population(
      base.demography, run.scenarios.at(0).demography, base.base_year, base.end_year);
  const engine::AgeSexArray& now = path.in(base.base_year);
  const engine::MortalityPath& mortality = path.mortality;
  const Eigen::VectorXd survival = mortality.survival.col(base.base_year - mortality.first_year);
  for (const double migration : {25000.0, -40000.0}) {
    INFO("net migration " << migration);
    std::vector<double> next(std::size_t(2 * ages));
    k::CohortFlows flows;
    k::cohort_step(now.data(), survival.data(), 1.4, 1.05, migration, shapes, next.data(), flows);
    // Births by the definition over every age from 1 (the full sum the fertile range shortens).
    double years = 0.0;
    for (int a = 1; a < ages; ++a) {
      years += shapes.fertility(a) * 0.5 * (now(a, female) + next[std::size_t(female * ages + a)]);
    }
    CHECK(flows.births[0] + flows.births[1] == Approx(1.4 * years).epsilon(1e-14));
    // Each sex: persons next = persons now + births − deaths + migration.
    for (int g = 0; g < engine::kSexCount; ++g) {
      const double before = now.col(g).sum();
      double after = 0.0;
      for (int a = 0; a < ages; ++a) after += next[std::size_t(g * ages + a)];
      const std::size_t s = std::size_t(g);
      CHECK(after == Approx(before + flows.births[s] - flows.deaths[s] + flows.migration[s]).epsilon(1e-13));
      CHECK(flows.deaths[s] > 0.0);
    }
    CHECK(flows.migration[0] + flows.migration[1] == Approx(migration).epsilon(1e-9));
  }
}

TEST_CASE("life_table_functions: past a death rate of 2 or more nobody survives, and nothing is 0/0",
          "[kernel][life_table]") {
  // mx ≥ 2 with deaths in mid-year is a death probability of 1 (what the data format allows).
  const int ages = 106;
  Eigen::ArrayXd mx = Eigen::ArrayXd::LinSpaced(ages, -8.0, 0.0).exp();
  mx(50) = 2.5;
  std::vector<double> survival(ages), expectancy(ages);
  carecast::engine::kernel::life_table_functions(mx, carecast::engine::Sex::female, survival.data(), expectancy.data());
  for (int a = 0; a < ages; ++a) {
    INFO("age " << a);
    CHECK(std::isfinite(survival[std::size_t(a)]));
    CHECK(std::isfinite(expectancy[std::size_t(a)]));
  }
  CHECK(survival[49] > 0.0);
  CHECK(survival[50] == 0.0);  // person-years at 51 over those at 50: nobody reaches 51
  CHECK(survival[51] == 0.0);  // 0/0 before
  CHECK(survival[ages - 2] == 0.0);
  CHECK(expectancy[60] == 0.0);
  CHECK(expectancy[0] < 51.0);
}

TEST_CASE("format_value: shortest round-trip text, and no minus sign on zero", "[kernel]") {
  CHECK(engine::format_value(120.0) == "120");
  CHECK(engine::format_value(0.005) == "0.005");
  CHECK(engine::format_value(-0.5) == "-0.5");
  CHECK(engine::format_value(-0.0) == "0");  // e.g. the range "[-0, 26.1]" of a rule, from rounding −0.0
  CHECK(engine::format_value(std::round(-1000.0 * 0.0) / 10.0) == "0");
}
