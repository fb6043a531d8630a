#include "carecast/output/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "carecast/engine/check.hpp"
#include "carecast/output/number_format.hpp"

namespace carecast::output {

void append_csv_field(std::string& out, std::string_view field) {
  // One pass over the field: find_first_of(",\"\r\n") calls memchr on the set for every
  // character, which was a tenth of writing population.csv.
  const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
  const bool needs_quotes = std::any_of(field.begin(), field.end(), special) ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

CsvWriter::CsvWriter(std::ostream& out, std::string_view header) : out_(&out) {
  text_.append(header);
  text_.push_back('\n');
}

void CsvWriter::separate() {
  if (!at_row_start_) text_.push_back(',');
  at_row_start_ = false;
}

void CsvWriter::text(std::string_view field) {
  separate();
  append_csv_field(text_, field);
}

void CsvWriter::integer(long long value) {
  separate();
  char digits[24];  // without a temporary string: population.csv alone has 32 000 rows
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  text_.append(digits, end);
}

void CsvWriter::number(double value, std::string_view what) {
  CARECAST_CHECK(std::isfinite(value), "non-finite value in " + std::string(what));
  separate();
  append_number(text_, value);
}

void CsvWriter::empty() { separate(); }

void CsvWriter::end_row() {
  text_.push_back('\n');
  at_row_start_ = true;
  if (!out_) {
    ends_.push_back(text_.size());
  } else if (text_.size() > (1u << 16)) {
    flush();
  }
}

void CsvWriter::flush() {
  CARECAST_CHECK(out_ != nullptr, "flush() of an in-memory CSV writer (use take())");
  out_->write(text_.data(), static_cast<std::streamsize>(text_.size()));
  text_.clear();
}

void CsvWriter::reserve(std::size_t rows, std::size_t bytes_per_row) {
  CARECAST_CHECK(out_ == nullptr, "reserve() of a CSV writer with a stream (it flushes every 64 KiB)");
  text_.reserve(rows * bytes_per_row);
  ends_.reserve(rows);
}

CsvWriter::Rows CsvWriter::take() {
  CARECAST_CHECK(at_row_start_, "take() in the middle of a CSV row");
  return Rows{std::exchange(text_, std::string()), std::exchange(ends_, {})};
}

void CsvWriter::repeat(std::string_view first, const Rows& rows) {
  CARECAST_CHECK(at_row_start_, "repeat() in the middle of a CSV row");
  std::string field;
  append_csv_field(field, first);
  std::size_t start = 0;
  for (const std::size_t end : rows.ends) {
    CARECAST_CHECK(start < end && rows.text[start] == ',', "repeat() of rows without an empty first field");
    text_.append(field);
    text_.append(rows.text, start, end - start);
    start = end;
    if (out_ && text_.size() > (1u << 16)) flush();
  }
}

}  // namespace carecast::output
