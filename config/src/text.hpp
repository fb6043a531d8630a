// Small text helpers of the configuration layer: reading input files (size limit, UTF-8),
// locale-free numbers and "unknown …" rules (the suggestion itself comes from did_you_mean.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/config/did_you_mean.hpp"
#include "carecast/config/errors.hpp"

namespace carecast::config::detail {

// Upper bounds on input files, far above any real one (the Norway YAML files are a few KB,
// the largest table 50 KB). They keep a wrong file (a log, a database dump) from being read
// into memory and parsed before anything is said.
inline constexpr std::size_t kMaxYamlBytes = std::size_t(1) << 20;  // 1 MiB
inline constexpr std::size_t kMaxCsvBytes = std::size_t(64) << 20;  // 64 MiB
// The sizes a number in a data file may have besides 0. No count of persons, rate or amount in
// NOK that carecast reads comes near either bound (the bundled data span 1e-5 to 3e10); outside
// them the projection's products and sums leave double precision (overflow to infinity or
// underflow to 0 in a death rate, a stock or a calibration factor), so a data file's value
// there is refused where it is read, with its file, line and column.
inline constexpr double kSmallestDataNumber = 1e-300, kLargestDataNumber = 1e15;

// The first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF); line and column are 1-based and
// the column counts characters, like every other location in carecast.
struct InvalidUtf8 {
  std::size_t offset = 0;
  int line = 1;
  int column = 1;
  unsigned char byte = 0;
};
std::optional<InvalidUtf8> find_invalid_utf8(std::string_view text);
// "0xF8"
std::string hex_byte(unsigned char byte);
// Why a text value of a configuration (a label, a description, a name) cannot go into the
// reports, or nullopt when it can: the first character that XML 1.0 (the workbook's parts,
// the SVG charts) and HTML do not allow, i.e. a control character other than tab, line feed
// and carriage return (U+0000-U+001F, U+007F-U+009F), a noncharacter U+FFFE or U+FFFF, or
// bytes that are not UTF-8. The whole rule: "holds U+0001, a control character, as character 2:
// reports (HTML, the workbook's XML, SVG charts) cannot hold it". Also a text longer than
// kMostTextCharacters: "is 40000 characters long; a text may have at most 8000 (…)".
std::optional<std::string> unprintable_text(std::string_view text);
// `text` cut to at most `max_length` bytes on a UTF-8 character boundary, with "…" when cut:
// how messages show a long value.
std::string shortened(std::string text, std::size_t max_length);
// At most four bytes a character in UTF-8, so 8 000 characters fit the 32 767 bytes of a cell
// of the report's workbook (libxlsxwriter refuses a longer string).
inline constexpr int kMostTextCharacters = 8000;

// Why `path` is no input file, or nullopt when it is one or does not exist: "is a directory,
// not a file", or not a regular file (a named pipe would block the open until something writes
// to it). Callers that know where the path was written locate the problem there.
std::optional<std::string> not_a_file(const std::string& path);
enum class ReadResult { ok, cannot_open, refused };
// Reads a whole input file into `text`. `cannot_open` adds no problem (the caller knows
// where the file was named); `refused` adds one located problem: a directory, a file over
// `max_bytes`, or bytes that are not UTF-8 ("file:3:7: not valid UTF-8 (byte 0xF8); save the
// file as UTF-8").
ReadResult read_text_file(const std::string& path, std::size_t max_bytes, std::string& text,
                          std::vector<Problem>& problems);
// The checks read_text_file makes, for text that did not come from a file (an HTTP body):
// at most `max_bytes`, valid UTF-8. False after adding one problem located in `name`.
bool check_text(const std::string& name, std::string_view text, std::size_t max_bytes, std::vector<Problem>& problems);

// "unknown <what> (did you mean 'x'?)", or "unknown <what> (allowed: a, b, c)" when nothing
// is close enough.
std::string unknown_rule(std::string_view what, std::string_view name,
                         const std::vector<std::string>& candidates, std::string_view list_word = "allowed");

// Locale-free parsing of a whole string (std::from_chars). A leading '+' is accepted;
// surrounding blanks are not. parse_number accepts only finite values.
std::optional<double> parse_number(std::string_view text);
// Whether `text` is a number written correctly but too large or too small for a double
// ("1e-400", "1e999"), which parse_number does not return.
bool beyond_double(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

// Shortest text that reads back to the same double ("0.5", "1e-06", "2200").
std::string format_number(double value);
// At most `significant` significant digits ("0.98", "1.0000002").
std::string format_number(double value, int significant);

// "3..5, 9" for a sorted list of integers.
std::string ranges_text(const std::vector<int>& values);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// "first at line 9", or "first in --set #2" for a value without a line (a --set override).
std::string first_at(const Location& where);

}  // namespace carecast::config::detail
