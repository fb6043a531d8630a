#include "carecast/output/report/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "carecast/engine/check.hpp"
#include "carecast/output/number_format.hpp"

namespace carecast::output::report {
namespace {

constexpr double kLargestGrouped = 1e15;
constexpr int kMostDecimals = 17;  // format_grouped's limit

// Every number of a report goes through the one grouping routine (number_format.hpp).
std::string grouped(double value, int decimals, std::string_view separator, std::string_view point,
                    std::string_view minus, std::string_view plus) {
  CARECAST_CHECK(std::isfinite(value), "non-finite number in a report");
  if (value != 0.0 && (std::abs(value) >= kLargestGrouped || decimals > kMostDecimals)) {
    // Beyond any real figure (a quadrillion årsverk or persons), or finer than 17 decimals (a
    // chart's ticks on a share of 1e-19 %): three significant digits and a power of ten,
    // "1.23e20", "1.00e-21", so that tables and chart labels keep their width.
    char text[32];
    std::snprintf(text, sizeof text, "%.2e", std::abs(value));
    std::string out(value < 0.0 ? minus : plus);
    for (const char* c = text; *c; ++c) {
      if (*c == '.') {
        out += point;
      } else if (*c == '+') {
        continue;
      } else {
        out += *c;
      }
    }
    return out;
  }
  return format_grouped(value, std::clamp(decimals, 0, kMostDecimals), GroupedStyle{separator, point, minus, plus});
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
