// carecast_bench [NAME-SUBSTRING]: runs every registered benchmark (or those matching).
#include "bench.hpp"

#include <cstdio>
#include <string>

namespace carecast::bench {
std::vector<Benchmark>& registry() {
  static std::vector<Benchmark> benchmarks;
  return benchmarks;
}
}  // namespace carecast::bench

int main(int argc, char** argv) {
  const std::string filter = argc > 1 ? argv[1] : "";
  for (const auto& benchmark : carecast::bench::registry()) {
    if (benchmark.name.find(filter) == std::string::npos) continue;
    std::printf("== %s\n", benchmark.name.c_str());
    std::fflush(stdout);
    benchmark.run();
  }
  return 0;
}
