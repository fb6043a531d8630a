#include "carecast/engine/regional_sweep.hpp"

#include <optional>

#include "carecast/engine/check.hpp"
#include "kernel.hpp"
#include "regional_steps.hpp"

namespace carecast::engine {
RegionalLayout regional_layout(const BaseData& base) {
  RegionalLayout layout;
  if (!base.regions || base.regions->level == RegionLevel::none) return layout;
  const RegionalData& regions = *base.regions;
  layout.level = regions.level;
  layout.regions = regions.level == RegionLevel::county ? regions.counties : regions.health_regions;
  for (const ServiceArea& service : base.services) layout.services.push_back(service.id);
  for (int year = base.base_year; year <= base.end_year; ++year) layout.years.push_back(year);
  return layout;
}

struct RegionalDraws::Tables {
  RegionalLayout layout;
  kernel::DemandBase demand;
  std::size_t national_per_year = 0;
  // The reference demography: its mortality, the residual-method estimates on it, the
  // regional populations [region][year] and their totals [year][region].
  MortalityPath mortality;
  ResidualMigration residual;
  std::vector<std::vector<AgeSexArray>> population;
  std::vector<std::vector<double>> persons;
  std::vector<std::vector<kernel::PopulationTotals>> totals;
  // ln(q(t)/q(t0)) of the reference mortality from the reference's threshold age (mortality
  // ratio only), and the use sums of the reference's healthy ageing.
  Eigen::MatrixXd log_ratio;
  std::vector<Eigen::MatrixXd> use;
};

RegionalDraws::RegionalDraws(RegionalDraws&&) noexcept = default;
RegionalDraws::~RegionalDraws() = default;

const RegionalLayout& RegionalDraws::layout() const { return tables_->layout; }

RegionalDraws::RegionalDraws(const BaseData& base, const ScenarioParameters& reference)
    : base_(&base), reference_(reference), tables_(std::make_unique<Tables>()) {
  CARECAST_CHECK(base.regions && base.regions->level != RegionLevel::none, "regional draws need regions");
  Tables& t = *tables_;
  t.layout = regional_layout(base);
  t.national_per_year = sweep_layout(base).per_year();
  const PopulationPath path =
      project_population(base.demography, reference.demography, base.base_year, base.end_year);
  t.demand = kernel::demand_base(base, path.in(base.base_year));
  t.mortality = path.mortality;
  t.residual = estimate_residual_migration(base, *base.regions, path.mortality,
                                           reference.demography.sex_ratio_at_birth);
  t.population = regional::regional_populations(base, *base.regions, reference, path, &t.residual);
  const std::size_t regions = t.population.size();
  t.persons.assign(t.layout.years.size(), std::vector<double>(regions));
  t.totals.assign(t.layout.years.size(), std::vector<kernel::PopulationTotals>(regions));
  for (std::size_t y = 0; y < t.layout.years.size(); ++y) {
    for (std::size_t r = 0; r < regions; ++r) {
      t.persons[y][r] = t.population[r][y].sum();
      t.totals[y][r] = kernel::population_totals(t.population[r][y].data(), t.demand);
    }
  }
  t.log_ratio = regional::use_log_ratios(base, reference.healthy_ageing, t.mortality, t.demand.ages);
  regional::regional_use_sums(base, *base.regions, t.demand, reference.healthy_ageing, t.mortality,
                              t.log_ratio, t.population, t.use);
}

void RegionalDraws::evaluate(const ScenarioParameters& draw, const double* national, Workspace& ws,
                             double* out) const {
  const Tables& t = *tables_;
  const BaseData& base = *base_;
  const RegionalData& regions = *base.regions;
  const RegionalLayout& layout = t.layout;
  const std::size_t count = layout.regions.size(), years = layout.years.size();

  // Populations: the reference's, or the draw's demography re-projected (nation, then regions).
  const bool same_population = same_demography(draw.demography, reference_.demography);
  std::optional<PopulationPath> path;
  std::vector<std::vector<AgeSexArray>> drawn;
  if (!same_population) {
    path = project_population(base.demography, draw.demography, base.base_year, base.end_year);
    const bool same_residual = same_mortality(draw.demography, reference_.demography) &&
                               draw.demography.sex_ratio_at_birth == reference_.demography.sex_ratio_at_birth;
    drawn = regional::regional_populations(base, regions, draw, *path, same_residual ? &t.residual : nullptr);
  }
  const std::vector<std::vector<AgeSexArray>>& population = same_population ? t.population : drawn;

  // Use sums: the reference's, or the draw's healthy ageing on its populations.
  const std::vector<Eigen::MatrixXd>* use = &t.use;
  if (!same_population || draw.healthy_ageing != reference_.healthy_ageing) {
    const MortalityPath& mortality = path ? path->mortality : t.mortality;
    const HealthyAgeing& ageing = draw.healthy_ageing;
    const bool reuse_ratios = !path && ageing.method == HealthyAgeingMethod::mortality_ratio &&
                              reference_.healthy_ageing.method == HealthyAgeingMethod::mortality_ratio &&
                              ageing.threshold_age == reference_.healthy_ageing.threshold_age;
    const Eigen::MatrixXd log_ratio =
        reuse_ratios ? Eigen::MatrixXd() : regional::use_log_ratios(base, ageing, mortality, t.demand.ages);
    regional::regional_use_sums(base, regions, t.demand, ageing, mortality,
                                reuse_ratios ? t.log_ratio : log_ratio, population, ws.use);
    use = &ws.use;
  }

  const std::size_t services = layout.services.size();
  ws.fallback.resize(count);
  for (std::size_t y = 0; y < years; ++y) {
    for (std::size_t r = 0; r < count; ++r)
      ws.fallback[r] = same_population ? t.persons[y][r] : population[r][y].sum();
    regional::split_services(*use, Eigen::Index(y), national + y * t.national_per_year, ws.fallback, ws.parts,
                             ws.shares);
    for (std::size_t r = 0; r < count; ++r) {
      double* column = out + layout.at(y, r, 0);
      double total = 0.0;  // in service order, as projection.csv
      for (std::size_t j = 0; j < services; ++j) {
        column[j] = ws.shares(Eigen::Index(r), Eigen::Index(j));
        total += column[j];
      }
      column[layout.total_column()] = total;
      const kernel::PopulationTotals totals =
          same_population ? t.totals[y][r] : kernel::population_totals(population[r][y].data(), t.demand);
      column[layout.indicator_column(0)] = totals.persons;
      column[layout.indicator_column(1)] = totals.persons_67plus;
      column[layout.indicator_column(2)] = totals.persons_80plus;
    }
  }
}

}  // namespace carecast::engine
