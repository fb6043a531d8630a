// Growth attribution (MODEL.md §7): why the årsverk needed change from the base year.
//
// The change in årsverk of every service from the base year t0 to a year T is split over
// seven factors:
//
//   population_size   the number of inhabitants, N(t) summed over sex and age;
//   age_structure     the sex-age distribution N(g,a,t) / ΣN(t);
//   healthy_ageing    lower user rates at old ages (η = 0 or θ = 0 switches it off);
//   standards         service-standard growth s_j (0 switches it off);
//   productivity      labour-saving productivity growth p_j (0 switches it off);
//   levers            equipment and technology levers (levers.hpp; none switches them off);
//   family_care       family care (off: it keeps its base-year share of the need, so the
//                     public services grow with their own need only).
//
// Method: the engine is run for every coalition S of factors, with the factors in S at their
// scenario values and the others at their base-year values; v(S) is the resulting årsverk by
// year and service. Each factor gets its Shapley value
//
//   φ_i = Σ_{S ⊆ F∖{i}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)),
//
// the average of its marginal effect over every order in which the factors can be switched
// on. It does not depend on an arbitrary order of the factors (unlike a sequential
// decomposition), and it is exact: Σ_i φ_i = v(F) − v(∅) = A(T) − A(t0), because v(F) is the
// scenario itself and v(∅) reproduces the base year (base-year population, no growth factor,
// no shift, no spill-over). Interactions (for instance productivity acting on a larger,
// older population) are shared equally between the factors involved.
//
// Population size and age structure split the population as N(g,a,t) = P(t)·σ(g,a,t), with
// P the total and σ the sex-age shares; switching one of them keeps the other at its own
// setting. Those populations are fed to the engine as an external projection, so the
// engine's own code computes every v(S); nothing of the demand model is duplicated here.
//
// A factor whose scenario value equals its base-year value (θ = 0, no levers, constant
// family care, ...) is a null player: its φ is exactly 0 and it is left out of the
// coalitions, which halves the work for every such factor.
#pragma once

#include "carecast/engine/model.hpp"

#include <array>
#include <string_view>
#include <vector>

namespace carecast::engine {

enum class GrowthFactor : int {
  population_size = 0,
  age_structure,
  healthy_ageing,
  standards,
  productivity,
  levers,
  family_care,
};
inline constexpr int kGrowthFactorCount = 7;

// Stable keys of the factors, in enum order (used in files).
inline constexpr std::array<std::string_view, kGrowthFactorCount> kGrowthFactorNames{
    "population_size", "age_structure", "healthy_ageing", "standards", "productivity", "levers", "family_care"};

struct GrowthAttribution {
  std::string scenario;
  std::vector<int> years;  // base year .. end year, as in ScenarioResult
  // True when the factor's scenario value differs from its base-year value; a factor that
  // is not varied contributes exactly 0.
  std::array<bool, kGrowthFactorCount> varied{};
  // contribution[f](i, j): årsverk of service j that factor f adds between the base year
  // and years[i] (negative when it saves årsverk); row 0 (the base year) is 0.
  std::array<Eigen::MatrixXd, kGrowthFactorCount> contribution;
  Eigen::MatrixXd service_arsverk;  // years × services: the scenario's årsverk, v(all factors)

  int year_index(int year) const { return year - years.front(); }
  // Σ over services of factor f's contribution in `year`, årsverk.
  double total(GrowthFactor factor, int year) const;
  // Total årsverk in `year` minus the base year: equals the sum of total(f, year) over f.
  double total_change(int year) const;
};

// Attributes the growth of `scenario`. Runs the engine 2^m times (m = number of varied
// factors, at most 7) sharing four population projections. Throws what project_scenario
// throws, except that a combination of factors (not the scenario) may need more than all
// årsverk of the economy (ShareOfEconomy::not_checked, model.hpp).
GrowthAttribution attribute_growth(const BaseData& base, const ScenarioParameters& scenario);

// Attributes several scenarios, in the order given.
std::vector<GrowthAttribution> attribute_growth(const BaseData& base, const std::vector<ScenarioParameters>& scenarios);

}  // namespace carecast::engine
