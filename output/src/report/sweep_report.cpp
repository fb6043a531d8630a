#include "carecast/output/report/sweep_report.hpp"

#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/engine/sensitivity.hpp"
#include "carecast/output/report/text.hpp"

namespace carecast::output::report {
namespace {

// The decimals a parameter value needs (3 significant digits).
int value_decimals(double value) {
  const double magnitude = std::abs(value);
  if (magnitude > 0.0 && magnitude < 100.0) return std::min(6, 2 - int(std::floor(std::log10(magnitude))));
  return 0;
}

}  // namespace

std::vector<SweepReport> sweep_reports(const engine::SweepPlan& plan, const engine::SweepSummary& summary,
                                       const std::string& name, Language language,
                                       const std::vector<config::SweepParameterInfo>& info) {
  auto label_of = [&](std::size_t p) {
    if (p < info.size()) {
      const std::string& label = language == Language::nb ? info[p].label_nb : info[p].label_en;
      if (!label.empty()) return label;
    }
    return plan.parameters[p];
  };
  const engine::SweepLayout& layout = plan.layout;
  const std::size_t per_year = layout.per_year();
  const std::size_t statistics = engine::kSweepStatistics.size();
  const std::size_t k = plan.parameters.size();
  const std::size_t outputs = plan.sensitivity_outputs();
  CARECAST_CHECK(summary.scenarios.size() == plan.scenarios.size(), "one summary per scenario of the sweep");
  std::vector<SweepReport> reports;
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const engine::SweepSummary::Scenario& source = summary.scenarios[s];
    CARECAST_CHECK(source.statistics.size() == plan.columns() * statistics,
                   "sweep statistics have the plan's size");
    SweepReport report;
    report.sweep = name;
    report.scenario = plan.scenarios[s];
    report.draws = int(plan.settings.draws);
    report.seed = std::to_string(plan.settings.seed);
    report.years = layout.years;
    report.probabilities.assign(engine::kSweepQuantiles.begin(), engine::kSweepQuantiles.end());
    report.quantiles.resize(Eigen::Index(layout.years.size()), Eigen::Index(engine::kSweepQuantiles.size()));
    for (std::size_t y = 0; y < layout.years.size(); ++y) {
      for (std::size_t q = 0; q < engine::kSweepQuantiles.size(); ++q) {
        report.quantiles(Eigen::Index(y), Eigen::Index(q)) = source.statistics[(y * per_year + layout.total_column()) * statistics + q];
      }
    }
    report.interval_level = plan.settings.confidence;
    if (!plan.settings.report_years.empty()) {
      const std::size_t year_slot = plan.settings.report_years.size() - 1;
      report.target_year = plan.settings.report_years.back();
      const std::size_t output = year_slot * (layout.services.size() + 1) + layout.services.size();  // the total
      if (!source.tornado.empty() && k > 0) {
        CARECAST_CHECK(source.tornado.size() == (1 + 2 * k) * outputs, "tornado runs × outputs");
        report.tornado_centre = source.tornado[output];
        for (std::size_t p = 0; p < k; ++p) {
          SweepReport::TornadoRow row;
          row.parameter = plan.parameters[p];
          row.label = label_of(p);
          if (p < info.size()) row.description = language == Language::nb ? info[p].description_nb : info[p].description_en;
          const auto& inputs = plan.tornado_inputs[p];
          const auto& alternatives = plan.alternatives[p];
          if (alternatives.empty()) {
            row.low = inputs[0];
            row.high = inputs[2];
            row.decimals = std::max(value_decimals(row.low), value_decimals(row.high));
            row.low_value = format_human(row.low, row.decimals, language);
            row.high_value = format_human(row.high, row.decimals, language);
            if (p < info.size()) row.unit = unit_label(info[p].unit, language);
          } else {
            auto name_of = [&](double value) {
              const auto index = std::size_t(std::llround(value));
              return index < alternatives.size() ? alternatives[index] : std::string("?");
            };
            row.low_value = name_of(inputs[0]);
            row.high_value = name_of(inputs[2]);
          }
          row.low_result = source.tornado[(2 * p + 1) * outputs + output];
          row.high_result = source.tornado[(2 * p + 2) * outputs + output];
          report.tornado.push_back(std::move(row));
        }
      }
      if (!source.sobol.empty() && k > 0) {
        CARECAST_CHECK(source.sobol.size() == outputs * k, "Sobol indices: outputs × parameters");
        for (std::size_t p = 0; p < k; ++p) {
          const engine::SobolIndex& index = source.sobol[output * k + p];
          report.sobol.push_back({plan.parameters[p], label_of(p), index.first, index.first_low, index.first_high, index.total,
                                  index.total_low, index.total_high, std::string(engine::sobol_flag(index))});
        }
      }
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

}  // namespace carecast::output::report
