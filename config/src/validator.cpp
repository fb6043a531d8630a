#include "validator.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "text.hpp"

namespace carecast::config::detail {

namespace {

std::string_view parent_of(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

std::string_view last_of(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

// The folder of the file a value was written in; command-line values are relative to the
// working directory.
std::string resolve_path(const std::string& text, const Location& where) {
  namespace fs = std::filesystem;
  const fs::path path(text);
  if (path.is_absolute() || where.line == 0) return path.lexically_normal().string();
  return (fs::path(where.file).parent_path() / path).lexically_normal().string();
}

constexpr int kFirstKnotYear = 1900, kLastKnotYear = 2200;

}  // namespace

namespace {

// Whether a dotted path matches a schema pattern of as many parts, "*" matching any one part.
// Without splitting into vectors: this runs for every merged map and every key of the
// resolved YAML, against every row of the schema.
bool matches(std::string_view pattern, std::string_view path) {
  while (true) {
    const std::size_t pattern_dot = pattern.find('.');
    const std::size_t path_dot = path.find('.');
    const std::string_view part = pattern.substr(0, pattern_dot);
    if (part != "*" && part != path.substr(0, path_dot)) return false;
    if (pattern_dot == std::string_view::npos || path_dot == std::string_view::npos) return pattern_dot == path_dot;
    pattern.remove_prefix(pattern_dot + 1);
    path.remove_prefix(path_dot + 1);
  }
}

}  // namespace

const SchemaEntry* find_entry(const std::vector<SchemaEntry>& schema, const std::string& path) {
  for (const SchemaEntry& entry : schema) {
    if (matches(entry.path, path)) return &entry;
  }
  return nullptr;
}

bool reported_at(const Problems& reported, std::string_view key_path) {
  return std::any_of(reported.begin(), reported.end(), [&](const Problem& p) {
    const std::string_view at = p.key_path;
    return !at.empty() && key_path.starts_with(at) && (key_path.size() == at.size() || key_path[at.size()] == '.');
  });
}

bool replaced_whole(const std::string& path) {
  const SchemaEntry* entry = find_entry(base_schema(), path);
  return entry && entry->type != ValueType::section && entry->type != ValueType::id_map;
}

Validator::Validator(const std::vector<SchemaEntry>& schema, Problems& problems, const Values* context,
                     const std::vector<std::string>* ids)
    : schema_(schema), problems_(problems), context_(context), ids_(ids) {
  for (const SchemaEntry& entry : schema_) {
    if (entry.path.ends_with("[]")) {
      items_[std::string(entry.path.substr(0, entry.path.size() - 2))] = &entry;
    } else {
      children_[std::string(parent_of(entry.path))].push_back(&entry);
    }
  }
}

const Value* Validator::find(const std::string& path) const {
  if (auto it = values_.find(path); it != values_.end()) return &it->second;
  if (context_) {
    if (auto it = context_->find(path); it != context_->end()) return &it->second;
  }
  return nullptr;
}

void Validator::problem(const Location& where, const std::string& path, const ConfigNode* node,
                        std::string rule) {
  problems_.push_back({where, path, node ? flow_text(*node) : "", std::move(rule)});
}

void Validator::section(const ConfigNode& node, const std::string& path, const std::string& pattern,
                        std::string_view skip) {
  if (!node.is_map()) {
    problem(
        node.where, path, &node,
        node.kind == ConfigNode::Kind::null ? "must be a map (write {} for an empty one)" : "must be a map");
    return;
  }
  const auto& entries = children_[pattern];
  std::vector<std::string> allowed;
  for (const SchemaEntry* entry : entries) allowed.emplace_back(last_of(entry->path));
  for (const ConfigNode& child : node.children) {
    if (child.key == skip) continue;
    if (std::find(allowed.begin(), allowed.end(), child.key) == allowed.end())
      unknown_key(child, path, allowed);
  }
  for (const SchemaEntry* entry : entries) {
    const std::string key(last_of(entry->path));
    if (key == skip) continue;
    const std::string key_path = child_path(path, key);
    if (const ConfigNode* child = node.find(key)) {
      dispatch(*entry, *child, key_path);
    } else if (entry->required) {
      problem(node.where, key_path, nullptr, "required");
    }
  }
}

void Validator::unknown_key(const ConfigNode& child, const std::string& path,
                            const std::vector<std::string>& allowed) {
  std::string key_path = child_path(path, child.key);
  const ConfigNode* shown = &child;
  if (child.key_where.line == 0) {
    // From --set: the user wrote a full path, so suggest a full path. Follow the chain of
    // one-key maps the override built back to the path as written.
    while (shown->is_map() && shown->children.size() == 1 && shown->children.front().key_where.line == 0 &&
           shown->children.front().key_where.file == child.key_where.file) {
      shown = &shown->children.front();
      key_path = child_path(key_path, shown->key);
    }
    std::vector<std::string> paths;
    for (const SchemaEntry& entry : schema_) {
      std::string concrete(entry.path);
      if (concrete.find('*') != std::string::npos) continue;
      paths.push_back(std::move(concrete));
    }
    if (auto suggestion = closest(key_path, paths)) {
      problem(child.key_where, key_path, shown, "unknown key (did you mean '" + *suggestion + "'?)");
      return;
    }
    if (shown != &child) {
      key_path = child_path(path, child.key);
      shown = &child;
    }
  }
  problem(child.key_where, key_path, shown, unknown_rule("key", child.key, allowed));
}

void Validator::dispatch(const SchemaEntry& entry, const ConfigNode& node, const std::string& path) {
  switch (entry.type) {
    case ValueType::section:
      section(node, path, std::string(entry.path));
      break;
    case ValueType::id_map:
      id_map(entry, node, path);
      break;
    case ValueType::name_map:
      id_map(entry, node, path);
      break;
    case ValueType::list:
    case ValueType::one_or_list:
      list(entry, node, path);
      break;
    default:
      leaf(entry, node, path);
  }
}

void Validator::id_map(const SchemaEntry& entry, const ConfigNode& node, const std::string& path) {
  const bool by_id = entry.type == ValueType::id_map;
  if (!node.is_map()) {
    problem(node.where, path, &node,
            node.kind == ConfigNode::Kind::null ? "must be a map (write {} for none)"
            : by_id                             ? "must be a map of " + std::string(entry.keyed_by) + " ids"
                                                : "must be a map of names");
    return;
  }
  if (!enough_items(entry, node, path)) return;
  const std::string pattern = std::string(entry.path) + ".*";
  for (const ConfigNode& child : node.children) {
    const std::string key_path = child_path(path, child.key);
    if (by_id && ids_ && entry.keyed_by == "service" && std::find(ids_->begin(), ids_->end(), child.key) == ids_->end()) {
      problem(child.key_where, key_path, &child, unknown_rule("service", child.key, *ids_, "known"));
      continue;
    }
    section(child, key_path, pattern);
  }
  store_container(entry, node, path);
}

void Validator::store_container(const SchemaEntry& entry, const ConfigNode& node, const std::string& path) {
  Value value;
  value.type = entry.type;
  value.node = &node;
  values_[path] = std::move(value);
}

bool Validator::enough_items(const SchemaEntry& entry, const ConfigNode& node, const std::string& path) {
  if (entry.min.kind != Bound::Kind::value || double(node.children.size()) >= entry.min.value) return true;
  const bool list = node.kind == ConfigNode::Kind::sequence;
  const long long least = std::llround(entry.min.value);
  problem(
      node.where, path, &node,
      "must have at least " + std::to_string(least) + (list ? " item" : " entry") + (least == 1 ? "" : "s"));
  return false;
}

void Validator::list(const SchemaEntry& entry, const ConfigNode& node, const std::string& path) {
  const std::string pattern(entry.path);
  const auto item_at = items_.find(pattern);
  const SchemaEntry* item = item_at == items_.end() ? nullptr : item_at->second;
  if (entry.type == ValueType::one_or_list && node.kind != ConfigNode::Kind::sequence && item) {
    dispatch(*item, node, path);  // one item without brackets
    return;
  }
  if (node.kind != ConfigNode::Kind::sequence) {
    const std::string one = item ? std::string(value_type_name(item->type)) : "map";
    std::string rule = "must be a list of " + one + "s";
    if (entry.type == ValueType::one_or_list) rule = "must be a " + one + " or a list of " + one + "s";
    problem(node.where, path, &node,
            node.kind == ConfigNode::Kind::null ? rule + " (write [] for none)" : rule);
    return;
  }
  if (!enough_items(entry, node, path)) return;
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    const std::string at = item_path(path, i);
    if (item) {
      dispatch(*item, node.children[i], at);
    } else {
      section(node.children[i], at, pattern + "[]");
    }
  }
  store_container(entry, node, path);
}

bool Validator::in_range(const SchemaEntry& entry, const ConfigNode& node, const std::string& path,
                         double x) {
  bool uses_keys = false, ok = true, resolved_all = true;
  auto resolve = [&](const Bound& bound) -> std::optional<double> {
    if (bound.kind == Bound::Kind::value) return bound.value;
    uses_keys = true;
    const Value* value = find(std::string(bound.key));
    if (!value) resolved_all = false;
    return value ? std::optional<double>(value->number) : std::nullopt;
  };
  std::optional<double> low, high;
  if (entry.min.kind != Bound::Kind::none && (low = resolve(entry.min))) {
    ok = ok && (entry.min.exclusive ? x > *low : x >= *low);
  }
  if (entry.max.kind != Bound::Kind::none && (high = resolve(entry.max))) {
    ok = ok && (entry.max.exclusive ? x < *high : x <= *high);
  }
  if (ok) return true;
  const bool both = entry.min.kind != Bound::Kind::none && entry.max.kind != Bound::Kind::none;
  std::string rule = "must be " + std::string(both ? "in " : "") + range_text(entry);
  if (uses_keys && resolved_all) {
    SchemaEntry numeric = entry;
    numeric.min = low ? Bound{Bound::Kind::value, *low, {}, entry.min.exclusive} : Bound{};
    numeric.max = high ? Bound{Bound::Kind::value, *high, {}, entry.max.exclusive} : Bound{};
    rule += " = " + range_text(numeric);
  }
  problem(node.where, path, &node, rule);
  return false;
}

void Validator::leaf(const SchemaEntry& entry, const ConfigNode& node, const std::string& path) {
  Value value;
  value.type = entry.type;
  value.node = &node;
  bool ok = true;
  const bool scalar = node.is_scalar();
  switch (entry.type) {
    case ValueType::string:
    case ValueType::path:
      if (!scalar) {
        problem(node.where, path, &node, "must be a string");
        ok = false;
      } else if (node.scalar.empty()) {
        problem(node.where, path, &node, "must not be empty");
        ok = false;
      } else if (const auto fault = unprintable_text(node.scalar)) {
        problem(node.where, path, &node, *fault);
        ok = false;
      } else {
        value.text = entry.type == ValueType::path ? resolve_path(node.scalar, node.where) : node.scalar;
      }
      break;
    case ValueType::integer: {
      auto parsed = scalar && !node.quoted ? parse_integer(node.scalar) : std::nullopt;
      if (!parsed) {
        problem(node.where, path, &node, "must be an integer");
        ok = false;
        break;
      }
      value.integer = *parsed;
      value.number = double(*parsed);
      ok = in_range(entry, node, path, value.number);
      break;
    }
    case ValueType::number: {
      auto parsed = scalar && !node.quoted ? parse_number(node.scalar) : std::nullopt;
      if (!parsed) {
        problem(node.where, path, &node, "must be a number");
        ok = false;
        break;
      }
      value.number = *parsed;
      ok = in_range(entry, node, path, value.number);
      break;
    }
    case ValueType::enumeration: {
      std::vector<std::string> choices(entry.choices.begin(), entry.choices.end());
      if (scalar && std::find(choices.begin(), choices.end(), node.scalar) != choices.end()) {
        value.text = node.scalar;
        break;
      }
      std::string rule = "must be one of " + join(choices, ", ");
      if (scalar) {
        if (auto suggestion = closest(node.scalar, choices)) rule += " (did you mean '" + *suggestion + "'?)";
      }
      problem(node.where, path, &node, rule);
      ok = false;
      break;
    }
    case ValueType::year_range: {
      if (node.kind != ConfigNode::Kind::sequence || node.children.size() != 2) {
        problem(node.where, path, &node, "must be [first, last], two years");
        ok = false;
        break;
      }
      int years[2] = {0, 0};
      for (int i = 0; i < 2; ++i) {
        const ConfigNode& item = node.children[i];
        const std::string item_at = item_path(path, std::size_t(i));
        auto parsed = item.is_scalar() && !item.quoted ? parse_integer(item.scalar) : std::nullopt;
        if (!parsed) {
          problem(item.where, item_at, &item, "must be an integer year");
          ok = false;
        } else if (!in_range(entry, item, item_at, double(*parsed))) {
          ok = false;
        } else {
          years[i] = static_cast<int>(*parsed);
        }
      }
      if (ok && years[0] > years[1]) {
        problem(node.where, path, &node, "the first year must not be after the last");
        ok = false;
      }
      value.first = years[0];
      value.last = years[1];
      value.number = years[0];
      break;
    }
    case ValueType::time_path:
      time_path(entry, node, path, value, ok);
      break;
    case ValueType::key_values:
      // The values are checked where they are applied (as --set overrides).
      if (!node.is_map()) {
        problem(node.where, path, &node,
                node.kind == ConfigNode::Kind::null ? "must be a map (write {} for none)"
                                                    : "must be a map of key.path: value");
        ok = false;
      }
      break;
    default:
      break;
  }
  if (ok) values_[path] = std::move(value);
}

void Validator::time_path(const SchemaEntry& entry, const ConfigNode& node, const std::string& path,
                          Value& value, bool& ok) {
  if (node.is_scalar()) {
    auto parsed = node.quoted ? std::nullopt : parse_number(node.scalar);
    if (!parsed) {
      problem(node.where, path, &node, "must be a number or a map of year: value knots");
      ok = false;
      return;
    }
    ok = in_range(entry, node, path, *parsed);
    value.constant = true;
    value.knots = {{0, *parsed}};
    return;
  }
  if (!node.is_map()) {
    problem(node.where, path, &node, "must be a number or a map of year: value knots");
    ok = false;
    return;
  }
  if (node.children.empty()) {
    problem(node.where, path, &node, "must have at least one year: value knot");
    ok = false;
    return;
  }
  std::map<int, const ConfigNode*> seen;
  for (const ConfigNode& knot : node.children) {
    const std::string knot_path = child_path(path, knot.key);
    auto year = parse_integer(knot.key);
    if (!year || *year < kFirstKnotYear || *year > kLastKnotYear) {
      problem(knot.key_where, knot_path, &knot,
              "knot years must be integers in [" + std::to_string(kFirstKnotYear) + ", " +
                  std::to_string(kLastKnotYear) + "]");
      ok = false;
      continue;
    }
    const int y = static_cast<int>(*year);
    if (auto [at, inserted] = seen.emplace(y, &knot); !inserted) {
      problem(knot.key_where, knot_path, &knot,
              "duplicate knot year (" + std::to_string(y) + " also at line " +
                  std::to_string(at->second->key_where.line) + ")");
      ok = false;
      continue;
    }
    auto parsed = knot.is_scalar() && !knot.quoted ? parse_number(knot.scalar) : std::nullopt;
    if (!parsed) {
      problem(knot.where, knot_path, &knot, "must be a number");
      ok = false;
      continue;
    }
    if (!in_range(entry, knot, knot_path, *parsed)) {
      ok = false;
      continue;
    }
    value.knots.emplace_back(y, *parsed);
  }
  std::sort(value.knots.begin(), value.knots.end());
}

}  // namespace carecast::config::detail
