// A strict, small XML well-formedness check for the SVG the report writes: one root element,
// balanced and properly nested tags, quoted attributes without duplicates or '<', and only
// the five predefined or numeric character references. (No DTDs, no CDATA: carecast writes
// neither.) Returns an empty string for a well-formed document, else what is wrong and where.
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::testing {

inline std::string xml_problem(std::string_view doc) {
  std::size_t i = 0;
  const std::size_t n = doc.size();
  std::vector<std::string> open;
  bool root_done = false, root_seen = false;
  auto at = [&](const std::string& what) { return what + " at byte " + std::to_string(i); };
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':' ||
           (static_cast<unsigned char>(c) & 0x80);
  };
  auto read_name = [&]() {
    const std::size_t start = i;
    while (i < n && name_char(doc[i])) ++i;
    return std::string(doc.substr(start, i - start));
  };
  auto skip_space = [&]() {
    while (i < n && (doc[i] == ' ' || doc[i] == '\n' || doc[i] == '\t' || doc[i] == '\r')) ++i;
  };
  // A reference starting at doc[i] == '&'; advances past it.
  auto reference = [&]() -> bool {
    const std::size_t end = doc.find(';', i);
    if (end == std::string_view::npos || end - i > 10) return false;
    const std::string_view name = doc.substr(i + 1, end - i - 1);
    bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
    if (!ok && name.size() > 1 && name[0] == '#') {
      ok = true;
      const bool hex = name[1] == 'x';
      for (std::size_t k = hex ? 2 : 1; k < name.size(); ++k) {
        ok = ok && (hex ? std::isxdigit(static_cast<unsigned char>(name[k])) : std::isdigit(static_cast<unsigned char>(name[k])));
      }
      ok = ok && name.size() > (hex ? 2u : 1u);
    }
    i = end + 1;
    return ok;
  };
  while (i < n) {
    if (doc[i] != '<') {
      if (doc[i] == '&') {
        if (!reference()) return at("bad character reference");
        if (open.empty()) return at("text outside the root element");
        continue;
      }
      if (open.empty() && !std::isspace(static_cast<unsigned char>(doc[i]))) return at("text outside the root element");
      ++i;
      continue;
    }
    if (doc.substr(i, 4) == "<!--") {
      const std::size_t end = doc.find("-->", i + 4);
      if (end == std::string_view::npos) return at("unterminated comment");
      i = end + 3;
      continue;
    }
    if (doc.substr(i, 2) == "<?") {
      const std::size_t end = doc.find("?>", i + 2);
      if (end == std::string_view::npos || root_seen) return at("bad processing instruction");
      i = end + 2;
      continue;
    }
    if (doc.substr(i, 2) == "</") {
      i += 2;
      const std::string name = read_name();
      skip_space();
      if (i >= n || doc[i] != '>') return at("bad end tag");
      if (open.empty() || open.back() != name) return at("end tag </" + name + "> does not match");
      open.pop_back();
      if (open.empty()) root_done = true;
      ++i;
      continue;
    }
    ++i;
    const std::string name = read_name();
    if (name.empty()) return at("element without a name");
    if (root_done) return at("second root element");
    root_seen = true;
    std::set<std::string> attributes;
    for (;;) {
      const std::size_t before = i;
      skip_space();
      if (i >= n) return at("unterminated start tag");
      if (doc[i] == '/') {
        if (i + 1 >= n || doc[i + 1] != '>') return at("bad empty-element tag");
        i += 2;
        if (open.empty()) root_done = true;
        break;
      }
      if (doc[i] == '>') {
        ++i;
        open.push_back(name);
        break;
      }
      if (i == before) return at("attributes must be separated by space");
      const std::string attribute = read_name();
      if (attribute.empty()) return at("bad attribute name");
      if (!attributes.insert(attribute).second) return at("duplicate attribute " + attribute);
      skip_space();
      if (i >= n || doc[i] != '=') return at("attribute without '='");
      ++i;
      skip_space();
      if (i >= n || (doc[i] != '"' && doc[i] != '\'')) return at("unquoted attribute value");
      const char quote = doc[i++];
      while (i < n && doc[i] != quote) {
        if (doc[i] == '<') return at("'<' in an attribute value");
        if (doc[i] == '&') {
          if (!reference()) return at("bad character reference in an attribute");
          continue;
        }
        ++i;
      }
      if (i >= n) return at("unterminated attribute value");
      ++i;
    }
  }
  if (!open.empty()) return "unclosed element <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return {};
}

}  // namespace carecast::testing
