// Regional results of Monte Carlo draws (docs/sweeps.md, "Regional quantiles"; docs/regions.md).
//
// With regions on (BaseData::regions, level county or health_region), every draw of a sweep
// gets a regional block after its national values (SweepLayout): year by year from the base
// year, region by region in the order of RegionalData (county codes, or health-region names),
// the columns
//
//   [services (årsverk)] [total (årsverk, the services summed in order)]
//   [population, population_67plus, population_80plus (persons on 1 January)]
//
// They come from the steps of the deterministic regional run (engine/src/regional_steps.hpp:
// the county projection, the use sums F_j^r, the exact split of the national årsverk), applied
// to the draw's own national årsverk, so that the regions add up to the draw's national
// service figures exactly, and a draw with the reference parameters gives what
// project_scenario gives for the regional scenario. What a draw leaves unchanged is computed
// once: with the reference demography the regional populations (and the residual-method
// estimates when only fertility or migration are drawn); with the reference healthy ageing
// too, the use sums. A draw whose demography differs re-projects the nation with
// project_population (the run's function, exact life tables) and the regions from it; its
// regional populations add up to that projection cell by cell, which equals the draw's
// national population exactly when mortality is not drawn and within about 1e-11 relative
// when it is (the draw's national figures then come from FastModel's κ table).
//
// Professions by region are not in the block: each column costs a histogram per column
// (docs/sweeps.md, memory), and 15 counties × 9 professions × 38 years would nearly double it.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/engine/model.hpp"
#include "carecast/engine/regions.hpp"

namespace carecast::engine {

// The population columns of a region, in block order (names as in indicators.csv).
inline constexpr std::array<std::string_view, 3> kRegionalIndicators{"population", "population_67plus",
                                                                     "population_80plus"};

// Columns of the regional block of one draw (see the top of this file).
struct RegionalLayout {
  RegionLevel level = RegionLevel::none;
  std::vector<std::string> regions;   // empty: no regional block
  std::vector<std::string> services;  // as SweepLayout::services
  std::vector<int> years;             // as SweepLayout::years

  bool empty() const { return regions.empty(); }
  std::size_t per_region() const { return services.size() + 1 + kRegionalIndicators.size(); }
  std::size_t per_year() const { return regions.size() * per_region(); }
  std::size_t size() const { return years.size() * per_year(); }
  std::size_t total_column() const { return services.size(); }
  std::size_t indicator_column(std::size_t i) const { return services.size() + 1 + i; }
  // The names of a region's columns in order: the services, "total", kRegionalIndicators.
  std::vector<std::string> column_names() const {
    std::vector<std::string> names = services;
    names.emplace_back("total");
    for (std::string_view name : kRegionalIndicators) names.emplace_back(name);
    return names;
  }
  // Position in the block of column `column` (as above) of region `region` in year index `year`.
  std::size_t at(std::size_t year, std::size_t region, std::size_t column) const {
    return year * per_year() + region * per_region() + column;
  }
};

// Default of SweepSettings::exact_quantile_draws with regions: every draw's values are kept up
// to it, and a regional draw has several times a national one's (Norway, 15 counties: 6 270
// regional values against 912 national), so the default is a tenth of the national 20 000.
inline constexpr std::size_t kRegionalExactQuantileDraws = 2000;

// The regional block's layout of a base data set; empty without regions or with level none.
RegionalLayout regional_layout(const BaseData& base);

// The regional block of the draws of one scenario.
class RegionalDraws {
 public:
  // Precomputes the reference scenario's regional populations and use sums. `base` must have
  // regions and outlive the object. Throws what project_scenario throws for `reference`.
  RegionalDraws(const BaseData& base, const ScenarioParameters& reference);
  ~RegionalDraws();
  RegionalDraws(RegionalDraws&&) noexcept;
  RegionalDraws& operator=(RegionalDraws&&) = delete;

  const RegionalLayout& layout() const;

  // Buffers of one thread; reuse one per thread.
  struct Workspace {
    std::vector<Eigen::MatrixXd> use;  // [region] years × services (a draw with its own use sums)
    Eigen::MatrixXd shares;            // regions × services of one year
    std::vector<double> parts, fallback;
  };

  // Writes the regional block (layout().size() values) of `draw` to `out`. `national` holds
  // the draw's national values (SweepLayout rows, as FastModel::evaluate writes them).
  // Throws DomainError as project_scenario does.
  void evaluate(const ScenarioParameters& draw, const double* national, Workspace& workspace,
                double* out) const;

 private:
  struct Tables;
  const BaseData* base_;
  ScenarioParameters reference_;
  std::unique_ptr<Tables> tables_;
};

}  // namespace carecast::engine
