// Numbers as people read them, in the report's language. Nothing here consults the C or C++
// locale: the language is a parameter, so output is the same on every machine.
//
//   language  thousands separator             decimal mark  example
//   nb        U+202F narrow no-break space    comma         1 234 567,8   −12,5 %
//   en        comma                           point         1,234,567.8   −12.5%
//
// Negative numbers carry the typographic minus sign U+2212 in both languages (these texts
// are for tables and charts read by people; machine-readable files use report CSV, which
// is locale-free).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace carecast::output::report {

enum class Language { nb, en };

// "nb" or "en"; nothing for anything else.
std::optional<Language> parse_language(std::string_view code);
std::string_view language_code(Language language);

inline constexpr std::string_view kNarrowNoBreakSpace = "\u202F";
inline constexpr std::string_view kMinusSign = "\u2212";

// Fixed `decimals` (0..17; more are written with a power of ten, see below), grouped thousands, the language's decimal mark. A value that
// rounds to zero has no sign. Rounds half to even on the binary value (std::to_chars).
// From 1e15 in magnitude, beyond any real figure of the model, and for non-zero values asked
// with more than 17 decimals (ticks of a scale near 1e-19), every formatter here writes three
// significant digits and a power of ten ("1.23e20", "1,00e-21"), so that absurd assumptions
// still give a report whose tables and chart labels keep their width.
// Throws engine::InternalError for a non-finite value (the engine refuses those).
std::string format_human(double value, int decimals, Language language);

// As format_human, with a leading '+' for positive values (changes, contributions).
std::string format_signed(double value, int decimals, Language language);

// A fraction as a percentage: 0.132 -> "13,2 %" (nb, narrow no-break space before the
// sign) or "13.2%" (en).
std::string format_percent(double fraction, int decimals, Language language);

// "2026-11-30T16:58:16Z" as people read it: "30. november 2026 kl. 16.58 UTC" (nb) or
// "30 November 2026, 16:58 UTC" (en); other text is returned as it is.
std::string date_text(const std::string& iso_utc, Language language);

// A number for a machine-readable table cell: fixed `decimals`, '.' as decimal mark, no
// grouping, '-' for negatives, no sign on a value that rounds to zero.
std::string format_plain(double value, int decimals);

}  // namespace carecast::output::report
