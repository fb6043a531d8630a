#include "csv.hpp"

#include <fstream>
#include <sstream>

#include "text.hpp"

namespace carecast::config::detail {

namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Splits the text into records; quoted fields may hold commas, quotes ("") and newlines.
// Returns false (with a problem) on an unterminated quote.
bool split_records(const std::string& text, const std::string& file, std::vector<CsvRow>& records,
                   Problems& problems) {
  std::size_t i = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;  // byte-order mark
  int line = 1, column = 1;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      const int field_column = column;
      const int field_line = line;
      if (i < text.size() && text[i] == '"') {
        ++i;
        ++column;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
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
          field += c;
          ++i;
        }
        if (!closed) {
          problems.push_back({Location{file, field_line, field_column}, "", "", "unterminated quoted field"});
          return false;
        }
        // Anything between the closing quote and the next separator is kept as text.
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (!is_utf8_continuation(text[i])) ++column;
          field += text[i++];
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' &&
               !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
          if (!is_utf8_continuation(text[i])) ++column;
          field += text[i++];
        }
      }
      row.fields.push_back(std::move(field));
      row.columns.push_back(field_column);
      if (i < text.size() && text[i] == ',') {
        ++i;
        ++column;
        if (i == text.size()) {
          row.fields.emplace_back();
          row.columns.push_back(column);
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
    const bool blank = row.fields.size() == 1 && row.fields.front().empty();
    if (!blank) records.push_back(std::move(row));
  }
  return true;
}

}  // namespace

std::optional<CsvTable> CsvTable::read(const std::string& path, const Location& opened_from,
                                       const std::string& key_path, const std::string& written,
                                       Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back({opened_from, key_path, written, "cannot open " + path});
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  CsvTable table;
  table.file_ = path;
  std::vector<CsvRow> records;
  if (!split_records(buffer.str(), path, records, problems)) return std::nullopt;
  if (records.empty()) {
    problems.push_back({Location{path, 1, 1}, "header", "", "the file is empty"});
    return std::nullopt;
  }
  table.header_ = std::move(records.front());
  for (std::size_t i = 0; i < table.header_.fields.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (table.header_.fields[i] == table.header_.fields[j]) {
        problems.push_back({Location{path, table.header_.line, table.header_.columns[i]}, "header",
                            table.header_.fields[i], "duplicate column name"});
      }
    }
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].fields.size() != table.header_.fields.size()) {
      problems.push_back({Location{path, records[r].line, 1}, "", "",
                          "row has " + std::to_string(records[r].fields.size()) + " fields, the header has " +
                              std::to_string(table.header_.fields.size())});
      continue;
    }
    table.rows_.push_back(std::move(records[r]));
  }
  return table;
}

bool CsvTable::has_column(std::string_view name) const { return index(name) < header_.fields.size(); }

std::size_t CsvTable::index(std::string_view column) const {
  for (std::size_t i = 0; i < header_.fields.size(); ++i) {
    if (header_.fields[i] == column) return i;
  }
  return header_.fields.size();
}

bool CsvTable::require(const std::vector<std::string_view>& columns, Problems& problems) const {
  bool complete = true;
  for (std::string_view column : columns) {
    if (!has_column(column)) {
      problems.push_back(
          {Location{file_, header_.line, 1}, "header", "", "missing column '" + std::string(column) + "'"});
      complete = false;
    }
  }
  return complete;
}

std::string_view CsvTable::text(const CsvRow& row, std::string_view column) const {
  return row.fields.at(index(column));
}

Location CsvTable::where(const CsvRow& row, std::string_view column) const {
  return Location{file_, row.line, row.columns.at(index(column))};
}

void CsvTable::problem(const CsvRow& row, std::string_view column, std::string rule,
                       Problems& problems) const {
  const std::string_view value = text(row, column);
  problems.push_back({where(row, column), std::string(column), value.empty() ? "\"\"" : std::string(value),
                      std::move(rule)});
}

std::optional<double> CsvTable::number(const CsvRow& row, std::string_view column, Problems& problems) const {
  const std::string_view value = text(row, column);
  if (auto parsed = parse_number(value)) return parsed;
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
  return std::string(value);
}

}  // namespace carecast::config::detail
