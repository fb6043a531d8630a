#include "carecast/config/sweep_config.hpp"

#include "carecast/config/schema.hpp"
#include "carecast/engine/random.hpp"
#include "carecast/engine/version.hpp"
#include "node.hpp"
#include "text.hpp"
#include "validator.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace carecast::config {

using detail::ConfigNode;
using detail::Problems;

std::string_view sweep_apply_name(SweepApply mode) {
  for (const auto& [name, value] : kSweepApplyModes) {
    if (value == mode) return name;
  }
  return "?";
}

std::vector<std::string> sweep_quantities(const engine::SweepLayout& layout) {
  std::vector<std::string> names;
  for (const std::string& id : layout.services) names.push_back("service." + id);
  names.emplace_back("total");
  for (const std::string& id : layout.professions) names.push_back("profession." + id);
  for (std::string_view name : engine::kSweepIndicators) names.push_back("indicator." + std::string(name));
  return names;
}

namespace {

namespace fs = std::filesystem;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Time-path keys a sweep can transform, and where each lives in the engine's scenario.
struct TimePathKey {
  std::string_view path;
  engine::TimePath& (*get)(engine::ScenarioParameters&);
};
const std::array<TimePathKey, 5> kTimePathKeys{{
    {"parameters.demography.total_fertility",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.total_fertility; }},
    {"parameters.demography.mortality.life_expectancy.female",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.life_expectancy[0]; }},
    {"parameters.demography.mortality.life_expectancy.male",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.life_expectancy[1]; }},
    {"parameters.demography.net_migration",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.net_migration; }},
    {"parameters.family_care.arsverk",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.family_care.arsverk; }},
}};

// Keys a population variant (an alternative of a choice) may set.
constexpr std::array<std::string_view, 6> kVariantPrefixes{
    "parameters.demography", "parameters.standard_growth_pct", "parameters.productivity_pct",
    "parameters.services",   "parameters.healthy_ageing",      "parameters.family_care"};

struct Context {
  std::string file;
  Problems problems;
  void add(const ConfigNode& node, const std::string& path, std::string rule, bool at_key = false) {
    problems.push_back({at_key ? node.key_where : node.where, path, detail::flow_text(node), std::move(rule)});
  }
  void missing(const ConfigNode& map, const std::string& path) { problems.push_back({map.where, path, "", "required"}); }
};

void check_keys(Context& ctx, const ConfigNode& map, const std::string& path, const std::vector<std::string>& allowed) {
  for (const ConfigNode& child : map.children) {
    if (std::find(allowed.begin(), allowed.end(), child.key) == allowed.end()) {
      ctx.add(child, detail::child_path(path, child.key), detail::unknown_rule("key", child.key, allowed), true);
    }
  }
}

std::optional<double> number(Context& ctx, const ConfigNode& node, const std::string& path) {
  if (node.is_scalar() && !node.quoted) {
    if (auto value = detail::parse_number(node.scalar)) return value;
  }
  ctx.add(node, path, "must be a number");
  return std::nullopt;
}

std::optional<long long> integer(Context& ctx, const ConfigNode& node, const std::string& path, long long min,
                                 long long max) {
  std::optional<long long> value;
  if (node.is_scalar() && !node.quoted) value = detail::parse_integer(node.scalar);
  if (!value || *value < min || *value > max) {
    ctx.add(node, path, "must be a whole number in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return value;
}

const ConfigNode* required(Context& ctx, const ConfigNode& map, const std::string& path, std::string_view key) {
  const ConfigNode* node = map.find(key);
  if (!node) ctx.missing(map, detail::child_path(path, key));
  return node;
}

const ConfigNode* optional_map(Context& ctx, const ConfigNode& map, const std::string& path, std::string_view key,
                               const std::vector<std::string>& allowed) {
  const ConfigNode* node = map.find(key);
  if (!node) return nullptr;
  if (!node->is_map()) {
    ctx.add(*node, detail::child_path(path, key), "must be a map");
    return nullptr;
  }
  check_keys(ctx, *node, detail::child_path(path, key), allowed);
  return node;
}

// ---------------------------------------------------------------------------------------
// Distributions.

struct Support {
  double low = -kInfinity, high = kInfinity;
};

Support support(const engine::Distribution& d) {
  Support s;
  const auto parameters = d.parameters();
  auto get = [&](std::string_view name) {
    for (const auto& [key, value] : parameters) {
      if (key == name) return value;
    }
    return std::numeric_limits<double>::quiet_NaN();
  };
  switch (d.kind()) {
    case engine::DistributionKind::fixed: s = {get("value"), get("value")}; break;
    case engine::DistributionKind::normal:
      if (d.degenerate()) s = {get("mean"), get("mean")};
      break;
    case engine::DistributionKind::lognormal:
      s = d.degenerate() ? Support{std::exp(get("meanlog")), std::exp(get("meanlog"))} : Support{0.0, kInfinity};
      break;
    case engine::DistributionKind::uniform:
    case engine::DistributionKind::triangular:
    case engine::DistributionKind::pert: s = {get("min"), get("max")}; break;
    case engine::DistributionKind::choice: s = {0.0, double(d.weights().size()) - 1.0}; break;
  }
  if (d.is_truncated()) {
    s.low = std::max(s.low, d.lower());
    s.high = std::min(s.high, d.upper());
  }
  return s;
}

std::string bound_text(double value) {
  if (value == kInfinity) return "+infinity";
  if (value == -kInfinity) return "-infinity";
  return detail::format_number(value);
}

// The distribution of an `uncertain` item (keys other than the distribution's are checked by
// the caller).
std::optional<engine::Distribution> read_distribution(Context& ctx, const ConfigNode& item, const std::string& path,
                                                      engine::DistributionKind kind, const ConfigNode& kind_node) {
  using K = engine::DistributionKind;
  auto get = [&](std::string_view key) -> std::optional<double> {
    const ConfigNode* node = required(ctx, item, path, key);
    return node ? number(ctx, *node, detail::child_path(path, key)) : std::nullopt;
  };
  std::optional<engine::Distribution> d;
  switch (kind) {
    case K::fixed:
      if (auto v = get("value")) d = engine::Distribution::fixed(*v);
      break;
    case K::normal: {
      auto mean = get("mean"), sd = get("sd");
      if (mean && sd) d = engine::Distribution::normal(*mean, *sd);
      break;
    }
    case K::lognormal: {
      auto meanlog = get("meanlog"), sdlog = get("sdlog");
      if (meanlog && sdlog) d = engine::Distribution::lognormal(*meanlog, *sdlog);
      break;
    }
    case K::uniform: {
      auto min = get("min"), max = get("max");
      if (min && max) d = engine::Distribution::uniform(*min, *max);
      break;
    }
    case K::triangular:
    case K::pert: {
      auto min = get("min"), mode = get("mode"), max = get("max");
      if (min && mode && max) {
        d = kind == K::pert ? engine::Distribution::pert(*min, *mode, *max)
                            : engine::Distribution::triangular(*min, *mode, *max);
      }
      break;
    }
    case K::choice: break;  // built from the alternatives by the caller
  }
  if (!d) return std::nullopt;
  if (const ConfigNode* truncate = item.find("truncate")) {
    const std::string truncate_path = detail::child_path(path, "truncate");
    if (!truncate->is_map()) {
      ctx.add(*truncate, truncate_path, "must be a map {lower: number, upper: number} (either may be left out)");
      return std::nullopt;
    }
    check_keys(ctx, *truncate, truncate_path, {"lower", "upper"});
    double lower = -kInfinity, upper = kInfinity;
    bool ok = true;
    for (const ConfigNode& bound : truncate->children) {
      auto value = number(ctx, bound, detail::child_path(truncate_path, bound.key));
      if (!value) ok = false;
      else if (bound.key == "lower") lower = *value;
      else if (bound.key == "upper") upper = *value;
    }
    if (!ok) return std::nullopt;
    d = d->truncated(lower, upper);
  }
  if (const std::string problem = d->problem(); !problem.empty()) {
    ctx.add(kind_node, path + ".distribution", problem);
    return std::nullopt;
  }
  return d;
}

std::vector<std::string> distribution_keys(engine::DistributionKind kind) {
  using K = engine::DistributionKind;
  switch (kind) {
    case K::fixed: return {"value"};
    case K::normal: return {"mean", "sd"};
    case K::lognormal: return {"meanlog", "sdlog"};
    case K::uniform: return {"min", "max"};
    case K::triangular:
    case K::pert: return {"min", "mode", "max"};
    case K::choice: return {"alternatives"};
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Setters.

// A key a continuous parameter sets: a scalar from the schema's registry or a time path.
struct Target {
  std::string path;
  const ScalarParameter* scalar = nullptr;
  const TimePathKey* time_path = nullptr;
  double min = -kInfinity, max = kInfinity;  // valid values (time paths: every knot)
  std::string unit;
};

double resolve_bound(const Bound& bound, double unbounded) {
  return bound.kind == Bound::Kind::value ? bound.value : unbounded;
}

std::optional<Target> find_target(Context& ctx, const ConfigNode& node, const std::string& path,
                                  const std::vector<ScalarParameter>& scalars) {
  const std::string key = node.is_scalar() ? node.scalar : "";
  std::vector<std::string> known;
  for (const ScalarParameter& scalar : scalars) {
    if (scalar.path == key) return Target{key, &scalar, nullptr, scalar.min, scalar.max, scalar.unit};
    known.push_back(scalar.path);
  }
  for (const TimePathKey& time_path : kTimePathKeys) {
    if (time_path.path == key) {
      const SchemaEntry* entry = detail::find_entry(base_schema(), key);
      Target target{key, nullptr, &time_path, -kInfinity, kInfinity, ""};
      if (entry) {
        target.min = resolve_bound(entry->min, -kInfinity);
        target.max = resolve_bound(entry->max, kInfinity);
        target.unit = entry->unit;
      }
      return target;
    }
    known.emplace_back(time_path.path);
  }
  ctx.add(node, path, detail::unknown_rule("parameter", key, known, "sweepable keys"));
  return std::nullopt;
}

// Checks that every value the distribution can give keeps the key valid.
void check_range(Context& ctx, const ConfigNode& at, const std::string& path, const Target& target, SweepApply apply,
                 const Support& support, const engine::ScenarioParameters& reference) {
  std::vector<double> extremes;
  if (target.scalar || apply == SweepApply::end_value || apply == SweepApply::constant || apply == SweepApply::path_to) {
    extremes = {support.low, support.high};
  } else {
    engine::ScenarioParameters copy = reference;
    for (const auto& [year, knot] : target.time_path->get(copy).knots()) {
      (void)year;
      for (double end : {support.low, support.high}) {
        extremes.push_back(apply == SweepApply::scale ? knot * end : knot + end);
      }
    }
  }
  for (double value : extremes) {
    const bool below = std::isnan(value) || (target.scalar && target.scalar->min_exclusive ? value <= target.min : value < target.min);
    const bool above = std::isnan(value) || (target.scalar && target.scalar->max_exclusive ? value >= target.max : value > target.max);
    if (below || above) {
      ctx.add(at, path,
              "the distribution takes " + target.path + " to " + bound_text(value) + ", outside its valid range [" +
                  bound_text(target.min) + ", " + bound_text(target.max) + "] (truncate it)");
      return;
    }
  }
}

void apply_to_path(engine::TimePath& path, SweepApply apply, double value, int base_year, int year) {
  std::vector<std::pair<int, double>> knots = path.knots();
  switch (apply) {
    case SweepApply::path_to: knots = {{base_year, path.at(base_year)}, {year, value}}; break;
    case SweepApply::scale:
      for (auto& knot : knots) knot.second *= value;
      break;
    case SweepApply::shift:
      for (auto& knot : knots) knot.second += value;
      break;
    case SweepApply::end_value: knots.back().second = value; break;
    case SweepApply::constant: knots = {{knots.front().first, value}}; break;
    case SweepApply::value: break;
  }
  path = engine::TimePath(std::move(knots));
}

// ---------------------------------------------------------------------------------------
// Population variants: the fields of the engine's scenario an alternative may change.

bool same_map(const std::optional<std::map<int, engine::AgeSexArray>>& a,
              const std::optional<std::map<int, engine::AgeSexArray>>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  if (a->size() != b->size()) return false;
  for (auto i = a->begin(), j = b->begin(); i != a->end(); ++i, ++j) {
    if (i->first != j->first || i->second.rows() != j->second.rows() || !(i->second == j->second).all()) return false;
  }
  return true;
}

using Params = engine::ScenarioParameters;
struct VariantField {
  bool (*same)(const Params&, const Params&);
  void (*copy)(const Params&, Params&);
};
const std::array<VariantField, 12> kVariantFields{{
    {[](const Params& a, const Params& b) { return a.demography.total_fertility.knots() == b.demography.total_fertility.knots(); },
     [](const Params& f, Params& t) { t.demography.total_fertility = f.demography.total_fertility; }},
    {[](const Params& a, const Params& b) { return a.demography.sex_ratio_at_birth == b.demography.sex_ratio_at_birth; },
     [](const Params& f, Params& t) { t.demography.sex_ratio_at_birth = f.demography.sex_ratio_at_birth; }},
    {[](const Params& a, const Params& b) {
       return a.demography.mortality_mode == b.demography.mortality_mode &&
              a.demography.mortality_improvement == b.demography.mortality_improvement;
     },
     [](const Params& f, Params& t) {
       t.demography.mortality_mode = f.demography.mortality_mode;
       t.demography.mortality_improvement = f.demography.mortality_improvement;
     }},
    {[](const Params& a, const Params& b) { return a.demography.life_expectancy[0].knots() == b.demography.life_expectancy[0].knots(); },
     [](const Params& f, Params& t) { t.demography.life_expectancy[0] = f.demography.life_expectancy[0]; }},
    {[](const Params& a, const Params& b) { return a.demography.life_expectancy[1].knots() == b.demography.life_expectancy[1].knots(); },
     [](const Params& f, Params& t) { t.demography.life_expectancy[1] = f.demography.life_expectancy[1]; }},
    {[](const Params& a, const Params& b) { return a.demography.net_migration.knots() == b.demography.net_migration.knots(); },
     [](const Params& f, Params& t) { t.demography.net_migration = f.demography.net_migration; }},
    {[](const Params& a, const Params& b) { return same_map(a.demography.external_population, b.demography.external_population); },
     [](const Params& f, Params& t) { t.demography.external_population = f.demography.external_population; }},
    {[](const Params& a, const Params& b) { return a.standard_growth == b.standard_growth; },
     [](const Params& f, Params& t) { t.standard_growth = f.standard_growth; }},
    {[](const Params& a, const Params& b) { return a.productivity == b.productivity; },
     [](const Params& f, Params& t) { t.productivity = f.productivity; }},
    {[](const Params& a, const Params& b) {
       return a.healthy_ageing.theta == b.healthy_ageing.theta && a.healthy_ageing.threshold_age == b.healthy_ageing.threshold_age;
     },
     [](const Params& f, Params& t) { t.healthy_ageing = f.healthy_ageing; }},
    {[](const Params& a, const Params& b) { return a.family_care.arsverk.knots() == b.family_care.arsverk.knots(); },
     [](const Params& f, Params& t) { t.family_care.arsverk = f.family_care.arsverk; }},
    {[](const Params& a, const Params& b) { return a.family_care.spillover_share == b.family_care.spillover_share; },
     [](const Params& f, Params& t) { t.family_care.spillover_share = f.family_care.spillover_share; }},
}};

std::string flow_value(const ConfigNode& node) { return detail::flow_text(node, std::numeric_limits<std::size_t>::max()); }

// ---------------------------------------------------------------------------------------

struct Item {
  SweepParameterInfo info;
  engine::SweepParameter parameter;
};

std::string resolve_path(const std::string& file, const std::string& relative) {
  const fs::path path(relative);
  if (path.is_absolute()) return relative;
  return (fs::path(file).parent_path() / path).lexically_normal().string();
}

}  // namespace

SweepConfig load_sweep(const std::string& sweep_file, const std::vector<Override>& overrides) {
  Context ctx{sweep_file, {}};
  const auto root = detail::read_yaml_file(sweep_file, ctx.problems);
  if (!root) throw ConfigError(ctx.problems);
  if (!root->is_map()) {
    ctx.problems.push_back({root->where, "", "", "a sweep file must be a map with at least scenario_file, seed, draws, "
                                                 "report_years and uncertain"});
    throw ConfigError(ctx.problems);
  }
  check_keys(ctx, *root, "",
             {"scenario_file", "scenarios", "description", "seed", "draws", "report_years", "uncertain", "thresholds", "sobol",
              "tornado", "quantiles"});
  SweepConfig sweep;
  sweep.sweep_file = sweep_file;
  if (const ConfigNode* description = root->find("description")) sweep.description = description->scalar;
  const ConfigNode* scenario_node = required(ctx, *root, "", "scenario_file");
  if (!scenario_node) throw ConfigError(ctx.problems);
  if (!scenario_node->is_scalar() || scenario_node->scalar.empty()) {
    ctx.add(*scenario_node, "scenario_file", "must be the path of a scenario file, relative to this file");
    throw ConfigError(ctx.problems);
  }
  const std::string scenario_file = resolve_path(sweep_file, scenario_node->scalar);
  if (!fs::exists(scenario_file)) {
    ctx.add(*scenario_node, "scenario_file", "cannot open " + scenario_file);
    throw ConfigError(ctx.problems);
  }
  sweep.run = load_run(scenario_file, overrides);  // throws its own located errors
  // `scenarios:` picks some of the scenario file's scenarios (default: all), kept in file order.
  std::vector<std::string> picked;
  if (const ConfigNode* list = root->find("scenarios")) {
    std::vector<std::string> known;
    for (const auto& scenario : sweep.run.scenarios) known.push_back(scenario.name);
    if (list->kind != ConfigNode::Kind::sequence || list->children.empty()) {
      ctx.add(*list, "scenarios", "must be a list of scenario names from the scenario file");
    } else {
      for (const ConfigNode& name : list->children) {
        if (std::find(known.begin(), known.end(), name.scalar) == known.end()) {
          ctx.add(name, "scenarios[]", detail::unknown_rule("scenario", name.scalar, known, "scenarios in the file"));
        } else {
          picked.push_back(name.scalar);
        }
      }
    }
    if (!ctx.problems.empty()) throw ConfigError(ctx.problems);
  }
  auto keep_picked = [&](std::vector<engine::ScenarioParameters>& scenarios) {
    if (picked.empty()) return;
    std::erase_if(scenarios, [&](const engine::ScenarioParameters& scenario) {
      return std::find(picked.begin(), picked.end(), scenario.name) == picked.end();
    });
  };
  keep_picked(sweep.run.scenarios);
  const engine::BaseData& base = sweep.run.base;
  const std::vector<ScalarParameter> scalars = scalar_parameters(base);
  engine::SweepSettings& settings = sweep.settings;

  if (const ConfigNode* node = required(ctx, *root, "", "seed")) {
    if (auto v = integer(ctx, *node, "seed", 0, std::numeric_limits<long long>::max())) settings.seed = std::uint64_t(*v);
  }
  if (const ConfigNode* node = required(ctx, *root, "", "draws")) {
    if (auto v = integer(ctx, *node, "draws", 1, 1'000'000'000'000LL)) settings.draws = std::size_t(*v);
  }
  if (const ConfigNode* node = required(ctx, *root, "", "report_years")) {
    if (node->kind != ConfigNode::Kind::sequence || node->children.empty()) {
      ctx.add(*node, "report_years", "must be a list of years, e.g. [2030, 2040, 2050, 2060]");
    } else {
      for (const ConfigNode& year : node->children) {
        if (auto v = integer(ctx, year, "report_years[]", base.base_year + 1, base.end_year)) {
          if (std::find(settings.report_years.begin(), settings.report_years.end(), int(*v)) != settings.report_years.end()) {
            ctx.add(year, "report_years[]", "is listed twice");
          }
          settings.report_years.push_back(int(*v));
        }
      }
    }
  }
  if (const ConfigNode* sobol = optional_map(ctx, *root, "", "sobol", {"rows", "bootstrap", "confidence"})) {
    if (const ConfigNode* n = sobol->find("rows")) {
      if (auto v = integer(ctx, *n, "sobol.rows", 0, 100'000'000)) {
        if (*v == 1) ctx.add(*n, "sobol.rows", "must be 0 (no Sobol indices) or at least 2");
        settings.sobol_rows = std::size_t(*v);
      }
    }
    if (const ConfigNode* n = sobol->find("bootstrap")) {
      if (auto v = integer(ctx, *n, "sobol.bootstrap", 0, 100'000)) settings.bootstrap = std::size_t(*v);
    }
    if (const ConfigNode* n = sobol->find("confidence")) {
      if (auto v = number(ctx, *n, "sobol.confidence")) {
        if (*v <= 0.0 || *v >= 1.0) ctx.add(*n, "sobol.confidence", "must be in (0, 1)");
        settings.confidence = *v;
      }
    }
  }
  if (const ConfigNode* tornado = optional_map(ctx, *root, "", "tornado", {"low", "high"})) {
    for (const ConfigNode& child : tornado->children) {
      const std::string path = "tornado." + child.key;
      if (auto v = number(ctx, child, path)) {
        if (*v <= 0.0 || *v >= 1.0) ctx.add(child, path, "must be a probability in (0, 1)");
        (child.key == "low" ? settings.tornado_low : settings.tornado_high) = *v;
      }
    }
    if (settings.tornado_low >= settings.tornado_high) ctx.add(*tornado, "tornado", "needs low < high");
  }
  if (const ConfigNode* quantiles = optional_map(ctx, *root, "", "quantiles", {"exact_up_to", "bins", "pilot"})) {
    if (const ConfigNode* n = quantiles->find("exact_up_to")) {
      if (auto v = integer(ctx, *n, "quantiles.exact_up_to", 0, 10'000'000)) settings.exact_quantile_draws = std::size_t(*v);
    }
    if (const ConfigNode* n = quantiles->find("bins")) {
      if (auto v = integer(ctx, *n, "quantiles.bins", 16, 1 << 20)) settings.histogram_bins = std::size_t(*v);
    }
    if (const ConfigNode* n = quantiles->find("pilot")) {
      if (auto v = integer(ctx, *n, "quantiles.pilot", 10, 10'000'000)) settings.pilot_draws = std::size_t(*v);
    }
  }

  // Thresholds: P(quantity > value) in every year.
  const engine::SweepLayout layout = engine::sweep_layout(base);
  const std::vector<std::string> quantities = sweep_quantities(layout);
  if (const ConfigNode* thresholds = root->find("thresholds")) {
    if (thresholds->kind != ConfigNode::Kind::sequence) {
      ctx.add(*thresholds, "thresholds", "must be a list of {quantity: name, above: number}");
    } else {
      for (const ConfigNode& item : thresholds->children) {
        const std::string path = "thresholds[]";
        if (!item.is_map()) {
          ctx.add(item, path, "must be a map {quantity: name, above: number}");
          continue;
        }
        check_keys(ctx, item, path, {"quantity", "above"});
        const ConfigNode* quantity = required(ctx, item, path, "quantity");
        const ConfigNode* above = required(ctx, item, path, "above");
        if (!quantity || !above) continue;
        const auto found = std::find(quantities.begin(), quantities.end(), quantity->scalar);
        auto value = number(ctx, *above, path + ".above");
        if (found == quantities.end()) {
          ctx.add(*quantity, path + ".quantity", detail::unknown_rule("quantity", quantity->scalar, quantities));
          continue;
        }
        if (!value) continue;
        settings.thresholds.push_back({std::size_t(found - quantities.begin()), *value});
        sweep.threshold_quantities.push_back(*found);
      }
    }
  }

  // The uncertain parameters.
  std::vector<std::string> kinds;
  for (const auto& [name, kind] : engine::kDistributionKinds) kinds.emplace_back(name);
  std::vector<std::string> modes;
  for (const auto& [name, mode] : kSweepApplyModes) modes.emplace_back(name);
  std::set<std::string> names;
  const ConfigNode* uncertain = required(ctx, *root, "", "uncertain");
  if (uncertain && uncertain->kind != ConfigNode::Kind::sequence) {
    ctx.add(*uncertain, "uncertain", "must be a list of parameters, each with set, distribution and its values");
    uncertain = nullptr;
  }
  const std::size_t scenario_count = sweep.run.scenarios.size();
  for (std::size_t index = 0; uncertain && index < uncertain->children.size(); ++index) {
    const ConfigNode& item = uncertain->children[index];
    const std::string path = "uncertain[" + std::to_string(index + 1) + "]";
    if (!item.is_map()) {
      ctx.add(item, path, "must be a map with set, distribution and its values");
      continue;
    }
    const ConfigNode* kind_node = required(ctx, item, path, "distribution");
    if (!kind_node) continue;
    const auto kind_at = std::find(kinds.begin(), kinds.end(), kind_node->scalar);
    if (kind_at == kinds.end()) {
      ctx.add(*kind_node, path + ".distribution", detail::unknown_rule("distribution", kind_node->scalar, kinds));
      continue;
    }
    const engine::DistributionKind kind = engine::kDistributionKinds[std::size_t(kind_at - kinds.begin())].second;
    std::vector<std::string> allowed{"name", "distribution", "label_en", "label_nb", "description_en", "description_nb"};
    for (const std::string& key : distribution_keys(kind)) allowed.push_back(key);
    if (kind != engine::DistributionKind::choice) {
      allowed.insert(allowed.end(), {"set", "apply", "truncate", "year"});
    }
    check_keys(ctx, item, path, allowed);

    Item out;
    std::string name;
    if (const ConfigNode* name_node = item.find("name")) {
      name = name_node->scalar;
      if (!name_node->is_scalar() || name.empty()) ctx.add(*name_node, path + ".name", "must be a non-empty name");
    }
    // Labels for people (reports); the name when absent.
    for (auto [key, field] : {std::pair{"label_en", &SweepParameterInfo::label_en}, std::pair{"label_nb", &SweepParameterInfo::label_nb},
                              std::pair{"description_en", &SweepParameterInfo::description_en},
                              std::pair{"description_nb", &SweepParameterInfo::description_nb}}) {
      if (const ConfigNode* node = item.find(key)) {
        if (!node->is_scalar() || node->scalar.empty()) {
          ctx.add(*node, path + "." + key, "must be a non-empty text");
        } else {
          out.info.*field = node->scalar;
        }
      }
    }

    if (kind == engine::DistributionKind::choice) {
      // Alternatives: each a named set of parameter values, applied like --set overrides.
      const ConfigNode* alternatives = required(ctx, item, path, "alternatives");
      if (!alternatives) continue;
      const std::string alternatives_path = path + ".alternatives";
      if (!alternatives->is_map() || alternatives->children.empty()) {
        ctx.add(*alternatives, alternatives_path, "must be a map of named alternatives {name: {weight: w, set: {key.path: value}}}");
        continue;
      }
      if (name.empty()) {
        ctx.add(item, path + ".name", "required for a choice");
        continue;
      }
      std::vector<double> weights;
      auto variants = std::make_shared<std::vector<std::vector<engine::ScenarioParameters>>>();
      std::vector<char> touched(kVariantFields.size(), 0);
      bool ok = true;
      for (const ConfigNode& alternative : alternatives->children) {
        const std::string alt_path = alternatives_path + "." + alternative.key;
        if (!alternative.is_map()) {
          ctx.add(alternative, alt_path, "must be a map {weight: number, set: {key.path: value}}");
          ok = false;
          continue;
        }
        check_keys(ctx, alternative, alt_path, {"weight", "set"});
        const ConfigNode* weight = required(ctx, alternative, alt_path, "weight");
        auto w = weight ? number(ctx, *weight, alt_path + ".weight") : std::nullopt;
        if (!w) {
          ok = false;
          continue;
        }
        weights.push_back(*w);
        out.parameter.alternatives.push_back(alternative.key);
        std::vector<Override> variant_overrides = overrides;
        std::vector<const ConfigNode*> origins;
        std::vector<std::string> sets;
        if (const ConfigNode* set = alternative.find("set")) {
          if (!set->is_map()) {
            ctx.add(*set, alt_path + ".set", "must be a map {key.path: value} (as --set would take them)");
            ok = false;
            continue;
          }
          for (const ConfigNode& entry : set->children) {
            const bool allowed_key = std::any_of(kVariantPrefixes.begin(), kVariantPrefixes.end(), [&](std::string_view prefix) {
              return entry.key == prefix || (entry.key.size() > prefix.size() && entry.key.starts_with(prefix) &&
                                             entry.key[prefix.size()] == '.');
            });
            if (!allowed_key) {
              ctx.add(entry, alt_path + ".set." + entry.key,
                      "a variant can set keys under parameters.demography, parameters.services, "
                      "parameters.healthy_ageing, parameters.family_care, parameters.standard_growth_pct and "
                      "parameters.productivity_pct",
                      true);
              ok = false;
              continue;
            }
            variant_overrides.push_back({entry.key, flow_value(entry), "*"});  // the same in every scenario
            origins.push_back(&entry);
            sets.push_back(entry.key + "=" + flow_value(entry));
          }
        }
        out.info.alternative_sets.push_back(sets);
        if (!ok) continue;
        try {
          RunConfig variant = load_run(scenario_file, variant_overrides);
          keep_picked(variant.scenarios);
          variants->push_back(variant.scenarios);
          for (std::size_t s = 0; s < scenario_count; ++s) {
            for (std::size_t f = 0; f < kVariantFields.size(); ++f) {
              if (!kVariantFields[f].same(variant.scenarios[s], sweep.run.scenarios[s])) touched[f] = 1;
            }
          }
        } catch (const ConfigError& error) {
          // Problems in the variant's values come back as "--set #k": point at the sweep file.
          for (Problem problem : error.problems()) {
            for (std::size_t k = 0; k < origins.size(); ++k) {
              if (problem.where.file == "--set #" + std::to_string(overrides.size() + k + 1)) {
                problem.where = origins[k]->where;
                problem.key_path = alt_path + ".set." + problem.key_path;
              }
            }
            ctx.problems.push_back(std::move(problem));
          }
          ok = false;
        }
      }
      if (!ok) continue;
      const engine::Distribution distribution = engine::Distribution::choice(weights);
      if (const std::string problem = distribution.problem(); !problem.empty()) {
        ctx.add(*alternatives, alternatives_path, "weights: " + problem);
        continue;
      }
      out.parameter.distribution = distribution;
      out.parameter.apply = [variants, touched](engine::ScenarioParameters& p, std::size_t scenario, double value) {
        const engine::ScenarioParameters& from = (*variants)[std::size_t(value)][scenario];
        for (std::size_t f = 0; f < kVariantFields.size(); ++f) {
          if (touched[f]) kVariantFields[f].copy(from, p);
        }
      };
      out.info.name = name;
      out.parameter.name = name;
    } else {
      // Continuous: one or more keys set by the same draw.
      const ConfigNode* set = required(ctx, item, path, "set");
      if (!set) continue;
      std::vector<const ConfigNode*> key_nodes;
      if (set->is_scalar()) key_nodes.push_back(set);
      else if (set->kind == ConfigNode::Kind::sequence && !set->children.empty())
        for (const ConfigNode& child : set->children) key_nodes.push_back(&child);
      else {
        ctx.add(*set, path + ".set", "must be a key path or a list of key paths");
        continue;
      }
      std::vector<Target> targets;
      for (const ConfigNode* key_node : key_nodes) {
        if (auto target = find_target(ctx, *key_node, path + ".set", scalars)) targets.push_back(std::move(*target));
      }
      if (targets.size() != key_nodes.size()) continue;
      SweepApply apply = targets.front().scalar ? SweepApply::value : SweepApply::end_value;
      const ConfigNode* apply_node = item.find("apply");
      if (apply_node) {
        const auto at = std::find(modes.begin(), modes.end(), apply_node->scalar);
        if (at == modes.end()) {
          ctx.add(*apply_node, path + ".apply", detail::unknown_rule("apply mode", apply_node->scalar, modes));
          continue;
        }
        apply = kSweepApplyModes[std::size_t(at - modes.begin())].second;
      }
      bool consistent = true;
      for (const Target& target : targets) {
        if (target.scalar && apply != SweepApply::value) {
          ctx.add(apply_node ? *apply_node : item, path + ".apply", target.path + " is a number: apply must be value");
          consistent = false;
        }
        if (target.time_path && apply == SweepApply::value) {
          ctx.add(apply_node ? *apply_node : item, path + ".apply",
                  target.path + " is a time path: apply must be scale, shift, end_value, path_to or constant");
          consistent = false;
        }
      }
      if (!consistent) continue;
      if (!apply_node && targets.front().time_path) {
        ctx.problems.push_back({item.where, path + ".apply", "",
                                "required for a time path (scale, shift, end_value, path_to or constant)"});
        continue;
      }
      int year = 0;
      const ConfigNode* year_node = item.find("year");
      if (apply == SweepApply::path_to) {
        if (!year_node) {
          ctx.missing(item, path + ".year");
          continue;
        }
        auto v = integer(ctx, *year_node, path + ".year", base.base_year + 1, base.end_year);
        if (!v) continue;
        year = int(*v);
      } else if (year_node) {
        ctx.add(*year_node, path + ".year", "only used with apply: path_to", true);
        continue;
      }
      auto distribution = read_distribution(ctx, item, path, kind, *kind_node);
      if (!distribution) continue;
      for (const Target& target : targets) {
        check_range(ctx, *kind_node, path + ".distribution", target, apply, support(*distribution),
                    sweep.run.scenarios.front());
      }
      out.info.name = name.empty() ? targets.front().path : name;
      out.info.apply = apply;
      out.info.year = year;
      out.info.unit = targets.front().unit;
      for (const Target& target : targets) out.info.keys.push_back(target.path);
      out.parameter.name = out.info.name;
      out.parameter.distribution = *distribution;
      std::vector<std::function<void(engine::ScenarioParameters&, double)>> setters;
      for (const Target& target : targets) {
        if (target.scalar) {
          setters.push_back(target.scalar->set);
        } else {
          auto get = target.time_path->get;
          const int base_year = base.base_year;
          setters.push_back([get, apply, base_year, year](engine::ScenarioParameters& p, double v) {
            apply_to_path(get(p), apply, v, base_year, year);
          });
        }
      }
      out.parameter.apply = [setters](engine::ScenarioParameters& p, std::size_t, double v) {
        for (const auto& set_one : setters) set_one(p, v);
      };
    }
    if (!names.insert(out.parameter.name).second) {
      ctx.add(item, path + ".name", "another parameter has the name '" + out.parameter.name + "' (give one a name:)");
      continue;
    }
    sweep.info.push_back(std::move(out.info));
    sweep.parameters.push_back(std::move(out.parameter));
  }
  if (!ctx.problems.empty()) throw ConfigError(ctx.problems);
  return sweep;
}

// ---------------------------------------------------------------------------------------

std::string sweep_resolved_yaml(const SweepConfig& sweep) {
  const engine::SweepSettings& s = sweep.settings;
  auto quote = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::string out;
  out += "sweep_file: " + quote(sweep.sweep_file) + "\n";
  out += "engine_version: " + std::string(engine::kVersion) + "\n";
  out += "scenarios: [";
  for (std::size_t i = 0; i < sweep.run.scenarios.size(); ++i) out += (i ? ", " : "") + quote(sweep.run.scenarios[i].name);
  out += "]\n";
  out += "seed: " + std::to_string(s.seed) + "\n";
  out += "draws: " + std::to_string(s.draws) + "\n";
  out += "report_years: [";
  for (std::size_t i = 0; i < s.report_years.size(); ++i) out += (i ? ", " : "") + std::to_string(s.report_years[i]);
  out += "]\n";
  out += "sobol: {rows: " + std::to_string(s.sobol_rows) + ", bootstrap: " + std::to_string(s.bootstrap) +
         ", confidence: " + detail::format_number(s.confidence) + "}\n";
  out += "tornado: {low: " + detail::format_number(s.tornado_low) + ", high: " + detail::format_number(s.tornado_high) + "}\n";
  out += "quantiles: {exact_up_to: " + std::to_string(s.exact_quantile_draws) + ", bins: " +
         std::to_string(s.histogram_bins) + ", pilot: " + std::to_string(s.pilot_draws) + "}\n";
  out += "thresholds:";
  if (s.thresholds.empty()) out += " []";
  out += "\n";
  for (std::size_t t = 0; t < s.thresholds.size(); ++t) {
    out += "  - {quantity: " + sweep.threshold_quantities.at(t) + ", above: " + detail::format_number(s.thresholds[t].value) + "}\n";
  }
  out += "uncertain:";
  if (sweep.parameters.empty()) out += " []";
  out += "\n";
  for (std::size_t p = 0; p < sweep.parameters.size(); ++p) {
    const engine::SweepParameter& parameter = sweep.parameters[p];
    const SweepParameterInfo& info = sweep.info[p];
    char stream[16];
    std::snprintf(stream, sizeof stream, "0x%08x", engine::stream_id(parameter.name));
    out += "  - name: " + quote(parameter.name) + "\n";
    out += "    stream: " + std::string(stream) + "\n";
    out += "    distribution: " + std::string(engine::distribution_name(parameter.distribution.kind())) + "\n";
    for (const auto& [key, value] : parameter.distribution.parameters()) {
      out += "    " + key + ": " + detail::format_number(value) + "\n";
    }
    if (parameter.distribution.kind() == engine::DistributionKind::choice) {
      out += "    alternatives:\n";
      for (std::size_t a = 0; a < parameter.alternatives.size(); ++a) {
        out += "      - name: " + quote(parameter.alternatives[a]) + "\n        set: [";
        for (std::size_t k = 0; k < info.alternative_sets[a].size(); ++k) out += (k ? ", " : "") + quote(info.alternative_sets[a][k]);
        out += "]\n";
      }
    } else {
      out += "    apply: " + std::string(sweep_apply_name(info.apply)) + "\n";
      if (info.apply == SweepApply::path_to) out += "    year: " + std::to_string(info.year) + "\n";
      out += "    set: [";
      for (std::size_t k = 0; k < info.keys.size(); ++k) out += (k ? ", " : "") + info.keys[k];
      out += "]\n";
    }
  }
  out += "scenario_configuration:\n";
  std::size_t start = 0;
  const std::string& text = sweep.run.resolved_yaml;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    out += line.empty() ? "\n" : "  " + line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::uint64_t sweep_fingerprint(const SweepConfig& sweep) {
  // 64-bit FNV-1a of the resolved text (which includes the engine version) without its first
  // line, the sweep file's path: the same sweep named another way is the same sweep.
  const std::string text = sweep_resolved_yaml(sweep);
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : std::string_view(text).substr(text.find('\n') + 1)) {
    hash ^= std::uint64_t(static_cast<unsigned char>(c));
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace carecast::config
