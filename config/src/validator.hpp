// Stage 2 of the configuration: a merged ConfigNode tree checked against the schema table
// into typed values, every problem collected.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "carecast/config/schema.hpp"
#include "node.hpp"

namespace carecast::config::detail {

// A checked value of one key.
struct Value {
  ValueType type = ValueType::string;
  double number = 0.0;    // number and integer
  long long integer = 0;  // integer
  std::string text;       // string, enumeration, path (resolved against its file's folder)
  std::vector<std::pair<int, double>> knots;  // time path (sorted by year)
  // list, one_or_list, name_map, key_values: the map or sequence itself is `node`; a list's
  // checked items are values of their own (`path[1]`, …); a one_or_list written as a single
  // item is stored as that item (its type is the item's).
  bool constant = false;                      // time path given as a plain number (knots holds one entry)
  int first = 0, last = 0;                    // year range
  const ConfigNode* node = nullptr;
};
using Values = std::map<std::string, Value>;  // by concrete key path

// The schema entry whose path matches a concrete key path (`*` matches any id), or null.
const SchemaEntry* find_entry(const std::vector<SchemaEntry>& schema, const std::string& path);

// True when the validator reported a problem at `key_path` or at a section above it (the key,
// or its section, is written but wrong, and has no value): a reader that needs the key then
// does not report it missing as well.
bool reported_at(const Problems& reported, std::string_view key_path);

// Leaves of the schema (time paths, numbers, …) replace earlier values as a whole when
// configurations are merged; sections and id maps merge key by key.
bool replaced_whole(const std::string& path);

class Validator {
 public:
  // `context` holds values checked earlier (the base keys when checking a scenario's
  // parameters); `ids` the known service ids (null: not known, so not checked).
  Validator(const std::vector<SchemaEntry>& schema, Problems& problems, const Values* context = nullptr,
            const std::vector<std::string>* ids = nullptr);

  // Checks `node` as the section `path` (`pattern` is the schema path, ids replaced by `*`).
  // A child named `skip` is neither checked nor reported.
  void section(const ConfigNode& node, const std::string& path, const std::string& pattern,
               std::string_view skip = {});

  const Values& values() const { return values_; }
  const Value* find(const std::string& path) const;

 private:
  void dispatch(const SchemaEntry& entry, const ConfigNode& node, const std::string& path);
  void id_map(const SchemaEntry& entry, const ConfigNode& node, const std::string& path);
  void list(const SchemaEntry& entry, const ConfigNode& node, const std::string& path);
  void store_container(const SchemaEntry& entry, const ConfigNode& node, const std::string& path);
  bool enough_items(const SchemaEntry& entry, const ConfigNode& node, const std::string& path);
  void leaf(const SchemaEntry& entry, const ConfigNode& node, const std::string& path);
  void time_path(const SchemaEntry& entry, const ConfigNode& node, const std::string& path, Value& value,
                 bool& ok);
  bool in_range(const SchemaEntry& entry, const ConfigNode& node, const std::string& path, double x);
  void unknown_key(const ConfigNode& child, const std::string& path, const std::vector<std::string>& allowed);
  void problem(const Location& where, const std::string& path, const ConfigNode* node, std::string rule);

  const std::vector<SchemaEntry>& schema_;
  Problems& problems_;
  const Values* context_;
  const std::vector<std::string>* ids_;
  std::map<std::string, std::vector<const SchemaEntry*>> children_;  // by parent pattern
  std::map<std::string, const SchemaEntry*> items_;                  // list items (`x[]` rows), by list
  Values values_;
};

}  // namespace carecast::config::detail
