// A minimal JSON writer for the manifest: pretty-printed, keys in the order written.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::output {

// `text` as a JSON string literal, quotes included. Escapes '"', '\\' and the control
// characters (\n, \t, ... and \u00XX for the rest); valid UTF-8 passes through unchanged and
// every byte of an invalid UTF-8 sequence becomes \ufffd, so the result is always valid JSON.
std::string json_string(std::string_view text);

// Writes one JSON value, indented by two spaces per level. Keys are written in the order
// the caller gives them, which is how the manifest keeps its key order fixed. Misuse (a key
// outside an object, a value without a key inside one, unbalanced ends) is a programming
// error and throws engine::InternalError.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);

  void string(std::string_view text);
  // Shortest round-trip text; a non-finite number is written as null (JSON has no NaN).
  void number(double value);
  void integer(std::int64_t value);
  void boolean(bool value);
  void null();

  // True once the top-level value is complete.
  bool done() const { return stack_.empty() && wrote_root_; }

 private:
  enum class Scope { object, array };
  struct Level {
    Scope scope;
    bool empty = true;
    bool key_pending = false;
  };
  void before_value();
  void newline_indent();

  std::ostream& out_;
  std::vector<Level> stack_;
  bool wrote_root_ = false;
};

}  // namespace carecast::output
