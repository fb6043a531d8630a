// config::load_run_text, the entry point `carecast serve` loads posted scenarios through:
// the same configuration and the same located messages as load_run on a file of that name.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "carecast/config/run_config.hpp"

namespace cfg = carecast::config;

namespace {

const std::string kFixtures = std::string(CARECAST_TEST_DATA_DIR) + "/fixtures/config/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string text_error(const std::string& text, const std::string& name) {
  try {
    cfg::load_run_text(text, name);
  } catch (const cfg::ConfigError& error) {
    return error.what();
  }
  FAIL("expected a ConfigError");
  return "";
}

}  // namespace

TEST_CASE("load_run_text on a file's text is load_run on the file", "[config][text]") {
  for (const std::string name : {"scenarios.yaml", "single.yaml"}) {
    const std::string file = kFixtures + name;
    const cfg::RunConfig from_file = cfg::load_run(file, {{"parameters.standard_growth_pct", "0.7"}});
    const cfg::RunConfig from_text =
        cfg::load_run_text(read_file(file), file, {{"parameters.standard_growth_pct", "0.7"}});
    CHECK(from_text.resolved_yaml == from_file.resolved_yaml);
    CHECK(from_text.base_file == from_file.base_file);
    REQUIRE(from_text.scenarios.size() == from_file.scenarios.size());
    for (std::size_t s = 0; s < from_file.scenarios.size(); ++s) {
      CHECK(from_text.scenarios[s].name == from_file.scenarios[s].name);
      CHECK(from_text.scenarios[s].productivity == from_file.scenarios[s].productivity);
      CHECK(from_text.scenarios[s].standard_growth == from_file.scenarios[s].standard_growth);
    }
  }
}

TEST_CASE("load_run_text resolves paths against the folder of a name that need not exist", "[config][text]") {
  const cfg::RunConfig run = cfg::load_run_text("base: base.yaml\n", kFixtures + "posted.yaml");
  CHECK(run.scenario_file == kFixtures + "posted.yaml");
  CHECK(run.base_file == kFixtures + "base.yaml");
  REQUIRE(run.scenarios.size() == 1);
  CHECK(run.scenarios[0].name == "posted");
}

TEST_CASE("load_run_text locates problems in the name it is given", "[config][text]") {
  CHECK(text_error("base: base.yaml\nscenarios:\n  - name: typo\n    parameters: {productivty_pct: 1.0}\n",
                   kFixtures + "posted.yaml") == kFixtures +
                                                     "posted.yaml:4:18: parameters.productivty_pct = 1.0 — "
                                                     "unknown key (did you mean 'productivity_pct'?)");
  // JSON is read as YAML flow style: line and column point into the JSON text.
  CHECK(text_error("{\"base\": \"base.yaml\",\n \"parameters\": {\"productivity_pct\": 12}}",
                   kFixtures + "posted.json") ==
        kFixtures + "posted.json:2:37: parameters.productivity_pct = 12 — must be in [-5, 10]");
  CHECK(text_error("base: [", kFixtures + "posted.yaml").starts_with(kFixtures + "posted.yaml:1:"));
}
