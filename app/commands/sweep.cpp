// `carecast sweep SWEEP.yaml`: Monte Carlo sensitivity sweep (docs/sweeps.md). Runs every
// draw in one process, a --shard of them (merged later by `carecast merge`), or, in a build
// with CARECAST_WITH_MPI, split over the ranks of `mpirun` (rank 0 writes the results).
#include <oneapi/tbb/info.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/check.hpp"
#include "carecast/engine/sweep.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/sweep_output.hpp"
#include "commands/command.hpp"
#include "commands/sweep_support.hpp"

#ifdef CARECAST_WITH_MPI
#include <mpi.h>

#include <climits>
#include <cstdlib>
#endif

namespace po = boost::program_options;

namespace carecast::app {

namespace {


void add_options(po::options_description& options) {
  options.add_options()("out,o", po::value<std::string>()->value_name("PATH"),
                        "results directory (default: results/<SWEEP file name without .yaml>); with --shard the "
                        "part file (default: results/<name>.part-<i>-of-<N>)");
  options.add_options()("draws,n", po::value<long long>()->value_name("N"), "number of draws instead of the file's");
  options.add_options()("seed", po::value<long long>()->value_name("S"), "seed of the random streams instead of the file's");
  options.add_options()("threads,j", po::value<int>()->value_name("N"),
                        "worker threads, 1..1024 (default: all cores); results do not depend on it");
  options.add_options()("draw", po::value<long long>()->value_name("K"),
                        "re-run draw K (0-based) alone: print its parameter values and results, write nothing");
  options.add_options()("shard", po::value<std::string>()->value_name("I/N"),
                        "run part I of N (1-based) of the work and write a part file for `carecast merge`");
  add_set_option(options);
  add_progress_option(options);
  options.add_options()("quiet,q", po::bool_switch(), "no progress bar or timing lines on stderr");
}


std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  std::size_t index = 0, count = 0;
  // Digits only on each side: std::stoul would take "-1" as 2^64 − 1.
  const auto digits = [](const std::string& part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  };
  bool ok = slash != std::string::npos && digits(text.substr(0, slash)) && digits(text.substr(slash + 1));
  // A number of more digits than a size holds counts as the largest size: N is then refused
  // as more than the sweep's work units, I as beyond N.
  const auto number = [](const std::string& part) {
    try {
      return std::size_t(std::stoull(part));
    } catch (const std::out_of_range&) {
      return std::numeric_limits<std::size_t>::max();
    }
  };
  if (ok) {
    index = number(text.substr(0, slash));
    count = number(text.substr(slash + 1));
  }
  if (!ok || count == 0 || index == 0 || index > count) {
    throw UsageError("sweep", "--shard must be I/N with 1 <= I <= N (got '" + text + "')");
  }
  return {index - 1, count};
}

// `text` padded with spaces to `width` characters (UTF-8 aware: "årsverk" is 7 wide).
std::string padded(const std::string& text, std::size_t width) {
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return text + std::string(width > characters ? width - characters : 0, ' ');
}

// Prints one draw: its parameter values, then the headline results of each scenario.
void print_draw(const Context& ctx, const config::SweepConfig& sweep, const engine::Sweep& engine_sweep,
                std::uint64_t draw) {
  const std::vector<double> values = engine_sweep.draw_values(draw);
  const engine::SweepPlan& plan = engine_sweep.plan();
  // Every scenario's projection first: a draw the projection refuses prints nothing.
  std::vector<std::vector<double>> results;
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    results.push_back(with_located_draws(sweep, [&] { return engine_sweep.evaluate(s, values, draw); }));
  }
  ctx.out << "draw " << draw << " of " << sweep.sweep_file << " (seed " << sweep.settings.seed << ")\n";
  std::size_t width = 9;
  for (const std::string& name : plan.parameters) width = std::max(width, name.size());
  ctx.out << "  " << std::left << std::setw(int(width)) << "parameter" << "  value\n";
  for (std::size_t p = 0; p < values.size(); ++p) {
    std::string text = plan.alternatives[p].empty() ? output::format_number(values[p])
                                                    : plan.alternatives[p].at(std::size_t(values[p]));
    const config::SweepParameterInfo& info = sweep.info[p];
    if (!info.unit.empty() && plan.alternatives[p].empty()) text += " " + info.unit;
    if (!info.keys.empty()) text += "  (" + std::string(config::sweep_apply_name(info.apply)) + " " + info.keys.front() +
                                    (info.keys.size() > 1 ? " …" : "") + ")";
    ctx.out << "  " << std::left << std::setw(int(width)) << plan.parameters[p] << "  " << text << "\n";
  }
  const engine::SweepLayout& layout = plan.layout;
  std::vector<int> years = plan.settings.report_years;
  if (years.empty()) years = {layout.years.back()};
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const std::vector<double>& result = results[s];
    ctx.out << "\nscenario " << plan.scenarios[s] << "\n  " << padded("", 28);
    for (int year : years) ctx.out << std::right << std::setw(12) << year;
    ctx.out << "\n";
    auto row = [&](const std::string& label, std::size_t column, int decimals, double scale) {
      ctx.out << "  " << padded(label, 28);
      for (int year : years) {
        const double value = result[layout.year_index(year) * layout.per_year() + column] * scale;
        ctx.out << std::right << std::setw(12) << output::format_grouped(value, decimals);
      }
      ctx.out << "\n";
    };
    row("total årsverk", layout.total_column(), 0, 1.0);
    for (std::size_t j = 0; j < layout.services.size(); ++j) row("  " + layout.services[j], j, 0, 1.0);
    row("share of all årsverk, %", layout.column(engine::Indicator::share_of_all_arsverk), 1, 100.0);
    row("population", layout.column(engine::Indicator::population), 0, 1.0);
    // With regions: each region's total årsverk (the regional block after the national values).
    const engine::RegionalLayout& regional = plan.regional;
    if (!regional.empty()) ctx.out << "  total årsverk by region\n";
    for (std::size_t r = 0; r < regional.regions.size(); ++r) {
      ctx.out << "  " << padded("  " + regional.regions[r], 28);
      for (int year : years) {
        const double value =
            result[layout.size() + regional.at(layout.year_index(year), r, regional.total_column())];
        ctx.out << std::right << std::setw(12) << output::format_grouped(value, 0);
      }
      ctx.out << "\n";
    }
  }
}

#ifdef CARECAST_WITH_MPI
// MPI is used only when the process was started by an MPI launcher (mpirun sets these);
// a plain `carecast sweep` in an MPI build runs as one process without initialising MPI.
bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

struct MpiSession {
  MpiSession() {
    int ready = 0;
    MPI_Initialized(&ready);
    if (!ready) MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
  }
  ~MpiSession() {
    int done = 0;
    MPI_Finalized(&done);
    if (!done) MPI_Finalize();
  }
  int rank = 0, size = 1;
};

void send_bytes(const std::string& bytes, int to) {
  const std::uint64_t size = bytes.size();
  MPI_Send(&size, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD);
  for (std::size_t at = 0; at < bytes.size(); at += std::size_t(INT_MAX)) {
    const int chunk = int(std::min<std::size_t>(INT_MAX, bytes.size() - at));
    MPI_Send(bytes.data() + at, chunk, MPI_BYTE, to, 1, MPI_COMM_WORLD);
  }
}

std::string receive_bytes(int from) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(size, '\0');
  for (std::size_t at = 0; at < bytes.size(); at += std::size_t(INT_MAX)) {
    const int chunk = int(std::min<std::size_t>(INT_MAX, bytes.size() - at));
    MPI_Recv(bytes.data() + at, chunk, MPI_BYTE, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return bytes;
}
#endif

int run_sweep(const Context& ctx) {
  const auto parsed = parse_command_line(sweep_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;
  const auto sweep_file = values["sweep"].as<std::string>();
  const int threads = threads_option(values, "sweep");
  const bool quiet = values["quiet"].as<bool>();
  std::optional<std::pair<std::size_t, std::size_t>> shard;
  if (values.count("shard") != 0) shard = parse_shard(values["shard"].as<std::string>());
  if (shard && values.count("draw") != 0) throw UsageError("sweep", "--draw and --shard cannot be combined");

  int rank = 0, ranks = 1;
#ifdef CARECAST_WITH_MPI
  std::optional<MpiSession> mpi;
  if (launched_by_mpi() && !shard && values.count("draw") == 0) {
    mpi.emplace();
    rank = mpi->rank;
    ranks = mpi->size;
  }
#endif
  const bool talk = !quiet && rank == 0;
  const auto progress = progress_printer(ctx, talk);

  output::SweepRunInfo info;
  stamp_run(info, ctx);
  info.threads = threads;
  info.processes = ranks;

  auto start = Clock::now();
  config::SweepConfig sweep = config::load_sweep(sweep_file, set_overrides(values));
  if (const auto draws = draws_option(values, "sweep")) sweep.settings.draws = *draws;
  if (values.count("seed") != 0) {
    const long long seed = values["seed"].as<long long>();
    if (seed < 0) throw UsageError("sweep", "--seed must be 0 or more (got " + std::to_string(seed) + ")");
    sweep.settings.seed = std::uint64_t(seed);
  }
  if (values.count("draw") != 0) {
    // One draw, recomputed alone: no histogram grid, whose pilot draws would run (and could
    // be refused) first. The draw's values depend on the seed, the parameters and the draw's
    // number only, not on how quantiles are kept.
    sweep.settings.exact_quantile_draws = std::max(sweep.settings.exact_quantile_draws, sweep.settings.draws);
  }
  const engine::Sweep engine_sweep = make_sweep(sweep);
  const engine::SweepPlan& plan = engine_sweep.plan();
  info.timings.load_ms = milliseconds_since(start);
  progress("loaded " + sweep_file + ": " + std::to_string(plan.parameters.size()) + " uncertain parameters, " +
           std::to_string(plan.scenarios.size()) + " scenario(s), " +
           output::format_grouped(double(plan.settings.draws), 0) + " draws, " +
           (plan.settings.sobol_rows > 0 ? output::format_grouped(double(plan.settings.sobol_rows), 0) + " Sobol rows"
                                         : std::string("no Sobol indices")) +
           " (" + output::format_grouped(info.timings.load_ms, 0) + " ms)");

  if (values.count("draw") != 0) {
    const long long draw = values["draw"].as<long long>();
    if (draw < 0 || std::uint64_t(draw) >= plan.settings.draws) {
      throw UsageError("sweep", "--draw must be in 0.." + std::to_string(plan.settings.draws - 1) + " (draws are numbered from 0; got " +
                                    std::to_string(draw) + ")");
    }
    print_draw(ctx, sweep, engine_sweep, std::uint64_t(draw));
    return 0;
  }

  const std::string stem = std::filesystem::path(sweep_file).stem().string();
  const output::SweepDescription description = output::describe_sweep(sweep);
  auto [first, last] = std::pair<std::size_t, std::size_t>{0, plan.units()};
  if (shard && shard->second > plan.units()) {
    // A part would hold no unit: its "wrote" line and merge could not tell it apart.
    throw UsageError("sweep", "--shard " + values["shard"].as<std::string>() +
                                  ": this sweep has " + std::to_string(plan.units()) + (plan.units() == 1 ? " work unit" : " work units") +
                                  " (blocks of " + std::to_string(engine::kDrawsPerBlock) + " draws" +
                                  (plan.sobol_units() > 0
                                       ? " and of " + std::to_string(engine::kSobolRowsPerBlock) + " Sobol rows"
                                       : std::string()) +
                                  "), so N can be at most " + std::to_string(plan.units()));
  }
  if (shard) std::tie(first, last) = engine::shard_units(plan, shard->first, shard->second);
  if (ranks > 1) std::tie(first, last) = engine::shard_units(plan, std::size_t(rank), std::size_t(ranks));
  check_sweep_memory(sweep, plan, first, last, std::size_t(threads), values.count("draws") != 0);

  start = Clock::now();
  ProgressBar bar(ctx.err, talk ? progress_option(values, quiet, "sweep") : ProgressMode::none, "sweep");
  engine::SweepPart part = with_located_draws(sweep, [&] {
    return engine_sweep.run(first, last, {threads, [&](std::size_t done, std::size_t total) { bar.update(done, total); }});
  });
  bar.finish();

  if (shard) {
    const std::filesystem::path out =
        values.count("out") != 0 ? std::filesystem::path(values["out"].as<std::string>())
                                 : std::filesystem::path("results") / (stem + ".part-" + std::to_string(shard->first + 1) +
                                                                       "-of-" + std::to_string(shard->second));
    output::write_sweep_part(out, plan, part, description);
    progress("wrote part " + std::to_string(shard->first + 1) + "/" + std::to_string(shard->second) + " (" +
             unit_range(first, last) + " of " + std::to_string(plan.units()) + ") to " +
             out.string() + " (" + output::format_grouped(milliseconds_since(start), 0) + " ms); combine the parts with "
             "`carecast merge`");
    return 0;
  }

#ifdef CARECAST_WITH_MPI
  if (ranks > 1) {
    // Every rank ran its share of the units; rank 0 appends the others' parts in rank order.
    if (rank != 0) {
      send_bytes(output::encode_sweep_part(plan, part, description), 0);
      return 0;
    }
    const std::string plan_bytes = output::encode_sweep_plan(plan);
    for (int from = 1; from < ranks; ++from) {
      output::SweepPartData data = output::decode_sweep_part(receive_bytes(from), "MPI rank " + std::to_string(from));
      if (output::encode_sweep_plan(data.plan) != plan_bytes) {
        throw engine::InternalError("MPI rank " + std::to_string(from) + " ran a different sweep plan");
      }
      engine::merge_parts(plan, part, std::move(data.part));
    }
  }
#endif

  const engine::SweepSummary summary = engine::summarize(plan, part, threads);
  info.timings.compute_ms = milliseconds_since(start);
  // Runs: every draw of every scenario, plus (k + 2) per Sobol row and scenario.
  const double runs = double(plan.scenarios.size()) *
                      (double(plan.settings.draws) + double(plan.sobol_units() > 0 ? plan.settings.sobol_rows : 0) *
                                                         double(plan.parameters.size() + 2));
  progress("ran " + output::format_grouped(double(plan.settings.draws), 0) + " draws" +
           (plan.sobol_units() > 0 ? " and " + output::format_grouped(double(plan.settings.sobol_rows), 0) + " Sobol rows"
                                   : std::string()) +
           " of " + std::to_string(plan.scenarios.size()) + " scenario(s) on " + std::to_string(threads) +
           (threads == 1 ? " thread" : " threads") +
           (ranks > 1 ? " in each of " + std::to_string(ranks) + " MPI ranks" : "") + ": " +
           output::format_grouped(runs, 0) + " projections in " + output::format_grouped(info.timings.compute_ms, 0) +
           " ms (" + output::format_grouped(runs / (info.timings.compute_ms / 1000.0), 0) + " a second)");
  const std::filesystem::path out_dir = values.count("out") != 0 ? std::filesystem::path(values["out"].as<std::string>())
                                                                 : std::filesystem::path("results") / stem;
  const output::Written written = output::write_sweep(out_dir, plan, summary, description, info);
  progress(wrote_text(out_dir, written));
  ctx.out << sweep_summary_text(plan, summary);
  return 0;
}

std::string sweep_description() {
  std::string text =
      "Runs the Monte Carlo sweep declared in SWEEP.yaml (docs/sweeps.md): every draw is a full\n"
      "projection of each scenario named by the file, with the uncertain parameters drawn from\n"
      "counter-based random streams keyed by the seed, the parameter's name and the draw number.\n"
      "The results do not depend on --threads, on --shard or on the number of MPI ranks: the\n"
      "CSV files are the same bytes. A summary goes to stdout; progress (a bar when stderr is a\n"
      "terminal and the run takes more than a second) and timings go to stderr.\n\n"
      "  carecast sweep scenarios/uncertainty.yaml --draws 10000\n"
      "  carecast sweep scenarios/uncertainty.yaml --draw 42          one draw, printed\n"
      "  carecast sweep scenarios/uncertainty.yaml --shard 2/8 -o p2  part 2 of 8, merged later\n"
      "  mpirun -np 64 carecast sweep scenarios/uncertainty.yaml     (build with `make mpi`)\n\n"
      "Files written (numbers locale-free, shortest text that reads back exactly):\n";
  for (const auto& file : output::kSweepFiles) {
    text += "  " + std::string(file.name) + "\n      " +
            (file.header.empty() ? std::string(file.description) : std::string(file.header)) + '\n';
  }
  return text;
}

}  // namespace

const Command& sweep_command() {
  static const Command command{
      "sweep",
      "Monte Carlo sensitivity sweep: quantile bands, exceedance, Sobol indices, tornado",
      "carecast sweep SWEEP.yaml [--draws N] [--seed S] [--out DIR] [--threads N] [--draw K] [--shard I/N] "
      "[--set KEY.PATH=VALUE]... [--quiet]",
      sweep_description(),
      add_options,
      {{"sweep", "SWEEP.yaml", true, false}},
      run_sweep,
  };
  return command;
}

}  // namespace carecast::app
