#include "regions_config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "carecast/engine/errors.hpp"
#include "csv.hpp"
#include "data_files.hpp"
#include "node.hpp"
#include "text.hpp"

namespace carecast::config::detail {

using engine::AgeSexArray;
using engine::kSexCount;
using engine::kSexNames;

namespace {

std::vector<std::string_view> level_choices() {
  std::vector<std::string_view> names;
  for (const auto& [name, level] : engine::kRegionLevels) names.push_back(name);
  return names;
}

const Value* get(const Values& values, const std::string& path) {
  auto it = values.find(path);
  return it == values.end() ? nullptr : &it->second;
}

// How far the counties of a year may add up from the national population of the same year,
// by sex, as a share of the national figure. A rule of ours, not a source's: the regional
// projection scales the counties to the national cells, which would hide a missing or
// doubled county, or county figures of another year; SSB's counties and national figures
// (table 07459) differ by less than 1e-5.
constexpr double kMostCountyTotalDifference = 0.005;

// A problem about a configuration value as a whole.
void value_problem(Problems& problems, const Value& value, const std::string& path, std::string rule) {
  problems.push_back({value.node->where, path, flow_text(*value.node), std::move(rule)});
}

}  // namespace

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
SchemaEntry region_level_entry() {
  return {.path = "regions",
          .type = ValueType::enumeration,
          .required = false,
          .reference = "none",
          .choices = level_choices(),
          .description = "Regional results (docs/regions.md): `county` (15 counties, 2024 borders) or "
                         "`health_region` (the four regional health authorities) add a `region` column to "
                         "projection.csv, professions.csv, indicators.csv and population.csv; `none` (the "
                         "default) gives national results only. Needs data.regions."};
}

std::vector<SchemaEntry> region_data_entries() {
  return {
      section_entry("data.regions",
                    "Observed 1 January populations by county (regional projections, docs/regions.md). Optional; "
                    "read only when `regions` is county or health_region.",
                    false),
      {.path = "data.regions.file",
       .type = ValueType::path,
       .required = false,
       .reference = "norway/regions/population_jan1_by_county.csv",
       .description = "Format `regions_population`."},
      {.path = "data.regions.estimation_years",
       .type = ValueType::year_range,
       .required = false,
       .unit = "year",
       .reference = "[2016, 2025]",
       .min = closed(1900),
       .max = closed(2200),
       .description = "Years t whose flows t → t+1 estimate county fertility factors and net migration by the "
                      "residual method; the file must hold first..last + 1."},
      {.path = "data.regions.calibration_file",
       .type = ValueType::path,
       .required = false,
       .description = "Optional. Regional base-year årsverk (format `regions_calibration`): each region and "
                      "service listed keeps its observed share of the national årsverk instead of the share "
                      "the national profile gives its population. A service may not be 0 in every region."},
      {.path = "data.regions.source",
       .type = ValueType::string,
       .required = false,
       .description = "Where the county populations come from (kept in the run manifest)."},
  };
}
#pragma GCC diagnostic pop

std::vector<DataFormat> region_data_formats() {
  return {
      {"regions_population",
       "config/norway/regions/population_jan1_by_county.csv",
       {{"year", "1 January of this year"},
        {"county_code", "the county's id (SSB code, kept as text: \"03\"), not `national` (the results' name for the country)"},
        {"county_name", "for people"},
        {"health_region", "the regional health authority the county belongs to, not `national`"},
        {"sex", "`female` or `male`"},
        {"age", "single year; ages above top_age are added to it"},
        {"persons", "≥ 0"}},
       {"One row per year, county, sex and age (a repeated row is refused).",
        "Every county needs every age and sex in every year from base_year to jump_off_year and in the "
        "estimation years and the year after.",
        "A county belongs to one health region in every row.",
        "In each year the national population file also gives, the counties of each sex add up to the "
        "national figure within 0.5 % (a rule of ours, against a missing or doubled county or another "
        "year's figures; SSB's differ by less than 1e-5)."}},
      {"regions_calibration",
       "(none shipped)",
       {{"region", "a county code (regions: county) or health-region name (regions: health_region)"},
        {"service", "a service id of services.csv"},
        {"arsverk", "observed årsverk of the service in the region in base_year, ≥ 0"}},
       {"At most one row per region and service; regions and services not listed use the national profile."}},
  };
}

bool read_regions(const Values& values, engine::BaseData& base, std::vector<DataSource>& sources,
                  Problems& problems, const Problems& reported) {
  const Value* level_value = get(values, "regions");
  if (!level_value || level_value->text == "none") return true;
  engine::RegionalData regions;
  for (const auto& [name, level] : engine::kRegionLevels) {
    if (name == level_value->text) regions.level = level;
  }
  const Value* file = get(values, "data.regions.file");
  const Value* years = get(values, "data.regions.estimation_years");
  if (!file || !years) {
    // A key that is written but wrong has been reported where it is written (the validator
    // keeps no value for it): one message is enough. Only a key written nowhere is reported here.
    const std::string missing = std::string("data.regions.") + (file ? "estimation_years" : "file");
    if (!reported_at(reported, missing)) {
      value_problem(problems, *level_value, "regions",
                    "needs " + missing + " (the county populations the regional projection starts from)");
    }
    return false;
  }
  const Value* note = get(values, "data.regions.source");
  sources.push_back({"regions_population", file->text, note ? note->text : ""});
  regions.first_estimation_year = years->first;
  regions.last_estimation_year = years->last;
  const std::size_t before = problems.size();
  auto table = CsvTable::read(file->text, file->node->where, "data.regions.file", flow_text(*file->node), problems);
  if (!table || !table->require({"year", "county_code", "county_name", "health_region", "sex", "age", "persons"},
                                problems)) {
    return false;
  }
  const int top = base.demography.top_age, ages = top + 1;
  // (year, county) → cells and how many were given.
  std::map<std::pair<int, std::size_t>, AgeSexArray> cells;
  std::map<std::pair<int, std::size_t>, int> filled;
  std::map<std::tuple<int, std::size_t, int, long long>, int> lines;  // (year, county, sex, age) → its line
  for (const CsvRow& row : table->rows()) {
    const auto year = table->integer(row, "year", problems);
    const auto age = table->integer(row, "age", problems);
    const auto persons = table->number(row, "persons", problems);
    const std::string code(table->text(row, "county_code"));
    const std::string region(table->text(row, "health_region"));
    const std::string_view sex_text = table->text(row, "sex");
    int sex = -1;
    for (int g = 0; g < kSexCount; ++g) {
      if (kSexNames[std::size_t(g)] == sex_text) sex = g;
    }
    if (sex < 0) table->problem(row, "sex", "must be female or male", problems);
    if (age && (*age < 0 || *age > 200)) table->problem(row, "age", "must be an age in [0, 200]", problems);
    if (persons && *persons < 0.0) table->problem(row, "persons", "must be ≥ 0", problems);
    if (code.empty()) table->problem(row, "county_code", "must not be empty", problems);
    const bool reserved = code == engine::kNationalRegion || region == engine::kNationalRegion;
    if (code == engine::kNationalRegion) {
      table->problem(row, "county_code", "'national' names the whole country in the results; choose another code",
                     problems);
    }
    if (region == engine::kNationalRegion) {
      table->problem(row, "health_region", "'national' names the whole country in the results; choose another name",
                     problems);
    }
    if (region.empty()) table->problem(row, "health_region", "must not be empty", problems);
    if (!year || !age || !persons || sex < 0 || *age < 0 || *age > 200 || *persons < 0.0 || code.empty() ||
        region.empty() || reserved) {
      continue;
    }
    auto county = std::size_t(std::find(regions.counties.begin(), regions.counties.end(), code) - regions.counties.begin());
    auto health = int(std::find(regions.health_regions.begin(), regions.health_regions.end(), region) -
                      regions.health_regions.begin());
    if (health == int(regions.health_regions.size())) regions.health_regions.push_back(region);
    if (county == regions.counties.size()) {
      regions.counties.push_back(code);
      regions.county_names.emplace_back(table->text(row, "county_name"));
      regions.health_region_of.push_back(health);
    } else if (regions.health_region_of[county] != health) {
      table->problem(row, "health_region",
                     "county " + code + " belongs to " + regions.health_regions[std::size_t(regions.health_region_of[county])] +
                         " in an earlier row",
                     problems);
      continue;
    }
    // A repeated row would be added to the first and could hide a missing one beside it.
    if (const auto [first, is_new] = lines.try_emplace({int(*year), county, sex, *age}, row.line); !is_new) {
      table->problem(row, "age",
                     "a second row for county " + code + ", " + std::string(sex_text) + " aged " + std::to_string(*age) +
                         " in " + std::to_string(*year) + " (the first is on line " + std::to_string(first->second) + ")",
                     problems);
      continue;
    }
    auto [at, inserted] = cells.try_emplace({int(*year), county}, AgeSexArray::Zero(ages, kSexCount));
    at->second(std::min<long long>(*age, top), sex) += *persons;
    if (*age <= top) ++filled[{int(*year), county}];
  }
  if (problems.size() != before) return false;

  // Every county complete in every year needed.
  std::vector<int> needed;
  for (int year = base.base_year; year <= base.demography.jump_off_year; ++year) needed.push_back(year);
  for (int year = regions.first_estimation_year; year <= regions.last_estimation_year + 1; ++year) needed.push_back(year);
  std::sort(needed.begin(), needed.end());
  needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
  for (int year : needed) {
    const bool any = std::any_of(cells.begin(), cells.end(), [&](const auto& cell) { return cell.first.first == year; });
    if (!any) {  // a whole year missing: one problem, at the key that asks for it
      const bool estimation = year >= regions.first_estimation_year && year <= regions.last_estimation_year + 1;
      value_problem(problems, estimation ? *years : *file, estimation ? "data.regions.estimation_years" : "data.regions.file",
                    file->text + " has no rows for " + std::to_string(year) +
                        (estimation ? " (needed: every estimation year and the year after)"
                                    : " (needed: every year from base_year to jump_off_year)"));
      continue;
    }
    std::vector<AgeSexArray> counties;
    for (std::size_t c = 0; c < regions.counties.size(); ++c) {
      auto found = cells.find({year, c});
      const int count = found == cells.end() ? 0 : filled[{year, c}];
      if (count != 2 * ages) {
        value_problem(problems, *file, "data.regions.file",
                      "county " + regions.counties[c] + " has " + std::to_string(count) + " of the " +
                          std::to_string(2 * ages) + " sex-age rows in " + std::to_string(year) +
                          " (needed: base_year to jump_off_year, estimation_years and the year after)");
        continue;
      }
      counties.push_back(found->second);
    }
    if (counties.size() == regions.counties.size()) regions.observed.emplace(year, std::move(counties));
  }
  if (problems.size() != before) return false;

  // The counties add up to the nation (kMostCountyTotalDifference), in every year both give;
  // one problem, naming the first year and sex that do not and how many years do not.
  // The national file is read again, once, for the span of years the run does not keep
  // (estimation years before the base year); when it lacks one of them, they are not compared.
  std::map<int, AgeSexArray> nation_by_year = base.demography.observed_population;
  std::vector<int> unkept;
  for (const auto& [year, counties] : regions.observed) {
    if (nation_by_year.count(year) == 0) unkept.push_back(year);
  }
  if (const Value* national_file = get(values, "data.population.file"); national_file && !unkept.empty()) {
    const DataFileRef ref{national_file->text, national_file->node->where, "data.population.file",
                          flow_text(*national_file->node)};
    Problems quiet;
    if (auto read = read_population(ref, "population", base.demography.top_age, unkept.front(), unkept.back(),
                                    {ref.where, ref.key_path, ref.written}, "", quiet, false)) {
      nation_by_year.merge(*read);
    }
  }
  std::string first_miss;
  int years_missed = 0;
  for (const auto& [year, counties] : regions.observed) {
    const auto national = nation_by_year.find(year);
    if (national == nation_by_year.end()) continue;
    for (int g = 0; g < kSexCount; ++g) {
      double sum = 0.0;
      for (const AgeSexArray& county : counties) sum += county.col(g).sum();
      const double nation = national->second.col(g).sum();
      if (std::abs(sum - nation) <= kMostCountyTotalDifference * nation) continue;
      if (years_missed++ == 0) {
        first_miss = "the counties' " + std::string(kSexNames[std::size_t(g)]) + " population on 1 January " +
                     std::to_string(year) + " adds up to " + engine::format_value(sum) + " persons, " +
                     format_number(100.0 * (sum - nation) / nation, 3) + " % from the national " +
                     engine::format_value(nation) + " (data.population.file)";
      }
      break;
    }
  }
  if (years_missed > 0) {
    value_problem(problems, *file, "data.regions.file",
                  first_miss + (years_missed > 1 ? ", and so in " + std::to_string(years_missed - 1) + " more years" : "") +
                      "; they may differ by at most " + engine::format_value(100.0 * kMostCountyTotalDifference) +
                      " % (a county missing or given twice, or figures of another year?)");
    return false;
  }

  if (const Value* calibration = get(values, "data.regions.calibration_file")) {
    sources.push_back({"regions_calibration", calibration->text, "user-supplied regional base-year årsverk"});
    auto calibration_table = CsvTable::read(calibration->text, calibration->node->where, "data.regions.calibration_file",
                                            flow_text(*calibration->node), problems);
    if (!calibration_table || !calibration_table->require({"region", "service", "arsverk"}, problems)) return false;
    const std::vector<std::string>& ids =
        regions.level == engine::RegionLevel::county ? regions.counties : regions.health_regions;
    std::vector<std::string> services;
    for (const auto& service : base.services) services.push_back(service.id);
    regions.calibration = Eigen::MatrixXd::Constant(Eigen::Index(ids.size()), Eigen::Index(services.size()),
                                                    std::numeric_limits<double>::quiet_NaN());
    std::map<std::pair<std::size_t, std::size_t>, int> seen;
    std::map<std::size_t, const CsvRow*> last_row_of;  // by service
    for (const CsvRow& row : calibration_table->rows()) {
      const std::string region(calibration_table->text(row, "region"));
      const std::string service(calibration_table->text(row, "service"));
      const auto r = std::size_t(std::find(ids.begin(), ids.end(), region) - ids.begin());
      const auto j = std::size_t(std::find(services.begin(), services.end(), service) - services.begin());
      const auto arsverk = calibration_table->number(row, "arsverk", problems);
      if (r == ids.size()) {
        calibration_table->problem(row, "region",
                                   unknown_rule(regions.level == engine::RegionLevel::county ? "county" : "health region",
                                                region, ids, "known"),
                                   problems);
      }
      if (j == services.size()) calibration_table->problem(row, "service", unknown_rule("service", service, services, "known"), problems);
      if (arsverk && *arsverk < 0.0) calibration_table->problem(row, "arsverk", "must be ≥ 0", problems);
      if (r == ids.size() || j == services.size() || !arsverk || *arsverk < 0.0) continue;
      if (auto [first, inserted] = seen.emplace(std::pair{r, j}, row.line); !inserted) {
        calibration_table->problem(row, "service",
                                   "duplicate row for " + region + " (first at line " + std::to_string(first->second) + ")",
                                   problems);
        continue;
      }
      regions.calibration(Eigen::Index(r), Eigen::Index(j)) = *arsverk;
      last_row_of.insert_or_assign(j, &row);
    }
    // Every region given 0 for a service that has årsverk: nowhere to put them (the split
    // fell back to the regions' populations, silently).
    for (const auto& [j, row] : last_row_of) {
      const auto column = regions.calibration.col(Eigen::Index(j));
      if (column.hasNaN() || column.maxCoeff() > 0.0 || !(base.services[j].base_arsverk > 0.0)) continue;
      calibration_table->problem(*row, "arsverk",
                                 "every region's base-year årsverk for " + services[j] + " is 0, so the national " +
                                     engine::format_value(base.services[j].base_arsverk) +
                                     " årsverk cannot be split among them; give at least one region its årsverk, or leave " +
                                     services[j] + " out of the file (it is then split by the national profile)",
                                 problems);
    }
    if (problems.size() != before) return false;
  }
  base.regions = std::move(regions);
  return true;
}

}  // namespace carecast::config::detail
