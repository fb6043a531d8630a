#include "carecast/output/levers_output.hpp"

#include <algorithm>
#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/number_format.hpp"

namespace carecast::output {

namespace {

// Per lever (and the total) and year: saved, added, cost, investment.
struct LeverRow {
  std::string name;
  std::vector<double> saved, added, cost, investment;
};

std::vector<LeverRow> lever_rows(const engine::LeverResults& levers) {
  const std::size_t years = std::size_t(levers.service_gross.rows());
  std::vector<LeverRow> rows;
  LeverRow total{std::string(kTotalLever), std::vector<double>(years, 0.0), std::vector<double>(years, 0.0),
                 std::vector<double>(years, 0.0), std::vector<double>(years, 0.0)};
  for (const engine::LeverEffect& effect : levers.levers) {
    LeverRow row{effect.name, {}, {}, effect.cost_nok, effect.investment_nok};
    for (std::size_t i = 0; i < years; ++i) {
      row.saved.push_back(effect.saved.row(Eigen::Index(i)).sum());
      row.added.push_back(effect.added.row(Eigen::Index(i)).sum());
      total.saved[i] += row.saved[i];
      total.added[i] += row.added[i];
      total.cost[i] += row.cost[i];
      total.investment[i] += row.investment[i];
    }
    rows.push_back(std::move(row));
  }
  rows.push_back(std::move(total));
  return rows;
}

double cost_per_net(double cost, double net) { return net > 0.0 ? cost / net : std::nan(""); }

// Percentage points a year, or an empty field when the equivalent is undefined.
void optional_pct(CsvWriter& csv, double fraction) {
  if (std::isfinite(fraction))
    csv.number(100.0 * fraction, "lever_equivalents.csv");
  else
    csv.empty();
}

std::vector<int> table_years(const std::vector<int>& years) {
  std::vector<int> shown;
  if (years.size() < 2) return shown;
  for (int year : {2030, 2040}) {
    if (year > years.front() && year < years.back()) shown.push_back(year);
  }
  shown.push_back(years.back());
  return shown;
}

std::string pad(std::string text, std::size_t width, bool left = false) {
  std::size_t used = 0;
  for (char c : text) used += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (used >= width) return text;
  return left ? text + std::string(width - used, ' ') : std::string(width - used, ' ') + text;
}

std::string pp(double fraction) {
  if (!std::isfinite(fraction)) return "-";
  const std::string text = format_grouped(100.0 * fraction, 3);
  return (fraction >= 0.0 ? "+" : "") + text;
}

}  // namespace

bool has_levers(const std::vector<engine::ScenarioResult>& results) {
  return std::any_of(results.begin(), results.end(), [](const auto& r) { return r.levers.has_value(); });
}

std::vector<std::vector<engine::ProductivityEquivalent>> lever_equivalents(
    const engine::BaseData& base, const std::vector<engine::ScenarioParameters>& scenarios,
    const std::vector<engine::ScenarioResult>& results) {
  CARECAST_CHECK(scenarios.size() == results.size(), "one result per scenario expected");
  std::vector<std::vector<engine::ProductivityEquivalent>> all(results.size());
  for (std::size_t s = 0; s < results.size(); ++s) {
    if (results[s].levers && results[s].years.size() > 1) {
      all[s] = engine::productivity_equivalents(base, scenarios[s], results[s], results[s].years.back());
    }
  }
  return all;
}

void write_levers_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kLeverFiles[0].header);
  for (const engine::ScenarioResult& result : results) {
    if (!result.levers) continue;
    for (const LeverRow& row : lever_rows(*result.levers)) {
      for (std::size_t i = 0; i < result.years.size(); ++i) {
        csv.text(result.scenario);
        csv.text(row.name);
        csv.integer(result.years[i]);
        const double net = row.saved[i] - row.added[i];
        for (double value : {row.saved[i], row.added[i], net, row.cost[i]}) csv.number(value, "levers.csv");
        const double per_net = cost_per_net(row.cost[i], net);  // empty when nothing is saved net
        if (std::isfinite(per_net))
          csv.number(per_net, "levers.csv");
        else
          csv.empty();
        csv.end_row();
      }
    }
  }
  csv.flush();
}

void write_lever_effects_csv(std::ostream& out, const engine::BaseData& base,
                             const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kLeverFiles[1].header);
  const auto professions = Eigen::Index(base.professions.size());
  for (const engine::ScenarioResult& result : results) {
    if (!result.levers) continue;
    const engine::LeverResults& levers = *result.levers;
    CARECAST_CHECK(levers.profession_gross.cols() == professions, "lever results do not match the professions");
    const auto row = [&](const std::string& lever, std::size_t i, std::size_t service, Eigen::Index k,
                         double saved, double added) {
      csv.text(result.scenario);
      csv.text(lever);
      csv.integer(result.years[i]);
      csv.text(base.services.at(service).id);
      csv.text(base.professions[std::size_t(k)]);
      for (double value : {saved, added, saved - added}) csv.number(value, "lever_effects.csv");
      csv.end_row();
    };
    for (const engine::LeverEffect& effect : levers.levers) {
      for (std::size_t i = 0; i < result.years.size(); ++i) {
        for (Eigen::Index k = 0; k < professions; ++k) {
          row(effect.name, i, effect.service, k, effect.saved(Eigen::Index(i), k), effect.added(Eigen::Index(i), k));
        }
      }
    }
    std::vector<std::size_t> services;
    for (const engine::LeverEffect& effect : levers.levers) services.push_back(effect.service);
    std::sort(services.begin(), services.end());
    services.erase(std::unique(services.begin(), services.end()), services.end());
    for (std::size_t i = 0; i < result.years.size(); ++i) {
      for (std::size_t service : services) {
        for (Eigen::Index k = 0; k < professions; ++k) {
          double saved = 0.0, added = 0.0;
          for (const engine::LeverEffect& effect : levers.levers) {
            if (effect.service != service) continue;
            saved += effect.saved(Eigen::Index(i), k);
            added += effect.added(Eigen::Index(i), k);
          }
          row(std::string(kTotalLever), i, service, k, saved, added);
        }
      }
    }
  }
  csv.flush();
}

void write_lever_equivalents_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results,
                                 const std::vector<std::vector<engine::ProductivityEquivalent>>& equivalents) {
  CARECAST_CHECK(equivalents.size() == results.size(), "one list of equivalents per result expected");
  CsvWriter csv(out, kLeverFiles[2].header);
  for (std::size_t s = 0; s < results.size(); ++s) {
    for (const engine::ProductivityEquivalent& equivalent : equivalents[s]) {
      csv.text(results[s].scenario);
      csv.text(equivalent.lever);
      csv.integer(results[s].years.back());
      csv.number(equivalent.net_arsverk, "lever_equivalents.csv");
      optional_pct(csv, equivalent.all_services);
      optional_pct(csv, equivalent.own_service);
      csv.end_row();
    }
  }
  csv.flush();
}

namespace {

// Present values at the scenario's discount rate, over the years after the base year.
struct PresentValue {
  double cost = 0.0, net = 0.0;
};
PresentValue present_value(const LeverRow& row, const std::vector<int>& years, double rate) {
  PresentValue pv;
  for (std::size_t i = 1; i < years.size(); ++i) {
    const double discount = std::pow(1.0 + rate, -double(years[i] - years.front()));
    pv.cost += row.cost[i] * discount;
    pv.net += (row.saved[i] - row.added[i]) * discount;
  }
  return pv;
}

}  // namespace

void write_lever_present_values_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kLeverFiles[3].header);
  for (const engine::ScenarioResult& result : results) {
    if (!result.levers || result.years.size() < 2) continue;
    const double rate = result.levers->discount_rate;
    for (const LeverRow& row : lever_rows(*result.levers)) {
      const PresentValue pv = present_value(row, result.years, rate);
      csv.text(result.scenario);
      csv.text(row.name);
      csv.integer(result.years[1]);
      csv.integer(result.years.back());
      for (double value : {100.0 * rate, pv.cost, pv.net}) csv.number(value, "lever_present_values.csv");
      const double per_net = cost_per_net(pv.cost, pv.net);
      if (std::isfinite(per_net))
        csv.number(per_net, "lever_present_values.csv");
      else
        csv.empty();
      csv.end_row();
    }
  }
  csv.flush();
}

// Services with a capital lever in a result (where κ, λ and the marginal cost are defined).
std::vector<std::size_t> capital_services(const engine::LeverResults& levers) {
  std::vector<std::size_t> services;
  for (Eigen::Index j = 0; j < levers.marginal_cost.cols(); ++j) {
    if (!std::isnan(levers.marginal_cost(0, j))) services.push_back(std::size_t(j));
  }
  return services;
}

void write_lever_capital_csv(std::ostream& out, const engine::BaseData& base,
                             const std::vector<engine::ScenarioResult>& results) {
  CsvWriter csv(out, kLeverFiles[4].header);
  for (const engine::ScenarioResult& result : results) {
    if (!result.levers) continue;
    const engine::LeverResults& levers = *result.levers;
    for (std::size_t j : capital_services(levers)) {
      for (std::size_t i = 0; i < result.years.size(); ++i) {
        const auto row = Eigen::Index(i), col = Eigen::Index(j);
        csv.text(result.scenario);
        csv.text(base.services.at(j).id);
        csv.integer(result.years[i]);
        for (double value :
             {levers.capital_ratio(row, col), levers.gap_remaining(row, col), levers.labour_factor(row, col)})
          csv.number(value, "lever_capital.csv");
        if (std::isfinite(levers.marginal_cost(row, col)))
          csv.number(levers.marginal_cost(row, col), "lever_capital.csv");
        else
          csv.empty();
        csv.number(base.equipment.labour_cost_per_arsverk.at(j), "lever_capital.csv");
        csv.end_row();
      }
    }
  }
  csv.flush();
}

void write_lever_files(StagingDirectory& stage, const config::RunConfig& config,
                       const std::vector<engine::ScenarioResult>& results) {
  if (!has_levers(results)) return;
  const auto equivalents = lever_equivalents(config.base, config.scenarios, results);
  stage.write("levers.csv", [&](std::ostream& out) { write_levers_csv(out, results); });
  stage.write("lever_effects.csv",
              [&](std::ostream& out) { write_lever_effects_csv(out, config.base, results); });
  stage.write("lever_equivalents.csv",
              [&](std::ostream& out) { write_lever_equivalents_csv(out, results, equivalents); });
  stage.write("lever_present_values.csv",
              [&](std::ostream& out) { write_lever_present_values_csv(out, results); });
  stage.write("lever_capital.csv",
              [&](std::ostream& out) { write_lever_capital_csv(out, config.base, results); });
}

std::string lever_table(const engine::BaseData& base, const std::vector<engine::ScenarioResult>& results,
                        const std::vector<std::vector<engine::ProductivityEquivalent>>& equivalents) {
  CARECAST_CHECK(equivalents.size() == results.size(), "one list of equivalents per result expected");
  std::string out;
  for (std::size_t s = 0; s < results.size(); ++s) {
    const engine::ScenarioResult& result = results[s];
    if (!result.levers) continue;
    const engine::LeverResults& levers = *result.levers;
    const std::vector<int> years = table_years(result.years);
    if (years.empty()) continue;
    const std::vector<LeverRow> rows = lever_rows(levers);
    std::size_t name_width = 6;
    for (const LeverRow& row : rows) name_width = std::max(name_width, row.name.size());

    out += "\nLevers in " + result.scenario + " (against the same scenario without levers, årsverk a year; "
           "NOK in base-year prices)\n\n";
    const std::vector<std::string> heads{"year", "saved", "added", "net", "cost MNOK", "invested MNOK",
                                         "NOK per net årsverk"};
    const std::vector<std::size_t> widths{6, 9, 9, 9, 11, 15, 21};
    std::string line = "  " + pad("lever", name_width, true);
    for (std::size_t c = 0; c < heads.size(); ++c) line += pad(heads[c], widths[c]);
    out += line + "\n";
    for (const LeverRow& row : rows) {
      bool first = true;
      for (int year : years) {
        const auto i = std::size_t(result.year_index(year));
        const double net = row.saved[i] - row.added[i];
        const double per = cost_per_net(row.cost[i], net);
        std::vector<std::string> cells{std::to_string(year),
                                       format_grouped(row.saved[i], 0),
                                       format_grouped(row.added[i], 0),
                                       format_grouped(net, 0),
                                       format_grouped(row.cost[i] / 1e6, 0),
                                       format_grouped(row.investment[i] / 1e6, 0),
                                       std::isfinite(per) ? format_grouped(per, 0) : "-"};
        line = "  " + pad(first ? row.name : "", name_width, true);
        for (std::size_t c = 0; c < cells.size(); ++c) line += pad(cells[c], widths[c]);
        out += line + "\n";
        first = false;
      }
    }

    // The sector with and without levers.
    out += "\n  " + pad("sector", name_width, true) + pad("year", 6) + pad("without", 11) + pad("with", 11) +
           pad("share without", 15) + pad("share with", 12) + "\n";
    for (int year : years) {
      const auto i = std::size_t(result.year_index(year));
      out += "  " + pad("", name_width, true) + pad(std::to_string(year), 6) +
             pad(format_grouped(levers.health_care_without[i], 0), 11) +
             pad(format_grouped(result.indicators.health_care_arsverk[i], 0), 11) +
             pad(format_grouped(100.0 * levers.share_without[i], 2) + " %", 15) +
             pad(format_grouped(100.0 * result.indicators.share_of_all_arsverk[i], 2) + " %", 12) + "\n";
    }

    // Saved and added by lever and profession in the end year: whose work each lever saves, and
    // who it needs (technical staff, or the extra work of a labour-adding technology).
    const auto last = Eigen::Index(result.years.size() - 1);
    const auto by_profession = [&](const Eigen::MatrixXd& values) {
      std::string text;
      for (std::size_t k = 0; k < base.professions.size(); ++k) {
        const double value = values(last, Eigen::Index(k));
        if (std::round(value) != 0.0) {
          text += (text.empty() ? "" : ", ") + base.professions[k] + " " + format_grouped(value, 0);
        }
      }
      return text.empty() ? std::string("none") : text;
    };
    out += "\n  By profession in " + std::to_string(result.years.back()) + " (årsverk):\n";
    for (const engine::LeverEffect& effect : levers.levers) {
      out += "    " + pad(effect.name, name_width, true) + "  saved: " + by_profession(effect.saved) +
             "\n    " + pad("", name_width, true) + "  added: " + by_profession(effect.added) + "\n";
    }

    // Present values: cost and net årsverk discounted to the base year.
    out += "  Present values " + std::to_string(result.years[1]) + "–" + std::to_string(result.years.back()) +
           " at " + format_grouped(100.0 * levers.discount_rate, 1) +
           " %/yr (cost MNOK, net årsverk, NOK per net årsverk):\n";
    for (const LeverRow& row : rows) {
      const PresentValue pv = present_value(row, result.years, levers.discount_rate);
      const double per = cost_per_net(pv.cost, pv.net);
      out += "    " + pad(row.name, name_width, true) + pad(format_grouped(pv.cost / 1e6, 0), 12) +
             pad(format_grouped(pv.net, 0), 10) + pad(std::isfinite(per) ? format_grouped(per, 0) : "-", 14) +
             "\n";
    }

    // Capital levers: how much of the gap remains and what the next årsverk saved costs.
    for (std::size_t j : capital_services(levers)) {
      out += "  Capital in " + base.services.at(j).id +
             " (gap remaining, negative: stock above the cost-minimising level; marginal NOK per årsverk "
             "saved, wage " +
             format_grouped(base.equipment.labour_cost_per_arsverk.at(j), 0) + "):";
      for (int year : years) {
        const Eigen::Index i = result.year_index(year), col = Eigen::Index(j);
        const double marginal = levers.marginal_cost(i, col);
        out += std::string(year == years.front() ? " " : ", ") + std::to_string(year) + " " +
               format_grouped(100.0 * levers.gap_remaining(i, col), 1) + " %; " +
               (std::isfinite(marginal) ? format_grouped(marginal, 0) : "-");
      }
      out += "\n";
    }

    // Productivity equivalents.
    if (!equivalents[s].empty()) {
      out += "  Equivalent productivity growth in " + std::to_string(result.years.back()) +
             " (extra pp/yr in every service; in the lever's own service):\n";
      for (const engine::ProductivityEquivalent& equivalent : equivalents[s]) {
        out += "    " + pad(equivalent.lever, name_width, true) + pad(pp(equivalent.all_services), 10) +
               pad(pp(equivalent.own_service), 10) + "\n";
      }
    }

    // Capital that replaces all labour (σ > 1): a warning, not an answer.
    for (Eigen::Index j = 0; j < levers.saturated.cols(); ++j) {
      for (Eigen::Index i = 0; i < levers.saturated.rows(); ++i) {
        if (!levers.saturated(i, j)) continue;
        out += "  Warning: in " + base.services.at(std::size_t(j)).id + " from " + std::to_string(result.years[std::size_t(i)]) +
               " equipment replaces all labour (σ > 1 beyond the CES limit); treat these years as out of the "
               "model's range.\n";
        break;
      }
    }
  }
  return out;
}

}  // namespace carecast::output
