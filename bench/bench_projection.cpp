// The default national run (issue 8 targets): the four productivity paths in process
// (compute ≤ 1 ms) and a whole `carecast run scenarios/productivity.yaml` process
// (≤ 12 ms of CPU, user + system, of the child process).
#include "bench.hpp"
#include "carecast/config/run_config.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <oneapi/tbb/task_arena.h>

namespace {

void national_four_paths() {
  using clock = std::chrono::steady_clock;
  const auto load_start = clock::now();
  const auto run = carecast::config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml");
  const double load_ms = std::chrono::duration<double, std::milli>(clock::now() - load_start).count();
  double checksum = 0.0;
  const int repeats = 51;
  // One thread: the figure is compute, not parallelism (the four paths share one population).
  // In an arena of one thread, so that no idle worker's spinning is counted as CPU time.
  std::vector<double> cpu_ms;
  tbb::task_arena one_thread(1);
  one_thread.execute([&] {
    for (int i = 0; i < repeats + 1; ++i) {
      const double start = carecast::bench::cpu_seconds();
      const auto results = carecast::engine::project_scenarios(run.base, run.scenarios);
      checksum += results.back().service_arsverk.sum();
      if (i > 0) cpu_ms.push_back(1e3 * (carecast::bench::cpu_seconds() - start));  // first: warm-up
    }
  });
  std::sort(cpu_ms.begin(), cpu_ms.end());
  const double median = cpu_ms[cpu_ms.size() / 2];
  std::printf("scenarios %zu, services %zu, years %d-%d\n", run.scenarios.size(), run.base.services.size(),
              run.base.base_year, run.base.end_year);
  std::printf("load (YAML + CSV, once, wall)              %8.2f ms\n", load_ms);
  std::printf("compute, CPU, median of %d runs            %8.2f ms per run   (target <= 1 ms)%s\n", repeats, median,
              carecast::bench::verdict(median <= 1.0));
  std::printf("(checksum %.6g; load average %.2f)\n", checksum, carecast::bench::load_average());
}

// CPU time of one child process running the carecast executable, milliseconds.
double child_cpu_ms(const std::vector<std::string>& args) {
  const pid_t child = fork();
  if (child == 0) {
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(child, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1.0;
  return 1e3 * (double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec));
}

void whole_run_process() {
  const std::filesystem::path out = std::filesystem::temp_directory_path() / ("carecast-bench-" + std::to_string(getpid()));
  const std::vector<std::string> args{CARECAST_EXE, "run", std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml",
                                      "--out", out.string(), "--threads", "1", "--quiet"};
  std::vector<double> cpu_ms;
  for (int i = 0; i < 12; ++i) {
    const double ms = child_cpu_ms(args);
    if (ms < 0.0) {
      std::printf("carecast run failed; no figure\n");
      return;
    }
    if (i > 1) cpu_ms.push_back(ms);  // the first two warm the page cache
  }
  std::filesystem::remove_all(out);
  std::sort(cpu_ms.begin(), cpu_ms.end());
  // The median of an even count: the mean of the two middle values.
  const std::size_t n = cpu_ms.size();
  const double median = n % 2 == 1 ? cpu_ms[n / 2] : (cpu_ms[n / 2 - 1] + cpu_ms[n / 2]) / 2.0;
  std::printf("carecast run scenarios/productivity.yaml --threads 1, CPU of the process (user + system), median of %zu:"
              " %.2f ms   (target <= 12 ms)%s\n",
              n, median, carecast::bench::verdict(median <= 12.0));
  std::printf("(range %.2f-%.2f ms; load average %.2f)\n", cpu_ms.front(), cpu_ms.back(), carecast::bench::load_average());
}

const carecast::bench::Registrar registered("projection: national four-path run", national_four_paths);
const carecast::bench::Registrar process("process: carecast run scenarios/productivity.yaml", whole_run_process);

}  // namespace
