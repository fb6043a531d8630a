// The one table of indicators, and the layout of one projection's values year by year.
//
// Every projection (a deterministic run or one Monte Carlo draw) is computed by the same
// kernel into rows of SweepLayout::per_year() values, one row per year from the base year:
//
//   [services (årsverk)] [total (årsverk)] [professions (årsverk)] [indicators of kSweepIndicators]
//   [gap by profession (årsverk, demand − supply; only with a supply side, supply.hpp)]
//
// The total is the indicator health_care_arsverk, so it is not repeated among the indicators.
// Adding an indicator touches kIndicators below and the kernel line that computes it;
// writers, sweep outputs, thresholds and docs follow the table.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::engine {

// Indicators by year (index year − base year).
struct IndicatorSeries {
  std::vector<double> population;            // persons on 1 January
  std::vector<double> population_67plus;     // persons
  std::vector<double> population_80plus;     // persons
  std::vector<double> family_care_arsverk;   // årsverk, the scenario's path
  std::vector<double> health_care_arsverk;   // årsverk, sum over services
  std::vector<double> total_arsverk_economy;  // årsverk
  std::vector<double> share_of_all_arsverk;  // fraction
  std::vector<double> net_migration;         // persons, applied in the year before 1 January
};

enum class Indicator : int {
  population,
  population_67plus,
  population_80plus,
  family_care_arsverk,
  health_care_arsverk,
  total_arsverk_economy,
  share_of_all_arsverk,
  net_migration,
};
inline constexpr std::size_t kIndicatorCount = 8;

struct IndicatorInfo {
  Indicator id;
  std::string_view name;  // value of the `indicator` column of indicators.csv; a stable contract
  std::vector<double> IndicatorSeries::*series;
  std::string_view unit;
  std::string_view description;
};

// In the row order of indicators.csv.
inline constexpr std::array<IndicatorInfo, kIndicatorCount> kIndicators{{
    {Indicator::population, "population", &IndicatorSeries::population, "persons",
     "population on 1 January, all ages"},
    {Indicator::population_67plus, "population_67plus", &IndicatorSeries::population_67plus, "persons",
     "population aged 67 or older on 1 January"},
    {Indicator::population_80plus, "population_80plus", &IndicatorSeries::population_80plus, "persons",
     "population aged 80 or older on 1 January"},
    {Indicator::family_care_arsverk, "family_care_arsverk", &IndicatorSeries::family_care_arsverk, "årsverk",
     "unpaid family care (scenario path)"},
    {Indicator::health_care_arsverk, "health_care_arsverk", &IndicatorSeries::health_care_arsverk, "årsverk",
     "årsverk needed in all service areas together"},
    {Indicator::total_arsverk_economy, "total_arsverk_economy", &IndicatorSeries::total_arsverk_economy, "årsverk",
     "årsverk in the whole economy (population x employment rates x average årsverk per employed person)"},
    {Indicator::share_of_all_arsverk, "share_of_all_arsverk", &IndicatorSeries::share_of_all_arsverk, "fraction",
     "health_care_arsverk / total_arsverk_economy (0.13 = 13 %)"},
    {Indicator::net_migration, "net_migration", &IndicatorSeries::net_migration, "persons",
     "net migration during the previous calendar year as applied to the population (observed years: residual); "
     "less than the scenario's path when the population cannot supply the emigration asked"},
}};

constexpr const IndicatorInfo& indicator_info(Indicator id) { return kIndicators[std::size_t(id)]; }

// The indicators a projection row holds after the professions: every indicator of
// kIndicators but health_care_arsverk, which is the row's total column, in table order.
inline constexpr Indicator kTotalIndicator = Indicator::health_care_arsverk;
inline constexpr std::array<std::string_view, kIndicatorCount - 1> kSweepIndicators = [] {
  std::array<std::string_view, kIndicatorCount - 1> names{};
  std::size_t i = 0;
  for (const IndicatorInfo& info : kIndicators) {
    if (info.id != kTotalIndicator) names[i++] = info.name;
  }
  return names;
}();
// An indicator's position among kSweepIndicators (the total's is unused).
constexpr std::size_t sweep_indicator_position(Indicator id) {
  std::size_t position = 0;
  for (const IndicatorInfo& info : kIndicators) {
    if (info.id == id) break;
    if (info.id != kTotalIndicator) ++position;
  }
  return position;
}

// The results' names for the sum over the services (projection.csv, quantiles.csv, …) and for
// the whole country beside its regions: no service id or region in the data may take them.
inline constexpr std::string_view kTotalService = "total";
inline constexpr std::string_view kNationalRegion = "national";

// Columns of one year of a projection (see the top of this file).
struct SweepLayout {
  std::vector<int> years;
  std::vector<std::string> services;
  std::vector<std::string> professions;
  std::vector<std::string> gaps;  // the professions of the supply side (empty without one)

  std::size_t per_year() const {
    return services.size() + 1 + professions.size() + kSweepIndicators.size() + gaps.size();
  }
  std::size_t size() const { return years.size() * per_year(); }
  std::size_t total_column() const { return services.size(); }
  std::size_t profession_column(std::size_t k) const { return services.size() + 1 + k; }
  // The i-th entry of kSweepIndicators.
  std::size_t indicator_column(std::size_t i) const { return services.size() + 1 + professions.size() + i; }
  // The gap of the k-th entry of `gaps`.
  std::size_t gap_column(std::size_t k) const { return indicator_column(kSweepIndicators.size()) + k; }
  std::size_t column(Indicator id) const {
    return id == kTotalIndicator ? total_column() : indicator_column(sweep_indicator_position(id));
  }
  std::size_t year_index(int year) const { return std::size_t(year - years.front()); }
  // What column c (< per_year()) of a year's row holds, for messages: "årsverk of service
  // 'nursing_homes'", "total årsverk", "gap of profession 'nurses'", "indicator share_of_all_arsverk".
  std::string describe(std::size_t c) const {
    if (c < services.size()) return "årsverk of service '" + services[c] + "'";
    if (c == total_column()) return "total årsverk";
    if (c < indicator_column(0)) return "årsverk of profession '" + professions[c - total_column() - 1] + "'";
    if (c >= gap_column(0)) return "gap of profession '" + gaps[c - gap_column(0)] + "'";
    return "indicator " + std::string(kSweepIndicators[c - indicator_column(0)]);
  }
};

}  // namespace carecast::engine
