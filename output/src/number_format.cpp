#include "carecast/output/number_format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "carecast/engine/check.hpp"

namespace carecast::output {

void append_number(std::string& out, double value) {
  if (value == 0.0) value = 0.0;  // drops the sign of negative zero
  std::array<char, 32> buffer;    // the longest shortest-form double is 24 characters
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  CARECAST_CHECK(ec == std::errc(), "to_chars buffer too small");
  const std::string_view shortest(buffer.data(), std::size_t(end - buffer.data()));
  // Shortest may mean exponent notation (500000 -> "5e+05"): next to "150000" in the same
  // column that reads badly, so ordinary magnitudes get the shortest fixed text instead,
  // which reads back exactly too.
  const double magnitude = std::abs(value);
  // std::find, not find(): a call of memchr for every number was a visible cost of the writers.
  if (std::find(shortest.begin(), shortest.end(), 'e') != shortest.end() && magnitude >= 1e-6 && magnitude < 1e21) {
    std::array<char, 64> fixed;
    const auto [fixed_end, fixed_ec] = std::to_chars(fixed.data(), fixed.data() + fixed.size(), value, std::chars_format::fixed);
    CARECAST_CHECK(fixed_ec == std::errc(), "to_chars buffer too small");
    out.append(fixed.data(), fixed_end);
    return;
  }
  out.append(shortest);
}

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

std::string format_grouped(double value, int decimals, const GroupedStyle& style) {
  CARECAST_CHECK(decimals >= 0 && decimals <= 17, "decimals out of range");
  if (!std::isfinite(value)) return format_number(value);
  // 309 integer digits + point + 17 decimals fit in 340 characters.
  std::array<char, 340> buffer;
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::abs(value),
                                       std::chars_format::fixed, decimals);
  CARECAST_CHECK(ec == std::errc(), "to_chars buffer too small");
  const std::string_view text(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
  const bool nonzero = text.find_first_not_of("0.") != std::string_view::npos;  // after rounding

  const std::size_t point = text.find('.');
  const std::string_view digits = text.substr(0, point);
  std::string out;
  out.reserve(text.size() + text.size() / 3 * style.separator.size() + 8);
  if (nonzero) out.append(value < 0.0 ? style.minus : style.plus);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.append(style.separator);
    out.push_back(digits[i]);
  }
  if (point != std::string_view::npos) {
    out.append(style.point);
    out.append(text.substr(point + 1));
  }
  return out;
}

}  // namespace carecast::output
