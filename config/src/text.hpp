// Small text helpers of the configuration layer: locale-free numbers and "unknown …" rules
// (the suggestion itself comes from did_you_mean.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/config/did_you_mean.hpp"

namespace carecast::config::detail {

// "unknown <what> (did you mean 'x'?)", or "unknown <what> (allowed: a, b, c)" when nothing
// is close enough.
std::string unknown_rule(std::string_view what, std::string_view name,
                         const std::vector<std::string>& candidates, std::string_view list_word = "allowed");

// Locale-free parsing of a whole string (std::from_chars). A leading '+' is accepted;
// surrounding blanks are not. parse_number accepts only finite values.
std::optional<double> parse_number(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

// Shortest text that reads back to the same double ("0.5", "1e-06", "2200").
std::string format_number(double value);
// At most `significant` significant digits ("0.98", "1.0000002").
std::string format_number(double value, int significant);

// "3..5, 9" for a sorted list of integers.
std::string ranges_text(const std::vector<int>& values);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace carecast::config::detail
