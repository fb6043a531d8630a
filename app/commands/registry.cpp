// The subcommand table and top-level dispatch. See command.hpp for how to add a subcommand.
#include "commands/command.hpp"

namespace carecast::app {

const std::vector<const Command*>& commands() {
  static const std::vector<const Command*> table{
      &run_command(),
      &validate_command(),
      &report_command(),
      &solve_command(),
      &backtest_command(),
      &sweep_command(),
      &merge_command(),
      &serve_command(),
      &help_command(),
  };
  return table;
}

const Command* find_command(std::string_view name) {
  for (const Command* command : commands()) {
    if (command->name == name) return command;
  }
  return nullptr;
}

int dispatch(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  if (argv.size() < 2) throw UsageError("", "missing COMMAND; usage: carecast COMMAND [options] [arguments]");
  const std::string& first = argv[1];
  if (first == "--help" || first == "-h") {
    out << general_help();
    return 0;
  }
  if (first == "--version") {
    out << version_text();
    return 0;
  }
  if (!first.empty() && first.front() == '-') throw UsageError("", "unknown option '" + first + "'");

  const Command* command = find_command(first);
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const Command* known : commands()) names.emplace_back(known->name);
    std::string message = "unknown command '" + first + "'";
    if (const auto suggestion = config::closest(first, names))
      message += " (did you mean '" + *suggestion + "'?)";
    throw UsageError("", message);
  }
  const Context context{{argv.begin() + 2, argv.end()}, argv, out, err};
  return command->run(context);
}

}  // namespace carecast::app
