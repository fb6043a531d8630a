#include "csv.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "text.hpp"

namespace carecast::config::detail {

namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A record as split: its line and its fields in CsvFields, [first, first + count).
struct Record {
  int line = 0;
  std::size_t first = 0, count = 0;
};

// Splits the text into records, their fields appended to `out`; quoted fields may hold commas,
// quotes ("") and newlines. Returns false (with a problem) on an unterminated quote.
bool split_records(CsvText& storage, const std::string& file, char separator, std::vector<Record>& records,
                   CsvFields& out, Problems& problems) {
  const std::string& text = storage.file;
  std::size_t i = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;  // byte-order mark
  int line = 1, column = 1;
  // What each byte may be in an unquoted field, looked up once per byte: most are plain text.
  enum class ByteKind : unsigned char { plain, continuation, may_end };
  std::array<ByteKind, 256> kinds;
  kinds.fill(ByteKind::plain);
  for (int c = 0x80; c < 0xC0; ++c) kinds[std::size_t(c)] = ByteKind::continuation;
  for (char c : {separator, '\n', '\r'}) kinds[static_cast<unsigned char>(c)] = ByteKind::may_end;
  // Room for every field at once: a field ends at a separator or a line end (or in a quoted
  // field, which then holds one of them).
  const std::size_t most = std::size_t(std::count(text.begin(), text.end(), separator)) +
                           std::size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  out.fields.reserve(out.fields.size() + most);
  out.columns.reserve(out.columns.size() + most);
  while (i < text.size()) {
    Record row{line, out.fields.size(), 0};
    bool end_of_record = false;
    while (!end_of_record) {
      std::string_view field;
      const int field_column = column;
      const int field_line = line;
      if (i < text.size() && text[i] == '"') {
        std::string quoted;  // the field unquoted, made only once it holds ""
        bool escaped = false;
        ++i;
        ++column;
        const std::size_t start = i;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              if (!escaped) quoted.assign(text, start, i - start);
              escaped = true;
              quoted += '"';
              i += 2;
              column += 2;
              continue;
            }
            ++i;
            ++column;
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            column = 1;
          } else if (!is_utf8_continuation(c)) {
            ++column;
          }
          if (escaped) quoted += c;
          ++i;
        }
        if (!closed) {
          problems.push_back({Location{file, field_line, field_column}, "", "", "unterminated quoted field"});
          out.fields.resize(row.first);  // the unfinished record is no record
          out.columns.resize(row.first);
          return false;
        }
        // The closing quote ends the field: text after it (`"90082.2"5`) is no CSV a spreadsheet
        // writes, and joining it on would misread a number.
        if (i < text.size() && text[i] != separator && text[i] != '\n' && text[i] != '\r') {
          problems.push_back({Location{file, line, column}, "", "",
                              "text after the closing quote of a quoted field (a quote inside a quoted field "
                              "is written twice: \"\")"});
          out.fields.resize(row.first);
          out.columns.resize(row.first);
          return false;
        }
        if (escaped) {
          field = storage.unquoted.emplace_back(std::move(quoted));
        } else {
          field = std::string_view(text).substr(start, i - 1 - start);  // between the quotes
        }
      } else {
        const std::size_t start = i;
        std::size_t continuations = 0;  // UTF-8 continuation bytes take no column
        for (; i < text.size(); ++i) {
          const ByteKind kind = kinds[static_cast<unsigned char>(text[i])];
          if (kind == ByteKind::plain) continue;
          if (kind == ByteKind::continuation) {
            ++continuations;
            continue;
          }
          if (text[i] != '\r' || (i + 1 < text.size() && text[i + 1] == '\n')) break;  // a lone CR is text
        }
        column += static_cast<int>(i - start - continuations);
        field = std::string_view(text).substr(start, i - start);
      }
      out.fields.push_back(field);
      out.columns.push_back(field_column);
      if (i < text.size() && text[i] == separator) {
        ++i;
        ++column;
        if (i == text.size()) {
          out.fields.emplace_back();
          out.columns.push_back(column);
          end_of_record = true;
        }
      } else {
        if (i < text.size() && text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        column = 1;
        end_of_record = true;
      }
    }
    row.count = out.fields.size() - row.first;
    // A blank line, or a spreadsheet's row of only separators: nothing to read.
    const auto begin = out.fields.begin() + std::ptrdiff_t(row.first);
    if (std::all_of(begin, out.fields.end(), [](std::string_view f) { return f.empty(); })) {
      out.fields.resize(row.first);
      out.columns.resize(row.first);
    } else {
      records.push_back(row);
    }
  }
  return true;
}

// "1,5" or "-0,25": a number written with a decimal comma.
bool decimal_comma(std::string_view field) {
  if (!field.empty() && field.front() == '-') field.remove_prefix(1);
  const std::size_t comma = field.find(',');
  if (comma == std::string_view::npos || comma == 0 || comma + 1 == field.size()) return false;
  const auto digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(field.substr(0, comma)) && digits(field.substr(comma + 1));
}

// A header line with more ';' or tabs than commas is a file saved with another separator (a
// StatBank download, a spreadsheet in a Norwegian locale). Says so in one problem showing
// the header found, instead of one "missing column" per column and one error per row.
// Returns true when it added that problem.
bool other_separator(const CsvText& storage, const std::string& file, Problems& problems) {
  const std::string& text = storage.file;
  // The first line as written (without a byte-order mark).
  const std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  std::string line = text.substr(start, text.find_first_of("\r\n", start) - start);
  // Separators outside quoted names (a quoted column name may hold ';').
  const auto count = [&](char c) {
    std::size_t n = 0;
    bool quoted = false;
    for (char x : line) {
      if (x == '"') quoted = !quoted;
      else if (x == c && !quoted) ++n;
    }
    return n;
  };
  char separator = 0;
  if (count(';') > count(',')) separator = ';';
  else if (count('\t') > count(',')) separator = '\t';
  if (separator == 0) return false;
  // Split again with the separator found, only to see whether the numbers have decimal commas.
  std::vector<Record> rows;
  CsvFields fields;
  Problems ignored;
  CsvText again{text, {}};
  split_records(again, file, separator, rows, fields, ignored);
  // Any field after the header's.
  const std::size_t after_header = rows.empty() ? 0 : rows.front().count;
  const bool comma = std::any_of(fields.fields.begin() + std::ptrdiff_t(std::min(after_header, fields.fields.size())),
                                 fields.fields.end(), decimal_comma);
  if (line.size() > 80) {
    std::size_t cut = 80;
    while (cut > 0 && is_utf8_continuation(line[cut])) --cut;
    line = line.substr(0, cut) + "\u2026";
  }
  for (char& c : line) {
    if (c == '\t') c = ' ';
  }
  std::string rule = std::string("the columns are separated by ") + (separator == ';' ? "';'" : "tabs");
  if (comma) rule += " and numbers have a decimal comma";
  rule += "; carecast reads ',' between columns and '.' in numbers (save the table as CSV with those)";
  problems.push_back({Location{file, 1, 1}, "header", line, rule});
  return true;
}

}  // namespace

std::optional<CsvTable> CsvTable::read(const std::string& path, const Location& opened_from,
                                       const std::string& key_path, const std::string& written,
                                       Problems& problems) {
  auto text = std::make_unique<CsvText>();
  if (const auto why = not_a_file(path)) {  // at the key that names it
    problems.push_back({opened_from, key_path, written, path + " " + *why});
    return std::nullopt;
  }
  switch (read_text_file(path, kMaxCsvBytes, text->file, problems)) {
    case ReadResult::ok:
      break;
    case ReadResult::cannot_open:
      problems.push_back({opened_from, key_path, written, "cannot open " + path});
      return std::nullopt;
    case ReadResult::refused:
      return std::nullopt;
  }
  CsvTable table;
  table.file_ = path;
  std::vector<Record> records;
  // Lines ended by a carriage return alone (classic Mac OS) read as one long header: say so.
  const std::string& contents = text->file;
  if (const std::size_t cr = contents.find('\r');
      cr != std::string::npos && cr + 1 < contents.size() && contents.find('\n') == std::string::npos) {
    problems.push_back({Location{path, 1, 1}, "", "",
                        "the lines end in a carriage return alone (CR, an old Mac format); save the file with "
                        "LF or CRLF line ends"});
    return std::nullopt;
  }
  // A file with another separator is named as such first: its quotes may not parse as CSV.
  Problems split_problems;
  const bool split = split_records(*text, path, ',', records, table.fields_, split_problems);
  if (other_separator(*text, path, problems)) return std::nullopt;
  problems.insert(problems.end(), split_problems.begin(), split_problems.end());
  if (!split) return std::nullopt;
  if (records.empty()) {
    problems.push_back({Location{path, 1, 1}, "header", "", "the file is empty"});
    return std::nullopt;
  }
  table.text_ = std::move(text);
  const Record& header = records.front();
  table.header_line_ = header.line;
  const auto header_begin = table.fields_.fields.begin() + std::ptrdiff_t(header.first);
  table.header_.assign(header_begin, header_begin + std::ptrdiff_t(header.count));
  // Spreadsheets save empty columns after the table as unnamed ones: ignored, like any
  // other extra column, together with whatever stands in them.
  const std::size_t written_width = table.header_.size();
  while (!table.header_.empty() && table.header_.back().empty()) table.header_.pop_back();
  const std::size_t width = table.header_.size();
  for (std::size_t i = 0; i < width; ++i) {
    const int column = table.fields_.columns[header.first + i];
    if (table.header_[i].empty()) {
      problems.push_back({Location{path, header.line, column}, "header", "",
                          "column " + std::to_string(i + 1) + " has no name"});
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (table.header_[i] == table.header_[j]) {
        problems.push_back(
            {Location{path, header.line, column}, "header", std::string(table.header_[i]), "duplicate column name"});
      }
    }
  }
  table.rows_.reserve(records.size() - 1);
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& row = records[r];
    if (row.count < width || row.count > written_width) {
      problems.push_back({Location{path, row.line, 1}, "", "",
                          "row has " + std::to_string(row.count) + " fields, the header has " +
                              std::to_string(width)});
      continue;
    }
    table.rows_.push_back({row.line, row.first});  // fields beyond the header's are not read
  }
  return table;
}

bool CsvTable::has_column(std::string_view name) const { return index(name) < header_.size(); }

std::size_t CsvTable::index(std::string_view column) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == column) return i;
  }
  return header_.size();
}

bool CsvTable::require(const std::vector<std::string_view>& columns, Problems& problems) const {
  bool complete = true;
  for (std::string_view column : columns) {
    if (!has_column(column)) {
      problems.push_back(
          {Location{file_, header_line_, 1}, "header", "", "missing column '" + std::string(column) + "'"});
      complete = false;
    }
  }
  return complete;
}

namespace {
std::size_t field_of(const CsvRow& row, std::size_t i, std::size_t width, std::string_view column) {
  if (i >= width) throw std::out_of_range("CSV column '" + std::string(column) + "' is not in the header");
  return row.first + i;
}
}  // namespace

std::string_view CsvTable::text(const CsvRow& row, std::string_view column) const {
  return fields_.fields[field_of(row, index(column), header_.size(), column)];
}

Location CsvTable::where(const CsvRow& row, std::string_view column) const {
  return Location{file_, row.line, fields_.columns[field_of(row, index(column), header_.size(), column)]};
}

void CsvTable::problem(const CsvRow& row, std::string_view column, std::string rule,
                       Problems& problems) const {
  const std::string_view value = text(row, column);
  problems.push_back({where(row, column), std::string(column), value.empty() ? "\"\"" : shortened(std::string(value), 60),
                      std::move(rule)});
}

std::optional<double> CsvTable::number(const CsvRow& row, std::string_view column, Problems& problems,
                                       const char* range_rule) const {
  const std::string_view value = text(row, column);
  const auto parsed = parse_number(value);
  const bool representable = parsed && (*parsed == 0.0 || (std::abs(*parsed) >= kSmallestDataNumber &&
                                                           std::abs(*parsed) <= kLargestDataNumber));
  if (representable) return parsed;
  if (parsed || beyond_double(value)) {
    problem(row, column,
            range_rule != nullptr
                ? std::string(range_rule)
                : "must be 0 or of a size between " + format_number(kSmallestDataNumber) + " and " +
                      format_number(kLargestDataNumber) +
                      " (no count, rate or amount in NOK is outside that; beyond it the projection leaves double "
                      "precision)",
            problems);
    return std::nullopt;
  }
  problem(
      row, column,
      value.empty() || value == "NA" ? "must be a number (no missing values allowed)" : "must be a number",
      problems);
  return std::nullopt;
}

std::optional<long long> CsvTable::integer(const CsvRow& row, std::string_view column,
                                           Problems& problems) const {
  const std::string_view value = text(row, column);
  if (auto parsed = parse_integer(value)) return parsed;
  problem(row, column,
          value.empty() || value == "NA" ? "must be an integer (no missing values allowed)"
                                         : "must be an integer",
          problems);
  return std::nullopt;
}

std::optional<std::string> CsvTable::required_text(const CsvRow& row, std::string_view column,
                                                   Problems& problems) const {
  const std::string_view value = text(row, column);
  if (value.empty()) {
    problem(row, column, "must not be empty", problems);
    return std::nullopt;
  }
  if (const auto fault = unprintable_text(value)) {
    problem(row, column, *fault, problems);
    return std::nullopt;
  }
  return std::string(value);
}

}  // namespace carecast::config::detail
