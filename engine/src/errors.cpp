#include "carecast/engine/errors.hpp"

#include <charconv>
#include <cmath>
#include <utility>

namespace carecast::engine {
namespace {

std::string message(DomainError::Kind kind, const std::string& key, const std::string& value, const std::string& rule,
                    const std::string& scenario) {
  std::string text = scenario.empty() ? "" : "scenario '" + scenario + "': ";
  if (key.empty()) return text + rule;
  text += kind == DomainError::Kind::parameter ? "parameters." + key : key;
  if (!value.empty()) text += " = " + value;
  return text + " — " + rule;
}

}  // namespace

DomainError::DomainError(Kind kind, std::string key, std::string value, std::string rule, std::string scenario)
    : std::runtime_error(message(kind, key, value, rule, scenario)),
      kind_(kind),
      key_(std::move(key)),
      value_(std::move(value)),
      rule_(std::move(rule)),
      scenario_(std::move(scenario)) {}

std::string DomainError::key_path() const {
  return kind_ == Kind::parameter && !key_.empty() ? "parameters." + key_ : key_;
}

DomainError DomainError::in_scenario(const std::string& scenario) const {
  return DomainError(kind_, key_, value_, rule_, scenario);
}

std::string format_value(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0.0) value = 0.0;  // −0 (a rounded −0.04, a negated 0) reads as 0 in messages
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace carecast::engine
