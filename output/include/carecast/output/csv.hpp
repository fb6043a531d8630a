// CSV text (RFC 4180): comma-separated, LF line ends, fields quoted only when needed.
#pragma once

#include <string>
#include <string_view>

namespace carecast::output {

// Appends `field` to `out`, in double quotes (with inner quotes doubled) when it contains a
// comma, a double quote, CR or LF, or starts or ends with a space; verbatim otherwise.
void append_csv_field(std::string& out, std::string_view field);

inline std::string csv_field(std::string_view field) {
  std::string out;
  append_csv_field(out, field);
  return out;
}

}  // namespace carecast::output
