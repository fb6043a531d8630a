#include "carecast/output/regions_output.hpp"

#include <algorithm>
#include <string>

#include "carecast/engine/check.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/run_output.hpp"

namespace carecast::output {
namespace {

std::string_view header_of(std::string_view name) {
  for (const auto& file : kOutputFiles) {
    if (file.name == name) return file.header;
  }
  engine::fail_check("known output file", __FILE__, __LINE__, std::string(name));
}

// The national figures and each region's, as one list of (region, values).
template <class Get>
void for_each_region(const engine::ScenarioResult& result, Get&& get) {
  get(std::string_view(kNationalRegion), -1);
  const engine::RegionalResult& regional = *result.regional;
  for (std::size_t r = 0; r < regional.regions.size(); ++r) get(std::string_view(regional.regions[r]), int(r));
}

void check_regional(const engine::ScenarioResult& result) {
  CARECAST_CHECK(result.regional.has_value(), "scenario '" + result.scenario + "' has no regional results");
  CARECAST_CHECK(result.regional->years == result.years, "regional years must be the national years");
}

}  // namespace

std::string regional_header(std::string_view header) {
  const std::string text(header);
  const auto comma = text.find(',');
  CARECAST_CHECK(comma != std::string::npos && text.substr(0, comma) == "scenario", "a run file starts with scenario");
  return "scenario,region" + text.substr(comma);
}

bool has_regions(const std::vector<engine::ScenarioResult>& results) {
  return !results.empty() && results.front().regional.has_value();
}

void write_regional_projection_csv(std::ostream& out, const engine::BaseData& base,
                                   const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, regional_header(header_of("projection.csv")));
  for (const auto& result : results) {
    check_regional(result);
    for_each_region(result, [&](std::string_view region, int r) {
      const Eigen::MatrixXd& values = r < 0 ? result.service_arsverk : result.regional->service_arsverk[std::size_t(r)];
      for (std::size_t y = 0; y < result.years.size(); ++y) {
        double total = 0.0;  // in service order, as projection.csv without regions
        for (std::size_t j = 0; j < base.services.size(); ++j) {
          const double value = values(Eigen::Index(y), Eigen::Index(j));
          total += value;
          csv.text(result.scenario);
          csv.text(region);
          csv.integer(result.years[y]);
          csv.text(base.services[j].id);
          csv.number(value, "projection.csv");
          csv.end_row();
        }
        csv.text(result.scenario);
        csv.text(region);
        csv.integer(result.years[y]);
        csv.text(kTotalService);
        csv.number(total, "projection.csv");
        csv.end_row();
      }
    });
  }
  csv.flush();
}

void write_regional_professions_csv(std::ostream& out, const engine::BaseData& base,
                                    const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, regional_header(header_of("professions.csv")));
  for (const auto& result : results) {
    check_regional(result);
    for_each_region(result, [&](std::string_view region, int r) {
      const Eigen::MatrixXd& values =
          r < 0 ? result.profession_arsverk : result.regional->profession_arsverk[std::size_t(r)];
      for (std::size_t y = 0; y < result.years.size(); ++y) {
        for (std::size_t k = 0; k < base.professions.size(); ++k) {
          csv.text(result.scenario);
          csv.text(region);
          csv.integer(result.years[y]);
          csv.text(base.professions[k]);
          csv.number(values(Eigen::Index(y), Eigen::Index(k)), "professions.csv");
          csv.end_row();
        }
      }
    });
  }
  csv.flush();
}

void write_regional_indicators_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, regional_header(header_of("indicators.csv")));
  for (const auto& result : results) {
    check_regional(result);
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      for (const auto& indicator : engine::kIndicators) {
        csv.text(result.scenario);
        csv.text(kNationalRegion);
        csv.integer(result.years[y]);
        csv.text(indicator.name);
        csv.number((result.indicators.*indicator.series)[y], "indicators.csv");
        csv.end_row();
      }
    }
    const engine::RegionalResult& regional = *result.regional;
    for (std::size_t r = 0; r < regional.regions.size(); ++r) {
      for (std::size_t y = 0; y < result.years.size(); ++y) {
        const engine::AgeSexArray& persons = regional.population[r][y];
        const Eigen::Index ages = persons.rows();
        const double values[] = {persons.sum(),
                                 persons.bottomRows(std::max<Eigen::Index>(0, ages - 67)).sum(),
                                 persons.bottomRows(std::max<Eigen::Index>(0, ages - 80)).sum(),
                                 regional.service_arsverk[r].row(Eigen::Index(y)).sum()};
        const std::string_view names[] = {"population", "population_67plus", "population_80plus",
                                          "health_care_arsverk"};
        for (std::size_t i = 0; i < 4; ++i) {
          csv.text(result.scenario);
          csv.text(regional.regions[r]);
          csv.integer(result.years[y]);
          csv.text(names[i]);
          csv.number(values[i], "indicators.csv");
          csv.end_row();
        }
      }
    }
  }
  csv.flush();
}

void write_regional_population_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, regional_header(header_of("population.csv")));
  for (const auto& result : results) {
    check_regional(result);
    for_each_region(result, [&](std::string_view region, int r) {
      for (std::size_t y = 0; y < result.years.size(); ++y) {
        const engine::AgeSexArray& persons =
            r < 0 ? result.population->in(result.years[y]) : result.regional->population[std::size_t(r)][y];
        for (int sex = 0; sex < engine::kSexCount; ++sex) {
          for (Eigen::Index age = 0; age < persons.rows(); ++age) {
            csv.text(result.scenario);
            csv.text(region);
            csv.integer(result.years[y]);
            csv.text(engine::kSexNames[std::size_t(sex)]);
            csv.integer(age);
            csv.number(persons(age, sex), "population.csv");
            csv.end_row();
          }
        }
      }
    });
  }
  csv.flush();
}

std::vector<std::string> region_names(const engine::BaseData& base, const engine::RegionalResult& regional) {
  if (regional.level != engine::RegionLevel::county || !base.regions) return regional.regions;
  const auto& counties = base.regions->counties;
  std::vector<std::string> names;
  for (const std::string& id : regional.regions) {
    const std::size_t c = std::size_t(std::find(counties.begin(), counties.end(), id) - counties.begin());
    std::string name = c < counties.size() ? base.regions->county_names[c] : id;
    if (const auto dash = name.find('-'); dash != std::string::npos && dash > 0) name = name.substr(0, dash);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    names.push_back(name);
  }
  return names;
}

}  // namespace carecast::output
