#include "commands/sweep_support.hpp"

#include <unistd.h>

#include <cmath>
#include <iomanip>
#include <sstream>

#include "carecast/output/number_format.hpp"

namespace carecast::app {

ProgressBar::ProgressBar(std::ostream& err, bool enabled, std::string label)
    : err_(err),
      enabled_(enabled && isatty(STDERR_FILENO) == 1),
      label_(std::move(label)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  shown_ = true;
  constexpr int width = 30;
  const double fraction = double(done) / double(total);
  const int filled = int(fraction * width);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string bar(std::size_t(filled), '#');
  bar.resize(width, '.');
  std::ostringstream line;
  line << "\rcarecast: " << label_ << " [" << bar << "] " << std::setw(3) << int(fraction * 100.0) << "% "
       << output::format_grouped(double(done), 0) << "/" << output::format_grouped(double(total), 0) << " runs";
  if (fraction > 0.0 && done < total) line << ", " << int(std::ceil(elapsed * (1.0 - fraction) / fraction)) << " s left ";
  err_ << line.str() << std::flush;
}

void ProgressBar::finish() {
  if (shown_) err_ << "\n" << std::flush;
  shown_ = false;
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
