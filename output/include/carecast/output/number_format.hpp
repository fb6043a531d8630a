// Locale-free number text: round-trip text for machine-readable files, fixed precision for
// tables read by people. Nothing here consults the C or C++ locale, so output is the same
// on every machine.
#pragma once

#include <string>
#include <string_view>

namespace carecast::output {

// The shortest decimal text that reads back (std::from_chars, strtod) as exactly `value`,
// from std::to_chars: 0.1 -> "0.1", 1e+21 -> "1e+21", 292000 -> "292000".
// Negative zero is written "0". Non-finite values give "nan", "inf" or "-inf"; the file
// writers never let those through (a non-finite result is an internal error).
std::string format_number(double value);

// Appends format_number(value) to `out` without a temporary string (hot loop in the writers).
void append_number(std::string& out, double value);

// The thousands separator of report tables: a plain space (U+0020), as in Norwegian
// typography, chosen over the thin space so that columns line up in every terminal and
// the text copies cleanly into a spreadsheet cell.
inline constexpr std::string_view kThousandsSeparator = " ";

// The symbols of a grouped number. Tables in the terminal use the defaults; the reports
// (output/report/format.hpp) write Norwegian and English styles with their own symbols.
struct GroupedStyle {
  std::string_view separator = kThousandsSeparator;  // between groups of three integer digits
  std::string_view point = ".";                      // decimal point
  std::string_view minus = "-";
  std::string_view plus = "";  // before a value that is above zero after rounding ("+" for changes)
};

// Fixed precision with grouped thousands: format_grouped(1234567.891, 1) == "1 234 567.9".
// The one digit-grouping routine of carecast. Rounds half to even on the binary value
// (std::to_chars). A value that rounds to zero is written without a sign. Non-finite values
// give format_number's "nan", "inf" or "-inf". `decimals` must be 0..17.
std::string format_grouped(double value, int decimals, const GroupedStyle& style);
inline std::string format_grouped(double value, int decimals,
                                  std::string_view separator = kThousandsSeparator) {
  return format_grouped(value, decimals, GroupedStyle{.separator = separator});
}

}  // namespace carecast::output
