#include "node.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

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

namespace {

// yaml-cpp marks are 0-based; ours are 1-based. Command-line values have no lines.
Location located(const YAML::Mark& mark, const Location& origin) {
  if (origin.line == 0) return origin;
  Location where{origin.file, mark.line + 1, mark.column + 1};
  if (mark.line < 0) where = Location{origin.file, 1, 1};
  return where;
}

ConfigNode convert(const YAML::Node& node, const Location& origin, const Location& key_where,
                   const std::string& path, Problems& problems) {
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
            convert(item, origin, item_where, path + "[" + std::to_string(index++) + "]", problems));
      }
      break;
    }
    case YAML::NodeType::Map:
      out.kind = ConfigNode::Kind::map;
      out.flow = node.Style() == YAML::EmitterStyle::Flow;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const Location where = located(it->first.Mark(), origin);
        if (!it->first.IsScalar()) {
          problems.push_back({where, path, "", "keys must be plain scalars"});
          continue;
        }
        const std::string key = it->first.Scalar();
        const std::string key_path = child_path(path, key);
        if (const ConfigNode* first = out.find(key)) {
          problems.push_back({where, key_path,
                              flow_text(convert(it->second, origin, where, key_path, problems)),
                              "duplicate key (first at line " + std::to_string(first->key_where.line) + ")"});
          continue;
        }
        ConfigNode child = convert(it->second, origin, where, key_path, problems);
        child.key = key;
        out.children.push_back(std::move(child));
      }
      break;
  }
  return out;
}

}  // namespace

std::optional<ConfigNode> read_yaml_file(const std::string& path, Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back({Location{path, 0, 0}, "", "", "cannot open file"});
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return read_yaml_text(buffer.str(), path, problems);
}

std::optional<ConfigNode> read_yaml_text(const std::string& text, const std::string& name, Problems& problems) {
  const Location origin{name, 1, 1};
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(text);
    if (documents.size() > 1) {
      problems.push_back({located(documents[1].Mark(), origin), "", "",
                          "the file must hold one YAML document, not " + std::to_string(documents.size())});
      return std::nullopt;
    }
    const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
    return convert(root, origin, origin, "", problems);
  } catch (const YAML::Exception& error) {
    problems.push_back({located(error.mark, origin), "", "", "YAML syntax error: " + error.msg});
    return std::nullopt;
  }
}

std::optional<ConfigNode> read_yaml_value(const std::string& text, const Location& origin,
                                          const std::string& key_path, Problems& problems) {
  try {
    ConfigNode node = convert(YAML::Load(text), origin, origin, key_path, problems);
    // A value given on the command line is written back in flow style.
    std::function<void(ConfigNode&)> set_flow = [&](ConfigNode& n) {
      n.flow = true;
      for (ConfigNode& child : n.children) set_flow(child);
    };
    set_flow(node);
    return node;
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
  // Cut on a UTF-8 character boundary.
  if (text.size() > max_length) {
    std::size_t cut = max_length;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "\u2026";
  }
  return text;
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
void emit(YAML::Emitter& out, const ConfigNode& node, const KeyRank& order, const std::string& path) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::scalar:
      if (node.quoted) out << YAML::DoubleQuoted;
      out << node.scalar;
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
      std::vector<const ConfigNode*> children;
      for (const ConfigNode& child : node.children) children.push_back(&child);
      std::stable_sort(children.begin(), children.end(), [&](const ConfigNode* a, const ConfigNode* b) {
        const long long rank_a = order(path, a->key), rank_b = order(path, b->key);
        return rank_a != rank_b ? rank_a < rank_b : a->key < b->key;
      });
      if (node.flow) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const ConfigNode* child : children) {
        out << YAML::Key << child->key << YAML::Value;
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
