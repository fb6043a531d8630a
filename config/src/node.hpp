// Stage 1 of the configuration: YAML read into carecast's own tree, every value keeping
// where it was written. yaml-cpp stays inside node.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/config/errors.hpp"

namespace carecast::config::detail {

using Problems = std::vector<Problem>;

struct ConfigNode {
  enum class Kind { null, scalar, map, sequence };
  Kind kind = Kind::null;
  std::string key;                   // key in the parent map ("" for sequence items and roots)
  std::string scalar;                // text as written, for scalars
  bool quoted = false;               // the scalar was quoted, so it is a string whatever it reads like
  bool flow = false;                 // written in flow style ({...} or [...]); kept when dumping
  std::vector<ConfigNode> children;  // map entries in file order (keys unique), or sequence items
  Location where;                    // of the value (for an empty value: of its key)
  Location key_where;                // of the key in the parent map (== where for items and roots)

  bool is_map() const { return kind == Kind::map; }
  bool is_scalar() const { return kind == Kind::scalar; }
  const ConfigNode* find(std::string_view child_key) const;
  ConfigNode* find(std::string_view child_key);
};

// Reads one YAML document. Returns nullopt (with a located problem) when the file cannot be
// opened or is not valid YAML. Duplicate keys are reported and the first one kept.
std::optional<ConfigNode> read_yaml_file(const std::string& path, Problems& problems);

// read_yaml_file on text already in memory; problems are located in `name` as if it were the file.
std::optional<ConfigNode> read_yaml_text(const std::string& text, const std::string& name, Problems& problems);

// Parses a YAML flow value given on the command line; every node is located at `origin`.
// On a syntax error adds a problem (key `key_path`, value `text`) and returns nullopt.
std::optional<ConfigNode> read_yaml_value(const std::string& text, const Location& origin,
                                          const std::string& key_path, Problems& problems);

// One-line rendering for messages: scalars as written, maps as {k: v, ...}, sequences as
// [a, b]; longer than `max_length` characters it is cut with "…".
std::string flow_text(const ConfigNode& node, std::size_t max_length = 60);

// Merges `over` into `base`: maps merge key by key, anything else replaces. A map whose key
// path `replace_whole(path)` accepts (a time path, say) is replaced as a whole too.
void merge_into(ConfigNode& base, const ConfigNode& over, const std::string& path,
                const std::function<bool(const std::string&)>& replace_whole);

// Deterministic YAML text of a node (block style, flow where the source used flow);
// `order(path, key)` ranks map keys (lower first; ties by key text).
using KeyRank = std::function<long long(const std::string& path, const std::string& key)>;
std::string to_yaml(const ConfigNode& node, const KeyRank& order, const std::string& path = "");

std::string child_path(const std::string& path, std::string_view key);
// The path of a list's item in messages, numbered from 1 as people count: item_path("x", 0) is "x[1]".
std::string item_path(const std::string& path, std::size_t index);

}  // namespace carecast::config::detail
