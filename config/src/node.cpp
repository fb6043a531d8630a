#include "node.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "text.hpp"

namespace carecast::config::detail {

const ConfigNode* ConfigNode::find(std::string_view child_key) const {
  if (kind != Kind::map) return nullptr;
  for (const ConfigNode& child : children) {
    if (child.key == child_key) return &child;
  }
  return nullptr;
}

ConfigNode* ConfigNode::find(std::string_view child_key) {
  return const_cast<ConfigNode*>(std::as_const(*this).find(child_key));
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item_path(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index + 1) + "]"; }

namespace {

// yaml-cpp marks are 0-based; ours are 1-based. Command-line values have no lines.
Location located(const YAML::Mark& mark, const Location& origin) {
  if (origin.line == 0) return origin;
  Location where{origin.file, mark.line + 1, mark.column + 1};
  if (mark.line < 0) where = Location{origin.file, 1, 1};
  return where;
}

// Aliases let a small file describe a huge or endless tree: an anchor used inside itself
// (`a: &x [1, *x]`) is a cycle, and anchors of anchors grow exponentially ("billion laughs").
// The conversion stops at these bounds, far beyond any real configuration.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 20000;

struct TooLarge {
  Location where;
  std::string rule;
};

struct Budget {
  std::size_t nodes = 0;
};

ConfigNode convert(const YAML::Node& node, const Location& origin, const Location& key_where,
                   const std::string& path, Problems& problems, Budget& budget, int depth = 0) {
  if (depth > kMaxDepth) {
    throw TooLarge{located(node.Mark(), origin),
                   "values are nested more than " + std::to_string(kMaxDepth) + " levels deep (an alias used inside its own anchor?)"};
  }
  if (++budget.nodes > kMaxNodes) {
    throw TooLarge{located(node.Mark(), origin), "the file expands to more than " + std::to_string(kMaxNodes) +
                                                     " values (aliases of aliases?)"};
  }
  ConfigNode out;
  out.where = located(node.Mark(), origin);
  out.key_where = key_where;
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      // An empty value has no position of its own worth showing; point at its key.
      out.where = key_where;
      break;
    case YAML::NodeType::Scalar:
      out.kind = ConfigNode::Kind::scalar;
      out.scalar = node.Scalar();
      out.quoted = node.Tag() == "!";
      break;
    case YAML::NodeType::Sequence: {
      out.kind = ConfigNode::Kind::sequence;
      out.flow = node.Style() == YAML::EmitterStyle::Flow;
      std::size_t index = 0;
      for (const YAML::Node& item : node) {
        const Location item_where = located(item.Mark(), origin);
        out.children.push_back(
            convert(item, origin, item_where, item_path(path, index++), problems, budget, depth + 1));
      }
      break;
    }
    case YAML::NodeType::Map: {
      out.kind = ConfigNode::Kind::map;
      out.flow = node.Style() == YAML::EmitterStyle::Flow;
      std::vector<ConfigNode> merged;  // maps of merge keys (`<<: *defaults`), in order
      for (auto it = node.begin(); it != node.end(); ++it) {
        const Location where = located(it->first.Mark(), origin);
        if (!it->first.IsScalar()) {
          problems.push_back({where, path, "", "keys must be plain scalars"});
          continue;
        }
        const std::string key = it->first.Scalar();
        const std::string key_path = child_path(path, key);
        // YAML's merge key, which yaml-cpp 0.7 leaves as an ordinary key "<<": its map (or
        // list of maps) supplies the keys this map does not write itself.
        if (key == "<<" && it->first.Tag() != "!") {
          ConfigNode value = convert(it->second, origin, where, key_path, problems, budget, depth + 1);
          const bool maps = value.is_map() || (value.kind == ConfigNode::Kind::sequence &&
                                               std::all_of(value.children.begin(), value.children.end(),
                                                           [](const ConfigNode& c) { return c.is_map(); }));
          if (!maps) {
            problems.push_back({where, key_path, flow_text(value), "a merge key takes a map or a list of maps"});
          } else if (value.is_map()) {
            merged.push_back(std::move(value));
          } else {
            for (ConfigNode& map : value.children) merged.push_back(std::move(map));
          }
          continue;
        }
        if (const ConfigNode* first = out.find(key)) {
          problems.push_back({where, key_path, flow_text(convert(it->second, origin, where, key_path, problems, budget, depth + 1)),
                              "duplicate key (" + first_at(first->key_where) + ")"});
          continue;
        }
        ConfigNode child = convert(it->second, origin, where, key_path, problems, budget, depth + 1);
        child.key = key;
        out.children.push_back(std::move(child));
      }
      // Keys written in the map win over merged ones; of merged maps, the first wins.
      for (ConfigNode& map : merged) {
        for (ConfigNode& child : map.children) {
          if (!out.find(child.key)) out.children.push_back(std::move(child));
        }
      }
      break;
    }
  }
  return out;
}

}  // namespace

namespace {

// Counts the documents of a YAML text without building them, and stops where yaml-cpp 0.7
// would loop: a token its parser cannot place at the start of a node (a flow entry ',' at
// the top level, say) is never consumed, so every further call yields another empty
// document at the same position and YAML::LoadAll fills memory. Every real document starts
// after the previous one, so a document that starts where the previous one started is that
// case. Throws YAML::Exception for syntax errors, like the loader.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  std::vector<YAML::Mark> starts;
};

// The position of a token the parser cannot move past, when there is one.
std::optional<YAML::Mark> count_documents(const std::string& text, std::vector<YAML::Mark>& starts) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter counter;
  while (parser.HandleNextDocument(counter)) {
    const std::size_t n = counter.starts.size();
    if (n >= 2 && counter.starts[n - 1].pos <= counter.starts[n - 2].pos) {
      return counter.starts[n - 1];
    }
  }
  starts = std::move(counter.starts);
  return std::nullopt;
}

std::string unexpected_rule(const std::string& text, const YAML::Mark& at) {
  const char c = at.pos >= 0 && std::size_t(at.pos) < text.size() ? text[std::size_t(at.pos)] : '?';
  return std::string("YAML syntax error: unexpected '") + c + "' where a value should start";
}

// yaml-cpp reports a tab in indentation as "illegal map value" or similar; YAML forbids
// tabs there, so when a syntax error follows such a line, that line is the better answer.
std::optional<Location> tab_indentation(const std::string& text, int up_to_line, const std::string& file) {
  int line = 1;
  for (std::size_t i = 0; i < text.size() && line <= up_to_line; ++line) {
    std::size_t end = text.find('\n', i);
    if (end == std::string::npos) end = text.size();
    const std::string_view row = std::string_view(text).substr(i, end - i);
    const std::size_t first = row.find_first_not_of(" \t");
    const std::size_t tab = row.find('\t');
    if (tab != std::string_view::npos && tab < first && first != std::string_view::npos && row[first] != '#') {
      return Location{file, line, int(tab) + 1};
    }
    i = end + 1;
  }
  return std::nullopt;
}

}  // namespace

namespace {

// Builds the ConfigNode tree straight from the parser's events, in the one pass that also
// finds whether a second document follows: what count_documents, YAML::Load and convert do
// in three passes, for the common case of a well-formed file of one document without
// aliases, merge keys or duplicate keys. Anything else (those, a syntax error, a second
// document, a tree beyond the bounds) throws Unusual, and parse_yaml takes the three-pass
// way, which gives the located messages. The two agree on every tree this one accepts.
class TreeBuilder : public YAML::EventHandler {
 public:
  struct Unusual {};

  explicit TreeBuilder(const Location& origin) : origin_(origin) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    ConfigNode node;
    node.where = located(mark, origin_);
    add(std::move(node));
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { throw Unusual{}; }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
    ConfigNode node;
    node.kind = ConfigNode::Kind::scalar;
    node.where = located(mark, origin_);
    node.scalar = value;
    node.quoted = tag == "!";
    add(std::move(node));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value style) override {
    open(mark, ConfigNode::Kind::sequence, style);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value style) override {
    open(mark, ConfigNode::Kind::map, style);
  }
  void OnMapEnd() override { close(); }

  std::optional<ConfigNode> root;

 private:
  struct Open {
    ConfigNode node;
    bool key_next = true;  // maps: the next node is a key
    std::string key;
    Location key_where;
  };

  void open(const YAML::Mark& mark, ConfigNode::Kind kind, YAML::EmitterStyle::value style) {
    if (open_.size() + 1 >= std::size_t(kMaxDepth)) throw Unusual{};
    Open entry;
    entry.node.kind = kind;
    entry.node.where = located(mark, origin_);
    entry.node.flow = style == YAML::EmitterStyle::Flow;
    open_.push_back(std::move(entry));
  }

  void close() {
    ConfigNode node = std::move(open_.back().node);
    open_.pop_back();
    add(std::move(node));
  }

  // A complete node: the root, an item, a key or a value.
  void add(ConfigNode node) {
    if (++nodes_ > kMaxNodes) throw Unusual{};
    if (open_.empty()) {
      if (root || node.kind == ConfigNode::Kind::null) throw Unusual{};
      node.key_where = origin_;
      root = std::move(node);
      return;
    }
    Open& parent = open_.back();
    if (parent.node.kind == ConfigNode::Kind::sequence) {
      node.key_where = node.where;
      parent.node.children.push_back(std::move(node));
    } else if (parent.key_next) {
      // Keys other than plain scalars, merge keys and duplicates: the three-pass way.
      if (!node.is_scalar() || (node.scalar == "<<" && !node.quoted) || parent.node.find(node.scalar)) {
        throw Unusual{};
      }
      parent.key = std::move(node.scalar);
      parent.key_where = node.where;
      parent.key_next = false;
    } else {
      node.key = std::move(parent.key);
      node.key_where = parent.key_where;
      if (node.kind == ConfigNode::Kind::null) node.where = node.key_where;
      parent.node.children.push_back(std::move(node));
      parent.key_next = true;
    }
  }

  Location origin_;
  std::vector<Open> open_;
  std::size_t nodes_ = 0;
};

// The tree of a text of one well-formed document, or nullopt for anything unusual.
std::optional<ConfigNode> parse_in_one_pass(const std::string& text, const Location& origin) {
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    TreeBuilder builder(origin);
    if (!parser.HandleNextDocument(builder) || !builder.root) return std::nullopt;
    DocumentCounter rest;
    if (parser.HandleNextDocument(rest)) return std::nullopt;  // a second document
    return std::move(builder.root);
  } catch (const TreeBuilder::Unusual&) {
    return std::nullopt;
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

}  // namespace

namespace {
std::optional<ConfigNode> parse_yaml(const std::string& text, const std::string& name, Problems& problems);
}  // namespace

std::optional<ConfigNode> read_yaml_file(const std::string& path, Problems& problems) {
  std::string text;
  switch (read_text_file(path, kMaxYamlBytes, text, problems)) {
    case ReadResult::ok:
      break;
    case ReadResult::cannot_open:
      problems.push_back({Location{path, 0, 0}, "", "", "cannot open file"});
      return std::nullopt;
    case ReadResult::refused:
      return std::nullopt;
  }
  return parse_yaml(text, path, problems);
}

std::optional<ConfigNode> read_yaml_text(const std::string& text, const std::string& name, Problems& problems) {
  if (!check_text(name, text, kMaxYamlBytes, problems)) return std::nullopt;
  return parse_yaml(text, name, problems);
}

namespace {

// The YAML of a file or a request, already checked for size and UTF-8.
std::optional<ConfigNode> parse_yaml(const std::string& text, const std::string& name, Problems& problems) {
  const Location origin{name, 1, 1};
  if (auto tree = parse_in_one_pass(text, origin)) return tree;
  try {
    std::vector<YAML::Mark> starts;
    if (const auto stuck = count_documents(text, starts)) {
      problems.push_back({located(*stuck, origin), "", "", unexpected_rule(text, *stuck)});
      return std::nullopt;
    }
    if (starts.size() > 1) {
      problems.push_back({located(starts[1], origin), "", "",
                          "the file must hold one YAML document, not " + std::to_string(starts.size())});
      return std::nullopt;
    }
    // One document (or none): the single-document loader cannot loop.
    Budget budget;
    return convert(YAML::Load(text), origin, origin, "", problems, budget);
  } catch (const TooLarge& error) {
    problems.push_back({error.where, "", "", error.rule});
    return std::nullopt;
  } catch (const YAML::DeepRecursion& error) {  // yaml-cpp's own limit, whose message says "bad file"
    problems.push_back({located(error.mark, origin), "", "",
                        "values are nested more than " + std::to_string(kMaxDepth) +
                            " levels deep (the YAML parser gave up at level " + std::to_string(error.depth()) + ")"});
    return std::nullopt;
  } catch (const YAML::Exception& error) {
    const Location where = located(error.mark, origin);
    if (const auto tab = tab_indentation(text, where.line, name)) {
      problems.push_back({*tab, "", "", "a tab is used for indentation; YAML allows only spaces there"});
    } else {
      problems.push_back({where, "", "", "YAML syntax error: " + error.msg});
    }
    return std::nullopt;
  }
}

}  // namespace

std::optional<ConfigNode> read_yaml_value(const std::string& text, const Location& origin,
                                          const std::string& key_path, Problems& problems) {
  if (const auto bad = find_invalid_utf8(text)) {
    problems.push_back({origin, key_path, "", "not valid UTF-8 (byte " + hex_byte(bad->byte) + ")"});
    return std::nullopt;
  }
  try {
    std::vector<YAML::Mark> starts;
    if (const auto stuck = count_documents(text, starts)) {
      problems.push_back({origin, key_path, text, unexpected_rule(text, *stuck)});
      return std::nullopt;
    }
    if (starts.size() > 1) {
      problems.push_back({origin, key_path, text, "must be one YAML value, not " + std::to_string(starts.size()) + " documents"});
      return std::nullopt;
    }
    Budget budget;
    ConfigNode node = convert(YAML::Load(text), origin, origin, key_path, problems, budget);
    // A value given on the command line is written back in flow style.
    std::function<void(ConfigNode&)> set_flow = [&](ConfigNode& n) {
      n.flow = true;
      for (ConfigNode& child : n.children) set_flow(child);
    };
    set_flow(node);
    return node;
  } catch (const TooLarge& error) {
    problems.push_back({origin, key_path, "", error.rule});
    return std::nullopt;
  } catch (const YAML::Exception& error) {
    problems.push_back({origin, key_path, text, "YAML syntax error: " + error.msg});
    return std::nullopt;
  }
}

namespace {
void append_flow(const ConfigNode& node, std::string& out) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      out += "~";
      break;
    case ConfigNode::Kind::scalar:
      out += node.quoted || node.scalar.empty() ? "\"" + node.scalar + "\"" : node.scalar;
      break;
    case ConfigNode::Kind::sequence:
      out += "[";
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += ", ";
        append_flow(node.children[i], out);
      }
      out += "]";
      break;
    case ConfigNode::Kind::map:
      out += "{";
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += ", ";
        out += node.children[i].key + ": ";
        append_flow(node.children[i], out);
      }
      out += "}";
      break;
  }
}
}  // namespace

std::string flow_text(const ConfigNode& node, std::size_t max_length) {
  std::string text;
  append_flow(node, text);
  return shortened(std::move(text), max_length);
}

void merge_into(ConfigNode& base, const ConfigNode& over, const std::string& path,
                const std::function<bool(const std::string&)>& replace_whole) {
  if (base.is_map() && over.is_map() && !replace_whole(path)) {
    for (const ConfigNode& child : over.children) {
      if (ConfigNode* existing = base.find(child.key)) {
        merge_into(*existing, child, child_path(path, child.key), replace_whole);
      } else {
        base.children.push_back(child);
      }
    }
    return;
  }
  const std::string key = base.key;
  base = over;
  base.key = key;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether every character of `text` is one of `allowed` and there is at least one.
bool all_of_set(std::string_view text, std::string_view allowed) {
  return !text.empty() && text.find_first_not_of(allowed) == std::string_view::npos;
}

// What YAML 1.1 reads as a number (integers in base 2, 8, 10, 16 and 60, floats, .inf,
// .nan): the grammar of its int and float types, matched by hand (a std::regex of the same
// grammar was most of the cost of writing the resolved YAML).
bool yaml_1_1_number(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return true;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  if (text == ".inf" || text == ".Inf" || text == ".INF") return true;
  if (text.starts_with("0b")) return all_of_set(text.substr(2), "01_");
  if (text.starts_with("0x")) return all_of_set(text.substr(2), "0123456789abcdefABCDEF_");
  std::size_t i = 0;
  if (i < text.size() && is_digit(text[i])) {
    i = std::min(text.find_first_not_of("0123456789_", 1), text.size());
  }
  const bool integer = i > 0;
  if (i == text.size()) return integer;
  const auto rest_of_fraction = [&](std::size_t from) {  // [0-9_]* to the end
    return from == text.size() || all_of_set(text.substr(from), "0123456789_");
  };
  if (text[i] == ':' && integer) {  // base 60: (:[0-5]?[0-9])+ then an optional fraction
    while (i < text.size() && text[i] == ':') {
      ++i;
      if (i + 1 < text.size() && is_digit(text[i]) && is_digit(text[i + 1]) && text[i] <= '5') {
        i += 2;
      } else if (i < text.size() && is_digit(text[i])) {
        ++i;
      } else {
        return false;
      }
    }
    if (i == text.size()) return true;
    return text[i] == '.' && rest_of_fraction(i + 1);
  }
  if (text[i] != '.') return false;  // a float: digits, '.', [0-9._]*, an optional exponent
  i = std::min(text.find_first_not_of("0123456789._", i + 1), text.size());
  if (i == text.size()) return true;
  return i + 1 < text.size() && (text[i] == 'e' || text[i] == 'E') &&
         (text[i + 1] == '-' || text[i + 1] == '+') && all_of_set(text.substr(i + 2), "0123456789");
}

constexpr std::string_view kYaml11Words[] = {"y",    "Y",    "yes",  "Yes",   "YES",   "n",     "N",   "no",
                                             "No",   "NO",   "true", "True",  "TRUE",  "false", "False", "FALSE",
                                             "on",   "On",   "ON",   "off",   "Off",   "OFF",   "~",   "null",
                                             "Null", "NULL"};

// True when a YAML 1.1 reader (PyYAML, SnakeYAML, older tools reading manifests) would load
// this plain scalar as something carecast does not: `NO` (Norway's code) as false, `~` as
// null, `1:20` as 80, `1_000` as 1000. Such text is written quoted. A number carecast reads
// as a number stays plain.
bool retyped_by_yaml_1_1(const std::string& text) {
  if (text.empty() || text.size() > 64) return text.empty();
  if (std::find(std::begin(kYaml11Words), std::end(kYaml11Words), text) != std::end(kYaml11Words)) return true;
  return yaml_1_1_number(text) && !parse_number(text);
}

// True when the text has a shape yaml-cpp writes as a plain scalar in every context: a name (a
// letter or `_` first, then letters, digits and `_ . / -`) or a decimal number (digits, signs,
// `.`, `e`) carecast reads as a number. No character of these is a YAML indicator, a comment,
// a separator of a flow collection or white space. Callers have quoted the YAML 1.1 words
// (`no`, `null`, ...) already. (A YAML 1.1 reader may still read `1e5` as text, and a key `007`
// as the number 7, as it did when yaml-cpp checked these: this only skips the check.)
bool plain_by_shape(const std::string& text) {
  if (text.empty() || text.size() > 256) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (letter(text.front())) {
    return std::all_of(text.begin(), text.end(), [&](char c) {
      return letter(c) || digit(c) || c == '.' || c == '/' || c == '-';
    });
  }
  const bool numeric = std::all_of(text.begin(), text.end(), [&](char c) {
    return digit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
  return numeric && parse_number(text).has_value();
}

// Writes text yaml-cpp would write plain, as it is. yaml-cpp checks every scalar for plain-scalar
// safety with regular expressions (about 210 ns a character: 0.8 ms of the 1.2 ms a run's manifest
// took to emit); for the shapes of plain_by_shape the answer is known. The emitter's public
// WriteIntegralType streams any value through operator<< at the place of a scalar (key or value),
// with the emitter's own layout around it.
struct KnownPlain {
  const std::string& text;
  friend std::ostream& operator<<(std::ostream& stream, const KnownPlain& plain) {
    return stream.write(plain.text.data(), std::streamsize(plain.text.size()));
  }
};

void emit_scalar(YAML::Emitter& out, const std::string& text, bool quoted) {
  if (quoted || retyped_by_yaml_1_1(text)) {
    out << YAML::DoubleQuoted << text;
  } else if (plain_by_shape(text)) {
    out.WriteIntegralType(KnownPlain{text});
  } else {
    out << text;
  }
}

void emit(YAML::Emitter& out, const ConfigNode& node, const KeyRank& order, const std::string& path) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::scalar:
      emit_scalar(out, node.scalar, node.quoted);
      break;
    case ConfigNode::Kind::sequence:
      if (node.flow) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        emit(out, node.children[i], order, path + "[" + std::to_string(i) + "]");
      }
      out << YAML::EndSeq;
      break;
    case ConfigNode::Kind::map: {
      // Each key's rank once (it looks the key up in the schema), then sorted.
      std::vector<std::pair<long long, const ConfigNode*>> children;
      for (const ConfigNode& child : node.children) children.emplace_back(order(path, child.key), &child);
      std::stable_sort(children.begin(), children.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second->key < b.second->key;
      });
      if (node.flow) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [rank, child] : children) {
        out << YAML::Key;
        emit_scalar(out, child->key, false);
        out << YAML::Value;
        emit(out, *child, order, child_path(path, child->key));
      }
      out << YAML::EndMap;
      break;
    }
  }
}
}  // namespace

std::string to_yaml(const ConfigNode& node, const KeyRank& order, const std::string& path) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, node, order, path);
  return out.c_str();
}

}  // namespace carecast::config::detail
