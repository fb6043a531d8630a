// Monte Carlo sweeps on the national model (issue 8 targets): CPU time per draw on one
// thread with demography fixed (≤ 6 µs) and drawn (population and mortality re-projected
// every draw, ≤ 35 µs), wall draws per second on both threads of the 2-core machine, and the
// peak memory of a sweep of 10^6 draws (≤ 200 MB).
//
// The uncertain parameters mirror scenarios/uncertainty.yaml, set directly on the engine's
// scenario (the sweep-file parser is not what is measured). Timed: Sweep::run over all
// draws plus summarize() (quantiles, means, exceedance); Sobol rows are off (they are
// (k + 2) runs each and would be counted separately). Setting up (tables, pilot) is timed
// apart.
#include "bench.hpp"
#include "carecast/config/run_config.hpp"
#include "carecast/engine/sweep.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace {

using namespace carecast::engine;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

SweepParameter parameter(std::string name, Distribution d, std::function<void(ScenarioParameters&, double)> apply) {
  return SweepParameter{std::move(name), std::move(d), {}, [apply](ScenarioParameters& p, std::size_t, double v) { apply(p, v); }};
}

// Service-side assumptions only: standard growth, productivity, healthy ageing, family care.
std::vector<SweepParameter> service_parameters() {
  std::vector<SweepParameter> p;
  p.push_back(parameter("parameters.standard_growth_pct", Distribution::normal(1.0, 0.3).truncated(0.0, 2.0),
                        [](ScenarioParameters& s, double v) { s.standard_growth.assign(s.standard_growth.size(), v / 100); }));
  p.push_back(parameter("parameters.productivity_pct", Distribution::triangular(0.0, 0.5, 2.0),
                        [](ScenarioParameters& s, double v) { s.productivity.assign(s.productivity.size(), v / 100); }));
  // Healthy ageing by the mortality ratio, η drawn as in scenarios/uncertainty.yaml: every draw
  // recomputes the factor (one exponential per cell at ages 55 and over).
  p.push_back(parameter("parameters.healthy_ageing.elasticity", Distribution::pert(0.25, 0.57, 1.0),
                        [](ScenarioParameters& s, double v) { s.healthy_ageing.elasticity = v; }));
  p.push_back(parameter("family_care_2060", Distribution::uniform(60000.0, 90000.0), [](ScenarioParameters& s, double v) {
    s.family_care.arsverk = TimePath({{2023, 90000.0}, {2060, v}});
  }));
  return p;
}

// Plus fertility, life-expectancy gain and migration: the population is re-projected.
std::vector<SweepParameter> all_parameters(const ScenarioParameters& reference) {
  std::vector<SweepParameter> p = service_parameters();
  p.push_back(parameter("total_fertility_2050", Distribution::triangular(1.2, 1.6, 1.9), [](ScenarioParameters& s, double v) {
    s.demography.total_fertility = TimePath({{2024, 1.44}, {2030, 1.50}, {2050, v}});
  }));
  const double female = reference.demography.life_expectancy[0].knots().back().second;
  const double male = reference.demography.life_expectancy[1].knots().back().second;
  p.push_back(parameter("life_expectancy_shift", Distribution::normal(0.0, 1.5).truncated(-4.0, 4.0),
                        [female, male](ScenarioParameters& s, double v) {
                          s.demography.life_expectancy[0] = TimePath({{2060, female + v}});
                          s.demography.life_expectancy[1] = TimePath({{2060, male + v}});
                        }));
  p.push_back(parameter("net_migration_2040", Distribution::lognormal(std::log(17000.0), 0.35), [](ScenarioParameters& s, double v) {
    s.demography.net_migration = TimePath({{2024, 36000.0}, {2026, 25000.0}, {2040, v}});
  }));
  return p;
}

struct Timing {
  double setup_s = 0.0, run_s = 0.0, draws_per_s = 0.0, cpu_us_per_draw = 0.0;
};

using carecast::bench::cpu_seconds;
using carecast::bench::load_average;
using carecast::bench::verdict;

Timing time_sweep(const BaseData& base, const ScenarioParameters& reference, std::vector<SweepParameter> parameters,
                  std::size_t draws, int threads) {
  SweepSettings settings;
  settings.seed = 20240501;
  settings.draws = draws;
  settings.report_years = {2030, 2040, 2050, 2060};
  settings.sobol_rows = 0;
  settings.thresholds = {{sweep_layout(base).column(Indicator::share_of_all_arsverk), 0.25}};
  Timing timing;
  auto start = clock_type::now();
  const Sweep sweep(base, {reference}, std::move(parameters), settings);
  timing.setup_s = seconds_since(start);
  start = clock_type::now();
  const double cpu_start = cpu_seconds();
  const SweepSummary summary = summarize(sweep.plan(), sweep.run_all({threads, {}}), threads);
  timing.run_s = seconds_since(start);
  timing.draws_per_s = double(draws) / timing.run_s;
  timing.cpu_us_per_draw = 1e6 * (cpu_seconds() - cpu_start) / double(draws);
  if (summary.scenarios.empty()) std::abort();
  return timing;
}

// Peak resident memory (MiB) of a child process that runs a sweep of `draws` draws.
double child_peak_mib(const BaseData& base, const ScenarioParameters& reference, std::size_t draws, int threads,
                      double& seconds) {
  const auto start = clock_type::now();
  const pid_t child = fork();
  if (child == 0) {
    time_sweep(base, reference, service_parameters(), draws, threads);
    std::_Exit(0);
  }
  int status = 0;
  struct rusage usage {};
  wait4(child, &status, 0, &usage);
  seconds = seconds_since(start);
  return double(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

struct National {
  carecast::config::RunConfig run;
  National() : run(carecast::config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml")) {
    // As `carecast sweep` runs a sweep that draws no supply key and asks for no gap threshold
    // (config/src/sweep_config.cpp): without the supply side.
    run.base.supply = {};
  }
  const BaseData& base() const { return run.base; }
  const ScenarioParameters& reference() const { return run.scenarios.at(1); }  // productivity-0.5: SSB's reference
};

// One case on 1 and 2 threads: wall draws/s on both, CPU per draw against its target on one.
void sweep_case(const National& national, const char* what, const std::vector<SweepParameter>& parameters,
                std::size_t draws, double target_us) {
  for (int threads : {1, 2}) {
    const Timing timing = time_sweep(national.base(), national.reference(), parameters, draws, threads);
    std::printf("%s, %d thread%s: %7zu draws in %6.2f s wall = %8.0f draws/s; CPU %5.1f us/draw", what, threads,
                threads == 1 ? " " : "s", draws, timing.run_s, timing.draws_per_s, timing.cpu_us_per_draw);
    if (threads == 1) std::printf("  (target <= %g us)%s", target_us, verdict(timing.cpu_us_per_draw <= target_us));
    std::printf("  [setup %.2f s; load %.2f]\n", timing.setup_s, load_average());
  }
}

void sweep_fixed() { sweep_case(National(), "demography fixed", service_parameters(), 200000, 6.0); }

void sweep_drawn() {
  const National national;
  sweep_case(national, "demography drawn", all_parameters(national.reference()), 50000, 35.0);
}

void sweep_memory() {
  const National national;
  double seconds = 0.0;
  const double peak = child_peak_mib(national.base(), national.reference(), 1000000, 2, seconds);
  std::printf("10^6 draws (demography fixed, 2 threads, histogram quantiles): peak RSS %.0f MiB in %.1f s wall"
              "  (target <= 200 MB)%s\n",
              peak, seconds, verdict(peak * 1.048576 <= 200.0));
}

// One FastModel::evaluate (the kernel alone, no sampling or summaries) with fixed and with
// drawn demography: where a draw's time goes.
void kernel_evaluations() {
  auto run = carecast::config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/productivity.yaml");
  run.base.supply = {};  // as National
  const BaseData& base = run.base;
  const ScenarioParameters& reference = run.scenarios.at(1);
  const FastModel model(base, reference);
  auto workspace = model.workspace();
  std::vector<double> out(model.layout().size());
  ScenarioParameters fixed = reference;
  fixed.healthy_ageing.elasticity = 0.37;  // a drawn η: the factor is recomputed (the reference η is cached)
  fixed.productivity.assign(fixed.productivity.size(), 0.007);
  ScenarioParameters population = fixed;
  population.demography.total_fertility = TimePath({{2024, 1.44}, {2030, 1.50}, {2050, 1.71}});
  ScenarioParameters mortality = population;
  mortality.demography.life_expectancy[0] = TimePath({{2060, 91.7}});
  mortality.demography.life_expectancy[1] = TimePath({{2060, 87.2}});
  const std::pair<const char*, const ScenarioParameters*> cases[] = {
      {"fixed demography", &fixed}, {"population drawn", &population}, {"population and mortality drawn", &mortality}};
  for (const auto& [name, scenario] : cases) {
    const int repeats = 20000;
    model.evaluate(*scenario, *workspace, out.data());
    const double start = cpu_seconds();
    for (int i = 0; i < repeats; ++i) model.evaluate(*scenario, *workspace, out.data());
    std::printf("FastModel::evaluate, %-31s CPU %6.2f us per evaluation\n", name, 1e6 * (cpu_seconds() - start) / repeats);
  }
}

const carecast::bench::Registrar fixed("sweep: national sweep, demography fixed", sweep_fixed);
const carecast::bench::Registrar drawn("sweep: national sweep, demography drawn", sweep_drawn);
const carecast::bench::Registrar memory("sweep: national sweep, memory of 10^6 draws", sweep_memory);
const carecast::bench::Registrar kernel("kernel: FastModel::evaluate alone", kernel_evaluations);

}  // namespace
