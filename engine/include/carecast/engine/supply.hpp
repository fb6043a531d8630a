// The supply side: how many of each profession will be there to do the work, and the gap.
//
// A stock-flow model by profession k, sex g and single age a (docs/supply.md). The stock
// S_k(g,a,t) counts persons on 1 January of year t who hold the profession's education and
// are in the labour force (not retired, not left). During year t, in this order and per cell:
//
//   deaths       D = S · (1 − s(g,a,t))        s = the one-year survival of the scenario's
//                                              population projection (MortalityPath::survival)
//   retirements  R = (S − D) · ρ(a − δ)         ρ by age from the data, δ = retirement delay
//                                              (years; ρ read between whole ages linearly)
//   leavers      L = (S − D − R) · λ(a)         leaving the sector or the country
//   survivors    V = ((S − D) − R) − L          evaluated exactly in this order
//
// and the stock next year, one year older, gains the year's inflows (ages at the end of t):
//
//   S_k(g,a+1,t+1) = V(g,a) + G_k(g,a+1,t) + I_k(g,a+1,t)      (top age: V(top−1)+V(top)+…)
//   G = graduates a year · pattern(g,a) · (1 + graduates change)       for t ≥ base year
//   I = immigrants a year · pattern(g,a) · (1 + immigration change)    for t ≥ base year
//
// so every cell satisfies next = stock − deaths − retirements − leavers + inflows bit for
// bit when evaluated in that order, and no cell can become negative (each exit is a
// fraction in [0, 1] of what is left). Supply in årsverk:
//
//   raw_k(t)    = Σ_g,a S_k(g,a,t) · share_k · årsverk_per_person_k · (1 + full-time change)
//   supply_k(t) = c_k · raw_k(t),   c_k = demand_k(t0) / raw_k(t0) when the base data assume
//                                   the base year in balance (HELSEMOD's convention), else 1
//
// The scenario's changes (graduates, immigration, full-time) act from the base year t0 on;
// the years from the supply start year to t0 are history and use the data as given. Units:
// persons, persons a year, årsverk. Pure: no I/O. Throws DomainError (errors.hpp) when a
// profession has no supply in the base year to calibrate against.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "carecast/engine/demography.hpp"
#include "carecast/engine/types.hpp"

namespace carecast::engine {

// What the data say about one profession in the supply start year.
struct SupplyProfession {
  std::string id;  // a profession id of the demand side (staffing_mix.csv)
  // Persons on 1 January of the start year by age (0..top_age) and sex.
  AgeSexArray stock;
  double graduates = 0.0;             // persons a year entering from education in the country
  AgeSexArray graduate_pattern;       // shares by age at the end of the year and sex, summing to 1
  double immigrants = 0.0;            // authorised persons a year entering from abroad
  AgeSexArray immigrant_pattern;      // shares, summing to 1
  double share_in_health_care = 0.0;  // fraction of the stock working in health and care
  double arsverk_per_person = 0.0;    // årsverk per person working in health and care
};

// Everything about the supply side that does not change between scenarios.
struct SupplyBase {
  int start_year = 0;                         // the year of the stocks; ≤ the demand base year
  std::vector<SupplyProfession> professions;  // in the order of BaseData::professions
  Eigen::ArrayXd retirement_rate;  // by age 0..top_age, fraction a year of what is left after deaths
  Eigen::ArrayXd leaving_rate;     // by age, fraction a year of what is left after retirement
  // Calibrate each profession's supply to its demand in the demand base year (c_k above).
  bool balance_in_base_year = true;

  bool empty() const { return professions.empty(); }
};

// Supply-side levers of one scenario (NOU 2023:4): all neutral by default.
struct SupplyParameters {
  double graduates_change = 0.0;           // fraction: more study places, all professions
  double immigration_change = 0.0;         // fraction: recruitment from abroad
  double retirement_delay = 0.0;           // years the retirement schedule moves to older ages
  double arsverk_per_person_change = 0.0;  // fraction: more full-time work
  // Graduates a year of a profession (by id) from the base year on, replacing the data ×
  // (1 + graduates_change); used by `carecast solve`.
  std::map<std::string, double> graduates_per_year;

  bool operator==(const SupplyParameters&) const = default;
};

// One year's flows of one profession (persons), year t = 1 January t to 1 January t+1.
struct SupplyFlows {
  double graduates = 0.0, immigrants = 0.0;
  double deaths = 0.0, retirements = 0.0, leavers = 0.0;
};

struct ProfessionSupply {
  std::string id;
  std::vector<AgeSexArray> stock;              // 1 January, index year − start year (keep_stocks only)
  std::vector<double> persons;                 // Σ stock, persons, by year (always)
  std::vector<SupplyFlows> flows;              // during the year, same index (last year: none, zeros)
  std::vector<double> persons_in_health_care;  // Σ stock · share, by year
  std::vector<double> arsverk;                 // supply_k(t) above, by year
};

struct SupplyResult {
  int start_year = 0;
  int base_year = 0;
  std::vector<ProfessionSupply> professions;
  std::vector<double> calibration;  // c_k by profession (1 without balance)

  // Supply årsverk of profession k in `year` (start year .. end year).
  double arsverk(std::size_t k, int year) const {
    return professions.at(k).arsverk.at(static_cast<std::size_t>(year - start_year));
  }
};

// One year of one profession: ages `stock` by a year through the equations at the top of this
// file. `inflow` holds graduates + immigrants by age at the end of the year. Fills `flows`.
// Rates must lie in [0, 1] (checked).
AgeSexArray step_supply(const AgeSexArray& stock, const AgeSexArray& death_probability,
                        const Eigen::ArrayXd& retirement, const Eigen::ArrayXd& leaving,
                        const AgeSexArray& graduates, const AgeSexArray& immigrants, SupplyFlows& flows);

// The retirement schedule moved `delay` years to older ages (linear between whole ages;
// below age 0 the rate at age 0, above the top the top's).
Eigen::ArrayXd delayed_schedule(const Eigen::ArrayXd& rate, double delay);

// Projects the supply from the start year to `end_year`. `survival` is the population
// projection's one-year survival, (2·ages) × years from `base_year` (row g·ages + a: from age a
// to a + 1; the top age uses the row into the open group; years before the base year use the
// base year's column), as the kernel lays it out. `demand_base_year` holds each profession's
// demand in årsverk in `base_year` (used only with balance_in_base_year). Throws DomainError
// (data, "supply") when a profession has no supply in the base year.
// Without `keep_stocks` (runs and sweeps) ProfessionSupply::stock stays empty; the totals
// ProfessionSupply::persons are always there.
SupplyResult project_supply(const SupplyBase& base, const SupplyParameters& parameters,
                            const Eigen::MatrixXd& survival, int base_year, int end_year,
                            const std::vector<double>& demand_base_year, bool keep_stocks = true);

// The factors c_k above for a supply projected without calibration (`raw`): demand_k(t0) /
// raw_k(t0) with balance_in_base_year, else 1. Throws DomainError as project_supply does.
std::vector<double> supply_calibration(const SupplyBase& base, const SupplyResult& raw,
                                       const std::vector<double>& demand_base_year);

// Applies supply_calibration to a supply projected without calibration (what project_supply
// does with balance_in_base_year).
void calibrate_supply(const SupplyBase& base, const std::vector<double>& demand_base_year, SupplyResult& raw);

// The survival matrix project_supply takes, from a population projection's mortality.
Eigen::MatrixXd supply_survival(const MortalityPath& mortality, int base_year, int end_year);

}  // namespace carecast::engine
