#include "carecast/output/report/tables.hpp"
#include "carecast/output/report/regions_report.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "carecast/engine/check.hpp"
#include "carecast/engine/sensitivity.hpp"
#include "carecast/engine/solve.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/report/svg_chart.hpp"
#include "carecast/output/report/text.hpp"
#include "carecast/output/summary.hpp"
#include "carecast/output/supply_output.hpp"

namespace carecast::output::report {
namespace {

Cell number(double value) { return Cell{value, {}}; }
Cell text_cell(std::string text) { return Cell{std::nullopt, std::move(text)}; }

std::vector<Column> year_columns(const std::vector<int>& years, int decimals, ValueFormat format) {
  std::vector<Column> columns;
  for (int year : years) columns.push_back({std::to_string(year), decimals, format});
  return columns;
}

std::string scenario_header(Language language) { return tr(language, "Scenario", "Scenario"); }

Cell number_with(double value, int decimals) { return Cell{value, {}, decimals}; }

// A time path: a number when constant, else text (with its locale-free form for CSV).
Cell path_cell(const engine::TimePath& path, int decimals, Language language, double scale = 1.0) {
  if (path.knots().size() == 1) return number_with(path.knots().front().second * scale, decimals);
  return Cell{std::nullopt, path_text(path, decimals, language, scale), -1, path_text(path, decimals, std::nullopt, scale)};
}

// Per-service values in percent: a number when every service has the same, else "0,3–1,0".
Cell percent_range(const std::vector<double>& values, Language language) {
  if (values.empty()) return text_cell("–");
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  if (*high == *low) return number_with(*low * 100.0, 1);
  return Cell{std::nullopt, format_human(*low * 100.0, 1, language) + "–" + format_human(*high * 100.0, 1, language), -1,
              format_plain(*low * 100.0, 1) + "-" + format_plain(*high * 100.0, 1)};
}

std::string sources_note(const ReportInput& input, Language language) {
  const std::string ssb = statistics_office(input, language);
  return tr(language, "Source: ", "Kilde: ") + (ssb.empty() ? "" : ssb + tr(language, " (base data) and ", " (basisdata) og ")) +
         tr(language, "carecast projection (", "carecast-framskriving (") + country_label(input.base.country, language) + ", " +
         tr(language, "base year ", "basisår ") + std::to_string(input.base.base_year) + ").";
}

std::string population_source_note(const ReportInput& input, Language language) {
  const std::string ssb = statistics_office(input, language);
  const int jump_off = input.base.demography.jump_off_year;
  return tr(language, "Source: ", "Kilde: ") +
         (ssb.empty() ? tr(language, "the base data", "basisdataene") : ssb) +
         tr(language, " (population on 1 January to ", " (befolkning 1. januar til og med ") + std::to_string(jump_off) +
         tr(language, ") and carecast projection (after ", ") og carecast-framskriving (etter ") + std::to_string(jump_off) + ").";
}

std::vector<int> table_years(const ReportInput& input) {
  CARECAST_CHECK(!input.results.empty(), "a report needs at least one scenario result");
  return output::summary_years(input.results.front().years, input.years);
}


void check_inputs(const ReportInput& input) {
  CARECAST_CHECK(input.results.size() == input.scenarios.size(), "one result per scenario");
  CARECAST_CHECK(input.attributions.size() == input.results.size(), "one attribution per scenario");
  for (const engine::ScenarioResult& result : input.results) {
    CARECAST_CHECK(result.service_arsverk.cols() == Eigen::Index(input.base.services.size()), "service columns");
    CARECAST_CHECK(result.profession_arsverk.cols() == Eigen::Index(input.base.professions.size()), "profession columns");
    CARECAST_CHECK(result.years == input.results.front().years, "all scenarios must cover the same years");
  }
}

Table assumptions_table(const ReportInput& input, Language language) {
  Table table;
  table.key = "assumptions";
  table.sheet = tr(language, "Assumptions", "Forutsetninger");
  table.title = tr(language, "Scenario assumptions", "Forutsetninger i scenarioene");
  table.unit = tr(language, "As given in the scenario file; time paths as year: value (linear between the years).",
                  "Som gitt i scenariofilen; tidsbaner som år: verdi (lineært mellom årene).");
  table.stub = tr(language, "Assumption", "Forutsetning");
  for (const auto& scenario : input.scenarios) table.columns.push_back({scenario_label(input, scenario.name, language), 0, ValueFormat::number});
  auto add = [&](std::string label, auto value_of) {
    Row row{std::move(label), RowKind::data, {}};
    for (const auto& scenario : input.scenarios) row.cells.push_back(value_of(scenario));
    table.rows.push_back(std::move(row));
  };
  if (std::any_of(input.scenarios.begin(), input.scenarios.end(),
                  [&](const auto& s) { return !scenario_description(input, s.name, language).empty(); })) {
    add(tr(language, "Description", "Beskrivelse"),
        [&](const engine::ScenarioParameters& s) { return text_cell(scenario_description(input, s.name, language)); });
  }
  add(tr(language, "Productivity growth p, % a year", "Produktivitetsvekst p, % per år"),
      [&](const engine::ScenarioParameters& s) { return percent_range(s.productivity, language); });
  add(tr(language, "Standard growth s, % a year", "Standardvekst s, % per år"),
      [&](const engine::ScenarioParameters& s) { return percent_range(s.standard_growth, language); });
  // Healthy ageing and family care: the method and the parameter it reads (θ is not used by
  // the mortality ratio, nor the spill-over share in total-need mode).
  const auto by_mortality = [](const engine::ScenarioParameters& s) {
    return s.healthy_ageing.method == engine::HealthyAgeingMethod::mortality_ratio;
  };
  add(tr(language, "Healthy ageing, method", "Sunn aldring, metode"), [&](const engine::ScenarioParameters& s) {
    return text_cell(by_mortality(s) ? tr(language, "user rates follow the fall in death probabilities (η)",
                                          "bruksratene følger fallet i dødssannsynlighetene (η)")
                                     : tr(language, "use of a younger age (θ of the gain in life expectancy)",
                                          "bruk som ved lavere alder (θ av gevinsten i levealder)"));
  });
  add(tr(language, "Healthy ageing, η or θ", "Sunn aldring, η eller θ"), [&](const engine::ScenarioParameters& s) {
    return number_with(by_mortality(s) ? s.healthy_ageing.elasticity : s.healthy_ageing.theta, 2);
  });
  add(tr(language, "Healthy ageing from age", "Sunn aldring fra alder"),
      [&](const engine::ScenarioParameters& s) { return number_with(s.healthy_ageing.threshold_age, 0); });
  const auto spillover = [](const engine::ScenarioParameters& s) {
    return s.family_care.mode == engine::FamilyCareMode::spillover;
  };
  add(tr(language, "Family care, mode", "Familieomsorg, modus"), [&](const engine::ScenarioParameters& s) {
    if (spillover(s)) {
      return text_cell(tr(language, "a fall below the base year is partly taken over",
                          "en nedgang under basisåret overtas delvis"));
    }
    return text_cell(s.family_care.ages == engine::FamilyCareAges::all
                         ? tr(language, "part of the total need (all ages)", "del av det samlede behovet (alle aldre)")
                         : tr(language, "part of the total need (ages 67 and over)",
                              "del av det samlede behovet (67 år og eldre)"));
  });
  add(tr(language, "Family care, årsverk", "Familieomsorg, årsverk"),
      [&](const engine::ScenarioParameters& s) { return path_cell(s.family_care.arsverk, 0, language); });
  add(tr(language, "Share of a fall in family care taken over by services", "Andel av nedgang i familieomsorg som tjenestene overtar"),
      [&](const engine::ScenarioParameters& s) {
        return spillover(s) ? number_with(s.family_care.spillover_share, 2) : text_cell("–");
      });
  add(tr(language, "Total fertility, children per woman", "Samlet fruktbarhet, barn per kvinne"),
      [&](const engine::ScenarioParameters& s) {
        return s.demography.external_population ? text_cell(tr(language, "external projection", "ekstern framskriving"))
                                                : path_cell(s.demography.total_fertility, 2, language);
      });
  add(tr(language, "Life expectancy at birth, women, years", "Forventet levealder ved fødsel, kvinner, år"),
      [&](const engine::ScenarioParameters& s) {
        if (s.demography.mortality_mode == engine::MortalityMode::improvement_rate) {
          return text_cell(tr(language, "death rates fall ", "dødsratene faller ") +
                           format_human(s.demography.mortality_improvement * 100.0, 2, language) + tr(language, " % a year", " % per år"));
        }
        return path_cell(s.demography.life_expectancy[0], 1, language);
      });
  add(tr(language, "Life expectancy at birth, men, years", "Forventet levealder ved fødsel, menn, år"),
      [&](const engine::ScenarioParameters& s) {
        if (s.demography.mortality_mode == engine::MortalityMode::improvement_rate) return text_cell("–");
        return path_cell(s.demography.life_expectancy[1], 1, language);
      });
  add(tr(language, "Net migration, persons a year", "Nettoinnvandring, personer per år"),
      [&](const engine::ScenarioParameters& s) {
        return s.demography.external_population ? text_cell(tr(language, "external projection", "ekstern framskriving"))
                                                : path_cell(s.demography.net_migration, 0, language);
      });
  add(tr(language, "Equipment and technology levers (number)", "Utstyrs- og teknologitiltak (antall)"),
      [&](const engine::ScenarioParameters& s) {
        return number_with(double(s.levers.capital_levers.size() + s.levers.technology_levers.size()), 0);
      });
  const bool overridden = std::any_of(input.texts.begin(), input.texts.end(), [](const auto& t) { return !t.overrides.empty(); });
  if (overridden && input.texts.size() == input.scenarios.size()) {
    std::size_t s = 0;
    add(tr(language, "Changed on the command line (--set)", "Endret på kommandolinjen (--set)"), [&](const engine::ScenarioParameters&) {
      std::string joined;
      for (const std::string& set : input.texts[s].overrides) joined += (joined.empty() ? "" : "; ") + set;
      ++s;
      return text_cell(joined.empty() ? "–" : joined);
    });
  }
  table.notes.push_back(tr(language, "Everything else (population data, use profiles, staffing mix) is the base data; see the sources below.",
                           "Alt annet (befolkningsdata, bruksprofiler, personellsammensetning) er basisdata; se kildene nedenfor."));
  return table;
}

Table arsverk_table(const ReportInput& input, Language language, bool by_service) {
  const std::vector<int> years = table_years(input);
  Table table;
  table.key = by_service ? "arsverk_by_service" : "arsverk_by_profession";
  table.sheet = by_service ? tr(language, "By service area", "Etter tjenesteområde") : tr(language, "By profession", "Etter yrkesgruppe");
  table.title = by_service ? tr(language, "Årsverk by service area", "Årsverk etter tjenesteområde")
                           : tr(language, "Årsverk by profession", "Årsverk etter yrkesgruppe");
  table.unit = tr(language, "Årsverk (full-time equivalents), rounded to whole årsverk.",
                  "Årsverk, avrundet til hele årsverk.");
  table.group_header = scenario_header(language);
  table.stub = by_service ? tr(language, "Service area", "Tjenesteområde") : tr(language, "Profession", "Yrkesgruppe");
  table.columns = year_columns(years, 0, ValueFormat::number);
  for (const engine::ScenarioResult& result : input.results) {
    table.rows.push_back({scenario_label(input, result.scenario, language), RowKind::group, {}});
    const Eigen::MatrixXd& values = by_service ? result.service_arsverk : result.profession_arsverk;
    for (Eigen::Index j = 0; j < values.cols(); ++j) {
      Row row{by_service ? service_label(input.base.services[std::size_t(j)], language)
                         : profession_label(input, input.base.professions[std::size_t(j)], language),
              RowKind::data, {}};
      for (int year : years) row.cells.push_back(number(values(result.year_index(year), j)));
      table.rows.push_back(std::move(row));
    }
    Row total{tr(language, "Total", "I alt"), RowKind::total, {}};
    for (int year : years) total.cells.push_back(number(values.row(result.year_index(year)).sum()));
    table.rows.push_back(std::move(total));
  }
  table.notes.push_back(sources_note(input, language));
  if (!by_service) {
    table.notes.push_back(tr(language, "Årsverk by profession = årsverk by service area × the staffing mix of each service (base data).",
                             "Årsverk etter yrkesgruppe = årsverk etter tjenesteområde × personellsammensetningen i hvert tjenesteområde (basisdata)."));
  }
  return table;
}

Table share_table(const ReportInput& input, Language language) {
  const std::vector<int> years = table_years(input);
  Table table;
  table.key = "share_of_all_arsverk";
  table.sheet = tr(language, "Share of all årsverk", "Andel av alle årsverk");
  table.title = tr(language, "Share of all årsverk in the economy used by health and care",
                   "Helse- og omsorgstjenestenes andel av alle årsverk i økonomien");
  table.unit = tr(language, "Percent, one decimal.", "Prosent, én desimal.");
  table.stub = scenario_header(language);
  table.columns = year_columns(years, 1, ValueFormat::percent);
  for (const engine::ScenarioResult& result : input.results) {
    Row row{scenario_label(input, result.scenario, language), RowKind::data, {}};
    for (int year : years) row.cells.push_back(number(result.indicators.share_of_all_arsverk[std::size_t(result.year_index(year))]));
    table.rows.push_back(std::move(row));
  }
  table.notes.push_back(sources_note(input, language));
  // The share is anchored in share_anchor_year (0: the base year); another year's anchor
  // leaves the base year's share to follow from its own population and employment.
  const int anchor_year = input.base.share_anchor_year != 0 ? input.base.share_anchor_year : input.base.base_year;
  const std::string anchored =
      anchor_year == input.base.base_year
          ? tr(language, "the base-year share is ", "andelen i basisåret er ")
          : tr(language, "the share in ", "andelen i ") + std::to_string(anchor_year) + tr(language, " is ", " er ");
  table.notes.push_back(
      tr(language, "All årsverk in the economy = population × employment rates by age and sex × årsverk per employed person, fixed so that ",
         "Alle årsverk i økonomien = befolkning × sysselsettingsrater etter alder og kjønn × årsverk per sysselsatt, satt slik at ") +
      anchored + format_percent(input.base.share_anchor, 1, language) + tr(language, " (assumption).", " (antakelse)."));
  return table;
}

bool same_population(const engine::ScenarioResult& a, const engine::ScenarioResult& b) {
  return a.indicators.population == b.indicators.population && a.indicators.population_67plus == b.indicators.population_67plus &&
         a.indicators.population_80plus == b.indicators.population_80plus;
}

Table population_table(const ReportInput& input, Language language) {
  const std::vector<int> years = table_years(input);
  Table table;
  table.key = "population";
  table.sheet = tr(language, "Population", "Befolkning");
  table.title = tr(language, "Population, 67 and older, 80 and older", "Befolkning, 67 år og eldre, 80 år og eldre");
  table.unit = tr(language, "Persons on 1 January, rounded to whole persons.", "Personer per 1. januar, avrundet til hele personer.");
  table.group_header = scenario_header(language);
  table.stub = tr(language, "Age group", "Aldersgruppe");
  table.columns = year_columns(years, 0, ValueFormat::number);
  const bool shared = std::all_of(input.results.begin(), input.results.end(),
                                  [&](const auto& result) { return same_population(result, input.results.front()); });
  for (const engine::ScenarioResult& result : input.results) {
    table.rows.push_back({shared ? tr(language, "All scenarios", "Alle scenarioer") : scenario_label(input, result.scenario, language), RowKind::group, {}});
    const std::pair<std::string, const std::vector<double>*> series[] = {
        {tr(language, "All ages", "Alle aldre"), &result.indicators.population},
        {tr(language, "67 and older", "67 år og eldre"), &result.indicators.population_67plus},
        {tr(language, "80 and older", "80 år og eldre"), &result.indicators.population_80plus}};
    for (const auto& [label, values] : series) {
      Row row{label, RowKind::data, {}};
      for (int year : years) row.cells.push_back(number((*values)[std::size_t(result.year_index(year))]));
      table.rows.push_back(std::move(row));
    }
    if (shared) break;
  }
  table.notes.push_back(population_source_note(input, language));
  table.notes.push_back(tr(language, "Observed to the jump-off year, projected after it (cohort-component method or the scenario's external projection).",
                           "Observert til og med utgangsåret, deretter framskrevet (kohort-komponent-metoden eller scenarioets eksterne framskriving)."));
  return table;
}

Table attribution_table(const ReportInput& input, Language language) {
  std::vector<int> years = table_years(input);
  years.erase(years.begin());  // the base year has no change
  Table table;
  table.key = "growth_attribution";
  table.sheet = tr(language, "Growth attribution", "Dekomponering");
  table.title = tr(language, "What drives the change in årsverk since ", "Hva driver endringen i årsverk siden ") +
                std::to_string(input.base.base_year);
  table.unit = tr(language, "Change in årsverk since the base year, by factor (Shapley decomposition); whole årsverk.",
                  "Endring i årsverk fra basisåret, etter faktor (Shapley-dekomponering); hele årsverk.");
  table.group_header = scenario_header(language);
  table.stub = tr(language, "Factor", "Faktor");
  table.columns = year_columns(years, 0, ValueFormat::signed_number);
  for (const engine::GrowthAttribution& attribution : input.attributions) {
    table.rows.push_back({scenario_label(input, attribution.scenario, language), RowKind::group, {}});
    for (int f = 0; f < engine::kGrowthFactorCount; ++f) {
      Row row{factor_label(engine::GrowthFactor(f), language), RowKind::data, {}};
      for (int year : years) row.cells.push_back(number(attribution.total(engine::GrowthFactor(f), year)));
      table.rows.push_back(std::move(row));
    }
    Row total{tr(language, "Total change", "Endring i alt"), RowKind::total, {}};
    for (int year : years) total.cells.push_back(number(attribution.total_change(year)));
    table.rows.push_back(std::move(total));
  }
  table.notes.push_back(
      tr(language, "Each factor's contribution is its average effect over every order in which the factors can be switched from their base-year to their scenario values (Shapley value): the contributions add up exactly to the total change, and interactions are shared equally.",
         "Hver faktors bidrag er gjennomsnittet av effekten over alle rekkefølger faktorene kan slås på i, fra basisårets verdi til scenarioets (Shapley-verdi): bidragene summerer seg nøyaktig til den samlede endringen, og samspillseffekter deles likt."));
  for (int f = 0; f < engine::kGrowthFactorCount; ++f) {
    table.notes.push_back(factor_label(engine::GrowthFactor(f), language) + ": " + factor_description(engine::GrowthFactor(f), language) + ".");
  }
  return table;
}

Table attribution_by_service_table(const ReportInput& input, Language language) {
  const int year = input.base.end_year;
  Table table;
  table.key = "attribution_by_service";
  table.sheet = tr(language, "Attribution by service", "Dekomponering etter tjeneste");
  table.title = tr(language, "What drives the change in årsverk ", "Hva driver endringen i årsverk ") +
                std::to_string(input.base.base_year) + "–" + std::to_string(year) +
                tr(language, ", by service area", ", etter tjenesteområde");
  table.unit = tr(language, "Change in årsverk from the base year to ", "Endring i årsverk fra basisåret til ") + std::to_string(year) +
               tr(language, " (Shapley decomposition); whole årsverk.", " (Shapley-dekomponering); hele årsverk.");
  table.group_header = scenario_header(language);
  table.stub = tr(language, "Service area", "Tjenesteområde");
  for (int f = 0; f < engine::kGrowthFactorCount; ++f) {
    table.columns.push_back({factor_label(engine::GrowthFactor(f), language), 0, ValueFormat::signed_number});
  }
  table.columns.push_back({tr(language, "Total change", "Endring i alt"), 0, ValueFormat::signed_number});
  for (const engine::GrowthAttribution& attribution : input.attributions) {
    table.rows.push_back({scenario_label(input, attribution.scenario, language), RowKind::group, {}});
    const Eigen::Index i = attribution.year_index(year);
    for (std::size_t j = 0; j < input.base.services.size(); ++j) {
      Row row{service_label(input.base.services[j], language), RowKind::data, {}};
      for (const Eigen::MatrixXd& contribution : attribution.contribution) row.cells.push_back(number(contribution(i, Eigen::Index(j))));
      row.cells.push_back(number(attribution.service_arsverk(i, Eigen::Index(j)) - attribution.service_arsverk(0, Eigen::Index(j))));
      table.rows.push_back(std::move(row));
    }
    Row total{tr(language, "Total", "I alt"), RowKind::total, {}};
    for (int f = 0; f < engine::kGrowthFactorCount; ++f) total.cells.push_back(number(attribution.total(engine::GrowthFactor(f), year)));
    total.cells.push_back(number(attribution.total_change(year)));
    table.rows.push_back(std::move(total));
  }
  table.notes.push_back(tr(language, "Rows add up across to the total change; the total row adds up down each column.",
                           "Radene summerer seg til endringen i alt; totalraden er summen av hver kolonne."));
  return table;
}

std::optional<Table> lever_table(const ReportInput& input, Language language) {
  const int year = input.base.end_year;
  Table table;
  table.key = "lever_effects";
  table.sheet = tr(language, "Lever effects", "Tiltakseffekter");
  table.title = tr(language, "Equipment and technology levers in ", "Utstyrs- og teknologitiltak i ") + std::to_string(year);
  table.unit = tr(language, "Årsverk in the year against the same scenario without levers; cost in NOK million a year (constant base-year prices).",
                  "Årsverk i året mot samme scenario uten tiltak; kostnad i millioner kroner per år (faste basisårspriser).");
  table.group_header = scenario_header(language);
  table.stub = tr(language, "Lever (service area)", "Tiltak (tjenesteområde)");
  table.columns = {{tr(language, "Årsverk saved", "Årsverk spart"), 0, ValueFormat::number},
                   {tr(language, "Årsverk added (technical staff, extra work per case)",
                       "Årsverk lagt til (teknisk personell, mer arbeid per tilfelle)"), 0, ValueFormat::number},
                   {tr(language, "Net årsverk saved", "Netto årsverk spart"), 0, ValueFormat::number},
                   {tr(language, "Cost, NOK million a year", "Kostnad, mill. kr per år"), 1, ValueFormat::number},
                   {tr(language, "Cost per net årsverk saved, NOK thousand", "Kostnad per spart netto årsverk, 1000 kr"), 0, ValueFormat::number},
                   {tr(language, "Equivalent productivity growth, all services, percentage points a year",
                       "Tilsvarende produktivitetsvekst, alle tjenester, prosentpoeng per år"), 3, ValueFormat::number},
                   {tr(language, "Equivalent productivity growth, own service, percentage points a year",
                       "Tilsvarende produktivitetsvekst, eget tjenesteområde, prosentpoeng per år"), 3, ValueFormat::number}};
  bool any = false;
  for (std::size_t s = 0; s < input.results.size(); ++s) {
    const engine::ScenarioResult& result = input.results[s];
    if (!result.levers || result.levers->levers.empty()) continue;
    any = true;
    table.rows.push_back({scenario_label(input, result.scenario, language), RowKind::group, {}});
    const Eigen::Index i = result.year_index(year);
    const auto equivalents = engine::productivity_equivalents(input.base, input.scenarios[s], result, year);
    double saved_all = 0.0, added_all = 0.0, cost_all = 0.0;
    auto value_or_empty = [](double value, double scale) { return std::isfinite(value) ? number(value * scale) : text_cell("–"); };
    for (std::size_t l = 0; l < result.levers->levers.size(); ++l) {
      const engine::LeverEffect& effect = result.levers->levers[l];
      const double saved = effect.saved.row(i).sum(), added = effect.added.row(i).sum();
      const double cost = effect.cost_nok[std::size_t(i)];
      saved_all += saved;
      added_all += added;
      cost_all += cost;
      Row row{effect.name + " (" + service_label(input.base.services[effect.service], language) + ")", RowKind::data, {}};
      row.cells = {number(saved), number(added), number(saved - added), number(cost / 1e6),
                   saved - added > 0.0 ? number(cost / (saved - added) / 1e3) : text_cell("–"),
                   value_or_empty(equivalents[l].all_services, 100.0), value_or_empty(equivalents[l].own_service, 100.0)};
      table.rows.push_back(std::move(row));
    }
    const auto& total = equivalents.back();
    Row row{tr(language, "All levers", "Alle tiltak"), RowKind::total, {}};
    row.cells = {number(saved_all), number(added_all), number(saved_all - added_all), number(cost_all / 1e6),
                 saved_all - added_all > 0.0 ? number(cost_all / (saved_all - added_all) / 1e3) : text_cell("–"),
                 value_or_empty(total.all_services, 100.0), value_or_empty(total.own_service, 100.0)};
    table.rows.push_back(std::move(row));
  }
  if (!any) return std::nullopt;
  table.notes.push_back(tr(language, "Equivalent productivity growth: how much higher the productivity growth of every service (or of the lever's own service) would have to be, without the lever, to save the same net årsverk in the year.",
                           "Tilsvarende produktivitetsvekst: hvor mye høyere produktivitetsveksten i alle tjenester (eller i tiltakets eget tjenesteområde) måtte vært, uten tiltaket, for å spare like mange netto årsverk i året."));
  return table;
}

// Whose work each lever saves, and whom it needs: net årsverk saved by profession in the end
// year (saved − added; negative where the lever adds more of a profession than it saves).
std::optional<Table> lever_profession_table(const ReportInput& input, Language language) {
  const int year = input.base.end_year;
  Table table;
  table.key = "lever_professions";
  table.sheet = tr(language, "Lever effects by profession", "Tiltakseffekter etter yrke");
  table.title = tr(language, "Net årsverk saved by equipment and technology levers, by profession, in ",
                   "Netto årsverk spart av utstyrs- og teknologitiltak, etter yrke, i ") +
                std::to_string(year);
  table.unit = tr(language,
                  "Årsverk saved minus årsverk added (technical staff, extra work per case) against the same "
                  "scenario without levers.",
                  "Årsverk spart minus årsverk lagt til (teknisk personell, mer arbeid per tilfelle) mot "
                  "samme scenario uten tiltak.");
  table.group_header = scenario_header(language);
  table.stub = tr(language, "Lever (service area)", "Tiltak (tjenesteområde)");
  for (const std::string& profession : input.base.professions) {
    table.columns.push_back({profession_label(input, profession, language), 0, ValueFormat::number});
  }
  table.columns.push_back({tr(language, "All professions", "Alle yrker"), 0, ValueFormat::number});
  bool any = false;
  for (const engine::ScenarioResult& result : input.results) {
    if (!result.levers || result.levers->levers.empty()) continue;
    any = true;
    table.rows.push_back({scenario_label(input, result.scenario, language), RowKind::group, {}});
    const Eigen::Index i = result.year_index(year);
    for (const engine::LeverEffect& effect : result.levers->levers) {
      Row row{effect.name + " (" + service_label(input.base.services[effect.service], language) + ")",
              RowKind::data,
              {}};
      const Eigen::RowVectorXd net = effect.saved.row(i) - effect.added.row(i);
      for (Eigen::Index k = 0; k < net.size(); ++k) row.cells.push_back(number(net(k)));
      row.cells.push_back(number(net.sum()));
      table.rows.push_back(std::move(row));
    }
  }
  if (!any) return std::nullopt;
  return table;
}

std::optional<Table> gap_table(const ReportInput& input, Language language) {
  if (!has_supply(input.results)) return std::nullopt;
  const std::vector<int> years = table_years(input);
  Table table;
  table.key = "gap";
  table.sheet = tr(language, "Gap by profession", "Gap etter yrkesgruppe");
  table.title = tr(language, "Gap between demand and supply by profession", "Gap mellom behov og tilbud etter yrkesgruppe");
  table.unit = tr(language, "Årsverk needed minus årsverk supplied, rounded to whole årsverk; positive: a shortage.",
                  "Årsverk som trengs minus årsverk som tilbys, avrundet til hele årsverk; positivt tall: mangel.");
  table.group_header = scenario_header(language);
  table.stub = tr(language, "Profession", "Yrkesgruppe");
  table.columns = year_columns(years, 0, ValueFormat::signed_number);
  for (const engine::ScenarioResult& result : input.results) {
    if (!result.supply) continue;
    table.rows.push_back({scenario_label(input, result.scenario, language), RowKind::group, {}});
    std::vector<double> totals(years.size(), 0.0);
    for (std::size_t k = 0; k < result.supply->professions.size(); ++k) {
      Row row{profession_label(input, input.base.professions[k], language), RowKind::data, {}};
      for (std::size_t i = 0; i < years.size(); ++i) {
        const double gap = gap_value(result, k, std::size_t(result.year_index(years[i]))).gap;
        totals[i] += gap;
        row.cells.push_back(number(gap));
      }
      table.rows.push_back(std::move(row));
    }
    Row total{tr(language, "All professions", "Alle yrkesgrupper"), RowKind::total, {}};
    for (double value : totals) total.cells.push_back(number(value));
    table.rows.push_back(std::move(total));
  }
  table.notes.push_back(tr(language, "Demand: årsverk by profession above (with the technical staff that equipment levers add). Supply: a stock-flow model by profession, sex and age from 2015 (graduates, immigration, deaths, retirement, leaving) × share working in health and care × årsverk per person, set equal to demand in the base year (docs/supply.md); its inflows and exit rates are largely assumptions.",
                           "Behov: årsverk etter yrkesgruppe over (med teknisk personell som utstyrstiltak legger til). Tilbud: en beholdnings- og strømningsmodell etter yrkesgruppe, kjønn og alder fra 2015 (uteksaminerte, innvandring, død, avgang til pensjon, annen avgang) × andel som arbeider i helse og omsorg × årsverk per person, satt lik behovet i basisåret (docs/supply.md); tilstrømning og avgangsrater er i stor grad antakelser."));
  return table;
}

std::vector<Table> sweep_tables(const ReportInput& input, const std::vector<SweepReport>& sweeps, Language language) {
  std::vector<Table> tables;
  const SweepReport& first = sweeps.front();
  const std::string draws = format_human(double(first.draws), 0, language);
  {
    Table table;
    table.key = "sweep_quantiles";
    table.sheet = tr(language, "Uncertainty", "Usikkerhet");
    table.title = tr(language, "Uncertainty in total årsverk: quantiles of ", "Usikkerhet i samlede årsverk: kvantiler av ") + draws +
                  tr(language, " draws", " trekninger");
    table.unit = tr(language, "Årsverk, whole årsverk. Sweep file ", "Årsverk, hele årsverk. Analysefil: ") + first.sweep + ".yaml.";
    table.group_header = scenario_header(language);
    table.stub = tr(language, "Year", "År");
    for (double p : first.probabilities) table.columns.push_back({std::string("P") + format_human(p * 100.0, 0, language), 0, ValueFormat::number});
    const bool deterministic = std::all_of(sweeps.begin(), sweeps.end(), [](const SweepReport& s) { return !s.deterministic.empty(); });
    if (deterministic) table.columns.push_back({tr(language, "Deterministic projection", "Deterministisk framskriving"), 0, ValueFormat::number});
    for (const SweepReport& sweep : sweeps) {
      CARECAST_CHECK(sweep.quantiles.rows() == Eigen::Index(sweep.years.size()) &&
                         sweep.quantiles.cols() == Eigen::Index(first.probabilities.size()) && sweep.probabilities == first.probabilities,
                     "sweep quantiles must be years × the same probabilities");
      table.rows.push_back({scenario_label(input, sweep.scenario, language), RowKind::group, {}});
      for (int year : output::summary_years(sweep.years)) {
        const auto i = Eigen::Index(std::find(sweep.years.begin(), sweep.years.end(), year) - sweep.years.begin());
        Row row{std::to_string(year), RowKind::data, {}};
        for (Eigen::Index q = 0; q < sweep.quantiles.cols(); ++q) row.cells.push_back(number(sweep.quantiles(i, q)));
        if (deterministic) row.cells.push_back(number(sweep.deterministic[std::size_t(i)]));
        table.rows.push_back(std::move(row));
      }
    }
    table.notes.push_back(tr(language, "Pn: n % of the draws lie below this value. Every draw is a full projection with its own values of the uncertain assumptions; seed ",
                             "Pn: n % av trekningene ligger under denne verdien. Hver trekning er en full framskriving med egne verdier for de usikre forutsetningene; frø ") +
                          first.seed + ".");
    if (deterministic) {
      table.notes.push_back(tr(language, "The deterministic projection uses the scenario's own values of the uncertain assumptions. The sweep's distributions need not be centred on them (a skewed distribution, a discrete choice weighted towards one side), and total årsverk respond non-linearly to them, so the deterministic path need not lie on the median.",
                               "Den deterministiske framskrivingen bruker scenarioets egne verdier for de usikre forutsetningene. Fordelingene i analysen trenger ikke være sentrert om dem (skjeve fordelinger, et diskret valg med mer vekt på én side), og samlede årsverk avhenger ikke-lineært av dem, så den deterministiske banen trenger ikke ligge på medianen."));
    }
    tables.push_back(std::move(table));
  }
  if (std::any_of(sweeps.begin(), sweeps.end(), [](const SweepReport& s) { return !s.tornado.empty(); })) {
    Table table;
    table.key = "sweep_tornado";
    table.sheet = tr(language, "Tornado", "Tornado");
    table.title = tr(language, "One assumption at a time: total årsverk in ", "Én forutsetning om gangen: samlede årsverk i ") +
                  std::to_string(first.target_year);
    table.unit = tr(language, "Årsverk, whole årsverk; the other assumptions at their medians.",
                    "Årsverk, hele årsverk; de andre forutsetningene på medianen.");
    table.group_header = scenario_header(language);
    table.stub = tr(language, "Assumption", "Forutsetning");
    table.columns = {{tr(language, "Unit", "Enhet"), 0, ValueFormat::number},
                     {tr(language, "Low value", "Lav verdi"), 0, ValueFormat::number},
                     {tr(language, "High value", "Høy verdi"), 0, ValueFormat::number},
                     {tr(language, "Årsverk at low value", "Årsverk ved lav verdi"), 0, ValueFormat::number},
                     {tr(language, "Årsverk at high value", "Årsverk ved høy verdi"), 0, ValueFormat::number},
                     {tr(language, "Swing", "Utslag"), 0, ValueFormat::number},
                     {tr(language, "Årsverk with all at their medians", "Årsverk med alle på medianen"), 0, ValueFormat::number}};
    std::vector<std::string> described;  // parameters whose description is in the notes
    for (const SweepReport& sweep : sweeps) {
      table.rows.push_back({scenario_label(input, sweep.scenario, language), RowKind::group, {}});
      std::vector<SweepReport::TornadoRow> rows = sweep.tornado;
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return std::abs(a.high_result - a.low_result) > std::abs(b.high_result - b.low_result);
      });
      for (const auto& source : rows) {
        auto value = [&](double number, const std::string& text) {
          return std::isfinite(number) ? number_with(number, source.decimals) : text_cell(text);
        };
        if (!source.description.empty() && std::find(described.begin(), described.end(), source.parameter) == described.end()) {
          described.push_back(source.parameter);
          table.notes.push_back((source.label.empty() ? source.parameter : source.label) + ": " + source.description);
        }
        table.rows.push_back({source.label.empty() ? source.parameter : source.label, RowKind::data,
                              {text_cell(source.unit.empty() ? "–" : source.unit), value(source.low, source.low_value),
                               value(source.high, source.high_value), number(source.low_result), number(source.high_result),
                               number(std::abs(source.high_result - source.low_result)), number(sweep.tornado_centre)}});
      }
    }
    tables.push_back(std::move(table));
  }
  if (std::any_of(sweeps.begin(), sweeps.end(), [](const SweepReport& s) { return !s.sobol.empty(); })) {
    Table table;
    table.key = "sweep_sobol";
    table.sheet = tr(language, "Sobol indices", "Sobol-indekser");
    table.title = tr(language, "Which assumptions drive the spread: Sobol indices for total årsverk in ",
                     "Hvilke forutsetninger driver spredningen: Sobol-indekser for samlede årsverk i ") +
                  std::to_string(first.target_year);
    table.unit = tr(language, "Share of the variance, two decimals; intervals at ", "Andel av variansen, to desimaler; intervaller på ") +
                 format_percent(first.interval_level, 0, language) + tr(language, " (bootstrap).", " (bootstrap).");
    table.group_header = scenario_header(language);
    table.stub = tr(language, "Assumption", "Forutsetning");
    table.columns = {{tr(language, "First order", "Første orden"), 2, ValueFormat::number},
                     {tr(language, "low", "nedre"), 2, ValueFormat::number},
                     {tr(language, "high", "øvre"), 2, ValueFormat::number},
                     {tr(language, "Total order", "Total"), 2, ValueFormat::number},
                     {tr(language, "low", "nedre"), 2, ValueFormat::number},
                     {tr(language, "high", "øvre"), 2, ValueFormat::number},
                     {tr(language, "Valid?", "Gyldig?"), 0, ValueFormat::number}};
    auto value = [](double x) { return std::isfinite(x) ? number(x) : text_cell("–"); };
    // An estimate that is not a valid index is never shown bare (engine::sobol_flag).
    auto validity = [&](const std::string& flag) {
      if (flag.empty()) return text_cell(tr(language, "yes", "ja"));
      // The engine's own words in English (engine::sobol_flag), translated for bokmål.
      const std::string why =
          tr(language, flag, flag == engine::kSobolOutside ? "utenfor [0, 1]" : "total under første orden");
      return text_cell(tr(language, "no: ", "nei: ") + why);
    };
    bool any_invalid = false;
    for (const SweepReport& sweep : sweeps) {
      table.rows.push_back({scenario_label(input, sweep.scenario, language), RowKind::group, {}});
      std::vector<SweepReport::SobolRow> rows = sweep.sobol;
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.total > b.total; });
      for (const auto& source : rows) {
        table.rows.push_back({source.label.empty() ? source.parameter : source.label, RowKind::data,
                              {value(source.first), value(source.first_low), value(source.first_high), value(source.total),
                               value(source.total_low), value(source.total_high), validity(source.flag)}});
        any_invalid = any_invalid || !source.flag.empty();
      }
    }
    table.notes.push_back(tr(language, "First order: the share of the variance due to the assumption alone; total order: including its interactions with the others (Saltelli sampling, Jansen estimators).",
                             "Første orden: andelen av variansen som skyldes forutsetningen alene; total: medregnet samspill med de andre (Saltelli-utvalg, Jansen-estimatorer)."));
    if (any_invalid) {
      table.notes.push_back(tr(language, "An estimate marked \"no\" is not a valid index (a true one lies in [0, 1], the total order at or above the first): the sweep's Sobol rows are too few to measure that assumption's small share; run it with more sobol.rows before reading it. The chart leaves such estimates out.",
                               "Et estimat merket «nei» er ikke en gyldig indeks (en sann indeks ligger i [0, 1], og total er minst like stor som første orden): sveipet har for få Sobol-rader til å måle den lille andelen til denne forutsetningen; kjør det med flere sobol.rows før det leses. Figuren utelater slike estimater."));
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

// Columns of numbers are right-aligned, columns of text (the assumptions) left-aligned.
bool text_column(const Table& table, std::size_t c) {
  return std::any_of(table.rows.begin(), table.rows.end(), [&](const Row& row) {
    return row.kind != RowKind::group && !row.cells[c].number && row.cells[c].text != "–";
  });
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string path_text(const engine::TimePath& path, int decimals, std::optional<Language> language, double scale) {
  if (path.empty()) return "–";
  const auto text = [&](double value) {
    return language ? format_human(value * scale, decimals, *language) : format_plain(value * scale, decimals);
  };
  const auto& knots = path.knots();
  if (knots.size() == 1) return text(knots.front().second);
  std::string out;
  for (std::size_t i = 0; i < knots.size(); ++i) {
    if (i > 0) out += "; ";
    out += std::to_string(knots[i].first) + ": " + text(knots[i].second);
  }
  return out;
}

int cell_decimals(const Cell& cell, const Column& column) { return cell.decimals >= 0 ? cell.decimals : column.decimals; }

std::vector<Table> build_tables(const ReportInput& input, Language language) {
  check_inputs(input);
  std::vector<Table> tables;
  tables.push_back(assumptions_table(input, language));
  tables.push_back(arsverk_table(input, language, true));
  tables.push_back(arsverk_table(input, language, false));
  tables.push_back(share_table(input, language));
  tables.push_back(population_table(input, language));
  tables.push_back(attribution_table(input, language));
  tables.push_back(attribution_by_service_table(input, language));
  if (auto levers = lever_table(input, language)) tables.push_back(std::move(*levers));
  if (auto professions = lever_profession_table(input, language)) tables.push_back(std::move(*professions));
  if (auto regional = regional_table(input, language)) tables.push_back(std::move(*regional));
  if (auto gap = gap_table(input, language)) tables.push_back(std::move(*gap));
  if (!input.sweeps.empty()) {
    for (Table& table : sweep_tables(input, input.sweeps, language)) tables.push_back(std::move(table));
  }
  for (const Table& table : tables) {
    CARECAST_CHECK(table.sheet.size() <= 31, "sheet names have at most 31 characters: " + table.sheet);
    for (const Row& row : table.rows) {
      CARECAST_CHECK(row.kind == RowKind::group ? row.cells.empty() : row.cells.size() == table.columns.size(),
                     "one cell per column in table " + table.key);
    }
  }
  return tables;
}

std::string cell_text(const Cell& cell, const Column& column, Language language) {
  if (!cell.number) return cell.text;
  const int decimals = cell_decimals(cell, column);
  switch (column.format) {
    case ValueFormat::number: return format_human(*cell.number, decimals, language);
    case ValueFormat::signed_number: return format_signed(*cell.number, decimals, language);
    case ValueFormat::percent: return format_percent(*cell.number, decimals, language);
  }
  return {};
}

std::string table_csv(const Table& table) {
  std::string out;
  const bool grouped = !table.group_header.empty();
  if (grouped) {
    append_csv_field(out, table.group_header);
    out += ',';
  }
  append_csv_field(out, table.stub);
  for (const Column& column : table.columns) {
    out += ',';
    append_csv_field(out, column.header);
  }
  out += '\n';
  std::string group;
  for (const Row& row : table.rows) {
    if (row.kind == RowKind::group) {
      group = row.label;
      continue;
    }
    if (grouped) {
      append_csv_field(out, group);
      out += ',';
    }
    append_csv_field(out, row.label);
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      out += ',';
      const Cell& cell = row.cells[c];
      if (cell.number) {
        const Column& column = table.columns[c];
        const bool percent = column.format == ValueFormat::percent;
        out += format_plain(percent ? *cell.number * 100.0 : *cell.number, cell_decimals(cell, column));
      } else {
        append_csv_field(out, cell.plain.empty() ? cell.text : cell.plain);
      }
    }
    out += '\n';
  }
  return out;
}

std::string table_markdown(const Table& table, int number, Language language) {
  std::string out = "### " + tr(language, "Table ", "Tabell ") + std::to_string(number) + ". " + escape_markdown(table.title) + "\n\n";
  out += escape_markdown(table.unit) + "\n\n";
  out += "| " + escape_markdown(table.stub) + " |";
  for (const Column& column : table.columns) out += " " + escape_markdown(column.header) + " |";
  out += "\n|:--|";
  for (std::size_t c = 0; c < table.columns.size(); ++c) out += text_column(table, c) ? ":--|" : "--:|";
  out += "\n";
  for (const Row& row : table.rows) {
    if (row.kind == RowKind::group) {
      out += "| **" + escape_markdown(row.label) + "** |";
      for (std::size_t c = 0; c < table.columns.size(); ++c) out += " |";
      out += "\n";
      continue;
    }
    const bool bold = row.kind == RowKind::total;
    out += "| " + std::string(bold ? "**" : "") + escape_markdown(row.label) + (bold ? "**" : "") + " |";
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      const std::string text = escape_markdown(cell_text(row.cells[c], table.columns[c], language));
      out += " " + (bold && !text.empty() ? "**" + text + "**" : text) + " |";
    }
    out += "\n";
  }
  if (!table.notes.empty()) {
    out += "\n";
    for (const std::string& note : table.notes) out += "- " + escape_markdown(note) + "\n";
  }
  out += "\n";
  return out;
}

std::string table_html(const Table& table, int number, Language language) {
  std::string out = "<figure class=\"table\" id=\"table-" + table.key + "\">\n<table>\n<caption><span class=\"number\">" +
                    tr(language, "Table ", "Tabell ") + std::to_string(number) + ".</span> " + xml_escape(table.title) +
                    "<br><span class=\"unit\">" + xml_escape(table.unit) + "</span></caption>\n<thead><tr><th scope=\"col\">" +
                    xml_escape(table.stub) + "</th>";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    out += std::string(text_column(table, c) ? "<th scope=\"col\" class=\"text\">" : "<th scope=\"col\">") +
           xml_escape(table.columns[c].header) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const Row& row : table.rows) {
    if (row.kind == RowKind::group) {
      out += "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"" + std::to_string(table.columns.size() + 1) + "\">" +
             xml_escape(row.label) + "</th></tr>\n";
      continue;
    }
    out += row.kind == RowKind::total ? "<tr class=\"total\">" : "<tr>";
    out += "<th scope=\"row\">" + xml_escape(row.label) + "</th>";
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      const bool text = !row.cells[c].number;
      out += text ? "<td class=\"text\">" : "<td>";
      out += xml_escape(cell_text(row.cells[c], table.columns[c], language)) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!table.notes.empty()) {
    out += "<ul class=\"notes\">\n";
    for (const std::string& note : table.notes) out += "<li>" + xml_escape(note) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</figure>\n";
  return out;
}

}  // namespace carecast::output::report
