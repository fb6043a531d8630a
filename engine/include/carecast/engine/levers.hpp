// Equipment-investment levers: capital that shifts the input mix (MODEL.md §4, docs/levers.md).
//
// Two kinds of lever change the årsverk a service needs to produce the output the demand
// model asks of it (its gross demand A⁰_j(t), unchanged by levers):
//
//   Capital lever. Extra investment I_ℓ(t) (NOK a year, constant base-year prices) in one
//   equipment category of one service. Perpetual inventory with geometric depreciation
//   δ_c = 1 / lifetime_c gives the extra productive stock
//       ΔK_ℓ(t) = Σ_{τ ≤ t−1−lag} (1 − δ_c)^(t−1−lag−τ) · I_ℓ(τ)
//   (investment in year τ works from year τ+1+lag). The baseline stock keeps the base-year
//   input mix, K_c(t) = K⁰_c · A⁰_j(t)/A⁰_j(t0), with K⁰_c = f · I⁰_c / δ_c (steady state times
//   the stock factor f). Capital services are weighted by user cost u_c = r + δ_c:
//       κ_j(t) = 1 + Σ_ℓ u_c ΔK_ℓ(t) / (A⁰_j(t)/A⁰_j(t0) · Σ_c u_c K⁰_c)
//   and with a normalised CES production function of elasticity σ_j, holding output fixed,
//       λ_j = [(1 − (1 − s_L) κ^ρ) / s_L]^(1/ρ),   ρ = (σ − 1)/σ,   λ = κ^(−(1−s_L)/s_L) at σ = 1,
//   s_L = W_j / (W_j + Σ_c u_c K⁰_c), W_j = base årsverk × labour cost per årsverk.
//   Under-investment: with a base-year gap g_j ∈ [0, 1) the stock is (1 − g) of its
//   cost-minimising level K*, and the CES is normalised at the cost-minimising point instead:
//       λ_j = Λ((1 − g) κ, s*) / Λ(1 − g, s*),   Λ the λ above,
//   s* the labour share at the optimum (s* = w L*/(w L* + u K*), L* = L⁰/Λ(1 − g, s*), solved by
//   fixed-point iteration). The first NOK then saves more than a wage's worth of labour and the
//   return falls as the gap closes; g = 0 gives exactly the λ above.
//   With σ < 1, λ never falls below s_L^(σ/(1−σ)) (the floor); with σ > 1 the bracket can
//   reach 0 (capital alone makes the output) and λ is then 0 — the year is flagged
//   `saturated` so that callers can warn.
//
//   Technology lever. A logistic adoption share a_ℓ(t) ∈ [0, ceiling] of the potential
//   adopters; the lever touches a share τ of the service's årsverk and saves a fraction ψ of
//   the touched årsverk at full adoption. Per profession k it scales labour by
//       f_ℓk(t) = 1 − τ · ψ · a_ℓ(t) · w_ℓk / M_jk
//   where w_ℓ are the shares of the touched årsverk by profession (default: the staffing mix
//   M_j, which makes f the same for every profession). A task-targeted technology lever names
//   one profession p and the share θ of p's time in the task instead:
//       f_ℓp(t) = 1 − θ · ψ · a_ℓ(t),   f_ℓk(t) = 1 for every other profession k.
//   Either form is multiplied by the share of the gain realised, ρ_ℓ ∈ [0, 1] (ψ·ρ in place of ψ).
//   A negative ψ (a technology that takes more time per case) saves nothing (f = 1) and adds
//   the extra work, A⁰_j(t) · M_jk · (f − 1) with f computed as above, to the lever's `added`.
//
// Labour of profession k in service j with levers (before technical staff):
//       L_jk(t) = A⁰_j(t) · M_jk · λ_j(t) · Π_ℓ f_ℓk(t)
// Savings are attributed to the levers by their share of −ln(factor) (exact and additive; the
// capital part is split between capital levers of the service by their extra capital
// services u_c·ΔK_ℓ). Technical staff (årsverk) are added on top: per bn NOK of productive
// extra capital (capital levers) or per adopted unit (technology levers).
//
// Units: NOK (constant base-year prices), årsverk, years; rates are fractions a year.
// Invalid user input is the configuration layer's job; the engine checks its invariants
// with CARECAST_CHECK (throws InternalError). Values each in range that the model cannot use
// together throw DomainError (errors.hpp): a gap too large for σ, lever costs or units that
// overflow (key levers.investments.<name> or levers.technologies.<name>), a base-year
// equipment stock too small or a labour cost too large to be a ratio (data roles
// equipment_investment, labour_cost).
#pragma once

#include "carecast/engine/types.hpp"

#include <Eigen/Core>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::engine {

// The one table of equipment categories, shared by parser, writers and docs.
enum class EquipmentCategory : int {
  imaging = 0,
  laboratory_automation = 1,
  remote_monitoring = 2,  // remote monitoring and sensors (incl. bedside patient monitoring)
  surgical_robotics = 3,  // surgical robotics and other theatre equipment
  ict = 4,
};
inline constexpr int kEquipmentCategoryCount = 5;
inline constexpr std::array<std::string_view, kEquipmentCategoryCount> kEquipmentCategoryNames{
    "imaging", "laboratory_automation", "remote_monitoring", "surgical_robotics", "ict"};

// Base data on equipment (part of BaseData; empty when the data set has none).
struct EquipmentBase {
  // Baseline equipment investment in the base year by service × category, NOK a year.
  Eigen::MatrixXd base_investment;
  // Labour cost (wages, pensions, social costs) per årsverk in the base year, NOK, by service.
  std::vector<double> labour_cost_per_arsverk;

  bool empty() const { return base_investment.size() == 0; }
};

// Assumptions of the capital model; scenario parameters (plain numbers a sweep can set).
struct CapitalAssumptions {
  // Elasticity of substitution between equipment and labour, by service, > 0.
  std::vector<double> sigma;
  double real_interest_rate = 0.04;  // r in the user cost (r + δ)·K, fraction a year
  // Service lives by category, years (> 0); δ_c = 1 / lifetime.
  std::array<double, kEquipmentCategoryCount> lifetime_years{10.0, 8.0, 6.0, 10.0, 5.0};
  // Base-year net stock relative to the steady state I⁰/δ (1 = steady state; < 1 when the
  // stock has aged, as the Auditor General found).
  double base_stock_factor = 1.0;
  // Base-year equipment gap by service: the share of the cost-minimising stock missing, [0, 1)
  // (0 = the stock is at its cost-minimising level, the assumption without a gap). Empty = no
  // gap anywhere.
  std::vector<double> gap;
};

// Extra investment above the baseline path in one category of one service.
struct CapitalLever {
  std::string name;
  std::size_t service = 0;
  EquipmentCategory category = EquipmentCategory::imaging;
  double amount_nok = 0.0;  // extra investment a year at full level, NOK (≥ 0)
  int start_year = 0;       // first year with extra investment
  int end_year = 0;         // last year with extra investment (inclusive, ≥ start_year)
  int ramp_years = 1;       // years to full level (≥ 1): amount · min(1, (t − start + 1)/ramp)
  int lag_years = 0;        // extra years before capital becomes productive (≥ 0)
  // Technical årsverk per bn NOK of productive extra capital, by profession (index into
  // BaseData::professions); empty = none.
  std::vector<double> staff_per_bn_nok;
};

inline constexpr std::size_t kNoProfession = static_cast<std::size_t>(-1);

// A targeted technology with a logistic adoption path.
struct TechnologyLever {
  std::string name;
  std::size_t service = 0;
  int start_year = 0;          // adoption is 0 in this year and before
  double midpoint_year = 0.0;  // inflection of the logistic curve
  double ceiling = 1.0;        // long-run adoption share of the potential adopters, [0, 1]
  double steepness = 0.5;      // logistic slope k, per year (> 0)
  double touched_share = 0.0;  // τ: share of the service's årsverk the technology touches, [0, 1]
  // ψ: fraction of touched årsverk saved at full adoption, [−1, 1]; negative for a technology that
  // takes more time per case (robot-assisted surgery): the extra work is added, not saved.
  double saving_per_adopter = 0.0;
  // w: shares of the touched årsverk by profession (sum 1), empty = the service's staffing
  // mix. Must satisfy τ · w_k ≤ M_jk.
  std::vector<double> saved_profession_shares;
  // Task targeting: the profession whose time the technology saves (index into
  // BaseData::professions, kNoProfession = untargeted) and the share θ of that profession's
  // årsverk in the service spent on the task, [0, 1]. When set, touched_share and
  // saved_profession_shares are unused.
  std::size_t target_profession = kNoProfession;
  double task_share = 0.0;
  double realised_share = 1.0;        // ρ: share of the published gain realised, [0, 1]
  double potential_units = 0.0;       // units (robots, monitored patients, beds) at adoption 1
  double unit_cost_nok_per_year = 0.0;  // running cost per adopted unit, NOK a year
  double unit_investment_nok = 0.0;     // purchase price per unit, NOK (annualised over the lifetime)
  double unit_lifetime_years = 0.0;     // > 0 when unit_investment_nok > 0
  std::vector<double> staff_per_unit;   // technical årsverk per adopted unit, by profession; empty = none
};

struct LeverSet {
  CapitalAssumptions capital;
  std::vector<CapitalLever> capital_levers;
  std::vector<TechnologyLever> technology_levers;

  bool empty() const { return capital_levers.empty() && technology_levers.empty(); }
};

// The effect of one lever, years × professions (years from the base year).
struct LeverEffect {
  std::string name;
  bool capital = true;  // capital lever (else technology lever)
  std::size_t service = 0;
  Eigen::MatrixXd saved;         // gross årsverk saved, by profession
  Eigen::MatrixXd added;         // technical årsverk added, by profession
  std::vector<double> cost_nok;  // annual cost: user cost of the capital owned / units × unit cost
  std::vector<double> investment_nok;  // outlay in the year (capital: I(t); technology: new and replaced units)
  std::vector<double> productive_capital_nok;  // capital: ΔK(t); technology: 0
  std::vector<double> adoption;  // technology: a(t); capital: 0
  std::vector<double> units;     // technology: adopted units; capital: 0
};

struct LeverResults {
  std::vector<LeverEffect> levers;  // capital levers, then technology levers, in the order given
  // Gross årsverk with levers (before technical staff): years × services / × professions.
  Eigen::MatrixXd service_gross;
  Eigen::MatrixXd profession_gross;
  // Technical staff added: years × services / × professions.
  Eigen::MatrixXd service_added;
  Eigen::MatrixXd profession_added;
  // Capital diagnostics: years × services (κ = 1, λ = 1 where a service has no capital lever).
  Eigen::MatrixXd capital_ratio;  // κ
  Eigen::MatrixXd labour_factor;  // λ
  std::vector<double> labour_share;  // s_L by service (NaN without equipment data)
  std::vector<double> labour_floor;  // lower bound of λ by service (0 when σ ≥ 1)
  // Cost-minimising labour share s* by service (= labour_share without a gap; NaN without capital levers).
  std::vector<double> optimum_labour_share;
  Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic> saturated;  // years × services: bracket ≤ 0
  // Marginal cost of an årsverk saved by more capital in the service, NOK: the extra capital
  // services per årsverk of gross labour saved at the year's κ, C_j / (L⁰_j · |dλ/dκ|) (the
  // wage when g = 0 and κ = 1; below it while a gap remains). years × services; NaN where the
  // service has no capital lever, +∞ where λ is 0.
  Eigen::MatrixXd marginal_cost;
  // The share of the cost-minimising stock still missing, 1 − (1 − g)·κ (negative once the
  // levers take the stock beyond it). years × services; NaN where no capital lever.
  Eigen::MatrixXd gap_remaining;
  double discount_rate = 0.0;  // r of the capital model, fraction a year (for present values)
  // The same scenario without levers, computed in the same run (filled by the demand model).
  Eigen::MatrixXd service_without;     // years × services
  Eigen::MatrixXd profession_without;  // years × professions
  std::vector<double> health_care_without;
  std::vector<double> share_without;
};

// λ: labour needed with capital ratio κ (> 0) relative to labour at κ = 1, labour share
// s_L ∈ (0, 1], elasticity σ > 0. Exact Cobb–Douglas at σ = 1; numerically stable near it.
// Returns 0 when σ > 1 and the bracket is ≤ 0 (capital alone suffices), +∞ when σ < 1 and
// the bracket is ≤ 0 (only possible for κ < 1: too little capital for the output).
double ces_labour_factor(double kappa, double labour_share, double sigma);
// The asymptote of λ as κ → ∞: s_L^(σ/(1−σ)) for σ < 1, 0 for σ ≥ 1.
double ces_labour_floor(double labour_share, double sigma);

// Under-investment (gap g ∈ [0, 1)): the labour share at the cost-minimising point, s*, from the
// observed base-year share s_L (fixed point of s* = s_L / (s_L + (1 − s_L)·Λ(1 − g, s*)/(1 − g))).
// Returns s_L when g = 0. Throws DomainError when the base-year stock is too small to make the
// base-year output at σ < 1 (Λ(1 − g, ·) infinite).
double optimum_labour_share(double labour_share, double sigma, double gap);
// λ with a gap: Λ((1 − g)κ, s*) / Λ(1 − g, s*); exactly ces_labour_factor(κ, s*, σ) when g = 0.
double gap_labour_factor(double kappa, double optimum_share, double sigma, double gap);
// dλ/dκ of gap_labour_factor (≤ 0): (1 − g)·Λ'((1 − g)κ)/Λ(1 − g), with
// Λ'(x) = −((1 − s)/s) · x^(ρ − 1) · Λ(x)^(1 − ρ) (ρ = 0 at σ = 1); 0 where λ is 0.
double gap_labour_slope(double kappa, double optimum_share, double sigma, double gap);
// The lower bound of λ with a gap: ces_labour_floor(s*, σ) / Λ(1 − g, s*).
double gap_labour_floor(double optimum_share, double sigma, double gap);
// The relative change of profession k's labour the lever asks for: τ·ψ·ρ·a·w_k/M_jk (or θ·ψ·ρ·a
// for the targeted profession, 0 for the others). Positive: work saved; negative (ψ < 0): a
// technology that takes more time per case, whose extra work is added as årsverk.
double technology_profession_change(const TechnologyLever& lever, double adoption, std::size_t profession,
                                    double mix);
// f_ℓk: the factor by which technology lever `lever` scales profession k's labour in its
// service at adoption `adoption`, given the profession's share `mix` of the service (≥ 0):
// 1 − change clamped to [0, 1] (a labour-adding lever saves nothing).
double technology_profession_factor(const TechnologyLever& lever, double adoption, std::size_t profession,
                                    double mix);

// Adoption share in `year`: 0 up to the start year, then
//   ceiling · (F(t) − F(start)) / (1 − F(start)),  F(x) = 1 / (1 + exp(−k (x − midpoint))).
double technology_adoption(const TechnologyLever& lever, int year);
// Extra investment of a capital lever in `year`, NOK.
double capital_investment(const CapitalLever& lever, int year);
// Annuity factor: yearly payment per NOK invested over `lifetime` years at rate r (1/T at r = 0).
double annuity_factor(double rate, double lifetime);

// Base-year capital of one service: steady-state stock by category and its labour share.
struct ServiceCapital {
  std::array<double, kEquipmentCategoryCount> stock_nok{};  // K⁰_c
  double capital_cost_nok = 0.0;  // Σ_c (r + δ_c) K⁰_c
  double labour_cost_nok = 0.0;   // W_j
  double labour_share = 1.0;      // s_L
};
ServiceCapital service_capital(const EquipmentBase& equipment, const CapitalAssumptions& capital,
                               std::size_t service, double base_arsverk);

// Applies `levers` to the gross demand without levers. `gross` is years × services from
// `base_year` on; `staffing_mix` services × professions; `base_arsverk` by service (for W_j);
// `service_ids` by service, for messages. Fills everything in LeverResults except the
// *_without fields. Throws DomainError (parameter `levers.capital.services.<id>.gap`) when a
// service's equipment gap is too large for its σ (optimum_labour_share).
LeverResults apply_levers(const LeverSet& levers, const EquipmentBase& equipment,
                          const Eigen::MatrixXd& staffing_mix, const std::vector<double>& base_arsverk,
                          int base_year, const Eigen::MatrixXd& gross, const std::vector<std::string>& service_ids);

}  // namespace carecast::engine
