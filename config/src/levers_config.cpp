#include "levers_config.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <optional>

#include "csv.hpp"
#include "text.hpp"

namespace carecast::config::detail {

namespace {

using V = ValueType;

constexpr std::string_view kLevers = "parameters.levers";
constexpr std::string_view kInvestments = "parameters.levers.investments";
constexpr std::string_view kTechnologies = "parameters.levers.technologies";
constexpr std::string_view kTotalLever = "total";  // the sum over levers in levers.csv


// Setters of the capital-model numbers (user units).
void set_all_sigma(engine::ScenarioParameters& p, std::size_t, double v) {
  p.levers.capital.sigma.assign(p.levers.capital.sigma.size(), v);
}
void set_service_sigma(engine::ScenarioParameters& p, std::size_t j, double v) {
  p.levers.capital.sigma.at(j) = v;
}
void set_all_gap(engine::ScenarioParameters& p, std::size_t, double v) {
  p.levers.capital.gap.assign(p.levers.capital.gap.size(), v);
}
void set_service_gap(engine::ScenarioParameters& p, std::size_t j, double v) {
  p.levers.capital.gap.at(j) = v;
}
template <int C>
void set_lifetime(engine::ScenarioParameters& p, std::size_t, double v) {
  p.levers.capital.lifetime_years[C] = v;
}

std::vector<std::string_view> category_choices() {
  return {engine::kEquipmentCategoryNames.begin(), engine::kEquipmentCategoryNames.end()};
}

bool valid_lever_name(std::string_view name) {
  // At most 100 characters, as scenario names: they head columns and rows of the reports.
  return !name.empty() && name.size() <= 100 && std::all_of(name.begin(), name.end(), [](char c) {
    // (No '.': --set splits its key at dots, so a lever 'a.b' could not be reached.)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void add(Problems& problems, const Location& where, const std::string& path, const ConfigNode* node,
         std::string rule) {
  problems.push_back({where, path, node ? flow_text(*node) : "", std::move(rule)});
}

// A map from profession id to a number ≥ 0 (within [0, max]); fills `values` by profession index.
bool profession_map(const ConfigNode& node, const std::string& path, const engine::BaseData& base, double max,
                    std::vector<double>& values, Problems& problems) {
  values.assign(base.professions.size(), 0.0);
  if (!node.is_map()) {
    add(problems, node.where, path, &node,
        node.kind == ConfigNode::Kind::null ? "must be a map of profession: value (write {} for none)"
                                            : "must be a map of profession: value");
    return false;
  }
  bool ok = true;
  for (const ConfigNode& child : node.children) {
    const std::string key_path = child_path(path, child.key);
    const auto at = std::find(base.professions.begin(), base.professions.end(), child.key);
    if (at == base.professions.end()) {
      add(problems, child.key_where, key_path, &child,
          unknown_rule("profession", child.key, base.professions, "known"));
      ok = false;
      continue;
    }
    const auto number = child.is_scalar() && !child.quoted ? parse_number(child.scalar) : std::nullopt;
    if (!number) {
      add(problems, child.where, key_path, &child, "must be a number");
      ok = false;
    } else if (*number < 0.0 || *number > max) {
      add(problems, child.where, key_path, &child,
          std::isinf(max) ? "must be \u2265 0" : "must be in [0, " + format_number(max) + "]");
      ok = false;
    } else {
      values[std::size_t(at - base.professions.begin())] = *number;
    }
  }
  return ok;
}

// `saved_professions` of a lever (optional): a profession map with shares summing to 1. True
// when absent or valid.
bool saved_profession_shares(const ConfigNode& item, const std::string& path, const engine::BaseData& base,
                             std::vector<double>& shares, Problems& problems) {
  const ConfigNode* node = item.find("saved_professions");
  if (!node) return true;
  if (!profession_map(*node, path + ".saved_professions", base, 1.0, shares, problems)) return false;
  double sum = 0.0;
  for (double share : shares) sum += share;
  if (std::abs(sum - 1.0) <= 1e-6) return true;
  add(problems, node->where, path + ".saved_professions", node,
      "shares must sum to 1 (they sum to " + format_number(sum, 10) + ")");
  return false;
}

// The item without keys checked by hand (an optional profession map), for the generic validator.
ConfigNode without_keys(const ConfigNode& item, std::initializer_list<std::string_view> keys) {
  ConfigNode copy = item;
  std::erase_if(copy.children, [&](const ConfigNode& child) {
    return std::find(keys.begin(), keys.end(), child.key) != keys.end();
  });
  return copy;
}

double number(const Values& values, const std::string& path, double fallback = 0.0) {
  auto it = values.find(path);
  return it == values.end() ? fallback : it->second.number;
}

const ConfigNode* map_child(const ConfigNode& node, const std::string& path, std::string_view key,
                            Problems& problems) {
  const ConfigNode* child = node.find(key);
  if (!child) return nullptr;
  if (!child->is_map()) {
    add(problems, child->where, child_path(path, key), child,
        child->kind == ConfigNode::Kind::null ? "must be a map of lever name: lever (write {} for none)"
                                              : "must be a map of lever name: lever");
    return nullptr;
  }
  return child;
}

std::optional<std::size_t> service_index(const ConfigNode& item, const std::string& path,
                                         const Values& values, const std::vector<std::string>& ids,
                                         Problems& problems) {
  const auto it = values.find(path + ".service");
  if (it == values.end()) return std::nullopt;
  const auto at = std::find(ids.begin(), ids.end(), it->second.text);
  if (at == ids.end()) {
    const ConfigNode* node = item.find("service");
    add(problems, node->where, path + ".service", node,
        unknown_rule("service", it->second.text, ids, "known"));
    return std::nullopt;
  }
  return std::size_t(at - ids.begin());
}

// The two ways a technology lever says whose work it saves: a share of the service's årsverk
// (touched_share, optionally saved_professions) or one profession and its task share.
void check_task_target(const ConfigNode& item, const std::string& path, const Values& values,
                       const engine::BaseData& base, std::optional<std::size_t> service,
                       engine::TechnologyLever& lever, Problems& problems) {
  const ConfigNode* profession = item.find("profession");
  const ConfigNode* task_share = item.find("task_share");
  if (!profession) {
    if (task_share)
      add(problems, task_share->where, path + ".task_share", task_share, "only used with profession");
    if (!item.find("touched_share"))
      add(problems, item.where, path + ".touched_share", nullptr, "required (or profession and task_share)");
    return;
  }
  for (std::string_view other : {"touched_share", "saved_professions"}) {
    if (const ConfigNode* node = item.find(other)) {
      add(problems, node->key_where, child_path(path, other), nullptr,
          "not allowed with profession (a task-targeted lever saves only that profession's task_share)");
    }
  }
  if (!task_share) add(problems, item.where, path + ".task_share", nullptr, "required with profession");
  const auto it = values.find(path + ".profession");
  if (it == values.end()) return;  // reported by the validator
  const auto at = std::find(base.professions.begin(), base.professions.end(), it->second.text);
  if (at == base.professions.end()) {
    add(problems, profession->where, path + ".profession", profession,
        unknown_rule("profession", it->second.text, base.professions, "known"));
    return;
  }
  const auto k = std::size_t(at - base.professions.begin());
  if (service && !(base.staffing_mix(Eigen::Index(*service), Eigen::Index(k)) > 0.0)) {
    add(problems, profession->where, path + ".profession", profession,
        base.professions[k] + " has no årsverk in " + base.services[*service].id + " (staffing_mix.csv)");
    return;
  }
  lever.target_profession = k;
  lever.task_share = number(values, path + ".task_share");
}

}  // namespace

bool is_lever_name_path(std::string_view schema_path) {
  return schema_path.starts_with(std::string(kInvestments) + ".*") ||
         schema_path.starts_with(std::string(kTechnologies) + ".*");
}

std::vector<ScalarParameter> lever_scalar_parameters(
    const std::vector<engine::ScenarioParameters>& scenarios) {
  std::vector<ScalarParameter> out;
  if (scenarios.empty()) return out;
  const double infinity = std::numeric_limits<double>::infinity();
  const auto in_every = [&](const std::string& name, bool capital) {
    return std::all_of(scenarios.begin(), scenarios.end(), [&](const engine::ScenarioParameters& p) {
      const auto same = [&](const auto& lever) { return lever.name == name; };
      return capital
                 ? std::any_of(p.levers.capital_levers.begin(), p.levers.capital_levers.end(), same)
                 : std::any_of(p.levers.technology_levers.begin(), p.levers.technology_levers.end(), same);
    });
  };
  struct TechnologyNumber {
    std::string_view key, unit, description;
    double min, max;
    bool min_exclusive;
    double engine::TechnologyLever::*field;
  };
  // One row per number, with the schema's range.
  using T = engine::TechnologyLever;
  static const TechnologyNumber kTechnologyNumbers[] = {
      {"ceiling", "share", "Long-run adoption share.", 0, 1, false, &T::ceiling},
      {"midpoint_year", "year", "Inflection year of the adoption curve.", 1900, 2200, false,
       &T::midpoint_year},
      {"steepness", "1/yr", "Slope of the adoption curve.", 0, 10, true, &T::steepness},
      {"saving_per_adopter", "share", "Fraction of the touched work saved at full adoption.", -1, 1, false,
       &T::saving_per_adopter},
      {"realised_share", "share", "Share of the published gain realised.", 0, 1, false, &T::realised_share},
      {"touched_share", "share", "Share of the service's årsverk touched.", 0, 1, false, &T::touched_share},
      {"task_share", "share", "Share of the profession's time in the task.", 0, 1, false, &T::task_share},
      {"potential_units", "units", "Units in use at adoption 1.", 0, infinity, false, &T::potential_units},
      {"unit_cost_nok_per_year", "NOK/yr", "Running cost per unit in use.", 0, infinity, false,
       &T::unit_cost_nok_per_year},
  };
  for (const engine::CapitalLever& lever : scenarios.front().levers.capital_levers) {
    if (!in_every(lever.name, true)) continue;
    ScalarParameter parameter;
    parameter.path = child_path(std::string(kInvestments), lever.name) + ".amount_mnok";
    parameter.unit = "MNOK/yr";
    parameter.description = "Extra investment a year at full level of capital lever '" + lever.name + "'.";
    parameter.min = 0.0;
    parameter.max = infinity;
    parameter.set = [name = lever.name](engine::ScenarioParameters& p, double v) {
      for (engine::CapitalLever& l : p.levers.capital_levers) {
        if (l.name == name) l.amount_nok = v * 1e6;
      }
    };
    out.push_back(std::move(parameter));
  }
  for (const engine::TechnologyLever& lever : scenarios.front().levers.technology_levers) {
    if (!in_every(lever.name, false)) continue;
    const bool targeted = lever.target_profession != engine::kNoProfession;
    for (const TechnologyNumber& number : kTechnologyNumbers) {
      // touched_share is drawn only without profession shares: with them the rule τ · w_k ≤ M_jk
      // depends on the staffing mix, which a sweep range cannot express.
      const bool touched_ok = !targeted && lever.saved_profession_shares.empty();
      if ((number.key == "touched_share" && !touched_ok) || (number.key == "task_share" && !targeted))
        continue;
      ScalarParameter parameter;
      parameter.path = child_path(std::string(kTechnologies), lever.name) + "." + std::string(number.key);
      parameter.unit = number.unit;
      parameter.description = std::string(number.description) + " Technology lever '" + lever.name + "'.";
      parameter.min = number.min;
      parameter.max = number.max;
      parameter.min_exclusive = number.min_exclusive;
      parameter.set = [name = lever.name, field = number.field](engine::ScenarioParameters& p, double v) {
        for (engine::TechnologyLever& l : p.levers.technology_levers) {
          if (l.name == name) l.*field = v;
        }
      };
      out.push_back(std::move(parameter));
    }
  }
  return out;
}

std::vector<SchemaEntry> lever_data_entries() {
  return {
      section_entry(
          "data.equipment_investment",
          "Baseline equipment investment by service and category (capital levers, docs/levers.md). Optional; "
          "needed with data.labour_cost for capital levers.",
          false),
      file_entry("data.equipment_investment.file", "norway/equipment_investment.csv", "Format `equipment_investment`."),
      source_entry("data.equipment_investment.source"),
      section_entry("data.labour_cost",
              "Labour cost per årsverk by service (labour share of capital levers). Optional.", false),
      file_entry("data.labour_cost.file", "norway/equipment_labour_cost.csv", "Format `labour_cost`."),
      source_entry("data.labour_cost.source"),
  };
}

std::vector<SchemaEntry> lever_parameter_entries() {
  const Bound none;
  const Bound zero = closed(0), positive = exclusive(0);
  // Geometric depreciation keeps (1 − δ) ≥ 0 only for δ = 1/lifetime ≤ 1: a service life of at
  // least one year (a shorter one would make the perpetual inventory's stock negative), and at
  // most a century (the stock is investment/δ: longer lives are no equipment, and far longer
  // ones overflow the stock and the labour share).
  const Bound one_year = closed(1);
  const Bound one = closed(1);
  auto max = [](double value) { return Bound{Bound::Kind::value, value, {}, false}; };
  // A required number of years in (0, 100] without a setter (the gap-from-age inputs).
  auto years_entry = [&](std::string_view path, std::string_view description) {
    return SchemaEntry{path, V::number, true, "years", "", positive, max(100), {}, description, nullptr};
  };
  return {
      section_entry(
          kLevers, "Equipment-investment levers (docs/levers.md). Without this key a scenario has no levers.",
          false),
      section_entry("parameters.levers.capital", "The capital model of capital levers (all keys required)."),
      {"parameters.levers.capital.sigma",
       V::number,
       true,
       "",
       "0.5",
       positive,
       max(10),
       {},
       "σ: elasticity of substitution between equipment and labour, all services; 1 = Cobb–Douglas, < 1 "
       "gives a floor to the savings (assumption: 0.5; a meta-analysis of whole-economy estimates gives 0.3 "
       "to 0.9 depending on corrections, docs/levers.md).",
       set_all_sigma},
      {"parameters.levers.capital.gap",
       V::number,
       false,
       "share",
       "0",
       zero,
       exclusive(1),
       {},
       "Base-year equipment gap, all services: the share of the cost-minimising equipment stock that is "
       "missing (0 = the stock is at its cost-minimising level and an årsverk saved costs a wage; "
       "assumption, docs/levers.md derives a value from equipment age).",
       set_all_gap},
      section_entry(
          "parameters.levers.capital.gap_from_age",
          "Optional: derive the gap of every service from equipment age instead of `gap`: "
          "g = max(0, 1 − T/(2A)), the share of equipment kept beyond its recommended lifetime T "
          "when ages are spread evenly up to 2A (docs/levers.md). services.<id>.gap still overrides it.",
          false),
      years_entry("parameters.levers.capital.gap_from_age.average_age_years",
                  "A: average age of the equipment in the base year."),
      years_entry("parameters.levers.capital.gap_from_age.recommended_lifetime_years",
                  "T: recommended lifetime of the equipment."),
      {"parameters.levers.capital.services",
       V::id_map,
       true,
       "",
       "{}",
       none,
       none,
       {},
       "Per-service overrides of the capital model, keyed by service id.",
       nullptr},
      section_entry("parameters.levers.capital.services.*", "Overrides for one service.", false),
      {"parameters.levers.capital.services.*.sigma",
       V::number,
       false,
       "",
       "",
       positive,
       max(10),
       {},
       "σ for this service instead of parameters.levers.capital.sigma.",
       set_service_sigma},
      {"parameters.levers.capital.services.*.gap",
       V::number,
       false,
       "share",
       "",
       zero,
       exclusive(1),
       {},
       "The equipment gap of this service instead of parameters.levers.capital.gap.",
       set_service_gap},
      {"parameters.levers.capital.real_interest_rate_pct",
       V::number,
       true,
       "%/yr",
       "4.0",
       zero,
       max(20),
       {},
       "r in the user cost of capital (r + δ)·K, the annuity of unit investments and the present values "
       "(assumption: the Norwegian Ministry of Finance's normal real discount rate of 4 %, docs/levers.md).",
       [](engine::ScenarioParameters& p, std::size_t, double v) {
         p.levers.capital.real_interest_rate = v / 100;
       }},
      {"parameters.levers.capital.base_stock_factor",
       V::number,
       true,
       "share",
       "1.0",
       positive,
       max(5),
       {},
       "Base-year equipment stock relative to the steady state investment/δ (1 = steady state; the Auditor "
       "General's finding of ageing equipment suggests < 1).",
       [](engine::ScenarioParameters& p, std::size_t, double v) { p.levers.capital.base_stock_factor = v; }},
      section_entry(
          "parameters.levers.capital.lifetime_years",
          "Service lives by equipment category; depreciation δ = 1/lifetime (assumptions in the 7–12 year "
          "range of medical-technical equipment, ICT shorter)."),
      {"parameters.levers.capital.lifetime_years.imaging",
       V::number,
       true,
       "years",
       "10",
       one_year,
       max(100),
       {},
       "Imaging (CT, MR, X-ray, ultrasound).",
       set_lifetime<0>},
      {"parameters.levers.capital.lifetime_years.laboratory_automation",
       V::number,
       true,
       "years",
       "8",
       one_year,
       max(100),
       {},
       "Laboratory automation and analysers.",
       set_lifetime<1>},
      {"parameters.levers.capital.lifetime_years.remote_monitoring",
       V::number,
       true,
       "years",
       "6",
       one_year,
       max(100),
       {},
       "Remote monitoring and sensors, incl. bedside patient monitoring.",
       set_lifetime<2>},
      {"parameters.levers.capital.lifetime_years.surgical_robotics",
       V::number,
       true,
       "years",
       "10",
       one_year,
       max(100),
       {},
       "Surgical robotics and other theatre equipment.",
       set_lifetime<3>},
      {"parameters.levers.capital.lifetime_years.ict",
       V::number,
       true,
       "years",
       "5",
       one_year,
       max(100),
       {},
       "ICT (hardware and systems).",
       set_lifetime<4>},
      section_entry(kInvestments,
                    "Capital levers keyed by lever name (letters, digits, '_', '-'; not `total`): extra "
                    "investment above the baseline path.",
                    false, "{}"),
      section_entry("parameters.levers.investments.*", "One capital lever.", false),
      {"parameters.levers.investments.*.service",
       V::string,
       true,
       "",
       "",
       none,
       none,
       {},
       "Service id (services.csv); it must have a base-year equipment stock.",
       nullptr},
      {"parameters.levers.investments.*.category", V::enumeration, true, "", "", none, none,
       category_choices(), "Equipment category.", nullptr},
      {"parameters.levers.investments.*.amount_mnok",
       V::number,
       true,
       "MNOK/yr",
       "",
       zero,
       none,
       {},
       "Extra investment a year at full level, constant base-year prices.",
       nullptr},
      {"parameters.levers.investments.*.start_year",
       V::integer,
       true,
       "year",
       "",
       closed_key("base_year"),
       max(2200),
       {},
       "First year with extra investment; not after end_year.",
       nullptr},
      {"parameters.levers.investments.*.end_year",
       V::integer,
       true,
       "year",
       "",
       closed_key("base_year"),
       max(2200),
       {},
       "Last year with extra investment (inclusive).",
       nullptr},
      {"parameters.levers.investments.*.ramp_years",
       V::integer,
       true,
       "years",
       "",
       one,
       max(50),
       {},
       "Years to reach the full amount (linear: 1/ramp of it in the first year).",
       nullptr},
      {"parameters.levers.investments.*.lag_years",
       V::integer,
       true,
       "years",
       "",
       zero,
       max(20),
       {},
       "Extra years before capital works: investment in year t works from t + 1 + lag.",
       nullptr},
      section_entry(
          "parameters.levers.investments.*.staff_per_bn_nok",
          "Technical årsverk per bn NOK of working extra capital, keyed by profession id (staffing_mix.csv), "
          "each ≥ 0; {} for none."),
      section_entry(kTechnologies, "Technology levers keyed by lever name (as for investments).", false,
                    "{}"),
      section_entry("parameters.levers.technologies.*",
                    "One technology lever with a logistic adoption curve.", false),
      {"parameters.levers.technologies.*.service",
       V::string,
       true,
       "",
       "",
       none,
       none,
       {},
       "Service id (services.csv).",
       nullptr},
      {"parameters.levers.technologies.*.start_year",
       V::integer,
       true,
       "year",
       "",
       closed_key("base_year"),
       max(2200),
       {},
       "Adoption is 0 in this year and before (adoption reached by the base year is in the data).",
       nullptr},
      {"parameters.levers.technologies.*.midpoint_year",
       V::number,
       true,
       "year",
       "",
       closed(1900),
       max(2200),
       {},
       "Inflection year of the logistic curve.",
       nullptr},
      {"parameters.levers.technologies.*.ceiling",
       V::number,
       true,
       "share",
       "",
       zero,
       max(1),
       {},
       "Long-run adoption share of the potential adopters.",
       nullptr},
      {"parameters.levers.technologies.*.steepness",
       V::number,
       true,
       "1/yr",
       "",
       positive,
       max(10),
       {},
       "Slope k of the logistic curve.",
       nullptr},
      {"parameters.levers.technologies.*.touched_share",
       V::number,
       false,
       "share",
       "",
       zero,
       max(1),
       {},
       "τ: share of the service's årsverk the technology touches. Required unless the lever names a "
       "profession (then not allowed).",
       nullptr},
      {"parameters.levers.technologies.*.saving_per_adopter",
       V::number,
       true,
       "share",
       "",
       closed(-1),
       max(1),
       {},
       "ψ: fraction of the touched årsverk saved at full adoption; negative for a technology that takes "
       "more time per case (its extra work is added as årsverk, not saved).",
       nullptr},
      {"parameters.levers.technologies.*.profession",
       V::string,
       false,
       "",
       "",
       none,
       none,
       {},
       "Task targeting: the profession id (staffing_mix.csv) whose time the technology saves; only that "
       "profession is saved. Needs task_share; excludes touched_share and saved_professions.",
       nullptr},
      {"parameters.levers.technologies.*.task_share",
       V::number,
       false,
       "share",
       "",
       zero,
       max(1),
       {},
       "θ: share of the profession's årsverk in the service spent on the task the technology automates or "
       "assists (with profession).",
       nullptr},
      {"parameters.levers.technologies.*.realised_share",
       V::number,
       false,
       "share",
       "",
       zero,
       max(1),
       {},
       "ρ: share of the published gain realised in practice (saving = saving_per_adopter × realised_share); "
       "1 when not given.",
       nullptr},
      section_entry(
          "parameters.levers.technologies.*.saved_professions",
          "Optional: shares of the touched årsverk by profession id, summing to 1; touched_share × share "
          "must "
          "not exceed the profession's share of the service. Default: the service's staffing mix.",
          false),
      {"parameters.levers.technologies.*.potential_units",
       V::number,
       true,
       "units",
       "",
       zero,
       none,
       {},
       "Units in use at adoption 1 (robots, monitored patients, rooms).",
       nullptr},
      {"parameters.levers.technologies.*.unit_cost_nok_per_year",
       V::number,
       true,
       "NOK/yr",
       "",
       zero,
       none,
       {},
       "Running cost per unit in use a year.",
       nullptr},
      {"parameters.levers.technologies.*.unit_investment_nok",
       V::number,
       false,
       "NOK",
       "",
       zero,
       none,
       {},
       "Purchase price per unit, annualised over unit_lifetime_years at the real interest rate.",
       nullptr},
      {"parameters.levers.technologies.*.unit_lifetime_years",
       V::number,
       false,
       "years",
       "",
       positive,
       none,
       {},
       "Service life of a unit; required with unit_investment_nok.",
       nullptr},
      section_entry("parameters.levers.technologies.*.staff_per_unit",
                    "Technical årsverk per unit in use, keyed by profession id, each ≥ 0; {} for none."),
  };
}

std::vector<DataFormat> lever_data_formats() {
  return {
      {"equipment_investment",
       "config/norway/equipment_investment.csv",
       {{"service", "a service id of services.csv"},
        {"category", "`imaging`, `laboratory_automation`, `remote_monitoring`, `surgical_robotics` or `ict`"},
        {"base_investment_nok", "baseline equipment investment in the base year, NOK a year, ≥ 0"},
        {"basis", "how the figure was derived (or that it is an assumption)"},
        {"source", "where it comes from"}},
       {"Every service needs one row for every category (write 0 where there is none).",
        "The base-year stock is the steady state investment × lifetime × base_stock_factor "
        "(docs/levers.md)."}},
      {"labour_cost",
       "config/norway/equipment_labour_cost.csv",
       {{"service", "a service id of services.csv"},
        {"labour_cost_per_arsverk_nok",
         "wages, pensions and social costs per årsverk in the base year, NOK, > 0"},
        {"basis", "how the figure was derived (or that it is an assumption)"},
        {"source", "where it comes from"}},
       {"Every service needs exactly one row."}},
  };
}

bool read_equipment(const Values& values, engine::BaseData& base, std::vector<DataSource>& sources,
                    Problems& problems, const Problems& reported) {
  const auto named = [&](const std::string& role) -> const Value* {
    auto it = values.find("data." + role + ".file");
    return it == values.end() ? nullptr : &it->second;
  };
  const Value* investment = named("equipment_investment");
  const Value* labour = named("labour_cost");
  for (const auto& [role, value] :
       {std::pair{"equipment_investment", investment}, std::pair{"labour_cost", labour}}) {
    if (!value) continue;
    auto source = values.find("data." + std::string(role) + ".source");
    sources.push_back({role, value->text, source == values.end() ? "" : source->second.text});
  }
  // Neither has a value: equipment data are not asked for, unless a file key (or its section)
  // is written but wrong; then the base is incomplete and the levers that need it are not
  // checked against it (its problem has been reported).
  if (!investment && !labour) {
    return !reported_at(reported, "data.equipment_investment.file") && !reported_at(reported, "data.labour_cost.file");
  }
  if (!investment || !labour) {
    const Value* given = investment ? investment : labour;
    if (reported_at(reported, investment ? "data.labour_cost.file" : "data.equipment_investment.file")) return false;
    add(problems, given->node->where, investment ? "data.equipment_investment.file" : "data.labour_cost.file",
        given->node,
        investment ? "needs data.labour_cost too (capital levers use both)"
                   : "needs data.equipment_investment too (capital levers use both)");
    return false;
  }
  if (base.services.empty()) return false;
  std::vector<std::string> ids;
  for (const auto& service : base.services) ids.push_back(service.id);
  const std::size_t before = problems.size();
  const auto n = Eigen::Index(base.services.size());

  const auto open = [&](const Value& value, std::string_view role,
                        const std::vector<std::string_view>& columns) {
    auto table = CsvTable::read(value.text, value.node->where, "data." + std::string(role) + ".file",
                                flow_text(*value.node), problems);
    if (table && !table->require(columns, problems)) table.reset();
    return table;
  };
  const auto service_of = [&](const CsvTable& table, const CsvRow& row) -> std::optional<std::size_t> {
    const std::string id(table.text(row, "service"));
    const auto at = std::find(ids.begin(), ids.end(), id);
    if (at == ids.end()) {
      table.problem(row, "service", unknown_rule("service", id, ids, "known"), problems);
      return std::nullopt;
    }
    return std::size_t(at - ids.begin());
  };

  if (auto table =
          open(*investment, "equipment_investment", {"service", "category", "base_investment_nok"})) {
    base.equipment.base_investment = Eigen::MatrixXd::Zero(n, engine::kEquipmentCategoryCount);
    std::map<std::pair<std::size_t, int>, int> seen;
    std::vector<std::string> categories(engine::kEquipmentCategoryNames.begin(),
                                        engine::kEquipmentCategoryNames.end());
    for (const CsvRow& row : table->rows()) {
      const auto j = service_of(*table, row);
      const std::string category(table->text(row, "category"));
      const auto at = std::find(categories.begin(), categories.end(), category);
      if (at == categories.end())
        table->problem(row, "category", unknown_rule("category", category, categories), problems);
      const auto amount = table->number(row, "base_investment_nok", problems);
      if (amount && *amount < 0.0) table->problem(row, "base_investment_nok", "must be \u2265 0", problems);
      if (!j || at == categories.end() || !amount || *amount < 0.0) continue;
      const int c = int(at - categories.begin());
      if (auto [first, inserted] = seen.emplace(std::pair{*j, c}, row.line); !inserted) {
        table->problem(
            row, "category",
            "duplicate row for " + ids[*j] + " (first at line " + std::to_string(first->second) + ")",
            problems);
        continue;
      }
      base.equipment.base_investment(Eigen::Index(*j), c) = *amount;
    }
    for (std::size_t j = 0; j < ids.size(); ++j) {
      std::vector<std::string> missing;
      for (int c = 0; c < engine::kEquipmentCategoryCount; ++c) {
        if (!seen.count({j, c})) missing.push_back("'" + categories[std::size_t(c)] + "'");
      }
      if (!missing.empty()) {
        problems.push_back({Location{table->file(), 0, 0}, "service", ids[j],
                            "missing categories " + join(missing, ", ") +
                                " (every service needs a row for every category; write 0 for none)"});
      }
    }
  }

  if (auto table = open(*labour, "labour_cost", {"service", "labour_cost_per_arsverk_nok"})) {
    base.equipment.labour_cost_per_arsverk.assign(ids.size(), 0.0);
    std::map<std::size_t, int> seen;
    for (const CsvRow& row : table->rows()) {
      const auto j = service_of(*table, row);
      const auto cost = table->number(row, "labour_cost_per_arsverk_nok", problems);
      if (cost && !(*cost > 0.0)) table->problem(row, "labour_cost_per_arsverk_nok", "must be > 0", problems);
      if (!j || !cost || !(*cost > 0.0)) continue;
      if (auto [first, inserted] = seen.emplace(*j, row.line); !inserted) {
        table->problem(row, "service", "duplicate row (first at line " + std::to_string(first->second) + ")",
                       problems);
        continue;
      }
      base.equipment.labour_cost_per_arsverk[*j] = *cost;
    }
    for (std::size_t j = 0; j < ids.size(); ++j) {
      if (!seen.count(j)) {
        problems.push_back(
            {Location{table->file(), 0, 0}, "service", ids[j], "no row (every service needs one)"});
      }
    }
  }
  if (problems.size() != before) {
    base.equipment = engine::EquipmentBase{};
    return false;
  }
  return true;
}

void read_levers(const ConfigNode* levers, const Values& context, const engine::BaseData& base,
                 engine::ScenarioParameters& parameters, Problems& problems) {
  parameters.levers = engine::LeverSet{};
  // σ has one slot per service even without levers, so that a sweep may set it by key path
  // (NaN until set: the engine uses σ only for capital levers, which need the section).
  parameters.levers.capital.sigma.assign(base.services.size(), std::numeric_limits<double>::quiet_NaN());
  parameters.levers.capital.gap.assign(base.services.size(), 0.0);
  if (!levers) return;
  const std::string root(kLevers);
  if (!levers->is_map()) {
    add(problems, levers->where, root, levers,
        levers->kind == ConfigNode::Kind::null ? "must be a map (write {} for none)" : "must be a map");
    return;
  }
  std::vector<std::string> ids;
  for (const auto& service : base.services) ids.push_back(service.id);
  const std::size_t before = problems.size();
  Validator check(base_schema(), problems, &context, &ids);
  const std::vector<std::string> allowed{"capital", "investments", "technologies"};
  for (const ConfigNode& child : levers->children) {
    if (std::find(allowed.begin(), allowed.end(), child.key) == allowed.end()) {
      add(problems, child.key_where, child_path(root, child.key), &child,
          unknown_rule("key", child.key, allowed));
    }
  }

  // The capital model.
  engine::CapitalAssumptions& capital = parameters.levers.capital;
  capital.sigma.assign(base.services.size(), 0.0);
  if (const ConfigNode* node = levers->find("capital")) {
    check.section(*node, root + ".capital", root + ".capital");
  } else {
    add(problems, levers->where, root + ".capital", nullptr, "required");
  }

  // Lever names are unique across both kinds (they share levers.csv).
  std::map<std::string, const ConfigNode*> names;
  auto check_name = [&](const ConfigNode& item, const std::string& path) {
    if (!valid_lever_name(item.key) || item.key == kTotalLever) {
      add(problems, item.key_where, path, nullptr,
          item.key == kTotalLever ? "'total' is reserved for the sum over levers (choose another name)"
                                  : "a lever name must have at most 100 characters and use only ASCII letters (not æ, ø, å), digits, '_' and '-' (no '.': --set keys are split at dots)");
      return false;
    }
    if (auto [at, inserted] = names.emplace(item.key, &item); !inserted) {
      add(problems, item.key_where, path, nullptr,
          "duplicate lever name (" + first_at(at->second->key_where) + ")");
      return false;
    }
    return true;
  };
  const auto is_item_map = [&](const ConfigNode& item, const std::string& path) {
    if (item.is_map()) return true;
    add(problems, item.where, path, &item, "must be a map of the lever's keys");
    return false;
  };

  struct PendingCapital {
    const ConfigNode* item;
    std::string path;
    std::vector<double> staff;
    bool staff_ok;
  };
  std::deque<ConfigNode> stripped_items;  // checked values point into these: keep them alive
  std::vector<PendingCapital> investments;
  if (const ConfigNode* list = map_child(*levers, root, "investments", problems)) {
    for (const ConfigNode& item : list->children) {
      const std::string path = child_path(std::string(kInvestments), item.key);
      if (!check_name(item, path) || !is_item_map(item, path)) continue;
      check.section(item, path, std::string(kInvestments) + ".*", "staff_per_bn_nok");
      PendingCapital pending{&item, path, {}, false};
      if (const ConfigNode* staff = item.find("staff_per_bn_nok")) {
        pending.staff_ok = profession_map(*staff, path + ".staff_per_bn_nok", base,
                                          std::numeric_limits<double>::infinity(), pending.staff, problems);
      } else {
        add(problems, item.where, path + ".staff_per_bn_nok", nullptr, "required");
      }
      investments.push_back(std::move(pending));
    }
  }
  struct PendingTechnology {
    const ConfigNode* item;
    std::string path;
    std::vector<double> staff, shares;
    bool staff_ok, shares_ok;
  };
  std::vector<PendingTechnology> technologies;
  if (const ConfigNode* list = map_child(*levers, root, "technologies", problems)) {
    for (const ConfigNode& item : list->children) {
      const std::string path = child_path(std::string(kTechnologies), item.key);
      if (!check_name(item, path) || !is_item_map(item, path)) continue;
      // The profession maps are checked by hand: one skipped, the optional one left out.
      const ConfigNode& stripped = stripped_items.emplace_back(without_keys(item, {"saved_professions"}));
      check.section(stripped, path, std::string(kTechnologies) + ".*", "staff_per_unit");
      PendingTechnology pending{&item, path, {}, {}, false, true};
      if (const ConfigNode* staff = item.find("staff_per_unit")) {
        pending.staff_ok = profession_map(*staff, path + ".staff_per_unit", base,
                                          std::numeric_limits<double>::infinity(), pending.staff, problems);
      } else {
        add(problems, item.where, path + ".staff_per_unit", nullptr, "required");
      }
      pending.shares_ok = saved_profession_shares(item, path, base, pending.shares, problems);
      technologies.push_back(std::move(pending));
    }
  }
  const Values& values = check.values();

  // The gap derived from equipment age replaces `gap` (the base file sets gap: 0 for all).
  std::optional<double> gap_from_age;
  const std::string age_path = root + ".capital.gap_from_age";
  if (values.count(age_path + ".average_age_years") &&
      values.count(age_path + ".recommended_lifetime_years")) {
    const double age = number(values, age_path + ".average_age_years");
    const double lifetime = number(values, age_path + ".recommended_lifetime_years");
    // A lifetime below half an ulp of 2A would round the gap to exactly 1, which the capital
    // model excludes (g < 1); the largest double below 1 is refused there with its rule.
    gap_from_age = std::clamp(1.0 - lifetime / (2.0 * age), 0.0, std::nextafter(1.0, 0.0));
  }

  // Capital-model numbers, through the schema's setters (table order: all services first).
  for (const SchemaEntry& entry : lever_parameter_entries()) {
    if (!entry.set) continue;
    const std::string path(entry.path);
    const std::size_t star = path.find('*');
    if (star == std::string::npos) {
      if (path == root + ".capital.gap" && gap_from_age) {
        entry.set(parameters, 0, *gap_from_age);
      } else if (auto it = values.find(path); it != values.end()) {
        entry.set(parameters, 0, it->second.number);
      }
      continue;
    }
    for (std::size_t j = 0; j < ids.size(); ++j) {
      const std::string concrete = path.substr(0, star) + ids[j] + path.substr(star + 1);
      if (auto it = values.find(concrete); it != values.end()) entry.set(parameters, j, it->second.number);
    }
  }

  for (const PendingCapital& pending : investments) {
    const std::string& path = pending.path;
    const auto service = service_index(*pending.item, path, values, ids, problems);
    if (service) {
      const ConfigNode* node = pending.item->find("service");
      if (base.equipment.empty()) {
        add(problems, node->where, path + ".service", node,
            "capital levers need equipment data (data.equipment_investment and data.labour_cost in the base "
            "file)");
      } else if (!(base.equipment.base_investment.row(Eigen::Index(*service)).sum() > 0.0)) {
        add(problems, node->where, path + ".service", node,
            "service '" + ids[*service] +
                "' has no base-year equipment investment in data.equipment_investment (use a technology "
                "lever)");
      }
    }
    const auto start = values.find(path + ".start_year"), end = values.find(path + ".end_year");
    if (start != values.end() && end != values.end() && start->second.integer > end->second.integer) {
      add(problems, start->second.node->where, path + ".start_year", start->second.node,
          "must not be after end_year " + std::to_string(end->second.integer));
    }
    engine::CapitalLever lever;
    lever.name = pending.item->key;
    lever.service = service.value_or(0);
    if (auto category = values.find(path + ".category"); category != values.end()) {
      for (int c = 0; c < engine::kEquipmentCategoryCount; ++c) {
        if (engine::kEquipmentCategoryNames[std::size_t(c)] == category->second.text) {
          lever.category = engine::EquipmentCategory(c);
        }
      }
    }
    lever.amount_nok = number(values, path + ".amount_mnok") * 1e6;
    lever.start_year = int(number(values, path + ".start_year"));
    lever.end_year = int(number(values, path + ".end_year"));
    lever.ramp_years = int(number(values, path + ".ramp_years", 1));
    lever.lag_years = int(number(values, path + ".lag_years"));
    lever.staff_per_bn_nok = pending.staff;
    parameters.levers.capital_levers.push_back(std::move(lever));
  }

  for (const PendingTechnology& pending : technologies) {
    const std::string& path = pending.path;
    const auto service = service_index(*pending.item, path, values, ids, problems);
    engine::TechnologyLever lever;
    lever.name = pending.item->key;
    lever.service = service.value_or(0);
    lever.start_year = int(number(values, path + ".start_year"));
    lever.midpoint_year = number(values, path + ".midpoint_year");
    lever.ceiling = number(values, path + ".ceiling");
    lever.steepness = number(values, path + ".steepness", 1.0);
    lever.touched_share = number(values, path + ".touched_share");
    lever.saving_per_adopter = number(values, path + ".saving_per_adopter");
    lever.realised_share = number(values, path + ".realised_share", 1.0);
    check_task_target(*pending.item, path, values, base, service, lever, problems);
    lever.potential_units = number(values, path + ".potential_units");
    lever.unit_cost_nok_per_year = number(values, path + ".unit_cost_nok_per_year");
    lever.unit_investment_nok = number(values, path + ".unit_investment_nok");
    lever.unit_lifetime_years = number(values, path + ".unit_lifetime_years");
    lever.staff_per_unit = pending.staff;
    if (lever.unit_investment_nok > 0.0 && !values.count(path + ".unit_lifetime_years") &&
        !pending.item->find("unit_lifetime_years")) {
      add(problems, pending.item->where, path + ".unit_lifetime_years", nullptr,
          "required when unit_investment_nok is given");
    }
    if (const ConfigNode* shares = pending.item->find("saved_professions"); shares && pending.shares_ok) {
      lever.saved_profession_shares = pending.shares;
      if (service && values.count(path + ".touched_share")) {
        for (std::size_t k = 0; k < base.professions.size(); ++k) {
          const double touched = lever.touched_share * pending.shares[k];
          const double mix = base.staffing_mix(Eigen::Index(*service), Eigen::Index(k));
          if (touched > mix + 1e-12) {
            const ConfigNode* entry = shares->find(base.professions[k]);
            add(problems, entry->where, path + ".saved_professions." + base.professions[k], entry,
                "touched_share × share = " + format_number(touched, 6) + " exceeds the share of " +
                    base.professions[k] + " in " + ids[*service] + " (" + format_number(mix, 6) + ")");
          }
        }
      }
    }
    parameters.levers.technology_levers.push_back(std::move(lever));
  }
  if (problems.size() != before) {
    parameters.levers = engine::LeverSet{};
    parameters.levers.capital.sigma.assign(base.services.size(), std::numeric_limits<double>::quiet_NaN());
    parameters.levers.capital.gap.assign(base.services.size(), 0.0);
  }
}

}  // namespace carecast::config::detail
