// `carecast solve SCENARIO.yaml`: the inverse question (docs/levers.md). Which productivity
// growth, or which level of a named lever, brings the share of all årsverk (or the sector's
// årsverk) to a target in a chosen year?
#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"
#include "carecast/engine/solve.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/supply_output.hpp"
#include "commands/command.hpp"
#include "exit_codes.hpp"

namespace po = boost::program_options;

namespace carecast::app {

namespace {

void add_options(po::options_description& options) {
  options.add_options()("scenario", po::value<std::string>()->value_name("NAME"),
                        "the scenario of the file to start from (default: the first)");
  options.add_options()("target", po::value<std::string>()->value_name("share|arsverk|gap[:PROFESSION]")->default_value("share"),
                        "the indicator to reach: the share of all årsverk used by health and care, the "
                        "sector's total årsverk, or a profession's gap, demand − supply in årsverk "
                        "(default profession: nurses; docs/supply.md)");
  options.add_options()("value", po::value<std::string>()->value_name("X"),
                        "target value: percent for share (13.0), årsverk for arsverk (up to 10^9) and gap (within ±10^9); default: the "
                        "scenario's base-year level (hold it; for gap: a gap of 0)");
  options.add_options()("year", po::value<int>()->value_name("Y"),
                        "the year the target must be reached in (default: the end year)");
  options.add_options()("variable", po::value<std::string>()->value_name("productivity|lever:NAME|graduates[:PROFESSION]")
                                        ->default_value("productivity"),
                        "what to vary: productivity growth in every service, the level of a named lever "
                        "(a capital lever's MNOK a year, a technology lever's adoption ceiling), or a "
                        "profession's graduates a year from the base year on (default: the --target gap's profession)");
  options.add_options()("range", po::value<std::string>()->value_name("LO,HI"),
                        "allowed range of the variable, in its units (%/yr, MNOK/yr or share); default "
                        "productivity -2,10; capital lever 0,100000; technology lever 0,1; graduates 0,50000. It must "
                        "lie within: productivity -5 to 10 %/yr for every service, a share 0 to 1, and the "
                        "solver's ceilings of 10000000 MNOK/yr for a lever and 1000000 graduates a year");
  add_set_option(options);
}

std::optional<double> parse_double(const std::string& text) {
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  double value = 0.0;
  in >> value;
  if (!in || !in.eof() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// How the variable reads for people: unit, scale from engine units, and offset.
struct VariableView {
  std::string what;   // "productivity growth in every service"
  std::string unit;   // "%/yr"
  double scale = 1.0;  // user = scale · engine + offset
  double offset = 0.0;
  int decimals = 3;
  double to_user(double x) const { return scale * x + offset; }
  double to_engine(double u) const { return (u - offset) / scale; }
};

std::string format_value(double value, int decimals) { return output::format_grouped(value, decimals); }

// Spaces that right-align `text` in a column `width` bytes wide; one space when it is wider.
std::string padding(const std::string& text, std::size_t width) {
  return std::string(text.size() < width ? width - text.size() : 1, ' ');
}

int run_solve(const Context& ctx) {
  const auto parsed = parse_command_line(solve_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;
  const auto scenario_file = values["file"].as<std::string>();

  // Target and variable from the command line (checked before loading anything).
  engine::SolveTarget target;
  const std::string target_name = values["target"].as<std::string>();
  if (target_name == "share") {
    target.kind = engine::SolveTargetKind::share;
  } else if (target_name == "arsverk") {
    target.kind = engine::SolveTargetKind::arsverk;
  } else if (target_name == "gap" || (target_name.starts_with("gap:") && target_name.size() > 4)) {
    target.kind = engine::SolveTargetKind::gap;
    if (target_name.size() > 4) target.profession = target_name.substr(4);
  } else {
    throw UsageError("solve", "--target must be 'share', 'arsverk' or 'gap[:PROFESSION]' (got '" + target_name + "')");
  }
  const bool gap = target.kind == engine::SolveTargetKind::gap;
  if (values.count("value") != 0) {
    const auto value = parse_double(values["value"].as<std::string>());
    // Årsverk targets stop at 10^9, far above any country's labour force: beyond it the
    // projection's figures are lost to rounding against the target.
    constexpr double kMostArsverk = 1e9;
    const bool valid = value && (target.kind == engine::SolveTargetKind::share ? *value > 0.0 && *value < 100.0
                                 : gap ? std::abs(*value) <= kMostArsverk
                                       : *value > 0.0 && *value <= kMostArsverk);
    if (!valid) {
      throw UsageError("solve", "--value must be " +
                                    std::string(target.kind == engine::SolveTargetKind::share
                                                    ? "a percentage between 0 and 100 (exclusive)"
                                                : gap ? "a number of årsverk between -1 000 000 000 and 1 000 000 000"
                                                      : "a positive number of årsverk up to 1 000 000 000") +
                                    " (got '" + values["value"].as<std::string>() + "')");
    }
    target.value = target.kind == engine::SolveTargetKind::share ? *value / 100.0 : *value;
  }
  engine::SolveVariable variable;
  const std::string variable_name = values["variable"].as<std::string>();
  if (variable_name == "productivity") {
    variable.kind = engine::SolveVariableKind::productivity;
  } else if (variable_name.starts_with("lever:") && variable_name.size() > 6) {
    variable.kind = engine::SolveVariableKind::lever;
    variable.lever = variable_name.substr(6);
  } else if (variable_name == "graduates" || (variable_name.starts_with("graduates:") && variable_name.size() > 10)) {
    variable.kind = engine::SolveVariableKind::graduates;
    variable.profession = variable_name.size() > 10 ? variable_name.substr(10) : target.profession;
  } else {
    throw UsageError("solve", "--variable must be 'productivity', 'lever:NAME' or 'graduates[:PROFESSION]' (got '" +
                                  variable_name + "')");
  }
  std::optional<std::pair<double, double>> user_range;
  if (values.count("range") != 0) {
    const std::string text = values["range"].as<std::string>();
    const std::size_t comma = text.find(',');
    const auto low = comma == std::string::npos ? std::nullopt : parse_double(text.substr(0, comma));
    const auto high = comma == std::string::npos ? std::nullopt : parse_double(text.substr(comma + 1));
    if (!low || !high || !(*low < *high)) {
      throw UsageError("solve", "--range must be LO,HI with LO < HI (got '" + text + "')");
    }
    user_range = std::pair{*low, *high};
  }

  const config::RunConfig config = load_scenario_file(scenario_file, values);
  const engine::BaseData& base = config.base;
  std::size_t chosen = 0;
  if (values.count("scenario") != 0) {
    const std::string name = values["scenario"].as<std::string>();
    std::vector<std::string> names;
    for (const auto& scenario : config.scenarios) names.push_back(scenario.name);
    const auto at = std::find(names.begin(), names.end(), name);
    if (at == names.end()) {
      std::string message = "--scenario: " + scenario_file + " has no scenario '" + name + "'";
      if (const auto suggestion = config::closest(name, names))
        message += " (did you mean '" + *suggestion + "'?)";
      throw UsageError("solve", message + "; it has: " + [&] {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        return list;
      }());
    }
    chosen = std::size_t(at - names.begin());
  }
  const engine::ScenarioParameters& scenario = config.scenarios.at(chosen);
  // The gap and graduates need the supply side and a profession it has.
  for (const auto& [used, profession, option] :
       {std::tuple{gap, target.profession, "--target"},
        std::tuple{variable.kind == engine::SolveVariableKind::graduates, variable.profession, "--variable"}}) {
    if (!used) continue;
    if (base.supply.empty()) {
      throw UsageError("solve", std::string(option) + ": the base data of " + scenario_file +
                                    " have no supply side (data.supply; docs/supply.md)");
    }
    if (std::find(base.professions.begin(), base.professions.end(), profession) == base.professions.end()) {
      std::string message = std::string(option) + ": no profession '" + profession + "'";
      if (const auto suggestion = config::closest(profession, base.professions)) message += " (did you mean '" + *suggestion + "'?)";
      throw UsageError("solve", message);
    }
  }
  target.year = values.count("year") != 0 ? values["year"].as<int>() : base.end_year;
  if (target.year <= base.base_year || target.year > base.end_year) {
    throw UsageError("solve", "--year must lie after the base year " + std::to_string(base.base_year) +
                                  " and no later than the end year " + std::to_string(base.end_year) + " (got " +
                                  std::to_string(target.year) + ")");
  }

  // The variable as people read it.
  VariableView view;
  const bool uniform = std::adjacent_find(scenario.productivity.begin(), scenario.productivity.end(),
                                          std::not_equal_to<>()) == scenario.productivity.end();
  if (variable.kind == engine::SolveVariableKind::graduates) {
    view.what = "graduates a year of " + variable.profession + " from " + std::to_string(base.base_year);
    view.unit = "persons/yr";
    view.decimals = 0;
  } else if (variable.kind == engine::SolveVariableKind::productivity) {
    view.scale = 100.0;
    view.unit = "%/yr";
    if (uniform) {
      view.what = "productivity growth in every service";
      view.offset = 100.0 * scenario.productivity.front();
    } else {
      view.what = "extra productivity growth added to every service's own rate";
      view.unit = "pp/yr";
    }
  } else {
    bool capital = false, technology = false;
    for (const auto& lever : scenario.levers.capital_levers) capital = capital || lever.name == variable.lever;
    for (const auto& lever : scenario.levers.technology_levers) technology = technology || lever.name == variable.lever;
    if (!capital && !technology) {
      std::vector<std::string> names;
      for (const auto& lever : scenario.levers.capital_levers) names.push_back(lever.name);
      for (const auto& lever : scenario.levers.technology_levers) names.push_back(lever.name);
      std::string message = "--variable: scenario '" + scenario.name + "' has no lever '" + variable.lever + "'";
      if (names.empty()) throw UsageError("solve", message + " (it has no levers)");
      if (const auto suggestion = config::closest(variable.lever, names)) {
        message += " (did you mean 'lever:" + *suggestion + "'?)";
      }
      throw UsageError("solve", message);
    }
    if (capital) {
      view.what = "extra investment of lever '" + variable.lever + "'";
      view.unit = "MNOK/yr";
      view.scale = 1e-6;
      view.decimals = 1;
    } else {
      view.what = "adoption ceiling of lever '" + variable.lever + "'";
      view.unit = "share";
      view.decimals = 4;
    }
  }
  // --range within what the scenario file itself allows for the variable (user units): the
  // productivity rates of the schema (parameters.productivity_pct), shares within [0, 1],
  // amounts and graduates not negative and below a ceiling far above any real value (the
  // solver bisects to 1e-12 of the range, which a range of 1e30 would make meaningless).
  constexpr double kMostGraduates = 1e6;        // persons a year: a fifth of Norway's population
  constexpr double kMostInvestmentMnok = 1e7;   // MNOK a year: about twice Norway's GDP
  double allowed_low = 0.0, allowed_high = variable.kind == engine::SolveVariableKind::graduates ? kMostGraduates
                                                                                                : kMostInvestmentMnok;
  const auto [lowest, highest] = std::minmax_element(scenario.productivity.begin(), scenario.productivity.end());
  if (variable.kind == engine::SolveVariableKind::productivity) {
    const auto parameters = config::scalar_parameters(base);
    const config::ScalarParameter& rate = config::find_scalar_parameter(parameters, "parameters.productivity_pct", "--range");
    // Uniform: the rate itself; else the extra pp/yr that keeps every service's rate in range.
    allowed_low = uniform ? rate.min : rate.min - 100.0 * *lowest;
    allowed_high = uniform ? rate.max : rate.max - 100.0 * *highest;
  } else if (view.unit == "share") {
    allowed_high = 1.0;
  }
  if (user_range && (user_range->first < allowed_low || user_range->second > allowed_high)) {
    throw UsageError("solve", "--range " + values["range"].as<std::string>() + " goes beyond the values allowed for the " +
                                  view.what + ": [" + format_value(allowed_low, view.decimals) + ", " +
                                  format_value(allowed_high, view.decimals) +
                                  "] " + view.unit);
  }
  engine::SolveOptions options;
  if (user_range) {
    options.range = engine::SolveRange{view.to_engine(user_range->first), view.to_engine(user_range->second)};
  } else if (variable.kind == engine::SolveVariableKind::productivity && uniform) {
    options.range = engine::SolveRange{view.to_engine(-2.0), view.to_engine(10.0)};
  }
  // The default for services with their own rates: the extra growth that keeps every rate in
  // [-2, 10] %/yr, which rates at both ends of it leave empty.
  const engine::SolveRange range = options.range ? *options.range : engine::default_range(scenario, variable);
  if (!(range.lower < range.upper)) {
    throw UsageError("solve", "the services' productivity growth of scenario '" + scenario.name + "' spans " +
                                  format_value(100.0 * *lowest, 3) + " to " + format_value(100.0 * *highest, 3) +
                                  " %/yr, which leaves no extra growth for every service within the default -2 to "
                                  "10 %/yr; give --range (the valid values are -5 to 10 %/yr for every service)");
  }

  const std::string range_text = "[" + format_value(view.to_user(range.lower), view.decimals) + ", " +
                                 format_value(view.to_user(range.upper), view.decimals) + "] " + view.unit;
  const engine::SolveOutcome outcome = [&] {
    try {
      return engine::solve(base, scenario, target, variable, options);
    } catch (const engine::DomainError& error) {
      // A problem of the data refuses every value alike: located at its file, not blamed on
      // the range.
      if (error.kind() == engine::DomainError::Kind::data) config::throw_located(config, error);
      // Every grid point refused (or a bisection step): the rule of the first, with the range.
      throw engine::DomainError(error.kind(), error.key(), error.value(),
                                "solve: the projection refuses the values of the " + view.what + " tried in " +
                                    range_text + " (choose another --range); the first refusal: " + error.rule(),
                                error.scenario());
    }
  }();
  const bool share = target.kind == engine::SolveTargetKind::share;
  const auto indicator_text = [&](double value) {
    return share ? format_value(100.0 * value, 2) + " %" : format_value(value, 0) + " årsverk";
  };
  const std::string indicator = share ? "the share of all årsverk used by public health and care"
                                : gap ? "the gap of " + target.profession + " (demand − supply)"
                                      : "health and care årsverk";

  std::ostream& out = ctx.out;
  out << "Scenario: " << scenario.name << " (" << scenario_file << ")\n";
  out << "Target:   " << indicator << " in " << target.year << " = " << indicator_text(outcome.target)
      << (target.value ? "" : " (its base-year level)") << "\n";
  out << "Variable: " << view.what << ", searched in " << range_text << "\n\n";

  std::string instead;
  if (variable.kind == engine::SolveVariableKind::lever) {
    // The same question answered by productivity growth alone, with the lever switched off: the
    // yardstick an analyst compares the investment with (printed whether or not the lever can
    // reach the target).
    const engine::ScenarioParameters without = engine::with_variable(scenario, variable, 0.0);
    engine::SolveVariable productivity;
    productivity.kind = engine::SolveVariableKind::productivity;
    engine::SolveTarget same = target;
    same.value = outcome.target;
    const engine::SolveOutcome yardstick = engine::solve(base, without, same, productivity, {});
    instead =
        "Instead:  without the lever, extra productivity growth in every service of " +
        (yardstick.reached ? format_value(100.0 * yardstick.value, 3) + " pp/yr reaches the same target\n\n"
                           : std::string("any size (every service's rate kept within -2 to 10 %/yr) does not "
                                         "reach the same target\n\n"));
  }

  // Points of the range the projection refuses were left out of the search: say so, and why.
  std::string refused_text;
  if (outcome.refused_points > 0) {
    refused_text = " where the projection runs; " + std::to_string(outcome.refused_points) + " of the " +
                   std::to_string(options.grid_points) + " grid points are refused (" + outcome.refusal + ")";
  }
  if (outcome.reached && outcome.refused_points > 0) {
    ctx.err << "carecast: solve: note: " << outcome.refused_points << " grid points of " << range_text
            << " were left out: the projection refuses them (" << outcome.refusal << ")\n";
  }
  if (!outcome.reached) {
    ctx.err << "carecast: solve: no value of the " << view.what << " in " << range_text << " reaches the target: "
            << indicator << " in " << target.year << " goes from " << indicator_text(outcome.at_lower) << " (at "
            << format_value(view.to_user(outcome.searched.lower), view.decimals) << ") to "
            << indicator_text(outcome.at_upper) << " (at "
            << format_value(view.to_user(outcome.searched.upper), view.decimals) << ")"
            << refused_text << ", the target is " << indicator_text(outcome.target) << ". Closest: "
            << indicator_text(outcome.achieved) << " at " << format_value(view.to_user(outcome.value), view.decimals)
            << " " << view.unit << ". Widen --range or choose another --variable.\n";
    out << instead;
    return exit_code(ExitCode::unreachable);
  }

  out << "Answer:   " << view.what << " = " << format_value(view.to_user(outcome.value), view.decimals) << " "
      << view.unit;
  if (variable.kind == engine::SolveVariableKind::productivity && uniform) {
    out << " (the scenario has " << format_value(100.0 * scenario.productivity.front(), 3) << " %/yr)";
  }
  out << "\n          gives " << indicator_text(outcome.achieved) << " in " << target.year << " ("
      << outcome.evaluations << " projections)\n\n";
  out << instead;

  // The path at the answer.
  const engine::ScenarioResult& result = outcome.result;
  if (gap) {
    out << "Path at the answer (" << target.profession << ", årsverk):\n";
    out << "    year        demand        supply           gap\n";
    const std::size_t k = *output::supply_profession(result, target.profession);
    for (int year : result.years) {
      if (year != result.years.front() && year % 5 != 0 && year != target.year && year != result.years.back()) continue;
      const output::GapValue at = output::gap_value(result, k, result.year_index(year));
      out << "    " << year;
      for (double value : {at.demand, at.supply, at.gap}) {
        const std::string text = format_value(value, 0);
        out << padding(text, 14) << text;
      }
      out << (year == target.year ? "   <- target year" : "") << "\n";
    }
    return 0;
  }
  out << "Path at the answer:\n";
  out << "    year   health and care årsverk   share of all årsverk\n";
  std::vector<int> years;
  for (int year : result.years) {
    if (year == result.years.front() || year % 5 == 0 || year == target.year || year == result.years.back()) {
      years.push_back(year);
    }
  }
  for (int year : years) {
    const auto i = std::size_t(result.year_index(year));
    std::string arsverk = format_value(result.indicators.health_care_arsverk[i], 0);
    std::string percent = format_value(100.0 * result.indicators.share_of_all_arsverk[i], 2) + " %";
    out << "    " << year << padding(arsverk, 26) << arsverk << padding(percent, 23) << percent
        << (year == target.year ? "   <- target year" : "") << "\n";
  }
  return 0;
}

}  // namespace

const Command& solve_command() {
  static const Command command{
      "solve",
      "find the productivity growth or lever level that reaches a target share or årsverk",
      "carecast solve SCENARIO.yaml [--scenario NAME] [--target share|arsverk] [--value X] [--year Y] "
      "[--variable productivity|lever:NAME] [--range LO,HI] [--set KEY.PATH=VALUE]...",
      "Finds the value of one variable at which an indicator reaches a target in a year, starting\n"
      "from one scenario of SCENARIO.yaml, and prints the answer and the path of the indicator\n"
      "at the answer. By default it finds the productivity growth in every service that holds\n"
      "the share of all årsverk used by public health and care at its base-year level in the\n"
      "end year. The solver scans 41 points of the range, takes the first that crosses the\n"
      "target and bisects to 1e-12 of the range (docs/levers.md).\n\n"
      "When no value in the range reaches the target it says what the range does reach and\n"
      "exits with code 6.\n\n"
      "Examples:\n"
      "  carecast solve scenarios/productivity.yaml --target share --year 2040\n"
      "  carecast solve scenarios/productivity.yaml --target arsverk --value 400000 --year 2060\n"
      "  carecast solve scenarios/equipment-gap.yaml --variable lever:lab_automation --target arsverk --year "
      "2040\n"
      "  carecast solve scenarios/productivity.yaml --target gap:nurses --variable graduates --year 2035\n"
      "  carecast solve scenarios/equipment-investment.yaml --variable lever:lab_automation "
      "--target share --value 23.6 --year 2060\n",
      add_options,
      {{"file", "SCENARIO.yaml", true, false}},
      run_solve,
  };
  return command;
}

}  // namespace carecast::app
