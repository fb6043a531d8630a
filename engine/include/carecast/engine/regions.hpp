// Regional projections (MODEL.md §8): the population of each county by sex and single age,
// made consistent with the national projection, and the årsverk of every service area and
// profession by county or health region.
//
// Population, county c, sex g, age a, year t → t+1 (docs/regions.md):
//   1. the engine's cohort step (kernel::cohort_step) with the NATIONAL survival of year t and
//      the national fertility level scaled by the county's fertility factor f_c;
//   2. net migration by cell, persons: m_c(g,a,t) = α_c(g,a,t)·M(g,a,t) + i_c(g,a), where
//      M(g,a,t) is the national projection's net migration in the cell (its residual),
//      α_c(g,a,t) = P_c(g,a,t)/N(g,a,t) the county's share of the cell on 1 January, and
//      i_c = m̄_c − ᾱ_c·M̄ the county's net migration beyond its share in the estimation
//      years (m̄_c: mean residual migration, ᾱ_c: mean share, M̄ = Σ_c m̄_c); Σ_c i_c = 0.
//   3. consistency: P_c(g,a,t+1) ← P_c(g,a,t+1) · N(g,a,t+1) / Σ_c P_c(g,a,t+1) (proportional
//      adjustment to the national cell), so counties add up to the nation in every cell.
// Observed years (up to the jump-off year) take the observed county populations, adjusted
// the same way.
//
// Residual method (estimation years t = first..last, populations t..last+1 observed):
//   m_c(g,a,t) = P_c(g,a,t+1) − P_c(g,a−1,t)·S(g,a−1,t)                  a ≥ 1 (open group: two ages)
//   m_c(g,0,t) = P_c(g,0,t+1) − B_c(g,t)·L0(g,t)
// with S, L0 the national survival, B_c the births the cohort step gives with TFR_c(t) =
// f_c·TFR(t), TFR(t) the national level implied by the sums of the counties (infants on the
// next 1 January / L0 per fertility-weighted woman-year), and f_c the county's infants per
// fertility-weighted woman-year over all estimation years relative to the nation's. Projecting
// an estimation year with that year's m_c reproduces the observed population (a test checks
// it). County differences in mortality are not in the data: they end up in m_c.
//
// Demand, region r, service j, year t (Σ_r of every figure is the national figure):
//   A_j^r(t) = A_j(t) · c_j^r·F_j^r(t) / Σ_r' c_j^r'·F_j^r'(t)
// F_j^r(t) = Σ W^r·r_j is the national age-sex profile applied to the region's population
// (healthy ageing spread included, as the national run does), c_j^r = 1 or, with a regional
// base-year calibration, observed årsverk / F_j^r(t0). Professions: the national profession
// årsverk shared as Σ_j A_j^r M_jk. Units: persons on 1 January, årsverk a year.
#pragma once

#include "carecast/engine/demography.hpp"
#include "carecast/engine/types.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::engine {

struct BaseData;
struct ScenarioParameters;
struct ScenarioResult;

enum class RegionLevel { none, county, health_region };
inline constexpr std::array<std::pair<std::string_view, RegionLevel>, 3> kRegionLevels{{
    {"none", RegionLevel::none},
    {"county", RegionLevel::county},
    {"health_region", RegionLevel::health_region},
}};

// What is known about the regions before any assumption is made.
struct RegionalData {
  RegionLevel level = RegionLevel::none;  // what the run reports (none: no regional results)
  std::vector<std::string> counties;      // ids (SSB county codes, "03"), in file order
  std::vector<std::string> county_names;
  std::vector<std::string> health_regions;  // names, first-seen order
  std::vector<int> health_region_of;        // by county: index into health_regions
  // Observed 1 January populations by year, then county (same order as `counties`); must
  // hold every year from first_estimation_year to last_estimation_year + 1 and from the
  // national base year to the jump-off year.
  std::map<int, std::vector<AgeSexArray>> observed;
  int first_estimation_year = 0, last_estimation_year = 0;  // flows t → t+1, inclusive
  // Optional regional base-year årsverk, regions of `level` × services (NaN: not given, that
  // region and service use the national profile); empty: none.
  Eigen::MatrixXd calibration;
};

// The residual-method estimates of every county (order of RegionalData::counties).
struct ResidualMigration {
  std::vector<double> fertility_factor;  // f_c
  // Per estimation year (index t − first_estimation_year), per county: m_c(g,a,t), persons.
  std::vector<std::vector<AgeSexArray>> by_year;
  std::vector<double> national_tfr;      // TFR(t) of the estimation years, by year
  std::vector<AgeSexArray> mean;         // m̄_c
  std::vector<AgeSexArray> beyond_share; // i_c
};

// Estimates f_c and m_c from the observed county populations with the national survival of
// `mortality` (years before its first year use its first year's) and the sex ratio at birth.
// Throws DomainError (data, key "regions_population") when an estimation year is missing.
ResidualMigration estimate_residual_migration(const BaseData& base, const RegionalData& regions,
                                              const MortalityPath& mortality, double sex_ratio_at_birth);

// One county's population on 1 January year+1 from `now` (1 January year) by the engine's
// cohort step: the national survival of `year` in `mortality` (nearest year outside it),
// fertility level `total_fertility` (children per woman), net migration by cell `migration`
// (persons, signed; a cell never falls below zero).
AgeSexArray step_county(const BaseData& base, const AgeSexArray& now, const MortalityPath& mortality, int year,
                        double total_fertility, double sex_ratio_at_birth, const AgeSexArray& migration);

// Regional results of one scenario, for the regions of one level (ids in `regions`).
struct RegionalResult {
  RegionLevel level = RegionLevel::none;
  std::vector<std::string> regions;
  std::vector<int> years;
  std::vector<std::vector<AgeSexArray>> population;  // [region][year − years.front()], persons
  std::vector<Eigen::MatrixXd> service_arsverk;      // [region]: years × services
  std::vector<Eigen::MatrixXd> profession_arsverk;   // [region]: years × professions
};

// County populations from the base year to the end year, consistent with `national`
// ([year index][county]). Throws DomainError as estimate_residual_migration.
std::vector<std::vector<AgeSexArray>> project_counties(const BaseData& base, const RegionalData& regions,
                                                       const ScenarioParameters& scenario,
                                                       const PopulationPath& national);

// The regional result of a national one at `regions.level` (not none).
RegionalResult regional_result(const BaseData& base, const RegionalData& regions, const ScenarioParameters& scenario,
                               const ScenarioResult& national);

// Makes `parts` (one per region) add up to `total` when summed in region order: proportional
// adjustment, then the rounding remainder to the largest part. Parts all zero with a positive
// total are filled in proportion to `fallback` (non-negative, same count, not all zero).
// Exposed for tests.
void adjust_to_total(std::vector<double>& parts, double total, const std::vector<double>& fallback);

}  // namespace carecast::engine
