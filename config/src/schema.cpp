#include "carecast/config/schema.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "carecast/config/errors.hpp"
#include "carecast/config/sweep_config.hpp"
#include "formats.hpp"
#include "levers_config.hpp"
#include "regions_config.hpp"
#include "supply_config.hpp"
#include "text.hpp"

namespace carecast::config {

using detail::format_number;

std::string_view mortality_mode_name(engine::MortalityMode mode) { return choice_name(kMortalityModes, mode); }

std::string entry_type_name(const SchemaEntry& entry) {
  if (entry.type == ValueType::id_map) return "map by " + std::string(entry.keyed_by) + " id";
  return std::string(value_type_name(entry.type));
}

std::string_view value_type_name(ValueType type) {
  switch (type) {
    case ValueType::section:
      return "map";
    case ValueType::id_map:
      return "map by service id";
    case ValueType::string:
      return "string";
    case ValueType::path:
      return "path";
    case ValueType::integer:
      return "integer";
    case ValueType::number:
      return "number";
    case ValueType::time_path:
      return "time path";
    case ValueType::year_range:
      return "[year, year]";
    case ValueType::enumeration:
      return "enum";
    case ValueType::list:
      return "list";
    case ValueType::one_or_list:
      return "one or a list";
    case ValueType::name_map:
      return "map by name";
    case ValueType::key_values:
      return "map of key.path: value";
  }
  return "?";
}

Bound closed(double value) { return {Bound::Kind::value, value, {}, false}; }
Bound exclusive(double value) { return {Bound::Kind::value, value, {}, true}; }
Bound closed_key(std::string_view key) { return {Bound::Kind::key, 0.0, key, false}; }
Bound open_key(std::string_view key) { return {Bound::Kind::key, 0.0, key, true}; }

SchemaEntry section_entry(std::string_view path, std::string_view description, bool required,
                          std::string_view reference) {
  SchemaEntry entry;
  entry.path = path;
  entry.type = ValueType::section;
  entry.required = required;
  entry.reference = reference;
  entry.description = description;
  return entry;
}

SchemaEntry file_entry(std::string_view path, std::string_view reference, std::string_view format) {
  SchemaEntry entry;
  entry.path = path;
  entry.type = ValueType::path;
  entry.reference = reference;
  entry.description = format;
  return entry;
}

SchemaEntry source_entry(std::string_view path) {
  SchemaEntry entry;
  entry.path = path;
  entry.type = ValueType::string;
  entry.description = "Where the numbers come from (kept in the run manifest).";
  return entry;
}

namespace {

template <class Table>
std::vector<std::string_view> choices_of(const Table& table) {
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.first);
  return names;
}

// Setters of the scalar scenario parameters (values in user units).
void set_all(std::vector<double>& values, double fraction) { values.assign(values.size(), fraction); }

// The table. Designated initializers name every field; omitted fields keep their defaults
// (required, no unit, no reference value, no range, no setter). GCC 12 warns about every
// omitted field under -Wextra although omitting them is the point.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<SchemaEntry> make_base_schema() {
  using V = ValueType;
  const Bound first_year = closed(1900), last_year = closed(2200);
  const Bound pct_low = closed(-5), pct_high = closed(10);
  const Bound zero = closed(0), one = closed(1);
  std::vector<SchemaEntry> entries{
      {.path = "country",
       .type = V::string,
       .reference = "Norway",
       .description = "Country the base data describe; shown in reports."},
      {.path = "base_year",
       .type = V::integer,
       .unit = "year",
       .reference = "2023",
       .min = first_year,
       .max = last_year,
       .description = "t0: the year the use profiles are calibrated to (the base årsverk in services.csv are "
                      "for this year); results start here."},
      {.path = "end_year",
       .type = V::integer,
       .unit = "year",
       .reference = "2060",
       .min = open_key("base_year"),
       .max = last_year,
       .description = "Last projected year."},
      {.path = "top_age",
       .type = V::integer,
       .unit = "years",
       .reference = "105",
       .min = closed(50),
       .max = closed(130),
       .description = "Open-ended top age group (105 = 105 or older)."},
      section_entry("data", "Data files (CSV), paths relative to the base file; formats under Data files below."),
      section_entry("data.population", "Observed 1 January population."),
      file_entry("data.population.file", "norway/population_jan1.csv", "Format `population`."),
      {.path = "data.population.jump_off_year",
       .type = V::integer,
       .unit = "year",
       .reference = "2026",
       .min = closed_key("base_year"),
       .max = open_key("end_year"),
       .description = "Last observed year: the projection starts from its population. The file must hold "
                      "every year from base_year to this one."},
      source_entry("data.population.source"),
      section_entry("data.mortality", "Central death rates."),
      file_entry("data.mortality.file", "norway/mortality_mx.csv", "Format `mortality`."),
      {.path = "data.mortality.base_year",
       .type = V::integer,
       .unit = "year",
       .reference = "2023",
       .min = first_year,
       .max = closed_key("base_year"),
       .description = "Year whose death rates start the mortality projection; must be in the file."},
      source_entry("data.mortality.source"),
      {.path = "data.mortality.decline_pattern_file",
       .type = V::path,
       .required = false,
       .reference = "norway/mortality_decline_pattern.csv",
       .description = "Optional. Age pattern of mortality decline (format `mortality_decline`): death rates "
                      "fall as mx·exp(−κ(t)·b(a)); without it every age declines at the same speed."},
      {.path = "data.mortality.decline_pattern_source",
       .type = V::string,
       .required = false,
       .description = "Where the decline pattern comes from (kept in the run manifest)."},
      section_entry("data.fertility", "Age-specific fertility rates."),
      file_entry("data.fertility.file", "norway/fertility_asfr.csv", "Format `fertility`."),
      {.path = "data.fertility.schedule_years",
       .type = V::year_range,
       .unit = "year",
       .reference = "[2018, 2022]",
       .min = first_year,
       .max = last_year,
       .description = "Years averaged (inclusive) into the age pattern of fertility; only its shape is used "
                      "(the level comes from total_fertility). Every year must be in the file."},
      source_entry("data.fertility.source"),
      section_entry("data.migration", "Net migration by age and sex."),
      file_entry("data.migration.file", "norway/net_migration_by_age.csv", "Format `migration`."),
      {.path = "data.migration.profile_years",
       .type = V::year_range,
       .unit = "year",
       .reference = "[2019, 2021]",
       .min = first_year,
       .max = last_year,
       .description = "Years summed (inclusive) into the age-sex pattern of net migration; only its shape is "
                      "used (the level comes from net_migration). Every year must be in the file."},
      source_entry("data.migration.source"),
      section_entry("data.services", "Service areas and their base-year årsverk."),
      file_entry("data.services.file", "norway/services.csv", "Format `services`."),
      source_entry("data.services.source"),
      section_entry("data.use_profiles", "Relative use of each service by age and sex."),
      file_entry("data.use_profiles.file", "norway/service_use_profiles.csv", "Format `use_profiles`."),
      source_entry("data.use_profiles.source"),
      section_entry("data.staffing_mix", "Shares of each service's årsverk by profession."),
      file_entry("data.staffing_mix.file", "norway/staffing_mix.csv", "Format `staffing_mix`."),
      source_entry("data.staffing_mix.source"),
      section_entry("data.employment_rates", "Employed persons per inhabitant by age and sex."),
      file_entry("data.employment_rates.file", "norway/employment_rates.csv", "Format `employment_rates`."),
      source_entry("data.employment_rates.source"),
      section_entry("data.observed_arsverk",
                    "Årsverk observed after past base years, by series of service areas: what `carecast "
                    "backtest` compares with. Optional.",
                    false),
      file_entry("data.observed_arsverk.file", "norway/observed_arsverk.csv", "Format `observed_arsverk`."),
      source_entry("data.observed_arsverk.source"),
      {.path = "professions",
       .type = V::id_map,
       .required = false,
       .description = "Optional. Names of the professions of staffing_mix.csv for people, keyed by profession "
                      "id; reports show the id (with '_' as spaces) for a profession without one.",
       .keyed_by = "profession"},
      section_entry("professions.*", "Names of one profession.", false),
      {.path = "professions.*.label_en",
       .type = V::string,
       .required = false,
       .description = "The profession's name in English reports."},
      {.path = "professions.*.label_nb",
       .type = V::string,
       .required = false,
       .description = "The profession's name in bokmål reports."},
      section_entry("economy", "The economy around the health and care services."),
      {.path = "economy.share_anchor",
       .type = V::number,
       .unit = "share",
       .reference = "0.13",
       .min = closed(0.001),  // below 0.1 % the economy's årsverk leave double precision in a sweep's sums
       .max = one,
       .description = "Share of all årsverk in the economy used by public health and care in "
                      "share_anchor_year (SSB Rapporter 2023/03: 13 % in 2019); fixes the average årsverk per "
                      "employed person, and the base-year share follows from the base year's own population "
                      "and employment."},
      {.path = "economy.share_anchor_year",
       .type = V::integer,
       .required = false,
       .unit = "year",
       .reference = "2019",
       .min = closed(1900),
       .max = closed_key("data.population.jump_off_year"),
       .description = "The year share_anchor belongs to: its observed population (from the population file) "
                      "at base-year user rates and employment rates. Without it: the base year."},
      section_entry("parameters",
              "Scenario parameters. The base file sets every one (the reference values); scenario files and "
              "--set override them."),
      section_entry("parameters.demography",
              "Demographic assumptions of the internal cohort-component projection."),
      {.path = "parameters.demography.total_fertility",
       .type = V::time_path,
       .unit = "children per woman",
       .reference = "{2024: 1.44, 2030: 1.65}",
       .min = zero,
       .max = closed(10),
       .description = "Total fertility rate."},
      {.path = "parameters.demography.sex_ratio_at_birth",
       .type = V::number,
       .unit = "boys per girl",
       .reference = "1.055",
       .min = closed(0.9),
       .max = closed(1.2),
       .description = "Sex ratio at birth.",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.demography.sex_ratio_at_birth = v; }},
      section_entry("parameters.demography.mortality", "How death rates move after the mortality base year."),
      {.path = "parameters.demography.mortality.mode",
       .type = V::enumeration,
       .reference = "life_expectancy",
       .choices = choices_of(kMortalityModes),
       .description = "improvement_rate: death rates fall by improvement_pct a year (times the age pattern "
                      "of decline); life_expectancy: death rates move along the age pattern of decline to "
                      "follow the life_expectancy targets."},
      {.path = "parameters.demography.mortality.improvement_pct",
       .type = V::number,
       .unit = "%/yr",
       .reference = "1.5",
       .min = pct_low,
       .max = pct_high,
       .description = "Annual decline of every death rate (used in improvement_rate mode).",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.demography.mortality_improvement = v / 100; }},
      section_entry(
          "parameters.demography.mortality.life_expectancy",
          "Life expectancy at birth targets by sex (used in life_expectancy mode); the observed base-year "
          "value is the starting knot."),
      {.path = "parameters.demography.mortality.life_expectancy.female",
       .type = V::time_path,
       .unit = "years",
       .reference = "{2050: 89.3, 2060: 91.0}",
       .min = closed(20),
       .max = closed(120),
       .description = "Women's life expectancy at birth."},
      {.path = "parameters.demography.mortality.life_expectancy.male",
       .type = V::time_path,
       .unit = "years",
       .reference = "{2050: 85.1, 2060: 86.5}",
       .min = closed(20),
       .max = closed(120),
       .description = "Men's life expectancy at birth."},
      {.path = "parameters.demography.net_migration",
       .type = V::time_path,
       .unit = "persons/yr",
       .reference = "{2024: 34000, 2025: 12000, 2030: 16000}",
       .min = closed(-1e8),
       .max = closed(1e8),
       .description = "Net migration (immigration minus emigration) by calendar year of the move (at most "
                      "100 million either way, more than any country's: larger values overflowed the sums "
                      "of a sweep)."},
      {.path = "parameters.demography.projection_file",
       .type = V::path,
       .required = false,
       .description =
           "Optional external population projection (format `projection_file`) used instead of the "
           "internal one; it must cover jump_off_year + 1 to end_year. Mortality is still projected "
           "(healthy ageing needs it)."},
      {.path = "parameters.standard_growth_pct",
       .type = V::number,
       .unit = "%/yr",
       .reference = "1.0",
       .min = pct_low,
       .max = pct_high,
       .description = "s: growth in service standard, all services (SSB's reference: 1 %/yr).",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { set_all(p.standard_growth, v / 100); }},
      {.path = "parameters.productivity_pct",
       .type = V::number,
       .unit = "%/yr",
       .reference = "0.5",
       .min = pct_low,
       .max = pct_high,
       .description = "p: labour-saving productivity growth, all services (SSB's reference: 0.5 %/yr).",
       .set = [](engine::ScenarioParameters& p, std::size_t, double v) { set_all(p.productivity, v / 100); }},
      {.path = "parameters.services",
       .type = V::id_map,
       .reference = "{}",
       .description = "Per-service overrides, keyed by service id (from services.csv)."},
      section_entry("parameters.services.*", "Overrides for one service.", false),
      {.path = "parameters.services.*.standard_growth_pct",
       .type = V::number,
       .required = false,
       .unit = "%/yr",
       .min = pct_low,
       .max = pct_high,
       .description = "s for this service instead of parameters.standard_growth_pct.",
       .set = [](engine::ScenarioParameters& p, std::size_t j,
                 double v) { p.standard_growth.at(j) = v / 100; }},
      {.path = "parameters.services.*.productivity_pct",
       .type = V::number,
       .required = false,
       .unit = "%/yr",
       .min = pct_low,
       .max = pct_high,
       .description = "p for this service instead of parameters.productivity_pct.",
       .set = [](engine::ScenarioParameters& p, std::size_t j, double v) { p.productivity.at(j) = v / 100; }},
      {.path = "parameters.employment_62_74_pp",
       .type = V::time_path,
       .required = false,
       .unit = "percentage points",
       .reference = "0",
       .min = closed(-100),
       .max = closed(100),
       .description = "Added to the base-year employment rates of ages 62-74 (flexible retirement after the "
                      "2011 pension reform), by year: the denominator of the share of all årsverk. A plain number "
                      "applies from the base year; write a path such as {2023: 0, 2040: 5} for a gradual rise. "
                      "Every rate must stay within [0, 1]."},
      section_entry("parameters.healthy_ageing",
              "Healthy ageing (\"friskere eldre\"): lower user rates at old ages as mortality falls."),
      {.path = "parameters.healthy_ageing.method",
       .type = V::enumeration,
       .reference = "mortality_ratio",
       .choices = choices_of(kHealthyAgeingMethods),
       .description = "mortality_ratio (SSB's): user rates from threshold_age on are multiplied by "
                      "min(1, (q(t)/q(t0))^elasticity), q the death probability of the sex and age; "
                      "age_shift: profiles are read at the age a − theta·(gain in remaining life "
                      "expectancy)."},
      {.path = "parameters.healthy_ageing.elasticity",
       .type = V::number,
       .unit = "elasticity",
       .reference = "0.57",
       .min = zero,
       .max = closed(5.0),
       .description = "η of the mortality_ratio method: the % fall in user rates per % fall in the "
                      "death probability (0 none; the reference is derived in docs/model.md).",
       .set = [](engine::ScenarioParameters& p, std::size_t, double v) { p.healthy_ageing.elasticity = v; }},
      {.path = "parameters.healthy_ageing.theta",
       .type = V::number,
       .unit = "share",
       .reference = "0.5",
       .min = zero,
       .max = one,
       .description =
           "age_shift method: share of gained life years lived in good health (0 none, 0.5 dynamic "
           "equilibrium, 1 full compression).",
       .set = [](engine::ScenarioParameters& p, std::size_t, double v) { p.healthy_ageing.theta = v; }},
      {.path = "parameters.healthy_ageing.threshold_age",
       .type = V::integer,
       .unit = "years",
       .reference = "55",
       .min = zero,
       .max = closed_key("top_age"),
       .description = "Either method acts from this age on (SSB: 55).",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.healthy_ageing.threshold_age = static_cast<int>(std::lround(v)); }},
      section_entry("parameters.family_care", "Unpaid family care."),
      {.path = "parameters.family_care.mode",
       .type = V::enumeration,
       .reference = "total_need",
       .choices = choices_of(kFamilyCareModes),
       .description = "total_need (SSB's): family care is part of the total need of the long-term-care "
                      "services, the need grows with the population, the public services supply what "
                      "family care does not; spillover: only a fall of family care below its base-year "
                      "level is taken over, by spillover_share."},
      {.path = "parameters.family_care.arsverk",
       .type = V::time_path,
       .unit = "årsverk",
       .reference = "90000",
       .min = zero,
       .max = closed(1e7),  // more than three times Norway's labour force
       .description = "Unpaid family care a year (SSB's reference: constant 90 000)."},
      {.path = "parameters.family_care.ages",
       .type = V::enumeration,
       .reference = "all",
       .choices = choices_of(kFamilyCareAges),
       .description = "total_need mode: the family's part of the need grows with the long-term-care "
                      "need of all ages, or of people aged 67 or more."},
      {.path = "parameters.family_care.spillover_share",
       .type = V::number,
       .unit = "share",
       .reference = "0.5",
       .min = zero,
       .max = one,
       .description =
           "spillover mode: share of any fall below the base-year level taken over by the "
           "long-term-care services.",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.family_care.spillover_share = v; }},
  };
  // Equipment-investment levers (levers_config.cpp): their data files after the other data
  // files, their parameters at the end.
  const auto data_end = std::find_if(entries.begin(), entries.end(), [](const SchemaEntry& entry) {
    return entry.path == "data.employment_rates.source";
  });
  const auto lever_data = detail::lever_data_entries();
  entries.insert(data_end == entries.end() ? data_end : data_end + 1, lever_data.begin(), lever_data.end());
  // The supply side (supply_config.cpp): its data after the levers' data, its parameters last.
  const auto supply_data = detail::supply_data_entries();
  const auto supply_at = std::find_if(entries.begin(), entries.end(),
                                      [](const SchemaEntry& entry) { return entry.path == "professions"; });
  entries.insert(supply_at, supply_data.begin(), supply_data.end());
  // Regional projections (regions_config.cpp): their data after the levers' data, the level
  // before the parameters.
  const auto region_data = detail::region_data_entries();
  const auto regions_at = std::find_if(entries.begin(), entries.end(), [](const SchemaEntry& entry) {
    return entry.path == "data.labour_cost.source";
  });
  entries.insert(regions_at == entries.end() ? regions_at : regions_at + 1, region_data.begin(), region_data.end());
  const auto parameters_at = std::find_if(entries.begin(), entries.end(), [](const SchemaEntry& entry) {
    return entry.path == "parameters";
  });
  entries.insert(parameters_at, detail::region_level_entry());
  const auto lever_parameters = detail::lever_parameter_entries();
  entries.insert(entries.end(), lever_parameters.begin(), lever_parameters.end());
  const auto supply_parameters = detail::supply_parameter_entries();
  entries.insert(entries.end(), supply_parameters.begin(), supply_parameters.end());
  return entries;
}

std::vector<SchemaEntry> make_scenario_file_schema() {
  using V = ValueType;
  return {
      {.path = "base",
       .type = V::path,
       .reference = "../config/norway.yaml",
       .description = "Base file (country data and reference parameters), relative to this file."},
      {.path = "description", .type = V::string, .required = false, .description = "For people."},
      {.path = "label_en",
       .type = V::string,
       .required = false,
       .description = "Without a `scenarios` list: the scenario's name in English reports (default: the name)."},
      {.path = "label_nb",
       .type = V::string,
       .required = false,
       .description = "Without a `scenarios` list: the scenario's name in bokmål reports (default: the name)."},
      {.path = "description_en",
       .type = V::string,
       .required = false,
       .description = "Without a `scenarios` list: one sentence on the scenario in English reports (default: "
                      "`description`)."},
      {.path = "description_nb",
       .type = V::string,
       .required = false,
       .description = "Without a `scenarios` list: one sentence on the scenario in bokmål reports (default: "
                      "`description`)."},
      {.path = "parameters",
       .type = V::section,
       .required = false,
       .reference = "{}",
       .description =
           "Overrides shared by every scenario in this file: any key under `parameters` of the base "
           "file."},
      {.path = "scenarios",
       .type = V::list,
       .required = false,
       .description =
           "The scenarios, run in this order. Without this list the file is one scenario named after "
           "the file stem."},
      {.path = "scenarios[].name",
       .type = V::string,
       .description = "Unique, non-empty, at most 100 characters; ASCII letters (not æ, ø, å), digits, '.', '_' and '-' only."},
      {.path = "scenarios[].description", .type = V::string, .required = false, .description = "For people."},
      {.path = "scenarios[].label_en",
       .type = V::string,
       .required = false,
       .description = "The scenario's name in English reports: legends, table rows, captions, sentences "
                      "(default: the name)."},
      {.path = "scenarios[].label_nb",
       .type = V::string,
       .required = false,
       .description = "The scenario's name in bokmål reports (default: the name)."},
      {.path = "scenarios[].description_en",
       .type = V::string,
       .required = false,
       .description = "One sentence on the scenario in English reports (default: `description`)."},
      {.path = "scenarios[].description_nb",
       .type = V::string,
       .required = false,
       .description = "One sentence on the scenario in bokmål reports (default: `description`)."},
      {.path = "scenarios[].parameters",
       .type = V::section,
       .required = false,
       .description = "Overrides for this scenario, applied after the file's shared `parameters`."},
  };
}

template <std::size_t N, class T>
std::vector<std::string_view> names_of(const std::array<std::pair<std::string_view, T>, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.first);
  return names;
}

// Sweep files (sweep_config.cpp reads the checked values; docs/sweeps.md explains them).
std::vector<SchemaEntry> make_sweep_file_schema() {
  using V = ValueType;
  const Bound after_base = open_key("base_year"), end = closed_key("end_year");
  const Bound zero = closed(0), probability_low = exclusive(0), probability_high = exclusive(1);
  auto number = [](std::string_view path, std::string_view description, Bound min = {}) {
    return SchemaEntry{
        .path = path, .type = V::number, .required = false, .min = min, .description = description};
  };
  return {
      {.path = "scenario_file",
       .type = V::path,
       .description = "Scenario file whose scenarios are swept (base data and reference values, read as "
                      "`carecast run` reads it, --set included), relative to this file."},
      {.path = "scenarios",
       .type = V::list,
       .required = false,
       .min = closed(1),
       .description =
           "Only these scenarios of the scenario file (kept in the file's order); without it, all."},
      {.path = "scenarios[]", .type = V::string, .description = "A scenario name from the scenario file."},
      {.path = "description", .type = V::string, .required = false, .description = "For people."},
      {.path = "seed",
       .type = V::integer,
       .min = zero,
       .description = "Key of the random streams: the same seed gives the same draws (--seed overrides)."},
      {.path = "draws",
       .type = V::integer,
       .min = closed(1),
       .max = closed(double(kMaxSweepDraws)),
       .description = "Monte Carlo draws (--draws overrides)."},
      {.path = "report_years",
       .type = V::list,
       .min = closed(1),
       .description = "Years of the Sobol indices and the tornado, each listed once."},
      {.path = "report_years[]",
       .type = V::integer,
       .unit = "year",
       .min = after_base,
       .max = end,
       .description = "A projected year."},
      {.path = "uncertain",
       .type = V::list,
       .description = "The uncertain parameters (may be empty `[]`), applied in this order: a continuous "
                      "distribution that sets keys, or a `choice` among named alternatives."},
      {.path = "uncertain[].name",
       .type = V::string,
       .required = false,
       .description =
           "Names the parameter in outputs and its random stream; default: the first key of `set`. "
           "Required for a choice; unique."},
      {.path = "uncertain[].label_en",
       .type = V::string,
       .required = false,
       .description = "For people: the parameter's name in English reports (default: its name)."},
      {.path = "uncertain[].label_nb",
       .type = V::string,
       .required = false,
       .description = "For people: the parameter's name in Norwegian bokmål reports (default: its name)."},
      {.path = "uncertain[].description_en",
       .type = V::string,
       .required = false,
       .description = "For people: what the parameter stands for, in English."},
      {.path = "uncertain[].description_nb",
       .type = V::string,
       .required = false,
       .description = "For people: what the parameter stands for, in Norwegian bokmål."},
      {.path = "uncertain[].distribution",
       .type = V::enumeration,
       .choices = names_of(engine::kDistributionKinds),
       .description = "The distribution; the keys it takes are those below marked with its name."},
      {.path = "uncertain[].set",
       .type = V::one_or_list,
       .required = false,
       .min = closed(1),
       .description = "Continuous distributions (required): the key path the drawn value sets, or a list of "
                      "them (all get the same draw): a scalar parameter marked Sweep in "
                      "config-reference.md, or a time path (total_fertility, life_expectancy.female/.male, "
                      "net_migration, family_care.arsverk), or a number of a lever every swept scenario has "
                      "(docs/levers.md, Levers in sweeps)."},
      {.path = "uncertain[].set[]", .type = V::string, .description = "A key path."},
      {.path = "uncertain[].apply",
       .type = V::enumeration,
       .required = false,
       .choices = names_of(kSweepApplyModes),
       .description = "How the value changes the key: `value` for numbers (the default); for time paths "
                      "(required) scale, shift, end_value, path_to or constant."},
      {.path = "uncertain[].year",
       .type = V::integer,
       .required = false,
       .unit = "year",
       .min = after_base,
       .max = end,
       .description = "apply: path_to (required there, nowhere else): the year the value is reached."},
      number("uncertain[].value", "fixed: the value."),
      number("uncertain[].mean", "normal: the mean."),
      number("uncertain[].sd", "normal: the standard deviation (0: fixed at the mean).", zero),
      number("uncertain[].meanlog", "lognormal: the mean of ln X."),
      number("uncertain[].sdlog", "lognormal: the standard deviation of ln X.", zero),
      number("uncertain[].min", "uniform, triangular, pert: the least value."),
      number("uncertain[].mode", "triangular, pert: the most likely value."),
      number("uncertain[].max", "uniform, triangular, pert: the largest value."),
      section_entry("uncertain[].truncate",
                    "Continuous distributions: keep only draws in [lower, upper] (either may be left out).",
                    false),
      number("uncertain[].truncate.lower", "Least value kept."),
      number("uncertain[].truncate.upper", "Largest value kept."),
      {.path = "uncertain[].alternatives",
       .type = V::name_map,
       .required = false,
       .min = closed(1),
       .description = "choice (required): the named alternatives, drawn with the given weights."},
      section_entry("uncertain[].alternatives.*", "One alternative."),
      {.path = "uncertain[].alternatives.*.weight",
       .type = V::number,
       .min = zero,
       .description = "Relative weight; the weights' sum must be positive."},
      {.path = "uncertain[].alternatives.*.set",
       .type = V::key_values,
       .required = false,
       .reference = "{}",
       .description = "Parameter values the alternative sets, `key.path: value` as --set takes them, under "
                      "parameters.demography, .services, .healthy_ageing, .family_care, "
                      ".standard_growth_pct or .productivity_pct; `{}` keeps the scenario's own values."},
      {.path = "thresholds",
       .type = V::list,
       .required = false,
       .description = "Exceedance probabilities P(quantity > above) in every year."},
      {.path = "thresholds[].quantity",
       .type = V::string,
       .description = "`total`, `service.<id>`, `profession.<id>`, `indicator.<name>`, with a supply side "
                      "`gap.<profession>` (demand − supply, årsverk), or with regions "
                      "`region.<region>.<id>` (a service id, `total`, `population`, `population_67plus` or "
                      "`population_80plus`; docs/sweeps.md, Regional quantiles)."},
      {.path = "thresholds[].above",
       .type = V::number,
       .description = "The threshold, in the quantity's unit."},
      section_entry("sobol", "Sobol indices (Saltelli's design, Jansen's estimators).", false),
      {.path = "sobol.rows",
       .type = V::integer,
       .required = false,
       .reference = "2048",
       .min = zero,
       .max = closed(1e8),
       .description = "N, rows of each Saltelli matrix: N·(k + 2) extra runs a scenario; 0: no indices, else "
                      "at least 64 (fewer give estimates no better than noise)."},
      {.path = "sobol.bootstrap",
       .type = V::integer,
       .required = false,
       .reference = "500",
       .min = zero,
       .max = closed(1e5),
       .description = "Bootstrap resamples of the intervals."},
      {.path = "sobol.confidence",
       .type = V::number,
       .required = false,
       .unit = "share",
       .reference = "0.95",
       .min = probability_low,
       .max = probability_high,
       .description = "Level of the intervals."},
      section_entry("tornado", "The one-at-a-time runs of the tornado table.", false),
      {.path = "tornado.low",
       .type = V::number,
       .required = false,
       .unit = "probability",
       .reference = "0.05",
       .min = probability_low,
       .max = probability_high,
       .description = "Quantile of each parameter's low run; below high."},
      {.path = "tornado.high",
       .type = V::number,
       .required = false,
       .unit = "probability",
       .reference = "0.95",
       .min = probability_low,
       .max = probability_high,
       .description = "Quantile of each parameter's high run."},
      section_entry("quantiles", "How quantiles are computed (docs/sweeps.md, Summaries and their accuracy).",
                    false),
      {.path = "quantiles.exact_up_to",
       .type = V::integer,
       .required = false,
       .unit = "draws",
       .reference = "20000",
       .min = zero,
       .max = closed(1e7),
       .description = "Exact quantiles up to this many draws (every value kept); with regions the default is "
                      "2000 (docs/sweeps.md, Regional quantiles)."},
      {.path = "quantiles.bins",
       .type = V::integer,
       .required = false,
       .reference = "4096",
       .min = closed(16),
       .max = closed(1 << 20),
       .description = "Above it: histogram bins per output column."},
      {.path = "quantiles.pilot",
       .type = V::integer,
       .required = false,
       .unit = "draws",
       .reference = "1000",
       .min = closed(10),
       .max = closed(1e7),
       .description = "Draws whose range sets the histogram grid."},
  };
}

#pragma GCC diagnostic pop

std::string bound_text(const Bound& bound) {
  if (bound.kind == Bound::Kind::key) return std::string(bound.key);
  // Whole bounds in full ("1000000000000", not "1e+12"): they are counts and years.
  if (bound.value == std::round(bound.value) && std::abs(bound.value) < 1e15)
    return std::to_string(static_cast<long long>(bound.value));
  return format_number(bound.value);
}

}  // namespace

const std::vector<SchemaEntry>& base_schema() {
  static const std::vector<SchemaEntry> schema = make_base_schema();
  return schema;
}

const std::vector<SchemaEntry>& scenario_file_schema() {
  static const std::vector<SchemaEntry> schema = make_scenario_file_schema();
  return schema;
}

const std::vector<SchemaEntry>& sweep_file_schema() {
  static const std::vector<SchemaEntry> schema = make_sweep_file_schema();
  return schema;
}

std::string range_text(const SchemaEntry& entry) {
  const bool has_min = entry.min.kind != Bound::Kind::none, has_max = entry.max.kind != Bound::Kind::none;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on chains of +.
  std::string text;
  if (has_min && has_max) {
    text.append(entry.min.exclusive ? "(" : "[").append(bound_text(entry.min)).append(", ");
    text.append(bound_text(entry.max)).append(entry.max.exclusive ? ")" : "]");
  } else if (has_min) {
    text.append(entry.min.exclusive ? "> " : "\u2265 ").append(bound_text(entry.min));
  } else if (has_max) {
    text.append(entry.max.exclusive ? "< " : "\u2264 ").append(bound_text(entry.max));
  }
  return text;
}

// ---------------------------------------------------------------------------------------
// The reference.

namespace {

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

// The row of a list's items (`report_years[]`), or null when the items are maps.
const SchemaEntry* item_row(const SchemaEntry& list, const std::vector<SchemaEntry>& schema) {
  const std::string path = std::string(list.path) + "[]";
  for (const SchemaEntry& entry : schema) {
    if (entry.path == path) return &entry;
  }
  return nullptr;
}

std::string type_text(const SchemaEntry& entry, const std::vector<SchemaEntry>& schema) {
  if (entry.type == ValueType::list && !item_row(entry, schema)) return "list of maps";
  return entry_type_name(entry);
}

std::string valid_values(const SchemaEntry& entry) {
  std::string text;
  if (entry.type == ValueType::list || entry.type == ValueType::one_or_list ||
      entry.type == ValueType::name_map) {
    if (entry.min.kind != Bound::Kind::value) return "";
    const std::string count = bound_text(entry.min);
    return "at least " + count + (entry.type == ValueType::name_map ? " entry" : " item") +
           (count == "1" ? "" : "s");
  }
  if (entry.type == ValueType::enumeration) {
    for (std::size_t i = 0; i < entry.choices.size(); ++i) {
      text += (i > 0 ? ", `" : "`") + std::string(entry.choices[i]) + "`";
    }
    return text;
  }
  text = range_text(entry);
  if (entry.type == ValueType::time_path) text = text.empty() ? "every knot finite" : "every knot " + text;
  if (entry.type == ValueType::year_range) text = "years in " + text + ", first ≤ last";
  if (entry.type == ValueType::number && text.empty()) text = "finite";
  return text;
}

std::string doc_path(std::string_view path) {
  std::string out(path);
  const bool lever = detail::is_lever_name_path(path);  // `*` is a lever name there
  const bool alternative = path.find("alternatives.*") != std::string_view::npos;
  for (std::size_t at = out.find('*'); at != std::string::npos; at = out.find('*'))
    out.replace(at, 1, lever ? "<lever>" : alternative ? "<alternative>" : "<service>");
  return out;
}

enum class KeyTable { base, scenario, sweep };

void key_table(std::string& out, const std::vector<SchemaEntry>& schema, KeyTable kind) {
  switch (kind) {
    case KeyTable::base:
      out +=
          "| Key | Type | Unit | Reference value | Valid values | Sweep | Description "
          "|\n|---|---|---|---|---|---|---|\n";
      break;
    case KeyTable::scenario:
      out += "| Key | Type | Required | Example | Description |\n|---|---|---|---|---|\n";
      break;
    case KeyTable::sweep:
      out += "| Key | Type | Required | Default | Valid values | Description |\n|---|---|---|---|---|---|\n";
      break;
  }
  for (const SchemaEntry& entry : schema) {
    std::string reference = entry.reference.empty() ? "" : "`" + std::string(entry.reference) + "`";
    const std::string type = type_text(entry, schema),
                      unit = entry.unit.empty() ? "" : " (" + std::string(entry.unit) + ")";
    switch (kind) {
      case KeyTable::base:
        if (entry.reference.empty() && !entry.required) reference = "(optional)";
        out += "| `" + doc_path(entry.path) + "` | " + type + " | " + std::string(entry.unit) + " | " +
               cell(reference) + " | " + cell(valid_values(entry)) + " | " + (entry.set ? "yes" : "") +
               " | " + cell(entry.description) + " |\n";
        break;
      case KeyTable::scenario:
        out += "| `" + std::string(entry.path) + "` | " + type + " | " + (entry.required ? "yes" : "no") +
               " | " + cell(reference) + " | " + cell(entry.description) + " |\n";
        break;
      case KeyTable::sweep:
        out += "| `" + doc_path(entry.path) + "` | " + type + unit + " | " + (entry.required ? "yes" : "no") +
               " | " + cell(reference) + " | " + cell(valid_values(entry)) + " | " + cell(entry.description) +
               " |\n";
        break;
    }
  }
}

}  // namespace

std::string reference_markdown() {
  std::string out;
  out +=
      "# Configuration reference\n"
      "\n"
      "<!-- Generated by carecast::config::reference_markdown() from the schema table in\n"
      "     config/src/schema.cpp and the data-format table in config/src/formats.cpp. Do not edit by hand;\n"
      "     regenerate with: CARECAST_UPDATE_GOLDEN=1 ctest --preset release -R golden -->\n"
      "\n"
      "A run reads a **scenario file** (for example `scenarios/productivity.yaml`), which names a **base "
      "file**\n"
      "(`config/norway.yaml`): the country's data files and the reference value of every scenario "
      "parameter.\n"
      "\n"
      "## How values combine\n"
      "\n"
      "For each scenario the configuration is merged in this order, later wins:\n"
      "\n"
      "1. the base file;\n"
      "2. base-file keys set at the top of the scenario file (any top-level key of the base file but\n"
      "   `parameters`, for example `data: {population: {jump_off_year: 2024}}` or `end_year: 2050`);\n"
      "3. the scenario file's shared `parameters`;\n"
      "4. the scenario's own `parameters`;\n"
      "5. every `--set key.path=value` from the command line, in order.\n"
      "\n"
      "Maps merge key by key; numbers, strings, lists and time paths replace the earlier value as a whole\n"
      "(`net_migration: {2030: 40000}` in a scenario is the whole path, not one more knot). Nothing falls "
      "back\n"
      "to a default written in code: the base file must set every required key, and a missing one is an\n"
      "error. The values in the *Reference value* column are those of `config/norway.yaml` (a test keeps\n"
      "them equal).\n"
      "\n"
      "`--set` takes the full key path in the merged configuration and a YAML flow value, and applies to "
      "every\n"
      "scenario: `--set parameters.standard_growth_pct=0.5`, `--set end_year=2050`,\n"
      "`--set 'parameters.demography.net_migration={2030: 40000}'`. `--set SCENARIO:key.path=value` applies to\n"
      "that scenario only (keys under `parameters`). A key that the scenarios set to different values is not\n"
      "overridden for all of them silently: write `--set productivity-0.5:parameters.productivity_pct=1` for one\n"
      "or `--set '*:parameters.productivity_pct=1'` for every scenario. `--scenario NAME` (repeatable) runs a\n"
      "subset of the file's scenarios.\n"
      "\n"
      "## Value types\n"
      "\n"
      "- **time path**: a plain number (constant in every year) or a map of `year: value` knots,\n"
      "  `{2024: 1.44, 2030: 1.50}`: linear between knots, constant before the first and after the last.\n"
      "  Knot years are integers in [1900, 2200] without duplicates; values are finite numbers in the\n"
      "  key's range.\n"
      "- **[year, year]**: an inclusive range of years, `[2018, 2022]`.\n"
      "- **path**: relative to the file the value is written in; a path given with `--set` is relative to\n"
      "  the working directory.\n"
      "- **%/yr**: percent a year as users write it (`0.5` = 0.5 %/yr); the engine works in fractions.\n"
      "- **Sweep** marks the scalar scenario parameters a sweep can set by key path\n"
      "  (`carecast::config::scalar_parameters`); `parameters.services.<service>.…` exist for every "
      "service.\n"
      "\n"
      "## Base file keys\n"
      "\n";
  key_table(out, base_schema(), KeyTable::base);
  out +=
      "\n"
      "## Scenario file keys\n"
      "\n";
  key_table(out, scenario_file_schema(), KeyTable::scenario);
  out +=
      "\n"
      "Besides these keys a scenario file may set any top-level key of the base file except `parameters`\n"
      "(`end_year`, `data`, …); it overrides the base file for every scenario in the file. Scenario names\n"
      "must be unique. Without `scenarios:` the file itself is one scenario, named after the file stem\n"
      "(`high-migration.yaml` → `high-migration`).\n"
      "\n"
      "## Data files\n"
      "\n"
      "CSV files (RFC 4180: comma-separated, fields with commas or quotes in double quotes, `\"\"` for a\n"
      "quote), UTF-8, one header line with exactly these column names (extra columns are ignored). Numbers\n"
      "use a decimal point; empty fields and `NA` are errors in number columns, and every number is 0 or\n"
      "of a size between 1e-300 and 1e15 (beyond them the projection leaves double precision). Text\n"
      "fields hold no control characters but tab, line feed and carriage return. Sexes are `female` and\n"
      "`male`.\n";
  for (const detail::DataFormat& format : detail::data_formats()) {
    out += "\n### `" + std::string(format.role) + "`";
    if (!format.bundled.empty()) out += " (`" + std::string(format.bundled) + "`)";
    out += "\n\n| Column | Meaning |\n|---|---|\n";
    for (const detail::ColumnFormat& column : format.columns) {
      out += "| `" + std::string(column.name) + "` | " + cell(column.description) + " |\n";
    }
    out += "\n";
    for (std::string_view rule : format.rules) out += "- " + std::string(rule) + "\n";
  }
  out +=
      "\n"
      "## Error messages\n"
      "\n"
      "Every problem is reported at once, sorted by file, line and column, one per line:\n"
      "\n"
      "```\n"
      "file:line:col: key.path = value — rule\n"
      "file:line:col: key.path — required            (a missing key; located at the map it belongs in)\n"
      "--set #2: key.path = value — rule             (the second --set on the command line)\n"
      "```\n"
      "\n"
      "Unknown keys are errors with a suggestion, `unknown key (did you mean 'productivity_pct'?)`, or the\n"
      "list of allowed keys. The items of a list are numbered from 1: `scenarios[1].name` is the first\n"
      "scenario's name. In data files the key is the column name and the column is the character\n"
      "column where the field starts. Errors in YAML files and `--set` exit with code 3 (ConfigError), "
      "errors\n"
      "in data files with code 4 (DataError).\n";
  return out;
}

std::string sweep_reference_markdown() {
  std::string out;
  out +=
      std::string(kSweepKeysBegin) +
      "\n<!-- From the schema table in config/src/schema.cpp; do not edit by hand. Regenerate with:\n"
      "     CARECAST_UPDATE_GOLDEN=1 ctest --preset release -R golden -->\n"
      "\n"
      "`x[]` is an item of the list `x` (in messages: `x[1]`, `x[2]`, …). *Required* keys under\n"
      "`uncertain[]`, `thresholds[]` and an alternative are required in each item. An optional key without\n"
      "a default is not used unless given.\n"
      "\n";
  key_table(out, sweep_file_schema(), KeyTable::sweep);
  out += "\n" + std::string(kSweepKeysEnd) + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------
// Scalar parameters for sweeps.

bool ScalarParameter::in_range(double value) const {
  if (!std::isfinite(value)) return false;
  if (min_exclusive ? value <= min : value < min) return false;
  if (max_exclusive ? value >= max : value > max) return false;
  return !integer || value == std::round(value);
}

std::string service_key(const std::string& all_services_key, const std::string& service) {
  const auto dot = all_services_key.rfind('.');
  if (dot == std::string::npos) return "services." + service + "." + all_services_key;
  return all_services_key.substr(0, dot + 1) + "services." + service + all_services_key.substr(dot);
}

std::string all_services_key(const std::string& service_key) {
  // <prefix.>services.<id>.<last>: the last three dot-separated parts.
  const auto last = service_key.rfind('.');
  if (last == std::string::npos || last == 0) return "";
  const auto id = service_key.rfind('.', last - 1);
  if (id == std::string::npos || id < 8) return "";
  const std::size_t services = id - 8;  // where "services" would start
  if (service_key.compare(services, 8, "services") != 0 || (services > 0 && service_key[services - 1] != '.')) return "";
  return service_key.substr(0, services) + service_key.substr(last + 1);
}

std::vector<ScalarParameter> scalar_parameters(const engine::BaseData& base) {
  auto resolve = [&](const Bound& bound, double unbounded) {
    if (bound.kind == Bound::Kind::value) return bound.value;
    if (bound.kind == Bound::Kind::none) return unbounded;
    if (bound.key == "top_age") return double(base.demography.top_age);
    if (bound.key == "base_year") return double(base.base_year);
    if (bound.key == "end_year") return double(base.end_year);
    throw std::logic_error("scalar_parameters: unknown bound key " + std::string(bound.key));
  };
  const double infinity = std::numeric_limits<double>::infinity();
  std::vector<ScalarParameter> parameters;
  for (const SchemaEntry& entry : base_schema()) {
    if (!entry.set) continue;
    ScalarParameter parameter;
    parameter.unit = entry.unit;
    parameter.description = entry.description;
    parameter.min = resolve(entry.min, -infinity);
    parameter.max = resolve(entry.max, infinity);
    parameter.min_exclusive = entry.min.exclusive;
    parameter.max_exclusive = entry.max.exclusive;
    parameter.integer = entry.type == ValueType::integer;
    const std::string path(entry.path);
    const std::size_t star = path.find('*');
    auto setter = entry.set;
    if (star == std::string::npos) {
      parameter.path = path;
      parameter.set = [setter](engine::ScenarioParameters& p, double value) { setter(p, 0, value); };
      parameters.push_back(std::move(parameter));
      continue;
    }
    for (std::size_t j = 0; j < base.services.size(); ++j) {
      ScalarParameter one = parameter;
      one.path = path.substr(0, star) + base.services[j].id + path.substr(star + 1);
      one.set = [setter, j](engine::ScenarioParameters& p, double value) { setter(p, j, value); };
      parameters.push_back(std::move(one));
    }
  }
  return parameters;
}

const ScalarParameter& find_scalar_parameter(const std::vector<ScalarParameter>& parameters,
                                             const std::string& path, const std::string& where) {
  std::vector<std::string> paths;
  for (const ScalarParameter& parameter : parameters) {
    if (parameter.path == path) return parameter;
    paths.push_back(parameter.path);
  }
  // A bare last part ("productivity_pct") gets the full path as its suggestion (closest()).
  throw ConfigError({Problem{Location{where, 0, 0}, path, "",
                             detail::unknown_rule("parameter", path, paths, "parameters")}});
}

}  // namespace carecast::config
