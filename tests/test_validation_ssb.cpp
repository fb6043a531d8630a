// The internal cohort-component projection, fed SSB-like assumptions, reproduces Statistics
// Norway's 2024-round main alternative (MMMM, table 14288) for broad age groups within 2 %.
#include "carecast/config/run_config.hpp"
#include "carecast/engine/demography.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace {

struct Group {
  const char* label;
  int from, to;
};
constexpr Group kBroadGroups[] = {{"0-19", 0, 19},  {"20-44", 20, 44}, {"45-66", 45, 66}, {"67-79", 67, 79},
                                  {"80-89", 80, 89}, {"90+", 90, 105},  {"total", 0, 105}};

// MMMM persons by (year, age_from, age_to) from config/norway/ssb_projection_2024_round.csv.
std::map<std::tuple<int, int, int>, double> read_mmmm() {
  std::ifstream in(std::string(CARECAST_SOURCE_DIR) + "/config/norway/ssb_projection_2024_round.csv");
  REQUIRE(in.good());
  std::map<std::tuple<int, int, int>, double> persons;
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "alternative,year,age_from,age_to,persons");
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string alternative, year, from, to, value;
    std::getline(fields, alternative, ',');
    std::getline(fields, year, ',');
    std::getline(fields, from, ',');
    std::getline(fields, to, ',');
    std::getline(fields, value, ',');
    if (alternative == "MMMM") persons[{std::stoi(year), std::stoi(from), std::stoi(to)}] = std::stod(value);
  }
  return persons;
}

double ssb_sum(const std::map<std::tuple<int, int, int>, double>& mmmm, int year, int from, int to) {
  double sum = 0.0;
  for (const auto& [key, persons] : mmmm) {
    const auto [y, a0, a1] = key;
    if (y == year && a0 >= from && a1 <= to) sum += persons;
  }
  return sum;
}

}  // namespace

TEST_CASE("SSB-like assumptions reproduce MMMM (2024 round) within 2 % for broad age groups",
          "[validation][demography]") {
  const auto run = carecast::config::load_run(std::string(CARECAST_SOURCE_DIR) + "/scenarios/ssb-2024-mmmm.yaml");
  REQUIRE(run.scenarios.size() == 1);
  REQUIRE(run.base.demography.jump_off_year == 2024);
  const auto path = carecast::engine::project_population(run.base.demography, run.scenarios[0].demography,
                                                         run.base.base_year, 2050);
  const auto mmmm = read_mmmm();
  for (int year : {2030, 2040, 2050}) {
    for (const Group& group : kBroadGroups) {
      const double ours = path.in(year).middleRows(group.from, group.to - group.from + 1).sum();
      const double theirs = ssb_sum(mmmm, year, group.from, group.to);
      REQUIRE(theirs > 0.0);
      INFO(year << " " << group.label << ": carecast " << ours << ", SSB " << theirs);
      CHECK(std::abs(ours / theirs - 1.0) < 0.02);
    }
  }
}
