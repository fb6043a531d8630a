// `carecast run SCENARIO.yaml`: load, project, write the result directory, print the summary.
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <filesystem>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/levers_output.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/run_output.hpp"
#include "carecast/output/supply_output.hpp"
#include "carecast/output/summary.hpp"
#include "commands/command.hpp"

namespace po = boost::program_options;

namespace carecast::app {

namespace {

std::string count(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

void add_options(po::options_description& options) {
  options.add_options()("out,o", po::value<std::string>()->value_name("DIR"),
                        "write the results to DIR (default: results/<SCENARIO file name without .yaml>)");
  add_set_option(options);
  add_scenario_option(options);
  add_years_option(options);
  options.add_options()("threads,j", po::value<int>()->value_name("N"),
                        "worker threads for the projection, 1..1024 (default: all cores); results do not "
                        "depend on it");
  options.add_options()("quiet,q", po::bool_switch(),
                        "no progress or timing lines on stderr (errors still are)");
}

int run_run(const Context& ctx) {
  const auto parsed = parse_command_line(run_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;

  const auto scenario_file = values["scenario_file"].as<std::string>();
  const std::filesystem::path out_dir =
      values.count("out") != 0
          ? std::filesystem::path(values["out"].as<std::string>())
          : std::filesystem::path("results") / std::filesystem::path(scenario_file).stem();
  const int threads = threads_option(values, "run");
  const auto progress = progress_printer(ctx, !values["quiet"].as<bool>());

  output::RunInfo info;
  stamp_run(info, ctx);
  info.threads = threads;

  auto start = Clock::now();
  const config::RunConfig config = load_scenario_file(scenario_file, values);
  const std::vector<int> years = years_option(values, "run");
  check_years(years, config.base.base_year, config.base.end_year, "run");
  info.timings.load_ms = milliseconds_since(start);
  progress("loaded " + scenario_file + ": " + count(config.scenarios.size(), "scenario") + ", " +
           count(config.base.services.size(), "service") + ", " + std::to_string(config.base.base_year) +
           "-" + std::to_string(config.base.end_year) + " (" + milliseconds_text(info.timings.load_ms) + ")");

  start = Clock::now();
  std::vector<engine::ScenarioResult> results;
  // Any parallelism inside the engine runs in this arena, so --threads bounds it; the
  // engine's results do not depend on the number of threads. One thread: no arena, and
  // oneTBB's scheduler is never started.
  if (threads == 1) {
    results = config::project(config, 1);
  } else {
    oneapi::tbb::task_arena arena(engine::arena_concurrency(threads));
    arena.execute([&] { results = config::project(config); });
  }
  info.timings.compute_ms = milliseconds_since(start);
  for (const engine::ScenarioResult& result : results) {
    for (const std::string& warning : result.warnings) {
      info.warnings.push_back("scenario '" + result.scenario + "': " + warning);
      ctx.err << "carecast: warning: " << info.warnings.back() << "\n";
    }
  }
  progress("projected " + count(results.size(), "scenario") + " on " + std::to_string(threads) +
           (threads == 1 ? " thread (" : " threads (") + milliseconds_text(info.timings.compute_ms) + ")");

  const output::Written written = output::write_run(out_dir, config, results, info);
  progress(wrote_text(out_dir, written));

  ctx.out << output::summary_table(results, config.base.services, 100, years);
  ctx.out << output::regional_summary_table(config.base, results, years);  // empty without regions
  // Scenarios with equipment levers: the lever table, against the same scenarios without them.
  if (output::has_levers(results)) {
    ctx.out << output::lever_table(config.base, results,
                                   output::lever_equivalents(config.base, config.scenarios, results));
  }
  return 0;
}

std::string run_description() {
  std::string text =
      "Loads SCENARIO.yaml and the base data set it names, projects every scenario in it and\n"
      "writes the results to DIR. The files appear together or not at all: they are written\n"
      "to DIR.tmp-<pid> and renamed to DIR when complete. An existing DIR is replaced only when\n"
      "it is empty or an earlier carecast result holding only the files its manifest.json\n"
      "lists (anything else in it is never deleted: carecast stops instead). The summary table\n"
      "goes to stdout; progress and timings go to stderr.\n\n"
      "Files written (numbers locale-free, shortest text that reads back exactly):\n";
  for (const auto& file : output::kOutputFiles) {
    std::string name(file.name);
    name.resize(std::max<std::size_t>(name.size(), 17), ' ');
    text +=
        "  " + name + (file.header.empty() ? std::string(file.description) : std::string(file.header)) + '\n';
  }
  text += "\nWith a supply side (data.supply in the base file, as config/norway.yaml has; docs/supply.md)\n"
          "these files are written too:\n";
  for (const auto& file : output::kSupplyFiles) {
    text += "  " + std::string(file.name) + "\n      " + std::string(file.header) + '\n';
  }
  text += "\nWhen a scenario has equipment levers (docs/levers.md) the lever table follows the summary\n"
          "and these files are written too:\n";
  for (const auto& file : output::kLeverFiles) {
    text += "  " + std::string(file.name) + "\n      " + std::string(file.header) + '\n';
  }
  return text;
}

}  // namespace

const Command& run_command() {
  static const Command command{
      "run",
      "project the scenarios of a scenario file and write the results",
      "carecast run SCENARIO.yaml [--out DIR] [--set [SCENARIO:]KEY.PATH=VALUE]... [--scenario NAME]... [--years Y,Y,...] [--threads N] [--quiet]",
      run_description(),
      add_options,
      {{"scenario_file", "SCENARIO.yaml", true, false}},
      run_run,
  };
  return command;
}

}  // namespace carecast::app
