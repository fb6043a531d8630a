// The JSON API behind `carecast serve`, without HTTP: each endpoint is a function from the
// request body to a Reply, so the HTTP layer (server.hpp) stays a thin router and the answers
// can be reasoned about on their own. See docs/serve.md for the shapes with examples.
//
//   GET  /api/schema      every key of the schema table (config/src/schema.cpp): path, type,
//                         unit, range, choices, reference value (parsed), description
//   GET  /api/scenario    the served scenario file as JSON (its `base` made absolute), with the
//                         services, professions, years and baseline equipment investment
//   POST /api/run         a scenario (YAML, or JSON when the body starts with '{' or the
//                         Content-Type says so) → projection, professions, indicators and the
//                         provenance of the run manifest; ?layout=columns gives arrays by year
//                         per scenario instead of records
//   POST /api/validate    the same checks without the projection
//   POST /api/table.csv   the summary table of a scenario as CSV
//   POST /api/table.xlsx  the same as an Excel workbook
//
// Errors are JSON objects {"error", "kind", "problems": [...]} with the located messages of
// the CLI: 400 for a body that is not valid JSON/YAML text at all, 415 for an unsupported
// content type, 422 for a scenario that breaks a rule (ConfigError) or whose data files are
// wrong (DataError).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/output/report/format.hpp"

namespace carecast::app::serve {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::string filename;  // set: sent as an attachment with this name
};

class Api {
 public:
  // Loads `scenario_file` (throws what config::load_run throws) and remembers what every
  // request needs. `git_revision` goes into the provenance of every run.
  Api(const std::string& scenario_file, output::report::Language language, std::string git_revision);

  Reply schema() const;
  Reply scenario() const;
  // records: rows as in the CSV files (projection, professions, indicators), for data
  // frames; columns: arrays by year per scenario ("series"), what the page asks for.
  enum class Layout { records, columns };
  Reply run(const std::string& body, const std::string& content_type, Layout layout = Layout::records) const;
  Reply validate(const std::string& body, const std::string& content_type) const;
  Reply table_csv(const std::string& body, const std::string& content_type) const;
  Reply table_xlsx(const std::string& body, const std::string& content_type) const;

  // A 4xx/5xx reply in the API's error shape, for the HTTP layer's own errors (413, 404, 503).
  static Reply error(int status, const std::string& kind, const std::string& message);

  const std::string& scenario_file() const { return scenario_file_; }
  output::report::Language language() const { return language_; }

 private:
  // The body as a loaded configuration, or the error reply to send instead.
  struct Loaded;
  Loaded load(const std::string& body, const std::string& content_type) const;

  std::string scenario_file_;
  std::string request_file_;  // where posted scenarios are located: <served folder>/request.yaml
  output::report::Language language_;
  std::string git_revision_;
  nlohmann::ordered_json scenario_json_;  // GET /api/scenario, built once
  nlohmann::ordered_json schema_json_;    // GET /api/schema, built once
};

}  // namespace carecast::app::serve
