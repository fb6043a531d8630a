#include "carecast/engine/life_table.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

using carecast::engine::Sex;

namespace {

// Reads one year of config/norway/mortality_mx.csv (year,sex,age,mx), ages 0..100.
Eigen::ArrayXd norway_mx(int year, const std::string& sex) {
  std::ifstream in(std::string(CARECAST_SOURCE_DIR) + "/config/norway/mortality_mx.csv");
  REQUIRE(in.good());
  Eigen::ArrayXd mx = Eigen::ArrayXd::Zero(101);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string y, s, a, m;
    std::getline(fields, y, ',');
    std::getline(fields, s, ',');
    std::getline(fields, a, ',');
    std::getline(fields, m, ',');
    if (std::stoi(y) == year && s == sex) mx(std::stoi(a)) = std::stod(m);
  }
  return mx;
}

}  // namespace

TEST_CASE("constant hazard gives the textbook life expectancy", "[life_table]") {
  // With m constant and deaths spread evenly, e0 = 1/m exactly for the open-ended table
  // (each year lives l - d/2 and the open group lives l/m); infants use their own a0, so
  // compare from age 1.
  const double m = 0.02;
  const Eigen::ArrayXd mx = Eigen::ArrayXd::Constant(106, m);
  const auto table = carecast::engine::life_table(mx, Sex::female);
  CHECK(table.ex(1) == Approx(1.0 / m).epsilon(1e-3));
  CHECK(table.lx(0) == 1.0);
  CHECK(table.qx(105) == 1.0);
  CHECK((table.lx.head(105) >= table.lx.tail(105)).all());
}

TEST_CASE("Norway 2023 life expectancy matches the Human Mortality Database figures", "[life_table][data]") {
  // Published e0 2023 (HMD, as quoted in shared/data/norway/SOURCES.md): F 84.6, M 81.4.
  CHECK(carecast::engine::life_expectancy_at_birth(norway_mx(2023, "female"), Sex::female) ==
        Approx(84.6).margin(0.06));
  CHECK(carecast::engine::life_expectancy_at_birth(norway_mx(2023, "male"), Sex::male) ==
        Approx(81.4).margin(0.06));
}

TEST_CASE("life expectancy at birth agrees with the full table", "[life_table]") {
  const Eigen::ArrayXd mx = norway_mx(2019, "male");
  CHECK(carecast::engine::life_expectancy_at_birth(mx, Sex::male) ==
        Approx(carecast::engine::life_table(mx, Sex::male).ex(0)).epsilon(1e-12));
}

TEST_CASE("the mortality shift reaches a target life expectancy", "[life_table]") {
  const Eigen::ArrayXd mx = norway_mx(2023, "female");
  Eigen::ArrayXd pattern = Eigen::ArrayXd::LinSpaced(mx.size(), 1.5, 0.3);
  for (double target : {80.0, 84.6, 88.0, 92.0}) {
    const double shift = carecast::engine::mortality_shift_for_e0(mx, pattern, Sex::female, target);
    CHECK(carecast::engine::life_expectancy_at_birth(mx * (-shift * pattern).exp(), Sex::female) ==
          Approx(target).margin(1e-8));
  }
  CHECK_THROWS_AS(carecast::engine::mortality_shift_for_e0(mx, pattern, Sex::female, 0.01), std::domain_error);
}
