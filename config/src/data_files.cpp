#include "data_files.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>

#include "formats.hpp"
#include "text.hpp"

namespace carecast::config::detail {

using engine::AgeSexArray;
using engine::kSexCount;
using engine::kSexNames;

namespace {

// Årsverk of one service or series: positive, and at most 100 million (more than any country's
// whole workforce; values near the largest double overflowed the sums of sweeps and backtests).
constexpr double kMostArsverk = 1e8;
// The least |net| of a migration profile, as a share of Σ|cells| (read_migration).
constexpr double kLeastNetShareOfMigration = 0.1;
// A service area (or series of them) holds at least one årsverk: the statistics report årsverk
// to one decimal for whole service areas, and shares computed from less are noise (a base of
// 1e-300 årsverk passed the old rule "> 0", and the capital lever then blamed its own gap).
constexpr const char* kArsverkRule = "must be at least 1 and at most 100000000 (årsverk of a whole service area)";
constexpr double kLeastArsverk = 1.0;

std::optional<CsvTable> open_table(const DataFileRef& file, std::string_view role, Problems& problems) {
  auto table = CsvTable::read(file.path, file.where, file.key_path, file.written, problems);
  if (table && !table->require(column_names(data_format(role)), problems)) return std::nullopt;
  return table;
}

std::optional<int> sex_field(const CsvTable& table, const CsvRow& row, Problems& problems) {
  const std::string_view text = table.text(row, "sex");
  for (int sex = 0; sex < kSexCount; ++sex) {
    if (kSexNames[sex] == text) return sex;
  }
  std::string rule = "must be female or male";
  if (auto suggestion = closest(text, {"female", "male"})) rule += " (did you mean '" + *suggestion + "'?)";
  table.problem(row, "sex", rule, problems);
  return std::nullopt;
}

// An integer in [low, high]; `rule` names the range for people (a view: most calls pass a
// literal, made a string only for a problem, not for each of thousands of rows).
std::optional<int> int_field(const CsvTable& table, const CsvRow& row, std::string_view column, long long low,
                             long long high, std::string_view rule, Problems& problems) {
  auto value = table.integer(row, column, problems);
  if (!value) return std::nullopt;
  if (*value < low || *value > high) {
    table.problem(row, column, std::string(rule), problems);
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<int> year_field(const CsvTable& table, const CsvRow& row, Problems& problems) {
  return int_field(table, row, "year", 1800, 2300, "must be a year in [1800, 2300]", problems);
}

std::optional<int> age_field(const CsvTable& table, const CsvRow& row, std::string_view column,
                             Problems& problems) {
  return int_field(table, row, column, 0, 200, "must be an age in [0, 200]", problems);
}

// A number in [low, high] (either may be infinite).
std::optional<double> number_field(const CsvTable& table, const CsvRow& row, std::string_view column,
                                   double low, double high, std::string_view rule, Problems& problems) {
  auto value = table.number(row, column, problems);
  if (!value) return std::nullopt;
  if (*value < low || *value > high) {
    table.problem(row, column, std::string(rule), problems);
    return std::nullopt;
  }
  return value;
}

// ---- year,sex,age,value tables ---------------------------------------------------------

struct Cell {
  double value = 0.0;
  int line = 0;
};
using SexAges = std::array<std::map<int, Cell>, kSexCount>;
using YearSexAge = std::map<int, SexAges>;

std::optional<YearSexAge> read_year_sex_age(const CsvTable& table, std::string_view value_column, double low,
                                            const std::string& low_rule, Problems& problems) {
  YearSexAge out;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table.rows()) {
    auto year = year_field(table, row, problems);
    auto sex = sex_field(table, row, problems);
    auto age = age_field(table, row, "age", problems);
    auto value = number_field(table, row, value_column, low, HUGE_VAL, low_rule, problems);
    if (!year || !sex || !age || !value) continue;
    auto [at, inserted] = out[*year][*sex].emplace(*age, Cell{*value, row.line});
    if (!inserted) {
      table.problem(row, "year",
                    "duplicate row for " + std::to_string(*year) + ", " + std::string(kSexNames[*sex]) +
                        ", age " + std::to_string(*age) + " (first at line " +
                        std::to_string(at->second.line) + ")",
                    problems);
    }
  }
  if (problems.size() != before) return std::nullopt;
  return out;
}

// Problems for the ages of 0..last missing in a year; true when none is.
bool complete_ages(const std::string& file, int year, const SexAges& ages,
                   const std::array<int, kSexCount>& last, Problems& problems) {
  std::string missing_text;
  for (int sex = 0; sex < kSexCount; ++sex) {
    std::vector<int> missing;
    for (int age = 0; age <= last[sex]; ++age) {
      if (!ages[sex].count(age)) missing.push_back(age);
    }
    if (missing.empty()) continue;
    if (!missing_text.empty()) missing_text += "; ";
    missing_text += std::string(kSexNames[sex]) + " ages " + ranges_text(missing);
  }
  if (missing_text.empty()) return true;
  problems.push_back({Location{file, 0, 0}, "year", std::to_string(year), "missing rows: " + missing_text});
  return false;
}

// Years of [first, last] not in the table; one problem at the configuration value asking for
// them (with `early`, the years before early->second at early->first, the rest at asked_by).
bool years_present(const std::vector<int>& years_in_file, int first, int last, const DataFileRef& file,
                   const YearsRef& asked_by, const std::string& need, Problems& problems,
                   const std::pair<YearsRef, int>* early = nullptr) {
  std::vector<int> missing, missing_early;
  for (int year = first; year <= last; ++year) {
    if (std::binary_search(years_in_file.begin(), years_in_file.end(), year)) continue;
    (early && year < early->second ? missing_early : missing).push_back(year);
  }
  auto report = [&](const YearsRef& by, const std::vector<int>& years) {
    problems.push_back({by.where, by.key_path, by.value,
                        std::string(years.size() == 1 ? "year " : "years ") + ranges_text(years) + " not in " +
                            file.path + (need.empty() ? "" : " (" + need + ")")});
  };
  if (!missing_early.empty()) report(early->first, missing_early);
  if (!missing.empty()) report(asked_by, missing);
  return missing.empty() && missing_early.empty();
}

template <typename Map>
std::vector<int> keys_of(const Map& map) {
  std::vector<int> keys;
  for (const auto& entry : map) keys.push_back(entry.first);
  return keys;
}

AgeSexArray fold_to_top_age(const SexAges& ages, int top_age) {
  AgeSexArray out = AgeSexArray::Zero(top_age + 1, kSexCount);
  for (int sex = 0; sex < kSexCount; ++sex) {
    for (const auto& [age, cell] : ages[sex]) out(std::min(age, top_age), sex) += cell.value;
  }
  return out;
}

// ---- age groups (age_from..age_to) ------------------------------------------------------

struct AgeGroup {
  int from = 0, to = 0;
  double value = 0.0;
  const CsvRow* row = nullptr;
};

// The groups must tile 0..top_age (groups beyond are cut); fills out.col(sex). Reports the
// first gap or overlap.
bool tile_groups(const CsvTable& table, std::vector<AgeGroup> groups, int top_age, const std::string& what,
                 AgeSexArray& out, int sex, Problems& problems) {
  std::stable_sort(groups.begin(), groups.end(),
                   [](const AgeGroup& a, const AgeGroup& b) { return a.from < b.from; });
  int next = 0;  // first age not yet covered
  const AgeGroup* previous = nullptr;
  for (const AgeGroup& group : groups) {
    if (group.from > top_age) break;
    if (group.from > next) {
      const std::string ages = group.from - 1 == next
                                   ? "age " + std::to_string(next) + " of " + what + " is"
                                   : "ages " + std::to_string(next) + ".." + std::to_string(group.from - 1) +
                                         " of " + what + " are";
      table.problem(*group.row, "age_from", "gap: " + ages + " not covered", problems);
      return false;
    }
    if (group.from < next) {
      table.problem(*group.row, "age_from",
                    "overlaps line " + std::to_string(previous->row->line) + " (ages " +
                        std::to_string(previous->from) + ".." + std::to_string(previous->to) + ") of " + what,
                    problems);
      return false;
    }
    for (int age = group.from; age <= std::min(group.to, top_age); ++age) out(age, sex) = group.value;
    next = group.to + 1;
    previous = &group;
  }
  if (next <= top_age) {
    if (previous) {
      table.problem(*previous->row, "age_to",
                    "ages " + std::to_string(next) + ".." + std::to_string(top_age) + " of " + what +
                        " are not covered (top_age is " + std::to_string(top_age) + ")",
                    problems);
    } else {
      problems.push_back({Location{table.file(), 0, 0}, "sex", "", what + ": no rows"});
    }
    return false;
  }
  return true;
}

// age_from, age_to of a row; nullopt (with a problem) when not 0 ≤ from ≤ to.
std::optional<std::pair<int, int>> age_group_fields(const CsvTable& table, const CsvRow& row,
                                                    Problems& problems) {
  auto from = age_field(table, row, "age_from", problems);
  auto to = age_field(table, row, "age_to", problems);
  if (!from || !to) return std::nullopt;
  if (*to < *from) {
    table.problem(row, "age_to", "must be ≥ age_from (" + std::to_string(*from) + ")", problems);
    return std::nullopt;
  }
  return std::make_pair(*from, *to);
}

std::vector<std::string> service_ids(const std::vector<engine::ServiceArea>& services) {
  std::vector<std::string> ids;
  for (const auto& service : services) ids.push_back(service.id);
  return ids;
}

std::optional<std::size_t> service_field(const CsvTable& table, const CsvRow& row,
                                         const std::vector<engine::ServiceArea>& services,
                                         Problems& problems) {
  const std::string_view id = table.text(row, "service");
  for (std::size_t j = 0; j < services.size(); ++j) {
    if (services[j].id == id) return j;
  }
  table.problem(row, "service", unknown_rule("service", id, service_ids(services), "known"), problems);
  return std::nullopt;
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::optional<std::map<int, AgeSexArray>> read_population(const DataFileRef& file, std::string_view role,
                                                          int top_age, int first_year, int last_year,
                                                          const YearsRef& asked_by, const std::string& need,
                                                          Problems& problems, bool with_year_before,
                                                          const std::pair<YearsRef, int>* early) {
  auto table = open_table(file, role, problems);
  if (!table) return std::nullopt;
  auto cells = read_year_sex_age(*table, "persons", 0.0, "must be ≥ 0", problems);
  if (!cells) return std::nullopt;
  if (!years_present(keys_of(*cells), first_year, last_year, file, asked_by, need, problems, early))
    return std::nullopt;
  std::map<int, AgeSexArray> out;
  bool ok = true;
  for (int year = first_year; year <= last_year; ++year) {
    const SexAges& ages = cells->at(year);
    if (!complete_ages(file.path, year, ages, {top_age, top_age}, problems)) {
      ok = false;
      continue;
    }
    out.emplace(year, fold_to_top_age(ages, top_age));
  }
  if (!ok) return std::nullopt;
  // The year before, when asked for and complete: the engine takes the base year's net
  // migration indicator from it (the residual of the two populations). Optional, so quiet.
  if (auto before = cells->find(first_year - 1); with_year_before && before != cells->end()) {
    Problems quiet;
    if (complete_ages(file.path, first_year - 1, before->second, {top_age, top_age}, quiet)) {
      out.emplace(first_year - 1, fold_to_top_age(before->second, top_age));
    }
  }
  return out;
}

std::optional<AgeSexArray> read_mortality(const DataFileRef& file, int top_age, int year,
                                          const YearsRef& asked_by, Problems& problems) {
  auto table = open_table(file, "mortality", problems);
  if (!table) return std::nullopt;
  auto cells = read_year_sex_age(*table, "mx", 0.0, "must be ≥ 0", problems);
  if (!cells) return std::nullopt;
  if (!years_present(keys_of(*cells), year, year, file, asked_by, "", problems)) return std::nullopt;
  const SexAges& ages = cells->at(year);
  // Every age from 0 to the file's highest age, for both sexes (a sex that stops early, or has
  // no rows, is named with the ages it lacks).
  int highest = 0;
  for (int sex = 0; sex < kSexCount; ++sex) highest = std::max(highest, ages[sex].empty() ? 0 : ages[sex].rbegin()->first);
  std::array<int, kSexCount> last{};
  last.fill(highest);
  if (!complete_ages(file.path, year, ages, last, problems)) return std::nullopt;
  AgeSexArray mx(top_age + 1, kSexCount);
  bool ok = true;
  for (int sex = 0; sex < kSexCount; ++sex) {
    // Simplification (documented in the reference): ages beyond the file's open top age
    // repeat its rate.
    for (int age = 0; age <= top_age; ++age) mx(age, sex) = ages[sex].at(std::min(age, last[sex])).value;
    const Cell& top = ages[sex].at(std::min(top_age, last[sex]));
    if (!(top.value > 0.0)) {
      problems.push_back({Location{file.path, top.line, 1}, "mx", format_number(top.value),
                          "must be > 0 at the top age (" + std::string(kSexNames[sex]) + ", age " +
                              std::to_string(std::min(top_age, last[sex])) + ")"});
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return mx;
}

std::optional<AgeSexArray> read_mortality_decline(const DataFileRef& file, int top_age, Problems& problems) {
  auto table = open_table(file, "mortality_decline", problems);
  if (!table) return std::nullopt;
  SexAges ages;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table->rows()) {
    auto sex = sex_field(*table, row, problems);
    auto age = age_field(*table, row, "age", problems);
    auto rate = number_field(*table, row, "decline_rate", 0.0, 1.0, "must be in [0, 1]", problems);
    if (!sex || !age || !rate) continue;
    auto [at, inserted] = ages[*sex].emplace(*age, Cell{*rate, row.line});
    if (!inserted) {
      table->problem(row, "age",
                     "duplicate row for " + std::string(kSexNames[*sex]) + ", age " + std::to_string(*age) +
                         " (first at line " + std::to_string(at->second.line) + ")",
                     problems);
    }
  }
  if (problems.size() != before) return std::nullopt;
  std::array<int, kSexCount> last{};
  for (int sex = 0; sex < kSexCount; ++sex) last[sex] = ages[sex].empty() ? 0 : ages[sex].rbegin()->first;
  if (ages[0].empty() || ages[1].empty()) {
    problems.push_back({Location{file.path, 0, 0}, "sex", "", "rows for both female and male are required"});
    return std::nullopt;
  }
  if (!complete_ages(file.path, 0, ages, last, problems)) return std::nullopt;
  AgeSexArray pattern(top_age + 1, kSexCount);
  for (int sex = 0; sex < kSexCount; ++sex) {
    for (int age = 0; age <= top_age; ++age) pattern(age, sex) = ages[sex].at(std::min(age, last[sex])).value;
    if (!(pattern.col(sex).sum() > 0.0)) {
      problems.push_back({Location{file.path, 0, 0}, "decline_rate", "0",
                          "must be > 0 somewhere for " + std::string(kSexNames[sex])});
      return std::nullopt;
    }
  }
  return pattern;
}

std::optional<Eigen::ArrayXd> read_fertility(const DataFileRef& file, int top_age, int first, int last,
                                             const YearsRef& asked_by, Problems& problems) {
  auto table = open_table(file, "fertility", problems);
  if (!table) return std::nullopt;
  std::map<int, std::map<int, Cell>> cells;  // year → age → rate
  const std::size_t before = problems.size();
  const std::string age_rule = "must be an age in [0, " + std::to_string(top_age) + "]";
  for (const CsvRow& row : table->rows()) {
    auto year = year_field(*table, row, problems);
    auto age = int_field(*table, row, "age", 0, top_age, age_rule, problems);
    auto asfr = number_field(*table, row, "asfr", 0.0, 1.0, "must be in [0, 1]", problems);
    if (!year || !age || !asfr) continue;
    auto [at, inserted] = cells[*year].emplace(*age, Cell{*asfr, row.line});
    if (!inserted) {
      table->problem(row, "year",
                     "duplicate row for " + std::to_string(*year) + ", age " + std::to_string(*age) +
                         " (first at line " + std::to_string(at->second.line) + ")",
                     problems);
    }
  }
  if (problems.size() != before) return std::nullopt;
  if (!years_present(keys_of(cells), first, last, file, asked_by, "", problems)) return std::nullopt;
  const std::vector<int> ages = keys_of(cells.at(first));
  Eigen::ArrayXd schedule = Eigen::ArrayXd::Zero(top_age + 1);
  bool ok = true;
  for (int year = first; year <= last; ++year) {
    const auto& rates = cells.at(year);
    if (keys_of(rates) != ages) {
      problems.push_back(
          {Location{file.path, 0, 0}, "year", std::to_string(year),
           "must list the same ages as " + std::to_string(first) + " (" + ranges_text(ages) + ")"});
      ok = false;
      continue;
    }
    for (const auto& [age, cell] : rates) schedule(age) += cell.value;
  }
  if (!ok) return std::nullopt;
  schedule /= double(last - first + 1);
  if (!(schedule.sum() > 0.0)) {
    problems.push_back({asked_by.where, asked_by.key_path, asked_by.value,
                        "every fertility rate in these years of " + file.path + " is 0"});
    return std::nullopt;
  }
  return schedule;
}

std::optional<AgeSexArray> read_migration(const DataFileRef& file, int top_age, int first, int last,
                                          const YearsRef& asked_by, Problems& problems) {
  auto table = open_table(file, "migration", problems);
  if (!table) return std::nullopt;
  auto cells = read_year_sex_age(*table, "persons", -HUGE_VAL, "", problems);
  if (!cells) return std::nullopt;
  if (!years_present(keys_of(*cells), first, last, file, asked_by, "", problems)) return std::nullopt;
  AgeSexArray profile = AgeSexArray::Zero(top_age + 1, kSexCount);
  bool ok = true;
  for (int year = first; year <= last; ++year) {
    const SexAges& ages = cells->at(year);
    if (!complete_ages(file.path, year, ages, {top_age, top_age}, problems)) {
      ok = false;
      continue;
    }
    profile += fold_to_top_age(ages, top_age);
  }
  if (!ok) return std::nullopt;
  // The engine scales the pattern to the scenario's net migration: μ = profile / Σ profile.
  // Where the cells nearly cancel, that scaling moves many times the net figure between ages
  // (at a tenth, ten times), and a net migration of thousands shifts millions of persons.
  const double net = profile.sum(), moved = profile.abs().sum();
  if (!(std::abs(net) >= kLeastNetShareOfMigration * moved)) {
    problems.push_back({asked_by.where, asked_by.key_path, asked_by.value,
                        "net migration in these years of " + file.path + " adds up to " + format_number(net, 6) +
                            " persons against " + format_number(moved, 6) +
                            " in its age-sex cells taken one by one; the net must be at least a tenth of that, "
                            "or the age pattern, scaled to a yearly net figure, would move more than ten times "
                            "that figure between ages (choose other profile_years)"});
    return std::nullopt;
  }
  return profile;
}

std::optional<std::vector<engine::ServiceArea>> read_services(const DataFileRef& file, int base_year,
                                                              Problems& problems) {
  auto table = open_table(file, "services", problems);
  if (!table) return std::nullopt;
  std::vector<engine::ServiceArea> services;
  std::vector<int> lines;
  std::set<int> other_years;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table->rows()) {
    // Rows of other base years (for backtests and past base files) are skipped.
    auto year = table->integer(row, "base_year", problems);
    if (!year) continue;
    if (*year != base_year) {
      other_years.insert(int(*year));
      continue;
    }
    engine::ServiceArea service;
    service.id = std::string(table->text(row, "service"));
    bool ok = true;
    if (!valid_id(service.id)) {
      table->problem(row, "service", "must be an id of lower-case letters, digits and '_'", problems);
      ok = false;
    } else if (service.id == engine::kTotalService) {
      table->problem(row, "service", "'total' names the sum of all services in the results; choose another id",
                     problems);
      ok = false;
    }
    for (std::size_t j = 0; j < services.size(); ++j) {
      if (services[j].id == service.id) {
        table->problem(row, "service", "duplicate service (first at line " + std::to_string(lines[j]) + ")",
                       problems);
        ok = false;
      }
    }
    auto label = table->required_text(row, "label_en", problems);
    auto label_nb = table->required_text(row, "label_nb", problems);
    auto arsverk = table->number(row, "base_arsverk", problems, kArsverkRule);
    if (arsverk && !(*arsverk >= kLeastArsverk && *arsverk <= kMostArsverk)) {
      table->problem(row, "base_arsverk", kArsverkRule, problems);
      ok = false;
    }
    auto ltc = int_field(*table, row, "long_term_care", 0, 1, "must be 0 or 1", problems);
    if (!ok || !label || !label_nb || !arsverk || !ltc) continue;
    service.label = *label;
    service.label_nb = *label_nb;
    service.base_arsverk = *arsverk;
    service.long_term_care = *ltc == 1;
    services.push_back(std::move(service));
    lines.push_back(row.line);
  }
  if (problems.size() != before) return std::nullopt;
  if (services.empty()) {
    std::string years;
    for (int year : other_years) years += (years.empty() ? "" : ", ") + std::to_string(year);
    problems.push_back({Location{file.path, 0, 0}, "base_year", std::to_string(base_year),
                        other_years.empty() ? "no services (the file has no rows)"
                                            : "no services with base_year " + std::to_string(base_year) +
                                                  " (the file has rows for " + years + ")"});
    return std::nullopt;
  }
  return services;
}

bool read_use_profiles(const DataFileRef& file, int top_age, std::vector<engine::ServiceArea>& services,
                       Problems& problems) {
  auto table = open_table(file, "use_profiles", problems);
  if (!table) return false;
  std::vector<std::array<std::vector<AgeGroup>, kSexCount>> groups(services.size());
  std::vector<const CsvRow*> first_row(services.size(), nullptr);
  const std::size_t before = problems.size();
  for (const CsvRow& row : table->rows()) {
    auto service = service_field(*table, row, services, problems);
    auto sex = sex_field(*table, row, problems);
    auto ages = age_group_fields(*table, row, problems);
    auto use = number_field(*table, row, "relative_use", 0.0, HUGE_VAL, "must be ≥ 0", problems);
    if (!service || !sex || !ages || !use) continue;
    groups[*service][*sex].push_back({ages->first, ages->second, *use, &row});
    if (!first_row[*service]) first_row[*service] = &row;
  }
  if (problems.size() != before) return false;
  bool ok = true;
  for (std::size_t j = 0; j < services.size(); ++j) {
    if (!first_row[j]) {
      problems.push_back({Location{file.path, 0, 0}, "service", services[j].id,
                          "no rows (every service of the services file needs a use profile)"});
      ok = false;
      continue;
    }
    AgeSexArray profile = AgeSexArray::Zero(top_age + 1, kSexCount);
    bool complete = true;
    for (int sex = 0; sex < kSexCount; ++sex) {
      const std::string what = services[j].id + " (" + std::string(kSexNames[sex]) + ")";
      complete = tile_groups(*table, groups[j][sex], top_age, what, profile, sex, problems) && complete;
    }
    if (!complete) {
      ok = false;
      continue;
    }
    if (!(profile.maxCoeff() > 0.0)) {
      table->problem(*first_row[j], "service", "no use at any age (every relative_use is 0)", problems);
      ok = false;
      continue;
    }
    services[j].use_profile = std::move(profile);
  }
  return ok;
}

std::optional<StaffingMix> read_staffing_mix(const DataFileRef& file,
                                             const std::vector<engine::ServiceArea>& services,
                                             Problems& problems) {
  auto table = open_table(file, "staffing_mix", problems);
  if (!table) return std::nullopt;
  StaffingMix mix;
  struct Share {
    std::size_t service, profession;
    double share;
    const CsvRow* row;
  };
  std::vector<Share> shares;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table->rows()) {
    auto service = service_field(*table, row, services, problems);
    const std::string profession(table->text(row, "profession"));
    if (!valid_id(profession)) {
      table->problem(row, "profession", "must be an id of lower-case letters, digits and '_'", problems);
    }
    auto share = number_field(*table, row, "share", 0.0, 1.0, "must be in [0, 1]", problems);
    if (!service || !valid_id(profession) || !share) continue;
    auto found = std::find(mix.professions.begin(), mix.professions.end(), profession);
    const std::size_t k = static_cast<std::size_t>(found - mix.professions.begin());
    if (found == mix.professions.end()) mix.professions.push_back(profession);
    shares.push_back({*service, k, *share, &row});
  }
  if (problems.size() != before) return std::nullopt;
  const std::size_t n = services.size(), m = mix.professions.size();
  mix.shares = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  std::vector<std::vector<const CsvRow*>> seen(n, std::vector<const CsvRow*>(m, nullptr));
  std::vector<const CsvRow*> first_row(n, nullptr);
  bool ok = true;
  for (const Share& share : shares) {
    if (const CsvRow* earlier = seen[share.service][share.profession]) {
      table->problem(*share.row, "profession",
                     "duplicate row for " + services[share.service].id + " (first at line " +
                         std::to_string(earlier->line) + ")",
                     problems);
      ok = false;
      continue;
    }
    seen[share.service][share.profession] = share.row;
    if (!first_row[share.service]) first_row[share.service] = share.row;
    mix.shares(static_cast<Eigen::Index>(share.service), static_cast<Eigen::Index>(share.profession)) =
        share.share;
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (!first_row[j]) {
      problems.push_back({Location{file.path, 0, 0}, "service", services[j].id,
                          "no rows (every service of the services file needs a staffing mix)"});
      ok = false;
      continue;
    }
    std::vector<std::string> missing;
    for (std::size_t k = 0; k < m; ++k) {
      if (!seen[j][k]) missing.push_back("'" + mix.professions[k] + "'");
    }
    if (!missing.empty()) {
      table->problem(*first_row[j], "service",
                     std::string(missing.size() == 1 ? "missing profession " : "missing professions ") +
                         join(missing, ", ") + " (every service needs a row for every profession)",
                     problems);
      ok = false;
      continue;
    }
    const double sum = mix.shares.row(static_cast<Eigen::Index>(j)).sum();
    if (std::abs(sum - 1.0) > 1e-6) {
      table->problem(*first_row[j], "service",
                     "shares sum to " + format_number(sum, 10) + "; they must sum to 1 (within 1e-6)",
                     problems);
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return mix;
}

std::optional<AgeSexArray> read_employment_rates(const DataFileRef& file, int top_age, Problems& problems) {
  auto table = open_table(file, "employment_rates", problems);
  if (!table) return std::nullopt;
  std::array<std::vector<AgeGroup>, kSexCount> groups;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table->rows()) {
    auto sex = sex_field(*table, row, problems);
    auto ages = age_group_fields(*table, row, problems);
    auto rate = number_field(*table, row, "rate", 0.0, 1.0, "must be in [0, 1]", problems);
    if (!sex || !ages || !rate) continue;
    groups[*sex].push_back({ages->first, ages->second, *rate, &row});
  }
  if (problems.size() != before) return std::nullopt;
  AgeSexArray rates = AgeSexArray::Zero(top_age + 1, kSexCount);
  bool ok = true;
  for (int sex = 0; sex < kSexCount; ++sex) {
    ok = tile_groups(*table, groups[sex], top_age, std::string(kSexNames[sex]), rates, sex, problems) && ok;
  }
  if (!ok) return std::nullopt;
  return rates;
}

}  // namespace carecast::config::detail

namespace carecast::config::detail {

std::optional<std::vector<engine::ObservedArsverk>> read_observed_arsverk(const DataFileRef& file,
                                                                          const std::vector<engine::ServiceArea>& known,
                                                                          Problems& problems) {
  auto table = open_table(file, "observed_arsverk", problems);
  if (!table) return std::nullopt;
  std::vector<engine::ObservedArsverk> out;
  std::map<std::string, std::string> services_of;  // series -> its services as written
  std::map<std::pair<std::string, int>, int> line_of;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table->rows()) {
    engine::ObservedArsverk point;
    point.series = std::string(table->text(row, "series"));
    bool ok = true;
    if (!valid_id(point.series)) {
      table->problem(row, "series", "must be an id of lower-case letters, digits and '_'", problems);
      ok = false;
    }
    const std::string services(table->text(row, "services"));
    std::size_t start = 0;
    while (start < services.size()) {
      std::size_t end = services.find(' ', start);
      if (end == std::string::npos) end = services.size();
      const std::string id = services.substr(start, end - start);
      if (!id.empty()) {
        auto found = std::find_if(known.begin(), known.end(), [&](const auto& s) { return s.id == id; });
        if (found == known.end()) {
          table->problem(row, "services", "'" + id + "' is not a service of services.csv", problems);
          ok = false;
        } else {
          point.services.push_back(std::size_t(found - known.begin()));
        }
      }
      start = end + 1;
    }
    if (point.services.empty() && ok) {
      table->problem(row, "services", "must name at least one service", problems);
      ok = false;
    }
    if (auto [it, fresh] = services_of.emplace(point.series, services); !fresh && it->second != services) {
      table->problem(row, "services", "must be the same in every row of series '" + point.series + "' ('" +
                                          it->second + "')", problems);
      ok = false;
    }
    auto year = table->integer(row, "year", problems);
    auto arsverk = table->number(row, "arsverk", problems, kArsverkRule);
    if (arsverk && !(*arsverk >= kLeastArsverk && *arsverk <= kMostArsverk)) {
      table->problem(row, "arsverk", kArsverkRule, problems);
      ok = false;
    }
    if (year) {
      auto [it, fresh] = line_of.emplace(std::make_pair(point.series, int(*year)), row.line);
      if (!fresh) {
        table->problem(row, "year", "duplicate year of series '" + point.series + "' (first at line " +
                                        std::to_string(it->second) + ")", problems);
        ok = false;
      }
    }
    if (!ok || !year || !arsverk) continue;
    point.year = int(*year);
    point.arsverk = *arsverk;
    point.segment = std::string(table->text(row, "segment"));
    out.push_back(std::move(point));
  }
  if (problems.size() != before) return std::nullopt;
  if (out.empty()) {  // a header alone: the backtest would report the key as missing
    problems.push_back({file.where, file.key_path, file.written, file.path + " holds no rows of observed årsverk"});
    return std::nullopt;
  }
  return out;
}

}  // namespace carecast::config::detail
