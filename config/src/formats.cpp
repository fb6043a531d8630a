#include "formats.hpp"

#include "levers_config.hpp"
#include "regions_config.hpp"
#include "supply_config.hpp"

#include <stdexcept>
#include <string>

namespace carecast::config::detail {

namespace {
// The formats listed below, then those of the equipment-lever files (levers_config.cpp).
std::vector<DataFormat> with_lever_formats(std::vector<DataFormat> formats) {
  for (DataFormat& format : lever_data_formats()) formats.push_back(std::move(format));
  for (DataFormat& format : region_data_formats()) formats.push_back(std::move(format));
  for (DataFormat& format : supply_data_formats()) formats.push_back(std::move(format));
  return formats;
}
}  // namespace

const std::vector<DataFormat>& data_formats() {
  static const std::vector<DataFormat> formats = with_lever_formats({
      {"population",
       "config/norway/population_jan1.csv",
       {{"year", "calendar year (1 January)"},
        {"sex", "`female` or `male`"},
        {"age", "completed years, 0 to top_age (the last age open-ended)"},
        {"persons", "persons, ≥ 0"}},
       {"Every year from `base_year` to `data.population.jump_off_year`, every age 0..top_age and both sexes "
        "must be present, each once.",
        "Ages above top_age are added to the top age group (it is open-ended).",
        "The base year's persons must be at least the services' base-year årsverk, who are part of them (a "
        "rule of ours, against a file in thousands or of another place)."}},
      {"mortality",
       "config/norway/mortality_mx.csv",
       {{"year", "calendar year"},
        {"sex", "`female` or `male`"},
        {"age", "completed years; the last age in the file is open-ended (100 = 100 or older)"},
        {"mx", "central death rate, deaths per person-year, ≥ 0"}},
       {"Only the rows of `data.mortality.base_year` are used; that year must hold every age from 0 to the "
        "file's highest age for both sexes.",
        "Simplification: ages above the file's highest age up to top_age get the rate of the highest age "
        "(the engine needs rates 0..top_age).",
        "The rate at top_age must be > 0 (nobody lives for ever)."}},
      {"mortality_decline",
       "config/norway/mortality_decline_pattern.csv",
       {{"sex", "`female` or `male`"},
        {"age", "completed years, 0 to the file's highest age"},
        {"decline_rate", "annual decline of the death rate at that age, fraction, ≥ 0 (only its shape is used)"}},
       {"Optional (`data.mortality.decline_pattern_file`). Every age from 0 to the file's highest age, both "
        "sexes, each once; ages above it up to top_age repeat its value.",
        "The engine normalises the pattern to mean 1 for each sex; without the file every age declines at "
        "the same speed (proportional hazards)."}},
      {"fertility",
       "config/norway/fertility_asfr.csv",
       {{"year", "calendar year"},
        {"age", "age of the mother, within 0..top_age (12..55 in the Norwegian file)"},
        {"asfr", "births per woman-year at that age, in [0, 1]"}},
       {"The schedule is the average over `data.fertility.schedule_years` (inclusive); every year must be "
        "present with the same ages; ages not listed have no births.",
        "At least one rate must be > 0."}},
      {"migration",
       "config/norway/net_migration_by_age.csv",
       {{"year", "calendar year of the move"},
        {"sex", "`female` or `male`"},
        {"age", "age at the end of the year"},
        {"persons", "net migration (immigrants − emigrants), persons, may be negative"}},
       {"Summed over `data.migration.profile_years` (inclusive); every year must hold every age 0..top_age "
        "for both sexes. Ages above top_age are added to the top age.",
        "The summed profile's net must be at least a tenth of its cells taken one by one (Σ|cells|): the "
        "engine normalises it to sum to 1, and a profile whose cells nearly cancel would move many times "
        "the scenario's net migration between ages."}},
      {"services",
       "config/norway/services.csv",
       {{"service", "id, `[a-z0-9_]+`, unique, not `total` (the results' name for the sum); the order of the rows is the order of the results"},
        {"label_en", "name for reports (non-empty)"},
        {"label_nb", "Norwegian name"},
        {"base_year", "year of base_arsverk; only the rows of the base file's `base_year` are read (rows of other years serve past base years: backtests, ssb-2019-reference)"},
        {"base_arsverk", "årsverk observed in the base year, at least 1 and at most 100 000 000"},
        {"long_term_care", "1 when the service takes over family care (docs/model.md §3), else 0"},
        {"source", "where the figure comes from"},
        {"note", "how it was derived"}},
       {"At least one service."}},
      {"use_profiles",
       "config/norway/service_use_profiles.csv",
       {{"service", "a service id of services.csv"},
        {"sex", "`female` or `male`"},
        {"age_from", "first age of the group"},
        {"age_to", "last age of the group (inclusive)"},
        {"relative_use", "use per inhabitant relative to other ages, any scale, ≥ 0"},
        {"basis", "how the value was obtained"},
        {"source", "where it comes from"}},
       {"For every service and sex the age groups cover 0..top_age without gaps or overlaps (groups reaching "
        "beyond top_age are cut there).",
        "Every service of services.csv has rows, and not all of its use is 0."}},
      {"staffing_mix",
       "config/norway/staffing_mix.csv",
       {{"service", "a service id of services.csv"},
        {"profession", "profession id; professions are ordered as first seen"},
        {"share", "share of the service's årsverk, in [0, 1]"},
        {"basis", "how the value was obtained"},
        {"source", "where it comes from"}},
       {"Every service has one row for every profession, and its shares sum to 1 (within 1e-6)."}},
      {"employment_rates",
       "config/norway/employment_rates.csv",
       {{"sex", "`female` or `male`"},
        {"age_from", "first age of the group"},
        {"age_to", "last age of the group (inclusive)"},
        {"rate", "employed persons per inhabitant, in [0, 1]"},
        {"basis", "how the value was obtained"},
        {"source", "where it comes from"}},
       {"For both sexes the age groups cover 0..top_age without gaps or overlaps."}},
      {"observed_arsverk",
       "config/norway/observed_arsverk.csv",
       {{"series", "id of the series, `[a-z0-9_]+`"},
        {"services", "the service ids (services.csv) the figure covers, separated by spaces; the same in every row of a series"},
        {"year", "the year of the figure"},
        {"arsverk", "årsverk observed, at least 1 and at most 100 000 000"},
        {"segment", "the years of one definition; `carecast backtest` compares a series only within a segment"},
        {"basis", "observed or how it was derived"},
        {"source", "where it comes from"}},
       {"One row per series and year."}},
      {"projection_file",
       "",
       {{"year", "calendar year (1 January)"},
        {"sex", "`female` or `male`"},
        {"age", "completed years, 0 to top_age"},
        {"persons", "persons, ≥ 0"}},
       {"An external population projection (`parameters.demography.projection_file`); every year from "
        "jump_off_year + 1 to end_year, every age and both sexes must be present. Ages above top_age are "
        "added "
        "to the top age."}},
  });
  return formats;
}


const DataFormat& data_format(std::string_view role) {
  for (const DataFormat& format : data_formats()) {
    if (format.role == role) return format;
  }
  throw std::logic_error("no data format '" + std::string(role) + "'");
}

std::vector<std::string_view> column_names(const DataFormat& format) {
  std::vector<std::string_view> names;
  for (const ColumnFormat& column : format.columns) names.push_back(column.name);
  return names;
}

}  // namespace carecast::config::detail
