// `carecast validate FILE [--set ...]`: every check of `run` (a scenario file) or `sweep` (a
// sweep file), without running.
#include <algorithm>
#include <thread>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/output/number_format.hpp"
#include "commands/command.hpp"
#include "commands/sweep_support.hpp"

namespace carecast::app {

namespace {

void add_options(boost::program_options::options_description& options) {
  add_set_option(options);
  add_scenario_option(options);
}

// How many projections `validate` runs of a sweep: all of them (every draw, every Sobol row's
// k + 2 runs, the tornado) up to this many, counting a regional projection as
// kRegionalProjectionCost national ones; beyond it the first draws and the first Sobol rows,
// half of it each, and a warning says how many of how many. 250 000 national projections take
// about 10 s of CPU (40 µs each, docs/performance.md), shared among the threads;
// scenarios/uncertainty.yaml has 20 257.
constexpr std::size_t kValidateProjections = 250'000;
constexpr std::size_t kRegionalProjectionCost = 50;  // about 2 ms against 40 µs

std::string counted(std::size_t count, std::string_view one, std::string_view many) {
  return output::format_grouped(double(count), 0) + " " + std::string(count == 1 ? one : many);
}

int run_validate(const Context& ctx) {
  const auto values = parse_command_line(validate_command(), ctx);
  if (!values) return 0;
  const auto file = (*values)["file"].as<std::string>();
  if (config::is_sweep_file(file)) {
    const config::SweepConfig sweep = config::load_sweep(file, set_overrides(*values));
    // The plan (the swept scenarios at their own values, then a histogram sweep's pilot draws,
    // run in making it).
    const engine::Sweep plan = make_sweep(sweep);
    // The sweep's own projections, as `sweep` runs them (the same draws, Sobol rows and tornado
    // runs; the results are dropped): what validate accepts runs, up to kValidateProjections.
    const engine::SweepPlan& p = plan.plan();
    const std::size_t scenarios = sweep.run.scenarios.size(), k = sweep.parameters.size();
    // Main draws are regional projections when regions are on; Sobol rows and the tornado are
    // national ones.
    const std::size_t cost = p.regional.size() > 0 ? kRegionalProjectionCost : 1;
    const double per_draw = double(scenarios * cost), per_row = double((k + 2) * scenarios);
    const double national = p.projections() - double(p.settings.draws);
    const double all = double(p.settings.draws) * per_draw + national * double(scenarios);
    const engine::SweepExecution execution{int(std::max(1u, std::thread::hardware_concurrency())), {}};
    with_located_draws(sweep, [&] {
      if (all <= double(kValidateProjections)) {
        (void)plan.run_all(execution);
      } else {
        // The first draws and the first Sobol rows (whole blocks of rows), about half the budget
        // each; the draws one by one when a block of them would pass it (many regional scenarios).
        const double half = 0.5 * double(kValidateProjections);
        const std::size_t main_units = std::min<std::size_t>(
            std::size_t(half / (double(engine::kDrawsPerBlock) * per_draw)), p.main_units());
        const std::size_t sobol_units = std::min<std::size_t>(
            std::size_t(half / (double(engine::kSobolRowsPerBlock) * per_row)), p.sobol_units());
        std::size_t draws = 0;
        if (main_units > 0) {
          (void)plan.run(0, main_units, execution);
          draws = std::min(p.settings.draws, main_units * engine::kDrawsPerBlock);
        } else {
          draws = std::clamp<std::size_t>(std::size_t(half / per_draw), 1, p.settings.draws);
          for (std::size_t d = 0; d < draws; ++d) {
            const std::vector<double> drawn = plan.draw_values(d);
            for (std::size_t s = 0; s < scenarios; ++s) (void)plan.evaluate(s, drawn, d);
          }
        }
        if (sobol_units > 0) (void)plan.run(p.main_units(), p.main_units() + sobol_units, execution);
        const std::size_t rows = std::min(p.settings.sobol_rows, sobol_units * engine::kSobolRowsPerBlock);
        auto grouped = [](std::size_t n) { return output::format_grouped(double(n), 0); };
        auto part = [&](std::size_t ran, std::size_t of, const std::string& what) {
          return ran == of ? "all " + grouped(of) + " " + what
                           : (ran == 0 ? "none" : "the first " + grouped(ran)) + " of the " + grouped(of) + " " + what;
        };
        ctx.err << "carecast: warning: " << file << ": validate ran " << part(draws, p.settings.draws, "draws")
                << (k > 0 && p.settings.sobol_rows > 0 ? ", " + part(rows, p.settings.sobol_rows, "Sobol rows") : "")
                << " and the tornado (it runs at most " << grouped(kValidateProjections)
                << " projections); a later draw that the projection refuses stops the sweep itself, with exit 3 and "
                   "nothing written\n";
      }
    });
    // A sweep larger than this machine's memory is valid (it is run in shards on a cluster):
    // a warning, which `sweep` makes a refusal when it is run here unsharded.
    if (const auto problem = sweep_memory_problem(sweep, plan.plan(), 0, plan.plan().units(),
                                                  std::max<std::size_t>(1, std::thread::hardware_concurrency()))) {
      ctx.err << "carecast: warning: " << problem->format() << "\n";
    }
    ctx.out << file << ": ok (sweep: "
            << counted(sweep.parameters.size(), "uncertain parameter", "uncertain parameters") << ", "
            << counted(sweep.settings.draws, "draw", "draws") << ", "
            << counted(sweep.run.scenarios.size(), "scenario", "scenarios") << ", "
            << counted(sweep.run.base.services.size(), "service", "services") << ")\n";
    return 0;
  }
  const config::RunConfig config = load_scenario_file(file, *values);
  config::check_projection(config);  // what validate accepts must run
  ctx.out << file << ": ok (" << counted(config.scenarios.size(), "scenario", "scenarios") << ", "
          << counted(config.base.services.size(), "service", "services") << ")\n";
  return 0;
}

}  // namespace

const Command& validate_command() {
  static const Command command{
      "validate",
      "check a scenario or sweep file and the data it names without running it",
      "carecast validate FILE [--set [SCENARIO:]KEY.PATH=VALUE]... [--scenario NAME]...",
      "Reads FILE, a scenario file or a sweep file (told apart by their keys: a sweep file has\n"
      "scenario_file, a scenario file base), every file it names and every data file, and\n"
      "applies the same checks as 'carecast run' or 'carecast sweep', then projects every\n"
      "scenario once (without writing anything), so that assumptions only the projection can\n"
      "refuse (a life expectancy no death rates reach, a share of all årsverk above 100 %) are\n"
      "reported too. For a sweep file it also runs the sweep's projections without writing them\n"
      "(every draw, every Sobol row and the tornado, as 'carecast sweep' would; beyond 250 000\n"
      "projections, a regional one counting as 50, the first draws and Sobol rows, with a\n"
      "warning saying how many) and warns when a run would need more memory than this machine\n"
      "has (run it in shards). Prints 'FILE: ok (N scenarios, M services)' or, for a sweep file,\n"
      "'FILE: ok (sweep: K uncertain parameters, D draws, N scenarios, M services)' and exits 0,\n"
      "or lists every problem found (exit code 3 for configuration, 4 for data files).\n",
      add_options,
      {{"file", "FILE", true, false}},
      run_validate,
  };
  return command;
}

}  // namespace carecast::app
