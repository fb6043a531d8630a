// `carecast validate FILE [--set ...]`: every check of `run`, without running.
#include "carecast/config/run_config.hpp"
#include "commands/command.hpp"

namespace carecast::app {

namespace {

void add_options(boost::program_options::options_description& options) {
  add_set_option(options);
  add_scenario_option(options);
}

int run_validate(const Context& ctx) {
  const auto values = parse_command_line(validate_command(), ctx);
  if (!values) return 0;
  const auto file = (*values)["file"].as<std::string>();
  const config::RunConfig config = load_scenario_file(file, *values);
  ctx.out << file << ": ok (" << config.scenarios.size()
          << (config.scenarios.size() == 1 ? " scenario, " : " scenarios, ") << config.base.services.size()
          << (config.base.services.size() == 1 ? " service)" : " services)") << '\n';
  return 0;
}

}  // namespace

const Command& validate_command() {
  static const Command command{
      "validate",
      "check a scenario file and the data it names without running it",
      "carecast validate FILE [--set KEY.PATH=VALUE]...",
      "Reads FILE, the base data set it names and every data file, and applies the same checks\n"
      "as 'carecast run'. Prints 'FILE: ok (N scenarios, M services)' and exits 0, or lists\n"
      "every problem found (exit code 3 for configuration, 4 for data files).\n",
      add_options,
      {{"file", "FILE", true, false}},
      run_validate,
  };
  return command;
}

}  // namespace carecast::app
