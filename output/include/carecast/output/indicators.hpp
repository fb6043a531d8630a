// The indicators written to indicators.csv: one table shared by the writer, the help text and
// the documentation. The order here is the row order in the file; names are a stable contract.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "carecast/engine/model.hpp"

namespace carecast::output {

struct IndicatorInfo {
  std::string_view name;  // value of the `indicator` column
  std::vector<double> engine::IndicatorSeries::*series;
  std::string_view unit;
  std::string_view description;
};

inline constexpr std::array<IndicatorInfo, 7> kIndicators{{
    {"population", &engine::IndicatorSeries::population, "persons", "population on 1 January, all ages"},
    {"population_67plus", &engine::IndicatorSeries::population_67plus, "persons",
     "population aged 67 or older on 1 January"},
    {"population_80plus", &engine::IndicatorSeries::population_80plus, "persons",
     "population aged 80 or older on 1 January"},
    {"family_care_arsverk", &engine::IndicatorSeries::family_care_arsverk, "årsverk",
     "unpaid family care (scenario path)"},
    {"health_care_arsverk", &engine::IndicatorSeries::health_care_arsverk, "årsverk",
     "årsverk needed in all service areas together"},
    {"total_arsverk_economy", &engine::IndicatorSeries::total_arsverk_economy, "årsverk",
     "årsverk in the whole economy (population x employment rates x average årsverk per employed person)"},
    {"share_of_all_arsverk", &engine::IndicatorSeries::share_of_all_arsverk, "fraction",
     "health_care_arsverk / total_arsverk_economy (0.13 = 13 %)"},
}};

}  // namespace carecast::output
