#include "carecast/output/json.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "carecast/config/utf8.hpp"
#include "carecast/engine/check.hpp"
#include "carecast/output/number_format.hpp"

namespace carecast::output {

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = config::utf8_sequence_length(text, i);
      if (length == 0) {
        out.append("\\ufffd");
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          out.append(escape);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
  return out;
}

void JsonWriter::newline_indent() {
  out_ << '\n';
  for (std::size_t i = 0; i < stack_.size(); ++i) out_ << "  ";
}

void JsonWriter::before_value() {
  if (stack_.empty()) {
    CARECAST_CHECK(!wrote_root_, "JSON: second top-level value");
    wrote_root_ = true;
    return;
  }
  Level& level = stack_.back();
  if (level.scope == Scope::object) {
    CARECAST_CHECK(level.key_pending, "JSON: value inside an object without a key");
    level.key_pending = false;
    return;
  }
  if (!level.empty) out_ << ',';
  level.empty = false;
  newline_indent();
}

void JsonWriter::key(std::string_view name) {
  CARECAST_CHECK(!stack_.empty() && stack_.back().scope == Scope::object, "JSON: key outside an object");
  Level& level = stack_.back();
  CARECAST_CHECK(!level.key_pending, "JSON: two keys in a row");
  if (!level.empty) out_ << ',';
  level.empty = false;
  level.key_pending = true;
  newline_indent();
  out_ << json_string(name) << ": ";
}

void JsonWriter::begin_object() {
  before_value();
  out_ << '{';
  stack_.push_back({Scope::object});
}

void JsonWriter::begin_array() {
  before_value();
  out_ << '[';
  stack_.push_back({Scope::array});
}

void JsonWriter::end_object() {
  CARECAST_CHECK(!stack_.empty() && stack_.back().scope == Scope::object,
                 "JSON: end_object without an object");
  CARECAST_CHECK(!stack_.back().key_pending, "JSON: key without a value");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline_indent();
  out_ << '}';
  if (stack_.empty()) out_ << '\n';
}

void JsonWriter::end_array() {
  CARECAST_CHECK(!stack_.empty() && stack_.back().scope == Scope::array, "JSON: end_array without an array");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline_indent();
  out_ << ']';
  if (stack_.empty()) out_ << '\n';
}

void JsonWriter::string(std::string_view text) {
  before_value();
  out_ << json_string(text);
}

void JsonWriter::number(double value) {
  before_value();
  if (std::isfinite(value)) {
    out_ << format_number(value);
  } else {
    out_ << "null";
  }
}

void JsonWriter::integer(std::int64_t value) {
  before_value();
  std::array<char, 24> buffer;
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  CARECAST_CHECK(ec == std::errc(), "to_chars buffer too small");
  out_.write(buffer.data(), end - buffer.data());
}

void JsonWriter::boolean(bool value) {
  before_value();
  out_ << (value ? "true" : "false");
}

void JsonWriter::null() {
  before_value();
  out_ << "null";
}

}  // namespace carecast::output
