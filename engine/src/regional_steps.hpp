// The steps of the regional split (regions.hpp), each written once and shared by the
// deterministic run (regional_result, regions.cpp) and the Monte Carlo draws
// (regional_sweep.cpp), which precompute the steps whose inputs a draw leaves unchanged.
//
//   1. regional_populations: the counties projected from the national population path
//      (project_counties), summed to health regions when asked, every cell adjusted to the
//      nation; persons on 1 January, [region][year − base year].
//   2. regional_use_sums: F_j^r(t) = Σ W^r·r_j, the national base-year profiles on each
//      region's population weighted by healthy ageing (kernel::use_weights), times the
//      regional calibration c_j^r where one is given; [region] years × services.
//   3. split_services: one year's national årsverk of each service shared over the regions in
//      proportion to F_j^r (adjust_to_total), so that the regions add up exactly.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "carecast/engine/model.hpp"
#include "carecast/engine/regions.hpp"
#include "kernel.hpp"

namespace carecast::engine::regional {

// Step 1. `residual`: the residual-method estimates for national.mortality (null: estimated
// here). Throws DomainError as project_counties.
std::vector<std::vector<AgeSexArray>> regional_populations(const BaseData& base, const RegionalData& regions,
                                                           const ScenarioParameters& scenario,
                                                           const PopulationPath& national,
                                                           const ResidualMigration* residual = nullptr);

// ln(q(t)/q(t0)) of `mortality` for the years of the run ((2·ages) × years) when `ageing`
// is by the mortality ratio; a zero column otherwise (not read).
Eigen::MatrixXd use_log_ratios(const BaseData& base, const HealthyAgeing& ageing,
                               const MortalityPath& mortality, int ages);

// Step 2, into `use` (resized to one years × services matrix per region).
void regional_use_sums(const BaseData& base, const RegionalData& regions, const kernel::DemandBase& demand,
                       const HealthyAgeing& ageing, const MortalityPath& mortality,
                       const Eigen::MatrixXd& log_ratio,
                       const std::vector<std::vector<AgeSexArray>>& population,
                       std::vector<Eigen::MatrixXd>& use);

// Step 3 for year index `year`: `national` holds the year's årsverk by service; `fallback`
// one weight per region (its persons) for a service no region uses. `out` is regions ×
// services; `parts` is scratch.
void split_services(const std::vector<Eigen::MatrixXd>& use, Eigen::Index year, const double* national,
                    const std::vector<double>& fallback, std::vector<double>& parts, Eigen::MatrixXd& out);

// Steps 1–3 for a deterministic run (regional_result in regions.hpp) whose caller already has
// the demand base of the national base-year population and the log ratios `log_ratio` of its
// mortality (model.cpp, shared by the scenarios of one population).
RegionalResult regional_result(const BaseData& base, const RegionalData& regions, const ScenarioParameters& scenario,
                               const ScenarioResult& national, const kernel::DemandBase& demand,
                               const Eigen::MatrixXd& log_ratio);

}  // namespace carecast::engine::regional
