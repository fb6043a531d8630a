// The files of a Monte Carlo sweep (docs/sweeps.md), and the partial results that shards and
// MPI ranks exchange.
//
// File contract (stable). Numbers are locale-free, shortest round-trip text; an undefined
// number (a Sobol index of an output that does not vary) is an empty field.
//   quantiles.csv             scenario,year,service,statistic,arsverk
//   quantiles_professions.csv scenario,year,profession,statistic,arsverk
//   quantiles_indicators.csv  scenario,year,indicator,statistic,value
//       statistic: p5, p10, p25, p50, p75, p90, p95, mean; services in configuration order,
//       then "total"; every year from the base year
//   quantiles_regions.csv     scenario,region,year,quantity,statistic,value
//       only with regions (engine/regional_sweep.hpp): per region (data order), year, then the
//       services, "total" (årsverk) and population, population_67plus, population_80plus
//       (persons); the regions add up to the national figures draw by draw, not quantile by
//       quantile (only the means add up)
//   exceedance.csv            scenario,year,quantity,threshold,probability
//       P(quantity > threshold) over the draws, per threshold of the sweep file
//   sobol.csv                 scenario,year,service,parameter,first_order,first_order_low,
//                             first_order_high,total_order,total_order_low,total_order_high,flag
//       per report year, service (and "total") and parameter; bootstrap percentile intervals;
//       flag: engine::sobol_flag ("" or why the estimate cannot be read as an index)
//   tornado.csv               scenario,year,service,parameter,low_input,central_input,
//                             high_input,arsverk_low,arsverk_central,arsverk_high,swing
//       one-at-a-time runs; inputs in the units the distribution is written in (a choice:
//       the alternative's name); swing = |arsverk_high − arsverk_low|
//   manifest.json             how the sweep was run (see write_sweep_manifest)
// Rows are ordered by scenario (sweep order), year, then the remaining key columns in the
// order given above. Every CSV file depends only on the sweep's definition, never on the
// number of threads, shards or MPI ranks.
#pragma once

#include <array>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/sweep.hpp"
#include "carecast/output/run_output.hpp"

namespace carecast::output {

inline constexpr std::array<OutputFile, 9> kSweepFiles{{
    {"quantiles.csv", "scenario,year,service,statistic,arsverk",
     "quantiles and mean of årsverk by service and total"},
    {"quantiles_professions.csv", "scenario,year,profession,statistic,arsverk", "the same by profession"},
    {"quantiles_indicators.csv", "scenario,year,indicator,statistic,value", "the same for the indicators"},
    {"quantiles_gap.csv", "scenario,year,profession,statistic,gap",
     "the same for the gap by profession, demand − supply in årsverk (only when the sweep draws a "
     "parameters.supply key or has a gap.<profession> threshold, docs/supply.md)"},
    {"quantiles_regions.csv", "scenario,region,year,quantity,statistic,value",
     "the same by county or health region (only with regions, docs/regions.md): every service and total in "
     "årsverk, population, population_67plus and population_80plus in persons"},
    {"exceedance.csv", "scenario,year,quantity,threshold,probability",
     "probability of passing each threshold"},
    {"sobol.csv",
     "scenario,year,service,parameter,first_order,first_order_low,first_order_high,total_order,total_order_"
     "low,"
     "total_order_high,flag",
     "first-order and total Sobol indices with bootstrap intervals, flagged when not valid indices"},
    {"tornado.csv",
     "scenario,year,service,parameter,low_input,central_input,high_input,arsverk_low,arsverk_central,arsverk_"
     "high,"
     "swing",
     "one-at-a-time effects of each parameter"},
    {"manifest.json", "", "sweep definition, seed, versions, command line, threads/ranks, timings"},
}};

// What the files need besides the plan and the summary (all of it travels in a part file,
// so `carecast merge` can write the same files without the sweep file).
struct SweepDescription {
  std::string sweep_file;
  std::string scenario_file;
  std::string base_file;
  std::string description;
  std::vector<config::DataSource> sources;
  std::string resolved_yaml;  // config::sweep_resolved_yaml
};
SweepDescription describe_sweep(const config::SweepConfig& sweep);

struct SweepRunInfo {
  std::vector<std::string> command_line;
  std::string git_revision = "unknown";
  std::string started_utc;
  int threads = 1;
  int processes = 1;       // MPI ranks (1 without MPI)
  std::size_t parts = 1;   // shards merged (1 for a run in one go)
  Timings timings;         // load: configuration and data; compute: draws and summaries
};

void write_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary);
void write_profession_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan,
                                    const engine::SweepSummary& summary);
void write_indicator_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan,
                                   const engine::SweepSummary& summary);
void write_gap_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary);
void write_regional_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan,
                                  const engine::SweepSummary& summary);
void write_exceedance_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary);
void write_sobol_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary);
void write_tornado_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary);
void write_sweep_manifest(std::ostream& out, const engine::SweepPlan& plan, const SweepDescription& description,
                          const std::vector<std::string>& files, const SweepRunInfo& info);

// Writes every file of kSweepFiles into `out_dir` atomically (atomic_file.hpp). Returns the
// files written and the wall time. Throws OutputError.
Written write_sweep(const std::filesystem::path& out_dir, const engine::SweepPlan& plan,
                    const engine::SweepSummary& summary, const SweepDescription& description, SweepRunInfo info);

// Partial results (a shard or an MPI rank) as bytes: a binary format for the same build on
// the same kind of machine (native byte order), starting with "carecast-sweep-part 3".
struct SweepPartData {
  engine::SweepPlan plan;
  engine::SweepPart part;
  SweepDescription description;
};
std::string encode_sweep_part(const engine::SweepPlan& plan, const engine::SweepPart& part,
                              const SweepDescription& description);
// Throws config::DataError naming `origin` when the bytes are not a sweep part.
SweepPartData decode_sweep_part(std::string_view bytes, const std::string& origin);
// The plan's bytes: two parts belong together only when these are equal.
std::string encode_sweep_plan(const engine::SweepPlan& plan);

// A part file, written atomically / read whole.
void write_sweep_part(const std::filesystem::path& file, const engine::SweepPlan& plan, const engine::SweepPart& part,
                      const SweepDescription& description);
SweepPartData read_sweep_part(const std::filesystem::path& file);

}  // namespace carecast::output
