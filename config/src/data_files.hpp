// Readers of the data files (CSV) into the engine's arrays. Every problem is collected as a
// located Problem; a reader returns nullopt when its result cannot be used.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "carecast/engine/backtest.hpp"
#include "carecast/engine/model.hpp"
#include "csv.hpp"

namespace carecast::config::detail {

// A data file named in the configuration, and the YAML value that named it (for problems
// about the file as a whole: cannot open, a needed year missing).
struct DataFileRef {
  std::string path;      // resolved, as shown in messages
  Location where;        // of the `file:` value
  std::string key_path;  // "data.population.file"
  std::string written;   // the value as written
};

// The configuration value that asks for certain years ("data.population.jump_off_year = 2026").
struct YearsRef {
  Location where;
  std::string key_path;
  std::string value;
};

// series,services,year,arsverk,segment,basis,source: årsverk observed after past base years
// (format `observed_arsverk`); `services` are ids of `known` services.
std::optional<std::vector<engine::ObservedArsverk>> read_observed_arsverk(const DataFileRef& file,
                                                                          const std::vector<engine::ServiceArea>& known,
                                                                          Problems& problems);

// year,sex,age,persons for every year in [first_year, last_year] (other years are checked but
// not returned), and first_year − 1 too when `with_year_before` and the file has it complete.
// Ages above top_age are added to top_age. `need` explains the years in messages.
// Missing years are reported at `asked_by`, or, where `early` is given, those before
// early->second at early->first (the key that asks for the span's early years).
std::optional<std::map<int, engine::AgeSexArray>> read_population(
    const DataFileRef& file, std::string_view role, int top_age, int first_year, int last_year,
    const YearsRef& asked_by, const std::string& need, Problems& problems, bool with_year_before = false,
    const std::pair<YearsRef, int>* early = nullptr);

// year,sex,age,mx: the rates of `year`, extended to top_age by repeating the file's last age.
std::optional<engine::AgeSexArray> read_mortality(const DataFileRef& file, int top_age, int year,
                                                  const YearsRef& asked_by, Problems& problems);

// year,age,asfr averaged over [first, last]: a schedule of length top_age + 1.
// Age pattern of mortality decline by sex and age (format `mortality_decline`), extended to
// top_age by repeating the last age.
std::optional<engine::AgeSexArray> read_mortality_decline(const DataFileRef& file, int top_age, Problems& problems);

std::optional<Eigen::ArrayXd> read_fertility(const DataFileRef& file, int top_age, int first, int last,
                                             const YearsRef& asked_by, Problems& problems);

// year,sex,age,persons summed over [first, last].
std::optional<engine::AgeSexArray> read_migration(const DataFileRef& file, int top_age, int first, int last,
                                                  const YearsRef& asked_by, Problems& problems);

// The services (without use profiles), in file order.
std::optional<std::vector<engine::ServiceArea>> read_services(const DataFileRef& file, int base_year,
                                                              Problems& problems);

// Fills every service's use_profile; false when any is incomplete.
bool read_use_profiles(const DataFileRef& file, int top_age, std::vector<engine::ServiceArea>& services,
                       Problems& problems);

struct StaffingMix {
  std::vector<std::string> professions;  // first-seen order
  Eigen::MatrixXd shares;                // services × professions
};
std::optional<StaffingMix> read_staffing_mix(const DataFileRef& file,
                                             const std::vector<engine::ServiceArea>& services,
                                             Problems& problems);

std::optional<engine::AgeSexArray> read_employment_rates(const DataFileRef& file, int top_age,
                                                         Problems& problems);

}  // namespace carecast::config::detail
