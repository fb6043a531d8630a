// Loading a scenario file (and the base data set it names) into validated engine inputs.
#pragma once

#include "carecast/config/errors.hpp"
#include "carecast/engine/model.hpp"

#include <string>
#include <vector>

namespace carecast::config {

// A `--set key.path=value` from the command line; `value` is parsed as a YAML flow node.
struct Override {
  std::string key_path;
  std::string value;
};

// Parses "key.path=value"; throws ConfigError (file "--set #index") when there is no '='
// or the key is empty.
Override parse_override(const std::string& text, int index);

// A data file that was read, for the manifest and reports.
struct DataSource {
  std::string role;  // "population", "mortality", "services", ...
  std::string path;  // as resolved on disk
  std::string note;  // the source/licence note given next to it in the base file
};

struct RunConfig {
  std::string scenario_file;  // as given
  std::string base_file;      // resolved against the scenario file's folder
  engine::BaseData base;
  std::vector<engine::ScenarioParameters> scenarios;  // in file order
  std::vector<std::string> descriptions;              // of each scenario, "" when none
  // Resolved configuration of every scenario (base ⊕ file ⊕ scenario ⊕ --set), as YAML,
  // for the manifest; deterministic key order.
  std::string resolved_yaml;
  std::vector<DataSource> sources;
};

// Reads and validates everything: the scenario file, the base file it names, the data
// files, and the overrides (applied to every scenario after everything else; the n-th
// override's problems are located at "--set #n"). Relative data paths are resolved against
// the folder of the file they are written in, so messages name files as "folder/file".
//
// Throws ConfigError listing every problem at once when any YAML file or override is wrong
// (with the data-file problems found on the way, if any), else DataError listing every
// data-file problem at once. Messages read "file:line:col: key.path = value — rule" and are
// sorted by file, line and column (see docs/config-reference.md). Nothing is half-built: on
// error no RunConfig is returned. Engine-facing values are converted to engine units
// (percent a year → fraction a year).
RunConfig load_run(const std::string& scenario_file, const std::vector<Override>& overrides = {});

// load_run without the result, for a `validate` command: throws exactly what load_run throws.
void validate_run(const std::string& scenario_file, const std::vector<Override>& overrides = {});

}  // namespace carecast::config
