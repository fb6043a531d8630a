#include "carecast/engine/levers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"

namespace carecast::engine {
namespace {

// A lever's effect before any year is filled in: every series zero for `years` years.
LeverEffect empty_effect(const std::string& name, bool capital, std::size_t service, Eigen::Index years,
                         Eigen::Index professions) {
  LeverEffect effect;
  effect.name = name;
  effect.capital = capital;
  effect.service = service;
  effect.saved = Eigen::MatrixXd::Zero(years, professions);
  effect.added = Eigen::MatrixXd::Zero(years, professions);
  const std::vector<double> zeros(std::size_t(years), 0.0);
  effect.cost_nok = effect.investment_nok = effect.productive_capital_nok = zeros;
  effect.adoption = effect.units = zeros;
  return effect;
}

constexpr double kNokPerBn = 1e9;

double depreciation_rate(const CapitalAssumptions& capital, EquipmentCategory category) {
  const double lifetime = capital.lifetime_years[std::size_t(category)];
  CARECAST_CHECK(lifetime > 0.0, "equipment lifetimes must be positive");
  return 1.0 / lifetime;
}

double user_cost_rate(const CapitalAssumptions& capital, EquipmentCategory category) {
  return capital.real_interest_rate + depreciation_rate(capital, category);
}

double logistic(double steepness, double midpoint, double x) {
  return 1.0 / (1.0 + std::exp(-steepness * (x - midpoint)));
}

// Splits `total` between contributions with weights −ln(factor) ≥ 0 (infinite when a factor
// is 0). Exact and additive: the parts sum to `total`.
void attribute(double total, const std::vector<double>& factors, std::vector<double>& parts) {
  parts.assign(factors.size(), 0.0);
  if (total == 0.0) return;
  std::size_t infinite = 0;
  for (double factor : factors) infinite += factor <= 0.0 ? 1 : 0;
  if (infinite > 0) {
    for (std::size_t i = 0; i < factors.size(); ++i) {
      if (factors[i] <= 0.0) parts[i] = total / double(infinite);
    }
    return;
  }
  double sum = 0.0;
  std::vector<double> weights(factors.size());
  for (std::size_t i = 0; i < factors.size(); ++i) {
    weights[i] = -std::log(std::min(factors[i], 1.0));
    sum += weights[i];
  }
  if (!(sum > 0.0)) return;
  for (std::size_t i = 0; i < factors.size(); ++i) parts[i] = total * (weights[i] / sum);
}

}  // namespace

double ces_labour_factor(double kappa, double labour_share, double sigma) {
  CARECAST_CHECK(kappa > 0.0, "the capital ratio must be positive");
  CARECAST_CHECK(labour_share > 0.0 && labour_share <= 1.0, "the labour share must lie in (0, 1]");
  CARECAST_CHECK(sigma > 0.0, "the elasticity of substitution must be positive");
  if (kappa == 1.0 || labour_share == 1.0) return 1.0;
  const double log_kappa = std::log(kappa);
  const double ratio = (1.0 - labour_share) / labour_share;
  if (sigma == 1.0) return std::exp(-ratio * log_kappa);  // Cobb–Douglas
  const double rho = (sigma - 1.0) / sigma;
  // bracket = (1 − (1 − s_L) κ^ρ)/s_L = 1 − ratio·(κ^ρ − 1); written with expm1/log1p so that
  // the result goes smoothly to the Cobb–Douglas limit as ρ → 0.
  const double bracket_minus_one = -ratio * std::expm1(rho * log_kappa);
  if (bracket_minus_one <= -1.0) return rho > 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  const double lambda = std::exp(std::log1p(bracket_minus_one) / rho);
  // With σ < 1 and more capital, λ approaches its floor from above; keep rounding from
  // taking it below.
  return rho < 0.0 && kappa > 1.0 ? std::max(lambda, ces_labour_floor(labour_share, sigma)) : lambda;
}

double ces_labour_floor(double labour_share, double sigma) {
  CARECAST_CHECK(labour_share > 0.0 && labour_share <= 1.0, "the labour share must lie in (0, 1]");
  CARECAST_CHECK(sigma > 0.0, "the elasticity of substitution must be positive");
  if (sigma >= 1.0) return labour_share == 1.0 ? 1.0 : 0.0;
  return std::pow(labour_share, sigma / (1.0 - sigma));
}

double optimum_labour_share(double labour_share, double sigma, double gap) {
  CARECAST_CHECK(gap >= 0.0 && gap < 1.0, "the equipment gap must lie in [0, 1)");
  if (gap == 0.0 || labour_share == 1.0) return labour_share;
  // s* = s_L / (s_L + (1 − s_L)·Λ(1 − g, s*)/(1 − g)). Starting from s_L the iterates fall
  // monotonically (a larger Λ lowers s, a lower s raises Λ) to the fixed point when there is
  // one; without one (too large a gap for σ < 1) Λ becomes infinite or they never settle.
  const auto impossible = [&] {
    return DomainError(
        DomainError::Kind::parameter, "levers.capital.gap", format_value(gap),
        "with σ = " + format_value(sigma) +
            " a stock this far below its cost-minimising level cannot make the base-year output "
            "(choose a smaller gap or a larger σ)");
  };
  double share = labour_share;
  for (int round = 0; round < 10000; ++round) {
    const double base_factor = ces_labour_factor(1.0 - gap, share, sigma);
    if (!std::isfinite(base_factor)) throw impossible();
    const double next = labour_share / (labour_share + (1.0 - labour_share) * base_factor / (1.0 - gap));
    if (std::abs(next - share) <= 1e-15) return next;
    share = next;
  }
  throw impossible();
}

double gap_labour_factor(double kappa, double optimum_share, double sigma, double gap) {
  if (gap == 0.0) return ces_labour_factor(kappa, optimum_share, sigma);
  const double base_factor = ces_labour_factor(1.0 - gap, optimum_share, sigma);
  CARECAST_CHECK(std::isfinite(base_factor) && base_factor > 0.0, "the base-year gap factor must be finite");
  const double lambda = ces_labour_factor((1.0 - gap) * kappa, optimum_share, sigma) / base_factor;
  return std::max(lambda, kappa > 1.0 ? gap_labour_floor(optimum_share, sigma, gap) : 0.0);
}

double gap_labour_slope(double kappa, double optimum_share, double sigma, double gap) {
  if (optimum_share == 1.0) return 0.0;
  const double x = (1.0 - gap) * kappa;
  const double level = ces_labour_factor(x, optimum_share, sigma);
  if (level == 0.0) return 0.0;
  const double rho = (sigma - 1.0) / sigma;
  const double slope =
      -(1.0 - optimum_share) / optimum_share * std::pow(x, rho - 1.0) * std::pow(level, 1.0 - rho);
  return (1.0 - gap) * slope / ces_labour_factor(1.0 - gap, optimum_share, sigma);
}

double gap_labour_floor(double optimum_share, double sigma, double gap) {
  const double floor = ces_labour_floor(optimum_share, sigma);
  if (gap == 0.0) return floor;
  return floor / ces_labour_factor(1.0 - gap, optimum_share, sigma);
}

double technology_profession_change(const TechnologyLever& lever, double adoption, std::size_t profession,
                                    double mix) {
  const double saving = lever.saving_per_adopter * lever.realised_share;
  if (lever.target_profession != kNoProfession) {
    return profession == lever.target_profession ? lever.task_share * saving * adoption : 0.0;
  }
  const double relative = lever.saved_profession_shares.empty()
                              ? 1.0
                              : (mix > 0.0 ? lever.saved_profession_shares[profession] / mix : 0.0);
  return lever.touched_share * saving * adoption * relative;
}

double technology_profession_factor(const TechnologyLever& lever, double adoption, std::size_t profession,
                                    double mix) {
  return std::clamp(1.0 - technology_profession_change(lever, adoption, profession, mix), 0.0, 1.0);
}

double technology_adoption(const TechnologyLever& lever, int year) {
  if (year <= lever.start_year) return 0.0;
  const double at_start = logistic(lever.steepness, lever.midpoint_year, double(lever.start_year));
  const double remaining = 1.0 - at_start;
  // A curve that has (numerically) finished before the start jumps straight to the ceiling.
  if (remaining <= std::numeric_limits<double>::epsilon()) return lever.ceiling;
  const double now = logistic(lever.steepness, lever.midpoint_year, double(year));
  return lever.ceiling * std::clamp((now - at_start) / remaining, 0.0, 1.0);
}

double capital_investment(const CapitalLever& lever, int year) {
  if (year < lever.start_year || year > lever.end_year) return 0.0;
  const int ramp = std::max(1, lever.ramp_years);
  return lever.amount_nok * std::min(1.0, double(year - lever.start_year + 1) / double(ramp));
}

double annuity_factor(double rate, double lifetime) {
  CARECAST_CHECK(lifetime > 0.0, "an annuity needs a positive lifetime");
  if (rate == 0.0) return 1.0 / lifetime;
  return rate / -std::expm1(-lifetime * std::log1p(rate));
}

ServiceCapital service_capital(const EquipmentBase& equipment, const CapitalAssumptions& capital,
                               std::size_t service, double base_arsverk) {
  CARECAST_CHECK(!equipment.empty(), "capital levers need equipment base data");
  CARECAST_CHECK(Eigen::Index(service) < equipment.base_investment.rows() &&
                     equipment.base_investment.cols() == kEquipmentCategoryCount &&
                     service < equipment.labour_cost_per_arsverk.size(),
                 "equipment base data must cover every service and category");
  ServiceCapital result;
  for (int c = 0; c < kEquipmentCategoryCount; ++c) {
    const auto category = EquipmentCategory(c);
    const double investment = equipment.base_investment(Eigen::Index(service), c);
    CARECAST_CHECK(investment >= 0.0, "base investment must not be negative");
    result.stock_nok[std::size_t(c)] = capital.base_stock_factor * investment / depreciation_rate(capital, category);
    result.capital_cost_nok += user_cost_rate(capital, category) * result.stock_nok[std::size_t(c)];
  }
  result.labour_cost_nok = base_arsverk * equipment.labour_cost_per_arsverk[service];
  CARECAST_CHECK(result.labour_cost_nok > 0.0, "labour cost must be positive");
  if (!std::isfinite(result.labour_cost_nok)) {  // a labour cost per årsverk near the largest double
    throw DomainError(DomainError::Kind::data, "labour_cost", format_value(equipment.labour_cost_per_arsverk[service]),
                      "the labour cost per årsverk of service number " + std::to_string(service + 1) + " times its " +
                          format_value(base_arsverk) + " base-year årsverk is not a finite number of NOK");
  }
  result.labour_share = result.labour_cost_nok / (result.labour_cost_nok + result.capital_cost_nok);
  if (!(std::isfinite(result.capital_cost_nok) && result.labour_share > 0.0)) {
    // Only investment figures near the largest double get here (lifetimes are at most 100 years).
    throw DomainError(DomainError::Kind::data, "equipment_investment", format_value(result.capital_cost_nok),
                      "the base-year equipment investment of service number " + std::to_string(service + 1) +
                          " makes a capital cost of " + format_value(result.capital_cost_nok) +
                          " NOK a year beside its labour cost: the stock (investment/depreciation) must stay finite");
  }
  return result;
}

LeverResults apply_levers(const LeverSet& levers, const EquipmentBase& equipment,
                          const Eigen::MatrixXd& staffing_mix, const std::vector<double>& base_arsverk,
                          int base_year, const Eigen::MatrixXd& gross, const std::vector<std::string>& service_ids) {
  const Eigen::Index years = gross.rows();
  const Eigen::Index services = gross.cols();
  const Eigen::Index professions = staffing_mix.cols();
  CARECAST_CHECK(years >= 1 && staffing_mix.rows() == services && Eigen::Index(base_arsverk.size()) == services,
                 "levers: gross demand, staffing mix and services must agree");
  const CapitalAssumptions& capital = levers.capital;
  const double rate = capital.real_interest_rate;

  LeverResults out;
  out.service_gross = gross;
  out.profession_gross = Eigen::MatrixXd::Zero(years, professions);
  out.service_added = Eigen::MatrixXd::Zero(years, services);
  out.profession_added = Eigen::MatrixXd::Zero(years, professions);
  out.capital_ratio = Eigen::MatrixXd::Ones(years, services);
  out.labour_factor = Eigen::MatrixXd::Ones(years, services);
  out.labour_share.assign(std::size_t(services), std::numeric_limits<double>::quiet_NaN());
  out.labour_floor.assign(std::size_t(services), 1.0);
  out.optimum_labour_share.assign(std::size_t(services), std::numeric_limits<double>::quiet_NaN());
  out.discount_rate = rate;
  out.marginal_cost = Eigen::MatrixXd::Constant(years, services, std::numeric_limits<double>::quiet_NaN());
  out.gap_remaining = out.marginal_cost;
  CARECAST_CHECK(capital.gap.empty() || Eigen::Index(capital.gap.size()) == services,
                 "the equipment gap needs one value per service");
  out.saturated = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(years, services, false);

  const auto check_profession_vector = [&](const std::vector<double>& values, const std::string& name) {
    CARECAST_CHECK(values.empty() || Eigen::Index(values.size()) == professions,
                   "lever '" + name + "': one value per profession expected");
  };

  // Every figure of a lever is finite with any real equipment; values far beyond it (amounts or
  // unit costs near 1e308 NOK, a unit lifetime near 0) can overflow a product, or the sums over
  // years and levers that the lever tables report. Such a lever is refused under its own key
  // (levers.investments.<name> or levers.technologies.<name>).
  double all_cost = 0.0, all_investment = 0.0;  // every lever so far, every year
  const auto check_finite = [&](const LeverEffect& effect) {
    const std::string key = std::string(effect.capital ? "levers.investments." : "levers.technologies.") + effect.name;
    for (Eigen::Index i = 0; i < years; ++i) {
      const auto y = std::size_t(i);
      all_cost += effect.cost_nok[y];
      all_investment += effect.investment_nok[y];
      for (const double value : {effect.cost_nok[y], effect.investment_nok[y], effect.productive_capital_nok[y],
                                 effect.units[y], effect.added.row(i).sum(), all_cost, all_investment}) {
        if (std::isfinite(value)) continue;
        throw DomainError(DomainError::Kind::parameter, key, "",
                          "lever '" + effect.name + "': its costs, units or technical årsverk up to " +
                              std::to_string(base_year + int(i)) + " are not a finite number (" + format_value(value) +
                              "): the amounts, unit costs, units and lifetimes given multiply beyond what the "
                              "computation can hold");
      }
    }
  };

  // Capital levers: investment, owned stock (cost) and productive stock (effect).
  std::vector<std::vector<double>> productive(levers.capital_levers.size());
  for (std::size_t l = 0; l < levers.capital_levers.size(); ++l) {
    const CapitalLever& lever = levers.capital_levers[l];
    CARECAST_CHECK(Eigen::Index(lever.service) < services, "lever '" + lever.name + "': service out of range");
    CARECAST_CHECK(lever.amount_nok >= 0.0 && lever.start_year >= base_year && lever.end_year >= lever.start_year &&
                       lever.ramp_years >= 1 && lever.lag_years >= 0,
                   "lever '" + lever.name + "': invalid investment path");
    check_profession_vector(lever.staff_per_bn_nok, lever.name);
    const double delta = depreciation_rate(capital, lever.category);
    LeverEffect effect = empty_effect(lever.name, true, lever.service, years, professions);
    // owned(i): stock on hand in year i from investment in earlier years (perpetual inventory).
    std::vector<double> owned(std::size_t(years), 0.0);
    for (Eigen::Index i = 0; i < years; ++i) {
      const auto y = std::size_t(i);
      effect.investment_nok[y] = capital_investment(lever, base_year + int(i));
      if (i > 0) owned[y] = (1.0 - delta) * owned[y - 1] + effect.investment_nok[y - 1];
      effect.cost_nok[y] = (rate + delta) * owned[y];
      const Eigen::Index lagged = i - lever.lag_years;
      effect.productive_capital_nok[y] = lagged >= 0 ? owned[std::size_t(lagged)] : 0.0;
      for (std::size_t k = 0; k < lever.staff_per_bn_nok.size(); ++k) {
        effect.added(i, Eigen::Index(k)) = lever.staff_per_bn_nok[k] * effect.productive_capital_nok[y] / kNokPerBn;
      }
    }
    check_finite(effect);
    productive[l] = effect.productive_capital_nok;
    out.levers.push_back(std::move(effect));
  }

  // Technology levers: adoption, units, cost.
  for (const TechnologyLever& lever : levers.technology_levers) {
    CARECAST_CHECK(Eigen::Index(lever.service) < services, "lever '" + lever.name + "': service out of range");
    CARECAST_CHECK(lever.start_year >= base_year && lever.ceiling >= 0.0 && lever.ceiling <= 1.0 &&
                       lever.steepness > 0.0 && lever.touched_share >= 0.0 && lever.touched_share <= 1.0 &&
                       lever.saving_per_adopter >= -1.0 && lever.saving_per_adopter <= 1.0 &&
                       lever.realised_share >= 0.0 && lever.realised_share <= 1.0 &&
                       lever.task_share >= 0.0 && lever.task_share <= 1.0 &&
                       (lever.target_profession == kNoProfession ||
                        Eigen::Index(lever.target_profession) < professions) &&
                       lever.potential_units >= 0.0,
                   "lever '" + lever.name + "': invalid adoption parameters");
    CARECAST_CHECK(lever.unit_investment_nok == 0.0 || lever.unit_lifetime_years > 0.0,
                   "lever '" + lever.name + "': a unit investment needs a positive lifetime");
    check_profession_vector(lever.staff_per_unit, lever.name);
    check_profession_vector(lever.saved_profession_shares, lever.name);
    const double unit_annual_cost =
        lever.unit_cost_nok_per_year +
        (lever.unit_investment_nok > 0.0 ? lever.unit_investment_nok * annuity_factor(rate, lever.unit_lifetime_years)
                                         : 0.0);
    LeverEffect effect = empty_effect(lever.name, false, lever.service, years, professions);
    for (Eigen::Index i = 0; i < years; ++i) {
      const auto y = std::size_t(i);
      effect.adoption[y] = technology_adoption(lever, base_year + int(i));
      effect.units[y] = lever.potential_units * effect.adoption[y];
      effect.cost_nok[y] = effect.units[y] * unit_annual_cost;
      if (i > 0 && lever.unit_investment_nok > 0.0) {
        // New units plus replacement of the units in use (one in `lifetime` a year).
        const double before = effect.units[y - 1];
        effect.investment_nok[y] = lever.unit_investment_nok * (std::max(0.0, effect.units[y] - before) +
                                                                before / lever.unit_lifetime_years);
      }
      for (std::size_t k = 0; k < lever.staff_per_unit.size(); ++k) {
        effect.added(i, Eigen::Index(k)) = lever.staff_per_unit[k] * effect.units[y];
      }
    }
    check_finite(effect);
    out.levers.push_back(std::move(effect));
  }

  // Which levers act on which service.
  std::vector<std::vector<std::size_t>> capital_of(static_cast<std::size_t>(services));
  std::vector<std::vector<std::size_t>> technology_of(static_cast<std::size_t>(services));
  for (std::size_t l = 0; l < levers.capital_levers.size(); ++l)
    capital_of[levers.capital_levers[l].service].push_back(l);
  for (std::size_t l = 0; l < levers.technology_levers.size(); ++l)
    technology_of[levers.technology_levers[l].service].push_back(l);
  const std::size_t technology_offset = levers.capital_levers.size();

  // Labour by service and profession. profession_gross starts as the product with the staffing
  // mix (as in the model without levers) and gets a correction where a lever saves some
  // professions more than others.
  Eigen::MatrixXd correction = Eigen::MatrixXd::Zero(years, professions);
  std::vector<double> factors, parts;
  for (Eigen::Index j = 0; j < services; ++j) {
    const auto& capital_levers = capital_of[std::size_t(j)];
    const auto& technology_levers = technology_of[std::size_t(j)];
    if (capital_levers.empty() && technology_levers.empty()) continue;
    CARECAST_CHECK(gross(0, j) > 0.0, "levers need a service with base-year demand");

    ServiceCapital base_capital;
    double sigma = 1.0, gap = 0.0, optimum_share = 1.0;
    if (!capital_levers.empty()) {
      base_capital = service_capital(equipment, capital, std::size_t(j), base_arsverk[std::size_t(j)]);
      CARECAST_CHECK(base_capital.capital_cost_nok > 0.0,
                     "capital levers need a service with a base-year equipment stock");
      CARECAST_CHECK(std::size_t(j) < capital.sigma.size(), "sigma needs one value per service");
      sigma = capital.sigma[std::size_t(j)];
      gap = capital.gap.empty() ? 0.0 : capital.gap.at(std::size_t(j));
      try {
        optimum_share = optimum_labour_share(base_capital.labour_share, sigma, gap);
      } catch (const DomainError& error) {
        // The service's own key: it is what the scenario sets where it gives the service a
        // gap of its own, and the configuration finds the all-services key from it otherwise.
        CARECAST_CHECK(std::size_t(j) < service_ids.size(), "one service id per service");
        throw DomainError(error.kind(), "levers.capital.services." + service_ids[std::size_t(j)] + ".gap",
                          error.value(), error.rule(), error.scenario());
      }
      out.labour_share[std::size_t(j)] = base_capital.labour_share;
      out.optimum_labour_share[std::size_t(j)] = optimum_share;
      out.labour_floor[std::size_t(j)] = gap_labour_floor(optimum_share, sigma, gap);
    }
    std::vector<double> after(static_cast<std::size_t>(professions));
    for (Eigen::Index i = 0; i < years; ++i) {
      const auto y = std::size_t(i);
      const double demand = gross(i, j);
      // Capital: extra capital services relative to the baseline stock, which grows with demand.
      double lambda = 1.0;
      double extra_services = 0.0;
      if (!capital_levers.empty()) {
        for (std::size_t l : capital_levers) {
          extra_services += user_cost_rate(capital, levers.capital_levers[l].category) * productive[l][y];
        }
        CARECAST_CHECK(demand > 0.0, "levers need positive demand");
        const double kappa = 1.0 + extra_services / (demand / gross(0, j) * base_capital.capital_cost_nok);
        if (!std::isfinite(kappa)) {  // a base-year stock of a few NOK (data near 1e-300)
          throw DomainError(DomainError::Kind::data, "equipment_investment", format_value(base_capital.capital_cost_nok),
                            "the base-year equipment of service number " + std::to_string(j + 1) +
                                " costs " + format_value(base_capital.capital_cost_nok) +
                                " NOK a year, too little for its capital levers' investment to be a ratio to it "
                                "(the capital ratio overflows in " + std::to_string(base_year + int(i)) + ")");
        }
        lambda = gap_labour_factor(kappa, optimum_share, sigma, gap);
        out.capital_ratio(i, j) = kappa;
        out.labour_factor(i, j) = lambda;
        out.saturated(i, j) = lambda == 0.0;
        out.gap_remaining(i, j) = 1.0 - (1.0 - gap) * kappa;
        const double slope = gap_labour_slope(kappa, optimum_share, sigma, gap);
        out.marginal_cost(i, j) =
            slope < 0.0 ? base_capital.capital_cost_nok / (base_arsverk[std::size_t(j)] * -slope)
                        : std::numeric_limits<double>::infinity();
      }
      double first_factor = lambda;
      bool uniform = true;  // the levers scale every profession of the service alike this year
      for (Eigen::Index k = 0; k < professions; ++k) {
        const double mix = staffing_mix(j, k);
        double factor = lambda;
        factors.clear();
        if (!capital_levers.empty()) factors.push_back(lambda);
        for (std::size_t l : technology_levers) {
          const TechnologyLever& lever = levers.technology_levers[l];
          const double adoption = out.levers[technology_offset + l].adoption[y];
          const double f = technology_profession_factor(lever, adoption, std::size_t(k), mix);
          // A technology that takes more time per case than the work it replaces (negative
          // saving) adds årsverk of the professions doing it, on top of the levers' labour.
          if (lever.saving_per_adopter < 0.0) {
            out.levers[technology_offset + l].added(i, k) -=
                demand * mix * technology_profession_change(lever, adoption, std::size_t(k), mix);
          }
          factor *= f;
          factors.push_back(f);
        }
        if (k == 0) first_factor = factor;
        uniform = uniform && factor == first_factor;
        const double before = demand * mix;
        after[std::size_t(k)] = before * factor;
        attribute(before - after[std::size_t(k)], factors, parts);
        std::size_t next = 0;
        if (!capital_levers.empty()) {
          const double capital_saving = parts[next++];
          for (std::size_t l : capital_levers) {
            const double weight = user_cost_rate(capital, levers.capital_levers[l].category) * productive[l][y];
            if (extra_services > 0.0) out.levers[l].saved(i, k) = capital_saving * (weight / extra_services);
          }
        }
        for (std::size_t l : technology_levers) out.levers[technology_offset + l].saved(i, k) = parts[next++];
      }
      if (uniform) {
        // L_jk = A⁰_j · F · M_jk: the service total is A⁰_j · F (exactly A⁰_j when F = 1), and
        // the staffing-mix product below gives the professions.
        out.service_gross(i, j) = demand * first_factor;
      } else {
        // Some professions are saved more than others: the service total is the sum over
        // professions, and the correction replaces this service's part of the staffing-mix
        // product by the profession-specific labour.
        double total = 0.0;
        for (double value : after) total += value;
        out.service_gross(i, j) = total;
        for (Eigen::Index k = 0; k < professions; ++k) {
          correction(i, k) += after[std::size_t(k)] - total * staffing_mix(j, k);
        }
      }
    }
  }
  out.profession_gross = out.service_gross * staffing_mix;
  out.profession_gross += correction;

  for (const LeverEffect& effect : out.levers) {
    out.profession_added += effect.added;
    out.service_added.col(Eigen::Index(effect.service)) += effect.added.rowwise().sum();
  }
  return out;
}

}  // namespace carecast::engine
