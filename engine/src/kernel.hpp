// The projection kernel: every equation of the model, written once. The deterministic run
// (model.cpp, demography.cpp) and the Monte Carlo draws (fast_model.cpp) both call these
// functions; the draws only add precomputed tables (the κ table of life-table functions,
// the θ tables of age sums), never a second copy of an equation.
//
// Flat layout used throughout: one column of 2·ages values per year, row g·ages + a (g = 0
// female, 1 male); an AgeSexArray's data() is exactly such a column. Survival columns hold,
// per sex, `ages` values: [0, top−1) the ratio from age a to a+1, [top−1] into the open
// group, [top] births alive on the next 1 January (L(0)).
#pragma once

#include "carecast/engine/errors.hpp"
#include "carecast/engine/layout.hpp"
#include "carecast/engine/model.hpp"

#include <Eigen/Core>

// A loop compiled for AVX-512F, AVX2 and the baseline, picked at load time (GCC's
// target_clones): the kernel's eight-lane loops (kernel.cpp) and the κ table's interpolation
// (fast_model.cpp). The same operations in the same order on every width and no fused
// multiply-add (-ffp-contract=off, test engine:no-fused-multiply-add): the same bits.
#define CARECAST_WIDE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace carecast::engine::kernel {

inline constexpr int kOldAge = 67;      // population_67plus and the family-care spill-over
inline constexpr int kOldestAge = 80;   // population_80plus
inline constexpr Sex kSexes[kSexCount] = {Sex::female, Sex::male};

// ---------------------------------------------------------------- mortality (MODEL.md §1)

// Survival ratios (as above) and remaining life expectancy e(a) of one sex from its death
// rates, through one life table (life_table.hpp): S(a) = L(a+1)/L(a), T(A)/T(A−1) into the
// open group, L(0) for births.
void life_table_functions(const Eigen::ArrayXd& mx, Sex sex, double* survival, double* expectancy);

// The age pattern of mortality decline b(g,a), normalised to mean 1 per sex (ones when the
// base has none).
AgeSexArray decline_pattern(const DemographicBase& base);

// Life expectancy at birth of the base death rates, by sex: the first knot of every e0 path.
std::array<double, kSexCount> observed_e0(const DemographicBase& base);

// A time path anchored at (year0, value0) as TimePath::anchored_at does, evaluated without
// building the anchored path.
double anchored_value(const TimePath& path, int year0, double value0, int year);

// κ with e0(base_mx · exp(−κ b)) = target, exactly (life_table.hpp); a target no κ in the
// solver's range reaches is the user's problem: DomainError on the sex's life expectancy,
// naming `year`, the year whose target it is. `hint`: a nearby κ (NaN: none), see life_table.hpp.
double exact_shift_for_e0(const Eigen::ArrayXd& base_mx, const Eigen::ArrayXd& pattern, Sex sex, double target,
                          int year, double hint = std::numeric_limits<double>::quiet_NaN());

// κ(g, year): how far death rates have moved along the decline pattern since the mortality
// base year, mx(a, t) = mx(a, t_m) · exp(−κ · b(a)). improvement_rate mode: κ = −ln(1 − r)·(t − t_m);
// life_expectancy mode: solve_e0(g, target e0 of the year, year) (exactly or from a table).
template <class SolveE0>
double mortality_shift(const DemographicAssumptions& d, int g, int year, int mortality_base_year,
                       double observed_e0, SolveE0&& solve_e0) {
  if (year <= mortality_base_year) return 0.0;
  if (d.mortality_mode == MortalityMode::improvement_rate) {
    return -std::log(1.0 - d.mortality_improvement) * double(year - mortality_base_year);
  }
  return solve_e0(g, anchored_value(d.life_expectancy[std::size_t(g)], mortality_base_year, observed_e0, year), year);
}

// Death rates mx(a) = base_mx(a) · exp(−κ · b(a)) of one sex for ages [from_age, ages): how
// project_mortality turns the mortality shift κ into death rates (the draws need only ln mx,
// ln base_mx − κ·b, and the κ table).
void death_rates(const double* base_mx, const double* pattern, double shift, int from_age, int ages, double* mx);

// ---------------------------------------------------------------- population (MODEL.md §1)

// Shapes of fertility and migration, normalised: fertility sums to 1 over ages; migration
// sums to 1 over all cells (signed); emigration is the positive part of the migration shape
// at ages 1 and older, summing to 1: the age-sex propensity to emigrate (assumption:
// emigrants are of the ages that migrate; infants born in the year do not emigrate; see
// docs/model.md).
struct CohortShapes {
  int ages = 0;
  Eigen::ArrayXd fertility;  // ages
  AgeSexArray migration;     // ages × 2
  AgeSexArray emigration;    // ages × 2
  // The ages [fertile_from, fertile_to) where the fertility shape is not zero (from age 1:
  // births are counted from women aged 1 or more); outside them it adds nothing to births.
  int fertile_from = 1, fertile_to = 1;
};
CohortShapes cohort_shapes(const DemographicBase& base);

// Women's person-years weighted by the fertility shape, the mean of two 1 January female
// columns (`now`, `next`: persons by age): births = TFR × this. One definition for the cohort
// step and the regional fertility factors (regions.cpp).
double fertility_years(const CohortShapes& shapes, const double* now, const double* next);

struct CohortFlows {
  std::array<double, kSexCount> births{}, deaths{}, migration{};  // persons during the year, by sex
};

// One cohort-component step from 1 January to the next. `now`, `next`: population columns;
// `survival`: the year's survival column. Net migration L (persons) is applied by age at the
// end of the year, after survival and before births (so women who move in bear children):
//   L ≥ 0: L · m(g,a) added to each cell (a cell never falls below zero);
//   L < 0: emigration as rates on the population at risk, rate(g,a) = min(1, |L| · e(g,a) / Σ e·P),
//          so emigration never adds people and never takes more than are there.
// Births from women's person-years (mean of the two populations) × TFR × the fertility shape,
// split by the sex ratio at birth. `flows` gets births, deaths and the migration applied
// (which differs from L only where cells ran empty).
void cohort_step(const double* now, const double* survival, double total_fertility, double sex_ratio_at_birth,
                 double net_migration, const CohortShapes& shapes, double* next, CohortFlows& flows);

// Flows of a year whose next population is known (observed, or an external projection):
// births from the infants on the next 1 January, deaths from the survival column, net
// migration as the residual, so that P(t+1) = P(t) + births − deaths + migration holds exactly.
CohortFlows residual_flows(const double* now, const double* next, const double* survival, int ages);

// ---------------------------------------------------------------- demand (MODEL.md §2, §3, §5)

// Everything of a base data set that every projection of it shares.
struct DemandBase {
  int base_year = 0, year_count = 0, ages = 0, top = 0;
  Eigen::Index services = 0, professions = 0;
  Eigen::MatrixXd rates;      // (2·ages) × services: r_j(g,a,t0), årsverk per inhabitant
  std::vector<Eigen::Index> ltc_services;
  std::vector<char> long_term_care;  // by service
  Eigen::MatrixXd mix;               // services × professions
  Eigen::MatrixXd mix_by_service;    // professions × services: the same, a service's shares contiguous
  Eigen::VectorXd employment;        // (2·ages): employed persons per inhabitant
  double arsverk_per_employed = 0.0;  // calibrated in the base year (MODEL.md §5)
  double employment_62_74_min = 0.0, employment_62_74_max = 0.0;  // base rates at ages 62-74, both sexes
  // Age groups: runs of ages of one sex whose user rates are equal in every service (the
  // profiles are given by age group, SSB's 0-17, 18-29, …), and a group always starts at 67
  // (kOldAge), so that a group is wholly below or wholly at and above it. Group k holds rows
  // [group_start[k], group_start[k+1]) of a column;
  // group_rates is groups × services (r_j of the group), group_rates_ltc the long-term-care
  // columns. With single-age rates every age is a group of its own.
  std::vector<int> group_start;
  Eigen::MatrixXd group_rates, group_rates_ltc;
  EquipmentBase equipment;
  std::vector<double> base_arsverk;  // by service
  // π_j: share of the long-term-care services' base-year årsverk (0 for other services); how
  // family care is split between them in total_need mode.
  std::vector<double> family_care_share;
  SweepLayout layout;
};

// Calibrates r_j so that Σ N(t0)·r_j = the service's base årsverk, and the economy's årsverk
// per employed person so that the share in base.share_anchor_year (observed population,
// base-year user rates and employment rates) equals base.share_anchor. Throws
// DomainError (data) for a service with no use in the base-year population.
DemandBase demand_base(const BaseData& base, const AgeSexArray& base_population);

// Age sums F = Rᵀ·W ((columns of `rates`) × columns) of `columns` weight columns of 2·ages
// values each, `rates` being DemandBase::group_rates or group_rates_ltc: W summed within each
// age group (`grouped`, scratch resized to groups × columns), then F = R_groupᵀ·G. The same
// sums as the full product over ages, in another order of additions, with about a tenth of
// its multiplications on SSB's age groups; a column's sums do not depend on `columns`.
void rate_sums(const DemandBase& base, const Eigen::MatrixXd& rates, const double* weights, Eigen::Index columns,
               Eigen::MatrixXd& grouped, Eigen::Ref<Eigen::MatrixXd> sums);

// The age sums finish_years reads, from use_weights' W and W67 (`columns` columns of 2·ages
// values each): F = Rᵀ·W for every service, and E = Rᵀ·W67 for the long-term-care services (0
// in the other services' rows), both through rate_sums; `sums` and `sums_67plus` become
// services × columns. `grouped` and `sums_ltc` are scratch. `weights_67plus` null: W67 is W at
// ages 67 and over (weights_67plus_by_age), and E is summed from W's age groups from 67 on,
// the same sums as from such a W67, without grouping it again.
void demand_sums(const DemandBase& base, const double* weights, const double* weights_67plus, Eigen::Index columns,
                 Eigen::MatrixXd& grouped, Eigen::MatrixXd& sums_ltc, Eigen::MatrixXd& sums,
                 Eigen::MatrixXd& sums_67plus);

// Healthy ageing by age shift (MODEL.md §2): from the threshold age on, people of age a use
// services as people of age a* = a − θ·(e(g,a,t) − e(g,a,t0)) did in the base year, r read
// between single ages by linear interpolation. Written as the population spread onto the
// ages whose rates it uses, so that the year's demand is Rᵀ·W:
//   W(g, ⌊a*⌋) += (1 − w)·N(g,a),  W(g, ⌊a*⌋ + 1) += w·N(g,a),  w = a* − ⌊a*⌋,
// and W67 the same for people aged 67 or more. θ = 0 gives W = N. `scratch` holds 4·(ages+1)
// values, all zero on entry; they are zero again on return.
void spread_to_use_ages(const double* persons, const double* e_now, const double* e_base, double theta,
                        int threshold, int ages, double* weights, double* weights_67plus, double* scratch);

// Healthy ageing by the mortality ratio (MODEL.md §2; SSB Rapporter 2019/12's "friskere
// eldre"). log_death_probability: ln q(g,a) with q = 1 − exp(−mx), the one-year death
// probability at a constant hazard, from ln mx, for ages ≥ threshold (0 below); columns of
// 2·ages values (the run path's death rates, and the κ table of the draws, which is built
// from the same function for one sex: log_death_probability_of_sex, `ages` values).
void log_death_probability(const double* log_mx, int threshold, int ages, double* log_q);
void log_death_probability_of_sex(const double* log_mx, int threshold, int ages, double* log_q);

// L = min(0, ln q(t) − ln q(t0)) of one cell, 0 where both rates are 0 (−∞ − −∞ is NaN): the
// log of the death-probability ratio where mortality fell; healthy ageing never raises demand.
inline double log_death_probability_ratio(double log_q_now, double log_q_base) {
  const double r = log_q_now - log_q_base;
  return r < 0.0 ? r : 0.0;
}

// L(g,a) of every cell at ages ≥ threshold (the function above). `out` below the threshold
// is not written (healthy ageing does not read it there).
void log_death_probability_ratio(const double* log_q_now, const double* log_q_base, int threshold, int ages,
                                 double* out);

// L of a projected mortality path for each year from `base_year` on ((2·ages) × years, each
// year clamped to the path's years), from ages `threshold` on (0 below): the two functions
// above on the path's death rates. For the run path and the tables of the draws, not per draw.
Eigen::MatrixXd mortality_log_ratios(const MortalityPath& mortality, int base_year, int years, int threshold, int ages);

// The population weighted by h(g,a) = exp(η·L(g,a)) = min(1, (q(t)/q(t0))^η) (so h ≤ 1 always,
// and 1 without a fall in mortality): W = h·N. η = 0 gives W = N. People are weighed at their
// own age, so W67 is W from age 67 on and needs no array of its own (weights_67plus_by_age).
void weigh_by_mortality_ratio(const double* persons, const double* log_ratio, double elasticity, int threshold,
                              int ages, double* weights);

// True where the method's W67 is W at ages 67 and over (the mortality ratio weighs people at
// their own age): then use_weights and demand_sums take a null W67 and skip it.
inline bool weights_67plus_by_age(const HealthyAgeing& ageing) {
  return ageing.method == HealthyAgeingMethod::mortality_ratio;
}

// The year's weights W, W67 by the scenario's healthy-ageing method: spread_to_use_ages
// (age_shift, which reads e_now and e_base) or weigh_by_mortality_ratio (reads log_ratio). In
// the base year both give W = N. W67 is written by the age shift only; `weights_67plus` may be
// null where weights_67plus_by_age.
void use_weights(const HealthyAgeing& ageing, bool base_year, const double* persons, const double* e_now,
                 const double* e_base, const double* log_ratio, int ages, double* weights, double* weights_67plus,
                 double* scratch);

// Totals of one population column: persons, 67+, 80+ and employed persons.
struct PopulationTotals {
  double persons = 0.0, persons_67plus = 0.0, persons_80plus = 0.0, employed = 0.0;
  double persons_62_74 = 0.0;  // the ages whose employment rates a scenario may raise
};
inline constexpr int kOlderWorkersFrom = 62, kOlderWorkersTo = 74;
PopulationTotals population_totals(const double* column, const DemandBase& base);

// The year rows of a projection from the age sums F_j(t) = Σ W·r_j (services × years) and
// their 67+ part E_j (long-term-care services; other rows unused):
//   A_j(t) = g_j(t)·(F_j(t) + T_j(t)), g_j(t) = [(1 + s_j)/(1 + p_j)]^(t − t0) (by repeated
//   multiplication), T_j the family care taken over by a long-term-care service (model.hpp,
//   MODEL.md §3): total_need T_j = π_j·(FC(t0)·X_j(t) − FC(t)), A_j ≥ 0; spillover
//   g_j·T_j = share · max(0, FC(t0) − FC(t)) · g_j E_j / Σ_ltc g E;
//   professions Σ_j A_j M_jk; the indicators of kSweepIndicators. `totals` and
//   `net_migration` have one entry per year. `growth` is scratch of services × (years + 1).
void finish_years(const DemandBase& base, const ScenarioParameters& scenario, const Eigen::MatrixXd& sums,
                  const Eigen::MatrixXd& sums_67plus, const PopulationTotals* totals, const double* net_migration,
                  Eigen::MatrixXd& growth, double* out);

// Replaces the rows' services, total, professions and share by their values with the
// scenario's levers (levers.hpp: gross with levers plus technical staff; the economy does not
// change) and returns the levers' effects (without the *_without fields). `gross` is scratch
// of years × services.
LeverResults apply_levers_to_rows(const DemandBase& base, const LeverSet& levers, double* out, Eigen::MatrixXd& gross);

// The supply side in the rows (supply.hpp): each profession's base-year demand (row 0), and
// the gap columns demand − supply written from a supply projection.
std::vector<double> base_year_professions(const DemandBase& base, const double* out);
// `supply` may be uncalibrated: each profession's årsverk are multiplied by `calibration`.
void write_gaps(const DemandBase& base, const SupplyResult& supply, const std::vector<double>& calibration,
                double* out);

// Throws DomainError when a row holds a value outside its domain: a non-finite value, or
// (where `share_must_fit`) a share of all årsverk above 1 (the economy cannot supply the
// årsverk health and care need). Without `share_must_fit` the share is not checked at all
// (an economy with no årsverk left gives an infinite one).
void check_domain(const DemandBase& base, const double* out, bool share_must_fit = true);

}  // namespace carecast::engine::kernel
