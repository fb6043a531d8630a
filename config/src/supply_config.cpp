#include "supply_config.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "csv.hpp"
#include "text.hpp"

namespace carecast::config::detail {

namespace {

using engine::AgeSexArray;
using engine::kSexCount;
using engine::kSexNames;
using V = ValueType;

// The rows below use designated initialisers and leave most fields at their defaults.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

constexpr std::string_view kCalibrations[] = {"balance", "none"};

// A located reader of one supply table: typed fields with ranges, every problem collected.
class Reader {
 public:
  Reader(const CsvTable& table, Problems& problems) : table_(table), problems_(problems) {}

  std::optional<double> number(const CsvRow& row, std::string_view column, double low, double high) {
    auto value = table_.number(row, column, problems_);
    if (value && (*value < low || *value > high)) {
      table_.problem(row, column, "must be in [" + format_number(low) + ", " + format_number(high) + "]",
                     problems_);
      return std::nullopt;
    }
    return value;
  }
  std::optional<int> age(const CsvRow& row, std::string_view column, int top_age) {
    auto value = table_.integer(row, column, problems_);
    if (value && (*value < 0 || *value > top_age)) {
      table_.problem(row, column, "must be an age in [0, " + std::to_string(top_age) + "] (top_age)",
                     problems_);
      return std::nullopt;
    }
    if (!value) return std::nullopt;
    return static_cast<int>(*value);
  }
  // age_from ≤ age_to, both in [0, top_age].
  std::optional<std::pair<int, int>> ages(const CsvRow& row, std::string_view from_column,
                                          std::string_view to_column, int top_age) {
    auto from = age(row, from_column, top_age);
    auto to = age(row, to_column, top_age);
    if (!from || !to) return std::nullopt;
    if (*to < *from) {
      table_.problem(row, to_column,
                     "must be ≥ " + std::string(from_column) + " (" + std::to_string(*from) + ")", problems_);
      return std::nullopt;
    }
    return std::make_pair(*from, *to);
  }
  // The index of the row's profession among the demand side's, or nullopt with a problem.
  std::optional<std::size_t> profession(const CsvRow& row, const std::vector<std::string>& professions) {
    const std::string id(table_.text(row, "profession"));
    auto at = std::find(professions.begin(), professions.end(), id);
    if (at == professions.end()) {
      table_.problem(row, "profession",
                     unknown_rule("profession (the professions of staffing_mix.csv)", id, professions),
                     problems_);
      return std::nullopt;
    }
    return std::size_t(at - professions.begin());
  }
  std::optional<int> sex(const CsvRow& row) {
    const std::string_view text = table_.text(row, "sex");
    for (int g = 0; g < kSexCount; ++g) {
      if (kSexNames[g] == text) return g;
    }
    table_.problem(row, "sex", "must be female or male", problems_);
    return std::nullopt;
  }

 private:
  const CsvTable& table_;
  Problems& problems_;
};

std::optional<CsvTable> open(const Value& file, const std::string& key, std::string_view role,
                             Problems& problems) {
  auto table = CsvTable::read(file.text, file.node->where, key, flow_text(*file.node), problems);
  if (table && !table->require(column_names(data_format(role)), problems)) return std::nullopt;
  return table;
}

// Problems for professions without rows; true when every one has some.
bool every_profession(const std::vector<const CsvRow*>& first, const std::vector<std::string>& professions,
                      const CsvTable& table, const std::string& need, Problems& problems) {
  std::vector<std::string> missing;
  for (std::size_t k = 0; k < professions.size(); ++k) {
    if (!first[k]) missing.push_back("'" + professions[k] + "'");
  }
  if (missing.empty()) return true;
  problems.push_back({Location{table.file(), 0, 0}, "profession", "",
                      "no rows for " + join(missing, ", ") + " (" + need + ")"});
  return false;
}

std::vector<std::string> ids_of(const std::vector<engine::SupplyProfession>& professions) {
  std::vector<std::string> ids;
  for (const auto& p : professions) ids.push_back(p.id);
  return ids;
}

// profession,sex,age_from,age_to,persons: persons spread evenly over the ages of a group.
bool read_stock(const CsvTable& table, int top_age, std::vector<engine::SupplyProfession>& out,
                Problems& problems) {
  Reader read(table, problems);
  const std::vector<std::string> ids = ids_of(out);
  // The line that set each profession × sex × age, to report overlaps.
  std::vector<std::array<std::vector<int>, kSexCount>> line_of(out.size());
  for (auto& lines : line_of) lines.fill(std::vector<int>(std::size_t(top_age) + 1, 0));
  std::vector<const CsvRow*> first(out.size(), nullptr);
  const std::size_t before = problems.size();
  for (const CsvRow& row : table.rows()) {
    auto k = read.profession(row, ids);
    auto g = read.sex(row);
    auto ages = read.ages(row, "age_from", "age_to", top_age);
    auto persons = read.number(row, "persons", 0.0, HUGE_VAL);
    if (!k || !g || !ages || !persons) continue;
    if (!first[*k]) first[*k] = &row;
    std::vector<int>& lines = line_of[*k][std::size_t(*g)];
    const auto clash = std::find_if(lines.begin() + ages->first, lines.begin() + ages->second + 1,
                                    [](int line) { return line != 0; });
    if (clash != lines.begin() + ages->second + 1) {
      table.problem(row, "age_from",
                    "overlaps line " + std::to_string(*clash) + " (age " +
                        std::to_string(clash - lines.begin()) + " of " + ids[*k] + ", " +
                        std::string(kSexNames[*g]) + ")",
                    problems);
      continue;
    }
    const double per_age = *persons / double(ages->second - ages->first + 1);
    for (int a = ages->first; a <= ages->second; ++a) {
      lines[std::size_t(a)] = row.line;
      out[*k].stock(a, *g) = per_age;
    }
  }
  return problems.size() == before &&
         every_profession(first, ids, table, "every profession of staffing_mix.csv needs a stock", problems);
}

// Shares by age and sex of an inflow spread evenly over [from, to] with a female share.
AgeSexArray pattern(int top_age, int from, int to, double female_share) {
  AgeSexArray shares = AgeSexArray::Zero(top_age + 1, kSexCount);
  const double n = double(to - from + 1);
  shares.col(0).segment(from, to - from + 1).setConstant(female_share / n);
  shares.col(1).segment(from, to - from + 1).setConstant((1.0 - female_share) / n);
  return shares;
}

bool read_flows(const CsvTable& table, int top_age, std::vector<engine::SupplyProfession>& out,
                Problems& problems) {
  Reader read(table, problems);
  const std::vector<std::string> ids = ids_of(out);
  std::vector<const CsvRow*> first(out.size(), nullptr);
  const std::size_t before = problems.size();
  for (const CsvRow& row : table.rows()) {
    auto k = read.profession(row, ids);
    auto graduates = read.number(row, "graduates", 0.0, HUGE_VAL);
    auto graduate_ages = read.ages(row, "graduate_age_from", "graduate_age_to", top_age);
    auto graduate_female = read.number(row, "graduate_female_share", 0.0, 1.0);
    auto immigrants = read.number(row, "immigrants", 0.0, HUGE_VAL);
    auto immigrant_ages = read.ages(row, "immigrant_age_from", "immigrant_age_to", top_age);
    auto immigrant_female = read.number(row, "immigrant_female_share", 0.0, 1.0);
    auto share = read.number(row, "share_in_health_care", 0.0, 1.0);
    auto arsverk = read.number(row, "arsverk_per_person", 0.0, 2.0);
    if (!k) continue;
    if (first[*k]) {
      table.problem(
          row, "profession",
          "duplicate row for " + ids[*k] + " (first at line " + std::to_string(first[*k]->line) + ")",
          problems);
      continue;
    }
    first[*k] = &row;
    if (!graduates || !graduate_ages || !graduate_female || !immigrants || !immigrant_ages ||
        !immigrant_female || !share || !arsverk) {
      continue;
    }
    engine::SupplyProfession& p = out[*k];
    p.graduates = *graduates;
    p.graduate_pattern = pattern(top_age, graduate_ages->first, graduate_ages->second, *graduate_female);
    p.immigrants = *immigrants;
    p.immigrant_pattern = pattern(top_age, immigrant_ages->first, immigrant_ages->second, *immigrant_female);
    p.share_in_health_care = *share;
    p.arsverk_per_person = *arsverk;
  }
  return problems.size() == before &&
         every_profession(first, ids, table, "every profession of staffing_mix.csv needs one row", problems);
}

// age_from,age_to,retirement_rate,leaving_rate: the groups must tile 0..top_age.
bool read_exits(const CsvTable& table, int top_age, engine::SupplyBase& supply, Problems& problems) {
  Reader read(table, problems);
  struct Group {
    int from, to;
    double retirement, leaving;
    const CsvRow* row;
  };
  std::vector<Group> groups;
  const std::size_t before = problems.size();
  for (const CsvRow& row : table.rows()) {
    auto ages = read.ages(row, "age_from", "age_to", std::max(top_age, 200));
    auto retirement = read.number(row, "retirement_rate", 0.0, 1.0);
    auto leaving = read.number(row, "leaving_rate", 0.0, 1.0);
    if (ages && retirement && leaving)
      groups.push_back({ages->first, ages->second, *retirement, *leaving, &row});
  }
  if (problems.size() != before) return false;
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.from < b.from; });
  supply.retirement_rate = Eigen::ArrayXd::Zero(top_age + 1);
  supply.leaving_rate = Eigen::ArrayXd::Zero(top_age + 1);
  int next = 0;  // the first age not yet covered
  for (const Group& group : groups) {
    if (group.from > top_age) break;
    if (group.from != next) {
      table.problem(*group.row, "age_from",
                    group.from > next
                        ? "gap: ages " + std::to_string(next) + ".." + std::to_string(group.from - 1) +
                              " are not covered"
                        : "overlaps the group before (which ends at " + std::to_string(next - 1) + ")",
                    problems);
      return false;
    }
    for (int a = group.from; a <= std::min(group.to, top_age); ++a) {
      supply.retirement_rate(a) = group.retirement;
      supply.leaving_rate(a) = group.leaving;
    }
    next = group.to + 1;
  }
  if (next <= top_age) {
    problems.push_back({Location{table.file(), 0, 0}, "age_to", "",
                        "ages " + std::to_string(next) + ".." + std::to_string(top_age) +
                            " are not covered (the groups must cover 0..top_age " + std::to_string(top_age) +
                            ")"});
    return false;
  }
  return true;
}

}  // namespace

std::vector<SchemaEntry> supply_data_entries() {
  return {
      section_entry(
          "data.supply",
          "The supply side by profession (docs/supply.md). Optional; without it runs have no supply "
          "and no gap.",
          false),
      {.path = "data.supply.start_year",
       .type = V::integer,
       .unit = "year",
       .reference = "2015",
       .min = closed(1900),
       .max = closed_key("base_year"),
       .description = "Year of the stocks in stock_file: the supply model runs from here; the years up to "
                      "base_year are history (docs/supply.md compares them with SSB's totals)."},
      {.path = "data.supply.stock_file",
       .type = V::path,
       .reference = "norway/supply_stock.csv",
       .description = "Format `supply_stock`."},
      {.path = "data.supply.flows_file",
       .type = V::path,
       .reference = "norway/supply_flows.csv",
       .description = "Format `supply_flows`."},
      {.path = "data.supply.exits_file",
       .type = V::path,
       .reference = "norway/supply_exits.csv",
       .description = "Format `supply_exits`."},
      {.path = "data.supply.calibration",
       .type = V::enumeration,
       .reference = "balance",
       .choices = {kCalibrations[0], kCalibrations[1]},
       .description =
           "balance: each profession's supply equals its demand in base_year (HELSEMOD's convention; "
           "the files then set growth, not level); none: supply = stock × share × årsverk per "
           "person as the files give them."},
      source_entry("data.supply.source"),
  };
}

std::vector<SchemaEntry> supply_parameter_entries() {
  return {
      section_entry(
          "parameters.supply",
          "Supply-side levers (docs/supply.md), acting from base_year on. Optional; needs data.supply.",
          false),
      {.path = "parameters.supply.graduates_change_pct",
       .type = V::number,
       .unit = "%",
       .reference = "0",
       .min = closed(-100),
       .max = closed(500),
       .description =
           "More (or fewer) study places: graduates a year of every profession, relative to the data.",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.supply.graduates_change = v / 100; }},
      {.path = "parameters.supply.immigration_change_pct",
       .type = V::number,
       .unit = "%",
       .reference = "0",
       .min = closed(-100),
       .max = closed(500),
       .description = "Recruitment from abroad: authorised immigrants a year, relative to the data.",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.supply.immigration_change = v / 100; }},
      {.path = "parameters.supply.retirement_delay_years",
       .type = V::number,
       .unit = "years",
       .reference = "0",
       .min = closed(-5),
       .max = closed(10),
       .description = "Later retirement: the retirement schedule moves this many years to older ages.",
       .set = [](engine::ScenarioParameters& p, std::size_t, double v) { p.supply.retirement_delay = v; }},
      {.path = "parameters.supply.arsverk_per_person_change_pct",
       .type = V::number,
       .unit = "%",
       .reference = "0",
       .min = closed(-50),
       .max = closed(50),
       .description =
           "More full-time work: årsverk per person working in health and care, relative to the data "
           "(after base_year).",
       .set = [](engine::ScenarioParameters& p, std::size_t,
                 double v) { p.supply.arsverk_per_person_change = v / 100; }},
  };
}

#pragma GCC diagnostic pop

std::vector<DataFormat> supply_data_formats() {
  return {
      {"supply_stock",
       "config/norway/supply_stock.csv",
       {{"profession", "a profession id of staffing_mix.csv"},
        {"sex", "`female` or `male`"},
        {"age_from", "first age of the group, 0..top_age"},
        {"age_to", "last age of the group, age_from..top_age"},
        {"persons",
         "persons with the education in the labour force on 1 January of data.supply.start_year, ≥ 0"},
        {"basis", "how the figure was derived (or that it is an assumption)"},
        {"source", "where it comes from"}},
       {"Every profession needs at least one row; groups of a profession and sex must not overlap; ages not "
        "listed hold nobody.",
        "A group's persons are spread evenly over its ages (single ages: write age_from = age_to)."}},
      {"supply_flows",
       "config/norway/supply_flows.csv",
       {{"profession", "a profession id of staffing_mix.csv"},
        {"graduates", "persons a year entering from education, ≥ 0"},
        {"graduate_age_from", "youngest age at graduation (age at the end of the year)"},
        {"graduate_age_to", "oldest age at graduation; graduates are spread evenly over the ages"},
        {"graduate_female_share", "share of graduates who are women, [0, 1]"},
        {"immigrants", "authorised persons a year entering from abroad, ≥ 0"},
        {"immigrant_age_from", "youngest age of immigrants"},
        {"immigrant_age_to", "oldest age of immigrants"},
        {"immigrant_female_share", "share of immigrants who are women, [0, 1]"},
        {"share_in_health_care", "share of the stock working in health and care, [0, 1]"},
        {"arsverk_per_person", "årsverk per person working in health and care, [0, 2]"},
        {"basis", "how the figures were derived (or that they are assumptions)"},
        {"source", "where they come from"}},
       {"Exactly one row for every profession of staffing_mix.csv."}},
      {"supply_exits",
       "config/norway/supply_exits.csv",
       {{"age_from", "first age of the group"},
        {"age_to", "last age of the group"},
        {"retirement_rate", "share a year of those left after deaths who retire, [0, 1]"},
        {"leaving_rate",
         "share a year of those left after retirement who leave the sector or the country, [0, 1]"},
        {"basis", "how the figures were derived (or that they are assumptions)"},
        {"source", "where they come from"}},
       {"The groups must cover every age 0..top_age once (groups beyond top_age are ignored); the same rates "
        "apply to every profession and both sexes.",
        "Deaths use the scenario's population death rates."}},
  };
}

void check_supply_parameters(const Values& values, const engine::BaseData& base, Problems& problems) {
  if (!base.supply.empty()) return;
  for (const auto& [path, value] : values) {
    if (!path.starts_with("parameters.supply.") || !value.node) continue;
    problems.push_back({value.node->where, path, flow_text(*value.node),
                        "needs a supply side: the base file has no data.supply (docs/supply.md)"});
  }
}

bool read_supply(const Values& values, engine::BaseData& base, std::vector<DataSource>& sources,
                 Problems& problems) {
  const auto get = [&](const std::string& key) -> const Value* {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
  };
  const Value* stock = get("data.supply.stock_file");
  const Value* flows = get("data.supply.flows_file");
  const Value* exits = get("data.supply.exits_file");
  const Value* start = get("data.supply.start_year");
  const Value* calibration = get("data.supply.calibration");
  const Value* source = get("data.supply.source");
  for (const auto& [role, value] : {std::pair{"supply_stock", stock}, std::pair{"supply_flows", flows},
                                    std::pair{"supply_exits", exits}}) {
    if (value) sources.push_back({role, value->text, source ? source->text : ""});
  }
  if (!stock || !flows || !exits || !start || !calibration) return !stock && !flows && !exits;
  if (base.professions.empty()) return false;
  const int top = base.demography.top_age;
  engine::SupplyBase supply;
  supply.start_year = static_cast<int>(start->integer);
  supply.balance_in_base_year = calibration->text == kCalibrations[0];
  for (const std::string& id : base.professions) {
    engine::SupplyProfession p;
    p.id = id;
    p.stock = AgeSexArray::Zero(top + 1, kSexCount);
    supply.professions.push_back(std::move(p));
  }
  bool ok = true;
  if (auto table = open(*stock, "data.supply.stock_file", "supply_stock", problems)) {
    ok = read_stock(*table, top, supply.professions, problems) && ok;
  } else {
    ok = false;
  }
  if (auto table = open(*flows, "data.supply.flows_file", "supply_flows", problems)) {
    ok = read_flows(*table, top, supply.professions, problems) && ok;
  } else {
    ok = false;
  }
  if (auto table = open(*exits, "data.supply.exits_file", "supply_exits", problems)) {
    ok = read_exits(*table, top, supply, problems) && ok;
  } else {
    ok = false;
  }
  if (ok) base.supply = std::move(supply);
  return ok;
}

}  // namespace carecast::config::detail
