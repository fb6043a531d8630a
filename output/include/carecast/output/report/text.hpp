// Words of the report in its two languages.
//
// Report text is written next to its translation at the call site (tr(language, en, nb)),
// so the two stay in step. Names of the things a configuration defines (service areas,
// professions) come from the configuration; the only fixed names here are the Norwegian
// names of the bundled Norway data's ids (config/norway/services.csv label_nb, and the
// profession ids of config/norway/staffing_mix.csv), used when the report is in bokmål.
#pragma once

#include <map>

#include "carecast/config/run_config.hpp"

#include <string>
#include <string_view>

#include "carecast/engine/attribution.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/output/report/format.hpp"

namespace carecast::output::report {

inline std::string tr(Language language, std::string_view en, std::string_view nb) {
  return std::string(language == Language::nb ? nb : en);
}

// A service area's name: the configured label (its id when empty); in bokmål the Norwegian
// name when the id is one of the bundled Norway data's.
std::string service_label(const engine::ServiceArea& service, Language language);

struct ReportInput;
// A profession's name: its label in the report's language from input.professions (the base
// file's `professions`), else the id with '_' as spaces and a capital first letter.
std::string profession_label(const ReportInput& input, const std::string& id, Language language);
// The same from the configuration's profession labels alone (for callers without a report).
std::string profession_label(const std::map<std::string, config::RunConfig::ProfessionLabel>& labels,
                             const std::string& id, Language language);

// The country's name as configured; "Norway" is "Norge" in bokmål.
std::string country_label(const std::string& country, Language language);

// A growth factor's name, short enough for a chart axis ("Population size" / "Folketall").
std::string factor_label(engine::GrowthFactor factor, Language language);

// "SSB" (bokmål) or "Statistics Norway (SSB)" (English) when a data source of the report
// credits Statistics Norway; empty otherwise.
std::string statistics_office(const ReportInput& input, Language language);

// A unit as written in the configuration schema ("%/yr", "years", "children per woman",
// "share", ...) in the report's language; unknown units are returned as they are.
std::string unit_label(std::string_view unit, Language language);

// One sentence on what the factor measures, for table notes and the HTML report.
std::string factor_description(engine::GrowthFactor factor, Language language);

}  // namespace carecast::output::report
