#include "carecast/output/report/format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "carecast/engine/check.hpp"

namespace carecast::output::report {
namespace {

// Fixed text of |value| and whether it is negative after rounding.
std::string fixed_digits(double value, int decimals, bool& negative) {
  CARECAST_CHECK(decimals >= 0 && decimals <= 10, "decimals out of range");
  CARECAST_CHECK(std::isfinite(value), "non-finite number in a report");
  std::array<char, 340> buffer;
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::abs(value),
                                       std::chars_format::fixed, decimals);
  CARECAST_CHECK(ec == std::errc(), "to_chars buffer too small");
  std::string text(buffer.data(), end);
  negative = value < 0.0 && text.find_first_not_of("0.") != std::string::npos;
  return text;
}

std::string grouped(double value, int decimals, std::string_view separator, std::string_view point,
                    std::string_view minus, std::string_view plus) {
  bool negative = false;
  const std::string text = fixed_digits(value, decimals, negative);
  const std::size_t dot = text.find('.');
  const std::string_view digits = std::string_view(text).substr(0, dot);
  std::string out;
  if (negative) {
    out.append(minus);
  } else if (text.find_first_not_of("0.") != std::string::npos) {
    out.append(plus);
  }
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.append(separator);
    out.push_back(digits[i]);
  }
  if (dot != std::string::npos) {
    out.append(point);
    out.append(text.substr(dot + 1));
  }
  return out;
}

}  // namespace

std::optional<Language> parse_language(std::string_view code) {
  if (code == "nb") return Language::nb;
  if (code == "en") return Language::en;
  return std::nullopt;
}

std::string_view language_code(Language language) { return language == Language::nb ? "nb" : "en"; }

std::string format_human(double value, int decimals, Language language) {
  if (language == Language::nb) return grouped(value, decimals, kNarrowNoBreakSpace, ",", kMinusSign, "");
  return grouped(value, decimals, ",", ".", kMinusSign, "");
}

std::string format_signed(double value, int decimals, Language language) {
  if (language == Language::nb) return grouped(value, decimals, kNarrowNoBreakSpace, ",", kMinusSign, "+");
  return grouped(value, decimals, ",", ".", kMinusSign, "+");
}

std::string format_percent(double fraction, int decimals, Language language) {
  const std::string number = format_human(fraction * 100.0, decimals, language);
  if (language == Language::nb) return number + std::string(kNarrowNoBreakSpace) + "%";
  return number + "%";
}

std::string format_plain(double value, int decimals) { return grouped(value, decimals, "", ".", "-", ""); }

std::string date_text(const std::string& iso_utc, Language language) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  if (iso_utc.size() < 16 || std::sscanf(iso_utc.c_str(), "%4d-%2d-%2dT%2d:%2d", &year, &month, &day, &hour, &minute) != 5 ||
      month < 1 || month > 12) {
    return iso_utc;
  }
  static constexpr std::array<std::string_view, 12> kNb{"januar", "februar", "mars",      "april",   "mai",      "juni",
                                                       "juli",   "august",  "september", "oktober", "november", "desember"};
  static constexpr std::array<std::string_view, 12> kEn{"January", "February", "March",     "April",   "May",      "June",
                                                       "July",    "August",   "September", "October", "November", "December"};
  char clock[8];
  const auto m = std::size_t(month - 1);
  if (language == Language::nb) {
    std::snprintf(clock, sizeof clock, "%02d.%02d", hour, minute);
    return std::to_string(day) + ". " + std::string(kNb[m]) + " " + std::to_string(year) + " kl. " + clock + " UTC";
  }
  std::snprintf(clock, sizeof clock, "%02d:%02d", hour, minute);
  return std::to_string(day) + " " + std::string(kEn[m]) + " " + std::to_string(year) + ", " + clock + " UTC";
}

}  // namespace carecast::output::report
