// CSV text (RFC 4180): comma-separated, LF line ends, fields quoted only when needed.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::output {

// Appends `field` to `out`, in double quotes (with inner quotes doubled) when it contains a
// comma, a double quote, CR or LF, or starts or ends with a space; verbatim otherwise.
void append_csv_field(std::string& out, std::string_view field);

inline std::string csv_field(std::string_view field) {
  std::string out;
  append_csv_field(out, field);
  return out;
}

// The one writer of carecast's CSV files (run, lever and sweep outputs). Rows are assembled
// in a string and handed to the stream in pieces of about 64 KiB, which is what makes
// writing large files cheap. Call flush() after the last row: the destructor does not
// write, so a file is never completed behind an exception's back.
class CsvWriter {
 public:
  // Writes `header` (the column names, comma-separated) as the first line.
  CsvWriter(std::ostream& out, std::string_view header);
  // A writer that keeps its rows in memory, without a header, for repeat().
  CsvWriter() = default;

  void text(std::string_view field);  // quoted when needed (append_csv_field)
  void integer(long long value);
  // Round-trip text (append_number). A non-finite value is a bug upstream: throws
  // engine::InternalError naming `what`, the file or column it was meant for.
  void number(double value, std::string_view what);
  void empty();  // an empty field: a value that is undefined (documented per file)
  void end_row();
  void flush();

  // Rows that scenarios share but for their first field (the scenario), formatted once:
  // an in-memory writer makes them with empty() as the first field of every row, take()
  // hands them out, and repeat() writes them with `first` in that field. Scenarios that
  // share a population or a supply side have bit-identical figures, so formatting the
  // numbers once per distinct block instead of once per scenario gives the same bytes.
  struct Rows {
    std::string text;
    std::vector<std::size_t> ends;  // where each row ends, after its '\n'
  };
  Rows take();
  void repeat(std::string_view first, const Rows& rows);
  // Room for `rows` rows of about `bytes_per_row` bytes in an in-memory writer, taken at once
  // (a large block grown by doubling would be copied and its pages touched several times).
  // Throws engine::InternalError for a writer with a stream (it flushes every 64 KiB).
  void reserve(std::size_t rows, std::size_t bytes_per_row);

 private:
  void separate();

  std::ostream* out_ = nullptr;  // null: rows stay in text_ until take()
  std::string text_;
  std::vector<std::size_t> ends_;  // in-memory writers: where each row ends
  bool at_row_start_ = true;
};

}  // namespace carecast::output
