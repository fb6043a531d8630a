// Shared machinery of the subcommands: option parsing, help text, timing.
#include "commands/command.hpp"

#include <oneapi/tbb/info.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <sstream>

#include "carecast/engine/version.hpp"
#include "carecast/output/manifest.hpp"
#include "carecast/output/number_format.hpp"
#include "exit_codes.hpp"

#ifndef CARECAST_GIT_REVISION
#define CARECAST_GIT_REVISION "unknown"
#endif

namespace po = boost::program_options;

namespace carecast::app {

namespace {

po::options_description visible_options(const Command& command) {
  po::options_description options("Options", 90, 45);
  options.add_options()("help,h", "show this help and exit");
  if (command.add_options != nullptr) command.add_options(options);
  return options;
}

// "unrecognised option '--thread'" plus a suggestion from the command's own options.
std::string unknown_option_message(const po::unknown_option& error, const po::options_description& options) {
  std::string message = error.what();
  std::string given = error.get_option_name();
  const auto equals = given.find('=');
  if (equals != std::string::npos) given.resize(equals);
  std::vector<std::string> names;
  for (const auto& option : options.options())
    names.push_back(option->canonical_display_name(po::command_line_style::allow_long));
  // An abbreviation is not accepted (no guessing), but it is the likeliest intent, and
  // closest() prefers it.
  if (const auto suggestion = config::closest(given, names))
    message += " (did you mean '" + *suggestion + "'?)";
  return message;
}

}  // namespace

std::optional<po::variables_map> parse_command_line(const Command& command, const Context& ctx) {
  const po::options_description visible = visible_options(command);
  po::options_description hidden;
  po::positional_options_description positional;
  for (const auto& argument : command.positionals) {
    const std::string key(argument.name);
    if (argument.repeatable) {
      hidden.add_options()(key.c_str(), po::value<std::vector<std::string>>());
      positional.add(key.c_str(), -1);
    } else {
      hidden.add_options()(key.c_str(), po::value<std::string>());
      positional.add(key.c_str(), 1);
    }
  }
  po::options_description all;
  all.add(visible).add(hidden);

  po::variables_map values;
  try {
    // No abbreviated long options: "--th 4" must not silently mean --threads.
    const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(ctx.args).options(all).positional(positional).style(style).run(),
              values);
    if (values.count("help") != 0) {
      ctx.out << command_help(command);
      return std::nullopt;
    }
    po::notify(values);
  } catch (const po::unknown_option& error) {
    throw UsageError(std::string(command.name), unknown_option_message(error, visible));
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError(std::string(command.name), "too many arguments; usage: " + std::string(command.usage));
  } catch (const po::error& error) {
    throw UsageError(std::string(command.name), error.what());
  }
  for (const auto& argument : command.positionals) {
    if (argument.required && values.count(std::string(argument.name)) == 0) {
      throw UsageError(std::string(command.name), "missing " + std::string(argument.display) +
                                                      " argument; usage: " + std::string(command.usage));
    }
  }
  // An empty path would stage next to nothing and fail late as an I/O error.
  if (values.count("out") != 0 && values["out"].as<std::string>().empty()) {
    throw UsageError(std::string(command.name), "--out must name a directory (got an empty path)");
  }
  return values;
}

void add_set_option(po::options_description& options) {
  options.add_options()("set",
                        po::value<std::vector<std::string>>()->composing()->value_name("[SCENARIO:]KEY.PATH=VALUE"),
                        "override one configuration value (repeatable); VALUE is read as YAML, "
                        "e.g. --set parameters.standard_growth_pct=0.5; SCENARIO: only in that scenario "
                        "(--set productivity-0.5:parameters.productivity_pct=1), '*:' in every scenario even "
                        "where they set the key differently");
}

void add_scenario_option(po::options_description& options) {
  options.add_options()("scenario", po::value<std::vector<std::string>>()->composing()->value_name("NAME"),
                        "run only this scenario of the file (repeatable; file order is kept)");
}

std::vector<config::Override> set_overrides(const po::variables_map& values) {
  std::vector<config::Override> overrides;
  std::vector<config::Problem> problems;
  if (values.count("set") != 0) {
    const auto& texts = values["set"].as<std::vector<std::string>>();
    for (std::size_t i = 0; i < texts.size(); ++i) {
      try {
        overrides.push_back(config::parse_override(texts[i], static_cast<int>(i) + 1));
      } catch (const config::ConfigError& error) {
        problems.insert(problems.end(), error.problems().begin(), error.problems().end());
      }
    }
  }
  if (!problems.empty()) throw config::ConfigError(problems);
  return overrides;
}

config::RunConfig load_scenario_file(const std::string& file, const po::variables_map& values) {
  // With a malformed override the file is not loaded: load_run numbers the overrides it is
  // given, and without the broken ones "--set #N" would point at the wrong argument.
  std::vector<std::string> only;
  const auto chosen = values.find("scenario");
  if (chosen != values.end() && chosen->second.value().type() == typeid(std::vector<std::string>)) {
    only = chosen->second.as<std::vector<std::string>>();
  }
  return config::load_run(file, set_overrides(values), only);
}

void add_years_option(po::options_description& options) {
  options.add_options()("years", po::value<std::string>()->value_name("Y,Y,..."),
                        "years shown in the tables and the summary between the base year and the end year, "
                        "which are always shown (default: 2030,2035,2040,2050,2060)");
}

std::vector<int> years_option(const po::variables_map& values, std::string_view command, std::string_view option) {
  std::vector<int> years;
  const std::string name(option);
  if (values.count(name) == 0) return years;
  const std::string text = values[name].as<std::string>();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = text.substr(start, comma - start);
    int year = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), year);
    if (item.empty() || error != std::errc() || end != item.data() + item.size()) {
      throw UsageError(std::string(command),
                       "--" + name + " must be years separated by commas, e.g. 2030,2045 (got '" + text + "')");
    }
    years.push_back(year);
    start = comma + 1;
  }
  return years;
}

void check_years(const std::vector<int>& years, int first, int last, std::string_view command) {
  for (int year : years) {
    if (year < first || year > last) {
      throw UsageError(std::string(command), "--years: " + std::to_string(year) + " is outside the run (" + std::to_string(first) +
                                                 "-" + std::to_string(last) + ")");
    }
  }
}

void add_progress_option(po::options_description& options) {
  options.add_options()("progress", po::value<std::string>()->value_name("auto|bar|lines|none")->default_value("auto"),
                        "progress of long computations on stderr: a bar, a plain line every 5 seconds (for "
                        "logs), or none; auto: the bar on a terminal, lines otherwise");
}

ProgressMode progress_option(const po::variables_map& values, bool quiet, std::string_view command) {
  const std::string mode = values.count("progress") != 0 ? values["progress"].as<std::string>() : "auto";
  if (mode != "auto" && mode != "bar" && mode != "lines" && mode != "none") {
    throw UsageError(std::string(command), "--progress must be auto, bar, lines or none (got '" + mode + "')");
  }
  if (quiet || mode == "none") return ProgressMode::none;
  if (mode == "bar") return ProgressMode::bar;
  if (mode == "lines") return ProgressMode::lines;
  return isatty(STDERR_FILENO) == 1 ? ProgressMode::bar : ProgressMode::lines;
}

int threads_option(const po::variables_map& values, std::string_view command) {
  if (values.count("threads") == 0) return oneapi::tbb::info::default_concurrency();
  const int threads = values["threads"].as<int>();
  if (threads < 1 || threads > kMaxThreads) {
    throw UsageError(std::string(command), "--threads must be between 1 and " + std::to_string(kMaxThreads) +
                                               " (got " + std::to_string(threads) + ")");
  }
  return threads;
}

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string milliseconds_text(double ms) { return output::format_grouped(ms, 0) + " ms"; }

std::string wrote_text(const std::filesystem::path& out_dir, const output::Written& written) {
  return "wrote " + out_dir.string() + " (" + std::to_string(written.files) + (written.files == 1 ? " file, " : " files, ") +
         milliseconds_text(written.milliseconds) + ")";
}

std::function<void(const std::string&)> progress_printer(const Context& ctx, bool enabled) {
  return [&err = ctx.err, enabled](const std::string& line) {
    if (enabled) err << "carecast: " << line << std::endl;
  };
}

std::string git_revision() { return CARECAST_GIT_REVISION; }

std::string utc_now() { return output::utc_timestamp(std::chrono::system_clock::now()); }

std::string version_text() {
  return "carecast " + std::string(engine::kVersion) + " (git " + CARECAST_GIT_REVISION + ")\n";
}

std::string general_help() {
  std::ostringstream text;
  text << "carecast " << engine::kVersion
       << ": projects the årsverk (full-time equivalents) needed in publicly funded health and care\n\n"
       << "Usage: carecast COMMAND [options] [arguments]\n"
       << "       carecast help [COMMAND]\n"
       << "       carecast --help | --version\n\n"
       << "Commands:\n";
  for (const Command* command : commands()) {
    std::string name(command->name);
    name.resize(std::max<std::size_t>(name.size(), 10), ' ');
    text << "  " << name << "  " << command->summary << '\n';
  }
  text << "\nOptions:\n"
       << "  -h, --help     show this help and exit\n"
       << "  --version      print the version and git revision and exit\n\n"
       << "Run 'carecast help COMMAND' or 'carecast COMMAND --help' for the options of a command.\n\n"
       << "Exit codes:\n";
  for (const auto& info : kExitCodes) text << "  " << exit_code(info.code) << "  " << info.meaning << '\n';
  text << "Errors are written to stderr as 'carecast: error: ...', followed by the located\n"
       << "problems (file:line:col: key.path = value — rule), one per line.\n";
  return text.str();
}

std::string command_help(const Command& command) {
  std::ostringstream text;
  std::string summary(command.summary);
  if (!summary.empty() && summary.front() >= 'a' && summary.front() <= 'z')
    summary.front() = char(summary.front() - 'a' + 'A');
  text << "Usage: " << command.usage << "\n\n" << summary << ".\n";
  if (!command.description.empty()) text << '\n' << command.description;
  text << '\n' << visible_options(command) << "\nExit codes: see 'carecast --help'.\n";
  return text.str();
}

}  // namespace carecast::app
