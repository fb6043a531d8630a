// Subcommands of the carecast program and the table that dispatches them.
//
// Adding a subcommand (for example `solve`):
//   1. Create app/commands/solve.cpp defining `const Command& solve_command()`, which returns
//      a static Command: name, one-line summary, usage line, description, a function adding
//      its named options, its positional arguments, and the function that runs it. Parse
//      with parse_command_line() (it handles --help and turns Boost errors into UsageError)
//      and throw the typed errors (UsageError, config::ConfigError/DataError,
//      output::OutputError); main() maps them to exit codes.
//   2. Declare `solve_command()` below and add it to the table in registry.cpp (the order
//      there is the order in `carecast --help`).
//   3. Add commands/solve.cpp to app/CMakeLists.txt, and CLI tests to tests/cli_tests.cmake.
#pragma once

#include "carecast/output/atomic_file.hpp"

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/config/did_you_mean.hpp"
#include "carecast/config/run_config.hpp"

namespace carecast::app {

// The command line was wrong (exit code 2). `command` names the subcommand, empty at top level.
class UsageError : public std::runtime_error {
 public:
  UsageError(std::string command, const std::string& message)
      : std::runtime_error(message), command_(std::move(command)) {}
  const std::string& command() const { return command_; }

 private:
  std::string command_;
};

// What a subcommand gets: its own arguments and where to write.
struct Context {
  std::vector<std::string> args;          // after the subcommand name
  std::vector<std::string> command_line;  // argv as given, for manifests
  std::ostream& out;                      // results (stdout)
  std::ostream& err;                      // progress and timing (stderr)
};

struct Positional {
  std::string_view name;     // key in the variables_map ("scenario"); holds a std::string, or a
                             // std::vector<std::string> when repeatable
  std::string_view display;  // as shown in usage and messages ("SCENARIO.yaml")
  bool required = true;
  bool repeatable = false;  // takes every remaining argument
};

struct Command {
  std::string_view name;
  std::string_view summary;  // one line in `carecast --help`
  std::string_view usage;    // "carecast run SCENARIO.yaml [options]"
  std::string description;   // paragraphs for `carecast help NAME`, ending with a newline
  void (*add_options)(boost::program_options::options_description&);  // may be null
  std::vector<Positional> positionals;
  int (*run)(const Context&);
};

// The registry (registry.cpp), in the order listed by `carecast --help`.
const std::vector<const Command*>& commands();
const Command* find_command(std::string_view name);

// Entry point behind main(): handles --help/--version and dispatches to a subcommand.
// `argv` is the whole command line, argv[0] included. Throws the typed errors.
int dispatch(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

// Parses ctx.args for `command`. Returns nothing when --help was given (the help text has
// then been written to ctx.out). Throws UsageError for unknown options, bad values and
// missing or extra positional arguments.
std::optional<boost::program_options::variables_map> parse_command_line(const Command& command,
                                                                        const Context& ctx);

// `--set KEY.PATH=VALUE` (repeatable), shared by the commands that load a scenario file.
void add_set_option(boost::program_options::options_description& options);

// `--scenario NAME` (repeatable): the subset of the file's scenarios to run. The commands that
// have it name their positional argument "scenario_file".
void add_scenario_option(boost::program_options::options_description& options);

// config::load_run with the --set overrides and the --scenario subset of `values` (numbered from 1 in command-line
// order: "--set #1"). Every malformed override is reported at once, in one ConfigError.
config::RunConfig load_scenario_file(const std::string& file, const boost::program_options::variables_map& values);

// The --set overrides, numbered from 1 ("--set #1"); every malformed one reported at once
// (ConfigError).
std::vector<config::Override> set_overrides(const boost::program_options::variables_map& values);

// `--years Y,Y,...`: the years between the base year and the end year shown in tables and
// the summary (the base and end years are always shown). years_option throws UsageError for
// text that is not a comma-separated list of years; check_years for a year outside
// [first, last].
void add_years_option(boost::program_options::options_description& options);
std::vector<int> years_option(const boost::program_options::variables_map& values, std::string_view command,
                              std::string_view option = "years");
void check_years(const std::vector<int>& years, int first, int last, std::string_view command);

// `--progress auto|bar|lines|none` for long computations (sweeps). auto: a bar when stderr is a
// terminal, else a plain line every few seconds; --quiet means none.
enum class ProgressMode { none, bar, lines };
void add_progress_option(boost::program_options::options_description& options);
ProgressMode progress_option(const boost::program_options::variables_map& values, bool quiet, std::string_view command);

// --threads N, 1..kMaxThreads; default: all cores. Throws UsageError naming `command`.
inline constexpr int kMaxThreads = 1024;
int threads_option(const boost::program_options::variables_map& values, std::string_view command);

// Timing for the progress lines and manifests.
using Clock = std::chrono::steady_clock;
double milliseconds_since(Clock::time_point start);
std::string milliseconds_text(double ms);  // "1 234 ms"

// "wrote DIR (N files, T ms)": N the files written (the manifest included).
std::string wrote_text(const std::filesystem::path& out_dir, const output::Written& written);

// Writes "carecast: LINE" to ctx.err, or nothing when `enabled` is false (--quiet).
std::function<void(const std::string&)> progress_printer(const Context& ctx, bool enabled);

// The git revision this binary was built from, and the current time as ISO-8601 UTC.
std::string git_revision();
std::string utc_now();

// Fills the command line, git revision and start time every manifest records
// (output::RunInfo, output::SweepRunInfo).
template <class Info>
void stamp_run(Info& info, const Context& ctx) {
  info.command_line = ctx.command_line;
  info.git_revision = git_revision();
  info.started_utc = utc_now();
}

// Help texts, built from the registry and the commands' option tables.
std::string general_help();
std::string command_help(const Command& command);
std::string version_text();

// The subcommands.
const Command& run_command();
const Command& validate_command();
const Command& report_command();
const Command& solve_command();
const Command& backtest_command();
const Command& sweep_command();
const Command& merge_command();
const Command& serve_command();
const Command& help_command();

}  // namespace carecast::app
