// The files of a run: one writer per file and write_run() to produce the whole directory.
//
// File contract (stable; downstream scripts rely on it). Numbers are written locale-free
// with the shortest text that round-trips (std::to_chars); text fields are RFC 4180 CSV.
//   projection.csv   scenario,year,service,arsverk       every scenario x year x service
//                                                         (config order) then service "total"
//   professions.csv  scenario,year,profession,arsverk    every scenario x year x profession
//   indicators.csv   scenario,year,indicator,value        every scenario x year x kIndicators
//   population.csv   scenario,year,sex,age,persons        every scenario x year x sex x age
//   manifest.json    see manifest.hpp
// Rows are ordered by scenario (in file order), then year, then the last key column.
#pragma once

#include <array>
#include <filesystem>
#include <ostream>
#include <string_view>
#include <vector>

#include "carecast/output/atomic_file.hpp"
#include "carecast/config/run_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/manifest.hpp"

namespace carecast::output {

struct OutputFile {
  std::string_view name;
  std::string_view header;  // first line of a CSV file; empty for the manifest
  std::string_view description;
};

// Every file of a run directory, in the order written (the manifest last).
inline constexpr std::array<OutputFile, 5> kOutputFiles{{
    {"projection.csv", "scenario,year,service,arsverk",
     "årsverk by scenario, year and service area, plus total"},
    {"professions.csv", "scenario,year,profession,arsverk", "årsverk by scenario, year and profession"},
    {"indicators.csv", "scenario,year,indicator,value",
     "population, family care and share-of-economy indicators"},
    {"population.csv", "scenario,year,sex,age,persons", "population on 1 January by sex and single age"},
    {"manifest.json", "", "versions, command line, data sources, resolved configuration, timings"},
}};

// The service id of the sum over all services in projection.csv (engine/layout.hpp).
using engine::kTotalService;

// Writers of the individual files. A non-finite number or a result whose dimensions do not
// match `base` is an internal error (engine::InternalError).
void write_projection_csv(std::ostream& out, const engine::BaseData& base,
                          const std::vector<engine::ScenarioResult>& results);
void write_professions_csv(std::ostream& out, const engine::BaseData& base,
                           const std::vector<engine::ScenarioResult>& results);
void write_indicators_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);
void write_population_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);

// Writes every file of kOutputFiles into `out_dir` atomically (see atomic_file.hpp): the
// directory appears complete or not at all, replacing an earlier carecast result there.
// info.timings.write_ms is measured here. Returns the files written and the wall time of the
// whole write. Throws OutputError for any file-system failure.
Written write_run(const std::filesystem::path& out_dir, const config::RunConfig& config,
                  const std::vector<engine::ScenarioResult>& results, RunInfo info);

}  // namespace carecast::output
