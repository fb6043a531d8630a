#include "commands/sweep_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "carecast/output/number_format.hpp"

namespace carecast::app {

ProgressBar::ProgressBar(std::ostream& err, ProgressMode mode, std::string label)
    : err_(err), mode_(mode), label_(std::move(label)), start_(std::chrono::steady_clock::now()), last_(start_) {}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (mode_ == ProgressMode::none || total == 0 || done >= total) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  const auto pause = mode_ == ProgressMode::bar ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  if ((shown_ || mode_ == ProgressMode::lines) && now - last_ < pause) return;
  last_ = now;
  const double fraction = double(done) / double(total);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::ostringstream line;
  // Never "100 %" before the end: the percentage is rounded down.
  line << "carecast: " << label_ << " ";
  if (mode_ == ProgressMode::bar) {
    constexpr int width = 30;
    std::string bar(std::size_t(fraction * width), '#');
    bar.resize(width, '.');
    line << "[" << bar << "] ";
  }
  line << std::setw(3) << int(fraction * 100.0) << " % " << output::format_grouped(double(done), 0) << "/"
       << output::format_grouped(double(total), 0) << " runs";
  if (fraction > 0.0) line << ", about " << int(std::ceil(elapsed * (1.0 - fraction) / fraction)) << " s left";
  if (mode_ == ProgressMode::bar) {
    err_ << "\r\033[K" << line.str() << std::flush;  // \033[K: erase what a longer line left
    shown_ = true;
  } else {
    err_ << line.str() << std::endl;
  }
}

void ProgressBar::finish() {
  if (shown_) err_ << "\r\033[K" << std::flush;
  shown_ = false;
}

std::optional<config::Problem> sweep_memory_problem(const config::SweepConfig& sweep, const engine::SweepPlan& plan,
                                                    std::size_t first, std::size_t last, std::size_t threads,
                                                    bool draws_option) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::nullopt;  // unknown: nothing to compare with
  const double memory = double(pages) * double(page);
  const double needed = double(engine::sweep_peak_bytes(plan, first, last, threads));
  if (needed <= memory) return std::nullopt;
  // The setting behind most of it: the draws' results or the Sobol rows (of this part).
  const std::size_t main_units = plan.main_units();
  const double draws_part = double(
      engine::sweep_peak_bytes(plan, std::min(first, main_units), std::min(last, main_units), threads));
  const bool by_draws = draws_part * 2.0 >= needed;
  const auto gigabytes = [](double bytes) { return output::format_grouped(bytes / 1e9, bytes < 1e11 ? 1 : 0); };
  config::Problem problem;
  problem.key_path = by_draws ? (plan.exact_quantiles ? "quantiles.exact_up_to" : "draws") : "sobol.rows";
  problem.where.file = draws_option && problem.key_path == "draws" ? "--draws" : sweep.sweep_file;
  problem.value = std::to_string(by_draws ? (plan.exact_quantiles ? plan.settings.exact_quantile_draws : plan.settings.draws)
                                          : plan.settings.sobol_rows);
  problem.rule = "a sweep of " + output::format_grouped(double(plan.settings.draws), 0) + " draws and " +
                 output::format_grouped(double(plan.settings.sobol_rows), 0) + " Sobol rows keeps about " +
                 gigabytes(needed) + " GB in memory here, more than this machine's " + gigabytes(memory) +
                 " GB: use fewer draws or Sobol rows" +
                 (plan.exact_quantiles ? ", histogram quantiles (quantiles.exact_up_to below the draws)" : "") +
                 ", or split the sweep over machines with --shard I/N, N of at least " +
                 output::format_grouped(std::ceil(needed / memory), 0) + " (docs/sweeps.md)";
  return problem;
}

std::optional<std::size_t> draws_option(const boost::program_options::variables_map& values, const std::string& command) {
  if (values.count("draws") == 0) return std::nullopt;
  const long long draws = values["draws"].as<long long>();
  if (draws < 1 || draws > config::kMaxSweepDraws) {
    throw UsageError(command, "--draws must be between 1 and " + std::to_string(config::kMaxSweepDraws) + " (got " +
                                  std::to_string(draws) + ")");
  }
  return std::size_t(draws);
}

void check_sweep_memory(const config::SweepConfig& sweep, const engine::SweepPlan& plan, std::size_t first,
                        std::size_t last, std::size_t threads, bool draws_option) {
  if (auto problem = sweep_memory_problem(sweep, plan, first, last, threads, draws_option)) {
    throw config::ConfigError({std::move(*problem)});
  }
}

engine::Sweep make_sweep(const config::SweepConfig& sweep) {
  // The swept scenarios at their own values first: a scenario the projection refuses is the
  // scenario's problem (located in its file or at a --set), not a draw's.
  config::check_projection(sweep.run);
  return with_located_draws(sweep, [&] {
    return engine::Sweep(sweep.run.base, sweep.run.scenarios, sweep.parameters, sweep.settings,
                         config::sweep_fingerprint(sweep));
  });
}

std::string unit_range(std::size_t first, std::size_t last) {
  if (last <= first) return "no unit";
  if (last == first + 1) return "unit " + std::to_string(first + 1);
  return "units " + std::to_string(first + 1) + "-" + std::to_string(last);
}

std::string sweep_summary_text(const engine::SweepPlan& plan, const engine::SweepSummary& summary) {
  const engine::SweepLayout& layout = plan.layout;
  const std::size_t stats = engine::kSweepStatistics.size();
  std::vector<int> years = plan.settings.report_years;
  if (years.empty()) years = {layout.years.back()};
  std::ostringstream out;
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const auto& statistics = summary.scenarios[s].statistics;
    out << "Scenario " << plan.scenarios[s] << ": " << output::format_grouped(double(plan.settings.draws), 0)
        << " draws\n";
    out << "  " << std::left << std::setw(8) << "year" << std::right << std::setw(12) << "p5" << std::setw(12)
        << "median" << std::setw(12) << "p95" << std::setw(12) << "mean" << std::setw(14) << "share p50 %" << "\n";
    for (int year : years) {
      const std::size_t row = layout.year_index(year) * layout.per_year();
      const double* total = &statistics[(row + layout.total_column()) * stats];
      const double* share = &statistics[(row + layout.column(engine::Indicator::share_of_all_arsverk)) * stats];
      using engine::Statistic, engine::statistic_index;
      out << "  " << std::left << std::setw(8) << year << std::right << std::setw(12)
          << output::format_grouped(total[statistic_index(Statistic::p5)], 0) << std::setw(12)
          << output::format_grouped(total[statistic_index(Statistic::p50)], 0) << std::setw(12)
          << output::format_grouped(total[statistic_index(Statistic::p95)], 0) << std::setw(12)
          << output::format_grouped(total[statistic_index(Statistic::mean)], 0) << std::setw(14)
          << output::format_grouped(100.0 * share[statistic_index(Statistic::p50)], 1) << "\n";
    }
    const auto& sobol = summary.scenarios[s].sobol;
    const std::size_t k = plan.parameters.size();
    if (!sobol.empty() && k > 0) {
      const std::size_t output = (plan.settings.report_years.size() - 1) * (layout.services.size() + 1) + layout.services.size();
      std::size_t best = 0;
      for (std::size_t p = 1; p < k; ++p) {
        if (sobol[output * k + p].total > sobol[output * k + best].total) best = p;
      }
      if (!std::isnan(sobol[output * k + best].total)) {
        // An estimate that is not a valid index is never shown bare (sensitivity.hpp).
        const std::string_view flag = engine::sobol_flag(sobol[output * k + best]);
        out << "  largest total Sobol index for total årsverk in " << plan.settings.report_years.back() << ": "
            << plan.parameters[best] << " (" << output::format_grouped(sobol[output * k + best].total, 2);
        if (!flag.empty()) out << "; NOT A VALID INDEX: " << flag << ", use more sobol.rows";
        out << ")\n";
      }
    }
  }
  return out.str();
}

}  // namespace carecast::app
