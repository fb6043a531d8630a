// The supply side (engine/supply.hpp): the stock accounting identity, no negative stock,
// pure ageing without flows, the calibration and levers, and the 2015-based check against
// SSB's observed totals 2016-2023 (docs/supply.md).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/fast_model.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/engine/solve.hpp"
#include "carecast/engine/supply.hpp"

using namespace carecast::engine;

namespace {

constexpr int kTop = 30;  // a small age range keeps the synthetic arrays readable

AgeSexArray random_array(std::mt19937_64& rng, double low, double high) {
  std::uniform_real_distribution<double> draw(low, high);
  AgeSexArray out(kTop + 1, kSexCount);
  for (Eigen::Index a = 0; a <= kTop; ++a) {
    for (int g = 0; g < kSexCount; ++g) out(a, g) = draw(rng);
  }
  return out;
}

Eigen::ArrayXd random_rates(std::mt19937_64& rng, double high) {
  std::uniform_real_distribution<double> draw(0.0, high);
  Eigen::ArrayXd out(kTop + 1);
  for (Eigen::Index a = 0; a <= kTop; ++a) out(a) = draw(rng);
  return out;
}

// One-year survival 1 − q at every age and sex, `years` columns (project_supply's layout).
Eigen::MatrixXd constant_survival(double q, int years) {
  return Eigen::MatrixXd::Constant(2 * (kTop + 1), years, 1.0 - q);
}

// Deaths of 0.2 % a year at every age, 2023-2060.
Eigen::MatrixXd low_mortality() { return constant_survival(0.002, 38); }

SupplyBase synthetic_supply(std::mt19937_64& rng, int start_year) {
  SupplyBase base;
  base.start_year = start_year;
  for (const char* id : {"nurses", "physicians"}) {
    SupplyProfession p;
    p.id = id;
    p.stock = random_array(rng, 0.0, 1000.0);
    p.graduates = 300.0;
    p.graduate_pattern = AgeSexArray::Zero(kTop + 1, kSexCount);
    p.graduate_pattern.block(22, 0, 4, 2).setConstant(1.0 / 8.0);
    p.immigrants = 50.0;
    p.immigrant_pattern = p.graduate_pattern;
    p.share_in_health_care = 0.8;
    p.arsverk_per_person = 0.85;
    base.professions.push_back(std::move(p));
  }
  base.retirement_rate = random_rates(rng, 0.3);
  base.leaving_rate = random_rates(rng, 0.05);
  return base;
}

}  // namespace

TEST_CASE("Supply step: stock − exits + inflows = next stock, cell by cell exactly", "[supply][identity]") {
  std::mt19937_64 rng(20261130);
  for (int trial = 0; trial < 50; ++trial) {
    const AgeSexArray stock = random_array(rng, 0.0, 5000.0);
    const AgeSexArray q = random_array(rng, 0.0, 0.2);
    const Eigen::ArrayXd retirement = random_rates(rng, 1.0);
    const Eigen::ArrayXd leaving = random_rates(rng, 1.0);
    const AgeSexArray graduates = random_array(rng, 0.0, 100.0);
    const AgeSexArray immigrants = random_array(rng, 0.0, 30.0);
    SupplyFlows flows;
    const AgeSexArray next = step_supply(stock, q, retirement, leaving, graduates, immigrants, flows);
    for (int g = 0; g < kSexCount; ++g) {
      double top = 0.0;
      for (Eigen::Index a = 0; a <= kTop; ++a) {
        // The equations of supply.hpp, in their documented order.
        const double deaths = stock(a, g) * q(a, g);
        const double retired = (stock(a, g) - deaths) * retirement(a);
        const double left = ((stock(a, g) - deaths) - retired) * leaving(a);
        const double survivors = ((stock(a, g) - deaths) - retired) - left;
        if (a + 1 < kTop) {
          CHECK(next(a + 1, g) == survivors + (graduates(a + 1, g) + immigrants(a + 1, g)));
        } else {
          top += survivors;
        }
      }
      CHECK(next(kTop, g) == top + (graduates(kTop, g) + immigrants(kTop, g)));
      CHECK(next(0, g) == graduates(0, g) + immigrants(0, g));
    }
    // The totals: next = stock + inflow − outflow, to rounding of the sums.
    const double expected =
        stock.sum() + flows.graduates + flows.immigrants - flows.deaths - flows.retirements - flows.leavers;
    CHECK(next.sum() == Approx(expected).epsilon(1e-12));
    CHECK(flows.graduates == Approx(graduates.sum()).epsilon(1e-14));
  }
}

TEST_CASE("Supply step: no stock goes negative, even when every rate is 1", "[supply][identity]") {
  std::mt19937_64 rng(7);
  for (const double rate : {0.0, 0.5, 1.0}) {
    const AgeSexArray stock = random_array(rng, 0.0, 1e6);
    const AgeSexArray q = AgeSexArray::Constant(kTop + 1, kSexCount, rate);
    const Eigen::ArrayXd retirement = Eigen::ArrayXd::Constant(kTop + 1, rate);
    const AgeSexArray none = AgeSexArray::Zero(kTop + 1, kSexCount);
    SupplyFlows flows;
    const AgeSexArray next = step_supply(stock, q, retirement, retirement, none, none, flows);
    CHECK((next >= 0.0).all());
    if (rate == 1.0) {
      CHECK(next.sum() == 0.0);
      CHECK(flows.deaths == Approx(stock.sum()).epsilon(1e-14));
    }
  }
  // A whole projection with heavy exits and random data stays non-negative every year.
  SupplyBase base = synthetic_supply(rng, 2015);
  base.retirement_rate.setConstant(0.9);
  base.leaving_rate.setConstant(0.9);
  const Eigen::MatrixXd mortality = constant_survival(0.4, 38);
  const SupplyResult result = project_supply(base, {}, mortality, 2023, 2060, {1000.0, 100.0});
  for (const auto& p : result.professions) {
    for (const auto& stock : p.stock) CHECK((stock >= 0.0).all());
  }
}

TEST_CASE("Supply step: with no inflow and no exits the stock only ages", "[supply][identity]") {
  std::mt19937_64 rng(11);
  const AgeSexArray stock = random_array(rng, 0.0, 5000.0);
  const AgeSexArray zero = AgeSexArray::Zero(kTop + 1, kSexCount);
  const Eigen::ArrayXd no_rate = Eigen::ArrayXd::Zero(kTop + 1);
  SupplyFlows flows;
  const AgeSexArray next = step_supply(stock, zero, no_rate, no_rate, zero, zero, flows);
  for (int g = 0; g < kSexCount; ++g) {
    CHECK(next(0, g) == 0.0);
    for (Eigen::Index a = 0; a + 1 < kTop; ++a) CHECK(next(a + 1, g) == stock(a, g));
    CHECK(next(kTop, g) == stock(kTop - 1, g) + stock(kTop, g));
  }
  CHECK(flows.deaths == 0.0);
  CHECK(flows.retirements == 0.0);
  CHECK(flows.leavers == 0.0);
  CHECK(flows.graduates == 0.0);

  // And over a whole projection: the start stock shifted by the years passed.
  SupplyBase base = synthetic_supply(rng, 2020);
  for (auto& p : base.professions) p.graduates = p.immigrants = 0.0;
  base.retirement_rate.setZero();
  base.leaving_rate.setZero();
  const SupplyResult result = project_supply(base, {}, constant_survival(0.0, 6), 2020, 2025, {1.0, 1.0});
  const AgeSexArray& first = result.professions[0].stock.front();
  const AgeSexArray& last = result.professions[0].stock.back();
  for (Eigen::Index a = 0; a + 5 < kTop; ++a) CHECK(last(a + 5, 0) == first(a, 0));
  CHECK(result.professions[0].stock.size() == 6);
}

TEST_CASE("Supply calibration: supply equals demand in the base year, history is left as the data give it",
          "[supply]") {
  std::mt19937_64 rng(3);
  const SupplyBase base = synthetic_supply(rng, 2015);
  const Eigen::MatrixXd mortality = low_mortality();
  const std::vector<double> demand{40000.0, 9000.0};
  const SupplyResult result = project_supply(base, {}, mortality, 2023, 2060, demand);
  CHECK(result.arsverk(0, 2023) == Approx(40000.0).epsilon(1e-13));
  CHECK(result.arsverk(1, 2023) == Approx(9000.0).epsilon(1e-13));
  const auto& nurses = result.professions[0];
  // Persons are not calibrated: stock × share in every year.
  CHECK(nurses.persons_in_health_care[3] == Approx(nurses.stock[3].sum() * 0.8).epsilon(1e-14));

  SupplyBase observed = base;
  observed.balance_in_base_year = false;
  const SupplyResult raw = project_supply(observed, {}, mortality, 2023, 2060, {});
  CHECK(raw.calibration[0] == 1.0);
  CHECK(raw.arsverk(0, 2030) == Approx(nurses.stock[15].sum() * 0.8 * 0.85).epsilon(1e-13));
}

TEST_CASE("Supply levers act from the base year on and in the expected direction", "[supply][levers]") {
  std::mt19937_64 rng(5);
  const SupplyBase base = synthetic_supply(rng, 2015);
  const Eigen::MatrixXd mortality = low_mortality();
  const std::vector<double> demand{40000.0, 9000.0};
  const SupplyResult reference = project_supply(base, {}, mortality, 2023, 2060, demand);

  SupplyParameters more_graduates;
  more_graduates.graduates_change = 0.25;
  const SupplyResult graduates = project_supply(base, more_graduates, mortality, 2023, 2060, demand);
  for (int year = 2015; year <= 2023; ++year) CHECK(graduates.arsverk(0, year) == reference.arsverk(0, year));
  CHECK(graduates.arsverk(0, 2030) > reference.arsverk(0, 2030));
  CHECK(graduates.professions[0].flows[10].graduates == Approx(1.25 * 300.0).epsilon(1e-14));

  SupplyParameters full_time;
  full_time.arsverk_per_person_change = 0.10;
  const SupplyResult more_hours = project_supply(base, full_time, mortality, 2023, 2060, demand);
  CHECK(more_hours.arsverk(0, 2023) == reference.arsverk(0, 2023));
  CHECK(more_hours.arsverk(0, 2040) == Approx(1.10 * reference.arsverk(0, 2040)).epsilon(1e-13));

  SupplyParameters later;
  later.retirement_delay = 2.0;
  const SupplyResult retire_later = project_supply(base, later, mortality, 2023, 2060, demand);
  CHECK(retire_later.arsverk(1, 2035) > reference.arsverk(1, 2035));

  SupplyParameters chosen;
  chosen.graduates_per_year["nurses"] = 0.0;
  const SupplyResult none = project_supply(base, chosen, mortality, 2023, 2060, demand);
  CHECK(none.professions[0].flows[9].graduates == 0.0);
  CHECK(none.professions[1].flows[9].graduates == Approx(300.0).epsilon(1e-14));
}

TEST_CASE("delayed_schedule moves a schedule to older ages, linear between whole ages", "[supply]") {
  Eigen::ArrayXd rate = Eigen::ArrayXd::Zero(10);
  rate.tail(4).setConstant(1.0);  // ages 6..9
  const Eigen::ArrayXd later = delayed_schedule(rate, 1.5);
  CHECK(later(6) == 0.0);
  CHECK(later(7) == Approx(0.5));
  CHECK(later(8) == 1.0);
  CHECK((delayed_schedule(rate, 0.0) == rate).all());
}

namespace {

namespace cfg = carecast::config;
const std::string kSource = CARECAST_SOURCE_DIR;

// SSB's observed totals (config/norway/supply_history_observed.csv): the last row of a year,
// sex and measure wins, so 2019 is the 2021 revision (the method of the later years).
std::map<std::tuple<int, std::string, std::string>, double> observed_history() {
  std::ifstream in(kSource + "/config/norway/supply_history_observed.csv");
  REQUIRE(in);
  std::map<std::tuple<int, std::string, std::string>, double> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string year, sex, measure, persons;
    std::getline(fields, year, ',');
    std::getline(fields, sex, ',');
    std::getline(fields, measure, ',');
    std::getline(fields, persons, ',');
    out[{std::stoi(year), sex, measure}] = std::stod(persons);
  }
  return out;
}

}  // namespace

TEST_CASE("Norway: the supply model started in 2015 follows SSB's totals 2016-2023 within 2 %",
          "[supply][norway]") {
  const cfg::RunConfig run = cfg::load_run(kSource + "/scenarios/productivity.yaml");
  REQUIRE_FALSE(run.base.supply.empty());
  const ScenarioResult result = project_scenario(run.base, run.scenarios.front());
  REQUIRE(result.supply.has_value());
  // The run keeps only the totals; the same projection with the stocks by age and sex.
  std::vector<double> demand_base_year;
  for (Eigen::Index k = 0; k < result.profession_arsverk.cols(); ++k) {
    demand_base_year.push_back(result.profession_arsverk(0, k));
  }
  const SupplyResult supply =
      project_supply(run.base.supply, run.scenarios.front().supply,
                     supply_survival(result.population->mortality, run.base.base_year, run.base.end_year),
                     run.base.base_year, run.base.end_year, demand_base_year, /*keep_stocks=*/true);
  CHECK(supply.start_year == 2015);
  for (std::size_t k = 0; k < supply.professions.size(); ++k) {
    CHECK(supply.professions[k].arsverk == result.supply->professions[k].arsverk);
    for (std::size_t i = 0; i < supply.professions[k].stock.size(); ++i) {
      CHECK(supply.professions[k].persons[i] == supply.professions[k].stock[i].sum());
    }
  }
  const auto history = observed_history();
  int compared = 0;
  for (int year = 2016; year <= 2023; ++year) {
    const auto employed = history.find({year, "total", "employed_with_health_social_education_15_74"});
    const auto in_services =
        history.find({year, "total", "employed_with_health_social_education_in_health_social_services"});
    if (employed == history.end()) continue;  // SSB published no 2017 or 2021 figures in the data
    // SSB's health and social educations: every profession but the engineers.
    double stock = 0.0, working = 0.0;
    for (const ProfessionSupply& p : supply.professions) {
      if (p.id == "medical_technical_engineers") continue;
      stock += p.stock[std::size_t(year - supply.start_year)].sum();
      working += p.persons_in_health_care[std::size_t(year - supply.start_year)];
    }
    INFO(year << ": model " << stock << " employed, " << working << " in health and social services");
    CHECK(std::abs(stock / employed->second - 1.0) < 0.02);
    CHECK(std::abs(working / in_services->second - 1.0) < 0.02);
    // By sex (docs/supply.md): women within 2 %, men, a sixth of the stock, within 5 %.
    for (int g = 0; g < kSexCount; ++g) {
      double persons = 0.0;
      for (const ProfessionSupply& p : supply.professions) {
        if (p.id != "medical_technical_engineers")
          persons += p.stock[std::size_t(year - supply.start_year)].col(g).sum();
      }
      const double seen = history.at(
          {year, std::string(kSexNames[std::size_t(g)]), "employed_with_health_social_education_15_74"});
      INFO(kSexNames[std::size_t(g)] << ": model " << persons << ", SSB " << seen);
      CHECK(std::abs(persons / seen - 1.0) < (g == 0 ? 0.02 : 0.05));
    }
    ++compared;
  }
  CHECK(compared == 6);
  // Supply meets demand in the base year (calibration) and the gap opens later.
  for (std::size_t k = 0; k < supply.professions.size(); ++k) {
    CHECK(supply.arsverk(k, 2023) == Approx(result.profession_arsverk(0, Eigen::Index(k))).epsilon(1e-12));
  }
}

TEST_CASE("Technical staff added by equipment levers are demand: the gap grows by exactly what they add",
          "[supply][levers]") {
  const cfg::RunConfig run = cfg::load_run(kSource + "/scenarios/equipment-investment.yaml");
  const auto results = project_scenarios(run.base, run.scenarios);
  bool any = false;
  for (const ScenarioResult& result : results) {
    if (!result.levers || !result.supply) continue;
    any = true;
    for (std::size_t k = 0; k < run.base.professions.size(); ++k) {
      for (int year : {2030, 2040, 2060}) {
        const Eigen::Index i = result.year_index(year);
        const double gap = result.profession_arsverk(i, Eigen::Index(k)) - result.supply->arsverk(k, year);
        const double gap_without =
            result.levers->profession_without(i, Eigen::Index(k)) - result.supply->arsverk(k, year);
        CHECK(gap - gap_without == Approx(result.profession_arsverk(i, Eigen::Index(k)) -
                                          result.levers->profession_without(i, Eigen::Index(k)))
                                       .margin(1e-6));
      }
    }
  }
  CHECK(any);
}

TEST_CASE("Norway: supply levers in the scenario YAML reach the supply model", "[supply][config]") {
  const cfg::RunConfig reference =
      cfg::load_run(kSource + "/scenarios/productivity.yaml", {}, {"productivity-0.5"});
  const cfg::RunConfig more = cfg::load_run(
      kSource + "/scenarios/productivity.yaml",
      {{"parameters.supply.graduates_change_pct", "20"}, {"parameters.supply.retirement_delay_years", "1.5"}},
      {"productivity-0.5"});
  CHECK(more.scenarios.front().supply.graduates_change == Approx(0.2));
  CHECK(more.scenarios.front().supply.retirement_delay == 1.5);
  const ScenarioResult a = project_scenario(reference.base, reference.scenarios.front());
  const ScenarioResult b = project_scenario(more.base, more.scenarios.front());
  CHECK(b.supply->arsverk(0, 2023) == a.supply->arsverk(0, 2023));
  CHECK(b.supply->arsverk(0, 2035) > a.supply->arsverk(0, 2035));
}

TEST_CASE("solve: the nurse graduates a year that close the 2035 gap, and a range that cannot",
          "[supply][solve]") {
  const cfg::RunConfig run =
      cfg::load_run(kSource + "/scenarios/productivity.yaml", {}, {"productivity-0.5"});
  const ScenarioParameters& scenario = run.scenarios.front();
  SolveTarget target;
  target.kind = SolveTargetKind::gap;
  target.year = 2035;
  SolveVariable variable;
  variable.kind = SolveVariableKind::graduates;
  const SolveOutcome outcome = solve(run.base, scenario, target, variable);
  REQUIRE(outcome.reached);
  CHECK(outcome.target == Approx(0.0).margin(1e-6));  // the base-year gap under calibration, to rounding
  CHECK(std::abs(outcome.achieved) < 1e-3);
  // The answer, projected again the plain way, closes the gap.
  ScenarioParameters chosen = scenario;
  chosen.supply.graduates_per_year["nurses"] = outcome.value;
  const ScenarioResult again = project_scenario(run.base, chosen);
  CHECK(gap_indicator(again, "nurses", 2035) == Approx(0.0).margin(1e-3));
  // More graduates than the data's 4 500 are needed under this scenario's demand.
  CHECK(outcome.value > 4500.0);

  SolveOptions narrow;
  narrow.range = SolveRange{0.0, 100.0};
  const SolveOutcome unreachable = solve(run.base, scenario, target, variable, narrow);
  CHECK_FALSE(unreachable.reached);
  CHECK(unreachable.at_lower > unreachable.at_upper);  // more graduates, smaller gap
}

TEST_CASE("A sweep draw of the supply levers equals the full run, gap columns included", "[supply][sweep]") {
  const cfg::RunConfig run =
      cfg::load_run(kSource + "/scenarios/productivity.yaml", {}, {"productivity-0.5"});
  const ScenarioParameters& reference = run.scenarios.front();
  const FastModel model(run.base, reference);
  REQUIRE(model.layout().gaps.size() == run.base.professions.size());
  auto workspace = model.workspace();
  ScenarioParameters draw = reference;
  draw.supply.graduates_change = 0.2;
  draw.supply.retirement_delay = 1.5;
  draw.supply.arsverk_per_person_change = 0.05;
  draw.supply.immigration_change = -0.1;
  for (const bool other_mortality : {false, true}) {
    if (other_mortality) {
      for (auto& path : draw.demography.life_expectancy) {
        std::vector<std::pair<int, double>> knots = path.knots();
        for (auto& knot : knots) knot.second += 1.0;
        path = TimePath(knots);
      }
    }
    std::vector<double> fast(model.layout().size()), full(model.layout().size());
    model.evaluate(draw, *workspace, fast.data());
    sweep_values(project_scenario(run.base, draw), model.layout(), full.data());
    const SweepLayout& layout = model.layout();
    for (std::size_t i = 0; i < layout.years.size(); ++i) {
      for (std::size_t k = 0; k < layout.gaps.size(); ++k) {
        const std::size_t gap = i * layout.per_year() + layout.gap_column(k);
        const std::size_t demand = i * layout.per_year() + layout.profession_column(k);
        // Exact on the reference's death rates; the κ table's 1e-10 when mortality is drawn.
        CHECK(std::abs(fast[gap] - full[gap]) <= (other_mortality ? 1e-10 : 1e-12) * std::abs(full[demand]));
      }
    }
  }
}
