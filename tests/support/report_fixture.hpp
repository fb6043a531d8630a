// A small, fully synthetic report input (support/synthetic.hpp): two scenarios, one with
// falling family care, the growth attribution of both, and a fixed provenance, so that the
// report's tables and charts can be checked against golden files.
#pragma once

#include "carecast/engine/attribution.hpp"
#include "carecast/output/report/report_input.hpp"
#include "support/synthetic.hpp"

#include <cmath>

namespace carecast::testing {

struct ReportFixture {
  engine::BaseData base;
  std::vector<engine::ScenarioParameters> scenarios;
  std::vector<engine::ScenarioResult> results;
  std::vector<engine::GrowthAttribution> attributions;

  explicit ReportFixture(engine::BaseData base_data, std::vector<engine::ScenarioParameters> scenario_list)
      : base(std::move(base_data)), scenarios(std::move(scenario_list)) {
    results = engine::project_scenarios(base, scenarios);
    attributions = engine::attribute_growth(base, scenarios);
  }

  // synthetic_base() with its random parts (population, use profiles) replaced by smooth
  // formulas: golden files must not depend on std::uniform_real_distribution, whose
  // output differs between standard libraries.
  static engine::BaseData deterministic_base() {
    engine::BaseData base = synthetic_base(11);
    const int ages = base.demography.top_age + 1;
    engine::AgeSexArray population(ages, engine::kSexCount);
    for (int a = 0; a < ages; ++a) {
      population(a, 0) = 30000.0 * (1.0 + 0.2 * std::sin(0.3 * a)) * std::exp(-0.0004 * a * a);
      population(a, 1) = 31000.0 * (1.0 + 0.2 * std::cos(0.25 * a)) * std::exp(-0.00045 * a * a);
    }
    for (auto& [year, persons] : base.demography.observed_population) persons = population * (1.0 + 0.01 * (year - 2023));
    for (int a = 0; a < ages; ++a) {
      for (int g = 0; g < engine::kSexCount; ++g) {
        base.services[0].use_profile(a, g) = (1.0 + 0.1 * g) * (1.0 + 0.03 * a);
        base.services[1].use_profile(a, g) = (1.0 - 0.1 * g) * std::exp(0.07 * a);
      }
    }
    return base;
  }

  static ReportFixture standard() {
    engine::BaseData base = deterministic_base();
    engine::ScenarioParameters slow = synthetic_scenario(base, 0.005);
    slow.name = "p0.5";
    engine::ScenarioParameters fast = synthetic_scenario(base, 0.02);
    fast.name = "p2 less family care";
    fast.family_care = {.mode = engine::FamilyCareMode::spillover,
                        .arsverk = engine::TimePath({{2023, 90000.0}, {2060, 70000.0}}),
                        .spillover_share = 0.5};
    return ReportFixture(base, {slow, fast});
  }

  output::report::ReportInput input() const {
    output::report::Provenance provenance;
    provenance.configuration_hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    provenance.data_vintage = "synthetic data, base year 2023";
    provenance.engine_version = "0.0.0-test";
    provenance.git_revision = "";
    provenance.scenario_file = "synthetic.yaml";
    provenance.sources = {{"population", "synthetic", "random population from a fixed seed (test fixture)"}};
    output::report::ReportInput input{base, scenarios, results, attributions, {}, provenance};
    input.professions = {{"nurses", {"Nurses", "Sykepleiere"}}, {"physicians", {"Physicians", "Leger"}}, {"other", {"Other", "Andre"}}};
    return input;
  }
};

}  // namespace carecast::testing
