// The configuration schema: ONE table of every key (path, type, unit, reference value,
// valid range, description) of base, scenario and sweep files. The validator checks files
// against it, the references (docs/config-reference.md, the key table of docs/sweeps.md) are
// generated from it, and sweeps find the scalar scenario parameters in it.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "carecast/engine/model.hpp"

namespace carecast::config {

// The one table of mortality modes, shared by the parser, the reference and the writers.
inline constexpr std::array<std::pair<std::string_view, engine::MortalityMode>, 2> kMortalityModes{{
    {"improvement_rate", engine::MortalityMode::improvement_rate},
    {"life_expectancy", engine::MortalityMode::life_expectancy},
}};
std::string_view mortality_mode_name(engine::MortalityMode mode);
// The tables of healthy-ageing methods and family-care modes and ages (model.hpp), as above.
inline constexpr std::array<std::pair<std::string_view, engine::HealthyAgeingMethod>, 2> kHealthyAgeingMethods{{
    {"mortality_ratio", engine::HealthyAgeingMethod::mortality_ratio},
    {"age_shift", engine::HealthyAgeingMethod::age_shift},
}};
inline constexpr std::array<std::pair<std::string_view, engine::FamilyCareMode>, 2> kFamilyCareModes{{
    {"total_need", engine::FamilyCareMode::total_need},
    {"spillover", engine::FamilyCareMode::spillover},
}};
inline constexpr std::array<std::pair<std::string_view, engine::FamilyCareAges>, 2> kFamilyCareAges{{
    {"all", engine::FamilyCareAges::all},
    {"67+", engine::FamilyCareAges::from_67},
}};
// The name of `value` in one of the tables above ("?" when absent).
template <class Table, class Value>
std::string_view choice_name(const Table& table, Value value) {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return "?";
}

enum class ValueType {
  section,  // a map with the fixed keys listed below it in the table
  id_map,   // a map keyed by ids (service ids); its entries are the `<path>.*` rows
  string,   // non-empty text
  path,     // a file, relative to the file the value is written in (--set: the working directory)
  integer,
  number,       // finite decimal number
  time_path,    // a number (constant) or {year: value, ...}: linear between knots, constant outside
  year_range,   // [first, last], inclusive
  enumeration,  // one of `choices`
  // A sequence. Its items are the `<path>[]` row when the table has one (a number, a name,
  // …), otherwise maps of the `<path>[].key` rows. `min` is the least number of items.
  // Items are numbered from 1 in messages: `uncertain[2].distribution`.
  list,
  one_or_list,  // a list, or a single item written without brackets
  name_map,     // a map keyed by names the user chooses; its entries are the `<path>.*` rows
  key_values,   // a map of `key.path: value` overrides, checked as --set checks them
};
std::string_view value_type_name(ValueType type);

// A range bound: a number or another key's value ("top_age"), inclusive unless `exclusive`.
struct Bound {
  enum class Kind { none, value, key };
  Kind kind = Kind::none;
  double value = 0.0;
  std::string_view key;
  bool exclusive = false;
};

struct SchemaEntry {
  std::string_view path;  // dotted; `*` stands for any id of an id_map
  ValueType type = ValueType::section;
  // Required in the merged configuration (base ⊕ scenario ⊕ --set); in a sweep file, in the
  // file or in each item of the list or map the key belongs to.
  bool required = true;
  std::string_view unit;  // "%/yr", "persons/yr", "" when none
  // The value config/norway.yaml sets, as written there ("" when not documented here); for
  // an optional sweep key, its default.
  std::string_view reference;
  Bound min, max;
  std::vector<std::string_view> choices;  // enumeration values
  std::string_view description;
  // Scalar scenario parameters: stores a value in user units (a percentage for "%/yr") into
  // the engine's struct; `service` is the service index for `parameters.services.*` keys and
  // is ignored otherwise. Null for everything else.
  void (*set)(engine::ScenarioParameters& parameters, std::size_t service, double value) = nullptr;
  // id_map: whose ids key it, "service" (services.csv) or "profession" (staffing_mix.csv).
  std::string_view keyed_by = "service";
};

// The type of one row as the reference and messages name it: value_type_name, except that an
// id_map says whose ids key it ("map by profession id", "map by service id": keyed_by).
std::string entry_type_name(const SchemaEntry& entry);

// Builders for schema rows, shared by every table (base, levers, sweeps).
// Bounds: `closed` includes the value, `exclusive` and `open_key` exclude it; used as min or max.
Bound closed(double value);
Bound exclusive(double value);
Bound closed_key(std::string_view key);
Bound open_key(std::string_view key);
// A map of further keys; `reference` is shown when the map has a documented value ("{}").
SchemaEntry section_entry(std::string_view path, std::string_view description, bool required = true,
                          std::string_view reference = "");
// A data file path (relative to the base file) and the name of its CSV format.
SchemaEntry file_entry(std::string_view path, std::string_view reference, std::string_view format);
// The source note kept next to a data file (copied into the run manifest).
SchemaEntry source_entry(std::string_view path);

// Keys of the base file and of the merged configuration, in documentation order (a key's
// range only refers to keys earlier in the table).
const std::vector<SchemaEntry>& base_schema();
// Keys of a scenario file (`scenarios[].name` for the items of the `scenarios` list).
const std::vector<SchemaEntry>& scenario_file_schema();
// Keys of a sweep file (docs/sweeps.md). `reference` holds the default of an optional key
// (engine::SweepSettings; a test keeps them equal). Ranges that name base_year and end_year
// refer to the scenario file's base data.
const std::vector<SchemaEntry>& sweep_file_schema();

// "[-5, 10]", "(base_year, 2200]", "≥ 0", "" (no range).
std::string range_text(const SchemaEntry& entry);

// The configuration reference in Markdown; docs/config-reference.md is this text (a test
// keeps them equal; regenerate with CARECAST_UPDATE_GOLDEN=1 ctest --preset release -R golden).
std::string reference_markdown();

// The key table of a sweep file in Markdown; docs/sweeps.md holds it between the markers
// below (a test keeps it equal; regenerate as for reference_markdown()).
inline constexpr std::string_view kSweepKeysBegin =
    "<!-- sweep-keys-begin: generated by carecast::config::sweep_reference_markdown() -->";
inline constexpr std::string_view kSweepKeysEnd = "<!-- sweep-keys-end -->";
std::string sweep_reference_markdown();

// A scalar scenario parameter that a sweep may set, with its range resolved for a base
// data set (for example threshold_age ≤ top_age).
struct ScalarParameter {
  std::string path;  // "parameters.productivity_pct", "parameters.services.home_care.productivity_pct"
  std::string unit;
  std::string description;
  double min = 0.0, max = 0.0;  // valid range in user units (±infinity when unbounded)
  bool min_exclusive = false, max_exclusive = false;
  bool integer = false;  // the setter rounds to the nearest integer
  // Stores `value` (user units) in the parameters. Setting a parameter for all services
  // (`parameters.productivity_pct`) overwrites every service's value, per-service overrides
  // included; set the `parameters.services.<id>.…` key after it to keep one (a scenario file
  // applies keys in table order, so there the service's key wins; a sweep's draw of the key
  // for all services sets only the services without a key of their own, the same way).
  std::function<void(engine::ScenarioParameters&, double)> set;

  bool in_range(double value) const;
};

// The key of one service for a key of all services, and back: "parameters.productivity_pct" ↔
// "parameters.services.<id>.productivity_pct", "parameters.levers.capital.gap" ↔
// "parameters.levers.capital.services.<id>.gap" (`services.<id>.` before the last part). Whether
// such a key exists is for the caller to check; all_services_key gives "" for a key without a
// `services.<id>.` part.
std::string service_key(const std::string& all_services_key, const std::string& service);
std::string all_services_key(const std::string& service_key);

// Every scalar scenario parameter, the per-service ones expanded for `base.services`, in
// table order.
std::vector<ScalarParameter> scalar_parameters(const engine::BaseData& base);

// The parameter with this path; throws ConfigError ("unknown parameter (did you mean …?)",
// located at `where`, e.g. "--sweep #1") when there is none.
const ScalarParameter& find_scalar_parameter(const std::vector<ScalarParameter>& parameters,
                                             const std::string& path, const std::string& where);

}  // namespace carecast::config
