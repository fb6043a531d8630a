// Loading a scenario file (and the base data set it names) into validated engine inputs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "carecast/config/errors.hpp"
#include "carecast/engine/backtest.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/model.hpp"

namespace carecast::config {

// A `--set [SCENARIO:]key.path=value` from the command line; `value` is parsed as a YAML
// flow node.
struct Override {
  std::string key_path;
  std::string value;
  // The scenario it applies to; empty: every scenario, refused by load_run when the
  // scenarios set the key to different values; "*": every scenario, on purpose.
  std::string scenario{};

  // As given: "[SCENARIO:]key.path=value".
  std::string text() const { return (scenario.empty() ? "" : scenario + ":") + key_path + "=" + value; }
};

// Parses "[SCENARIO:]key.path=value"; throws ConfigError (file "--set #index") when there is
// no '=', the key is empty, or the scenario before ':' is empty.
Override parse_override(const std::string& text, int index);

// What a scenario file says about a scenario for people (all may be empty; reports fall back
// to the name and to `description`).
struct ScenarioText {
  std::string description;
  std::string label_en, label_nb;
  std::string description_en, description_nb;
  std::vector<std::string> overrides;  // the --set texts that changed this scenario, in order
};

// A data file that was read, for the manifest and reports.
struct DataSource {
  std::string role;  // "population", "mortality", "services", ...
  std::string path;  // as resolved on disk
  std::string note;  // the source/licence note given next to it in the base file
};

struct RunConfig {
  std::string scenario_file;  // as given
  std::string base_file;      // resolved against the scenario file's folder
  // Services in services.csv order; professions in first-seen order of staffing_mix.csv.
  engine::BaseData base;
  // In file order; per-service vectors (standard_growth, productivity) follow base.services
  // and are fractions a year.
  std::vector<engine::ScenarioParameters> scenarios;
  std::vector<std::string> descriptions;  // of each scenario, "" when none
  std::vector<ScenarioText> texts;         // of each scenario: labels, descriptions, overrides
  // Resolved configuration (base ⊕ scenario file ⊕ scenario ⊕ --set) as YAML, for the
  // manifest: keys overrides (the --set texts), base (every key but parameters, values as
  // written, data paths relative to the base file) and scenarios (name, description, merged
  // parameters). Keys in schema order, knots by year: the same inputs give the same text,
  // wherever the files lie and whatever path names them (scenario_file and base_file above
  // say where they were; the configuration hash is the SHA-256 of this text).
  std::string resolved_yaml;
  // Names of professions for people, by id (base file key `professions`); ids without an
  // entry are not in the map.
  struct ProfessionLabel {
    std::string en, nb;
  };
  std::map<std::string, ProfessionLabel> profession_labels;
  // Årsverk observed after past base years (base file key data.observed_arsverk; empty
  // without it): what `carecast backtest` compares with.
  std::vector<engine::ObservedArsverk> observed_arsverk;
  // The eight data files in the order population, mortality, fertility, migration, services,
  // use_profiles, staffing_mix, employment_rates; then each distinct projection_file.
  std::vector<DataSource> sources;
  // Where each scenario's values were written, by concrete key path
  // ("parameters.demography.net_migration"): file, line and column (for a --set override
  // "--set #n", line 0) and the value as written; in scenario order.
  struct Written {
    Location where;
    std::string text;
  };
  std::vector<std::map<std::string, Written>> written;
};

// The engine's DomainError (a problem only the projection could find) as the configuration
// error a user reads: ConfigError for a parameter, located where the scenario's value was
// written (the key itself or the nearest enclosing key), DataError for a data problem.
[[noreturn]] void throw_located(const RunConfig& run, const engine::DomainError& error);

// Reads and validates everything: the scenario file, the base file it names, the data
// files, and the overrides (applied after everything else, to every scenario or to the one
// they name; the n-th override's problems are located at "--set #n"). An override without a
// scenario of a key that the scenarios set to different values is refused (it would make
// them equal under their old names); "*:key=value" does that on purpose. `only` (names, from
// `--scenario`) keeps those scenarios, in file order; an unknown name is a ConfigError
// located at "--scenario". Relative data paths are resolved against
// the folder of the file they are written in, so messages name files as "folder/file".
//
// Throws ConfigError listing every problem at once when any YAML file or override is wrong
// (with the data-file problems found on the way, if any), else DataError listing every
// data-file problem at once. Messages read "file:line:col: key.path = value — rule" and are
// sorted by file, line and column (see docs/config-reference.md). Nothing is half-built: on
// error no RunConfig is returned. Engine-facing values are converted to engine units
// (percent a year → fraction a year).
RunConfig load_run(const std::string& scenario_file, const std::vector<Override>& overrides = {},
                   const std::vector<std::string>& only = {});

// load_run on a scenario file held in memory (an HTTP request body, say). `scenario_file` is
// the name problems are located in and the path relative `base:` and data paths are resolved
// against, as if `text` were stored there (the file itself need not exist). YAML or JSON
// (JSON is read as YAML flow style, so its line:column locations hold). Throws what load_run
// throws.
RunConfig load_run_text(const std::string& text, const std::string& scenario_file,
                        const std::vector<Override>& overrides = {});

// engine::project_scenarios on `run` (`threads` as there), with the engine's DomainError
// turned into the located error throw_located throws: what every command that projects a
// configuration calls.
std::vector<engine::ScenarioResult> project(const RunConfig& run, int threads = 0);

// project without the results (a few milliseconds for a national run). `validate` calls it so
// that whatever it accepts runs.
void check_projection(const RunConfig& run);

// load_run, then check_projection, for a `validate` command: throws what load_run
// throws, and what throw_located throws for a scenario the engine cannot project, so that
// whatever validate accepts runs.
void validate_run(const std::string& scenario_file, const std::vector<Override>& overrides = {},
                  const std::vector<std::string>& only = {});

}  // namespace carecast::config
