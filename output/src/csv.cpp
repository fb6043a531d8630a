#include "carecast/output/csv.hpp"

#include <charconv>
#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/output/number_format.hpp"

namespace carecast::output {

void append_csv_field(std::string& out, std::string_view field) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
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

CsvWriter::CsvWriter(std::ostream& out, std::string_view header) : out_(out) {
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
  if (text_.size() > (1u << 16)) flush();
}

void CsvWriter::flush() {
  out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
  text_.clear();
}

}  // namespace carecast::output
