#include "carecast/output/report/format.hpp"

#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/output/number_format.hpp"

namespace carecast::output::report {
namespace {

// Every number of a report goes through the one grouping routine (number_format.hpp).
std::string grouped(double value, int decimals, std::string_view separator, std::string_view point,
                    std::string_view minus, std::string_view plus) {
  CARECAST_CHECK(std::isfinite(value), "non-finite number in a report");
  return format_grouped(value, decimals, GroupedStyle{separator, point, minus, plus});
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

}  // namespace carecast::output::report
