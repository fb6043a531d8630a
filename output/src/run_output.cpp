#include "carecast/output/run_output.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "carecast/engine/check.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/indicators.hpp"
#include "carecast/output/levers_output.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/regions_output.hpp"
#include "carecast/output/supply_output.hpp"

namespace carecast::output {

namespace {

const OutputFile& file_info(std::string_view name) {
  for (const auto& file : kOutputFiles) {
    if (file.name == name) return file;
  }
  engine::fail_check("known output file", __FILE__, __LINE__, std::string(name));
}

void check_shape(const engine::ScenarioResult& result, const Eigen::MatrixXd& values, std::size_t columns,
                 const char* what) {
  CARECAST_CHECK(!result.years.empty(), "scenario '" + result.scenario + "' has no years");
  CARECAST_CHECK(values.rows() == static_cast<Eigen::Index>(result.years.size()) &&
                     values.cols() == static_cast<Eigen::Index>(columns),
                 std::string(what) + " of scenario '" + result.scenario + "' do not match the configuration");
}

}  // namespace

void write_projection_csv(std::ostream& out, const engine::BaseData& base,
                          const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, file_info("projection.csv").header);
  for (const auto& result : results) {
    check_shape(result, result.service_arsverk, base.services.size(), "service årsverk");
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      const auto row = static_cast<Eigen::Index>(y);
      double total = 0.0;  // summed in service order, so the total is reproducible exactly
      for (std::size_t j = 0; j < base.services.size(); ++j) {
        const double value = result.service_arsverk(row, static_cast<Eigen::Index>(j));
        total += value;
        csv.text(result.scenario);
        csv.integer(result.years[y]);
        csv.text(base.services[j].id);
        csv.number(value, "projection.csv");
        csv.end_row();
      }
      csv.text(result.scenario);
      csv.integer(result.years[y]);
      csv.text(kTotalService);
      csv.number(total, "projection.csv");
      csv.end_row();
    }
  }
  csv.flush();
}

void write_professions_csv(std::ostream& out, const engine::BaseData& base,
                           const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, file_info("professions.csv").header);
  for (const auto& result : results) {
    check_shape(result, result.profession_arsverk, base.professions.size(), "profession årsverk");
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      for (std::size_t k = 0; k < base.professions.size(); ++k) {
        csv.text(result.scenario);
        csv.integer(result.years[y]);
        csv.text(base.professions[k]);
        csv.number(result.profession_arsverk(static_cast<Eigen::Index>(y), static_cast<Eigen::Index>(k)),
                   "professions.csv");
        csv.end_row();
      }
    }
  }
  csv.flush();
}

void write_indicators_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, file_info("indicators.csv").header);
  for (const auto& result : results) {
    for (const auto& indicator : kIndicators) {
      CARECAST_CHECK((result.indicators.*indicator.series).size() == result.years.size(),
                     "indicator " + std::string(indicator.name) + " of scenario '" + result.scenario +
                         "' has the wrong length");
    }
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      for (const auto& indicator : kIndicators) {
        csv.text(result.scenario);
        csv.integer(result.years[y]);
        csv.text(indicator.name);
        csv.number((result.indicators.*indicator.series)[y], "indicators.csv");
        csv.end_row();
      }
    }
  }
  csv.flush();
}

namespace {

// Whether two scenarios' populations hold the same persons in the years written (scenarios
// with the same demography share one projection: the same pointer).
bool same_population(const engine::ScenarioResult& a, const engine::ScenarioResult& b) {
  if (a.years != b.years) return false;
  if (a.population == b.population) return true;
  for (const int year : a.years) {
    const engine::AgeSexArray& x = a.population->in(year);
    const engine::AgeSexArray& y = b.population->in(year);
    if (x.rows() != y.rows() || !(x == y).all()) return false;
  }
  return true;
}

}  // namespace

void write_population_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, file_info("population.csv").header);
  const engine::ScenarioResult* formatted = nullptr;  // whose rows `rows` holds
  CsvWriter::Rows rows;
  for (const auto& result : results) {
    const engine::PopulationPath& population = *result.population;
    for (const int year : result.years) {
      CARECAST_CHECK(
          year >= population.first_year && year <= population.last_year(),
          "population of scenario '" + result.scenario + "' does not cover " + std::to_string(year));
    }
    if (!formatted || !same_population(*formatted, result)) {
      CsvWriter block;
      // ",2040,female,87,12345.678901234567\n": at most 36 bytes a row.
      if (!result.years.empty()) {
        const auto ages = std::size_t(population.in(result.years.front()).rows());
        block.reserve(result.years.size() * engine::kSexCount * ages, 36);
      }
      for (const int year : result.years) {
        const engine::AgeSexArray& persons = population.in(year);
        for (int sex = 0; sex < engine::kSexCount; ++sex) {
          for (Eigen::Index age = 0; age < persons.rows(); ++age) {
            block.empty();  // the scenario, filled in by repeat()
            block.integer(year);
            block.text(engine::kSexNames[static_cast<std::size_t>(sex)]);
            block.integer(age);
            block.number(persons(age, sex), "population.csv");
            block.end_row();
          }
        }
      }
      rows = block.take();
      formatted = &result;
    }
    csv.repeat(result.scenario, rows);
  }
  csv.flush();
}

Written write_run(const std::filesystem::path& out_dir, const config::RunConfig& config,
                  const std::vector<engine::ScenarioResult>& results, RunInfo info) {
  using Clock = std::chrono::steady_clock;
  const auto milliseconds = [](Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  };
  const auto start = Clock::now();

  StagingDirectory stage(out_dir);
  const auto& base = config.base;
  // With regions on, the same files with a region column (regions_output.hpp).
  const bool regional = has_regions(results);
  stage.write("projection.csv", [&](std::ostream& out) {
    regional ? write_regional_projection_csv(out, base, results) : write_projection_csv(out, base, results);
  });
  stage.write("professions.csv", [&](std::ostream& out) {
    regional ? write_regional_professions_csv(out, base, results) : write_professions_csv(out, base, results);
  });
  stage.write("indicators.csv", [&](std::ostream& out) {
    regional ? write_regional_indicators_csv(out, results) : write_indicators_csv(out, results);
  });
  stage.write("population.csv", [&](std::ostream& out) {
    regional ? write_regional_population_csv(out, results) : write_population_csv(out, results);
  });
  // Scenarios with equipment levers add levers.csv and friends (levers_output.hpp).
  write_lever_files(stage, config, results);
  // With a supply side, gap.csv and supply.csv (supply_output.hpp).
  write_supply_files(stage, results);
  info.timings.write_ms = milliseconds(Clock::now() - start);

  const std::vector<std::string> data_files = stage.written();  // the manifest lists them
  stage.write("manifest.json", [&](std::ostream& out) { write_manifest(out, config, data_files, info); });
  stage.commit();
  return {stage.written().size(), milliseconds(Clock::now() - start)};
}

}  // namespace carecast::output
