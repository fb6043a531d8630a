// `carecast merge PART...`: combines the part files of `carecast sweep --shard I/N` into the
// same result files a sweep in one go writes.
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "carecast/engine/sweep.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/sweep_output.hpp"
#include "commands/command.hpp"
#include "commands/sweep_support.hpp"

#include <oneapi/tbb/info.h>

namespace po = boost::program_options;

namespace carecast::app {

namespace {


void add_options(po::options_description& options) {
  options.add_options()("out,o", po::value<std::string>()->value_name("DIR"),
                        "results directory (default: results/<sweep file name without .yaml>)");
  options.add_options()("threads,j", po::value<int>()->value_name("N"),
                        "worker threads for the summaries, 1..1024 (default: all cores)");
  options.add_options()("quiet,q", po::bool_switch(), "no timing lines on stderr");
}

config::Problem part_problem(const std::string& file, const std::string& rule) {
  config::Problem problem;  // field by field: keeps GCC 12's -Wmaybe-uninitialized quiet
  problem.where.file = file;
  problem.rule = rule;
  return problem;
}

config::DataError part_error(const std::string& file, const std::string& rule) {
  return config::DataError({part_problem(file, rule)});
}

int run_merge(const Context& ctx) {
  const auto parsed = parse_command_line(merge_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;
  const auto files = values["parts"].as<std::vector<std::string>>();
  const int threads = threads_option(values, "merge");
  const bool quiet = values["quiet"].as<bool>();
  const auto start = Clock::now();

  output::SweepRunInfo info;
  stamp_run(info, ctx);
  info.threads = threads;
  info.parts = files.size();

  std::vector<std::pair<std::string, output::SweepPartData>> parts;
  for (const std::string& file : files) parts.emplace_back(file, output::read_sweep_part(file));
  const std::string plan_bytes = output::encode_sweep_plan(parts.front().second.plan);
  for (const auto& [file, data] : parts) {
    if (output::encode_sweep_plan(data.plan) != plan_bytes || data.part.fingerprint != data.plan.fingerprint) {
      throw part_error(file, "belongs to another sweep than " + parts.front().first +
                                 " (the sweep file, its scenarios, seed, draws or a --set such as regions differ)");
    }
  }
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a.second.part.first_unit < b.second.part.first_unit; });
  const engine::SweepPlan plan = parts.front().second.plan;
  // Every gap and overlap, each at the part where it shows, before anything is merged.
  std::vector<config::Problem> coverage;
  const std::string of_units = " of " + std::to_string(plan.units());
  std::size_t covered = 0;
  for (const auto& [file, data] : parts) {
    const std::size_t first = data.part.first_unit, last = data.part.last_unit;
    if (first > covered) {
      coverage.push_back(part_problem(file, "leaves " + unit_range(covered, first) + of_units +
                                                " uncovered (a part is missing)"));
    } else if (first < covered) {
      coverage.push_back(part_problem(file, "overlaps another part in " + unit_range(first, std::min(covered, last)) +
                                                of_units + " (a part given twice, or parts of different --shard splits)"));
    }
    covered = std::max(covered, last);
  }
  if (covered != plan.units()) {
    coverage.push_back(part_problem(parts.back().first,
                                    unit_range(covered, plan.units()) + of_units + (covered + 1 < plan.units() ? " are" : " is") +
                                        " not covered" +
                                        (covered > 0 ? ": the parts end at unit " + std::to_string(covered) : "") +
                                        " (a part is missing)"));
  }
  if (!coverage.empty()) throw config::DataError(std::move(coverage));
  engine::SweepPart merged;
  merged.fingerprint = plan.fingerprint;
  for (auto& [file, data] : parts) engine::merge_parts(plan, merged, std::move(data.part));
  const engine::SweepSummary summary = engine::summarize(plan, merged, threads);
  info.timings.compute_ms = milliseconds_since(start);
  const output::SweepDescription& description = parts.front().second.description;
  const std::filesystem::path out_dir =
      values.count("out") != 0 ? std::filesystem::path(values["out"].as<std::string>())
                               : std::filesystem::path("results") / std::filesystem::path(description.sweep_file).stem();
  const double write_ms = output::write_sweep(out_dir, plan, summary, description, info).milliseconds;
  if (!quiet) {
    ctx.err << "carecast: merged " << files.size() << " part(s) of " << description.sweep_file << " into "
            << out_dir.string() << " (" << output::format_grouped(info.timings.compute_ms + write_ms, 0) << " ms)"
            << std::endl;
  }
  ctx.out << sweep_summary_text(plan, summary);
  return 0;
}

}  // namespace

const Command& merge_command() {
  static const Command command{
      "merge",
      "combine the part files of `carecast sweep --shard` into the sweep's results",
      "carecast merge PART... [--out DIR] [--threads N] [--quiet]",
      "Reads the part files written by `carecast sweep SWEEP.yaml --shard I/N` (any order; all\n"
      "N of them, from the same sweep file, seed and draws) and writes the files a sweep run in\n"
      "one go writes, byte for byte the same CSV files. The part files carry everything needed:\n"
      "the sweep file is not read again.\n",
      add_options,
      {{"parts", "PART", true, true}},
      run_merge,
  };
  return command;
}

}  // namespace carecast::app
