// Regional Monte Carlo sweeps (issue 15): the peak memory of a sweep of 10^5 draws with the
// 15 counties (target ≤ 1 GiB) and the CPU time a regional draw adds, measured on the
// carecast executable as a user runs it (`carecast sweep scenarios/uncertainty.yaml --set
// regions=county`: demography, healthy ageing, standards, productivity and family care
// drawn; its 1 024 Sobol rows included, which are national runs only). Peak memory is the
// child's ru_maxrss from wait4, as /usr/bin/time -v reports it.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench.hpp"

namespace {

using carecast::bench::load_average;
using carecast::bench::verdict;

struct ChildRun {
  double peak_mib = 0.0, wall_s = 0.0, cpu_s = 0.0;
  bool ok = false;
};

// Runs carecast with `args` in the source directory, its output discarded.
ChildRun run_carecast(const std::vector<std::string>& args) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child == 0) {
    if (chdir(CARECAST_SOURCE_DIR) != 0) std::_Exit(127);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> argv{const_cast<char*>(CARECAST_EXE)};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(CARECAST_EXE, argv.data());
    std::_Exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(child, &status, 0, &usage);
  ChildRun run;
  run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.peak_mib = double(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
  run.cpu_s = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

ChildRun uncertainty_sweep(const std::string& draws, const std::string& threads, bool regions) {
  const std::string out =
      (std::filesystem::temp_directory_path() / ("carecast-bench-regional-" + std::to_string(getpid())))
          .string();
  std::vector<std::string> args{
      "sweep", "scenarios/uncertainty.yaml", "--draws", draws, "--threads", threads, "--quiet", "--out", out};
  if (regions) args.insert(args.end(), {"--set", "regions=county"});
  const ChildRun run = run_carecast(args);
  std::filesystem::remove_all(out);
  return run;
}

void regional_memory() {
  const ChildRun run = uncertainty_sweep("100000", "2", true);
  std::printf(
      "10^5 draws, 15 counties, 2 threads (histogram quantiles): peak RSS %.0f MiB in %.0f s wall, "
      "%.0f s CPU  (target <= 1024 MiB)%s%s  [load %.2f]\n",
      run.peak_mib, run.wall_s, run.cpu_s, verdict(run.ok && run.peak_mib <= 1024.0),
      run.ok ? "" : " (the sweep failed)", load_average());
}

void regional_cpu() {
  // The same sweep with and without regions, one thread: the difference is the regional block.
  const std::size_t draws = 2000;
  const ChildRun national = uncertainty_sweep(std::to_string(draws), "1", false);
  const ChildRun regional = uncertainty_sweep(std::to_string(draws), "1", true);
  std::printf(
      "2 000 draws, 1 thread: CPU %.1f s national, %.1f s with 15 counties: %.0f us per regional draw "
      "(county projection, use sums and split)%s  [load %.2f]\n",
      national.cpu_s, regional.cpu_s, 1e6 * (regional.cpu_s - national.cpu_s) / double(draws),
      national.ok && regional.ok ? "" : " (a sweep failed)", load_average());
}

const carecast::bench::Registrar cpu("sweep: regional sweep, CPU per regional draw", regional_cpu);
const carecast::bench::Registrar memory("sweep: regional sweep, memory of 10^5 draws", regional_memory);

}  // namespace
