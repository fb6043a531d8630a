#include "carecast/engine/backtest.hpp"

#include "carecast/engine/check.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace carecast::engine {

std::vector<BacktestRow> compare_with_observed(const ScenarioResult& result,
                                               const std::vector<ObservedArsverk>& observed) {
  const int base_year = result.years.front(), last_year = result.years.back();
  auto group_sum = [&](const ObservedArsverk& point, int year) {
    double sum = 0.0;
    for (std::size_t j : point.services) {
      CARECAST_CHECK(Eigen::Index(j) < result.service_arsverk.cols(), "observed series names an unknown service");
      sum += result.service_arsverk(result.year_index(year), Eigen::Index(j));
    }
    return sum;
  };
  std::vector<std::string> order;
  for (const ObservedArsverk& point : observed) {
    if (std::find(order.begin(), order.end(), point.series) == order.end()) order.push_back(point.series);
  }
  std::vector<BacktestRow> rows;
  for (const std::string& series : order) {
    const auto start = std::find_if(observed.begin(), observed.end(), [&](const ObservedArsverk& point) {
      return point.series == series && point.year == base_year;
    });
    if (start == observed.end()) continue;  // not observed in the base year: nothing to start from
    const double base_sum = group_sum(*start, base_year);
    std::vector<const ObservedArsverk*> later;
    for (const ObservedArsverk& point : observed) {
      if (point.series == series && point.year > base_year && point.year <= last_year) {
        later.push_back(&point);
      }
    }
    std::sort(later.begin(), later.end(), [](const auto* a, const auto* b) { return a->year < b->year; });
    for (const ObservedArsverk* point : later) {
      BacktestRow row;
      row.series = series;
      row.base_year = base_year;
      row.year = point->year;
      row.observed = point->arsverk;
      row.projected = start->arsverk * group_sum(*point, point->year) / base_sum;
      row.error_pct = 100.0 * (row.projected - row.observed) / row.observed;
      row.same_definition = point->segment == start->segment;
      rows.push_back(row);
    }
  }
  return rows;
}

std::vector<HorizonError> errors_by_horizon(const std::vector<BacktestRow>& rows) {
  std::map<int, HorizonError> by;
  for (const BacktestRow& row : rows) {
    if (!row.same_definition) continue;
    HorizonError& error = by[row.horizon()];
    error.horizon = row.horizon();
    ++error.count;
    error.mean_absolute_error_pct += std::abs(row.error_pct);
  }
  std::vector<HorizonError> out;
  for (auto& [horizon, error] : by) {
    error.mean_absolute_error_pct /= double(error.count);
    error.per_year_pct = error.mean_absolute_error_pct / double(horizon);
    out.push_back(error);
  }
  return out;
}

}  // namespace carecast::engine
