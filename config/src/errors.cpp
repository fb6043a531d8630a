#include "carecast/config/errors.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

#include "text.hpp"

namespace carecast::config {

namespace {
// A key or value holding a line break (a quoted multi-line YAML key) stays on one line, and
// other control characters (a NUL byte in a CSV field) are shown as \xHH, not written raw.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += "\\x" + detail::hex_byte(static_cast<unsigned char>(c)).substr(2);  // "0x00" as "\x00"
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

std::string Problem::format() const {
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on long chains of +.
  std::string text = where.file;
  if (where.line > 0) {
    text.append(":").append(std::to_string(where.line)).append(":").append(std::to_string(where.column));
  }
  text.append(": ");
  if (!key_path.empty()) {
    text.append(one_line(key_path));
    if (!value.empty()) text.append(" = ").append(one_line(value));
    text.append(" \u2014 ");  // em dash
  }
  text.append(rule);
  return text;
}

namespace {

// File names compare with runs of digits as numbers, so "--set #2" comes before "--set #10".
bool file_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && digit(a[i_end])) ++i_end;
      while (j_end < b.size() && digit(b[j_end])) ++j_end;
      const std::string_view x = std::string_view(a).substr(i, i_end - i),
                             y = std::string_view(b).substr(j, j_end - j);
      const std::size_t x_zeros = std::min(x.find_first_not_of('0'), x.size());
      const std::size_t y_zeros = std::min(y.find_first_not_of('0'), y.size());
      const std::string_view xs = x.substr(x_zeros), ys = y.substr(y_zeros);
      if (xs.size() != ys.size()) return xs.size() < ys.size();
      if (xs != ys) return xs < ys;
      i = i_end;
      j = j_end;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

// What makes two problems "of one kind": same file, same key or column, same rule once its
// numbers are blanked ("row has 3 fields, the header has 5" is one kind whatever the counts).
std::string kind_of(const Problem& problem) {
  std::string kind = problem.where.file + '\n' + problem.key_path + '\n';
  for (char c : problem.rule) {
    const bool digit = c >= '0' && c <= '9';
    if (!digit) kind += c;
    else if (kind.back() != '#') kind += '#';
  }
  return kind;
}

// A file broken on every line (the wrong table, another separator) would bury the message
// under thousands of lines: of each kind only the first kMaxProblemsOfAKind are kept, and
// one more problem, at the first one left out, says how many were.
void cap_repeated(std::vector<Problem>& problems) {
  std::map<std::string, std::size_t> seen;
  std::vector<Problem> kept;
  std::map<std::string, std::size_t> summary;  // kind → index in `kept` of its summary
  for (Problem& problem : problems) {
    const std::string kind = kind_of(problem);
    const std::size_t count = ++seen[kind];
    if (count <= kMaxProblemsOfAKind) {
      kept.push_back(std::move(problem));
    } else if (count == kMaxProblemsOfAKind + 1) {
      summary[kind] = kept.size();
      kept.push_back(std::move(problem));
    }
  }
  for (const auto& [kind, index] : summary) {
    Problem& first_left_out = kept[index];
    const std::size_t more = seen[kind] - kMaxProblemsOfAKind;
    first_left_out.value.clear();
    first_left_out.rule = std::to_string(more) + " more problem" + (more == 1 ? "" : "s") + " like the " +
                          std::to_string(kMaxProblemsOfAKind) + " above (" + first_left_out.rule +
                          ") from here on, not shown";
  }
  problems = std::move(kept);
}

// Sorts in place (stable, so problems at one location keep the order they were found in),
// caps repeated kinds and renders one problem per line.
std::string sort_and_render(std::vector<Problem>& problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    if (a.where.file != b.where.file) return file_less(a.where.file, b.where.file);
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  cap_repeated(problems);
  std::string text;
  for (const Problem& problem : problems) {
    if (!text.empty()) text += '\n';
    text += problem.format();
  }
  return text;
}

}  // namespace

// `problems` is sorted by sort_and_render before it is moved into the member (the base
// class is initialised first).
LocatedError::LocatedError(std::vector<Problem> problems)
    : std::runtime_error(sort_and_render(problems)), problems_(std::move(problems)) {}

}  // namespace carecast::config
