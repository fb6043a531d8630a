// A tiny benchmark harness: each benchmark registers itself and prints its own figures.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <fstream>
#include <string>
#include <vector>

namespace carecast::bench {

struct Benchmark {
  std::string name;
  std::function<void()> run;
};

std::vector<Benchmark>& registry();

struct Registrar {
  Registrar(std::string name, std::function<void()> run) { registry().push_back({std::move(name), std::move(run)}); }
};

// Median wall time in milliseconds of `repeats` calls of `work` (after one warm-up call).
template <class Work>
double median_milliseconds(int repeats, Work&& work) {
  work();
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// CPU time (user + system) of this process so far, seconds.
double cpu_seconds();
// The 1-minute load average: the machine is shared, so figures are read against it.
double load_average();
// "model name" of the processor (lscpu's Model name).
std::string cpu_model();
// "  [meets target]" or "  [MISSES target]".
inline const char* verdict(bool met) { return met ? "  [meets target]" : "  [MISSES target]"; }

}  // namespace carecast::bench
