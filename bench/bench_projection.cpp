// The default national run: four productivity paths, Norway, base year to 2060, in process.
#include "bench.hpp"
#include "carecast/config/run_config.hpp"

#include <chrono>
#include <cstdio>

namespace {

void national_four_paths() {
  using clock = std::chrono::steady_clock;
  const auto load_start = clock::now();
  const auto run = carecast::config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml");
  const double load_ms = std::chrono::duration<double, std::milli>(clock::now() - load_start).count();
  double checksum = 0.0;
  const int repeats = 31;
  const double compute_ms = carecast::bench::median_milliseconds(repeats, [&] {
    const auto results = carecast::engine::project_scenarios(run.base, run.scenarios);
    checksum += results.back().service_arsverk.sum();
  });
  std::printf("scenarios %zu, services %zu, years %d-%d\n", run.scenarios.size(), run.base.services.size(),
              run.base.base_year, run.base.end_year);
  std::printf("load (YAML + CSV, once)         %8.2f ms\n", load_ms);
  std::printf("compute, median of %d runs      %8.2f ms per run   (target < 20 ms)\n", repeats, compute_ms);
  std::printf("(checksum %.6g)\n", checksum);
}

const carecast::bench::Registrar registered("projection: national four-path run", national_four_paths);

}  // namespace
