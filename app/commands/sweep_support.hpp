// Shared by `carecast sweep` and `carecast merge`: --set overrides, the progress bar and the
// summary printed to stdout.
#pragma once

#include <boost/program_options.hpp>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/sweep.hpp"
#include "commands/command.hpp"

namespace carecast::app {

// Progress of a long computation on stderr, from the first second on. ProgressMode::bar: one
// line redrawn at most ten times a second and cleared at the end; ProgressMode::lines: a plain
// line every five seconds (for logs and batch systems); ProgressMode::none: nothing.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, ProgressMode mode, std::string label);
  void update(std::size_t done, std::size_t total);
  void finish();  // clears the bar's line if it was shown

 private:
  std::ostream& err_;
  ProgressMode mode_;
  std::string label_;
  std::chrono::steady_clock::time_point start_, last_;
  bool shown_ = false;
};

// The problem with a run of units [first, last) of `plan` on `threads` threads that would keep
// more memory than this machine has (engine::sweep_peak_bytes), naming the setting that takes
// most of it and the shards that would fit; nothing when it fits (or the machine's memory is
// unknown). `draws_option`: the draws came from --draws, which the problem then names.
std::optional<config::Problem> sweep_memory_problem(const config::SweepConfig& sweep, const engine::SweepPlan& plan,
                                                    std::size_t first, std::size_t last, std::size_t threads,
                                                    bool draws_option = false);
// --draws of sweep and report --sweep, when given: in [1, 10^12] like the sweep file's `draws`
// key, else a UsageError (exit 2) naming `command`.
std::optional<std::size_t> draws_option(const boost::program_options::variables_map& values, const std::string& command);
// sweep and report --sweep: throws config::ConfigError (exit 3) with that problem.
void check_sweep_memory(const config::SweepConfig& sweep, const engine::SweepPlan& plan, std::size_t first,
                        std::size_t last, std::size_t threads, bool draws_option = false);

// The engine's sweep of a loaded sweep file (its tables and, in histogram mode, the pilot
// draws), after projecting each swept scenario at its own values (config::check_projection: a
// scenario the projection refuses is reported as validate reports it, in the scenario file or
// at a --set). A problem only the projection finds in a draw (engine::DomainError) is thrown as
// config::throw_located_draw throws it: a data problem at the data file, a draw the projection
// refuses at the uncertain parameter that sets the key (exit 3 either way as ConfigError, 4 as
// DataError).
engine::Sweep make_sweep(const config::SweepConfig& sweep);

// f() (a sweep's draws, Sobol rows, tornado runs or one draw), with a DomainError thrown as
// make_sweep throws it.
template <class F>
decltype(auto) with_located_draws(const config::SweepConfig& sweep, F&& f) {
  try {
    return f();
  } catch (const engine::DomainError& error) {
    config::throw_located_draw(sweep, error);
  }
}

// Per scenario: total årsverk (p5, median, p95, mean) and the median share of all årsverk in
// each report year, then the parameter with the largest total Sobol index for the total in
// the last report year.
std::string sweep_summary_text(const engine::SweepPlan& plan, const engine::SweepSummary& summary);

// Work units [first, last) as messages show them: numbered from 1, both ends included
// ("units 1-5", "unit 3"; "no unit" for an empty range), as list items are numbered in every
// message.
std::string unit_range(std::size_t first, std::size_t last);

}  // namespace carecast::app
