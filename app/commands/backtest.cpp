// `carecast backtest SCENARIO.yaml`: the projection from past base years against what was
// later observed (engine/backtest.hpp; docs/model.md, "Backtest").
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/backtest.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/manifest.hpp"
#include "carecast/output/number_format.hpp"
#include "commands/command.hpp"

namespace po = boost::program_options;

namespace carecast::app {

namespace {

void add_options(po::options_description& options) {
  options.add_options()("base-years", po::value<std::string>()->value_name("Y,Y,...")->default_value("2015,2017,2019"),
                        "the past base years to project from (each needs its rows in services.csv and its death "
                        "rates in the mortality file)");
  options.add_options()("scenario", po::value<std::string>()->value_name("NAME"),
                        "the scenario of the file whose assumptions are used (default: the first)");
  options.add_options()("out", po::value<std::string>()->value_name("DIR")->default_value("results/backtest"),
                        "directory for backtest.csv");
  options.add_options()("quiet,q", po::bool_switch(), "no progress lines on stderr");
  add_set_option(options);
}

int run_backtest(const Context& ctx) {
  const auto parsed = parse_command_line(backtest_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;
  const auto scenario_file = values["file"].as<std::string>();
  std::vector<int> years = years_option(values, "backtest", "base-years");
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
  const bool quiet = values["quiet"].as<bool>();
  const auto progress = progress_printer(ctx, !quiet);
  const std::vector<config::Override> user = set_overrides(values);
  const std::string started = output::utc_timestamp(std::chrono::system_clock::now());
  const Clock::time_point start = Clock::now();

  // The file as given tells which years were observed; each base year then projects past the
  // last observed year, with the death rates of its own year.
  const config::RunConfig reference = config::load_run(scenario_file, user);
  if (reference.observed_arsverk.empty()) {
    throw config::ConfigError(std::vector<config::Problem>{
        {config::Location{reference.base_file, 0, 0}, "data.observed_arsverk", "",
         "required by carecast backtest: a file of observed årsverk (format observed_arsverk)"}});
  }
  int last_observed = 0;
  for (const auto& point : reference.observed_arsverk) last_observed = std::max(last_observed, point.year);
  const std::string observed_file = "data.observed_arsverk of " + reference.base_file;
  // Each base year projects on observed population up to the last observed year (the
  // jump_off_year override below), whatever jump-off year the file itself chose: a scenario
  // that reproduces an older projection (ssb-2019-reference.yaml jumps off in 2018) can be
  // backtested too. A population file without those years is named by the loader.
  std::string scenario_name = reference.scenarios.front().name;
  if (values.count("scenario") != 0) scenario_name = values["scenario"].as<std::string>();

  std::vector<engine::BacktestRow> rows;
  for (int year : years) {
    if (year >= last_observed) {
      throw UsageError("backtest", "--base-years: " + std::to_string(year) + " is not before the last observed year " +
                                       std::to_string(last_observed));
    }
    // Observed population in every compared year: jump off from the last observed year.
    std::vector<config::Override> overrides = {
        {"base_year", std::to_string(year), ""},
        {"end_year", std::to_string(last_observed + 1), ""},
        {"data.population.jump_off_year", std::to_string(last_observed), ""},
        {"data.mortality.base_year", std::to_string(year), ""},
    };
    const std::size_t internal = overrides.size();
    overrides.insert(overrides.end(), user.begin(), user.end());
    // Name the base year, not the overrides this command made for it ("--set #3"), and number
    // the user's own --set as the user wrote them: in the loader's problems and in those of
    // the projection (a value before the base year that only a backtest reads).
    std::optional<config::RunConfig> loaded;
    std::optional<engine::ScenarioResult> projected;
    try {
      loaded = config::load_run(scenario_file, overrides, {scenario_name});
      projected = config::project(*loaded).front();
    } catch (const config::LocatedError& error) {
      std::vector<config::Problem> problems = error.problems();
      for (config::Problem& problem : problems) {
        const std::string prefix = "--set #";
        if (problem.where.file.rfind(prefix, 0) != 0) continue;
        const std::size_t index = std::stoul(problem.where.file.substr(prefix.size()));
        problem.where.file = index <= internal ? "--base-years " + std::to_string(year)
                                               : prefix + std::to_string(index - internal);
        // Not the user's jump_off_year but this command's: say where the year comes from.
        if (index >= 1 && index <= internal && overrides[index - 1].key_path == "data.population.jump_off_year") {
          problem.rule = "the observed årsverk (" + observed_file + ") run to " + std::to_string(last_observed) +
                         " and the backtest projects on observed population up to that year; " + problem.rule;
        }
      }
      if (dynamic_cast<const config::DataError*>(&error)) throw config::DataError(problems);
      throw config::ConfigError(problems);
    }
    const config::RunConfig& run = *loaded;
    const engine::ScenarioResult& result = *projected;
    const auto compared = engine::compare_with_observed(result, run.observed_arsverk);
    rows.insert(rows.end(), compared.begin(), compared.end());
    progress("projected from " + std::to_string(year) + " to " + std::to_string(last_observed) + ": " +
             std::to_string(compared.size()) + " observations to compare");
  }

  // backtest.csv (locale-free numbers), staged so that the directory appears complete or not at all.
  output::StagingDirectory stage(values["out"].as<std::string>());
  stage.write("backtest.csv", [&](std::ostream& out) {
    output::CsvWriter csv(out, "scenario,series,services,base_year,year,horizon,projected,observed,error_pct,same_definition");
    for (const engine::BacktestRow& row : rows) {
      std::string services;
      for (const auto& point : reference.observed_arsverk) {
        if (point.series != row.series) continue;
        for (std::size_t j : point.services) services += (services.empty() ? "" : " ") + reference.base.services[j].id;
        break;
      }
      csv.text(scenario_name);
      csv.text(row.series);
      csv.text(services);
      csv.integer(row.base_year);
      csv.integer(row.year);
      csv.integer(row.horizon());
      csv.number(row.projected, "backtest.csv projected");
      csv.number(row.observed, "backtest.csv observed");
      csv.number(row.error_pct, "backtest.csv error_pct");
      csv.integer(row.same_definition ? 1 : 0);
      csv.end_row();
    }
    csv.flush();
  });
  // A manifest, as for every carecast result directory (so that a later run may replace it).
  stage.write("manifest.json", [&](std::ostream& out) {
    output::JsonWriter json(out);
    json.begin_object();
    output::write_manifest_stamp(json, "backtest", ctx.command_line, git_revision(), started);
    json.key("scenario_file");
    json.string(scenario_file);
    json.key("scenario");
    json.string(scenario_name);
    json.key("base_years");
    json.begin_array();
    for (int year : years) json.integer(year);
    json.end_array();
    output::write_manifest_tail(json, {.compute_ms = milliseconds_since(start)}, {"backtest.csv"}, reference.sources,
                                reference.resolved_yaml);
    json.end_object();
    out << '\n';
  });
  stage.commit();

  std::ostream& out = ctx.out;
  out << "Backtest of '" << scenario_name << "' (" << scenario_file << ") against observed årsverk\n\n";
  out << "series                           base  year  projected   observed   error\n";
  for (const engine::BacktestRow& row : rows) {
    std::string series = row.series;
    series.resize(std::max<std::size_t>(series.size(), 31), ' ');
    char line[160];
    std::snprintf(line, sizeof line, "%s  %4d  %4d  %9s  %9s  %+6.1f %%%s\n", series.c_str(), row.base_year, row.year,
                  output::format_grouped(row.projected, 0).c_str(), output::format_grouped(row.observed, 0).c_str(),
                  row.error_pct, row.same_definition ? "" : "  (another definition: not in the summary)");
    out << line;
  }
  out << "\nMean absolute error by series (same definition only)\n";
  std::vector<std::string> series_order;
  for (const engine::BacktestRow& row : rows) {
    if (std::find(series_order.begin(), series_order.end(), row.series) == series_order.end()) {
      series_order.push_back(row.series);
    }
  }
  for (const std::string& series : series_order) {
    std::vector<engine::BacktestRow> own;
    for (const engine::BacktestRow& row : rows) {
      if (row.series == series) own.push_back(row);
    }
    double sum = 0.0, per_year = 0.0;
    std::size_t count = 0;
    for (const engine::BacktestRow& row : own) {
      if (!row.same_definition) continue;
      sum += std::abs(row.error_pct);
      per_year += std::abs(row.error_pct) / row.horizon();
      ++count;
    }
    char line[160];
    if (count == 0) {
      std::snprintf(line, sizeof line, "  %-31s  no comparison of the same definition\n", series.c_str());
    } else {
      std::snprintf(line, sizeof line, "  %-31s  %zu comparisons, %.1f %% (%.2f %% per projected year)\n", series.c_str(),
                    count, sum / double(count), per_year / double(count));
    }
    out << line;
  }
  out << "\nMean absolute error by horizon (years after the base year)\n";
  out << "horizon  comparisons  mean abs. error  per projected year\n";
  for (const engine::HorizonError& error : engine::errors_by_horizon(rows)) {
    char line[120];
    std::snprintf(line, sizeof line, "%7d  %11zu  %13.1f %%  %16.2f %%\n", error.horizon, error.count,
                  error.mean_absolute_error_pct, error.per_year_pct);
    out << line;
  }
  out << "\nWrote " << (std::filesystem::path(values["out"].as<std::string>()) / "backtest.csv").string() << "\n";
  return 0;
}

}  // namespace

const Command& backtest_command() {
  static const Command command{
      "backtest",
      "project from past base years and compare with the årsverk observed since",
      "carecast backtest SCENARIO.yaml [--base-years 2015,2017,2019] [--scenario NAME] [options]",
      "Projects from each past base year with the base year's profiles and the scenario's\n"
      "assumptions, using the observed population up to the jump-off year, and compares the\n"
      "projected årsverk of each observed series (data.observed_arsverk in the base file) with\n"
      "what was observed later, within one definition of the series. The projection of a series\n"
      "is its observed base-year level times the growth the model projects for its service\n"
      "areas. Writes backtest.csv (scenario, series, services, base_year, year, horizon,\n"
      "projected, observed, error_pct, same_definition) and prints the mean absolute error per\n"
      "year of horizon. Without --scenario the file's first scenario is used.\n"
      "Method and the results on the Norwegian data: docs/model.md, \"Backtest\".\n",
      add_options,
      {{"file", "SCENARIO.yaml"}},
      run_backtest,
  };
  return command;
}

}  // namespace carecast::app
