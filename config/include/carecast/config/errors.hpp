// User-facing errors of the configuration layer, each carrying every problem found.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace carecast::config {

// Where a value came from. line/column are 1-based; line 0 means "not from a file line"
// (for example a --set override, whose `file` then reads "--set #2").
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

// One broken rule: rendered as "file:line:col: key.path = value — rule".
struct Problem {
  Location where;
  std::string key_path;  // e.g. "parameters.productivity_pct" or, for CSV, the column name
  std::string value;     // as written by the user (empty when the key is missing)
  std::string rule;      // what the value must satisfy, or "unknown key (did you mean …?)"
  std::string format() const;
};

// Of each kind of problem (same file, key and rule up to its numbers) at most this many are
// kept; the next one is replaced by a count of those left out.
inline constexpr std::size_t kMaxProblemsOfAKind = 20;

// Base for located user errors: what() is all problems, one per line, in file order, at
// most kMaxProblemsOfAKind of a kind.
class LocatedError : public std::runtime_error {
 public:
  explicit LocatedError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// A scenario or base YAML file (or a --set override) is wrong. Exit code 3.
class ConfigError : public LocatedError {
 public:
  using LocatedError::LocatedError;
};

// A data file (CSV) is missing, unreadable or wrong. Exit code 4.
class DataError : public LocatedError {
 public:
  using LocatedError::LocatedError;
};

}  // namespace carecast::config
