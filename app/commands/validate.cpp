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

std::string counted(std::size_t count, std::string_view one, std::string_view many) {
  return output::format_grouped(double(count), 0) + " " + std::string(count == 1 ? one : many);
}

int run_validate(const Context& ctx) {
  const auto values = parse_command_line(validate_command(), ctx);
  if (!values) return 0;
  const auto file = (*values)["file"].as<std::string>();
  if (config::is_sweep_file(file)) {
    const config::SweepConfig sweep = config::load_sweep(file, set_overrides(*values));
    config::check_projection(sweep.run);  // the swept scenarios at their own values run
    // The plan and its first draws (a histogram sweep's pilot, which the plan runs; as many in
    // an exact-quantile sweep): what validate accepts does not fail in its first draws.
    const engine::Sweep plan(sweep.run.base, sweep.run.scenarios, sweep.parameters, sweep.settings,
                             config::sweep_fingerprint(sweep));
    if (plan.plan().exact_quantiles) {
      const std::size_t first_draws = std::min(sweep.settings.draws, sweep.settings.pilot_draws);
      for (std::size_t d = 0; d < first_draws; ++d) {
        const std::vector<double> draw = plan.draw_values(d);
        for (std::size_t s = 0; s < sweep.run.scenarios.size(); ++s) (void)plan.evaluate(s, draw);
      }
    }
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
      "reported too; for a sweep file it also evaluates the first draws (as many as the pilot,\n"
      "default 1000) and warns when a run would need more memory than this machine has (run it\n"
      "in shards). Prints 'FILE: ok (N scenarios, M services)' or, for a sweep file,\n"
      "'FILE: ok (sweep: K uncertain parameters, D draws, N scenarios, M services)' and exits 0,\n"
      "or lists every problem found (exit code 3 for configuration, 4 for data files).\n",
      add_options,
      {{"file", "FILE", true, false}},
      run_validate,
  };
  return command;
}

}  // namespace carecast::app
