// The demand model: årsverk needed by service area and profession, year by year.
//
// For service j, year t (MODEL.md §2):
//   A_j(t) = g_j(t) · Σ_g Σ_a N(g,a,t) · r_j(g, a*, t0)  +  family-care spill-over_j(t)
//   g_j(t) = [(1 + s_j) / (1 + p_j)]^(t − t0)
// and, when the scenario has equipment levers (levers.hpp), the input-mix factor C_j(t):
// labour per profession becomes A_j(t)·M_jk·λ_j(t)·Π f_ℓk(t), plus the technical staff the
// equipment needs. Without levers the results are exactly (bit for bit) those of the
// formula above.
//   a*     = a − θ · (e(g,a,t) − e(g,a,t0))  for a ≥ threshold age, else a
// where r_j(·, t0) is base-year årsverk per inhabitant, calibrated so that Σ N·r_j in the
// base year equals the service's observed årsverk.
#pragma once

#include "carecast/engine/demography.hpp"
#include "carecast/engine/layout.hpp"
#include "carecast/engine/levers.hpp"
#include "carecast/engine/supply.hpp"
#include "carecast/engine/types.hpp"

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
  // Share of all årsverk in the economy used by public health and care in the base year;
  // fixes the average årsverk per employed person (MODEL.md §5).
  double share_anchor = 0.13;
  // Equipment investment and labour cost by service, for capital levers (may be empty).
  EquipmentBase equipment;
  // The supply side by profession (supply.hpp); empty: no supply and no gap.
  SupplyBase supply;
};

struct HealthyAgeing {
  double theta = 0.0;      // share of gained life years lived in good health, [0,1]
  int threshold_age = 55;  // profiles are shifted from this age on
};

struct FamilyCare {
  TimePath arsverk;              // unpaid family care, årsverk a year
  double spillover_share = 0.0;  // share of a fall below the base-year level taken over by LTC services
};

// One scenario: every assumption that may differ between scenarios.
struct ScenarioParameters {
  std::string name;
  DemographicAssumptions demography;
  std::vector<double> standard_growth;  // s_j by service, fraction a year
  std::vector<double> productivity;     // p_j by service, fraction a year
  HealthyAgeing healthy_ageing;
  FamilyCare family_care;
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
  PopulationPath population;
  // Present when the scenario has levers: their effects and the same scenario without them.
  // service_arsverk, profession_arsverk and the indicators above then include the levers
  // (gross årsverk after savings plus the technical staff added).
  std::optional<LeverResults> levers;
  // Present when the base data have a supply side: supply by profession from the supply start
  // year; the gap is profession_arsverk (demand, levers' technical staff included) − supply.
  std::optional<SupplyResult> supply;
  // What the user should know about the run (net migration that could not be applied …).
  std::vector<std::string> warnings;

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

// Runs one scenario on a population projected beforehand (for example by a solver that
// varies only service assumptions); `population` must cover base year .. end year.
ScenarioResult project_scenario(const BaseData& base, const ScenarioParameters& scenario,
                                const PopulationPath& population);

// Runs several scenarios; scenarios with identical demographic assumptions share one
// population projection. Results come back in the order given; the DomainError of the first
// scenario (in that order) with a problem is thrown.
std::vector<ScenarioResult> project_scenarios(const BaseData& base, const std::vector<ScenarioParameters>& scenarios);

}  // namespace carecast::engine
