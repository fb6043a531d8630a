// `carecast help [COMMAND]`.
#include "commands/command.hpp"

namespace carecast::app {

namespace {

int run_help(const Context& ctx) {
  const auto values = parse_command_line(help_command(), ctx);
  if (!values) return 0;
  if (values->count("command") == 0) {
    ctx.out << general_help();
    return 0;
  }
  const auto name = (*values)["command"].as<std::string>();
  const Command* command = find_command(name);
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const Command* known : commands()) names.emplace_back(known->name);
    std::string message = "no help for unknown command '" + name + "'";
    if (const auto suggestion = config::closest(name, names))
      message += " (did you mean '" + *suggestion + "'?)";
    throw UsageError("help", message);
  }
  ctx.out << command_help(*command);
  return 0;
}

}  // namespace

const Command& help_command() {
  static const Command command{
      "help",
      "show help for carecast or one of its commands",
      "carecast help [COMMAND]",
      "",
      nullptr,
      {{"command", "COMMAND", false, false}},
      run_help,
  };
  return command;
}

}  // namespace carecast::app
