#include "carecast/config/sweep_config.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "carecast/config/schema.hpp"
#include "carecast/engine/check.hpp"
#include "carecast/engine/random.hpp"
#include "carecast/engine/version.hpp"
#include "levers_config.hpp"
#include "node.hpp"
#include "text.hpp"
#include "validator.hpp"

namespace carecast::config {

using detail::ConfigNode;
using detail::Problems;

std::string_view sweep_apply_name(SweepApply mode) {
  for (const auto& [name, value] : kSweepApplyModes) {
    if (value == mode) return name;
  }
  return "?";
}

std::vector<std::string> sweep_quantities(const engine::SweepLayout& layout,
                                          const engine::RegionalLayout& regional) {
  std::vector<std::string> names;
  for (const std::string& id : layout.services) names.push_back("service." + id);
  names.emplace_back("total");
  for (const std::string& id : layout.professions) names.push_back("profession." + id);
  for (std::string_view name : engine::kSweepIndicators) names.push_back("indicator." + std::string(name));
  for (const std::string& id : layout.gaps) names.push_back("gap." + id);  // with a supply side
  const std::vector<std::string> regional_names = regional.column_names();
  for (const std::string& region : regional.regions) {
    for (const std::string& name : regional_names) names.push_back("region." + region + "." + name);
  }
  return names;
}

namespace {

namespace fs = std::filesystem;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Time-path keys a sweep can transform, and where each lives in the engine's scenario.
// `from_observed`: before its first knot the path runs from the base data's observed value
// (life expectancy: kernel::anchored_value), not from the first knot's value.
struct TimePathKey {
  std::string_view path;
  engine::TimePath& (*get)(engine::ScenarioParameters&);
  bool from_observed = false;
};
const std::array<TimePathKey, 5> kTimePathKeys{{
    {"parameters.demography.total_fertility",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.total_fertility; }},
    {"parameters.demography.mortality.life_expectancy.female",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.life_expectancy[0]; }, true},
    {"parameters.demography.mortality.life_expectancy.male",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.life_expectancy[1]; }, true},
    {"parameters.demography.net_migration",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.demography.net_migration; }},
    {"parameters.family_care.arsverk",
     [](engine::ScenarioParameters& p) -> engine::TimePath& { return p.family_care.arsverk; }},
}};

// Keys a population variant (an alternative of a choice) may set.
constexpr std::array<std::string_view, 6> kVariantPrefixes{
    "parameters.demography", "parameters.standard_growth_pct", "parameters.productivity_pct",
    "parameters.services",   "parameters.healthy_ageing",      "parameters.family_care"};

// The checked values of a sweep file (the schema's validator has reported every problem of
// type, range and unknown keys) and the problems that only the loader can see.
struct Checked {
  const detail::Values& values;
  Problems& problems;
  bool draws_supply = false;  // a parameters.supply.* key is drawn

  const detail::Value* find(const std::string& path) const {
    const auto it = values.find(path);
    return it == values.end() ? nullptr : &it->second;
  }
  void add(const ConfigNode& node, const std::string& path, std::string rule, bool at_key = false) {
    problems.push_back({at_key ? node.key_where : node.where, path, detail::flow_text(node), std::move(rule)});
  }
  void missing(const ConfigNode& map, const std::string& path, std::string rule) {
    problems.push_back({map.where, path, "", std::move(rule)});
  }
  // The checked number at `map`'s `key` (path `path.key`). Nothing when the key is absent
  // (reported as `absent_rule` unless that is empty) or invalid (reported by the validator).
  std::optional<double> number(const ConfigNode& map, const std::string& path, std::string_view key,
                               const std::string& absent_rule = "") {
    const std::string key_path = detail::child_path(path, key);
    if (const detail::Value* value = find(key_path)) return value->number;
    if (!map.find(key) && !absent_rule.empty()) missing(map, key_path, absent_rule);
    return std::nullopt;
  }
};

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

// The distribution of an `uncertain` item; keys it does not take are reported by the caller.
std::optional<engine::Distribution> read_distribution(Checked& c, const ConfigNode& item,
                                                      const std::string& path, engine::DistributionKind kind,
                                                      const ConfigNode& kind_node) {
  using K = engine::DistributionKind;
  const std::string absent =
      "required for distribution '" + std::string(engine::distribution_name(kind)) + "'";
  auto get = [&](std::string_view key) { return c.number(item, path, key, absent); };
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
    if (!truncate->is_map()) return std::nullopt;  // reported by the validator
    const std::string truncate_path = detail::child_path(path, "truncate");
    double bounds[2] = {-kInfinity, kInfinity};
    const std::array<std::string_view, 2> keys{"lower", "upper"};
    for (std::size_t b = 0; b < 2; ++b) {
      if (!truncate->find(keys[b])) continue;
      const auto value = c.number(*truncate, truncate_path, keys[b]);
      if (!value) return std::nullopt;
      bounds[b] = *value;
    }
    d = d->truncated(bounds[0], bounds[1]);
  }
  if (const std::string problem = d->problem(); !problem.empty()) {
    c.add(kind_node, path + ".distribution", problem);
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

std::optional<Target> find_target(Checked& c, const ConfigNode& node, const std::string& path,
                                  const std::vector<ScalarParameter>& scalars) {
  const std::string key = node.is_scalar() ? node.scalar : "";
  if (key.starts_with("parameters.supply.")) c.draws_supply = true;
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
  c.add(node, path, detail::unknown_rule("parameter", key, known, "sweepable keys"));
  return std::nullopt;
}

// One end of the values a knot can take, and where it comes from: "" (the sweep's scenario),
// "scenario 'x'" (one of several), "the alternative 'low' of uncertain[1]", then the earlier
// parameters that moved it ("…, uncertain[2]").
struct Bound {
  double value;
  std::string from;
};

// A time path as the draws can make it at a point of the list of uncertain parameters (they act
// on a draw's scenario in the order listed): each knot's lowest and highest value. A sweep
// keeps one per scenario, or per scenario and alternative after a choice that sets the path.
struct KnotReach {
  int year;
  Bound low, high;
};
using PathReach = std::vector<KnotReach>;

PathReach reach_of(const engine::TimePath& path, const std::string& from) {
  PathReach reach;
  for (const auto& [year, value] : path.knots()) reach.push_back({year, {value, from}, {value, from}});
  return reach;
}

// The knot at `year` as TimePath::at interpolates it: a weighted mean of two knots with
// weights in [0, 1], so its ends are the same mean of theirs.
KnotReach reach_at_year(const PathReach& path, int year) {
  if (year <= path.front().year) return {year, path.front().low, path.front().high};
  if (year >= path.back().year) return {year, path.back().low, path.back().high};
  std::size_t k = 0;
  while (path[k + 1].year <= year) ++k;  // as TimePath::at: the knot at or before `year`
  const KnotReach &a = path[k], &b = path[k + 1];
  const double w = double(year - a.year) / double(b.year - a.year);
  const auto mix = [&](const Bound& x, const Bound& y) {
    return Bound{x.value + w * (y.value - x.value), w < 0.5 ? x.from : y.from};
  };
  return {year, mix(a.low, b.low), mix(a.high, b.high)};
}

// The path after a parameter with draws in [low, high] (`own`: its name) acts in mode `apply`
// (apply_to_path below does the same to one draw); a knot it moves names it after where the
// knot came from.
PathReach apply_to_reach(const PathReach& before, SweepApply apply, const Support& support, const std::string& own,
                         int base_year, int year, bool from_observed) {
  const Bound low{support.low, own}, high{support.high, own};
  const auto moved = [&](const Bound& end) { return end.from.empty() ? own : end.from + ", " + own; };
  PathReach after = before;
  switch (apply) {
    case SweepApply::shift:
      for (KnotReach& knot : after) {
        knot.low = {knot.low.value + support.low, moved(knot.low)};
        knot.high = {knot.high.value + support.high, moved(knot.high)};
      }
      break;
    case SweepApply::scale:
      for (KnotReach& knot : after) {
        const std::array<Bound, 4> corners{{{knot.low.value * support.low, moved(knot.low)},
                                            {knot.low.value * support.high, moved(knot.low)},
                                            {knot.high.value * support.low, moved(knot.high)},
                                            {knot.high.value * support.high, moved(knot.high)}}};
        const auto by_value = [](const Bound& x, const Bound& y) { return x.value < y.value; };
        knot.low = *std::min_element(corners.begin(), corners.end(), by_value);
        knot.high = *std::max_element(corners.begin(), corners.end(), by_value);
      }
      break;
    case SweepApply::end_value: after.back() = {after.back().year, low, high}; break;
    case SweepApply::constant: after = {{0, low, high}}; break;
    case SweepApply::path_to:
      after = {{year, low, high}};
      if (!from_observed) after.insert(after.begin(), reach_at_year(before, base_year));
      break;
    case SweepApply::value: break;
  }
  return after;
}

// Checks that every value the draws can give keeps the key valid: a number's the ends of the
// distribution's support (one path of one knot), a time path's the ends of every knot of every
// path it can be after this parameter (`own`: the parameter, not named in the message).
void check_range(Checked& c, const ConfigNode& at, const std::string& path, const Target& target,
                 const Support& support, const std::vector<PathReach>& paths, const std::string& own) {
  const bool min_exclusive = target.scalar && target.scalar->min_exclusive;
  const bool max_exclusive = target.scalar && target.scalar->max_exclusive;
  std::vector<Bound> ends;
  for (const PathReach& knots : paths) {
    for (const KnotReach& knot : knots) ends.insert(ends.end(), {knot.low, knot.high});
  }
  for (const Bound& bound : ends) {
    const double value = bound.value;
    const bool below = std::isnan(value) || (min_exclusive ? value <= target.min : value < target.min);
    const bool above = std::isnan(value) || (max_exclusive ? value >= target.max : value > target.max);
    if (below || above) {
      // Where the end came from, but for this parameter itself (the message is at it).
      std::string from = bound.from == own ? "" : bound.from;
      if (from.ends_with(", " + own)) from.resize(from.size() - own.size() - 2);
      const std::string with = from.empty() ? "" : " (with " + from + ")";
      c.add(at, path,
            "the distribution takes " + target.path + " to " + bound_text(value) + with + ", outside its valid range " +
                (min_exclusive ? "(" : "[") + bound_text(target.min) + ", " + bound_text(target.max) +
                (max_exclusive ? ")" : "]") + " (truncate it)");
      return;
    }
  }
  // A key of whole numbers: continuous draws are rounded (SweepParameter::integer), but a
  // fixed value is written as meant, and must be one (as in a scenario file or --set).
  if (target.scalar && target.scalar->integer && support.low == support.high && support.low != std::round(support.low)) {
    c.add(at, path, "the distribution fixes " + target.path + " at " + bound_text(support.low) + ", which must be an integer");
  }
}

// `from_observed`: the path starts from the base data's observed value (TimePathKey), so a line
// from the base-year value is the engine's own line to the one knot.
void apply_to_path(engine::TimePath& path, SweepApply apply, double value, int base_year, int year,
                   bool from_observed) {
  std::vector<std::pair<int, double>> knots = path.knots();
  switch (apply) {
    case SweepApply::path_to:
      knots = {{year, value}};
      if (!from_observed) knots.insert(knots.begin(), {base_year, path.at(base_year)});
      break;
    case SweepApply::scale:
      for (auto& knot : knots) knot.second *= value;
      break;
    case SweepApply::shift:
      for (auto& knot : knots) knot.second += value;
      break;
    case SweepApply::end_value: knots.back().second = value; break;
    case SweepApply::constant: knots = engine::TimePath::constant(value).knots(); break;  // as --set KEY=value
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
  // A value by service (standard growth, productivity): a choice copies only the services some
  // alternative changes, so a draw of the key for all services stays with the others.
  std::vector<double> Params::*by_service = nullptr;
};
const std::array<VariantField, 13> kVariantFields{{
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
     [](const Params& f, Params& t) { t.standard_growth = f.standard_growth; }, &Params::standard_growth},
    {[](const Params& a, const Params& b) { return a.productivity == b.productivity; },
     [](const Params& f, Params& t) { t.productivity = f.productivity; }, &Params::productivity},
    {[](const Params& a, const Params& b) {
       return a.healthy_ageing.method == b.healthy_ageing.method && a.healthy_ageing.elasticity == b.healthy_ageing.elasticity &&
              a.healthy_ageing.theta == b.healthy_ageing.theta && a.healthy_ageing.threshold_age == b.healthy_ageing.threshold_age;
     },
     [](const Params& f, Params& t) { t.healthy_ageing = f.healthy_ageing; }},
    {[](const Params& a, const Params& b) { return a.family_care.arsverk.knots() == b.family_care.arsverk.knots(); },
     [](const Params& f, Params& t) { t.family_care.arsverk = f.family_care.arsverk; }},
    {[](const Params& a, const Params& b) { return a.family_care.spillover_share == b.family_care.spillover_share; },
     [](const Params& f, Params& t) { t.family_care.spillover_share = f.family_care.spillover_share; }},
    {[](const Params& a, const Params& b) {
       return a.family_care.mode == b.family_care.mode && a.family_care.ages == b.family_care.ages;
     },
     [](const Params& f, Params& t) {
       t.family_care.mode = f.family_care.mode;
       t.family_care.ages = f.family_care.ages;
     }},
}};

std::string flow_value(const ConfigNode& node) { return detail::flow_text(node, std::numeric_limits<std::size_t>::max()); }

// ---------------------------------------------------------------------------------------

struct Item {
  SweepParameterInfo info;
  engine::SweepParameter parameter;
};

// Every key an uncertain parameter sets: its own keys, and those of every alternative of a choice.
std::set<std::string> keys_set_by_parameters(const SweepConfig& sweep) {
  std::set<std::string> keys;
  for (const SweepParameterInfo& info : sweep.info) {
    keys.insert(info.keys.begin(), info.keys.end());
    for (const auto& alternative : info.alternative_keys) keys.insert(alternative.begin(), alternative.end());
  }
  return keys;
}

// The keys of single values a `set` entry writes (`key.path` for `{key.path: value}`; for a map
// of a section, `parameters.services.nursing_homes: {productivity_pct: 3}`, each of its values
// down to a number or a time path, which may itself be a map of years).
void leaf_keys(const ConfigNode& node, const std::string& path, std::vector<std::string>& out) {
  const SchemaEntry* row = detail::find_entry(base_schema(), path);
  const bool section = row && (row->type == ValueType::section || row->type == ValueType::id_map);
  if (!node.is_map() || !section) {
    out.push_back(path);
    return;
  }
  for (const ConfigNode& child : node.children) leaf_keys(child, path + "." + child.key, out);
}

std::string resolve_path(const std::string& file, const std::string& relative) {
  const fs::path path(relative);
  if (path.is_absolute()) return relative;
  return (fs::path(file).parent_path() / path).lexically_normal().string();
}

// The keys an `uncertain` item may have whatever its distribution, and those of continuous
// distributions only.
constexpr std::array<std::string_view, 6> kItemKeys{"name", "distribution", "label_en", "label_nb", "description_en", "description_nb"};
constexpr std::array<std::string_view, 4> kContinuousKeys{"set", "apply", "truncate", "year"};

// Why `name` is not a threshold quantity. The regional ones are named by their parts rather
// than listed (15 counties × 11 quantities).
std::string unknown_quantity(const std::string& name, const engine::SweepLayout& layout,
                             const engine::RegionalLayout& regional) {
  constexpr std::string_view prefix = "region.";
  if (regional.empty() && name.starts_with(prefix)) {
    return "regional quantities need regions: the scenario sets none (write regions: county or health_region "
           "there, or --set regions=county)";
  }
  if (regional.empty() || !name.starts_with(prefix)) {
    std::vector<std::string> allowed = sweep_quantities(layout);
    if (!regional.empty()) allowed.emplace_back("region.<region>.<quantity>");
    return detail::unknown_rule("quantity", name, allowed);
  }
  // Region names hold spaces but no dots: the quantity follows the last dot.
  const std::string rest = name.substr(prefix.size());
  const std::size_t dot = rest.rfind('.');
  const std::string region = rest.substr(0, dot);
  const bool known_region =
      std::find(regional.regions.begin(), regional.regions.end(), region) != regional.regions.end();
  if (dot == std::string::npos && known_region) {
    return "needs a quantity after the region: region." + region + ".<quantity>, e.g. region." + region + ".total";
  }
  if (dot == std::string::npos || !known_region) return detail::unknown_rule("region", region, regional.regions);
  return detail::unknown_rule("regional quantity", rest.substr(dot + 1), regional.column_names());
}

// Reports the keys of `item` that the schema knows but its distribution does not take
// (`mean` with a uniform, `set` with a choice).
void check_item_keys(Checked& c, const ConfigNode& item, const std::string& path,
                     engine::DistributionKind kind) {
  const std::vector<std::string> own = distribution_keys(kind);
  std::vector<std::string> allowed(kItemKeys.begin(), kItemKeys.end());
  allowed.insert(allowed.end(), own.begin(), own.end());
  if (kind != engine::DistributionKind::choice)
    allowed.insert(allowed.end(), kContinuousKeys.begin(), kContinuousKeys.end());
  for (const ConfigNode& child : item.children) {
    const std::string pattern = "uncertain[]." + child.key;
    const bool known = detail::find_entry(sweep_file_schema(), pattern) != nullptr;
    if (!known || std::find(allowed.begin(), allowed.end(), child.key) != allowed.end()) continue;
    c.add(child, detail::child_path(path, child.key),
          "not used by distribution '" + std::string(engine::distribution_name(kind)) + "' (it takes " +
              detail::join(own, ", ") + ")",
          true);
  }
}

}  // namespace

bool is_sweep_file(const std::string& file) {
  Problems ignored;
  const auto root = detail::read_yaml_file(file, ignored);
  if (!root || !root->is_map() || root->find("base")) return false;
  for (std::string_view key : {"scenario_file", "uncertain", "draws", "report_years"}) {
    if (root->find(key)) return true;
  }
  return false;
}

SweepConfig load_sweep(const std::string& sweep_file, const std::vector<Override>& overrides) {
  Problems problems;
  const auto root = detail::read_yaml_file(sweep_file, problems);
  if (!root) throw ConfigError(problems);
  if (!root->is_map()) {
    problems.push_back({root->where, "", "",
                        "a sweep file must be a map with at least scenario_file, seed, draws, "
                        "report_years and uncertain"});
    throw ConfigError(problems);
  }
  SweepConfig sweep;
  sweep.sweep_file = sweep_file;

  // The scenario file first: the sweep's years are checked against its base and end year.
  // Its problems are reported with the sweep file's.
  bool have_run = false;
  const ConfigNode* scenario_node = root->find("scenario_file");
  if (scenario_node && scenario_node->is_scalar() && !scenario_node->scalar.empty()) {
    const std::string scenario_file = resolve_path(sweep_file, scenario_node->scalar);
    if (!fs::exists(scenario_file)) {
      problems.push_back({scenario_node->where, "scenario_file", detail::flow_text(*scenario_node),
                          "cannot open " + scenario_file});
    } else {
      try {
        sweep.run = load_run(scenario_file, overrides);  // data problems (DataError) end here
        have_run = true;
      } catch (const ConfigError& error) {
        problems.insert(problems.end(), error.problems().begin(), error.problems().end());
      }
    }
  }
  detail::Values context;
  if (have_run) {
    for (const auto& [key, year] : {std::pair<const char*, int>{"base_year", sweep.run.base.base_year},
                                    std::pair<const char*, int>{"end_year", sweep.run.base.end_year}}) {
      detail::Value value;
      value.type = ValueType::integer;
      value.integer = year;
      value.number = year;
      context[key] = value;
    }
  }
  detail::Validator check(sweep_file_schema(), problems, have_run ? &context : nullptr);
  check.section(*root, "", "");
  // Without the scenarios nothing further can be checked (scenario_file is missing or broken,
  // and that has been reported).
  if (!have_run) throw ConfigError(problems);
  Checked c{check.values(), problems};

  if (const detail::Value* description = c.find("description")) sweep.description = description->text;
  // `scenarios:` picks some of the scenario file's scenarios (default: all), kept in file order.
  std::vector<std::string> picked;
  if (const detail::Value* list = c.find("scenarios")) {
    std::vector<std::string> known;
    for (const auto& scenario : sweep.run.scenarios) known.push_back(scenario.name);
    for (std::size_t i = 0; i < list->node->children.size(); ++i) {
      const std::string path = detail::item_path("scenarios", i);
      const detail::Value* name = c.find(path);
      if (!name) continue;
      if (std::find(known.begin(), known.end(), name->text) == known.end()) {
        c.add(*name->node, path,
              detail::unknown_rule("scenario", name->text, known, "scenarios in the file"));
      } else {
        picked.push_back(name->text);
      }
    }
  }
  auto keep_picked = [&](std::vector<engine::ScenarioParameters>& scenarios) {
    if (picked.empty()) return;
    std::erase_if(scenarios, [&](const engine::ScenarioParameters& scenario) {
      return std::find(picked.begin(), picked.end(), scenario.name) == picked.end();
    });
  };
  // Where each kept scenario's values were written, in the same order as the scenarios.
  if (!picked.empty() && sweep.run.written.size() == sweep.run.scenarios.size()) {
    std::vector<std::map<std::string, RunConfig::Written>> kept;
    for (std::size_t s = 0; s < sweep.run.scenarios.size(); ++s) {
      const std::string& name = sweep.run.scenarios[s].name;
      if (std::find(picked.begin(), picked.end(), name) != picked.end()) kept.push_back(std::move(sweep.run.written[s]));
    }
    sweep.run.written = std::move(kept);
  }
  keep_picked(sweep.run.scenarios);
  const engine::BaseData& base = sweep.run.base;
  std::vector<ScalarParameter> scalars = scalar_parameters(base);
  for (ScalarParameter& lever : detail::lever_scalar_parameters(sweep.run.scenarios))
    scalars.push_back(std::move(lever));

  // Settings; an optional key keeps the engine's default (documented in the schema rows).
  engine::SweepSettings& settings = sweep.settings;
  auto count = [&](const std::string& path, std::size_t& into) {
    if (const detail::Value* value = c.find(path)) into = std::size_t(value->integer);
  };
  auto share = [&](const std::string& path, double& into) {
    if (const detail::Value* value = c.find(path)) into = value->number;
  };
  if (const detail::Value* seed = c.find("seed")) settings.seed = std::uint64_t(seed->integer);
  count("draws", settings.draws);
  if (const detail::Value* years = c.find("report_years")) {
    for (std::size_t i = 0; i < years->node->children.size(); ++i) {
      const std::string path = detail::item_path("report_years", i);
      const detail::Value* year = c.find(path);
      if (!year) continue;
      if (std::find(settings.report_years.begin(), settings.report_years.end(), int(year->integer)) !=
          settings.report_years.end()) {
        c.add(*year->node, path, "is listed twice");
      }
      settings.report_years.push_back(int(year->integer));
    }
  }
  if (const detail::Value* rows = c.find("sobol.rows");
      rows && rows->integer > 0 && std::size_t(rows->integer) < engine::kMinSobolRows) {
    c.add(*rows->node, "sobol.rows",
          "must be 0 (no Sobol indices) or at least " + std::to_string(engine::kMinSobolRows) +
              " (fewer rows give estimates no better than noise; docs/sweeps.md)");
  }
  count("sobol.rows", settings.sobol_rows);
  count("sobol.bootstrap", settings.bootstrap);
  share("sobol.confidence", settings.confidence);
  share("tornado.low", settings.tornado_low);
  share("tornado.high", settings.tornado_high);
  if (const ConfigNode* tornado = root->find("tornado");
      tornado && settings.tornado_low >= settings.tornado_high) {
    c.add(*tornado, "tornado", "needs low < high");
  }
  // With regions a draw keeps several times the values (the regional block): exact quantiles
  // by default up to fewer draws, so that memory stays as bounded as a national sweep's.
  const engine::RegionalLayout regional = engine::regional_layout(base);
  if (!regional.empty()) settings.exact_quantile_draws = engine::kRegionalExactQuantileDraws;
  count("quantiles.exact_up_to", settings.exact_quantile_draws);
  count("quantiles.bins", settings.histogram_bins);
  count("quantiles.pilot", settings.pilot_draws);

  // Thresholds: P(quantity > value) in every year.
  const engine::SweepLayout layout = engine::sweep_layout(base);
  const std::vector<std::string> quantities = sweep_quantities(layout, regional);
  if (const detail::Value* thresholds = c.find("thresholds")) {
    for (std::size_t i = 0; i < thresholds->node->children.size(); ++i) {
      const std::string path = detail::item_path("thresholds", i);
      const detail::Value* quantity = c.find(path + ".quantity");
      const detail::Value* above = c.find(path + ".above");
      if (!quantity) continue;
      const auto found = std::find(quantities.begin(), quantities.end(), quantity->text);
      if (found == quantities.end()) {
        c.add(*quantity->node, path + ".quantity", unknown_quantity(quantity->text, layout, regional));
        continue;
      }
      if (!above) continue;
      settings.thresholds.push_back({0, above->number});  // its column: below, once the layout is final
      sweep.threshold_quantities.push_back(*found);
    }
  }

  // The uncertain parameters.
  std::set<std::string> names;
  const detail::Value* uncertain = c.find("uncertain");
  const std::size_t scenario_count = sweep.run.scenarios.size();
  // Where each time-path key's knots can be, item by item (PathReach): the scenarios' paths at
  // first.
  const auto scenario_label = [&](const engine::ScenarioParameters& scenario) {
    return scenario_count > 1 ? "scenario '" + scenario.name + "'" : std::string();
  };
  std::map<std::string_view, std::vector<PathReach>> reaches;
  const auto reach_at = [&](const TimePathKey& key) -> std::vector<PathReach>& {
    auto found = reaches.find(key.path);
    if (found != reaches.end()) return found->second;
    std::vector<PathReach> paths;
    for (engine::ScenarioParameters& scenario : sweep.run.scenarios) {
      paths.push_back(reach_of(key.get(scenario), scenario_label(scenario)));
    }
    return reaches.emplace(key.path, std::move(paths)).first->second;
  };
  // Keys for all services a parameter sets, each with the services it sets per scenario.
  std::vector<std::pair<std::string, std::shared_ptr<std::vector<std::vector<std::size_t>>>>> all_services_targets;
  for (std::size_t index = 0; uncertain && index < uncertain->node->children.size(); ++index) {
    const ConfigNode& item = uncertain->node->children[index];
    const std::string path = detail::item_path("uncertain", index);
    const detail::Value* kind_value = c.find(path + ".distribution");
    if (!item.is_map() || !kind_value) continue;  // reported by the validator
    engine::DistributionKind kind = engine::DistributionKind::fixed;
    for (const auto& [kind_name, value] : engine::kDistributionKinds) {
      if (kind_name == kind_value->text) kind = value;
    }
    const ConfigNode& kind_node = *kind_value->node;
    const std::string kind_rule = "required for distribution '" + kind_value->text + "'";
    check_item_keys(c, item, path, kind);

    Item out;
    out.info.where = kind_node.where;
    std::string name;
    if (const detail::Value* name_value = c.find(path + ".name")) name = name_value->text;
    // Labels for people (reports); the name when absent.
    for (auto [key, field] : {std::pair{".label_en", &SweepParameterInfo::label_en},
                              std::pair{".label_nb", &SweepParameterInfo::label_nb},
                              std::pair{".description_en", &SweepParameterInfo::description_en},
                              std::pair{".description_nb", &SweepParameterInfo::description_nb}}) {
      if (const detail::Value* label = c.find(path + key)) out.info.*field = label->text;
    }

    if (kind == engine::DistributionKind::choice) {
      // Alternatives: each a named set of parameter values, applied like --set overrides.
      const std::string alternatives_path = path + ".alternatives";
      const detail::Value* alternatives = c.find(alternatives_path);
      if (!alternatives) {
        if (!item.find("alternatives")) c.missing(item, alternatives_path, kind_rule);
        continue;
      }
      if (name.empty()) {
        if (!item.find("name")) c.missing(item, path + ".name", "required for a choice");
        continue;
      }
      std::vector<double> weights;
      auto variants = std::make_shared<std::vector<std::vector<engine::ScenarioParameters>>>();
      std::vector<char> touched(kVariantFields.size(), 0);
      // Of a value by service: the services some alternative changes, [field][service].
      std::vector<std::vector<char>> touched_services(kVariantFields.size(), std::vector<char>(base.services.size(), 0));
      bool ok = true;
      for (const ConfigNode& alternative : alternatives->node->children) {
        const std::string alt_path = alternatives_path + "." + alternative.key;
        const detail::Value* weight = c.find(alt_path + ".weight");
        const detail::Value* set = c.find(alt_path + ".set");
        if (!weight || (alternative.find("set") && !set)) {  // reported by the validator
          ok = false;
          continue;
        }
        weights.push_back(weight->number);
        out.parameter.alternatives.push_back(alternative.key);
        std::vector<Override> variant_overrides = overrides;
        std::vector<const ConfigNode*> origins;
        std::vector<std::string> sets, leaves;
        for (std::size_t e = 0; set && e < set->node->children.size(); ++e) {
          const ConfigNode& entry = set->node->children[e];
          const bool allowed_key =
              std::any_of(kVariantPrefixes.begin(), kVariantPrefixes.end(), [&](std::string_view prefix) {
                return entry.key == prefix ||
                       (entry.key.size() > prefix.size() && entry.key.starts_with(prefix) &&
                        entry.key[prefix.size()] == '.');
              });
          if (!allowed_key) {
            c.add(entry, alt_path + ".set." + entry.key,
                  "a variant can set keys under parameters.demography, parameters.services, "
                  "parameters.healthy_ageing, parameters.family_care, parameters.standard_growth_pct and "
                  "parameters.productivity_pct",
                  true);
            ok = false;
            continue;
          }
          // A path is relative to the sweep file it is written in, as in any file (a --set's
          // is relative to the working directory, which the override would otherwise mean).
          std::string value = flow_value(entry);
          const SchemaEntry* row = detail::find_entry(base_schema(), entry.key);
          if (row && row->type == ValueType::path && entry.is_scalar() && !entry.scalar.empty()) {
            value = resolve_path(sweep_file, entry.scalar);
          }
          variant_overrides.push_back({entry.key, value, "*"});  // the same in every scenario
          origins.push_back(&entry);
          sets.push_back(entry.key + "=" + flow_value(entry));
          leaf_keys(entry, entry.key, leaves);
        }
        out.info.alternative_sets.push_back(sets);
        out.info.alternative_keys.push_back(std::move(leaves));
        if (!ok) continue;
        // Problems in the variant's values come back as "--set #k": point at the sweep file.
        const auto located = [&](const LocatedError& error) {
          std::vector<Problem> at_sweep_file;
          for (Problem problem : error.problems()) {
            for (std::size_t k = 0; k < origins.size(); ++k) {
              if (problem.where.file == "--set #" + std::to_string(overrides.size() + k + 1)) {
                problem.where = origins[k]->where;
                problem.key_path = alt_path + ".set." + problem.key_path;
                problem.value = flow_value(*origins[k]);
              }
            }
            at_sweep_file.push_back(std::move(problem));
          }
          return at_sweep_file;
        };
        try {
          RunConfig variant = load_run(sweep.run.scenario_file, variant_overrides);
          for (const DataSource& source : variant.sources) {
            const auto same_path = [&](const DataSource& known) { return known.path == source.path; };
            if (std::none_of(sweep.run.sources.begin(), sweep.run.sources.end(), same_path) &&
                std::none_of(sweep.variant_sources.begin(), sweep.variant_sources.end(), same_path)) {
              sweep.variant_sources.push_back(source);
            }
          }
          keep_picked(variant.scenarios);
          variants->push_back(variant.scenarios);
          for (std::size_t s = 0; s < scenario_count; ++s) {
            for (std::size_t f = 0; f < kVariantFields.size(); ++f) {
              if (!kVariantFields[f].same(variant.scenarios[s], sweep.run.scenarios[s])) touched[f] = 1;
              if (const auto member = kVariantFields[f].by_service) {
                const std::vector<double>& now = variant.scenarios[s].*member;
                const std::vector<double>& own = sweep.run.scenarios[s].*member;
                for (std::size_t j = 0; j < touched_services[f].size() && j < now.size() && j < own.size(); ++j) {
                  if (now[j] != own[j]) touched_services[f][j] = 1;
                }
              }
            }
          }
        } catch (const DataError& error) {
          throw DataError(located(error));  // a file a variant names cannot be read: still exit 4
        } catch (const ConfigError& error) {
          const std::vector<Problem> found = located(error);
          problems.insert(problems.end(), found.begin(), found.end());
          ok = false;
        }
      }
      if (!ok) continue;
      // A key some alternative sets is set by every alternative (touched): an alternative that
      // does not set it takes the scenario's own path, whatever earlier parameters drew.
      for (const TimePathKey& key : kTimePathKeys) {
        bool sets = false;
        for (auto& alternative_scenarios : *variants) {
          for (std::size_t s = 0; s < scenario_count; ++s) {
            sets = sets || key.get(alternative_scenarios[s]).knots() != key.get(sweep.run.scenarios[s]).knots();
          }
        }
        if (!sets) continue;
        std::vector<PathReach>& paths = reach_at(key);
        paths.clear();
        for (std::size_t a = 0; a < variants->size(); ++a) {
          for (std::size_t s = 0; s < scenario_count; ++s) {
            const engine::TimePath& own_path = key.get((*variants)[a][s]);
            const bool changed = own_path.knots() != key.get(sweep.run.scenarios[s]).knots();
            paths.push_back(reach_of(own_path, changed ? "the alternative '" + out.parameter.alternatives[a] + "' of " + path
                                                       : scenario_label(sweep.run.scenarios[s])));
          }
        }
      }
      const engine::Distribution distribution = engine::Distribution::choice(weights);
      if (const std::string problem = distribution.problem(); !problem.empty()) {
        c.add(*alternatives->node, alternatives_path, "weights: " + problem);
        continue;
      }
      out.parameter.distribution = distribution;
      out.parameter.apply = [variants, touched, touched_services](engine::ScenarioParameters& p, std::size_t scenario,
                                                                  double value) {
        const engine::ScenarioParameters& from = (*variants)[std::size_t(value)][scenario];
        for (std::size_t f = 0; f < kVariantFields.size(); ++f) {
          if (!touched[f]) continue;
          if (const auto member = kVariantFields[f].by_service) {
            for (std::size_t j = 0; j < touched_services[f].size(); ++j) {
              if (touched_services[f][j]) (p.*member).at(j) = (from.*member).at(j);
            }
          } else {
            kVariantFields[f].copy(from, p);
          }
        }
      };
      out.info.name = name;
      out.parameter.name = name;
    } else {
      // Continuous: one or more keys set by the same draw.
      const detail::Value* set = c.find(path + ".set");
      if (!set) {
        if (!item.find("set")) c.missing(item, path + ".set", kind_rule);
        continue;
      }
      // The keys as checked: one string, or the items of a list (`set[1]`, …).
      std::vector<std::pair<const detail::Value*, std::string>> keys;
      if (set->type == ValueType::one_or_list) {
        for (std::size_t k = 0; k < set->node->children.size(); ++k) {
          const std::string key_path = detail::item_path(path + ".set", k);
          keys.emplace_back(c.find(key_path), key_path);
        }
      } else {
        keys.emplace_back(set, path + ".set");
      }
      std::vector<Target> targets;
      for (const auto& [key, key_path] : keys) {
        if (!key) continue;
        if (auto target = find_target(c, *key->node, key_path, scalars))
          targets.push_back(std::move(*target));
      }
      if (targets.size() != keys.size()) continue;
      SweepApply apply = targets.front().scalar ? SweepApply::value : SweepApply::end_value;
      const ConfigNode* apply_node = item.find("apply");
      if (apply_node) {
        const detail::Value* apply_value = c.find(path + ".apply");
        if (!apply_value) continue;  // reported by the validator
        for (const auto& [mode_name, mode] : kSweepApplyModes) {
          if (mode_name == apply_value->text) apply = mode;
        }
      }
      // Without `apply` the default (value for numbers) is what clashes: report it at the item.
      auto clash = [&](const std::string& rule) {
        if (apply_node) c.add(*apply_node, path + ".apply", rule);
        else c.missing(item, path + ".apply", rule);
      };
      bool consistent = true;
      for (const Target& target : targets) {
        if (target.scalar && apply != SweepApply::value) {
          clash(target.path + " is a number: apply must be value");
          consistent = false;
        }
        if (target.time_path && apply == SweepApply::value) {
          clash(target.path + " is a time path: apply must be scale, shift, end_value, path_to or constant");
          consistent = false;
        }
      }
      if (!consistent) continue;
      if (!apply_node && targets.front().time_path) {
        c.missing(item, path + ".apply",
                  "required for a time path (scale, shift, end_value, path_to or constant)");
        continue;
      }
      int year = 0;
      const ConfigNode* year_node = item.find("year");
      if (apply == SweepApply::path_to) {
        if (!year_node) {
          c.missing(item, path + ".year", "required with apply: path_to");
          continue;
        }
        const detail::Value* year_value = c.find(path + ".year");
        if (!year_value) continue;  // reported by the validator
        year = int(year_value->integer);
      } else if (year_node) {
        c.add(*year_node, path + ".year", "only used with apply: path_to", true);
        continue;
      }
      auto distribution = read_distribution(c, item, path, kind, kind_node);
      if (!distribution) continue;
      // Keys of whole numbers only: each draw is rounded to the nearest integer
      // (SweepParameter::integer), so what reaches the keys is the rounded ends (a uniform from
      // −0.4 gives 0, never −0.4).
      const bool rounded = std::all_of(targets.begin(), targets.end(),
                                       [](const Target& target) { return target.scalar && target.scalar->integer; });
      for (const Target& target : targets) {
        const Support draws = support(*distribution);
        if (target.scalar) {
          const bool fixed = draws.low == draws.high;  // a fixed value is checked as written (below)
          const double low = rounded && !fixed ? std::round(draws.low) : draws.low;
          const double high = rounded && !fixed ? std::round(draws.high) : draws.high;
          check_range(c, kind_node, path + ".distribution", target, draws, {{{0, {low, path}, {high, path}}}}, path);
        } else {
          std::vector<PathReach>& paths = reach_at(*target.time_path);
          for (PathReach& knots : paths) {
            knots = apply_to_reach(knots, apply, draws, path, base.base_year, year, target.time_path->from_observed);
          }
          check_range(c, kind_node, path + ".distribution", target, draws, paths, path);
        }
      }
      out.info.name = name.empty() ? targets.front().path : name;
      out.info.apply = apply;
      out.info.year = year;
      out.info.unit = targets.front().unit;
      for (const Target& target : targets) out.info.keys.push_back(target.path);
      out.parameter.name = out.info.name;
      out.parameter.distribution = *distribution;
      out.parameter.integer = std::all_of(targets.begin(), targets.end(),
                                          [](const Target& target) { return target.scalar && target.scalar->integer; });
      std::vector<std::function<void(engine::ScenarioParameters&, std::size_t, double)>> setters;
      for (const Target& target : targets) {
        if (target.scalar) {
          // A key for all services sets the services without a value of their own, as in a
          // scenario file (the service's key wins); which those are is known once every
          // uncertain parameter is read (below).
          std::vector<const ScalarParameter*> own_keys;
          for (const engine::ServiceArea& service : base.services) {
            const std::string own = service_key(target.path, service.id);
            const auto found = std::find_if(scalars.begin(), scalars.end(),
                                            [&](const ScalarParameter& scalar) { return scalar.path == own; });
            if (found != scalars.end()) own_keys.push_back(&*found);
          }
          if (own_keys.empty() || own_keys.size() != base.services.size()) {
            setters.push_back([set = target.scalar->set](engine::ScenarioParameters& p, std::size_t, double v) { set(p, v); });
            continue;
          }
          auto free = std::make_shared<std::vector<std::vector<std::size_t>>>();  // [scenario]: services
          all_services_targets.push_back({target.path, free});
          std::vector<std::function<void(engine::ScenarioParameters&, double)>> own_setters;
          for (const ScalarParameter* own : own_keys) own_setters.push_back(own->set);
          setters.push_back([free, own_setters](engine::ScenarioParameters& p, std::size_t scenario, double v) {
            for (const std::size_t j : (*free)[scenario]) own_setters[j](p, v);
          });
        } else {
          auto get = target.time_path->get;
          const int base_year = base.base_year;
          const bool from_observed = target.time_path->from_observed;
          setters.push_back(
              [get, apply, base_year, year, from_observed](engine::ScenarioParameters& p, std::size_t, double v) {
                apply_to_path(get(p), apply, v, base_year, year, from_observed);
              });
        }
      }
      out.parameter.apply = [setters](engine::ScenarioParameters& p, std::size_t scenario, double v) {
        for (const auto& set_one : setters) set_one(p, scenario, v);
      };
    }
    if (!names.insert(out.parameter.name).second) {
      const std::string rule = "another parameter has the name '" + out.parameter.name + "' (give one a name:)";
      if (const ConfigNode* name_node = item.find("name")) c.add(*name_node, path + ".name", rule);
      else c.missing(item, path + ".name", rule);
      continue;
    }
    sweep.info.push_back(std::move(out.info));
    sweep.parameters.push_back(std::move(out.parameter));
  }
  if (!problems.empty()) throw ConfigError(problems);
  // The services a key for all services sets, per scenario: those whose own key the scenario
  // does not write (its file, the base file or --set) and no uncertain parameter sets.
  const std::set<std::string> drawn_keys = keys_set_by_parameters(sweep);
  for (const auto& [all_key, free] : all_services_targets) {
    free->assign(sweep.run.scenarios.size(), {});
    for (std::size_t s = 0; s < sweep.run.scenarios.size(); ++s) {
      for (std::size_t j = 0; j < base.services.size(); ++j) {
        const std::string own = service_key(all_key, base.services[j].id);
        const bool written = s < sweep.run.written.size() && sweep.run.written[s].count(own) > 0;
        if (!written && drawn_keys.count(own) == 0) (*free)[s].push_back(j);
      }
    }
  }
  // The supply model costs time in every draw whose death rates differ: a sweep runs it (and
  // writes quantiles_gap.csv) only when it draws a supply lever or asks for a gap threshold.
  const bool gap_threshold = std::any_of(sweep.threshold_quantities.begin(), sweep.threshold_quantities.end(),
                                         [](const std::string& q) { return q.starts_with("gap."); });
  if (!c.draws_supply && !gap_threshold) sweep.run.base.supply = {};
  // Threshold columns in the layout the sweep runs: without the supply side the regional
  // columns come right after the indicators.
  const std::vector<std::string> columns = sweep_quantities(engine::sweep_layout(sweep.run.base), regional);
  for (std::size_t t = 0; t < settings.thresholds.size(); ++t) {
    const auto found = std::find(columns.begin(), columns.end(), sweep.threshold_quantities[t]);
    CARECAST_CHECK(found != columns.end(), "a threshold's quantity is a column of the sweep");
    settings.thresholds[t].column = std::size_t(found - columns.begin());
  }
  return sweep;
}

// ---------------------------------------------------------------------------------------

namespace {

// A variant's "key.path=value", or with `files_by_bytes` "key.path=(file)" where the key is a
// path: the fingerprint takes such a file in by its bytes, not by the path written, which may
// name the same file differently on another node.
std::string variant_set_text(const std::string& set, bool files_by_bytes) {
  if (!files_by_bytes) return set;
  const std::size_t equals = set.find('=');
  if (equals == std::string::npos) return set;
  const SchemaEntry* row = detail::find_entry(base_schema(), set.substr(0, equals));
  return row && row->type == ValueType::path ? set.substr(0, equals + 1) + "(file)" : set;
}

std::string resolved_yaml(const SweepConfig& sweep, bool files_by_bytes) {
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
        for (std::size_t k = 0; k < info.alternative_sets[a].size(); ++k) {
          out += (k ? ", " : "") + quote(variant_set_text(info.alternative_sets[a][k], files_by_bytes));
        }
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

}  // namespace

std::string sweep_resolved_yaml(const SweepConfig& sweep) { return resolved_yaml(sweep, /*files_by_bytes=*/false); }

std::uint64_t sweep_fingerprint(const SweepConfig& sweep) {
  // 64-bit FNV-1a of the resolved text, which includes the engine version and no file's path,
  // then of each data file's role and contents: the same sweep named another way, or on
  // another machine, is the same sweep, and one run on other data is not (parts of both
  // would merge into figures of neither).
  std::uint64_t hash = 14695981039346656037ull;
  const auto add = [&hash](std::string_view bytes) {
    for (char c : bytes) {
      hash ^= std::uint64_t(static_cast<unsigned char>(c));
      hash *= 1099511628211ull;
    }
  };
  add(resolved_yaml(sweep, /*files_by_bytes=*/true));
  std::vector<char> buffer(1 << 16);
  for (const std::vector<DataSource>* sources : {&sweep.run.sources, &sweep.variant_sources}) {
    for (const DataSource& source : *sources) {
      add(source.role);
      add(std::string_view("\n", 1));
      std::ifstream in(source.path, std::ios::binary);
      while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        add(std::string_view(buffer.data(), std::size_t(in.gcount())));
      }
    }
  }
  return hash;
}

void throw_located_draw(const SweepConfig& sweep, const engine::DomainError& error) {
  if (error.kind() == engine::DomainError::Kind::data) throw_located(sweep.run, error);
  // Whether a key a parameter sets is the engine's key, or one above or below it
  // (`…life_expectancy` sets both sexes' `…life_expectancy.female`).
  const std::string named = error.key_path();
  const auto related = [&](const std::string& key) {
    const auto within = [](const std::string& inner, const std::string& outer) {
      return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '.';
    };
    return !named.empty() && (key == named || within(key, named) || within(named, key));
  };
  // One service's key (the engine names the service's equipment gap) is also set by the key
  // for all services where the scenario gives the service no value of its own.
  std::string all = all_services_key(named);
  const auto scenario = std::find_if(sweep.run.scenarios.begin(), sweep.run.scenarios.end(),
                                     [&](const engine::ScenarioParameters& p) { return p.name == error.scenario(); });
  const auto s = std::size_t(scenario - sweep.run.scenarios.begin());
  if ((s < sweep.run.written.size() && sweep.run.written[s].count(named)) || keys_set_by_parameters(sweep).count(named)) {
    all.clear();
  }
  const auto sets_named = [&](const std::string& key) { return related(key) || (!all.empty() && key == all); };
  // The run's values, where the engine gives them: a choice acts on the key only when the
  // alternative drawn sets it.
  const auto* run = dynamic_cast<const engine::SweepRunError*>(&error);
  Problem problem;
  problem.where.file = sweep.sweep_file;
  problem.key_path = named;
  problem.value = error.value();
  problem.rule = sweep.run.scenarios.size() > 1 && !error.scenario().empty()
                     ? "scenario '" + error.scenario() + "': " + error.rule()
                     : error.rule();
  // The last parameter that acts on the key: parameters act in the order listed, so the last
  // one made the value the projection refused (a later `set` or choice replaces an earlier
  // draw; a later shift moves it last).
  for (std::size_t p = sweep.info.size(); p-- > 0;) {
    const SweepParameterInfo& info = sweep.info[p];
    bool sets = std::any_of(info.keys.begin(), info.keys.end(), sets_named);
    for (std::size_t a = 0; a < info.alternative_keys.size(); ++a) {
      const bool drawn = run == nullptr || p >= run->values().size() || std::size_t(run->values()[p]) == a;
      sets = sets || (drawn && std::any_of(info.alternative_keys[a].begin(), info.alternative_keys[a].end(), sets_named));
    }
    if (sets) {
      problem.where = info.where;
      throw ConfigError({problem});
    }
  }
  // No parameter acts on the key: where the scenario wrote it (its file or a --set), if it did.
  if (!named.empty() && s < sweep.run.written.size()) {
    const auto& written = sweep.run.written[s];
    auto found = written.find(named);
    if (found == written.end() && !all.empty()) found = written.find(all);
    if (found != written.end()) problem.where = found->second.where;
  }
  throw ConfigError({problem});
}

}  // namespace carecast::config
