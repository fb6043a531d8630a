#include "carecast/engine/life_table.hpp"

#include "carecast/engine/check.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace carecast::engine {
namespace {

// Coale–Demeny separation factor for age 0 (share of the first year lived by infants who
// die), as used by the Human Mortality Database's methods protocol for low mortality.
double infant_separation_factor(double m0, Sex sex) {
  if (sex == Sex::female) return m0 >= 0.107 ? 0.35 : 0.053 + 2.800 * m0;
  return m0 >= 0.107 ? 0.33 : 0.045 + 2.684 * m0;
}

double probability_of_dying(double mx, double ax) { return mx / (1.0 + (1.0 - ax) * mx); }

}  // namespace

LifeTable life_table(const Eigen::ArrayXd& mx, Sex sex) {
  const Eigen::Index n = mx.size();
  CARECAST_CHECK(n >= 2, "a life table needs at least two ages");
  CARECAST_CHECK(mx(n - 1) > 0.0, "the open age group needs a positive death rate");
  LifeTable table;
  table.qx.resize(n);
  table.lx.resize(n);
  table.Lx.resize(n);
  table.Tx.resize(n);
  table.ex.resize(n);
  double survivors = 1.0;
  for (Eigen::Index a = 0; a < n; ++a) {
    table.lx(a) = survivors;
    if (a == n - 1) {
      table.qx(a) = 1.0;
      table.Lx(a) = survivors / mx(a);
      break;
    }
    const double ax = a == 0 ? infant_separation_factor(mx(0), sex) : 0.5;
    const double qx = std::min(1.0, probability_of_dying(mx(a), ax));
    const double deaths = survivors * qx;
    table.qx(a) = qx;
    table.Lx(a) = survivors - (1.0 - ax) * deaths;
    survivors -= deaths;
  }
  double person_years_above = 0.0;
  for (Eigen::Index a = n - 1; a >= 0; --a) {
    person_years_above += table.Lx(a);
    table.Tx(a) = person_years_above;
    table.ex(a) = table.lx(a) > 0.0 ? person_years_above / table.lx(a) : 0.0;
  }
  return table;
}

double life_expectancy_at_birth(const Eigen::ArrayXd& mx, Sex sex) {
  const Eigen::Index n = mx.size();
  double survivors = 1.0;
  double person_years = 0.0;
  for (Eigen::Index a = 0; a + 1 < n; ++a) {
    const double ax = a == 0 ? infant_separation_factor(mx(0), sex) : 0.5;
    const double deaths = survivors * std::min(1.0, probability_of_dying(mx(a), ax));
    person_years += survivors - (1.0 - ax) * deaths;
    survivors -= deaths;
  }
  return person_years + survivors / mx(n - 1);
}

namespace {

// e0 of the rates mx · exp(minus_shift · pattern), computed on the fly (no temporary array):
// the arithmetic of life_expectancy_at_birth, age by age.
double shifted_life_expectancy(const Eigen::ArrayXd& mx, const Eigen::ArrayXd& pattern, Sex sex, double minus_shift) {
  const Eigen::Index n = mx.size();
  double survivors = 1.0;
  double person_years = 0.0;
  const double m0 = mx(0) * std::exp(minus_shift * pattern(0));
  for (Eigen::Index a = 0; a + 1 < n; ++a) {
    const double m = a == 0 ? m0 : mx(a) * std::exp(minus_shift * pattern(a));
    const double ax = a == 0 ? infant_separation_factor(m0, sex) : 0.5;
    const double deaths = survivors * std::min(1.0, probability_of_dying(m, ax));
    person_years += survivors - (1.0 - ax) * deaths;
    survivors -= deaths;
  }
  return person_years + survivors / (mx(n - 1) * std::exp(minus_shift * pattern(n - 1)));
}

}  // namespace

double mortality_shift_for_e0(const Eigen::ArrayXd& mx, const Eigen::ArrayXd& pattern, Sex sex, double target_e0,
                              double hint) {
  // e0 rises monotonically with κ; solve by the Illinois variant of regula falsi, which keeps
  // a bracket (robust) but converges superlinearly. `gap` falls as its argument rises, like
  // a scale would. With a hint (the previous year's κ), the bracket starts 0.05 either
  // side of it (0.05: a year moves κ by about 0.02 in the Norwegian paths) and falls back to the
  // full range when it does not hold the root.
  auto gap = [&](double minus_shift) { return shifted_life_expectancy(mx, pattern, sex, minus_shift) - target_e0; };
  constexpr double kRange = 20.0;
  double low = -kRange, high = kRange;
  double gap_low = 0.0, gap_high = 0.0;
  bool bracketed = false;
  if (std::isfinite(hint)) {
    low = std::max(-kRange, -hint - 0.05);
    high = std::min(kRange, -hint + 0.05);
    gap_low = gap(low);
    gap_high = gap(high);
    bracketed = gap_low >= 0.0 && gap_high <= 0.0;
  }
  if (!bracketed) {
    low = -kRange;
    high = kRange;
    gap_low = gap(low);
    gap_high = gap(high);
  }
  if (gap_low < 0.0 || gap_high > 0.0) {
    throw std::domain_error("life expectancy " + std::to_string(target_e0) +
                            " cannot be reached by moving the base death rates");
  }
  int side = 0;
  for (int iteration = 0; iteration < 100; ++iteration) {
    const double mid = (low * gap_high - high * gap_low) / (gap_high - gap_low);
    const double gap_mid = gap(mid);
    if (std::abs(gap_mid) < 1e-10 || high - low < 1e-13) return -mid;
    if (gap_mid > 0.0) {  // still too long-lived: raise the scale
      low = mid;
      gap_low = gap_mid;
      if (side == -1) gap_high /= 2.0;
      side = -1;
    } else {
      high = mid;
      gap_high = gap_mid;
      if (side == 1) gap_low /= 2.0;
      side = 1;
    }
  }
  return -0.5 * (low + high);
}

}  // namespace carecast::engine
