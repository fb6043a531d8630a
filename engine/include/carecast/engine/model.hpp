// The demand model: årsverk needed by service area and profession, year by year.
//
// For service j, year t (MODEL.md §2, §3; docs/model.md gives the derivations):
//   A_j(t) = g_j(t) · [ F_j(t) + T_j(t) ],   g_j(t) = [(1 + s_j) / (1 + p_j)]^(t − t0)
//   F_j(t) = Σ_g Σ_a N(g,a,t) · h(g,a,t) · r_j(g, a*, t0)
// with healthy ageing by one of two methods (HealthyAgeing):
//   mortality_ratio (SSB's): h = min(1, (q(g,a,t)/q(g,a,t0))^η) for a ≥ threshold, a* = a;
//   age_shift:               h = 1, a* = a − θ · (e(g,a,t) − e(g,a,t0)) for a ≥ threshold;
// and family care (FamilyCare) in the long-term-care services:
//   total_need (SSB's):  T_j(t) = π_j · (FC(t0) · X_j(t) − FC(t)), X_j(t) = F_j(t)/F_j(t0)
//                        (or the 67+ part's ratio), π_j = the service's share of the
//                        long-term-care services' base-year årsverk; A_j is never below 0;
//   spillover:           T_j(t) = share · max(0, FC(t0) − FC(t)) · E_j(t) / Σ_ltc g E / g_j,
//                        E_j the 67+ part of F_j (the earlier reading, kept as an alternative).
// When the scenario has equipment levers (levers.hpp), the input-mix factor C_j(t):
// labour per profession becomes A_j(t)·M_jk·λ_j(t)·Π f_ℓk(t), plus the technical staff the
// equipment needs. Without levers the results are exactly (bit for bit) those of the
// formula above. r_j(·, t0) is base-year årsverk per inhabitant, calibrated so that Σ N·r_j
// in the base year equals the service's observed årsverk.
#pragma once

#include "carecast/engine/demography.hpp"
#include "carecast/engine/layout.hpp"
#include "carecast/engine/levers.hpp"
#include "carecast/engine/regions.hpp"
#include "carecast/engine/supply.hpp"
#include "carecast/engine/types.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace carecast::engine {

struct ServiceArea {
  std::string id;     // stable key used in files ("nursing_homes")
  std::string label;  // for people (English)
  double base_arsverk = 0.0;  // observed in the base year, årsverk
  // Relative årsverk use per inhabitant by age and sex, any scale (the level is calibrated).
  AgeSexArray use_profile;
  // Long-term-care services absorb the family-care shortfall (MODEL.md §3).
  bool long_term_care = false;
  std::string label_nb;  // for people, Norwegian bokmål (reports in --lang nb); may be empty
};

// Everything about a country that does not change between scenarios.
struct BaseData {
  std::string country;
  int base_year = 0;  // t0: the year the use profiles are calibrated to
  int end_year = 0;
  DemographicBase demography;
  std::vector<ServiceArea> services;
  std::vector<std::string> professions;
  // Share of each service's årsverk done by each profession: services × professions, rows sum to 1.
  Eigen::MatrixXd staffing_mix;
  // Employed persons per inhabitant by age and sex (constant over time).
  AgeSexArray employment_rate;
  // Share of all årsverk in the economy used by public health and care in share_anchor_year
  // (0: the base year); fixes the average årsverk per employed person (MODEL.md §5): that
  // year's health and care årsverk at base-year user rates on its observed population,
  // divided by share_anchor times its employed persons. The base-year share then follows
  // from the base year's own population and employment.
  double share_anchor = 0.13;
  int share_anchor_year = 0;
  // Equipment investment and labour cost by service, for capital levers (may be empty).
  EquipmentBase equipment;
  // Counties and health regions (regions.hpp); absent or level none: national results only.
  std::optional<RegionalData> regions;
  // The supply side by profession (supply.hpp); empty: no supply and no gap.
  SupplyBase supply;
};

enum class HealthyAgeingMethod {
  mortality_ratio,  // SSB's: user rates fall with the ratio of death probabilities (the reference)
  age_shift,        // profiles read at a younger age by a share θ of the gain in life expectancy
};

struct HealthyAgeing {
  HealthyAgeingMethod method = HealthyAgeingMethod::mortality_ratio;
  // mortality_ratio: η ≥ 0, the elasticity of user rates with respect to the age-specific
  // death probability q = 1 − exp(−mx): h = min(1, (q(t)/q(t0))^η). 0: no healthy ageing.
  double elasticity = 0.0;
  double theta = 0.0;      // age_shift: share of gained life years lived in good health, [0,1]
  int threshold_age = 55;  // either method acts from this age on (SSB: 55)

  bool operator==(const HealthyAgeing&) const = default;
};

enum class FamilyCareMode {
  total_need,  // SSB's: family care is part of the total need; the public services supply the rest
  spillover,   // only a fall below the base-year level is taken over, by a share
};

// Which ages' need family care follows in total_need mode.
enum class FamilyCareAges { all, from_67 };

struct FamilyCare {
  FamilyCareMode mode = FamilyCareMode::total_need;
  TimePath arsverk;              // unpaid family care, årsverk a year
  double spillover_share = 0.0;  // spillover mode: share of a fall below the base-year level taken over
  FamilyCareAges ages = FamilyCareAges::all;  // total_need mode
};

// One scenario: every assumption that may differ between scenarios.
struct ScenarioParameters {
  std::string name;
  DemographicAssumptions demography;
  std::vector<double> standard_growth;  // s_j by service, fraction a year
  std::vector<double> productivity;     // p_j by service, fraction a year
  HealthyAgeing healthy_ageing;
  FamilyCare family_care;
  // Percentage points added to the employment rates of ages 62-74 (the ages of flexible
  // retirement after the 2011 pension reform), by year; empty: none.
  TimePath employment_62_74_pp;
  // Equipment-investment levers (empty: none; the model is then exactly the one above).
  LeverSet levers;
  // Supply-side levers (supply.hpp); used only when the base data have a supply side.
  SupplyParameters supply;
};

struct ScenarioResult {
  std::string scenario;
  std::vector<int> years;           // base year .. end year
  Eigen::MatrixXd service_arsverk;  // years × services
  Eigen::MatrixXd profession_arsverk;  // years × professions
  IndicatorSeries indicators;
  // The population projection; scenarios with the same demographic assumptions share one
  // (project_scenarios). Never null in a result from this header's functions.
  std::shared_ptr<const PopulationPath> population;
  // Present when the scenario has levers: their effects and the same scenario without them.
  // service_arsverk, profession_arsverk and the indicators above then include the levers
  // (gross årsverk after savings plus the technical staff added).
  std::optional<LeverResults> levers;
  // Present when the base data have a supply side: supply by profession from the supply start
  // year; the gap is profession_arsverk (demand, levers' technical staff included) − supply.
  std::optional<SupplyResult> supply;
  // What the user should know about the run (net migration that could not be applied …).
  std::vector<std::string> warnings;
  // Present when the base data ask for regions (BaseData::regions): the regional split.
  std::optional<RegionalResult> regional;

  int year_index(int year) const { return year - years.front(); }
};

// The layout of a base data set's projection rows (layout.hpp): base year to end year, its
// services and professions.
SweepLayout sweep_layout(const BaseData& base);

// Whether two scenarios' demographic assumptions give the same population (same_demography)
// or the same death rates (same_mortality); scenarios that agree share a projection.
bool same_demography(const DemographicAssumptions& a, const DemographicAssumptions& b);
bool same_mortality(const DemographicAssumptions& a, const DemographicAssumptions& b);

// Runs one scenario end to end through the projection kernel (engine/src/kernel.hpp), the
// same code every Monte Carlo draw runs. The engine does no I/O. Throws DomainError
// (errors.hpp, naming the scenario) for assumptions that cannot be projected.
ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario);

// `base` without its regions, for repeated national projections that do not report them
// (solve, attribution): `base` itself when it has none, else a copy kept in `storage`.
const BaseData& national_only(const BaseData& base, std::optional<BaseData>& storage);

// Runs one scenario on a population projected beforehand (for example by a solver that
// varies only service assumptions); `population` must cover base year .. end year.
ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario,
                                std::shared_ptr<const PopulationPath> population);

// The concurrency of a task arena for `threads` requested threads (≥ 1): at most what the
// machine offers (oneTBB would run no more, and says so on stderr when asked for more).
// The results of every command are the same for any number of threads.
int arena_concurrency(int threads);

// Whether a projection refuses a share of all årsverk above 100 % (DomainError). A scenario
// must fit in its economy; the growth attribution's combinations of factors (attribution.hpp)
// are counterfactuals that read only årsverk, so for them such a share is not an error.
// Non-finite values are refused either way.
enum class ShareOfEconomy { must_fit, not_checked };

// Runs several scenarios; scenarios with identical demographic assumptions share one
// population projection. Results come back in the order given; the DomainError of the first
// scenario (in that order) with a problem is thrown. `threads` = 1: everything in the
// calling thread, without starting oneTBB's scheduler (about 0.5 ms of a short process);
// otherwise scenarios run in parallel in the caller's task arena. The results are the same.
std::vector<ScenarioResult> project_scenarios(const BaseData& base, const std::vector<ScenarioParameters>& scenarios,
                                              int threads = 0, ShareOfEconomy share = ShareOfEconomy::must_fit);

}  // namespace carecast::engine
