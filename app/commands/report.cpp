// `carecast report SCENARIO.yaml`: project, attribute the growth, and write the committee
// report (HTML page, workbook, CSV and Markdown tables, SVG/PNG charts).
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/attribution.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/manifest.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/report/provenance.hpp"
#include "carecast/output/report/report.hpp"
#include "carecast/output/report/sweep_report.hpp"
#include "commands/command.hpp"
#include "commands/sweep_support.hpp"

namespace po = boost::program_options;

namespace carecast::app {

namespace {


void add_options(po::options_description& options) {
  options.add_options()("out,o", po::value<std::string>()->value_name("DIR"),
                        "write the report to DIR (default: report/<SCENARIO file name without .yaml>)");
  options.add_options()("lang,l", po::value<std::string>()->value_name("nb|en")->default_value("nb"),
                        "language of the report: nb (Norwegian bokmål) or en (English)");
  options.add_options()("sweep", po::value<std::string>()->value_name("SWEEP.yaml"),
                        "also run this Monte Carlo sweep (docs/sweeps.md) and add the uncertainty section: fan "
                        "charts, tornado and Sobol indices");
  options.add_options()("draws", po::value<long long>()->value_name("N"),
                        "with --sweep: number of draws instead of the sweep file's");
  add_set_option(options);
  add_scenario_option(options);
  add_years_option(options);
  options.add_options()("no-png", po::bool_switch(), "write the charts as SVG only, even when rsvg-convert is installed");
  options.add_options()("no-chart-titles", po::bool_switch(),
                        "leave the titles out of the SVG charts (the report's figure captions carry them)");
  add_progress_option(options);
  options.add_options()("threads,j", po::value<int>()->value_name("N"),
                        "worker threads, 1..1024 (default: all cores); results do not depend on it");
  options.add_options()("quiet,q", po::bool_switch(), "no progress or timing lines on stderr (errors still are)");
}

std::string padded(std::string text, std::size_t width) {
  std::size_t characters = 0;
  for (char c : text) characters += (c & 0xC0) != 0x80;
  if (characters < width) text.append(width - characters, ' ');
  return text;
}

int run_report(const Context& ctx) {
  const auto parsed = parse_command_line(report_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;
  if (values.count("draws") != 0 && values.count("sweep") == 0) {
    throw UsageError("report", "--draws sets the draws of --sweep SWEEP.yaml; give --sweep too");
  }

  const auto scenario_file = values["scenario_file"].as<std::string>();
  const std::filesystem::path out_dir =
      values.count("out") != 0 ? std::filesystem::path(values["out"].as<std::string>())
                               : std::filesystem::path("report") / std::filesystem::path(scenario_file).stem();
  const std::string lang = values["lang"].as<std::string>();
  const auto language = output::report::parse_language(lang);
  if (!language) throw UsageError("report", "--lang must be nb or en (got '" + lang + "')");
  const int threads = threads_option(values, "report");
  const bool quiet = values["quiet"].as<bool>();
  const auto progress = progress_printer(ctx, !quiet);

  output::RunInfo info;
  stamp_run(info, ctx);
  info.threads = threads;

  auto start = Clock::now();
  const std::vector<int> years = years_option(values, "report");
  const ProgressMode progress_mode = progress_option(values, quiet, "report");
  const config::RunConfig config = load_scenario_file(scenario_file, values);
  check_years(years, config.base.base_year, config.base.end_year, "report");
  // The sweep file, read before any projection: the uncertainty section sets the sweep's
  // scenarios beside this report's deterministic figures, so a sweep of another scenario file
  // (which would put another file's scenario under this report) is refused first.
  std::optional<config::SweepConfig> sweep;
  const std::string sweep_file = values.count("sweep") != 0 ? values["sweep"].as<std::string>() : std::string();
  if (!sweep_file.empty()) {
    sweep = config::load_sweep(sweep_file, set_overrides(values));
    std::error_code same_error;
    if (!std::filesystem::equivalent(sweep->run.scenario_file, config.scenario_file, same_error)) {
      throw UsageError("report", "--sweep " + sweep_file + " sweeps the scenarios of " + sweep->run.scenario_file +
                                     ", not of " + config.scenario_file +
                                     ": give a sweep file whose scenario_file is the report's scenario file");
    }
    if (const auto draws = draws_option(values, "report")) sweep->settings.draws = *draws;
  }
  info.timings.load_ms = milliseconds_since(start);
  progress("loaded " + scenario_file + " (" + milliseconds_text(info.timings.load_ms) + ")");

  start = Clock::now();
  std::vector<engine::ScenarioResult> results;
  std::vector<engine::GrowthAttribution> attributions;
  oneapi::tbb::task_arena arena(engine::arena_concurrency(threads));
  arena.execute([&] {
    results = config::project(config);
    try {  // the attribution's counterfactual runs of a scenario that projects
      attributions = engine::attribute_growth(config.base, config.scenarios);
    } catch (const engine::DomainError& error) {
      config::throw_located(config, error);
    }
  });
  info.timings.compute_ms = milliseconds_since(start);
  progress("projected and attributed " + std::to_string(results.size()) + " scenario(s) (" + milliseconds_text(info.timings.compute_ms) + ")");

  // The uncertainty section, from the sweep file read above.
  std::vector<output::report::SweepReport> sweeps;
  std::string sweep_yaml;
  std::string seed;
  if (sweep) {
    start = Clock::now();
    sweep_yaml = config::sweep_resolved_yaml(*sweep);
    seed = std::to_string(sweep->settings.seed);
    progress("running sweep " + sweep_file + ": " + output::format_grouped(double(sweep->settings.draws), 0) + " draws");
    const engine::Sweep engine_sweep = make_sweep(*sweep);
    check_sweep_memory(*sweep, engine_sweep.plan(), 0, engine_sweep.plan().units(), std::size_t(threads),
                       values.count("draws") != 0);
    ProgressBar bar(ctx.err, progress_mode, "sweep");
    const engine::SweepPart part = with_located_draws(*sweep, [&] {
      return engine_sweep.run_all({threads, [&](std::size_t done, std::size_t total) { bar.update(done, total); }});
    });
    bar.finish();
    const engine::SweepSummary summary = engine::summarize(engine_sweep.plan(), part, threads);
    sweeps = output::report::sweep_reports(engine_sweep.plan(), summary, std::filesystem::path(sweep_file).stem().string(),
                                           *language, sweep->info);
    // The deterministic path beside each fan: the report's own projection of that scenario
    // (the same file and --set); a swept scenario that --scenario left out is projected here.
    std::vector<engine::ScenarioParameters> left_out;
    for (const engine::ScenarioParameters& scenario : sweep->run.scenarios) {
      const bool projected = std::any_of(results.begin(), results.end(),
                                         [&](const engine::ScenarioResult& r) { return r.scenario == scenario.name; });
      if (!projected) left_out.push_back(scenario);
    }
    std::vector<engine::ScenarioResult> deterministic;
    if (!left_out.empty()) arena.execute([&] { deterministic = engine::project_scenarios(sweep->run.base, left_out); });
    for (output::report::SweepReport& report : sweeps) {
      for (const auto* from : {&results, &deterministic}) {
        for (const engine::ScenarioResult& result : *from) {
          if (result.scenario == report.scenario) report.deterministic = result.indicators.health_care_arsverk;
        }
      }
    }
    progress("ran the sweep (" + milliseconds_text(milliseconds_since(start)) + ")");
  }

  start = Clock::now();
  output::report::ReportInput input{config.base, config.scenarios, results, attributions, std::move(sweeps),
                                    output::report::make_provenance(config, *language, info.git_revision, info.started_utc, seed)};
  // The configuration hash is the SHA-256 of the manifest's resolved_config: the scenario
  // configuration, followed with a sweep by the sweep as run (a second YAML document).
  std::string resolved = config.resolved_yaml;
  if (!sweep_yaml.empty()) resolved += "\n---\n" + sweep_yaml;
  input.provenance.configuration_hash = output::report::sha256_hex(resolved);
  input.texts = config.texts;
  input.professions = config.profession_labels;
  input.years = years;
  output::StagingDirectory stage(out_dir);
  output::report::ReportFiles files;
  arena.execute([&] { files = output::report::write_report_files(stage.staging(), input,
                                                                  {*language, !values["no-png"].as<bool>(), !values["no-chart-titles"].as<bool>()}); });
  info.timings.write_ms = milliseconds_since(start);
  stage.write("manifest.json", [&](std::ostream& out) {
    if (sweep_yaml.empty()) {
      output::write_manifest(out, config, files.files, info);
    } else {
      config::RunConfig with_sweep = config;
      with_sweep.resolved_yaml = resolved;
      output::write_manifest(out, with_sweep, files.files, info);
    }
  });
  stage.commit();
  progress("wrote " + out_dir.string() + " (" + milliseconds_text(info.timings.write_ms) + ")");
  if (!files.png_note.empty()) progress(files.png_note);

  std::string dir = out_dir.string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  dir += "/";
  const bool nb = *language == output::report::Language::nb;
  ctx.out << (nb ? "Rapport skrevet til " : "Report written to ") << dir << (nb ? " (bokmål):\n" : " (English):\n");
  const std::string charts = std::to_string(files.charts), tables = std::to_string(files.tables);
  const std::pair<std::string, std::string> lines[] = {
      {"report.html", nb ? "rapporten: sammendrag, forutsetninger, " + charts + " figurer, " + tables + " tabeller, opphav"
                         : "the report: summary, assumptions, " + charts + " charts, " + tables + " tables, provenance"},
      {"report.xlsx", nb ? "arbeidsbok: innholdsark, ett ark per tabell, ett ark med tall og Excel-diagram per figur"
                         : "workbook: contents sheet, one sheet per table, one sheet of numbers and Excel chart per figure"},
      {"tables.md", nb ? "tabellene i Markdown" : "the tables in Markdown"},
      {"tables/", tables + (nb ? " CSV-filer" : " CSV files")},
      {"charts/", charts + (nb ? " figurer som SVG" : " charts as SVG") + (files.png ? (nb ? " og PNG" : " and PNG") : "")},
      {"manifest.json", nb ? "versjoner, kommandolinje, datakilder, konfigurasjon" : "versions, command line, data sources, configuration"},
  };
  for (const auto& [name, what] : lines) ctx.out << "  " << padded(name, 15) << what << '\n';
  return 0;
}

std::string report_description() {
  return "Loads SCENARIO.yaml and the base data set it names, projects every scenario, splits the\n"
         "growth in årsverk between population size, age structure, healthy ageing, standards,\n"
         "productivity, equipment levers and family care (Shapley decomposition), and writes a\n"
         "committee report to DIR:\n"
         "  report.html    one self-contained page (inline CSS and SVG, nothing fetched):\n"
         "                 summary, assumptions, charts, tables, provenance\n"
         "  report.xlsx    the tables, one sheet each, with number formats, frozen headers, units\n"
         "                 and a provenance footer (configuration hash, data vintage, engine\n"
         "                 version, seed)\n"
         "  tables.md      the tables in Markdown; tables/<table>.csv the same as CSV\n"
         "  charts/        the charts as SVG, and PNG when rsvg-convert is installed\n"
         "  manifest.json  versions, command line, data sources, resolved configuration\n"
         "Scenarios with levers add the lever table and chart; --sweep adds the uncertainty section\n"
         "(fan charts, tornado and Sobol indices of total årsverk). The directory appears complete or\n"
         "not at all; an existing DIR is replaced only when it is an earlier carecast result holding\n"
         "only the files its manifest.json lists.\n"
         "What each table means: docs/reports.md.\n";
}

}  // namespace

const Command& report_command() {
  static const Command command{
      "report",
      "write the committee report: HTML page, workbook, tables and charts",
      "carecast report SCENARIO.yaml [--out DIR] [--lang nb|en] [--sweep SWEEP.yaml [--draws N]] [--set [SCENARIO:]KEY.PATH=VALUE]... [--scenario NAME]... [--years Y,Y,...] [--no-png] [--no-chart-titles] [--progress auto|bar|lines|none] [--threads N] [--quiet]",
      report_description(),
      add_options,
      {{"scenario_file", "SCENARIO.yaml", true, false}},
      run_report,
  };
  return command;
}

}  // namespace carecast::app
