#include "text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace carecast::config {

std::size_t levenshtein(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() >= 3) {
    for (const std::string& candidate : candidates) {
      if (candidate.size() > name.size() && candidate.ends_with(name) &&
          candidate[candidate.size() - name.size() - 1] == '.')
        return candidate;
    }
  }
  std::vector<const std::string*> extensions;  // candidates that start with `name`
  for (const std::string& candidate : candidates) {
    if (candidate.size() > name.size() && candidate.starts_with(name)) extensions.push_back(&candidate);
  }
  if (extensions.size() == 1 && name.size() >= 3) return *extensions.front();
  std::optional<std::string> best;
  std::size_t best_distance = std::min<std::size_t>(4, name.size());
  for (const std::string& candidate : candidates) {
    const std::size_t distance = levenshtein(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best) return best;
  if (!extensions.empty() && name.size() >= 4) return *extensions.front();
  return std::nullopt;
}

}  // namespace carecast::config

namespace carecast::config::detail {

std::string unknown_rule(std::string_view what, std::string_view name,
                         const std::vector<std::string>& candidates, std::string_view list_word) {
  std::string rule = "unknown " + std::string(what);
  if (auto suggestion = closest(name, candidates)) return rule + " (did you mean '" + *suggestion + "'?)";
  if (candidates.empty()) return rule;
  return rule + " (" + std::string(list_word) + ": " + join(candidates, ", ") + ")";
}

namespace {
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  return text;
}
}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = without_plus(text);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  text = without_plus(text);
  if (text.empty()) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return "?";
  return std::string(buffer, end);
}

std::string format_number(double value, int significant) {
  char buffer[64];
  auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, significant);
  if (error != std::errc()) return "?";
  return std::string(buffer, end);
}

std::string ranges_text(const std::vector<int>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    if (!text.empty()) text += ", ";
    text += std::to_string(values[i]);
    if (j > i) text += ".." + std::to_string(values[j]);
    i = j + 1;
  }
  return text;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += separator;
    text += parts[i];
  }
  return text;
}

}  // namespace carecast::config::detail
