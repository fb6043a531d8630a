// The inverse question (MODEL.md §4, docs/levers.md): which productivity growth, or which
// level of a named lever, brings the sector's share of all årsverk (or its årsverk) to a
// target in a chosen year? And which productivity growth is a lever worth?
//
// The solver varies one scalar x in an allowed range [lower, upper]: it evaluates the
// projection on a grid of points, takes the first grid interval (from `lower`) where the
// indicator crosses the target, and bisects it until the interval is narrower than
// `tolerance` × (upper − lower). The population is projected once (the variables do not
// touch demography). When no grid interval crosses the target, the outcome says so and
// reports the closest value; a target reached only between two grid points that both lie
// on the same side (a non-monotone indicator) can be missed — the grid is fine enough for
// the indicators carecast has (monotone in productivity; in a lever's level unless its
// technical staff outgrow its savings).
#pragma once

#include "carecast/engine/model.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace carecast::engine {

enum class SolveTargetKind {
  share,    // share of all årsverk in the economy used by public health and care (fraction)
  arsverk,  // total health and care årsverk (net of lever savings, technical staff included)
  gap,      // demand − supply of SolveTarget::profession, årsverk (needs a supply side, supply.hpp)
};

struct SolveTarget {
  SolveTargetKind kind = SolveTargetKind::share;
  int year = 0;  // base_year < year ≤ end_year
  // Share as a fraction, or årsverk. Empty: the scenario's own base-year level ("hold it");
  // for the gap that is 0 when supply is calibrated to demand in the base year.
  std::optional<double> value;
  std::string profession = "nurses";  // for SolveTargetKind::gap
};

enum class SolveVariableKind {
  productivity,  // x is added to every service's productivity growth p_j (fraction a year)
  lever,         // x is the level of the named lever: a capital lever's amount (NOK a year),
                 // a technology lever's adoption ceiling ([0, 1])
  graduates,     // x is the graduates a year of SolveVariable::profession from the base year on
                 // (persons a year; SupplyParameters::graduates_per_year)
};

struct SolveVariable {
  SolveVariableKind kind = SolveVariableKind::productivity;
  std::string lever;  // for SolveVariableKind::lever
  std::string profession = "nurses";  // for SolveVariableKind::graduates
};

struct SolveRange {
  double lower = 0.0;
  double upper = 0.0;
};

struct SolveOptions {
  std::optional<SolveRange> range;  // empty: default_range()
  int grid_points = 41;             // ≥ 2, including both ends
  double tolerance = 1e-12;         // on x, relative to the range width
  int max_iterations = 200;
};

// Default ranges: productivity — every service's p_j + x within [−2 %, 10 %] a year (for a
// scenario with one p for all services, x from −2 % − p to 10 % − p); capital lever
// [0, 100 bn NOK a year]; technology lever [0, 1]; graduates [0, 50 000 a year]. Throws std::invalid_argument for a lever
// name the scenario does not have.
SolveRange default_range(const ScenarioParameters& scenario, const SolveVariable& variable);

// The scenario with the variable set to x. Throws std::invalid_argument for an unknown lever.
ScenarioParameters with_variable(const ScenarioParameters& scenario, const SolveVariable& variable, double x);

// The target indicator of a result in `year`.
double target_indicator(const ScenarioResult& result, SolveTargetKind kind, int year);
// Demand − supply of a profession in `year`, årsverk. Throws std::invalid_argument when the
// result has no supply side or no such profession.
double gap_indicator(const ScenarioResult& result, const std::string& profession, int year);

struct SolveOutcome {
  bool reached = false;
  double target = 0.0;    // the indicator value sought
  double value = 0.0;     // the answer x (when reached), else the closest x on the grid
  double achieved = 0.0;  // the indicator at `value`
  SolveRange range;       // as used
  // The grid points whose projection was refused (DomainError: a share above 100 %, …) are
  // left out; `searched` is the first and last point that was not, the indicator at them
  // at_lower and at_upper, and `refusal` the first refusal's rule ("" when none).
  SolveRange searched;
  double at_lower = 0.0, at_upper = 0.0;
  int refused_points = 0;
  std::string refusal;
  int evaluations = 0;    // projections run
  ScenarioResult result;  // the projection at `value`: the answer's path
};

// Throws std::invalid_argument for a target year outside (base_year, end_year], an empty or
// reversed range, fewer than 2 grid points, or an unknown lever; DomainError when every grid
// point's projection is refused (the first refusal), or a bisection step is.
SolveOutcome solve(const BaseData& base, const ScenarioParameters& scenario, const SolveTarget& target,
                   const SolveVariable& variable, const SolveOptions& options = {});

// What a lever is worth in productivity growth: the shift of productivity growth that, in
// the same scenario without levers, saves the lever's net årsverk in `year`.
struct ProductivityEquivalent {
  std::string lever;  // a lever's name, or "total" for all levers together
  double net_arsverk = 0.0;  // net årsverk saved in `year` (saved − added)
  // Shift Δ of every service's productivity growth, fraction a year (NaN if not found in
  // (−1 − min p, 0.5]); the equivalent productivity growth is p_j + Δ.
  double all_services = 0.0;
  // Shift of the lever's own service only (NaN for "total" when levers act on several services).
  double own_service = 0.0;
};

// One entry per lever, then "total". `result` must be project_scenario(base, scenario) of a
// scenario with levers; `year` within its years.
std::vector<ProductivityEquivalent> productivity_equivalents(const BaseData& base, const ScenarioParameters& scenario,
                                                             const ScenarioResult& result, int year);

}  // namespace carecast::engine
