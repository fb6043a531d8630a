// Fuzz target: the CSV reader (config/src/csv.cpp) and the data-table readers built on it
// (config/src/data_files.cpp). The first byte picks the table the rest is read as:
//   0 population  1 mortality  2 fertility  3 migration  4 services  5 use profiles
//   6 staffing mix  7 employment rates  8 mortality decline pattern
// Problems are collected, never thrown, so any exception escaping is a bug.
#include <cstdint>

#include "data_files.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carecast::config::detail;

// The test base's services, for the tables that refer to services.
const std::vector<carecast::engine::ServiceArea>& known_services() {
  static const std::vector<carecast::engine::ServiceArea> services = [] {
    Problems problems;
    const std::string path =
        (carecast::fuzz::source_dir() / "tests" / "fixtures" / "config" / "data" / "services.csv").string();
    DataFileRef ref;
    ref.path = path;
    ref.key_path = "data.services.file";
    auto read = read_services(ref, 2020, problems);
    if (!read) std::abort();
    return *read;
  }();
  return services;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto file = carecast::fuzz::scratch().root() / "input.csv";
  carecast::fuzz::Scratch::write(file, carecast::fuzz::as_text(data + 1, size - 1));
  // Field by field: keeps GCC 12's -Wmaybe-uninitialized quiet.
  DataFileRef ref;
  ref.path = file.string();
  ref.where.file = "base.yaml";
  ref.where.line = 3;
  ref.key_path = "data.table.file";
  ref.written = "input.csv";
  YearsRef years;
  years.where = ref.where;
  years.key_path = "data.table.years";
  years.value = "2020";
  constexpr int top_age = 105;
  Problems problems;
  switch (data[0] % 9) {
    case 0: (void)read_population(ref, "population", top_age, 2019, 2021, years, "the jump-off year", problems); break;
    case 1: (void)read_mortality(ref, top_age, 2020, years, problems); break;
    case 2: (void)read_fertility(ref, top_age, 2018, 2020, years, problems); break;
    case 3: (void)read_migration(ref, top_age, 2018, 2020, years, problems); break;
    case 4: (void)read_services(ref, 2020, problems); break;
    case 5: {
      auto services = known_services();
      (void)read_use_profiles(ref, top_age, services, problems);
      break;
    }
    case 6: (void)read_staffing_mix(ref, known_services(), problems); break;
    case 7: (void)read_employment_rates(ref, top_age, problems); break;
    default: (void)read_mortality_decline(ref, top_age, problems); break;
  }
  if (!problems.empty()) (void)carecast::config::DataError(problems).what();
  return 0;
}
