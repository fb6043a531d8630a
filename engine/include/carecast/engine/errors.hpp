// Typed errors of the engine that a user can cause (STYLE.md §5).
//
// The configuration layer refuses what it can see (ranges, types, unknown keys). Some
// assumptions are only known to be impossible once the projection runs: a life expectancy
// that no death-rate schedule reachable from the base year gives, a population that cannot
// supply the emigration asked of it, an indicator pushed out of its domain. The engine
// reports those as DomainError, naming the parameter, its value and the rule; the CLI maps
// a parameter problem to exit code 3 (with the file, line and column where the key is set,
// when it is set in a file) and a data problem to exit code 4. Broken invariants inside the
// engine stay InternalError (check.hpp, exit 5).
#pragma once

#include <stdexcept>
#include <string>

namespace carecast::engine {

class DomainError : public std::runtime_error {
 public:
  enum class Kind {
    parameter,  // a scenario parameter: `key` is its path under `parameters.` ("demography.net_migration")
    data,       // a base data set: `key` names the data role ("use_profiles")
  };
  DomainError(Kind kind, std::string key, std::string value, std::string rule, std::string scenario = {});

  Kind kind() const { return kind_; }
  const std::string& key() const { return key_; }      // see Kind
  const std::string& value() const { return value_; }  // as text, "" when there is no single value
  const std::string& rule() const { return rule_; }
  const std::string& scenario() const { return scenario_; }  // "" when not known
  // The key as written in a scenario file: "parameters.<key>" for parameters, the data
  // role for data.
  std::string key_path() const;
  // A copy naming the scenario the problem arose in.
  DomainError in_scenario(const std::string& scenario) const;

 private:
  Kind kind_;
  std::string key_, value_, rule_, scenario_;
};

// Formats a number for a message: shortest round-trip text ("120", "0.005", "-300000"; 0 for −0).
std::string format_value(double value);

}  // namespace carecast::engine
