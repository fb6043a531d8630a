#include "carecast/engine/supply.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"

namespace carecast::engine {

Eigen::MatrixXd supply_survival(const MortalityPath& mortality, int base_year, int end_year) {
  const auto rows = mortality.survival.rows();
  Eigen::MatrixXd out(rows, end_year - base_year + 1);
  // The kernel's columns: from the base year, before the mortality base year its first year.
  for (int year = base_year; year <= end_year; ++year) {
    out.col(year - base_year) =
        mortality.survival.col(std::max(year, mortality.first_year) - mortality.first_year);
  }
  return out;
}

namespace {

// step_supply on the ages [first, last] only: every cell outside holds nobody and receives
// nobody (the caller knows), so the result equals the full step's.
void step_ages(const AgeSexArray& stock, const AgeSexArray& death_probability,
               const Eigen::ArrayXd& retirement, const Eigen::ArrayXd& leaving, const AgeSexArray& inflow,
               Eigen::Index first, Eigen::Index last, AgeSexArray& next, SupplyFlows& flows) {
  const Eigen::Index ages = stock.rows();
  // Cells outside [first, last + 1] are empty in `next` already when it has the right size
  // (it held an earlier stock of the same profession); the others are cleared here.
  if (next.rows() != ages) {
    next.setZero(ages, kSexCount);
  } else {
    next.middleRows(first, std::min(last + 1, ages - 1) - first + 1).setZero();
  }
  for (int g = 0; g < kSexCount; ++g) {
    for (Eigen::Index a = first; a <= last; ++a) {
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
    for (Eigen::Index a = first; a <= last; ++a) next(a, g) += inflow(a, g);
  }
}

}  // namespace

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
  flows.graduates = graduates.sum();
  flows.immigrants = immigrants.sum();
  AgeSexArray next;
  step_ages(stock, death_probability, retirement, leaving, graduates + immigrants, 0, ages - 1, next, flows);
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
                            const Eigen::MatrixXd& survival, int base_year, int end_year,
                            const std::vector<double>& demand_base_year, bool keep_stocks) {
  CARECAST_CHECK(base.start_year <= base_year && base_year <= end_year, "supply years out of order");
  CARECAST_CHECK(survival.cols() == end_year - base_year + 1,
                 "one survival column per year from the base year");
  const std::size_t n = base.professions.size();
  CARECAST_CHECK(!base.balance_in_base_year || demand_base_year.size() == n,
                 "one base-year demand per profession");
  const auto years = static_cast<std::size_t>(end_year - base.start_year + 1);
  const Eigen::ArrayXd retirement = delayed_schedule(base.retirement_rate, parameters.retirement_delay);
  const Eigen::Index ages = base.retirement_rate.size();
  CARECAST_CHECK(survival.rows() == 2 * ages, "survival rows: two sexes of the supply's ages");

  // Death probabilities by year, shared by the professions: 1 − survival from age a to a + 1
  // (the open top age: its row into the open group).
  std::vector<AgeSexArray> q(years);
  for (std::size_t i = 0; i < years; ++i) {
    const Eigen::Index column = std::max(base.start_year + int(i) - base_year, 0);
    q[i].resize(ages, kSexCount);
    for (int g = 0; g < kSexCount; ++g) {
      for (Eigen::Index a = 0; a < ages; ++a) {
        const double s = survival(g * ages + std::min(a, ages - 2), column);
        q[i](a, g) = std::clamp(1.0 - s, 0.0, 1.0);
      }
    }
  }

  // The first age from `from` on where both retirement schedules take everyone: nobody gets
  // past it (the top age when there is none).
  const auto everyone_retired = [&](Eigen::Index from) {
    for (Eigen::Index a = from; a < ages; ++a) {
      if (retirement(a) == 1.0 && base.retirement_rate(a) == 1.0) return a;
    }
    return ages - 1;
  };

  SupplyResult result;
  result.start_year = base.start_year;
  result.base_year = base_year;
  result.professions.resize(n);
  result.calibration.assign(n, 1.0);
  for (std::size_t k = 0; k < n; ++k) {
    const SupplyProfession& data = base.professions[k];
    CARECAST_CHECK(data.stock.rows() == ages, "the supply stock must cover the ages of the death rates");
    ProfessionSupply& out = result.professions[k];
    out.id = data.id;
    out.flows.assign(years, SupplyFlows{});
    out.persons.resize(years);
    out.persons_in_health_care.resize(years);
    out.arsverk.resize(years);
    // Inflows of the history years and of the scenario's years (its levers act from the base year).
    const auto chosen = parameters.graduates_per_year.find(data.id);
    const double graduates = chosen != parameters.graduates_per_year.end()
                                 ? chosen->second
                                 : data.graduates * (1.0 + parameters.graduates_change);
    const std::array<AgeSexArray, 2> g{data.graduate_pattern * data.graduates,
                                       data.graduate_pattern * graduates};
    const std::array<AgeSexArray, 2> m{
        data.immigrant_pattern * data.immigrants,
        data.immigrant_pattern * (data.immigrants * (1.0 + parameters.immigration_change))};
    const std::array<AgeSexArray, 2> inflow{g[0] + m[0], g[1] + m[1]};
    const std::array<double, 2> graduates_sum{g[0].sum(), g[1].sum()}, immigrants_sum{m[0].sum(), m[1].sum()};
    // The ages that can hold anyone (cells outside stay empty, see step_ages).
    const auto occupied = [&](const AgeSexArray& values, bool from_top) {
      for (Eigen::Index i = 0; i < ages; ++i) {
        const Eigen::Index a = from_top ? ages - 1 - i : i;
        if ((values.row(a) != 0.0).any()) return a;
      }
      return from_top ? Eigen::Index(0) : ages - 1;
    };
    const AgeSexArray any = data.stock.abs() + inflow[0].abs() + inflow[1].abs();
    const Eigen::Index first = occupied(any, false);
    const Eigen::Index last = everyone_retired(occupied(any, true));

    AgeSexArray stock = data.stock, next;
    if (keep_stocks) out.stock.reserve(years);
    for (std::size_t i = 0; i < years; ++i) {
      const int year = base.start_year + int(i);
      if (keep_stocks) out.stock.push_back(stock);
      out.persons[i] = stock.sum();
      out.persons_in_health_care[i] =
          stock.middleRows(first, last - first + 1).sum() * data.share_in_health_care;
      const double full_time = year > base_year ? 1.0 + parameters.arsverk_per_person_change : 1.0;
      out.arsverk[i] = out.persons_in_health_care[i] * data.arsverk_per_person * full_time;
      if (i + 1 == years) break;
      // The scenario's levers (retirement delay included) act from the base year on.
      const int phase = year >= base_year ? 1 : 0;
      SupplyFlows& flows = out.flows[i];
      flows.graduates = graduates_sum[std::size_t(phase)];
      flows.immigrants = immigrants_sum[std::size_t(phase)];
      step_ages(stock, q[i], phase == 1 ? retirement : base.retirement_rate, base.leaving_rate,
                inflow[std::size_t(phase)], first, last, next, flows);
      std::swap(stock, next);
    }
  }
  if (base.balance_in_base_year) calibrate_supply(base, demand_base_year, result);
  return result;
}

void calibrate_supply(const SupplyBase& base, const std::vector<double>& demand_base_year,
                      SupplyResult& raw) {
  raw.calibration = supply_calibration(base, raw, demand_base_year);
  for (std::size_t k = 0; k < raw.professions.size(); ++k) {
    for (double& value : raw.professions[k].arsverk) value *= raw.calibration[k];
  }
}

std::vector<double> supply_calibration(const SupplyBase& base, const SupplyResult& raw,
                                       const std::vector<double>& demand_base_year) {
  std::vector<double> calibration(raw.professions.size(), 1.0);
  if (!base.balance_in_base_year) return calibration;
  CARECAST_CHECK(demand_base_year.size() == raw.professions.size(), "one base-year demand per profession");
  for (std::size_t k = 0; k < raw.professions.size(); ++k) {
    const double supply = raw.arsverk(k, raw.base_year);
    if (!(supply > 0.0)) {
      const std::string& id = raw.professions[k].id;
      // Which file holds the cause: the share in health and care and årsverk per person
      // (supply_flows), whose product can underflow to 0, or else the stock (supply_stock):
      // none given, or all of it dead or retired by the base year.
      const SupplyProfession& profession = base.professions.at(k);
      const bool flows = !(profession.share_in_health_care * profession.arsverk_per_person > 0.0);
      throw DomainError(DomainError::Kind::data, flows ? "supply_flows" : "supply_stock", id,
                        "no supply of " + id + " in the base year " + std::to_string(raw.base_year) +
                            " to calibrate against its demand: " +
                            (flows ? "its share in health and care (" + format_value(profession.share_in_health_care) +
                                         ") times its årsverk per person (" +
                                         format_value(profession.arsverk_per_person) + ") is 0"
                                   : std::string("no person of its stock (") + format_value(profession.stock.sum()) +
                                         " persons in the file) is left in the base year") +
                            " (or set data.supply.calibration: none)");
    }
    calibration[k] = demand_base_year[k] / supply;
  }
  return calibration;
}

}  // namespace carecast::engine
