// manifest.json: what was run, with what, by which build, and how long it took.
//
// Keys, always in this order (a stable contract; add new keys at the end of an object):
//   format_version   integer, 1
//   engine_version   engine::kVersion, e.g. "0.1.0"
//   git_revision     revision the binary was built from ("unknown" outside git)
//   command_line     array of strings, argv as given
//   started_utc      ISO-8601 UTC start time, e.g. "2025-03-01T12:34:56Z"
//   scenario_file    path as given
//   base_file        resolved base data file
//   scenarios        array of scenario names, in file order
//   threads          integer, worker threads used for the projection
//   timings_ms       object: load, compute, write (milliseconds; write covers the CSV files)
//   files            array of the data files written next to the manifest
//   data_sources     array of objects: role, path, note
//   resolved_config  the resolved configuration (RunConfig::resolved_yaml) as one string
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/json.hpp"

namespace carecast::output {

inline constexpr int kManifestFormatVersion = 1;

struct Timings {
  double load_ms = 0.0;     // reading and validating the configuration and data
  double compute_ms = 0.0;  // the projection
  double write_ms = 0.0;    // writing the CSV files
};

// What the caller knows about the run that the configuration does not.
struct RunInfo {
  std::vector<std::string> command_line;
  std::string git_revision = "unknown";
  std::string started_utc;  // from utc_timestamp()
  int threads = 1;
  Timings timings;
  // What the run warned about on stderr ("scenario 'x': net migration in 2040: …").
  std::vector<std::string> warnings;
};

// "YYYY-MM-DDTHH:MM:SSZ" in UTC.
std::string utc_timestamp(std::chrono::system_clock::time_point when);

// The keys every manifest (run, sweep) starts with, inside an open object: format_version,
// kind (only when not empty), engine_version, git_revision, command_line, started_utc.
void write_manifest_stamp(JsonWriter& json, std::string_view kind, const std::vector<std::string>& command_line,
                          const std::string& git_revision, const std::string& started_utc);

// The keys every manifest ends with: timings_ms, files, data_sources, resolved_config.
void write_manifest_tail(JsonWriter& json, const Timings& timings, const std::vector<std::string>& files,
                         const std::vector<config::DataSource>& sources, const std::string& resolved_config);

void write_manifest(std::ostream& out, const config::RunConfig& config, const std::vector<std::string>& files,
                    const RunInfo& info);

}  // namespace carecast::output
