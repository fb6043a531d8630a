#include "carecast/engine/supply.hpp"

#include <algorithm>
#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"

namespace carecast::engine {

AgeSexArray death_probability(const AgeSexArray& mx) {
  // The usual conversion for a population exposed half a year on average (Chiang's a = 1/2).
  return (mx / (1.0 + 0.5 * mx)).min(1.0);
}

AgeSexArray step_supply(const AgeSexArray& stock, const AgeSexArray& death_probability,
                        const Eigen::ArrayXd& retirement, const Eigen::ArrayXd& leaving,
                        const AgeSexArray& graduates, const AgeSexArray& immigrants, SupplyFlows& flows) {
  const Eigen::Index ages = stock.rows();
  CARECAST_CHECK(ages >= 2 && death_probability.rows() == ages && retirement.size() == ages &&
                     leaving.size() == ages && graduates.rows() == ages && immigrants.rows() == ages,
                 "supply arrays must share the ages");
  CARECAST_CHECK((death_probability >= 0.0).all() && (death_probability <= 1.0).all() &&
                     (retirement >= 0.0).all() && (retirement <= 1.0).all() && (leaving >= 0.0).all() &&
                     (leaving <= 1.0).all(),
                 "supply rates must lie in [0, 1]");
  flows = SupplyFlows{};
  AgeSexArray next = AgeSexArray::Zero(ages, kSexCount);
  for (int g = 0; g < kSexCount; ++g) {
    for (Eigen::Index a = 0; a < ages; ++a) {
      // Each exit takes a fraction of what the previous ones left, so none can overdraw the cell.
      const double s = stock(a, g);
      const double deaths = s * death_probability(a, g);
      const double after_deaths = s - deaths;
      const double retired = after_deaths * retirement(a);
      const double after_retirement = after_deaths - retired;
      const double left = after_retirement * leaving(a);
      const double survivors = after_retirement - left;
      flows.deaths += deaths;
      flows.retirements += retired;
      flows.leavers += left;
      next(std::min(a + 1, ages - 1), g) += survivors;
    }
    // Inflows are counted by age at the end of the year.
    for (Eigen::Index a = 0; a < ages; ++a) {
      next(a, g) += graduates(a, g) + immigrants(a, g);
      flows.graduates += graduates(a, g);
      flows.immigrants += immigrants(a, g);
    }
  }
  return next;
}

Eigen::ArrayXd delayed_schedule(const Eigen::ArrayXd& rate, double delay) {
  if (delay == 0.0) return rate;
  const Eigen::Index n = rate.size();
  Eigen::ArrayXd out(n);
  for (Eigen::Index a = 0; a < n; ++a) {
    const double x = std::clamp(double(a) - delay, 0.0, double(n - 1));
    const auto low = static_cast<Eigen::Index>(std::floor(x));
    const Eigen::Index high = std::min(low + 1, n - 1);
    const double w = x - double(low);
    out(a) = (1.0 - w) * rate(low) + w * rate(high);
  }
  return out;
}

SupplyResult project_supply(const SupplyBase& base, const SupplyParameters& parameters,
                            const MortalityPath& mortality, int base_year, int end_year,
                            const std::vector<double>& demand_base_year) {
  CARECAST_CHECK(base.start_year <= base_year && base_year <= end_year, "supply years out of order");
  CARECAST_CHECK(!mortality.mx.empty(), "the supply needs death rates");
  const std::size_t n = base.professions.size();
  CARECAST_CHECK(!base.balance_in_base_year || demand_base_year.size() == n,
                 "one base-year demand per profession");
  const auto years = static_cast<std::size_t>(end_year - base.start_year + 1);
  const Eigen::ArrayXd retirement = delayed_schedule(base.retirement_rate, parameters.retirement_delay);

  // Death probabilities by year, shared by the professions.
  std::vector<AgeSexArray> q(years);
  for (std::size_t i = 0; i < years; ++i) {
    const int year = std::clamp(base.start_year + int(i), mortality.first_year, mortality.last_year());
    q[i] = death_probability(mortality.mx_in(year));
  }

  SupplyResult result;
  result.start_year = base.start_year;
  result.base_year = base_year;
  result.professions.resize(n);
  result.calibration.assign(n, 1.0);
  for (std::size_t k = 0; k < n; ++k) {
    const SupplyProfession& data = base.professions[k];
    CARECAST_CHECK(data.stock.rows() == q.front().rows(),
                   "the supply stock must cover the ages of the death rates");
    ProfessionSupply& out = result.professions[k];
    out.id = data.id;
    out.stock.reserve(years);
    out.stock.push_back(data.stock);
    out.flows.assign(years, SupplyFlows{});
    const auto chosen = parameters.graduates_per_year.find(data.id);
    for (std::size_t i = 0; i + 1 < years; ++i) {
      const bool scenario_year = base.start_year + int(i) >= base_year;
      double graduates = data.graduates;
      double immigrants = data.immigrants;
      if (scenario_year) {
        graduates = chosen != parameters.graduates_per_year.end()
                        ? chosen->second
                        : graduates * (1.0 + parameters.graduates_change);
        immigrants *= 1.0 + parameters.immigration_change;
      }
      const AgeSexArray g = data.graduate_pattern * graduates;
      const AgeSexArray m = data.immigrant_pattern * immigrants;
      // The scenario's retirement delay, like the other levers, acts from the base year on.
      const Eigen::ArrayXd& retiring = scenario_year ? retirement : base.retirement_rate;
      out.stock.push_back(step_supply(out.stock[i], q[i], retiring, base.leaving_rate, g, m, out.flows[i]));
    }
    out.persons_in_health_care.resize(years);
    out.arsverk.resize(years);
    for (std::size_t i = 0; i < years; ++i) {
      const int year = base.start_year + int(i);
      out.persons_in_health_care[i] = out.stock[i].sum() * data.share_in_health_care;
      const double full_time = year > base_year ? 1.0 + parameters.arsverk_per_person_change : 1.0;
      out.arsverk[i] = out.persons_in_health_care[i] * data.arsverk_per_person * full_time;
    }
    if (base.balance_in_base_year) {
      const double raw = out.arsverk[static_cast<std::size_t>(base_year - base.start_year)];
      if (!(raw > 0.0)) {
        throw DomainError(DomainError::Kind::data, "supply", data.id,
                          "no supply of " + data.id + " in the base year " + std::to_string(base_year) +
                              " to calibrate against its demand (stock, share in health and care and "
                              "årsverk per person must be > 0)");
      }
      result.calibration[k] = demand_base_year[k] / raw;
      for (double& value : out.arsverk) value *= result.calibration[k];
    }
  }
  return result;
}

}  // namespace carecast::engine
