// Loading a sweep file (Monte Carlo sensitivity sweep, docs/sweeps.md) into validated engine
// inputs: the scenarios of the scenario file it names, the uncertain parameters with their
// distributions and setters, and the sweep settings.
//
// The keys are rows of the schema table (sweep_file_schema(), schema.hpp), checked by the
// same validator as base and scenario files. Every problem is reported at once with its
// location, `file:line:col: key.path = value — rule`, unknown keys with a "did you mean"; a
// scenario-file problem is reported as load_run reports it (together with the sweep file's),
// and a problem in a population variant's values at the variant's line in the sweep file.
#pragma once

#include "carecast/config/errors.hpp"
#include "carecast/config/run_config.hpp"
#include "carecast/engine/sweep.hpp"

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carecast::config {

// The most draws a sweep may have: the sweep file's `draws` and the --draws option.
inline constexpr long long kMaxSweepDraws = 1000000000000;

// How a drawn value changes what a key holds. Scalar keys take the value; time paths
// (fertility, life expectancy, migration, family care) are transformed.
enum class SweepApply { value, scale, shift, end_value, path_to, constant };
inline constexpr std::array<std::pair<std::string_view, SweepApply>, 6> kSweepApplyModes{{
    {"value", SweepApply::value},          // scalar keys: the value itself (user units)
    {"scale", SweepApply::scale},          // time paths: every knot × value
    {"shift", SweepApply::shift},          // time paths: every knot + value
    {"end_value", SweepApply::end_value},  // time paths: the last knot's value becomes the value
    {"path_to", SweepApply::path_to},      // time paths: linear from the base-year value to the value in `year`
    {"constant", SweepApply::constant},    // time paths: the value in every year
}};
std::string_view sweep_apply_name(SweepApply mode);

// What a parameter of the sweep is, for manifests and `--draw`.
struct SweepParameterInfo {
  std::string name;
  std::vector<std::string> keys;  // key paths it sets (empty for a choice: see alternatives)
  SweepApply apply = SweepApply::value;
  int year = 0;  // path_to: the year the value is reached
  std::string unit;
  // For people, in reports (optional keys of the sweep file; empty when not given).
  std::string label_en, label_nb, description_en, description_nb;
  // choice: per alternative, the key paths and values it sets ("key.path=value")
  std::vector<std::vector<std::string>> alternative_sets;
  // choice: per alternative, the keys of the single values it sets (a map written for a section
  // counted by its values: `parameters.services.home_care: {productivity_pct: 1}` sets
  // `parameters.services.home_care.productivity_pct`)
  std::vector<std::vector<std::string>> alternative_keys;
  Location where;  // of its `distribution` in the sweep file (for messages about its draws)
};

struct SweepConfig {
  std::string sweep_file;
  std::string description;
  RunConfig run;  // base data and the scenarios swept (from `scenario_file`)
  std::vector<engine::SweepParameter> parameters;
  std::vector<SweepParameterInfo> info;  // per parameter
  engine::SweepSettings settings;
  std::vector<std::string> threshold_quantities;  // per threshold: "indicator.share_of_all_arsverk", …
  // Data files only a variant reads (an alternative's projection_file), as resolved on disk;
  // their contents enter sweep_fingerprint like those of run.sources.
  std::vector<DataSource> variant_sources;
};

// Whether `file` looks like a sweep file rather than a scenario file: a map with no `base`
// and one of scenario_file, uncertain, draws or report_years. False when it cannot be read
// (load_run then reports why). For `carecast validate`, which takes either.
bool is_sweep_file(const std::string& file);

// Reads and validates the sweep file and the scenario file it names (with `overrides`
// applied to the scenario file as in `carecast run`). Throws ConfigError (every YAML problem
// at once) or DataError.
SweepConfig load_sweep(const std::string& sweep_file, const std::vector<Override>& overrides = {});

// A draw the projection refused (engine::DomainError from the sweep's runs, an
// engine::SweepRunError with the run's values) as a located problem, thrown as ConfigError
// (exit 3): at the `distribution` of the last uncertain parameter that acts on the key the
// engine names in that run (parameters act in the order listed), or on a key above or below it,
// or on the key for all services where the scenario gives the named service no value of its
// own; a choice acts through the alternative drawn. Else at the sweep file without a line.
// The engine's text (which run, its values, the rule) is kept, with the scenario's name when
// the sweep has several. A data problem is thrown as throw_located puts it.
[[noreturn]] void throw_located_draw(const SweepConfig& sweep, const engine::DomainError& error);

// Names of the output quantities of a sweep, in SweepLayout column order: "service.<id>",
// "total", "profession.<id>", "indicator.<name>", "gap.<id>"; then, with regions, in
// RegionalLayout column order "region.<region>.<service id | total | population | …>".
// A threshold's column is its quantity's position here (SweepThreshold).
std::vector<std::string> sweep_quantities(const engine::SweepLayout& layout,
                                          const engine::RegionalLayout& regional = {});

// The sweep as run (settings after command-line changes, parameters with distributions and
// random streams) followed by the scenario configuration, as deterministic YAML for the
// manifest; its hash is the sweep's fingerprint. No file's path is in it (the manifest and
// parts keep sweep_file, scenario_file and base_file apart), so shards run from checkouts at
// different places on a cluster's nodes merge.
std::string sweep_resolved_yaml(const SweepConfig& sweep);
std::uint64_t sweep_fingerprint(const SweepConfig& sweep);

}  // namespace carecast::config
