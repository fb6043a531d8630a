#include "serve/api.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "carecast/config/schema.hpp"
#include "carecast/engine/version.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/indicators.hpp"
#include "carecast/output/manifest.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/report/provenance.hpp"
#include "carecast/output/report/tables.hpp"
#include "carecast/output/report/text.hpp"
#include "carecast/output/report/workbook.hpp"
#include "carecast/output/run_output.hpp"
#include "carecast/output/summary.hpp"
#include "carecast/output/supply_output.hpp"

namespace carecast::app::serve {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using output::report::Language;

struct Api::Loaded {
  std::optional<config::RunConfig> config;
  Reply error;  // when config is empty
  std::vector<engine::ScenarioResult> results;  // every scenario projected, once per request
  double load_ms = 0.0, compute_ms = 0.0;

  static Loaded refused(Reply error) {
    Loaded loaded;
    loaded.error = std::move(error);
    return loaded;
  }
};

namespace {

// A whole string as a number, or nothing ("1.5" yes, "1.5x" and "" no).
std::optional<double> number_text(std::string_view text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [at, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || at != end || text.empty()) return std::nullopt;
  return value;
}

// The reference value of a schema row as JSON: a number, a time path {"year": value}, a
// string, or null when the row documents none. The texts are those of config/norway.yaml,
// so they parse with the small grammar of the table: numbers and flat {year: number} maps.
json reference_value(const config::SchemaEntry& entry) {
  const std::string_view text = entry.reference;
  if (text.empty()) return nullptr;
  using V = config::ValueType;
  if (entry.type == V::number || entry.type == V::integer || entry.type == V::time_path) {
    if (auto value = number_text(text)) return *value;
    if (entry.type == V::time_path && text.front() == '{' && text.back() == '}') {
      json knots = json::object();
      std::string_view rest = text.substr(1, text.size() - 2);
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        const std::size_t colon = item.find(':');
        if (colon == std::string_view::npos) return std::string(text);
        auto trim = [](std::string_view s) {
          while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
          while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
          return s;
        };
        const auto year = number_text(trim(item.substr(0, colon)));
        const auto value = number_text(trim(item.substr(colon + 1)));
        if (!year || !value) return std::string(text);
        knots[std::string(trim(item.substr(0, colon)))] = *value;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      return knots;
    }
  }
  return std::string(text);
}

json bound_json(const config::Bound& bound) {
  switch (bound.kind) {
    case config::Bound::Kind::none:
      return nullptr;
    case config::Bound::Kind::value:
      return {{"value", bound.value}, {"exclusive", bound.exclusive}};
    case config::Bound::Kind::key:
      return {{"key", std::string(bound.key)}, {"exclusive", bound.exclusive}};
  }
  return nullptr;
}

json schema_rows(const std::vector<config::SchemaEntry>& table) {
  json rows = json::array();
  for (const config::SchemaEntry& entry : table) {
    json choices = json::array();
    for (std::string_view choice : entry.choices) choices.push_back(std::string(choice));
    rows.push_back({{"path", std::string(entry.path)},
                    {"type", config::entry_type_name(entry)},
                    {"required", entry.required},
                    {"unit", std::string(entry.unit)},
                    {"reference", std::string(entry.reference)},
                    {"default", reference_value(entry)},
                    {"min", bound_json(entry.min)},
                    {"max", bound_json(entry.max)},
                    {"range", config::range_text(entry)},
                    {"choices", choices},
                    {"description", std::string(entry.description)},
                    {"sweepable", entry.set != nullptr}});
  }
  return rows;
}

// yaml-cpp's tree as JSON: quoted scalars stay strings, plain scalars that read as numbers
// become numbers (the same value the configuration reads), everything else strings.
json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& item : node) out[item.first.as<std::string>()] = yaml_to_json(item.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() != "!") {
        if (auto value = number_text(text)) return *value;
      }
      return text;
    }
    default:
      return nullptr;
  }
}

json services_json(const engine::BaseData& base) {
  json services = json::array();
  for (const auto& service : base.services) {
    services.push_back({{"id", service.id},
                        {"label_en", output::report::service_label(service, Language::en)},
                        {"label_nb", output::report::service_label(service, Language::nb)},
                        {"base_arsverk", service.base_arsverk}});
  }
  return services;
}

// A profession's name for people: the base file's `professions` label, as the report uses it.
std::string profession_name(const config::RunConfig& config, const std::string& id, Language language) {
  return output::report::profession_label(config.profession_labels, id, language);
}

json professions_json(const config::RunConfig& config) {
  json professions = json::array();
  for (const auto& id : config.base.professions) {
    professions.push_back({{"id", id},
                           {"label_en", profession_name(config, id, Language::en)},
                           {"label_nb", profession_name(config, id, Language::nb)}});
  }
  return professions;
}

json problems_json(const config::LocatedError& error) {
  json problems = json::array();
  for (const config::Problem& problem : error.problems()) {
    problems.push_back({{"file", problem.where.file},
                        {"line", problem.where.line},
                        {"column", problem.where.column},
                        {"key", problem.key_path},
                        {"value", problem.value},
                        {"rule", problem.rule},
                        {"message", problem.format()}});
  }
  return problems;
}

Reply json_reply(const json& body, int status = 200) {
  // Invalid UTF-8 from a request (quoted back in a message) is replaced, not a reason to fail.
  return Reply{status, body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8", ""};
}

// 422 with every located problem; `error` is the CLI's heading (main.cpp), e.g. "invalid
// configuration (2 problems)".
Reply problems_reply(const config::LocatedError& failure, const std::string& what, const std::string& kind) {
  const std::size_t count = failure.problems().size();
  const std::string title = what + " (" + std::to_string(count) + (count == 1 ? " problem)" : " problems)");
  return json_reply({{"error", title}, {"kind", kind}, {"problems", problems_json(failure)}}, 422);
}

// The media type without parameters, lower case: "application/json".
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

bool starts_like_json(const std::string& body) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && body[first] == '{';
}

std::string now_utc() { return output::utc_timestamp(std::chrono::system_clock::now()); }

// Rows of the records arrays, in the order and with the column names of the CSV files
// (run_output.hpp), so a data frame built from either has the same shape.
json projection_records(const engine::BaseData& base, const std::vector<engine::ScenarioResult>& results) {
  json rows = json::array();
  for (const auto& result : results) {
    for (std::size_t t = 0; t < result.years.size(); ++t) {
      double total = 0.0;
      for (std::size_t j = 0; j < base.services.size(); ++j) {
        const double value = result.service_arsverk(Eigen::Index(t), Eigen::Index(j));
        total += value;
        rows.push_back({{"scenario", result.scenario},
                        {"year", result.years[t]},
                        {"service", base.services[j].id},
                        {"arsverk", value}});
      }
      rows.push_back({{"scenario", result.scenario},
                      {"year", result.years[t]},
                      {"service", std::string(output::kTotalService)},
                      {"arsverk", total}});
    }
  }
  return rows;
}

json profession_records(const engine::BaseData& base, const std::vector<engine::ScenarioResult>& results) {
  json rows = json::array();
  for (const auto& result : results) {
    for (std::size_t t = 0; t < result.years.size(); ++t) {
      for (std::size_t k = 0; k < base.professions.size(); ++k) {
        rows.push_back({{"scenario", result.scenario},
                        {"year", result.years[t]},
                        {"profession", base.professions[k]},
                        {"arsverk", result.profession_arsverk(Eigen::Index(t), Eigen::Index(k))}});
      }
    }
  }
  return rows;
}

json indicator_records(const std::vector<engine::ScenarioResult>& results) {
  json rows = json::array();
  for (const auto& result : results) {
    for (std::size_t t = 0; t < result.years.size(); ++t) {
      for (const auto& indicator : output::kIndicators) {
        rows.push_back({{"scenario", result.scenario},
                        {"year", result.years[t]},
                        {"indicator", std::string(indicator.name)},
                        {"value", (result.indicators.*indicator.series)[t]}});
      }
    }
  }
  return rows;
}

// The same numbers per scenario as arrays by year (the page's layout: about a sixth of the
// records' size): {"<scenario>": {"total": [...], "services": {"<id>": [...]},
// "professions": {"<id>": [...]}, "indicators": {"<name>": [...]}, "gap": {"<id>": [...]}}}
// (gap only with a supply side).
json series_json(const engine::BaseData& base, const std::vector<engine::ScenarioResult>& results) {
  json out = json::object();
  for (const auto& result : results) {
    const auto years = Eigen::Index(result.years.size());
    auto column = [&](const Eigen::MatrixXd& matrix, Eigen::Index j) {
      std::vector<double> values(static_cast<std::size_t>(years));
      for (Eigen::Index t = 0; t < years; ++t) values[std::size_t(t)] = matrix(t, j);
      return values;
    };
    std::vector<double> total(std::size_t(years), 0.0);
    json services = json::object();
    for (std::size_t j = 0; j < base.services.size(); ++j) {
      const auto values = column(result.service_arsverk, Eigen::Index(j));
      // Summed in service order, as projection.csv's total row is.
      for (std::size_t t = 0; t < values.size(); ++t) total[t] += values[t];
      services[base.services[j].id] = values;
    }
    json professions = json::object();
    for (std::size_t k = 0; k < base.professions.size(); ++k)
      professions[base.professions[k]] = column(result.profession_arsverk, Eigen::Index(k));
    json indicators = json::object();
    for (const auto& indicator : output::kIndicators)
      indicators[std::string(indicator.name)] = result.indicators.*indicator.series;
    out[result.scenario] = {
        {"total", total}, {"services", services}, {"professions", professions}, {"indicators", indicators}};
    // With a supply side: demand − supply by profession (docs/supply.md), as in gap.csv.
    if (result.supply) {
      json gap = json::object();
      for (std::size_t k = 0; k < result.supply->professions.size(); ++k) {
        std::vector<double> values;
        for (std::size_t t = 0; t < result.years.size(); ++t) values.push_back(output::gap_value(result, k, t).gap);
        gap[result.supply->professions[k].id] = values;
      }
      out[result.scenario]["gap"] = gap;
    }
  }
  return out;
}

json provenance_json(const config::RunConfig& config, Language language, const std::string& git_revision) {
  const auto provenance = output::report::make_provenance(config, language, git_revision, now_utc());
  json sources = json::array();
  for (const auto& source : provenance.sources)
    sources.push_back({{"role", source.role}, {"path", source.path}, {"note", source.note}});
  return {{"engine_version", provenance.engine_version},
          {"git_revision", provenance.git_revision},
          {"configuration_hash", provenance.configuration_hash},
          {"data_vintage", provenance.data_vintage},
          {"generated_utc", provenance.generated_utc},
          {"scenario_file", config.scenario_file},
          {"base_file", config.base_file},
          {"data_sources", sources},
          {"resolved_config", config.resolved_yaml}};
}

// The tables of "Download table": årsverk by service (with the total) and by profession, a
// block per scenario, and the share of all årsverk, in the summary years.
std::vector<output::report::Table> summary_tables(const config::RunConfig& config,
                                                  const std::vector<engine::ScenarioResult>& results,
                                                  Language language) {
  using output::report::Cell;
  using output::report::Column;
  using output::report::Row;
  using output::report::RowKind;
  using output::report::Table;
  using output::report::ValueFormat;
  const bool nb = language == Language::nb;
  const std::vector<int> years = output::summary_years(results.front().years);
  std::vector<Column> columns;
  for (int year : years) columns.push_back({std::to_string(year), 0, ValueFormat::number});

  Table services{"arsverk_by_service",
                 nb ? "Årsverk etter tjeneste" : "Årsverk by service",
                 nb ? "Årsverk etter tjenesteområde" : "Årsverk by service area",
                 nb ? "Årsverk, hele årsverk" : "Årsverk, whole årsverk",
                 nb ? "Scenario" : "Scenario",
                 nb ? "Tjenesteområde" : "Service area",
                 columns,
                 {},
                 {}};
  Table professions{"arsverk_by_profession",
                    nb ? "Årsverk etter yrke" : "Årsverk by profession",
                    nb ? "Årsverk etter yrke" : "Årsverk by profession",
                    nb ? "Årsverk, hele årsverk" : "Årsverk, whole årsverk",
                    "Scenario",
                    nb ? "Yrke" : "Profession",
                    columns,
                    {},
                    {}};
  std::vector<Column> share_columns = columns;
  for (Column& column : share_columns) {
    column.decimals = 1;
    column.format = ValueFormat::percent;
  }
  Table share{"share_of_all_arsverk",
              nb ? "Andel av alle årsverk" : "Share of all årsverk",
              nb ? "Andel av alle årsverk i økonomien" : "Share of all årsverk in the economy",
              nb ? "Prosent, én desimal" : "Percent, one decimal",
              "",
              "Scenario",
              share_columns,
              {},
              {}};
  for (const auto& result : results) {
    services.rows.push_back({result.scenario, RowKind::group, {}});
    professions.rows.push_back({result.scenario, RowKind::group, {}});
    Row total{nb ? "I alt" : "Total", RowKind::total, {}};
    for (int year : years)
      total.cells.push_back({result.service_arsverk.row(result.year_index(year)).sum(), ""});
    services.rows.push_back(total);
    for (std::size_t j = 0; j < config.base.services.size(); ++j) {
      Row row{output::report::service_label(config.base.services[j], language), RowKind::data, {}};
      for (int year : years)
        row.cells.push_back(Cell{result.service_arsverk(result.year_index(year), Eigen::Index(j)), ""});
      services.rows.push_back(row);
    }
    for (std::size_t k = 0; k < config.base.professions.size(); ++k) {
      Row row{profession_name(config, config.base.professions[k], language), RowKind::data, {}};
      for (int year : years)
        row.cells.push_back(Cell{result.profession_arsverk(result.year_index(year), Eigen::Index(k)), ""});
      professions.rows.push_back(row);
    }
    Row row{result.scenario, RowKind::data, {}};
    for (int year : years)
      row.cells.push_back(
          Cell{result.indicators.share_of_all_arsverk[std::size_t(result.year_index(year))], ""});
    share.rows.push_back(row);
  }
  return {services, professions, share};
}

// carecast serve answers national figures (the page and the JSON records have no region
// column): a scenario that asks for regions is refused, located at the `regions` key of
// `document` (the scenario as yaml-cpp read it) when it is written there, rather than
// answered without them.
bool asks_for_regions(const config::RunConfig& run) {
  return run.base.regions && run.base.regions->level != engine::RegionLevel::none;
}

[[noreturn]] void refuse_regions(const config::RunConfig& run, const std::string& file, const YAML::Node& document) {
  config::Location where{file, 0, 0};
  auto locate = [&](const std::string& in, const YAML::Node& node) {
    if (!node.IsMap() || !node["regions"]) return false;
    const YAML::Mark mark = node["regions"].Mark();
    where = {in, mark.line + 1, mark.column + 1};
    return true;
  };
  // Written in the scenario, else in the base file it names (which the loader has read).
  if (!locate(file, document) && !run.base_file.empty()) {
    try {
      locate(run.base_file, YAML::LoadFile(run.base_file));
    } catch (const YAML::Exception&) {  // located at the scenario file, as before
    }
  }
  const std::string rule =
      "carecast serve answers national figures only: write regions: none (or leave the key out), or use "
      "carecast run or carecast sweep for regional results (docs/regions.md)";
  throw config::ConfigError({config::Problem{
      std::move(where), "regions", std::string(config::choice_name(engine::kRegionLevels, run.base.regions->level)),
      rule}});
}

}  // namespace

Api::Api(const std::string& scenario_file, Language language, std::string git_revision)
    : scenario_file_(scenario_file),
      request_file_((fs::path(scenario_file).parent_path() / "request.yaml").string()),
      language_(language),
      git_revision_(std::move(git_revision)) {
  const config::RunConfig config = config::load_run(scenario_file);
  const YAML::Node document = YAML::LoadFile(scenario_file);
  if (asks_for_regions(config)) refuse_regions(config, scenario_file, document);
  schema_json_ = {{"engine_version", std::string(engine::kVersion)},
                  {"base", schema_rows(config::base_schema())},
                  {"scenario_file", schema_rows(config::scenario_file_schema())}};

  // The served file as JSON, its base path made absolute so that the scenario the page
  // downloads runs from any folder on this machine.
  json tree = yaml_to_json(document);
  tree["base"] = fs::absolute(config.base_file).lexically_normal().string();
  json equipment = json::array();
  const auto& investment = config.base.equipment.base_investment;
  for (Eigen::Index j = 0; j < investment.rows(); ++j) {
    for (Eigen::Index c = 0; c < investment.cols(); ++c) {
      equipment.push_back({{"service", config.base.services[std::size_t(j)].id},
                           {"category", std::string(engine::kEquipmentCategoryNames[std::size_t(c)])},
                           {"base_investment_nok", investment(j, c)}});
    }
  }
  scenario_json_ = {{"file", scenario_file},
                    {"language", std::string(output::report::language_code(language))},
                    {"base_year", config.base.base_year},
                    {"end_year", config.base.end_year},
                    {"services", services_json(config.base)},
                    {"professions", professions_json(config)},
                    {"equipment", equipment},
                    {"scenario", tree}};
}

Reply Api::error(int status, const std::string& kind, const std::string& message) {
  return json_reply({{"error", message}, {"kind", kind}, {"problems", json::array()}}, status);
}

Api::Loaded Api::load(const std::string& body, const std::string& content_type) const {
  const std::string type = media_type(content_type);
  const bool is_json = type == "application/json" || (type.empty() && starts_like_json(body)) ||
                       (type == "text/plain" && starts_like_json(body));
  if (is_json) {
    // JSON is checked as JSON first, so a broken body gets JSON's own message; the valid text
    // then goes to the same loader as YAML (JSON is YAML's flow style) and keeps its lines.
    try {
      const json parsed = json::parse(body);
      if (!parsed.is_object())
        return Loaded::refused(error(400, "json", "the body must be a JSON object (a scenario file)"));
    } catch (const json::parse_error& failure) {
      return Loaded::refused(error(400, "json", std::string("malformed JSON: ") + failure.what()));
    } catch (const json::out_of_range& failure) {  // a number beyond a double's range (1e999)
      return Loaded::refused(error(400, "json", std::string("a number in the JSON is out of range: ") + failure.what()));
    }
  } else if (!type.empty() && type != "application/yaml" && type != "application/x-yaml" &&
             type != "text/yaml" && type != "text/x-yaml" && type != "text/plain") {
    return Loaded::refused(error(415, "content_type",
                                "unsupported Content-Type '" + type +
                                    "': send the scenario as application/json or application/yaml"));
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    config::RunConfig run = config::load_run_text(body, request_file_);
    if (asks_for_regions(run)) refuse_regions(run, request_file_, YAML::Load(body));
    const auto loaded_at = std::chrono::steady_clock::now();
    // What only the projection can refuse (a life expectancy no death rates reach, …) is a
    // located 422 like any other configuration problem, never a 500.
    std::vector<engine::ScenarioResult> results = config::project(run);
    auto ms = [](auto from, auto to) { return std::chrono::duration<double, std::milli>(to - from).count(); };
    return {std::move(run), {}, std::move(results), ms(start, loaded_at), ms(loaded_at, std::chrono::steady_clock::now())};
  } catch (const config::ConfigError& failure) {
    return Loaded::refused(problems_reply(failure, "invalid configuration", "config"));
  } catch (const config::DataError& failure) {
    return Loaded::refused(problems_reply(failure, "invalid data", "data"));
  }
}

Reply Api::schema() const { return json_reply(schema_json_); }

Reply Api::scenario() const { return json_reply(scenario_json_); }

Reply Api::validate(const std::string& body, const std::string& content_type) const {
  const Loaded loaded = load(body, content_type);
  if (!loaded.config) return loaded.error;
  json names = json::array();
  for (const auto& scenario : loaded.config->scenarios) names.push_back(scenario.name);
  return json_reply({{"ok", true}, {"scenarios", names}, {"services", loaded.config->base.services.size()}});
}

Reply Api::run(const std::string& body, const std::string& content_type, Layout layout) const {
  const Loaded loaded = load(body, content_type);
  if (!loaded.config) return loaded.error;
  const config::RunConfig& config = *loaded.config;
  const std::vector<engine::ScenarioResult>& results = loaded.results;

  json scenarios = json::array();
  for (std::size_t s = 0; s < results.size(); ++s)
    scenarios.push_back({{"name", results[s].scenario},
                         {"description", config.descriptions[s]},
                         // For people (issue 13's labels; the name when a scenario has none).
                         {"label_en", s < config.texts.size() && !config.texts[s].label_en.empty() ? config.texts[s].label_en
                                                                                                  : results[s].scenario},
                         {"label_nb", s < config.texts.size() && !config.texts[s].label_nb.empty() ? config.texts[s].label_nb
                                                                                                  : results[s].scenario}});
  json reply{{"provenance", provenance_json(config, language_, git_revision_)},
             {"timings_ms", {{"load", loaded.load_ms}, {"compute", loaded.compute_ms}}},
             {"years", results.front().years},
             {"scenarios", scenarios},
             {"service_list", services_json(config.base)},
             {"profession_list", professions_json(config)}};
  if (layout == Layout::columns) {
    reply["series"] = series_json(config.base, results);
  } else {
    reply["projection"] = projection_records(config.base, results);
    reply["professions"] = profession_records(config.base, results);
    reply["indicators"] = indicator_records(results);
  }
  return json_reply(reply);
}

Reply Api::table_csv(const std::string& body, const std::string& content_type) const {
  const Loaded loaded = load(body, content_type);
  if (!loaded.config) return loaded.error;
  const config::RunConfig& config = *loaded.config;
  const std::vector<engine::ScenarioResult>& results = loaded.results;
  // One long table, numbers with round-trip precision (as in the result files), so a
  // spreadsheet or a script gets exactly the figures the page draws.
  const std::vector<int> years = output::summary_years(results.front().years);
  std::string header = "scenario,quantity,unit";
  for (int year : years) header.append(",").append(std::to_string(year));  // (GCC 12 warns falsely on "," + string)
  std::ostringstream text;
  output::CsvWriter csv(text, header);
  auto add_row = [&](const std::string& scenario, const std::string& quantity, std::string_view unit, auto value) {
    csv.text(scenario);
    csv.text(quantity);
    csv.text(unit);
    for (int year : years) csv.number(value(year), "carecast-table.csv");
    csv.end_row();
  };
  for (const auto& result : results) {
    add_row(result.scenario, "total", "arsverk",
            [&](int year) { return result.service_arsverk.row(result.year_index(year)).sum(); });
    for (std::size_t j = 0; j < config.base.services.size(); ++j)
      add_row(result.scenario, "service." + config.base.services[j].id, "arsverk",
              [&](int year) { return result.service_arsverk(result.year_index(year), Eigen::Index(j)); });
    for (std::size_t k = 0; k < config.base.professions.size(); ++k)
      add_row(result.scenario, "profession." + config.base.professions[k], "arsverk",
              [&](int year) { return result.profession_arsverk(result.year_index(year), Eigen::Index(k)); });
    add_row(result.scenario, "share_of_all_arsverk", "fraction", [&](int year) {
      return result.indicators.share_of_all_arsverk[std::size_t(result.year_index(year))];
    });
  }
  csv.flush();
  return Reply{200, text.str(), "text/csv; charset=utf-8", "carecast-table.csv"};
}

Reply Api::table_xlsx(const std::string& body, const std::string& content_type) const {
  const Loaded loaded = load(body, content_type);
  if (!loaded.config) return loaded.error;
  const config::RunConfig& config = *loaded.config;
  const std::vector<engine::ScenarioResult>& results = loaded.results;
  // libxlsxwriter writes files only: a private temporary name, read back and removed.
  static std::atomic<unsigned> counter{0};
  const fs::path file = fs::temp_directory_path() / ("carecast-serve-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(counter++) + ".xlsx");
  const auto provenance = output::report::make_provenance(config, language_, git_revision_, now_utc());
  const bool nb = language_ == Language::nb;
  try {
    output::report::write_workbook(file, nb ? "carecast: hva om" : "carecast: what-if",
                                   summary_tables(config, results, language_), {}, provenance, language_);
  } catch (...) {
    std::error_code ignored;
    fs::remove(file, ignored);
    throw;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::error_code ignored;
  fs::remove(file, ignored);
  return Reply{200, bytes.str(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "carecast-table.xlsx"};
}

}  // namespace carecast::app::serve
