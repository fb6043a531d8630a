// Provenance of a report: the configuration hash and the data vintage.
#pragma once

#include <string>
#include <string_view>

#include "carecast/config/run_config.hpp"
#include "carecast/output/report/format.hpp"
#include "carecast/output/report/report_input.hpp"

namespace carecast::output::report {

// SHA-256 (FIPS 180-4) of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// Which years the base data describe: base year of the demand model, the observed
// population years and the jump-off year, the year of the death rates.
std::string data_vintage(const engine::BaseData& base, Language language);

// Provenance of a loaded run: the hash of RunConfig::resolved_yaml (which includes every
// --set), the data vintage, engine::kVersion, the scenario file and the data sources.
Provenance make_provenance(const config::RunConfig& config, Language language, std::string git_revision,
                           std::string generated_utc, std::string seed = {});

}  // namespace carecast::output::report
