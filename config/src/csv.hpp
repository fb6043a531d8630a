// A small RFC 4180 CSV reader with typed, located column access. Every problem is
// collected as "file:line:col: column = value — rule" (col = 1-based character column
// where the field starts).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node.hpp"

namespace carecast::config::detail {

// A row of a table: its line and where its fields start in the table's field list (one list
// for the whole file, so that reading a row allocates nothing).
struct CsvRow {
  int line = 0;           // 1-based line the row starts on
  std::size_t first = 0;  // index of its first field in CsvFields::fields
};

// The text a table's rows view: the file's contents, and the quoted fields holding "" with
// that unquoted (they are no slice of the file). Heap-held so that the views stay valid when
// the table moves; a deque keeps its strings in place as it grows.
struct CsvText {
  std::string file;
  std::deque<std::string> unquoted;
};

// Every field of a file in reading order, and where each starts.
struct CsvFields {
  std::vector<std::string_view> fields;  // unquoted; views into the CsvText
  std::vector<int> columns;              // 1-based character column of each field
};

class CsvTable {
 public:
  // Reads the whole file. When it cannot be opened the problem is located at `opened_from`,
  // the configuration value naming the file (key `key_path`, value `written`), and nullopt
  // is returned. Rows with the wrong number of fields are reported and dropped; blank lines
  // are skipped.
  static std::optional<CsvTable> read(const std::string& path, const Location& opened_from,
                                      const std::string& key_path, const std::string& written,
                                      Problems& problems);

  // One problem per missing column ("file:1:1: header — missing column 'persons'");
  // true when all are present.
  bool require(const std::vector<std::string_view>& columns, Problems& problems) const;

  const std::string& file() const { return file_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  bool has_column(std::string_view name) const;

  std::string_view text(const CsvRow& row, std::string_view column) const;
  Location where(const CsvRow& row, std::string_view column) const;
  // Adds "file:line:col: column = value — rule" for the field.
  void problem(const CsvRow& row, std::string_view column, std::string rule, Problems& problems) const;

  // Typed fields: nullopt (and a problem) when empty, NA or not a finite number/integer. A
  // number must also be 0 or of a size in [kSmallestDataNumber, kLargestDataNumber] (text.hpp);
  // a column with a narrower rule of its own gives it as `range_rule`, said instead of that one.
  std::optional<double> number(const CsvRow& row, std::string_view column, Problems& problems,
                               const char* range_rule = nullptr) const;
  std::optional<long long> integer(const CsvRow& row, std::string_view column, Problems& problems) const;
  // A non-empty text field; nullopt and a problem when empty.
  std::optional<std::string> required_text(const CsvRow& row, std::string_view column,
                                           Problems& problems) const;

 private:
  std::size_t index(std::string_view column) const;
  std::string file_;
  std::unique_ptr<CsvText> text_;
  int header_line_ = 0;
  std::vector<std::string_view> header_;  // the column names (trailing unnamed ones dropped)
  CsvFields fields_;                      // of every row; a row's are [first, first + header_.size())
  std::vector<CsvRow> rows_;
};

}  // namespace carecast::config::detail
