// Everything a report is made from: the base data, the scenarios and their results, the growth
// attribution, optional sweep results, and the provenance printed under every table.
#pragma once

#include <Eigen/Core>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/attribution.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/report/format.hpp"

namespace carecast::output::report {

struct SourceNote {
  std::string role;  // "population", "mortality", ...
  std::string path;
  std::string note;  // source and licence as given in the base file
};

// Printed under every table (workbook footer, HTML report, Markdown). Strings, so that the
// caller decides how each is obtained and tests can fix them.
struct Provenance {
  std::string configuration_hash;  // SHA-256 (hex) of the resolved configuration
  std::string data_vintage;        // which years the data describe, e.g. "base year 2023; ..."
  std::string engine_version;      // engine::kVersion
  std::string git_revision;
  std::string seed;                // the sweep's seed; empty for a deterministic run
  std::string scenario_file;
  std::string generated_utc;       // may be empty (tests), else "YYYY-MM-DDTHH:MM:SSZ"; shown as a
                                   // Norwegian date in bokmål (format.hpp: date_text)
  std::vector<SourceNote> sources;
};

// The uncertainty results of a sweep for one scenario, in report form: quantiles of total
// årsverk over time, one-at-a-time (tornado) results and Sobol indices in the target year.
// sweep_report.hpp fills it from the engine's sweep summary.
struct SweepReport {
  std::string sweep;     // sweep name (file stem)
  std::string scenario;  // scenario of the sweep
  int draws = 0;
  std::string seed;
  int target_year = 0;  // of the tornado and the Sobol indices
  std::vector<int> years;
  std::vector<double> probabilities;  // e.g. 0.05, 0.25, 0.5, 0.75, 0.95 (increasing)
  Eigen::MatrixXd quantiles;          // years × probabilities: total årsverk
  // Total årsverk of the deterministic projection of the same scenario by year (a reference
  // line in the fan chart); empty when there is none.
  std::vector<double> deterministic;

  struct TornadoRow {
    std::string parameter;  // name in the sweep file
    std::string label;      // for people, in the report's language (the name when none is given)
    std::string unit;       // of the values, in the report's language; empty for a choice
    std::string description;  // for people, in the report's language; may be empty
    // Parameter values: numbers (NaN for a choice, whose alternatives are named in the texts).
    double low = std::numeric_limits<double>::quiet_NaN(), high = std::numeric_limits<double>::quiet_NaN();
    int decimals = 0;                            // that show the values (3 significant digits)
    std::string low_value, high_value;           // the values as text in the report's language
    double low_result = 0.0, high_result = 0.0;  // total årsverk in the target year
  };
  double tornado_centre = 0.0;      // total årsverk in the target year, every parameter at its median
  std::vector<TornadoRow> tornado;  // in any order; the report sorts by swing

  struct SobolRow {
    std::string parameter;
    std::string label;  // for people (the name when none is given)
    double first = 0.0, first_low = 0.0, first_high = 0.0;  // first-order index and interval
    double total = 0.0, total_low = 0.0, total_high = 0.0;  // total-order index and interval
    std::string flag;  // engine::sobol_flag: "" or why the estimate is not a valid index
  };
  std::vector<SobolRow> sobol;  // empty without Sobol indices
  double interval_level = 0.95;  // of the bootstrap intervals
};

// Non-owning: the report is built while the caller keeps these alive.
struct ReportInput {
  const engine::BaseData& base;
  const std::vector<engine::ScenarioParameters>& scenarios;  // as run, same order as results
  const std::vector<engine::ScenarioResult>& results;
  const std::vector<engine::GrowthAttribution>& attributions;  // one per scenario, same order
  std::vector<SweepReport> sweeps;                              // empty: no uncertainty section
  Provenance provenance;
  // Labels, descriptions and overrides of each scenario (same order); empty: names only.
  std::vector<config::ScenarioText> texts = {};
  // Names of the professions by id (base file key `professions`); an id without one is shown
  // with '_' as spaces.
  std::map<std::string, config::RunConfig::ProfessionLabel> professions = {};
  // Table years between the base and the end year (--years); empty: the default milestones.
  std::vector<int> years = {};
  // Shown at the top of the report (for example: PNG copies could not be made).
  std::vector<std::string> warnings = {};
};

// A scenario's name for people in `language`: label_nb / label_en, else the name. `name` is
// looked up among input.scenarios; an unknown name is returned as it is.
std::string scenario_label(const ReportInput& input, const std::string& name, Language language);
// A scenario's description in `language` (description_nb / description_en, else description);
// may be empty.
std::string scenario_description(const ReportInput& input, const std::string& name, Language language);

}  // namespace carecast::output::report
