// Probability distributions of uncertain scenario parameters (MODEL.md §6).
//
// Every distribution is sampled by its inverse CDF: a draw is quantile(u) of one uniform u
// in (0,1) from a counter-based stream (random.hpp). One uniform per parameter and draw is
// what Saltelli's Sobol design needs (its matrices are matrices of uniforms), and the inverse
// CDFs here are carecast's own code, so results do not depend on a standard library.
#pragma once

#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carecast::engine {

enum class DistributionKind { fixed, normal, lognormal, uniform, triangular, pert, choice };

// The one table of distribution names, shared by the sweep-file parser, its reference and
// the manifest writer.
inline constexpr std::array<std::pair<std::string_view, DistributionKind>, 7> kDistributionKinds{{
    {"fixed", DistributionKind::fixed},
    {"normal", DistributionKind::normal},
    {"lognormal", DistributionKind::lognormal},
    {"uniform", DistributionKind::uniform},
    {"triangular", DistributionKind::triangular},
    {"pert", DistributionKind::pert},
    {"choice", DistributionKind::choice},
}};
std::string_view distribution_name(DistributionKind kind);

// Standard normal distribution: Φ(z) and its inverse Φ⁻¹(p) (Wichura 1988, algorithm AS 241
// PPND16: relative error about 1e-16 for 1e-300 < p < 1 − 1e-16).
double normal_cdf(double z);
double normal_quantile(double p);

// Regularised incomplete beta function I_x(a, b) (continued fraction, modified Lentz), and its
// inverse in x (safeguarded Newton), for a, b > 0. `log_beta` is ln B(a, b) (std::lgamma is
// not thread-safe in glibc, so callers pass it in).
double incomplete_beta(double x, double a, double b, double log_beta);
double incomplete_beta_inverse(double p, double a, double b, double log_beta);
double log_beta_function(double a, double b);

// A distribution over real numbers (or over the indices 0..n−1 of named alternatives, for
// `choice`). Build with the named constructors; a distribution may be invalid (a negative
// standard deviation, min > max …): problem() then names the broken rule, and the
// configuration layer reports it with the file location. Sampling an invalid distribution is
// a programming error (checked).
class Distribution {
 public:
  Distribution() = default;  // fixed at 0
  static Distribution fixed(double value);
  static Distribution normal(double mean, double sd);          // sd ≥ 0 (0: fixed at mean)
  static Distribution lognormal(double meanlog, double sdlog);  // of ln X; sdlog ≥ 0
  static Distribution uniform(double min, double max);         // min ≤ max
  static Distribution triangular(double min, double mode, double max);
  // PERT (beta-PERT, λ = 4): min + (max − min)·Beta(α, β), α = 1 + 4(mode − min)/(max − min),
  // β = 1 + 4(max − mode)/(max − min); mean (min + 4·mode + max)/6.
  static Distribution pert(double min, double mode, double max);
  // Alternative i with probability weights[i] / Σ weights; every weight ≥ 0, some > 0. Values
  // are the indices 0, 1, … (as doubles).
  static Distribution choice(std::vector<double> weights);

  // The same distribution conditioned on [lower, upper] (±infinity for no bound); not for
  // `choice`. Sampling stays a single inverse-CDF transform:
  //   x = F⁻¹(F(lower) + u·(F(upper) − F(lower))).
  Distribution truncated(double lower, double upper) const;

  // Empty when the distribution can be sampled, else the rule broken, e.g. "sd must be ≥ 0".
  std::string problem() const;

  DistributionKind kind() const { return kind_; }
  // The value for a uniform u in (0,1): the inverse CDF. Monotone non-decreasing in u.
  double quantile(double u) const;
  // P(X ≤ x) (of the truncated distribution when truncated).
  double cdf(double x) const;
  // Mean and variance of the untruncated distribution (for tests and documentation).
  double mean() const;
  double variance() const;
  // True when every draw gives the same value.
  bool degenerate() const;

  // Parameters as written in a sweep file, in a fixed order, for manifests:
  // {{"mean", 1.0}, {"sd", 0.3}, {"lower", 0}, …}.
  std::vector<std::pair<std::string, double>> parameters() const;
  const std::vector<double>& weights() const { return weights_; }
  bool is_truncated() const { return truncated_; }
  double lower() const { return lower_; }
  double upper() const { return upper_; }

 private:
  double untruncated_cdf(double x) const;
  double untruncated_quantile(double p) const;

  DistributionKind kind_ = DistributionKind::fixed;
  double a_ = 0.0, b_ = 0.0, c_ = 0.0;  // see the constructors: (value), (mean, sd), (min, max, mode)
  std::vector<double> weights_;         // choice: normalised, cumulative in cumulative_
  std::vector<double> cumulative_;
  double alpha_ = 0.0, beta_ = 0.0, log_beta_ = 0.0;  // PERT shape
  bool truncated_ = false;
  double lower_ = -std::numeric_limits<double>::infinity();
  double upper_ = std::numeric_limits<double>::infinity();
  double cdf_lower_ = 0.0, cdf_upper_ = 1.0;  // F(lower), F(upper) of the untruncated distribution
};

}  // namespace carecast::engine
