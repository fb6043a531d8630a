// Fuzz target: the YAML reader of every configuration file (config/src/node.cpp) and the
// --set value parser, then the writers that echo what was read (flow text, YAML dump).
#include <cstdint>

#include "fuzz_support.hpp"
#include "node.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carecast::config::detail;
  const auto file = carecast::fuzz::scratch().root() / "input.yaml";
  carecast::fuzz::Scratch::write(file, carecast::fuzz::as_text(data, size));
  Problems problems;
  if (const auto root = read_yaml_file(file.string(), problems)) {
    (void)flow_text(*root);
    (void)to_yaml(*root, [](const std::string&, const std::string&) { return 0LL; });
  }
  for (const auto& problem : problems) (void)problem.format();
  problems.clear();
  const std::string text(carecast::fuzz::as_text(data, size));
  (void)read_yaml_value(text, {"--set #1", 0, 0}, "parameters.productivity_pct", problems);
  return 0;
}
