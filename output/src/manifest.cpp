#include "carecast/output/manifest.hpp"

#include <array>
#include <cmath>
#include <ctime>

#include "carecast/engine/version.hpp"
#include "carecast/output/json.hpp"

namespace carecast::output {

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text.data(), length);
}

void write_manifest_stamp(JsonWriter& json, std::string_view kind, const std::vector<std::string>& command_line,
                          const std::string& git_revision, const std::string& started_utc) {
  json.key("format_version");
  json.integer(kManifestFormatVersion);
  if (!kind.empty()) {
    json.key("kind");
    json.string(kind);
  }
  json.key("engine_version");
  json.string(engine::kVersion);
  json.key("git_revision");
  json.string(git_revision);
  json.key("command_line");
  json.begin_array();
  for (const auto& argument : command_line) json.string(argument);
  json.end_array();
  json.key("started_utc");
  json.string(started_utc);
}

void write_manifest_tail(JsonWriter& json, const Timings& timings, const std::vector<std::string>& files,
                         const std::vector<config::DataSource>& sources, const std::string& resolved_config) {
  // Milliseconds to the microsecond: finer digits are noise and make manifests harder to read.
  const auto ms = [](double value) { return std::round(value * 1000.0) / 1000.0; };
  json.key("timings_ms");
  json.begin_object();
  json.key("load");
  json.number(ms(timings.load_ms));
  json.key("compute");
  json.number(ms(timings.compute_ms));
  json.key("write");
  json.number(ms(timings.write_ms));
  json.end_object();
  json.key("files");
  json.begin_array();
  for (const auto& file : files) json.string(file);
  json.end_array();
  json.key("data_sources");
  json.begin_array();
  for (const auto& source : sources) {
    json.begin_object();
    json.key("role");
    json.string(source.role);
    json.key("path");
    json.string(source.path);
    json.key("note");
    json.string(source.note);
    json.end_object();
  }
  json.end_array();
  json.key("resolved_config");
  json.string(resolved_config);
}

void write_manifest(std::ostream& out, const config::RunConfig& config, const std::vector<std::string>& files,
                    const RunInfo& info) {
  JsonWriter json(out);
  json.begin_object();
  write_manifest_stamp(json, "", info.command_line, info.git_revision, info.started_utc);
  json.key("scenario_file");
  json.string(config.scenario_file);
  json.key("base_file");
  json.string(config.base_file);
  json.key("scenarios");
  json.begin_array();
  for (const auto& scenario : config.scenarios) json.string(scenario.name);
  json.end_array();
  // The --set overrides each scenario got, by scenario (the same texts are under `overrides`
  // of resolved_config, as given).
  json.key("overrides");
  json.begin_object();
  for (std::size_t s = 0; s < config.scenarios.size() && s < config.texts.size(); ++s) {
    if (config.texts[s].overrides.empty()) continue;
    json.key(config.scenarios[s].name);
    json.begin_array();
    for (const std::string& text : config.texts[s].overrides) json.string(text);
    json.end_array();
  }
  json.end_object();
  json.key("threads");
  json.integer(info.threads);
  json.key("warnings");
  json.begin_array();
  for (const auto& warning : info.warnings) json.string(warning);
  json.end_array();
  write_manifest_tail(json, info.timings, files, config.sources, config.resolved_yaml);
  json.end_object();
}

}  // namespace carecast::output
