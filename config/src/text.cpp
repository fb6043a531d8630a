#include "text.hpp"

#include "carecast/config/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

namespace carecast::config {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

namespace detail {

std::string shortened(std::string text, std::size_t max_length) {
  if (text.size() <= max_length) return text;
  std::size_t cut = max_length;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\u2026";
}

std::optional<std::string> unprintable_text(std::string_view text) {
  static constexpr const char* kUnprintable = ": reports (HTML, the workbook's XML, SVG charts) cannot hold it";
  int character = 1;
  for (std::size_t i = 0; i < text.size(); ++character) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      return "holds a byte that is not UTF-8 (" + hex_byte(static_cast<unsigned char>(text[i])) + ") as character " +
             std::to_string(character) + kUnprintable;
    }
    // The code point: the lead byte's payload, then six bits from each continuation byte.
    const auto lead = static_cast<unsigned char>(text[i]);
    char32_t point = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    const bool control = (point < 0x20 && point != '\t' && point != '\n' && point != '\r') ||
                         (point >= 0x7F && point <= 0x9F);
    if (control || point == 0xFFFE || point == 0xFFFF) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", unsigned(point));
      return "holds " + std::string(code) + (control ? ", a control character," : ", a noncharacter,") +
             " as character " + std::to_string(character) + kUnprintable;
    }
    i += length;
  }
  if (character - 1 > kMostTextCharacters) {
    return "is " + std::to_string(character - 1) + " characters long; a text may have at most " +
           std::to_string(kMostTextCharacters) + " (a cell of the report's workbook holds 32 767 bytes)";
  }
  return std::nullopt;
}


namespace {

// The common case, every input once: no line and column bookkeeping, ASCII skipped without a
// call.
bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::uint64_t word = 0;  // eight ASCII bytes at a time: no byte has its high bit set
    if (i + sizeof word <= text.size()) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080u) == 0) {
        i += sizeof word;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace

std::optional<InvalidUtf8> find_invalid_utf8(std::string_view text) {
  if (valid_utf8(text)) return std::nullopt;
  InvalidUtf8 at;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      at.offset = i;
      at.byte = static_cast<unsigned char>(text[i]);
      return at;
    }
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if (!(i == 0 && length == 3 && text.substr(0, 3) == "\xEF\xBB\xBF")) {  // a byte-order mark is no column
      ++at.column;
    }
    i += length;
  }
  return std::nullopt;
}

std::string hex_byte(unsigned char byte) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", unsigned(byte));
  return hex;
}

std::optional<std::string> not_a_file(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);  // through symlinks
  if (std::filesystem::is_directory(status)) return "is a directory, not a file";
  // A named pipe would block the open until something writes to it (a hang in the CLI, a
  // stuck worker in `carecast serve`); devices and sockets are no input files either.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    return "is not a regular file (a named pipe, device or socket); carecast reads regular files only";
  }
  return std::nullopt;
}

ReadResult read_text_file(const std::string& path, std::size_t max_bytes, std::string& text,
                          std::vector<Problem>& problems) {
  const auto refuse = [&](int line, int column, std::string rule) {
    problems.push_back({Location{path, line, column}, "", "", std::move(rule)});
    return ReadResult::refused;
  };
  if (const auto why = not_a_file(path)) return refuse(0, 0, *why);
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadResult::cannot_open;
  // Read in pieces, at most one byte more than allowed: enough to know the file is too large
  // without reserving the limit for every small file.
  text.clear();
  char piece[1 << 16];
  while (text.size() <= max_bytes && in.read(piece, sizeof piece).gcount() > 0) {
    text.append(piece, std::size_t(in.gcount()));
  }
  if (in.bad()) return refuse(0, 0, "cannot read the file");
  return check_text(path, text, max_bytes, problems) ? ReadResult::ok : ReadResult::refused;
}

bool check_text(const std::string& name, std::string_view text, std::size_t max_bytes, std::vector<Problem>& problems) {
  if (text.size() > max_bytes) {
    problems.push_back({Location{name, 0, 0}, "", "",
                        "the file is larger than " + std::to_string(max_bytes >> 20) +
                            " MiB, the limit for this kind of input (is it the right file?)"});
    return false;
  }
  if (const auto bad = find_invalid_utf8(text)) {
    problems.push_back({Location{name, bad->line, bad->column}, "", "",
                        "not valid UTF-8 (byte " + hex_byte(bad->byte) + "); save the file as UTF-8"});
    return false;
  }
  return true;
}

}  // namespace detail

std::size_t levenshtein(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() >= 3) {
    for (const std::string& candidate : candidates) {
      if (candidate.size() > name.size() && candidate.ends_with(name) &&
          candidate[candidate.size() - name.size() - 1] == '.')
        return candidate;
    }
  }
  std::vector<const std::string*> extensions;  // candidates that start with `name`
  for (const std::string& candidate : candidates) {
    if (candidate.size() > name.size() && candidate.starts_with(name)) extensions.push_back(&candidate);
  }
  if (extensions.size() == 1 && name.size() >= 3) return *extensions.front();
  std::optional<std::string> best;
  std::size_t best_distance = std::min<std::size_t>(4, name.size());
  for (const std::string& candidate : candidates) {
    const std::size_t distance = levenshtein(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best) return best;
  if (!extensions.empty() && name.size() >= 4) return *extensions.front();
  return std::nullopt;
}

}  // namespace carecast::config

namespace carecast::config::detail {

std::string unknown_rule(std::string_view what, std::string_view name,
                         const std::vector<std::string>& candidates, std::string_view list_word) {
  std::string rule = "unknown " + std::string(what);
  if (auto suggestion = closest(name, candidates)) return rule + " (did you mean '" + *suggestion + "'?)";
  if (candidates.empty()) return rule;
  return rule + " (" + std::string(list_word) + ": " + join(candidates, ", ") + ")";
}

namespace {
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  return text;
}
}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = without_plus(text);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool beyond_double(std::string_view text) {
  text = without_plus(text);
  double ignored = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ignored);
  return error == std::errc::result_out_of_range && end == text.data() + text.size();
}

std::optional<long long> parse_integer(std::string_view text) {
  text = without_plus(text);
  if (text.empty()) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return "?";
  return std::string(buffer, end);
}

std::string format_number(double value, int significant) {
  char buffer[64];
  auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, significant);
  if (error != std::errc()) return "?";
  return std::string(buffer, end);
}

std::string ranges_text(const std::vector<int>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    if (!text.empty()) text += ", ";
    text += std::to_string(values[i]);
    if (j > i) text += ".." + std::to_string(values[j]);
    i = j + 1;
  }
  return text;
}

std::string first_at(const Location& where) {
  if (where.line > 0) return "first at line " + std::to_string(where.line);
  return "first in " + where.file;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += separator;
    text += parts[i];
  }
  return text;
}

}  // namespace carecast::config::detail
