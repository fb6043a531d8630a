// Monte Carlo sweeps: many full projections with uncertain assumptions (MODEL.md §6).
//
// A sweep draws every uncertain parameter from its distribution (distributions.hpp) with a
// counter-based stream (random.hpp): the value of parameter p in draw d is
//   quantile_p(u),  u = uniform of Philox(key = seed, counter = (d, stream_p, purpose))
// with stream_p = stream_id(name of p) and purpose 0 for the main draws, 1 and 2 for the
// rows of Saltelli's matrices A and B. Every draw is therefore reproducible alone, and the
// same draw gives the same values in every scenario of the sweep (common random numbers).
//
// Execution is split into work units: blocks of kDrawsPerBlock main draws, then blocks of
// kSobolRowsPerBlock Sobol rows. run() evaluates a contiguous range of units with oneTBB in a
// task arena of `threads` threads; every unit is processed sequentially by one task and
// writes its own slots, and everything combined across units is either an integer count
// (order-free) or kept per unit and combined in unit order afterwards. A part of the units
// (a --shard, an MPI rank) is a SweepPart; merge_parts() appends parts in unit order and
// summarize() turns the complete part into the results. Outputs are thus byte-identical for
// any number of threads, shards or ranks.
//
// Summaries (bounded memory):
//   * means: per-block sums (draw order within the block), added in block order;
//   * quantiles (p5 … p95, type 7 = linear between order statistics): exact from every
//     draw's values while draws ≤ SweepSettings::exact_quantile_draws; above that, from a
//     fixed histogram per output column whose grid is set by a pilot of the first
//     pilot_draws draws (their range widened by a quarter on each side, histogram_bins
//     bins);
//     counts are integers, values outside the grid are kept exactly. Error of a quantile:
//     at most one bin width (the grid is in the plan and the manifest); exact outside the
//     grid and for outputs that do not vary;
//   * exceedance: integer counts of draws above each threshold;
//   * Sobol indices: Saltelli's design with Jansen's estimators (sensitivity.hpp) on the
//     total and each service at each report year;
//   * tornado: one-at-a-time runs with every parameter at its median except one, set to its
//     tornado_low and tornado_high quantiles.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/engine/distributions.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/fast_model.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/engine/regional_sweep.hpp"
#include "carecast/engine/sensitivity.hpp"

namespace carecast::engine {

// One uncertain input. `apply(parameters, scenario, value)` stores a value (in the units the
// distribution is written in; the index of the alternative for a choice) into the
// parameters of scenario number `scenario` of the sweep; it is called in the order the
// parameters are given, after the scenario's own values, so a later parameter may override
// part of an earlier one.
struct SweepParameter {
  std::string name;  // unique within a sweep; also names the random stream
  Distribution distribution;
  std::vector<std::string> alternatives;  // choice: the names of the alternatives, in order
  std::function<void(ScenarioParameters&, std::size_t, double)> apply;
  // The parameter sets a key that takes whole numbers (healthy_ageing.threshold_age): every
  // value drawn, and the tornado's inputs, are rounded to the nearest integer (halves away
  // from zero), so what is applied is what the draws and the tornado report.
  bool integer = false;

  // The value at cumulative probability u: distribution.quantile(u), rounded where `integer`.
  double value_at(double u) const {
    const double value = distribution.quantile(u);
    return integer ? std::round(value) : value;
  }
};

// P(value > threshold) of one output column in every year: a column of a SweepLayout year
// (< per_year()), or with regions per_year() + a column of a RegionalLayout year.
struct SweepThreshold {
  std::size_t column = 0;
  double value = 0.0;
};

struct SweepSettings {
  std::uint64_t seed = 1;
  std::size_t draws = 1000;
  std::vector<int> report_years;  // for Sobol indices and the tornado; within the projection
  std::vector<SweepThreshold> thresholds;
  std::size_t sobol_rows = 2048;  // N of Saltelli's design (0: no Sobol indices)
  std::size_t bootstrap = 500;
  double confidence = 0.95;
  double tornado_low = 0.05, tornado_high = 0.95;  // quantiles of the one-at-a-time runs
  std::size_t exact_quantile_draws = 20000;        // exact quantiles up to this many draws
  std::size_t histogram_bins = 4096;               // above it: bins per output column
  std::size_t pilot_draws = 1000;                  // draws that set the histogram grid
};

inline constexpr std::size_t kDrawsPerBlock = 256;
inline constexpr std::size_t kSobolRowsPerBlock = 32;
inline constexpr std::array<double, 7> kSweepQuantiles{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
// Statistics in output order: the quantiles above, then the mean.
enum class Statistic : int { p5, p10, p25, p50, p75, p90, p95, mean };
inline constexpr std::array<std::string_view, 8> kSweepStatistics{"p5", "p10", "p25", "p50",
                                                                  "p75", "p90", "p95", "mean"};
constexpr std::size_t statistic_index(Statistic s) { return std::size_t(s); }

// Everything the parts of one sweep share and summarize() needs; identical in every shard,
// rank and thread count (it does not depend on them).
struct SweepPlan {
  std::uint64_t fingerprint = 0;  // of the configuration (set by the caller); parts must agree
  SweepSettings settings;
  SweepLayout layout;
  // With regions: each draw's regional block follows its layout.size() national values
  // (regional_sweep.hpp); quantiles, means and histograms cover it like the national values.
  RegionalLayout regional;
  std::vector<std::string> scenarios;
  std::vector<std::string> parameters;
  std::vector<std::vector<std::string>> alternatives;  // per parameter (empty unless a choice)
  std::vector<std::uint32_t> streams;                  // per parameter
  // Tornado inputs per parameter: value at tornado_low, median, value at tornado_high.
  std::vector<std::array<double, 3>> tornado_inputs;
  bool exact_quantiles = true;
  // Histogram grid per scenario and output column (histogram mode only):
  // [scenario·columns() + column]; bin b covers [low + b·width, low + (b+1)·width).
  std::vector<double> grid_low, grid_width;

  // Values of one draw of one scenario: the national layout, then the regional block.
  std::size_t columns() const { return layout.size() + regional.size(); }
  // Where a draw's values hold year index `year` of a threshold's column (SweepThreshold).
  std::size_t year_value(std::size_t year, std::size_t column) const {
    const std::size_t national = layout.per_year();
    return column < national ? year * national + column
                             : layout.size() + year * regional.per_year() + (column - national);
  }
  std::size_t main_units() const { return (settings.draws + kDrawsPerBlock - 1) / kDrawsPerBlock; }
  std::size_t sobol_units() const {
    return parameters.empty() ? 0 : (settings.sobol_rows + kSobolRowsPerBlock - 1) / kSobolRowsPerBlock;
  }
  std::size_t units() const { return main_units() + sobol_units(); }
  // Projections of one scenario over the whole sweep: every draw, each Sobol row's k + 2 runs
  // and the tornado's 2k + 1 (as a double: a sweep's size may pass what size_t counts).
  double projections() const {
    const double k = double(parameters.size());
    return double(settings.draws) + (parameters.empty() ? 0.0 : double(settings.sobol_rows) * (k + 2.0)) + 2.0 * k + 1.0;
  }
  // Sobol and tornado outputs: for each report year, every service then the total.
  std::size_t sensitivity_outputs() const { return settings.report_years.size() * (layout.services.size() + 1); }
  std::size_t sensitivity_column(std::size_t output) const;  // its column in a draw's values
};

// The results of a contiguous range of work units.
struct SweepPart {
  std::uint64_t fingerprint = 0;
  std::size_t first_unit = 0, last_unit = 0;
  struct Scenario {
    std::vector<double> block_sums;  // [main unit − first main unit][column]
    std::vector<double> values;      // exact quantiles: [draw − first draw][column]
    std::vector<std::uint64_t> histogram;      // histogram mode: [column][bin]
    std::vector<std::vector<double>> outside;  // histogram mode: [column] values off the grid, sorted
    std::vector<std::uint64_t> exceedances;    // [threshold][year]: draws above
    std::vector<double> sobol;    // [row − first row][run 0..k+1][sensitivity output]
    std::vector<double> tornado;  // [run: central, then low/high per parameter][sensitivity output]
  };
  std::vector<Scenario> scenarios;

  // Draws and Sobol rows the part covers.
  std::pair<std::size_t, std::size_t> draw_range(const SweepPlan& plan) const;
  std::pair<std::size_t, std::size_t> sobol_range(const SweepPlan& plan) const;
};

struct SweepExecution {
  int threads = 1;
  // Called with (runs done, runs in the range) now and then, from worker threads but never
  // concurrently; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct SweepSummary {
  struct Scenario {
    std::vector<double> statistics;  // [column of columns()][statistic] (kSweepStatistics): [year][column],
                                     // then the regional block
    std::vector<double> exceedance;  // [threshold][year]: probability
    std::vector<SobolIndex> sobol;   // [sensitivity output][parameter]; empty without Sobol
    std::vector<double> tornado;     // as SweepPart::Scenario::tornado
  };
  std::vector<Scenario> scenarios;
};

// A run of a sweep (a draw, a Sobol row's run, a tornado run) that the projection refused:
// the projection's DomainError, its rule prefixed with the run and its values ("draw 37 of the
// sweep (p = -3.57) fails: …"), the scenario's name set, and the run's parameter values (in
// parameter order; a choice's value is its alternative's index), so that a caller can tell
// which parameters acted on the key named.
class SweepRunError : public DomainError {
 public:
  SweepRunError(const DomainError& error, std::vector<double> values)
      : DomainError(error), values_(std::move(values)) {}
  const std::vector<double>& values() const { return values_; }

 private:
  std::vector<double> values_;
};

class Sweep {
 public:
  // Validates (throws std::invalid_argument for an unusable sweep: duplicate names, a
  // distribution with a problem, a report year outside the projection …), builds one
  // FastModel per scenario and, in histogram mode, runs the pilot draws. The constructor,
  // run() and evaluate() throw DomainError for a draw the projection refuses, its rule
  // prefixed with which run of the sweep it is and its values ("draw 41 of the sweep (name =
  // value, …) fails: …"; draws and Sobol rows numbered from 0, as --draw numbers them; "Sobol
  // row 7 of the sweep", "a tornado run of the sweep", or "a draw of the sweep" where
  // evaluate() is given values without their draw).
  Sweep(const BaseData& base, std::vector<ScenarioParameters> scenarios, std::vector<SweepParameter> parameters,
        SweepSettings settings, std::uint64_t fingerprint = 0);
  ~Sweep();

  const SweepPlan& plan() const { return plan_; }
  const BaseData& base() const { return base_; }
  const std::vector<SweepParameter>& parameters() const { return parameters_; }

  // Evaluates units [first, last).
  SweepPart run(std::size_t first_unit, std::size_t last_unit, const SweepExecution& execution) const;
  SweepPart run_all(const SweepExecution& execution) const { return run(0, plan_.units(), execution); }

  // The parameter values of main draw `draw` (a choice gives the alternative's index).
  std::vector<double> draw_values(std::uint64_t draw) const;
  // Scenario `scenario` with the given parameter values applied.
  ScenarioParameters scenario_with(std::size_t scenario, const std::vector<double>& values) const;
  // The plan's columns() values for that scenario by the fast path (what the sweep uses).
  // `draw`: the main draw the values are (draw_values(draw)), named if the projection refuses
  // them; kNoDraw where they are not one.
  static constexpr std::uint64_t kNoDraw = ~std::uint64_t(0);
  std::vector<double> evaluate(std::size_t scenario, const std::vector<double>& values,
                               std::uint64_t draw = kNoDraw) const;

 private:
  struct Worker;
  // Which run of the sweep an evaluation is, for the message of one the projection refuses.
  struct RunLabel {
    enum class Kind { values, draw, sobol_row, tornado } kind = Kind::values;
    std::uint64_t index = 0;  // the draw or Sobol row, from 0
  };
  // `regional`: also the regional block (main draws); Sobol and tornado runs read only
  // national columns and skip it.
  void evaluate_into(Worker& worker, std::size_t scenario, const double* values, double* out, RunLabel label,
                     bool regional = true) const;

  BaseData base_;
  std::vector<ScenarioParameters> scenarios_;
  std::vector<SweepParameter> parameters_;
  std::vector<FastModel> models_;
  std::vector<RegionalDraws> regional_;  // per scenario, with regions only
  SweepPlan plan_;
};

// Bytes a run of units [first_unit, last_unit) of `plan` on `threads` threads keeps at its
// peak, and summarize after it: per scenario the part's results (block sums: 8 bytes per
// column per 256 draws; exact quantiles: 8 per column per draw, twice with summarize's
// sorting; Sobol rows: 8 per output per run), and each thread's histogram buffers. An
// estimate within about a factor of 2 (the off-grid values a histogram keeps exactly are not
// counted), for refusing a sweep that no machine it runs on could hold. Throws nothing.
std::uint64_t sweep_peak_bytes(const SweepPlan& plan, std::size_t first_unit, std::size_t last_unit,
                               std::size_t threads);

// Units of shard `index` (0-based) of `count`: [first, last), contiguous, covering all units
// once over the shards.
std::pair<std::size_t, std::size_t> shard_units(const SweepPlan& plan, std::size_t index, std::size_t count);

// Appends `next` (which must start at into.last_unit, with the same fingerprint) to `into`.
// Throws std::invalid_argument when the parts do not fit together.
void merge_parts(const SweepPlan& plan, SweepPart& into, SweepPart&& next);

// The results of a complete sweep (a part covering every unit).
SweepSummary summarize(const SweepPlan& plan, const SweepPart& complete, int threads = 1);

}  // namespace carecast::engine
