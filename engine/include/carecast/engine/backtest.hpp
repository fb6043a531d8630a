// Backtest: the projection from a past base year against what was later observed
// (docs/model.md, "Backtest").
//
// An observed series is a group of service areas S whose årsverk were published for some
// years (specialist care, municipal care, ...). A series is compared only within one segment
// (the years of one definition: SSB's specialist-care series breaks in 2016 and in 2020).
// With the base year's profiles kept, the projection of series s from base year t0 is
//
//   projected_s(t) = observed_s(t0) · Σ_{j∈S} A_j(t) / Σ_{j∈S} A_j(t0)
//
// (the growth the model projects for the group, applied to the observed level, so that a
// service area that covers more or less than the published figure does not bias the level),
// and error_s(t) = 100 · (projected − observed) / observed, in %. Observations of another
// segment (after a break in the series) are compared too, but marked, and left out of the
// error summaries.
#pragma once

#include "carecast/engine/model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace carecast::engine {

struct ObservedArsverk {
  std::string series;                 // "specialist_care"
  std::vector<std::size_t> services;  // indices into BaseData::services
  int year = 0;
  double arsverk = 0.0;  // årsverk observed in the year
  std::string segment;   // years of one definition; compared only within a segment
};

struct BacktestRow {
  std::string series;
  int base_year = 0, year = 0;
  double projected = 0.0, observed = 0.0;
  double error_pct = 0.0;  // 100 · (projected − observed) / observed
  bool same_definition = true;  // the observation is of the base year's segment
  int horizon() const { return year - base_year; }
};

// Rows for every series observed in the projection's base year and in later years up to the
// projection's last year, ordered by series (first appearance), then year.
// `result` must come from a projection of a base data set with the services the indices name.
std::vector<BacktestRow> compare_with_observed(const ScenarioResult& result, const std::vector<ObservedArsverk>& observed);

// Mean absolute error (in %) of the rows of the same definition with each horizon (years after
// the base year), and the same divided by the horizon: the error per projected year, the
// measure published backtests of workforce models quote.
struct HorizonError {
  int horizon = 0;
  std::size_t count = 0;
  double mean_absolute_error_pct = 0.0;
  double per_year_pct = 0.0;
};
std::vector<HorizonError> errors_by_horizon(const std::vector<BacktestRow>& rows);

}  // namespace carecast::engine
