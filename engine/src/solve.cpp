#include "carecast/engine/solve.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>

namespace carecast::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLowestProductivity = -0.02;
constexpr double kHighestProductivity = 0.10;
constexpr double kCapitalLeverCeilingNok = 100e9;
constexpr double kGraduatesCeiling = 50000.0;  // persons a year: several times Norway's nurse graduates

CapitalLever* find_capital(ScenarioParameters& scenario, const std::string& name) {
  for (auto& lever : scenario.levers.capital_levers)
    if (lever.name == name) return &lever;
  return nullptr;
}
TechnologyLever* find_technology(ScenarioParameters& scenario, const std::string& name) {
  for (auto& lever : scenario.levers.technology_levers)
    if (lever.name == name) return &lever;
  return nullptr;
}

[[noreturn]] void unknown_lever(const ScenarioParameters& scenario, const std::string& name) {
  std::string known;
  for (const auto& lever : scenario.levers.capital_levers) known += (known.empty() ? "" : ", ") + lever.name;
  for (const auto& lever : scenario.levers.technology_levers) known += (known.empty() ? "" : ", ") + lever.name;
  throw std::invalid_argument("scenario '" + scenario.name + "' has no lever '" + name + "'" +
                              (known.empty() ? std::string(" (it has no levers)") : " (it has: " + known + ")"));
}

// Finds x in [lower, upper] with g(x) = 0 where g(lower), g(upper) differ in sign (or one is
// 0), by bisection until the bracket is narrower than `width`; returns its midpoint.
double bisect(const std::function<double(double)>& g, double lower, double upper, double g_lower, double width,
              int max_iterations) {
  for (int iteration = 0; iteration < max_iterations && upper - lower > width; ++iteration) {
    const double middle = 0.5 * (lower + upper);
    const double g_middle = g(middle);
    if (g_middle == 0.0) return middle;
    if ((g_middle < 0.0) == (g_lower < 0.0)) {
      lower = middle;
      g_lower = g_middle;
    } else {
      upper = middle;
    }
  }
  return 0.5 * (lower + upper);
}

// Demand without levers in year T responds to a productivity shift Δ exactly as
//   A_j(Δ) = D_j · ((1 + p_j) / (1 + p_j + Δ))^n + S_j,    n = T − t0,
// because the growth factor multiplies every use rate, and the family-care spill-over S_j
// does not depend on p. D_j and S_j follow from one projection with a trial shift δ:
//   D_j = (A_j(0) − A_j(δ)) / (1 − r_j(δ)).  (A test checks the result by full projection.)
struct ShiftResponse {
  std::vector<double> productivity;  // p_j
  std::vector<double> scaled;        // D_j
  std::vector<double> fixed;         // S_j
  int years = 0;                     // n

  double factor(std::size_t j, double shift) const {
    return std::pow((1.0 + productivity[j]) / (1.0 + productivity[j] + shift), years);
  }
  double service(std::size_t j, double shift) const { return scaled[j] * factor(j, shift) + fixed[j]; }
};

ShiftResponse shift_response(const BaseData& base, const ScenarioParameters& without_levers,
                             std::shared_ptr<const PopulationPath> population, const Eigen::MatrixXd& service_without,
                             int year) {
  constexpr double kTrial = 0.01;
  ScenarioParameters shifted = without_levers;
  for (double& p : shifted.productivity) p += kTrial;
  const ScenarioResult trial = project_scenario(base, shifted, population);
  ShiftResponse response;
  response.productivity = without_levers.productivity;
  response.years = year - base.base_year;
  const auto i = Eigen::Index(year - base.base_year);
  for (std::size_t j = 0; j < base.services.size(); ++j) {
    const double at_zero = service_without(i, Eigen::Index(j));
    const double at_trial = trial.service_arsverk(i, Eigen::Index(j));
    const double scaled = (at_zero - at_trial) / (1.0 - response.factor(j, kTrial));
    response.scaled.push_back(scaled);
    response.fixed.push_back(at_zero - scaled);
  }
  return response;
}

// The shift Δ (every service, or one) at which demand without levers falls by `saving`
// årsverk in the response's year; NaN when no Δ in (−1 − min p, 0.5] does.
double productivity_shift(const ShiftResponse& response, std::optional<std::size_t> service, double saving) {
  const auto total = [&](double shift) {
    if (service) return response.service(*service, shift);
    double sum = 0.0;
    for (std::size_t j = 0; j < response.scaled.size(); ++j) sum += response.service(j, shift);
    return sum;
  };
  const double target = total(0.0) - saving;
  const auto g = [&](double shift) { return total(shift) - target; };
  double lowest_p = 0.0;
  for (double p : response.productivity) lowest_p = std::min(lowest_p, p);
  const double lower = -0.99 - lowest_p, upper = 0.5;
  if (saving == 0.0) return 0.0;
  // Demand falls as productivity rises: a saving needs Δ > 0, extra demand Δ < 0.
  const double a = saving > 0.0 ? 0.0 : lower, b = saving > 0.0 ? upper : 0.0;
  const double g_a = g(a), g_b = g(b);
  if ((g_a < 0.0) == (g_b < 0.0)) return kNaN;
  return bisect(g, a, b, g_a, 1e-15, 200);
}

}  // namespace

SolveRange default_range(const ScenarioParameters& scenario, const SolveVariable& variable) {
  if (variable.kind == SolveVariableKind::productivity) {
    CARECAST_CHECK(!scenario.productivity.empty(), "productivity needs one value per service");
    const auto [low, high] = std::minmax_element(scenario.productivity.begin(), scenario.productivity.end());
    return {kLowestProductivity - *low, kHighestProductivity - *high};
  }
  if (variable.kind == SolveVariableKind::graduates) return {0.0, kGraduatesCeiling};
  ScenarioParameters copy = scenario;
  if (find_capital(copy, variable.lever) != nullptr) return {0.0, kCapitalLeverCeilingNok};
  if (find_technology(copy, variable.lever) != nullptr) return {0.0, 1.0};
  unknown_lever(scenario, variable.lever);
}

ScenarioParameters with_variable(const ScenarioParameters& scenario, const SolveVariable& variable, double x) {
  ScenarioParameters changed = scenario;
  if (variable.kind == SolveVariableKind::productivity) {
    for (double& p : changed.productivity) p += x;
    return changed;
  }
  if (variable.kind == SolveVariableKind::graduates) {
    changed.supply.graduates_per_year[variable.profession] = x;
    return changed;
  }
  if (CapitalLever* lever = find_capital(changed, variable.lever)) {
    lever->amount_nok = x;
  } else if (TechnologyLever* technology = find_technology(changed, variable.lever)) {
    technology->ceiling = x;
  } else {
    unknown_lever(scenario, variable.lever);
  }
  return changed;
}

double target_indicator(const ScenarioResult& result, SolveTargetKind kind, int year) {
  const auto i = std::size_t(result.year_index(year));
  CARECAST_CHECK(i < result.years.size(), "target year outside the projection");
  return kind == SolveTargetKind::share ? result.indicators.share_of_all_arsverk[i]
                                        : result.indicators.health_care_arsverk[i];
}

double gap_indicator(const ScenarioResult& result, const std::string& profession, int year) {
  if (!result.supply) throw std::invalid_argument("scenario '" + result.scenario + "' has no supply side (data.supply)");
  const auto& professions = result.supply->professions;
  const auto at = std::find_if(professions.begin(), professions.end(), [&](const auto& p) { return p.id == profession; });
  if (at == professions.end()) throw std::invalid_argument("the supply side has no profession '" + profession + "'");
  const auto k = std::size_t(at - professions.begin());
  return result.profession_arsverk(Eigen::Index(result.year_index(year)), Eigen::Index(k)) - result.supply->arsverk(k, year);
}

namespace {
SolveOutcome solve_national(const BaseData& base, const ScenarioParameters& scenario, const SolveTarget& target,
                            const SolveVariable& variable, const SolveOptions& options);
}  // namespace

SolveOutcome solve(const BaseData& base, const ScenarioParameters& scenario, const SolveTarget& target,
                   const SolveVariable& variable, const SolveOptions& options) {
  // Every trial is a national projection: no regional split on each of them.
  std::optional<BaseData> storage;
  return solve_national(national_only(base, storage), scenario, target, variable, options);
}

namespace {
SolveOutcome solve_national(const BaseData& base, const ScenarioParameters& scenario, const SolveTarget& target,
                            const SolveVariable& variable, const SolveOptions& options) {
  if (target.year <= base.base_year || target.year > base.end_year) {
    throw std::invalid_argument("the target year must lie after the base year " + std::to_string(base.base_year) +
                                " and no later than the end year " + std::to_string(base.end_year) + " (got " +
                                std::to_string(target.year) + ")");
  }
  const SolveRange range = options.range ? *options.range : default_range(scenario, variable);
  if (!(range.lower < range.upper)) throw std::invalid_argument("the range must have lower < upper");
  if (options.grid_points < 2) throw std::invalid_argument("the solver needs at least 2 grid points");
  with_variable(scenario, variable, range.lower);  // throws for an unknown lever

  const auto population = std::make_shared<const PopulationPath>(
      project_population(base.demography, scenario.demography, base.base_year, base.end_year));
  SolveOutcome outcome;
  outcome.range = range;
  const auto evaluate = [&](double x) {
    ++outcome.evaluations;
    return project_scenario(base, with_variable(scenario, variable, x), population);
  };
  const auto indicator = [&](const ScenarioResult& result, int year) {
    return target.kind == SolveTargetKind::gap ? gap_indicator(result, target.profession, year)
                                               : target_indicator(result, target.kind, year);
  };
  // The grid. A point whose projection is refused (a share above 100 %, a lever's cost beyond
  // reach: a DomainError) is left out of the search, so a range that reaches into refused
  // values still finds an answer among the others; with no point left, the first refusal is
  // the answer.
  const int points = options.grid_points;
  std::vector<double> xs(static_cast<std::size_t>(points));
  std::vector<double> values(static_cast<std::size_t>(points));
  std::optional<double> base_level;  // the indicator in the base year: the same at every x
  std::vector<char> valid(static_cast<std::size_t>(points), 0);
  std::optional<DomainError> refusal;
  for (int n = 0; n < points; ++n) {
    const auto i = std::size_t(n);
    xs[i] = n == points - 1 ? range.upper : range.lower + (range.upper - range.lower) * double(n) / double(points - 1);
    try {
      const ScenarioResult result = evaluate(xs[i]);
      values[i] = indicator(result, target.year);
      if (!base_level) base_level = indicator(result, base.base_year);
      valid[i] = 1;
    } catch (const DomainError& error) {
      if (!refusal) refusal = error;
    }
  }
  const auto first = std::size_t(std::find(valid.begin(), valid.end(), 1) - valid.begin());
  if (first == valid.size()) throw *refusal;
  const auto last = std::size_t(std::find(valid.rbegin(), valid.rend(), 1).base() - valid.begin()) - 1;
  outcome.target = target.value ? *target.value : *base_level;
  const auto g = [&](double x) { return indicator(evaluate(x), target.year) - outcome.target; };
  const auto gs = [&](std::size_t i) { return values[i] - outcome.target; };  // g at grid point i
  // The indicator itself at the ends, not (value − target) + target: that loses the value to
  // rounding when the target is far larger.
  outcome.at_lower = values[first];
  outcome.at_upper = values[last];
  outcome.searched = {xs[first], xs[last]};
  outcome.refused_points = int(std::count(valid.begin(), valid.end(), 0));
  if (refusal) outcome.refusal = refusal->rule();

  std::optional<double> answer;
  for (std::size_t n = 0; n < xs.size() && !answer; ++n) {
    if (!valid[n]) continue;
    if (gs(n) == 0.0) {
      answer = xs[n];
    } else if (n + 1 < xs.size() && valid[n + 1] && (gs(n) < 0.0) != (gs(n + 1) < 0.0) && gs(n + 1) != 0.0) {
      answer = bisect(g, xs[n], xs[n + 1], gs(n), options.tolerance * (range.upper - range.lower),
                      options.max_iterations);
    }
  }
  if (answer) {
    outcome.reached = true;
    outcome.value = *answer;
  } else {
    std::size_t closest = first;
    for (std::size_t n = first; n <= last; ++n) {
      if (valid[n] && std::abs(gs(n)) < std::abs(gs(closest))) closest = n;
    }
    outcome.value = xs[closest];
  }
  outcome.result = evaluate(outcome.value);
  outcome.achieved = indicator(outcome.result, target.year);
  return outcome;
}
}  // namespace

std::vector<ProductivityEquivalent> productivity_equivalents(const BaseData& base, const ScenarioParameters& scenario,
                                                             const ScenarioResult& result, int year) {
  CARECAST_CHECK(result.levers.has_value(), "productivity equivalents need a result with levers");
  CARECAST_CHECK(year > base.base_year && year <= base.end_year, "the year must lie after the base year");
  const LeverResults& levers = *result.levers;
  const auto i = Eigen::Index(result.year_index(year));
  ScenarioParameters without = scenario;
  without.levers = LeverSet{};
  const ShiftResponse response = shift_response(base, without, result.population, levers.service_without, year);

  std::vector<ProductivityEquivalent> equivalents;
  double net_all = 0.0;
  std::optional<std::size_t> only_service;
  bool one_service = true;
  for (const LeverEffect& effect : levers.levers) {
    ProductivityEquivalent equivalent;
    equivalent.lever = effect.name;
    equivalent.net_arsverk = effect.saved.row(i).sum() - effect.added.row(i).sum();
    net_all += equivalent.net_arsverk;
    if (only_service && *only_service != effect.service) one_service = false;
    only_service = effect.service;
    equivalent.all_services = productivity_shift(response, std::nullopt, equivalent.net_arsverk);
    equivalent.own_service = productivity_shift(response, effect.service, equivalent.net_arsverk);
    equivalents.push_back(equivalent);
  }
  ProductivityEquivalent all;
  all.lever = "total";
  all.net_arsverk = net_all;
  all.all_services = productivity_shift(response, std::nullopt, net_all);
  all.own_service = one_service && only_service ? productivity_shift(response, only_service, net_all) : kNaN;
  equivalents.push_back(all);
  return equivalents;
}

}  // namespace carecast::engine
