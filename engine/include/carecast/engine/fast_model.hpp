// The projection evaluated many times over: the per-draw path of Monte Carlo sweeps.
//
// FastModel runs the same kernel as project_scenario (engine/src/kernel.hpp: the cohort step,
// survival, the healthy-ageing spread, the per-year finish, the lever recombination), for
// scenarios that differ from one reference scenario only in their assumptions. What it adds
// are precomputations reused across draws, and it allocates nothing per draw:
//
//   * demography equal to the reference (the common case): the population, remaining life
//     expectancy, employment and the base-year calibration are fixed. For each year t the
//     age sums  F_j(θ, t) = Σ_g Σ_a N(g,a,t) · r_j(g, a − θ·Δe(g,a,t), t0)  are piecewise
//     linear in θ (r_j is interpolated linearly between single ages), with breakpoints where
//     some a − θ·Δe crosses a whole age. They are tabulated at every breakpoint in [0, 1]
//     (with the kernel's spread), so evaluating them is one lookup and one linear
//     interpolation and is EXACT up to floating-point rounding. The same holds for the 67+
//     part used by family care. Healthy ageing by the mortality ratio keeps the reference's
//     ln(q(t)/q(t0)) table and, for the reference's elasticity, its age sums; for another
//     elasticity in [0, 5] the age sums are Chebyshev series in η, one on each of 20 equal
//     pieces of that range (8 terms each for Norway: a piece takes the fewest terms whose
//     series agrees with the exact sums to 1e-14 relative at seven points; a piece where
//     none does uses the exact sums), otherwise one exp per cell at the ages it acts on.
//   * demography drawn: the population is re-projected every draw with the kernel's
//     cohort-component step. When mortality equals the reference its survival is reused.
//     When mortality is drawn, the life-table functions (survival, remaining life
//     expectancy, e0) and ln q (for healthy ageing by the mortality ratio) are read from a
//     table over the mortality shift κ of
//     mx(a) = mx(a, t0)·exp(−κ·b(a)), built once per base data set from exact life tables on
//     a fine grid (kMortalityGridStep): the life-table rows are kept every kMortalityRowStep
//     with their first and second derivatives in κ (fourth-order differences on the fine
//     grid) and interpolated by quintic Hermite polynomials; e0 is kept on the fine grid with
//     its slopes, and targets are inverted on its cubic Hermite interpolant (Newton steps).
//     Measured error against project_scenario: at most 6e-11 relative in any output of the
//     scenario files (the net-migration indicator of an observed year, a residual of
//     populations 250 times its size), 2.4e-11 on the synthetic data of the test "drawn
//     mortality matches project_scenario", which bounds it by 1e-10. A target outside the
//     table falls back to exact life tables for that year (slower, never wrong).
//
// Results are laid out year by year, each year holding SweepLayout::per_year() values
// (layout.hpp).
#pragma once

#include "carecast/engine/layout.hpp"
#include "carecast/engine/model.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::engine {


// Writes the layout's values of a full projection (project_scenario's result) to `out`;
// the reference the fast path is tested against.
void sweep_values(const ScenarioResult& result, const SweepLayout& layout, double* out);

// Tables of life-table functions over the mortality shift κ, for one base data set, built
// on first use (about 0.1 s) and shared by the FastModels of that base.
struct MortalityShiftTable;
class MortalityShiftCache {
 public:
  explicit MortalityShiftCache(const DemographicBase& base);
  ~MortalityShiftCache();
  const MortalityShiftTable& table() const;  // thread-safe

 private:
  DemographicBase base_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<const MortalityShiftTable> table_;
};

class FastModel {
 public:
  // Precomputes the reference scenario. Throws what project_scenario throws for it. Models
  // of one base data set may share `shift_cache` (one is made when null).
  FastModel(const BaseData& base, const ScenarioParameters& reference,
            std::shared_ptr<const MortalityShiftCache> shift_cache = nullptr);
  ~FastModel();
  FastModel(FastModel&&) noexcept;
  FastModel& operator=(FastModel&&) = delete;
  FastModel(const FastModel&) = delete;

  const SweepLayout& layout() const;
  const ScenarioParameters& reference() const { return reference_; }

  // Buffers of one thread (defined in fast_model.cpp); make one per thread with workspace()
  // and reuse it: evaluate() then allocates nothing (except for levers).
  struct Workspace;
  struct WorkspaceDeleter {
    void operator()(Workspace* workspace) const;
  };
  using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;
  WorkspacePtr workspace() const;

  enum class Path { fixed_demography, redrawn_population, redrawn_mortality };
  // Evaluates `scenario` into layout().size() values at `out`. `scenario` must have the
  // reference's services. Throws DomainError (errors.hpp) as project_scenario does.
  Path evaluate(const ScenarioParameters& scenario, Workspace& workspace, double* out) const;

 private:
  struct Tables;
  void build_theta_tables();
  void build_eta_table();
  void ratio_sums_at(double elasticity, Workspace& ws) const;
  bool eta_table_sums(double elasticity, Workspace& ws) const;
  void project_draw(const ScenarioParameters& scenario, Workspace& ws, bool same_mortality) const;
  void demand_direct(const ScenarioParameters& scenario, const Eigen::MatrixXd& population,
                     const Eigen::MatrixXd& expectancy, const Eigen::MatrixXd& log_ratio, Workspace& ws) const;

  ScenarioParameters reference_;
  std::unique_ptr<Tables> tables_;
  std::shared_ptr<const MortalityShiftCache> shift_cache_;
};

// Grid steps of the κ table (see above): e0 and the differences that give the derivatives on
// the fine grid, the life-table rows on the coarse one (a multiple of the fine step; coarser
// rows are a smaller table, which stays in the cache, at a larger interpolation error: a step
// of 1/4 gave 1.6e-9 on the test's data). κ = 0 (the base-year death rates) is a node of both.
inline constexpr double kMortalityGridStep = 1.0 / 128.0;
inline constexpr double kMortalityRowStep = 1.0 / 8.0;

}  // namespace carecast::engine
