#include "carecast/engine/distributions.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace carecast::engine {

std::string_view distribution_name(DistributionKind kind) {
  for (const auto& [name, value] : kDistributionKinds) {
    if (value == kind) return name;
  }
  return "?";
}

// ---------------------------------------------------------------------------------------
// Standard normal.

double normal_cdf(double z) { return 0.5 * std::erfc(-z * 0.70710678118654752440); }

double normal_quantile(double p) {
  // Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal
  // distribution. Applied Statistics 37(3), 477–484. PPND16, coefficients as published.
  CARECAST_CHECK(p > 0.0 && p < 1.0, "normal_quantile needs 0 < p < 1");
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r +
                4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
             1.3314166789178437745e+2) * r + 3.3871328727963666080e+0) /
           (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r +
                2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
             4.2313330701600911252e+1) * r + 1.0);
  }
  double r = q < 0.0 ? p : 1.0 - p;
  r = std::sqrt(-std::log(r));
  double value;
  if (r <= 5.0) {
    r -= 1.6;
    value = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
                 1.27045825245236838258e+0) * r + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r +
              4.63033784615654529590e+0) * r + 1.42343711074968357734e+0) /
            (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
                 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r +
              2.05319162663775882187e+0) * r + 1.0);
  } else {
    r -= 5.0;
    value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
                 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r +
              5.46378491116411436990e+0) * r + 6.65790464350110377720e+0) /
            (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
                 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
              5.99832206555887937690e-1) * r + 1.0);
  }
  return q < 0.0 ? -value : value;
}

// ---------------------------------------------------------------------------------------
// Incomplete beta.

double log_beta_function(double a, double b) {
  // Called once per distribution, at construction (lgamma writes the global signgam).
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

namespace {

// Continued fraction for I_x(a,b) (Abramowitz & Stegun 26.5.8), evaluated by the modified
// Lentz method; converges fast for x < (a + 1)/(a + b + 2).
double beta_continued_fraction(double x, double a, double b) {
  constexpr double tiny = 1e-300, epsilon = 1e-16;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::abs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double fraction = d;
  for (int m = 1; m <= 1000; ++m) {
    const double m2 = 2.0 * m;
    double term = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));  // even step
    d = 1.0 + term * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1.0 + term / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    fraction *= d * c;
    term = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));  // odd step
    d = 1.0 + term * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1.0 + term / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    fraction *= delta;
    if (std::abs(delta - 1.0) < epsilon) break;
  }
  return fraction;
}

}  // namespace

double incomplete_beta(double x, double a, double b, double log_beta) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front = std::exp(a * std::log(x) + b * std::log1p(-x) - log_beta);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(x, a, b) / a;
  return 1.0 - front * beta_continued_fraction(1.0 - x, b, a) / b;
}

double incomplete_beta_inverse(double p, double a, double b, double log_beta) {
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  // Halley steps on f(x) = I_x − p (f' the beta density, f''/f' = (a−1)/x − (b−1)/(1−x):
  // cubic convergence, so each draw evaluates I_x about three times instead of six), kept
  // inside a shrinking bracket (bisection whenever a step would leave it), to a step below
  // 1e-15.
  double low = 0.0, high = 1.0;
  double x = a / (a + b);  // the mean, where the start below does not apply
  if (a >= 1.0 && b >= 1.0) {
    // Start: the normal approximation of Abramowitz and Stegun (1964), 26.5.22, with y the
    // upper p-quantile of the standard normal: x = a / (a + b·e^(2w)),
    // w = y·√(h + λ)/h − (1/(2b−1) − 1/(2a−1))·(λ + 5/6 − 2/(3h)), λ = (y² − 3)/6,
    // h = 2/(1/(2a−1) + 1/(2b−1)). Close enough that Halley's steps need two or three evaluations.
    const double y = -normal_quantile(p);
    const double lambda = (y * y - 3.0) / 6.0;
    const double h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
    const double w = y * std::sqrt(h + lambda) / h -
                     (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (lambda + 5.0 / 6.0 - 2.0 / (3.0 * h));
    const double start = a / (a + b * std::exp(2.0 * w));
    if (start > 0.0 && start < 1.0) x = start;
  }
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double gap = incomplete_beta(x, a, b, log_beta) - p;
    if (gap == 0.0) return x;
    if (gap > 0.0) high = x;
    else low = x;
    const double density = std::exp((a - 1.0) * std::log(x) + (b - 1.0) * std::log1p(-x) - log_beta);
    const double newton = gap / density;
    const double curvature = (a - 1.0) / x - (b - 1.0) / (1.0 - x);
    const double denominator = 1.0 - 0.5 * newton * curvature;
    const double step = denominator > 0.5 ? newton / denominator : newton;  // Newton where Halley is unsteady
    double next = density > 0.0 ? x - step : 0.5 * (low + high);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (std::abs(next - x) < 1e-15 || high - low < 1e-15) return next;
    x = next;
  }
  return x;
}

// ---------------------------------------------------------------------------------------
// Distribution.

Distribution Distribution::fixed(double value) {
  Distribution d;
  d.kind_ = DistributionKind::fixed;
  d.a_ = value;
  return d;
}

Distribution Distribution::normal(double mean, double sd) {
  Distribution d;
  d.kind_ = DistributionKind::normal;
  d.a_ = mean;
  d.b_ = sd;
  return d;
}

Distribution Distribution::lognormal(double meanlog, double sdlog) {
  Distribution d = normal(meanlog, sdlog);
  d.kind_ = DistributionKind::lognormal;
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  Distribution d;
  d.kind_ = DistributionKind::uniform;
  d.a_ = min;
  d.b_ = max;
  return d;
}

Distribution Distribution::triangular(double min, double mode, double max) {
  Distribution d;
  d.kind_ = DistributionKind::triangular;
  d.a_ = min;
  d.b_ = max;
  d.c_ = mode;
  return d;
}

Distribution Distribution::pert(double min, double mode, double max) {
  Distribution d = triangular(min, mode, max);
  d.kind_ = DistributionKind::pert;
  if (min < max && min <= mode && mode <= max) {
    d.alpha_ = 1.0 + 4.0 * (mode - min) / (max - min);
    d.beta_ = 1.0 + 4.0 * (max - mode) / (max - min);
    d.log_beta_ = log_beta_function(d.alpha_, d.beta_);
  }
  return d;
}

Distribution Distribution::choice(std::vector<double> weights) {
  Distribution d;
  d.kind_ = DistributionKind::choice;
  double total = 0.0;
  bool valid = !weights.empty();
  for (double w : weights) {
    if (!(std::isfinite(w) && w >= 0.0)) valid = false;
    total += w;
  }
  d.weights_ = std::move(weights);
  if (valid && std::isinf(total)) {
    // Weights near the largest double overflow their sum: the same shares from the weights
    // divided by the largest.
    const double largest = *std::max_element(d.weights_.begin(), d.weights_.end());
    total = 0.0;
    for (double& w : d.weights_) total += (w /= largest);
  }
  if (valid && total > 0.0) {
    double running = 0.0;
    for (double& w : d.weights_) {
      w /= total;
      running += w;
      d.cumulative_.push_back(running);
    }
    d.cumulative_.back() = 1.0;
  }
  return d;
}

Distribution Distribution::truncated(double lower, double upper) const {
  Distribution d = *this;
  d.truncated_ = true;
  d.lower_ = lower;
  d.upper_ = upper;
  if (problem().empty() && !degenerate() && kind_ != DistributionKind::choice && lower <= upper) {
    d.cdf_lower_ = untruncated_cdf(lower);
    d.cdf_upper_ = untruncated_cdf(upper);
  }
  return d;
}

bool Distribution::degenerate() const {
  switch (kind_) {
    case DistributionKind::fixed: return true;
    case DistributionKind::normal:
    case DistributionKind::lognormal: return b_ == 0.0;
    case DistributionKind::uniform:
    case DistributionKind::triangular:
    case DistributionKind::pert: return a_ == b_;
    case DistributionKind::choice: return std::count_if(weights_.begin(), weights_.end(), [](double w) { return w > 0.0; }) == 1;
  }
  return false;
}

std::string Distribution::problem() const {
  auto finite = [](std::initializer_list<double> values) {
    return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
  };
  switch (kind_) {
    case DistributionKind::fixed:
      if (!finite({a_})) return "value must be a finite number";
      break;
    case DistributionKind::normal:
    case DistributionKind::lognormal: {
      const char* sd = kind_ == DistributionKind::normal ? "sd" : "sdlog";
      if (!finite({a_, b_})) return "parameters must be finite numbers";
      if (b_ < 0.0) return std::string(sd) + " must be \u2265 0";
      break;
    }
    case DistributionKind::uniform:
      if (!finite({a_, b_})) return "min and max must be finite numbers";
      if (a_ > b_) return "min must be \u2264 max";
      break;
    case DistributionKind::triangular:
    case DistributionKind::pert:
      if (!finite({a_, b_, c_})) return "min, mode and max must be finite numbers";
      if (!(a_ <= c_ && c_ <= b_)) return "must satisfy min \u2264 mode \u2264 max";
      break;
    case DistributionKind::choice:
      if (weights_.empty()) return "needs at least one alternative";
      if (cumulative_.empty()) return "weights must be \u2265 0 with a positive sum";
      if (truncated_) return "a choice cannot be truncated";
      break;
  }
  if (truncated_) {
    if (std::isnan(lower_) || std::isnan(upper_) || lower_ > upper_) return "truncation needs lower \u2264 upper";
    if (degenerate()) {
      const double value = untruncated_quantile(0.5);
      if (value < lower_ || value > upper_) return "the value lies outside the truncation interval";
    } else {
      // Probability left inside the bounds (computed in the tail where it is accurate).
      double inside = cdf_upper_ - cdf_lower_;
      if (kind_ == DistributionKind::normal || kind_ == DistributionKind::lognormal) {
        const double lo = kind_ == DistributionKind::lognormal ? (lower_ > 0.0 ? std::log(lower_) : -INFINITY) : lower_;
        const double hi = kind_ == DistributionKind::lognormal ? (upper_ > 0.0 ? std::log(upper_) : -INFINITY) : upper_;
        const double z_lo = (lo - a_) / b_, z_hi = (hi - a_) / b_;
        inside = z_lo > 0.0 ? normal_cdf(-z_lo) - normal_cdf(-z_hi) : normal_cdf(z_hi) - normal_cdf(z_lo);
      }
      if (!(inside > 0.0)) return "the truncation interval has no probability";
      // Probabilities below the smallest normal double (2.2e-308) lose digits, so quantile()
      // draws them at that double (z ≈ ±37.5). That touches at most one draw in 2^52 where the
      // interval holds at least 2.2e-308 / 2^-52 ≈ 1e-292 (z ≈ ±36.5); less is refused.
      constexpr double kLeast = std::numeric_limits<double>::min() / std::numeric_limits<double>::epsilon();
      if (inside < kLeast) {
        return "the truncation interval's probability, " + format_value(inside) +
               ", is below 1e-292: it lies too far in the tail to draw from at full precision";
      }
    }
  }
  return "";
}

double Distribution::untruncated_cdf(double x) const {
  switch (kind_) {
    case DistributionKind::fixed: return x < a_ ? 0.0 : 1.0;
    case DistributionKind::normal: return b_ == 0.0 ? (x < a_ ? 0.0 : 1.0) : normal_cdf((x - a_) / b_);
    case DistributionKind::lognormal:
      if (x <= 0.0) return 0.0;
      return b_ == 0.0 ? (std::log(x) < a_ ? 0.0 : 1.0) : normal_cdf((std::log(x) - a_) / b_);
    case DistributionKind::uniform:
      if (x < a_) return 0.0;
      if (x >= b_) return 1.0;
      return (x - a_) / (b_ - a_);
    case DistributionKind::triangular:
      if (x < a_) return 0.0;
      if (x >= b_) return 1.0;
      if (x <= c_) return (x - a_) * (x - a_) / ((b_ - a_) * (c_ - a_));
      return 1.0 - (b_ - x) * (b_ - x) / ((b_ - a_) * (b_ - c_));
    case DistributionKind::pert:
      if (x < a_) return 0.0;
      if (x >= b_) return 1.0;
      return incomplete_beta((x - a_) / (b_ - a_), alpha_, beta_, log_beta_);
    case DistributionKind::choice: {
      if (x < 0.0) return 0.0;
      const auto index = std::size_t(std::floor(x));
      return index >= cumulative_.size() ? 1.0 : cumulative_[index];
    }
  }
  return 0.0;
}

double Distribution::untruncated_quantile(double p) const {
  switch (kind_) {
    case DistributionKind::fixed: return a_;
    case DistributionKind::normal: return b_ == 0.0 ? a_ : a_ + b_ * normal_quantile(p);
    case DistributionKind::lognormal: return std::exp(b_ == 0.0 ? a_ : a_ + b_ * normal_quantile(p));
    case DistributionKind::uniform: return a_ + (b_ - a_) * p;
    case DistributionKind::triangular: {
      if (a_ == b_) return a_;
      const double split = (c_ - a_) / (b_ - a_);
      if (p < split) return a_ + std::sqrt(p * (b_ - a_) * (c_ - a_));
      return b_ - std::sqrt((1.0 - p) * (b_ - a_) * (b_ - c_));
    }
    case DistributionKind::pert:
      if (a_ == b_) return a_;
      return a_ + (b_ - a_) * incomplete_beta_inverse(p, alpha_, beta_, log_beta_);
    case DistributionKind::choice: {
      const auto found = std::upper_bound(cumulative_.begin(), cumulative_.end(), p);
      return double(std::min<std::ptrdiff_t>(found - cumulative_.begin(), std::ptrdiff_t(cumulative_.size()) - 1));
    }
  }
  return 0.0;
}

double Distribution::quantile(double u) const {
  CARECAST_CHECK(u > 0.0 && u < 1.0, "quantile needs 0 < u < 1");
  if (!truncated_ || degenerate()) return untruncated_quantile(u);
  double value;
  if (kind_ == DistributionKind::normal || kind_ == DistributionKind::lognormal) {
    // Work on the standardised scale; in the upper tail reflect, so that the probabilities
    // used are small numbers (accurate) rather than numbers close to 1.
    const bool log_scale = kind_ == DistributionKind::lognormal;
    const double lo = log_scale ? (lower_ > 0.0 ? std::log(lower_) : -INFINITY) : lower_;
    const double hi = log_scale ? (upper_ > 0.0 ? std::log(upper_) : -INFINITY) : upper_;
    const double z_lo = (lo - a_) / b_, z_hi = (hi - a_) / b_;
    constexpr double kSmallest = std::numeric_limits<double>::min();  // see problem()
    double z;
    if (z_lo > 0.0) {
      const double p_far = normal_cdf(-z_hi), p_near = normal_cdf(-z_lo);
      z = -normal_quantile(std::clamp(p_near - u * (p_near - p_far), kSmallest, 1.0 - 1e-16));
    } else {
      const double p_lo = normal_cdf(z_lo), p_hi = normal_cdf(z_hi);
      z = normal_quantile(std::clamp(p_lo + u * (p_hi - p_lo), kSmallest, 1.0 - 1e-16));
    }
    z = std::clamp(z, z_lo, z_hi);
    value = log_scale ? std::exp(a_ + b_ * z) : a_ + b_ * z;
  } else {
    const double p = cdf_lower_ + u * (cdf_upper_ - cdf_lower_);
    value = untruncated_quantile(std::clamp(p, 0.0, 1.0));
  }
  return std::clamp(value, lower_, upper_);
}

double Distribution::cdf(double x) const {
  if (!truncated_) return untruncated_cdf(x);
  if (x < lower_) return 0.0;
  if (x >= upper_) return 1.0;
  if (degenerate()) return untruncated_cdf(x);
  if (kind_ == DistributionKind::normal || kind_ == DistributionKind::lognormal) {
    const bool log_scale = kind_ == DistributionKind::lognormal;
    auto scale = [&](double v) { return log_scale ? (v > 0.0 ? std::log(v) : -INFINITY) : v; };
    const double z_lo = (scale(lower_) - a_) / b_, z_hi = (scale(upper_) - a_) / b_, z = (scale(x) - a_) / b_;
    if (z_lo > 0.0) return (normal_cdf(-z_lo) - normal_cdf(-z)) / (normal_cdf(-z_lo) - normal_cdf(-z_hi));
    return (normal_cdf(z) - normal_cdf(z_lo)) / (normal_cdf(z_hi) - normal_cdf(z_lo));
  }
  return (untruncated_cdf(x) - cdf_lower_) / (cdf_upper_ - cdf_lower_);
}

double Distribution::mean() const {
  switch (kind_) {
    case DistributionKind::fixed: return a_;
    case DistributionKind::normal: return a_;
    case DistributionKind::lognormal: return std::exp(a_ + 0.5 * b_ * b_);
    case DistributionKind::uniform: return 0.5 * (a_ + b_);
    case DistributionKind::triangular: return (a_ + b_ + c_) / 3.0;
    case DistributionKind::pert: return (a_ + 4.0 * c_ + b_) / 6.0;
    case DistributionKind::choice: {
      double sum = 0.0;
      for (std::size_t i = 0; i < weights_.size(); ++i) sum += double(i) * weights_[i];
      return sum;
    }
  }
  return 0.0;
}

double Distribution::variance() const {
  switch (kind_) {
    case DistributionKind::fixed: return 0.0;
    case DistributionKind::normal: return b_ * b_;
    case DistributionKind::lognormal: return std::expm1(b_ * b_) * std::exp(2.0 * a_ + b_ * b_);
    case DistributionKind::uniform: return (b_ - a_) * (b_ - a_) / 12.0;
    case DistributionKind::triangular:
      return (a_ * a_ + b_ * b_ + c_ * c_ - a_ * b_ - a_ * c_ - b_ * c_) / 18.0;
    case DistributionKind::pert: {
      const double m = mean();
      return (m - a_) * (b_ - m) / 7.0;
    }
    case DistributionKind::choice: {
      const double m = mean();
      double sum = 0.0;
      for (std::size_t i = 0; i < weights_.size(); ++i) sum += (double(i) - m) * (double(i) - m) * weights_[i];
      return sum;
    }
  }
  return 0.0;
}

std::vector<std::pair<std::string, double>> Distribution::parameters() const {
  std::vector<std::pair<std::string, double>> out;
  switch (kind_) {
    case DistributionKind::fixed: out = {{"value", a_}}; break;
    case DistributionKind::normal: out = {{"mean", a_}, {"sd", b_}}; break;
    case DistributionKind::lognormal: out = {{"meanlog", a_}, {"sdlog", b_}}; break;
    case DistributionKind::uniform: out = {{"min", a_}, {"max", b_}}; break;
    case DistributionKind::triangular:
    case DistributionKind::pert: out = {{"min", a_}, {"mode", c_}, {"max", b_}}; break;
    case DistributionKind::choice:
      for (std::size_t i = 0; i < weights_.size(); ++i) out.emplace_back("weight" + std::to_string(i), weights_[i]);
      break;
  }
  if (truncated_) {
    if (std::isfinite(lower_)) out.emplace_back("lower", lower_);
    if (std::isfinite(upper_)) out.emplace_back("upper", upper_);
  }
  return out;
}

}  // namespace carecast::engine
