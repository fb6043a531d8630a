#include "carecast/engine/distributions.hpp"
#include "carecast/engine/random.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace carecast::engine;

namespace {

// Kolmogorov–Smirnov statistic of 10^5 draws (fixed key) against the distribution's own CDF.
constexpr std::size_t kDraws = 100000;
// Critical value of D at the 0.1 % level for n = 10^5: 1.9495 / sqrt(n) (asymptotic
// Kolmogorov distribution). The draws are deterministic, so the test cannot flake; a broken
// inverse CDF gives D of order 0.01 to 1.
const double kCriticalD = 1.9495 / std::sqrt(double(kDraws));

std::vector<double> sample(const Distribution& d, const std::string& name) {
  const RandomStream stream(20240501, stream_id(name));
  std::vector<double> x(kDraws);
  for (std::size_t i = 0; i < kDraws; ++i) x[i] = d.quantile(stream.uniform(i));
  return x;
}

double ks_statistic(std::vector<double> x, const Distribution& d) {
  std::sort(x.begin(), x.end());
  const double n = double(x.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = d.cdf(x[i]);
    worst = std::max({worst, f - double(i) / n, double(i + 1) / n - f});
  }
  return worst;
}

double sample_mean(const std::vector<double>& x) {
  double sum = 0.0;
  for (double v : x) sum += v;
  return sum / double(x.size());
}

double sample_variance(const std::vector<double>& x) {
  const double m = sample_mean(x);
  double sum = 0.0;
  for (double v : x) sum += (v - m) * (v - m);
  return sum / double(x.size() - 1);
}

double binomial_beta(double x, int a, int b) {  // I_x(a,b) for whole a, b
  const int n = a + b - 1;
  double sum = 0.0;
  for (int j = a; j <= n; ++j) sum += std::tgamma(n + 1.0) / (std::tgamma(j + 1.0) * std::tgamma(n - j + 1.0)) *
                                      std::pow(x, j) * std::pow(1.0 - x, n - j);
  return sum;
}

}  // namespace

TEST_CASE("the inverse normal CDF (AS 241) is accurate to about 1e-15", "[distributions]") {
  CHECK(normal_quantile(0.5) == 0.0);
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
  CHECK(normal_quantile(0.999) == Approx(3.090232306167813).epsilon(1e-14));
  CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-14));
  CHECK(normal_quantile(0.025) == Approx(-normal_quantile(0.975)).epsilon(1e-14));
  // Round trip against erfc (an independent implementation) over 1e-300 .. 1 − 1e-6; in the
  // far tail the round trip magnifies a relative error δ of z by |z|² (|z| = 37 at 1e-300).
  for (double p : {1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.02425, 0.1, 0.3, 0.425, 0.5, 0.6, 0.9, 0.97575, 0.999999}) {
    CHECK(normal_cdf(normal_quantile(p)) == Approx(p).epsilon(1e-12));
  }
}

TEST_CASE("the incomplete beta function and its inverse", "[distributions]") {
  for (int a : {1, 2, 3, 5}) {
    for (int b : {1, 2, 4}) {
      const double lb = log_beta_function(a, b);
      for (double x : {0.01, 0.2, 0.5, 0.77, 0.99}) {
        CHECK(incomplete_beta(x, a, b, lb) == Approx(binomial_beta(x, a, b)).epsilon(1e-12));
        CHECK(incomplete_beta_inverse(incomplete_beta(x, a, b, lb), a, b, lb) == Approx(x).epsilon(1e-10));
      }
    }
  }
  const double a = 2.2, b = 3.8, lb = log_beta_function(a, b);
  for (double x : {0.05, 0.3, 0.6, 0.95}) {
    CHECK(incomplete_beta(x, a, b, lb) == Approx(1.0 - incomplete_beta(1.0 - x, b, a, lb)).epsilon(1e-13));
  }
  CHECK(incomplete_beta(0.3, 2.5, 1.0, log_beta_function(2.5, 1.0)) == Approx(std::pow(0.3, 2.5)).epsilon(1e-13));
}

TEST_CASE("every sampler matches its distribution (Kolmogorov-Smirnov, 1e5 draws, 0.1 % level)",
          "[distributions][statistics]") {
  const std::vector<std::pair<std::string, Distribution>> cases{
      {"normal", Distribution::normal(1.0, 0.3)},
      {"lognormal", Distribution::lognormal(std::log(30000.0), 0.25)},
      {"uniform", Distribution::uniform(0.0, 2.0)},
      {"triangular", Distribution::triangular(1.2, 1.5, 1.9)},
      {"triangular-left", Distribution::triangular(0.0, 0.0, 1.0)},
      {"pert", Distribution::pert(0.0, 0.5, 2.0)},
      {"pert-skewed", Distribution::pert(80.0, 88.0, 90.0)},
      {"truncated-normal", Distribution::normal(1.0, 1.0).truncated(0.0, 2.5)},
      {"truncated-normal-upper-tail", Distribution::normal(0.0, 1.0).truncated(3.0, 4.5)},
      {"truncated-normal-one-sided", Distribution::normal(0.5, 0.4).truncated(0.0, INFINITY)},
      {"truncated-lognormal", Distribution::lognormal(0.0, 0.5).truncated(0.8, 2.0)},
      {"truncated-triangular", Distribution::triangular(0.0, 1.0, 3.0).truncated(0.5, 2.0)},
      {"truncated-pert", Distribution::pert(0.0, 0.3, 1.0).truncated(0.2, 0.9)},
      {"truncated-uniform", Distribution::uniform(-1.0, 1.0).truncated(0.0, 5.0)},
  };
  for (const auto& [name, distribution] : cases) {
    INFO(name);
    REQUIRE(distribution.problem().empty());
    const std::vector<double> x = sample(distribution, name);
    CHECK(ks_statistic(x, distribution) < kCriticalD);
    if (!distribution.is_truncated()) {
      // Moments against the formulas: within 5 standard errors.
      const double se_mean = std::sqrt(distribution.variance() / double(kDraws));
      CHECK(std::abs(sample_mean(x) - distribution.mean()) < 5.0 * se_mean);
      CHECK(sample_variance(x) == Approx(distribution.variance()).epsilon(0.03));
    }
    for (double v : x) {
      REQUIRE(v >= distribution.lower());
      REQUIRE(v <= distribution.upper());
    }
  }
}

TEST_CASE("the samplers are monotone in u and hit their bounds", "[distributions]") {
  const Distribution tri = Distribution::triangular(1.0, 2.0, 4.0);
  CHECK(tri.quantile(1e-16) == Approx(1.0).margin(1e-6));
  CHECK(tri.quantile(1.0 - 1e-16) == Approx(4.0).margin(1e-6));
  const Distribution pert = Distribution::pert(0.0, 0.3, 1.0);
  double previous = -1.0;
  for (int i = 1; i < 1000; ++i) {
    const double v = pert.quantile(i / 1000.0);
    REQUIRE(v >= previous);
    previous = v;
  }
  CHECK(Distribution::pert(0.0, 0.5, 1.0).quantile(0.5) == Approx(0.5).margin(1e-12));
  CHECK(Distribution::pert(2.0, 3.0, 6.0).mean() == Approx(20.0 / 6.0));
}

TEST_CASE("a choice picks each alternative with its weight (chi-square, 1e5 draws)", "[distributions][statistics]") {
  const Distribution d = Distribution::choice({1.0, 2.0, 1.0});
  const std::vector<double> x = sample(d, "population-variant");
  double counts[3] = {0, 0, 0};
  for (double v : x) {
    REQUIRE((v == 0.0 || v == 1.0 || v == 2.0));
    counts[int(v)] += 1.0;
  }
  const double expected[3] = {0.25 * kDraws, 0.5 * kDraws, 0.25 * kDraws};
  double chi2 = 0.0;
  for (int i = 0; i < 3; ++i) chi2 += (counts[i] - expected[i]) * (counts[i] - expected[i]) / expected[i];
  CHECK(chi2 < 13.816);  // 2 degrees of freedom, 0.1 % level
  CHECK(d.quantile(0.5) == 1.0);  // the median alternative
  // Weights whose sum overflows a double keep their shares (every draw took the last before).
  const Distribution huge = Distribution::choice({1e308, 1e308});
  CHECK(huge.problem().empty());
  CHECK(huge.quantile(0.25) == 0.0);
  CHECK(huge.quantile(0.75) == 1.0);
  CHECK(Distribution::choice({0.0, 1.0, 0.0}).degenerate());
  CHECK(Distribution::choice({0.0, 1.0, 0.0}).quantile(0.999) == 1.0);
}

TEST_CASE("degenerate distributions give their value", "[distributions]") {
  for (const Distribution& d : {Distribution::fixed(0.7), Distribution::normal(0.7, 0.0), Distribution::uniform(0.7, 0.7),
                                Distribution::triangular(0.7, 0.7, 0.7), Distribution::pert(0.7, 0.7, 0.7),
                                Distribution::normal(0.7, 0.0).truncated(0.0, 1.0)}) {
    REQUIRE(d.problem().empty());
    CHECK(d.degenerate());
    CHECK(d.quantile(0.01) == 0.7);
    CHECK(d.quantile(0.99) == 0.7);
  }
  CHECK(Distribution::lognormal(std::log(2.0), 0.0).quantile(0.3) == Approx(2.0).epsilon(1e-15));
}

TEST_CASE("a normal truncated as far into the tail as a double reaches is drawn to full precision", "[distributions]") {
  // [−36.5, −36.4] holds a probability of about 2.1e-290: its draws spread over the interval
  // (beyond z = −37 they were all one value when the probabilities were clamped at 1e-300).
  for (const double sign : {-1.0, 1.0}) {
    const Distribution d = Distribution::normal(0.0, 1.0).truncated(sign > 0 ? 36.4 : -36.5, sign > 0 ? 36.5 : -36.4);
    CHECK(d.problem().empty());
    const double low = d.quantile(0.01), middle = d.quantile(0.5), high = d.quantile(0.99);
    CHECK(low >= -36.5);
    CHECK(low < middle);
    CHECK(middle < high);
    CHECK(high <= 36.5);
    // The median: Φ(z) halfway between the bounds' tail probabilities; the density falls by
    // e^(−|z|·dz), so it lies near the inner bound.
    CHECK(middle == Approx(sign * 36.4186).margin(1e-3));
  }
  // An interval reaching beyond z = 37.5, where the tail probabilities are no longer normal
  // doubles, still draws spread values when it holds enough (about 7e-292 here), and its draws
  // beyond 37.5 are as rare as the probability says.
  const Distribution wide = Distribution::normal(0.0, 1.0).truncated(36.45, 40.0);
  CHECK(wide.problem().empty());
  CHECK(wide.quantile(0.01) < wide.quantile(0.5));
  CHECK(wide.quantile(0.5) < wide.quantile(0.99));
  CHECK(wide.quantile(0.99) < 37.0);
}

TEST_CASE("invalid distributions name the broken rule", "[distributions]") {
  CHECK(Distribution::normal(1.0, -0.1).problem() == "sd must be \u2265 0");
  CHECK(Distribution::lognormal(1.0, -0.1).problem() == "sdlog must be \u2265 0");
  CHECK(Distribution::uniform(2.0, 1.0).problem() == "min must be \u2264 max");
  CHECK(Distribution::triangular(0.0, 2.0, 1.0).problem() == "must satisfy min \u2264 mode \u2264 max");
  CHECK(Distribution::pert(0.0, -1.0, 1.0).problem() == "must satisfy min \u2264 mode \u2264 max");
  CHECK(Distribution::choice({}).problem() == "needs at least one alternative");
  CHECK(Distribution::choice({0.0, 0.0}).problem() == "weights must be \u2265 0 with a positive sum");
  CHECK(Distribution::choice({1.0, -1.0}).problem() == "weights must be \u2265 0 with a positive sum");
  CHECK(Distribution::normal(0.0, 1.0).truncated(2.0, 1.0).problem() == "truncation needs lower \u2264 upper");
  CHECK(Distribution::normal(0.0, 1.0).truncated(60.0, 70.0).problem() == "the truncation interval has no probability");
  CHECK(Distribution::uniform(0.0, 1.0).truncated(2.0, 3.0).problem() == "the truncation interval has no probability");
  CHECK_THAT(Distribution::normal(0.0, 1.0).truncated(-38.5, -38.0).problem(),
             Catch::Matchers::StartsWith("the truncation interval's probability, ") &&
                 Catch::Matchers::EndsWith(", is below 1e-292: it lies too far in the tail to draw from at full precision"));
  CHECK(!Distribution::normal(0.0, 1.0).truncated(37.5, 38.5).problem().empty());  // 4.6e-308 inside
  CHECK(Distribution::fixed(5.0).truncated(0.0, 1.0).problem() == "the value lies outside the truncation interval");
  CHECK(Distribution::choice({1.0, 1.0}).truncated(0.0, 1.0).problem() == "a choice cannot be truncated");
  CHECK(Distribution::normal(NAN, 1.0).problem() == "parameters must be finite numbers");
}
