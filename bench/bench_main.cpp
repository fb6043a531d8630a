// carecast_bench [NAME-SUBSTRING]: runs every registered benchmark (or those matching).
#include "bench.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "carecast/engine/memory.hpp"

namespace carecast::bench {
std::vector<Benchmark>& registry() {
  static std::vector<Benchmark> benchmarks;
  return benchmarks;
}

double cpu_seconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  double load = 0.0;
  in >> load;
  return load;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}
}  // namespace carecast::bench

int main(int argc, char** argv) {
  carecast::engine::retain_freed_memory();  // as carecast itself does (memory.hpp)
  const std::string filter = argc > 1 ? argv[1] : "";
  std::printf("machine: %s; load average %.2f (1 min); CPU times are per thread, wall times on this shared machine\n",
              carecast::bench::cpu_model().c_str(), carecast::bench::load_average());
  for (const auto& benchmark : carecast::bench::registry()) {
    if (benchmark.name.find(filter) == std::string::npos) continue;
    std::printf("== %s\n", benchmark.name.c_str());
    std::fflush(stdout);
    benchmark.run();
  }
  return 0;
}
