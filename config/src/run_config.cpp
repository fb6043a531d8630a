#include "carecast/config/run_config.hpp"

#include <algorithm>
#include <functional>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>
#include <unordered_map>

#include "carecast/config/schema.hpp"
#include "data_files.hpp"
#include "levers_config.hpp"
#include "regions_config.hpp"
#include "node.hpp"
#include "supply_config.hpp"
#include "text.hpp"
#include "validator.hpp"

namespace carecast::config {

using detail::ConfigNode;
using detail::Problems;
using detail::Value;
using detail::Values;

Override parse_override(const std::string& text, int index) {
  const Location where{"--set #" + std::to_string(index), 0, 0};
  const auto trimmed = [](std::string part) {
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    return part;
  };
  const std::size_t equals = text.find('=');
  std::string key = equals == std::string::npos ? "" : text.substr(0, equals);
  std::string scenario;
  bool targeted = false;
  if (const std::size_t colon = key.find(':'); colon != std::string::npos) {
    targeted = true;
    scenario = trimmed(key.substr(0, colon));
    key = key.substr(colon + 1);
  }
  key = trimmed(key);
  if (equals == std::string::npos || key.empty() || (targeted && scenario.empty())) {
    throw ConfigError({Problem{where, text, "", "must have the form [SCENARIO:]key.path=value"}});
  }
  return Override{key, text.substr(equals + 1), scenario};
}

namespace {

namespace fs = std::filesystem;

struct ScenarioSpec {
  std::string name;
  Location name_where;  // of its name in the scenario file (of the file, line 0, for a one-scenario file)
  std::string description;
  const ConfigNode* parameters = nullptr;  // in the scenario file; null when none
  ScenarioText text;                       // labels and descriptions for people
};

// The labels and descriptions of a scenario (or of a one-scenario file, at the top).
ScenarioText read_texts(const ConfigNode& map, const std::string& path, std::string description,
                        Problems& problems);

struct ScenarioFile {
  std::optional<std::string> base_path;
  const ConfigNode* base_node = nullptr;   // the `base:` value
  ConfigNode base_keys;                    // base-file keys (other than parameters) set in this file
  const ConfigNode* parameters = nullptr;  // shared overrides
  std::vector<ScenarioSpec> scenarios;
};

// Scenario names become parts of file names in reports (charts/attribution_<name>.svg), which
// most file systems hold to 255 bytes.
constexpr std::size_t kMostNameCharacters = 100;

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMostNameCharacters && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

constexpr std::string_view kNameRule =
    "must be non-empty, at most 100 characters, and use only ASCII letters (a-z, A-Z; not æ, ø, å), digits, '.', "
    "'_' and '-'";

// Top-level keys of the base file that a scenario file may also set (all but `parameters`,
// which a scenario file has with the same meaning).
std::vector<std::string> base_root_keys() {
  std::vector<std::string> keys;
  for (const SchemaEntry& entry : base_schema()) {
    if (entry.path.find('.') == std::string_view::npos && entry.path != "parameters")
      keys.emplace_back(entry.path);
  }
  return keys;
}

// Allowed keys of a scenario file at the top (prefix "") or in a scenario ("scenarios[].").
std::vector<std::string> scenario_file_keys(std::string_view prefix) {
  std::vector<std::string> keys;
  for (const SchemaEntry& entry : scenario_file_schema()) {
    if (!entry.path.starts_with(prefix)) continue;
    const std::string_view rest = entry.path.substr(prefix.size());
    if (rest.find('.') == std::string_view::npos && rest.find('[') == std::string_view::npos)
      keys.emplace_back(rest);
  }
  return keys;
}

void check_keys(const ConfigNode& map, const std::string& path, const std::vector<std::string>& allowed,
                Problems& problems) {
  for (const ConfigNode& child : map.children) {
    if (std::find(allowed.begin(), allowed.end(), child.key) == allowed.end()) {
      problems.push_back({child.key_where, detail::child_path(path, child.key), detail::flow_text(child),
                          detail::unknown_rule("key", child.key, allowed)});
    }
  }
}

// A string value (description) or a problem.
std::string optional_text(const ConfigNode& map, const std::string& path, std::string_view key,
                          Problems& problems) {
  const ConfigNode* node = map.find(key);
  if (!node) return "";
  if (!node->is_scalar()) {
    problems.push_back(
        {node->where, detail::child_path(path, key), detail::flow_text(*node), "must be a string"});
    return "";
  }
  if (const auto fault = detail::unprintable_text(node->scalar)) {
    problems.push_back({node->where, detail::child_path(path, key), detail::flow_text(*node), *fault});
    return "";
  }
  return node->scalar;
}

const ConfigNode* optional_map(const ConfigNode& map, const std::string& path, std::string_view key,
                               Problems& problems) {
  const ConfigNode* node = map.find(key);
  if (!node) return nullptr;
  if (!node->is_map()) {
    problems.push_back(
        {node->where, detail::child_path(path, key), detail::flow_text(*node),
         node->kind == ConfigNode::Kind::null ? "must be a map (write {} for none)" : "must be a map"});
    return nullptr;
  }
  return node;
}

ScenarioText read_texts(const ConfigNode& map, const std::string& path, std::string description,
                        Problems& problems) {
  ScenarioText text;
  text.description = std::move(description);
  text.label_en = optional_text(map, path, "label_en", problems);
  text.label_nb = optional_text(map, path, "label_nb", problems);
  text.description_en = optional_text(map, path, "description_en", problems);
  text.description_nb = optional_text(map, path, "description_nb", problems);
  return text;
}

ScenarioFile read_scenario_file(const ConfigNode& root, const std::string& file, Problems& problems) {
  ScenarioFile out;
  if (!root.is_map()) {
    problems.push_back({root.where, "", "", "a scenario file must be a map with at least the key 'base'"});
    return out;
  }
  std::vector<std::string> allowed = scenario_file_keys("");
  const std::vector<std::string> base_keys = base_root_keys();
  allowed.insert(allowed.end(), base_keys.begin(), base_keys.end());
  check_keys(root, "", allowed, problems);
  out.base_keys.kind = ConfigNode::Kind::map;
  out.base_keys.where = root.where;
  for (const ConfigNode& child : root.children) {
    if (std::find(base_keys.begin(), base_keys.end(), child.key) != base_keys.end()) {
      out.base_keys.children.push_back(child);
    }
  }
  if (const ConfigNode* base = root.find("base")) {
    if (!base->is_scalar() || base->scalar.empty()) {
      problems.push_back(
          {base->where, "base", detail::flow_text(*base), "must be the path of the base file"});
    } else {
      const fs::path path(base->scalar);
      out.base_path =
          (path.is_absolute() ? path : fs::path(file).parent_path() / path).lexically_normal().string();
      out.base_node = base;
    }
  } else {
    problems.push_back({root.where, "base", "", "required"});
  }
  optional_text(root, "", "description", problems);
  out.parameters = optional_map(root, "", "parameters", problems);

  const ConfigNode* list = root.find("scenarios");
  if (!list) {
    const std::string stem = fs::path(file).stem().string();
    if (!valid_name(stem)) {
      problems.push_back({root.where, "scenarios", "",
                          "required when the file name ('" + stem + "') is not a valid scenario name (" +
                              std::string(kNameRule) + ")"});
    }
    const std::string description = optional_text(root, "", "description", problems);
    out.scenarios.push_back({stem, Location{file, 0, 0}, description, nullptr, read_texts(root, "", description, problems)});
    return out;
  }
  if (list->kind != ConfigNode::Kind::sequence || list->children.empty()) {
    problems.push_back(
        {list->where, "scenarios", detail::flow_text(*list), "must be a list of at least one scenario"});
    return out;
  }
  const std::vector<std::string> item_keys = scenario_file_keys("scenarios[].");
  std::map<std::string, Location> first_line;
  for (std::size_t i = 0; i < list->children.size(); ++i) {
    const ConfigNode& item = list->children[i];
    const std::string path = detail::item_path("scenarios", i);
    if (!item.is_map()) {
      problems.push_back(
          {item.where, path, detail::flow_text(item), "must be a map with at least the key 'name'"});
      continue;
    }
    check_keys(item, path, item_keys, problems);
    ScenarioSpec spec;
    const ConfigNode* name = item.find("name");
    if (!name) {
      problems.push_back({item.where, path + ".name", "", "required"});
    } else if (!name->is_scalar() || !valid_name(name->scalar)) {
      problems.push_back({name->where, path + ".name",
                          name->scalar.empty() ? "\"\"" : detail::flow_text(*name), std::string(kNameRule)});
    } else if (auto [at, inserted] = first_line.emplace(name->scalar, name->where); !inserted) {
      problems.push_back({name->where, path + ".name", name->scalar,
                          "duplicate scenario name (" + detail::first_at(at->second) + ")"});
    } else {
      spec.name = name->scalar;
      spec.name_where = name->where;
    }
    spec.description = optional_text(item, path, "description", problems);
    spec.text = read_texts(item, path, spec.description, problems);
    spec.parameters = optional_map(item, path, "parameters", problems);
    out.scenarios.push_back(std::move(spec));
  }
  return out;
}

// --set overrides as trees rooted like the configuration, one per override (an empty map for
// a broken one, so that the n-th tree is the n-th override's).
std::vector<ConfigNode> override_trees(const std::vector<Override>& overrides, Problems& problems) {
  std::vector<ConfigNode> trees;
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const Override& override_ = overrides[i];
    const Location where{"--set #" + std::to_string(i + 1), 0, 0};
    std::vector<std::string> keys;
    std::size_t start = 0;
    bool ok = !override_.key_path.empty();
    while (ok) {
      const std::size_t dot = override_.key_path.find('.', start);
      keys.push_back(
          override_.key_path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      ok = !keys.back().empty();
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    ConfigNode empty;
    empty.kind = ConfigNode::Kind::map;
    empty.where = empty.key_where = where;
    if (!ok) {
      problems.push_back(
          {where, override_.key_path, override_.value, "the key path must be keys joined by '.'"});
      trees.push_back(std::move(empty));
      continue;
    }
    auto value = detail::read_yaml_value(override_.value, where, override_.key_path, problems);
    if (!value) {
      trees.push_back(std::move(empty));
      continue;
    }
    ConfigNode node = std::move(*value);
    for (std::size_t k = keys.size(); k-- > 0;) {
      node.key = keys[k];
      ConfigNode parent;
      parent.kind = ConfigNode::Kind::map;
      parent.where = parent.key_where = where;
      parent.children.push_back(std::move(node));
      node = std::move(parent);
    }
    trees.push_back(std::move(node));
  }
  return trees;
}

// The node at a dotted path below `map`, or null.
const ConfigNode* find_path(const ConfigNode* map, std::string_view path) {
  while (map && !path.empty()) {
    const std::size_t dot = path.find('.');
    map = map->is_map() ? map->find(path.substr(0, dot)) : nullptr;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return map;
}

// Checks the targets of the overrides against the scenarios of the file and refuses an
// untargeted override of a key the scenarios set to different values.
void check_override_targets(const std::vector<Override>& overrides, const std::vector<ScenarioSpec>& specs,
                            Problems& problems) {
  std::vector<std::string> names;
  for (const ScenarioSpec& spec : specs) names.push_back(spec.name);
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const Override& set = overrides[i];
    const Location where{"--set #" + std::to_string(i + 1), 0, 0};
    const bool parameter = set.key_path.starts_with("parameters.");
    if (!set.scenario.empty() && set.scenario != "*") {
      if (std::find(names.begin(), names.end(), set.scenario) == names.end()) {
        problems.push_back({where, set.text(), "", detail::unknown_rule("scenario", set.scenario, names, "scenarios of the file")});
      } else if (!parameter) {
        problems.push_back({where, set.text(), "", "only keys under parameters. can be set for one scenario"});
      }
      continue;
    }
    if (!set.scenario.empty() || !parameter || specs.size() < 2) continue;
    const std::string_view below = std::string_view(set.key_path).substr(std::string_view("parameters.").size());
    std::vector<std::string> values;
    for (const ScenarioSpec& spec : specs) {
      const ConfigNode* node = find_path(spec.parameters, below);
      values.push_back(node ? detail::flow_text(*node, 24) : "");
    }
    if (std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values.front(); })) continue;
    std::string listed;
    for (std::size_t s = 0; s < specs.size() && s < 4; ++s) {
      listed += (s == 0 ? "" : ", ") + specs[s].name + ": " + (values[s].empty() ? "(not set)" : values[s]);
    }
    if (specs.size() > 4) listed += ", …";
    problems.push_back({where, set.key_path, set.value,
                        "the scenarios set this key differently (" + listed + "); to change one scenario write --set " +
                            specs.front().name + ":" + set.key_path + "=" + set.value +
                            ", to give every scenario this value write --set '*:" + set.key_path + "=" + set.value + "'"});
  }
}

// The override trees that apply to one scenario (untargeted, "*" or naming it).
std::vector<ConfigNode> trees_for(const std::vector<Override>& overrides, const std::vector<ConfigNode>& trees,
                                  const std::string& scenario) {
  std::vector<ConfigNode> out;
  for (std::size_t i = 0; i < overrides.size() && i < trees.size(); ++i) {
    if (overrides[i].scenario.empty() || overrides[i].scenario == "*" || overrides[i].scenario == scenario) {
      out.push_back(trees[i]);
    }
  }
  return out;
}

void merge(ConfigNode& tree, const ConfigNode& over, const std::string& path) {
  detail::merge_into(tree, over, path, detail::replaced_whole);
}

// base ⊕ the scenario file's base keys ⊕ shared parameters ⊕ scenario parameters ⊕ --set.
ConfigNode merged_tree(const ConfigNode& base, const ConfigNode& base_keys, const ConfigNode* shared,
                       const ConfigNode* own, const std::vector<ConfigNode>& sets) {
  ConfigNode tree = base;
  merge(tree, base_keys, "");
  for (const ConfigNode* parameters : {shared, own}) {
    if (!parameters) continue;
    if (ConfigNode* target = tree.find("parameters")) {
      merge(*target, *parameters, "parameters");
    } else {
      ConfigNode copy = *parameters;
      copy.key = "parameters";
      tree.children.push_back(std::move(copy));
    }
  }
  for (const ConfigNode& set : sets) merge(tree, set, "");
  return tree;
}

const Value* get(const Values& values, const std::string& path) {
  auto it = values.find(path);
  return it == values.end() ? nullptr : &it->second;
}

detail::YearsRef asked_by(const Value& value, const std::string& path) {
  return {value.node->where, path, detail::flow_text(*value.node)};
}

engine::TimePath to_time_path(const Value& value) {
  return value.constant ? engine::TimePath::constant(value.knots.front().second)
                        : engine::TimePath(value.knots);
}

constexpr std::array<std::string_view, 8> kDataRoles{"population",   "mortality",       "fertility",
                                                     "migration",    "services",        "use_profiles",
                                                     "staffing_mix", "employment_rates"};

struct BaseRead {
  engine::BaseData data;
  bool complete = false;  // every part was read
  std::vector<DataSource> sources;
  std::vector<engine::ObservedArsverk> observed;
};

BaseRead read_base(const Values& values, Problems& problems, const Problems& config_problems) {
  BaseRead out;
  engine::BaseData& base = out.data;
  for (std::string_view role : kDataRoles) {
    const std::string prefix = "data." + std::string(role);
    const Value* file = get(values, prefix + ".file");
    const Value* source = get(values, prefix + ".source");
    if (file) out.sources.push_back({std::string(role), file->text, source ? source->text : ""});
  }
  auto file_ref = [&](std::string_view role) -> std::optional<detail::DataFileRef> {
    const std::string key = "data." + std::string(role) + ".file";
    const Value* file = get(values, key);
    if (!file) return std::nullopt;
    return detail::DataFileRef{file->text, file->node->where, key, detail::flow_text(*file->node)};
  };
  const Value* country = get(values, "country");
  const Value* base_year = get(values, "base_year");
  const Value* end_year = get(values, "end_year");
  const Value* top_age = get(values, "top_age");
  const Value* share_anchor = get(values, "economy.share_anchor");
  bool complete = country && base_year && end_year && top_age && share_anchor;
  if (!base_year || !top_age) return out;
  base.country = country ? country->text : "";
  base.base_year = static_cast<int>(base_year->integer);
  base.end_year = end_year ? static_cast<int>(end_year->integer) : 0;
  base.share_anchor = share_anchor ? share_anchor->number : 0.0;
  const Value* anchor_year = get(values, "economy.share_anchor_year");
  base.share_anchor_year = anchor_year ? static_cast<int>(anchor_year->integer) : 0;
  const int top = static_cast<int>(top_age->integer);
  engine::DemographicBase& demography = base.demography;
  demography.top_age = top;

  const Value* jump_off = get(values, "data.population.jump_off_year");
  if (auto file = file_ref("population"); file && jump_off) {
    demography.jump_off_year = static_cast<int>(jump_off->integer);
    // From the base year, or from an earlier year the share of all årsverk is anchored in.
    const bool anchored_earlier = anchor_year && base.share_anchor_year < base.base_year;
    const int first = anchored_earlier ? base.share_anchor_year : base.base_year;
    const std::string need = "needed: every year from " +
                             std::string(anchored_earlier ? "economy.share_anchor_year " : "base_year ") +
                             std::to_string(first) + " to jump_off_year " + std::to_string(demography.jump_off_year);
    // Missing years before the base year are the anchor year's to answer for, the rest the
    // jump-off year's.
    const std::pair<detail::YearsRef, int> early{
        anchored_earlier ? asked_by(*anchor_year, "economy.share_anchor_year") : detail::YearsRef{}, base.base_year};
    auto population = detail::read_population(*file, "population", top, first, demography.jump_off_year,
                                              asked_by(*jump_off, "data.population.jump_off_year"), need, problems,
                                              /*with_year_before=*/true, anchored_earlier ? &early : nullptr);
    if (population) demography.observed_population = std::move(*population);
    complete = complete && population.has_value();
  } else {
    complete = false;
  }

  const Value* mortality_year = get(values, "data.mortality.base_year");
  if (auto file = file_ref("mortality"); file && mortality_year) {
    demography.mortality_base_year = static_cast<int>(mortality_year->integer);
    auto mx = detail::read_mortality(*file, top, demography.mortality_base_year,
                                     asked_by(*mortality_year, "data.mortality.base_year"), problems);
    if (mx) demography.base_mx = std::move(*mx);
    complete = complete && mx.has_value();
    if (const Value* pattern_file = get(values, "data.mortality.decline_pattern_file")) {
      const detail::DataFileRef ref{pattern_file->text, pattern_file->node->where,
                                    "data.mortality.decline_pattern_file", detail::flow_text(*pattern_file->node)};
      auto pattern = detail::read_mortality_decline(ref, top, problems);
      if (pattern) demography.mortality_decline_pattern = std::move(*pattern);
      complete = complete && pattern.has_value();
      const Value* note = get(values, "data.mortality.decline_pattern_source");
      out.sources.push_back({"mortality_decline", pattern_file->text, note ? note->text : ""});
    }
  } else {
    complete = false;
  }

  const Value* schedule_years = get(values, "data.fertility.schedule_years");
  if (auto file = file_ref("fertility"); file && schedule_years) {
    auto schedule =
        detail::read_fertility(*file, top, schedule_years->first, schedule_years->last,
                               asked_by(*schedule_years, "data.fertility.schedule_years"), problems);
    if (schedule) demography.fertility_schedule = std::move(*schedule);
    complete = complete && schedule.has_value();
  } else {
    complete = false;
  }

  const Value* profile_years = get(values, "data.migration.profile_years");
  if (auto file = file_ref("migration"); file && profile_years) {
    auto profile = detail::read_migration(*file, top, profile_years->first, profile_years->last,
                                          asked_by(*profile_years, "data.migration.profile_years"), problems);
    if (profile) demography.migration_profile = std::move(*profile);
    complete = complete && profile.has_value();
  } else {
    complete = false;
  }

  bool have_services = false;
  if (auto file = file_ref("services")) {
    if (auto services = detail::read_services(*file, base.base_year, problems)) {
      base.services = std::move(*services);
      have_services = true;
    }
  }
  complete = complete && have_services;
  if (have_services) {
    if (auto file = file_ref("use_profiles")) {
      complete = detail::read_use_profiles(*file, top, base.services, problems) && complete;
    } else {
      complete = false;
    }
    if (auto file = file_ref("staffing_mix")) {
      auto mix = detail::read_staffing_mix(*file, base.services, problems);
      if (mix) {
        base.professions = std::move(mix->professions);
        base.staffing_mix = std::move(mix->shares);
      }
      complete = complete && mix.has_value();
    } else {
      complete = false;
    }
  }
  if (auto file = file_ref("employment_rates")) {
    auto rates = detail::read_employment_rates(*file, top, problems);
    if (rates) base.employment_rate = std::move(*rates);
    complete = complete && rates.has_value();
  } else {
    complete = false;
  }
  // Equipment data for capital levers (optional; levers_config.cpp).
  complete = detail::read_equipment(values, base, out.sources, problems, config_problems) && complete;
  // Observed årsverk for backtests (optional).
  if (auto file = file_ref("observed_arsverk"); file && !base.services.empty()) {
    auto observed = detail::read_observed_arsverk(*file, base.services, problems);
    if (observed) out.observed = std::move(*observed);
    complete = complete && observed.has_value();
  }
  // County populations when regions are asked for (regions_config.cpp).
  if (complete) complete = detail::read_regions(values, base, out.sources, problems, config_problems);
  // The supply side (optional; supply_config.cpp).
  complete = detail::read_supply(values, base, out.sources, problems) && complete;
  out.complete = complete;
  return out;
}

// The scenario's parameters from its checked values: the scalars through the schema
// table's setters (in table order, so per-service values come after the all-services ones),
// the rest here.
engine::ScenarioParameters build_scenario(const std::string& name, const Values& values,
                                          const engine::BaseData& base) {
  engine::ScenarioParameters p;
  p.name = name;
  p.standard_growth.assign(base.services.size(), 0.0);
  p.productivity.assign(base.services.size(), 0.0);
  for (const SchemaEntry& entry : base_schema()) {
    if (!entry.set) continue;
    const std::string path(entry.path);
    const std::size_t star = path.find('*');
    if (star == std::string::npos) {
      if (const Value* value = get(values, path)) entry.set(p, 0, value->number);
      continue;
    }
    for (std::size_t j = 0; j < base.services.size(); ++j) {
      const std::string concrete = path.substr(0, star) + base.services[j].id + path.substr(star + 1);
      if (const Value* value = get(values, concrete)) entry.set(p, j, value->number);
    }
  }
  engine::DemographicAssumptions& demography = p.demography;
  demography.total_fertility = to_time_path(*get(values, "parameters.demography.total_fertility"));
  demography.net_migration = to_time_path(*get(values, "parameters.demography.net_migration"));
  for (int sex = 0; sex < engine::kSexCount; ++sex) {
    const std::string key =
        "parameters.demography.mortality.life_expectancy." + std::string(engine::kSexNames[sex]);
    demography.life_expectancy[sex] = to_time_path(*get(values, key));
  }
  p.family_care.arsverk = to_time_path(*get(values, "parameters.family_care.arsverk"));
  if (const Value* employment = get(values, "parameters.employment_62_74_pp")) {
    p.employment_62_74_pp = to_time_path(*employment);
  }
  auto choose = [&](const auto& table, const char* key, auto& target) {
    const std::string chosen = get(values, key)->text;
    for (const auto& [choice, value] : table) {
      if (choice == chosen) target = value;
    }
  };
  choose(kMortalityModes, "parameters.demography.mortality.mode", demography.mortality_mode);
  choose(kHealthyAgeingMethods, "parameters.healthy_ageing.method", p.healthy_ageing.method);
  choose(kFamilyCareModes, "parameters.family_care.mode", p.family_care.mode);
  choose(kFamilyCareAges, "parameters.family_care.ages", p.family_care.ages);
  return p;
}

// Sort keys of the resolved YAML: schema order, then knot years, then service order.
// `schema_ranks`: ranks found so far, by key path (every scenario repeats the same paths).
long long key_rank(const std::string& raw_path, const std::string& key, const std::vector<std::string>& service_ids,
                   std::unordered_map<std::string, long long>& schema_ranks) {
  static const std::vector<std::string> top{"overrides", "base", "scenarios"};
  static const std::vector<std::string> item{"name", "description", "parameters"};
  std::string path = raw_path;
  if (path.empty()) {
    auto at = std::find(top.begin(), top.end(), key);
    return at - top.begin();
  }
  if (path.starts_with("scenarios[")) {
    const std::size_t close = path.find(']');
    path = close + 1 < path.size() ? path.substr(close + 2) : "";
    if (path.empty()) return std::find(item.begin(), item.end(), key) - item.begin();
  } else if (path.starts_with("base")) {
    path = path.size() > 4 ? path.substr(5) : "";
  }
  const std::string full = detail::child_path(path, key);
  auto [known, fresh] = schema_ranks.try_emplace(full, -1);
  if (fresh) {
    const auto& schema = base_schema();
    if (const SchemaEntry* entry = detail::find_entry(schema, full)) known->second = entry - schema.data();
  }
  if (known->second >= 0) return known->second;
  if (auto year = detail::parse_integer(key)) return 1'000'000 + *year;
  if (auto at = std::find(service_ids.begin(), service_ids.end(), key); at != service_ids.end()) {
    return 2'000'000 + (at - service_ids.begin());
  }
  return 3'000'000;
}

// Where the files lie (scenario_file, base_file) is not part of it: the same configuration
// named by another path, copied to another machine or POSTed to `carecast serve` gives the
// same text and so the same configuration hash (the manifest lists the paths in keys of its own).
std::string resolved_yaml(const std::vector<Override>& overrides, const ConfigNode& merged_base,
                          const std::vector<ScenarioSpec>& specs, const std::vector<ConfigNode>& trees,
                          const std::vector<std::string>& service_ids) {
  auto scalar = [](std::string key, std::string text) {
    ConfigNode node;
    node.kind = ConfigNode::Kind::scalar;
    node.key = std::move(key);
    node.scalar = std::move(text);
    node.quoted = true;
    return node;
  };
  ConfigNode root;
  root.kind = ConfigNode::Kind::map;
  ConfigNode sets;
  sets.kind = ConfigNode::Kind::sequence;
  sets.key = "overrides";
  sets.flow = overrides.empty();
  for (const Override& override_ : overrides)
    sets.children.push_back(scalar("", override_.text()));
  root.children.push_back(std::move(sets));
  ConfigNode base = merged_base;
  base.key = "base";
  base.flow = false;
  std::erase_if(base.children, [](const ConfigNode& child) { return child.key == "parameters"; });
  root.children.push_back(std::move(base));
  ConfigNode list;
  list.kind = ConfigNode::Kind::sequence;
  list.key = "scenarios";
  for (std::size_t s = 0; s < specs.size(); ++s) {
    ConfigNode item;
    item.kind = ConfigNode::Kind::map;
    item.children.push_back(scalar("name", specs[s].name));
    if (!specs[s].description.empty()) item.children.push_back(scalar("description", specs[s].description));
    if (const ConfigNode* parameters = trees[s].find("parameters")) item.children.push_back(*parameters);
    list.children.push_back(std::move(item));
  }
  root.children.push_back(std::move(list));
  std::unordered_map<std::string, long long> schema_ranks;
  return detail::to_yaml(root, [&](const std::string& path,
                                   const std::string& key) { return key_rank(path, key, service_ids, schema_ranks); }) +
         "\n";
}

// Problems repeat when every scenario's merged tree holds the same mistake; keep one.
Problems unique(Problems problems) {
  Problems out;
  std::set<std::tuple<std::string, int, int, std::string, std::string, std::string>> seen;
  for (Problem& problem : problems) {
    if (seen.emplace(problem.where.file, problem.where.line, problem.where.column, problem.key_path,
                     problem.value, problem.rule)
            .second) {
      out.push_back(std::move(problem));
    }
  }
  return out;
}

// load_run after the scenario file has been read (or failed to be read into `config_problems`).
RunConfig load_parsed(const std::optional<ConfigNode>& scenario_root, const std::string& scenario_file,
                      const std::vector<Override>& overrides, const std::vector<std::string>& only,
                      Problems config_problems) {
  Problems data_problems;
  if (!scenario_root) throw ConfigError(config_problems);
  ScenarioFile file = read_scenario_file(*scenario_root, scenario_file, config_problems);
  if (!only.empty()) {
    std::vector<std::string> names;
    for (const ScenarioSpec& spec : file.scenarios) names.push_back(spec.name);
    for (const std::string& name : only) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        config_problems.push_back({Location{"--scenario", 0, 0}, "scenario", name,
                                   detail::unknown_rule("scenario", name, names, "in " + scenario_file)});
      }
    }
    std::erase_if(file.scenarios, [&](const ScenarioSpec& spec) {
      return std::find(only.begin(), only.end(), spec.name) == only.end();
    });
  }
  check_override_targets(overrides, file.scenarios, config_problems);
  if (!file.base_path) throw ConfigError(unique(config_problems));
  // A directory or named pipe is refused at the key (the open would block on a pipe).
  if (const auto why = detail::not_a_file(*file.base_path)) {
    config_problems.push_back({file.base_node->where, "base", detail::flow_text(*file.base_node),
                               *file.base_path + " " + *why});
    throw ConfigError(unique(config_problems));
  }
  if (!std::ifstream(*file.base_path)) {
    config_problems.push_back({file.base_node->where, "base", detail::flow_text(*file.base_node),
                               "cannot open " + *file.base_path});
    throw ConfigError(unique(config_problems));
  }
  const auto base_root = detail::read_yaml_file(*file.base_path, config_problems);
  if (!base_root) throw ConfigError(unique(config_problems));
  if (!base_root->is_map()) {
    config_problems.push_back(
        {base_root->where, "", "", "a base file must be a map of the keys in the reference"});
    throw ConfigError(unique(config_problems));
  }
  const std::vector<ConfigNode> sets = override_trees(overrides, config_problems);

  // The keys outside `parameters` are the same in every scenario: check them and read the
  // data once.
  const ConfigNode merged_base = merged_tree(*base_root, file.base_keys, file.parameters, nullptr, trees_for(overrides, sets, ""));
  detail::Validator base_check(base_schema(), config_problems);
  base_check.section(merged_base, "", "", "parameters");
  const Values& base_values = base_check.values();
  BaseRead base = read_base(base_values, data_problems, config_problems);
  std::vector<std::string> service_ids;
  for (const auto& service : base.data.services) service_ids.push_back(service.id);
  const bool services_known = !base.data.services.empty();

  RunConfig run;
  run.scenario_file = scenario_file;
  run.base_file = *file.base_path;
  run.sources = base.sources;
  std::vector<ConfigNode> trees;
  trees.reserve(file.scenarios.size());  // checked values point into the trees
  std::map<std::string, std::optional<std::map<int, engine::AgeSexArray>>> projections;  // read once per file
  for (const ScenarioSpec& spec : file.scenarios) {
    trees.push_back(merged_tree(*base_root, file.base_keys, file.parameters, spec.parameters, trees_for(overrides, sets, spec.name)));
    const ConfigNode& tree = trees.back();
    detail::Validator check(base_schema(), config_problems, &base_values,
                            services_known ? &service_ids : nullptr);
    if (const ConfigNode* parameters = tree.find("parameters")) {
      // parameters.levers is checked by read_levers below (its maps are keyed by lever names).
      check.section(*parameters, "parameters", "parameters", "levers");
    } else {
      config_problems.push_back({tree.where, "parameters", "", "required"});
    }
    const Values& values = check.values();
    // Build only from a fully checked scenario on complete base data.
    const bool checked =
        std::all_of(base_schema().begin(), base_schema().end(), [&](const SchemaEntry& entry) {
          // Levers and the supply side are optional sections (their keys are required inside them).
          return !entry.path.starts_with("parameters.") || entry.path.starts_with("parameters.levers") ||
                 entry.path.starts_with("parameters.supply") ||
                 !entry.required ||
                 entry.type == ValueType::section || entry.type == ValueType::id_map ||
                 get(values, std::string(entry.path));
        });
    // Equipment levers (levers_config.cpp), checked whenever the base data are complete.
    engine::ScenarioParameters with_levers;
    if (base.complete) {
      const ConfigNode* parameters = tree.find("parameters");
      detail::read_levers(parameters ? parameters->find("levers") : nullptr, base_values, base.data, with_levers,
                          config_problems);
    }
    if (base.complete) detail::check_supply_parameters(values, base.data, config_problems);
    if (!checked || !base.complete || spec.name.empty()) continue;
    engine::ScenarioParameters parameters = build_scenario(spec.name, values, base.data);
    parameters.levers = std::move(with_levers.levers);
    if (const Value* projection = get(values, "parameters.demography.projection_file")) {
      auto [at, inserted] = projections.try_emplace(projection->text);
      if (inserted) {
        const int first = base.data.demography.jump_off_year + 1, last = base.data.end_year;
        const detail::DataFileRef ref{projection->text, projection->node->where,
                                      "parameters.demography.projection_file",
                                      detail::flow_text(*projection->node)};
        at->second =
            detail::read_population(ref, "projection_file", base.data.demography.top_age, first, last,
                                    asked_by(*projection, "parameters.demography.projection_file"),
                                    "needed: every year from jump_off_year + 1 = " + std::to_string(first) +
                                        " to end_year " + std::to_string(last),
                                    data_problems);
        run.sources.push_back({"projection_file", projection->text, "scenario " + spec.name});
      }
      if (at->second) parameters.demography.external_population = *at->second;
    }
    run.scenarios.push_back(std::move(parameters));
    run.descriptions.push_back(spec.description);
    std::map<std::string, RunConfig::Written>& written = run.written.emplace_back();
    for (const auto& [path, value] : values) {
      if (value.node) written[path] = {value.node->where, detail::flow_text(*value.node)};
    }
    // The levers (read by read_levers, not in `values`): every key, a lever at its name.
    if (const ConfigNode* section = tree.find("parameters"); section && section->find("levers")) {
      std::function<void(const ConfigNode&, const std::string&)> note = [&](const ConfigNode& node, const std::string& path) {
        // A map (a lever, a section) at its key, without its whole text as the value.
        written[path] = {node.is_map() ? node.key_where : node.where, node.is_map() ? "" : detail::flow_text(node)};
        for (std::size_t i = 0; i < node.children.size(); ++i) {
          const ConfigNode& child = node.children[i];
          note(child, node.is_map() ? detail::child_path(path, child.key) : detail::item_path(path, i));
        }
      };
      note(*section->find("levers"), "parameters.levers");
    }
    // Where the scenario is written: problems of no one key (a share above 100 %) are located there.
    written[""] = {spec.name_where, spec.name};
    ScenarioText text = spec.text;
    for (const Override& set : overrides) {
      if (set.scenario.empty() || set.scenario == "*" || set.scenario == spec.name) text.overrides.push_back(set.key_path + "=" + set.value);
    }
    run.texts.push_back(std::move(text));
  }

  // Profession names: ids must be professions of the staffing mix.
  if (const ConfigNode* professions = merged_base.find("professions"); professions && professions->is_map()) {
    for (const ConfigNode& profession : professions->children) {
      const auto& known = base.data.professions;
      if (base.complete && std::find(known.begin(), known.end(), profession.key) == known.end()) {
        config_problems.push_back({profession.key_where, "professions." + profession.key, detail::flow_text(profession),
                                   detail::unknown_rule("profession", profession.key, known, "in staffing_mix")});
        continue;
      }
      RunConfig::ProfessionLabel& label = run.profession_labels[profession.key];
      if (const ConfigNode* en = profession.find("label_en"); en && en->is_scalar()) label.en = en->scalar;
      if (const ConfigNode* nb = profession.find("label_nb"); nb && nb->is_scalar()) label.nb = nb->scalar;
    }
  }

  if (!config_problems.empty()) {
    // Data problems found on the way are reported too, so one run shows everything.
    config_problems.insert(config_problems.end(), data_problems.begin(), data_problems.end());
    throw ConfigError(unique(config_problems));
  }
  if (!data_problems.empty()) throw DataError(unique(data_problems));

  run.base = std::move(base.data);
  run.observed_arsverk = std::move(base.observed);
  run.resolved_yaml = resolved_yaml(overrides, merged_base, file.scenarios, trees, service_ids);
  return run;
}

}  // namespace

RunConfig load_run(const std::string& scenario_file, const std::vector<Override>& overrides,
                   const std::vector<std::string>& only) {
  Problems problems;
  const auto root = detail::read_yaml_file(scenario_file, problems);
  return load_parsed(root, scenario_file, overrides, only, std::move(problems));
}

RunConfig load_run_text(const std::string& text, const std::string& scenario_file,
                        const std::vector<Override>& overrides) {
  Problems problems;
  const auto root = detail::read_yaml_text(text, scenario_file, problems);
  return load_parsed(root, scenario_file, overrides, {}, std::move(problems));
}

std::vector<engine::ScenarioResult> project(const RunConfig& run, int threads) {
  try {
    return engine::project_scenarios(run.base, run.scenarios, threads);
  } catch (const engine::DomainError& error) {
    throw_located(run, error);
  }
}

void check_projection(const RunConfig& run) { (void)project(run); }

void validate_run(const std::string& scenario_file, const std::vector<Override>& overrides,
                  const std::vector<std::string>& only) {
  check_projection(load_run(scenario_file, overrides, only));
}

void throw_located(const RunConfig& run, const engine::DomainError& error) {
  Problem problem;
  problem.where.file = run.scenario_file;
  problem.rule = error.rule();
  if (error.kind() == engine::DomainError::Kind::data) {
    for (const DataSource& source : run.sources) {
      if (source.role == error.key()) problem.where.file = source.path;
    }
    problem.rule = error.scenario().empty() ? error.rule() : "scenario '" + error.scenario() + "': " + error.rule();
    throw DataError({problem});
  }
  std::size_t scenario = 0;
  while (scenario < run.scenarios.size() && run.scenarios[scenario].name != error.scenario()) ++scenario;
  if (!error.scenario().empty()) problem.rule = "scenario '" + error.scenario() + "': " + problem.rule;
  problem.key_path = error.key_path();
  problem.value = error.value();
  if (scenario < run.written.size() && error.key().empty()) {
    // A problem of the whole scenario (the assumptions together): at its name.
    if (auto found = run.written[scenario].find(""); found != run.written[scenario].end()) problem.where = found->second.where;
  } else if (scenario < run.written.size()) {
    // The key itself, the key for all services where one service's is not written (the
    // engine names the service's), or the nearest enclosing key written as one value (a map
    // of sexes …).
    const auto& written = run.written[scenario];
    std::string start = error.key_path();
    if (const std::string all = all_services_key(start); !all.empty() && !written.count(start) && written.count(all)) {
      start = all;
    }
    for (std::string path = start; !path.empty();) {
      const auto found = written.find(path);
      if (found != written.end()) {
        // A value the configuration led to but did not write (a capital gap from
        // gap_from_age) is not the written key's: named as the engine found it, unlocated.
        const auto said = detail::parse_number(error.value()), wrote = detail::parse_number(found->second.text);
        if (said && wrote && *said != *wrote) break;
        // The value as the user wrote it (the rule says which year's value is the problem);
        // for a map written in parts (a lever) its key, with the engine's value.
        problem.where = found->second.where;
        if (!found->second.text.empty()) {
          problem.value = found->second.text;
          problem.key_path = path;
        }
        break;
      }
      const auto dot = path.rfind('.');
      path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
  }
  throw ConfigError({problem});
}

}  // namespace carecast::config
