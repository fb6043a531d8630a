#include "carecast/output/report/charts.hpp"
#include "carecast/output/report/regions_report.hpp"

#include <algorithm>
#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/output/report/svg_chart.hpp"
#include "carecast/output/report/text.hpp"
#include "carecast/output/supply_output.hpp"

namespace carecast::output::report {
namespace {

std::vector<double> as_vector(const Eigen::Ref<const Eigen::VectorXd>& values) {
  return std::vector<double>(values.data(), values.data() + values.size());
}

// The source line under a chart: SSB when the base data credit it, the projection, and where
// the assumptions are.
std::string source_note(const ReportInput& input, Language language) {
  const std::string country = country_label(input.base.country, language);
  const std::string year = std::to_string(input.base.base_year);
  const std::string ssb = statistics_office(input, language);
  if (language == Language::nb) {
    return "Kilde: " + (ssb.empty() ? std::string() : ssb + " (basisdata) og ") + "framskriving med carecast " +
           input.provenance.engine_version + ", basisdata for " + country + " (basisår " + year + "); forutsetninger i tabell 1.";
  }
  return "Source: " + (ssb.empty() ? std::string() : ssb + " (base data) and ") + "carecast " + input.provenance.engine_version +
         " projection, " + country + " base data (base year " + year + "); assumptions in table 1.";
}

ChartFrame frame(std::string id, std::string title, std::string subtitle, const ReportInput& input, Language language,
                 const ChartOptions& options, double height = 440.0) {
  ChartFrame frame{std::move(id), std::move(title), std::move(subtitle), source_note(input, language), 640.0, height, language};
  frame.show_title = options.titles;
  return frame;
}


// Chart data over the years of the results.
ChartData year_data(const std::vector<int>& years, Language language, ChartData::Native native) {
  ChartData data;
  data.native = native;
  data.x_header = tr(language, "Year", "År");
  data.x_years = true;
  for (int year : years) data.x.push_back(std::to_string(year));
  return data;
}

Axis year_axis(Language language) { return Axis{tr(language, "Year", "År"), Axis::Format::number, false}; }
Axis arsverk_axis(Language language) { return Axis{tr(language, "Årsverk", "Årsverk"), Axis::Format::number, true}; }

std::vector<int> marker_years(const std::vector<int>& years) {
  std::vector<int> marked;
  for (int year : years) {
    if (year == years.front() || year == years.back() || year % 5 == 0) marked.push_back(year);
  }
  return marked;
}

std::string span(const ReportInput& input) {
  return std::to_string(input.base.base_year) + "–" + std::to_string(input.base.end_year);
}

// One line per scenario of an indicator, drawn and written to the figure's data sheet.
void add_scenario_lines(const ReportInput& input, Language language, std::vector<double> engine::IndicatorSeries::*series,
                        LineChart& chart, ChartData& data) {
  for (const auto& result : input.results) {
    chart.series.push_back({scenario_label(input, result.scenario, language), result.indicators.*series});
    data.names.push_back(chart.series.back().label);
    data.values.push_back(result.indicators.*series);
  }
}

// Årsverk over the run's years: the frame, axes and markers the årsverk line charts share.
LineChart arsverk_lines(const std::string& key, const std::string& title, const std::string& subtitle,
                        const ReportInput& input, Language language, const ChartOptions& options) {
  LineChart chart;
  chart.frame = frame(key, title, subtitle, input, language, options);
  chart.x_axis = year_axis(language);
  chart.y_axis = arsverk_axis(language);
  chart.years = input.results.front().years;
  chart.marker_years = marker_years(chart.years);
  return chart;
}

Chart total_chart(const ReportInput& input, Language language, const ChartOptions& options) {
  const std::string title = tr(language, "Årsverk needed in health and care, ", "Årsverk i helse og omsorg, ") + span(input);
  LineChart chart = arsverk_lines("total_arsverk", title,
                                  tr(language, "All service areas together, one line per scenario", "Alle tjenesteområder samlet, én linje per scenario"),
                                  input, language, options);
  ChartData data = year_data(chart.years, language, ChartData::Native::line);
  data.unit = tr(language, "Årsverk", "Årsverk");
  add_scenario_lines(input, language, &engine::IndicatorSeries::health_care_arsverk, chart, data);
  return {"total_arsverk", ChartSection::arsverk, title, render(chart), std::move(data)};
}

Chart share_chart(const ReportInput& input, Language language, const ChartOptions& options) {
  LineChart chart;
  const std::string title = tr(language, "Share of all årsverk in the economy used by health and care, ",
                               "Helse- og omsorgstjenestenes andel av alle årsverk i økonomien, ") + span(input);
  chart.frame = frame("share_of_all_arsverk", title, tr(language, "One line per scenario", "Én linje per scenario"), input, language, options);
  chart.x_axis = year_axis(language);
  chart.y_axis = Axis{tr(language, "Share of all årsverk", "Andel av alle årsverk"), Axis::Format::percent, true};
  chart.years = input.results.front().years;
  chart.marker_years = marker_years(chart.years);
  ChartData data = year_data(chart.years, language, ChartData::Native::line);
  data.unit = tr(language, "Share of all årsverk", "Andel av alle årsverk");
  data.percent = true;
  data.decimals = 1;
  add_scenario_lines(input, language, &engine::IndicatorSeries::share_of_all_arsverk, chart, data);
  return {"share_of_all_arsverk", ChartSection::arsverk, title, render(chart), std::move(data)};
}

// Unique file keys of the scenarios.
std::vector<std::string> scenario_keys(const ReportInput& input) {
  std::vector<std::string> keys;
  for (std::size_t s = 0; s < input.results.size(); ++s) {
    std::string key = file_key(input.results[s].scenario);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) key += std::string("_") + std::to_string(s + 1);
    keys.push_back(key);
  }
  return keys;
}

Chart services_chart(const ReportInput& input, std::size_t s, Language language, const ChartOptions& options) {
  const engine::ScenarioResult& result = input.results[s];
  StackedAreaChart chart;
  const std::string key = "services_" + scenario_keys(input)[s];
  const std::string title = tr(language, "Årsverk by service area, ", "Årsverk etter tjenesteområde, ") + span(input) + ": " + scenario_label(input, result.scenario, language);
  chart.frame = frame(key, title, tr(language, "Stacked: the top edge is the total", "Stablet: øverste kant er summen"), input, language, options, 470.0);
  chart.x_axis = year_axis(language);
  chart.y_axis = arsverk_axis(language);
  chart.years = result.years;
  for (const auto& other : input.results) chart.y_max = std::max(chart.y_max, other.service_arsverk.rowwise().sum().maxCoeff());
  ChartData data = year_data(chart.years, language, ChartData::Native::stacked_area);
  data.unit = tr(language, "Årsverk", "Årsverk");
  for (std::size_t j = 0; j < input.base.services.size(); ++j) {
    chart.layers.push_back({service_label(input.base.services[j], language), as_vector(result.service_arsverk.col(Eigen::Index(j)))});
    data.names.push_back(chart.layers.back().label);
    data.values.push_back(chart.layers.back().values);
  }
  return {key, ChartSection::arsverk, title, render(chart), std::move(data)};
}

Chart pyramid_chart(const ReportInput& input, Language language, const ChartOptions& options) {
  const engine::ScenarioResult& result = input.results.front();
  const int first = input.base.base_year, last = input.base.end_year;
  const engine::AgeSexArray& before = result.population->in(first);
  const engine::AgeSexArray& after = result.population->in(last);
  const int top = int(before.rows()) - 1;
  PyramidChart chart;
  const std::string title = tr(language, "Population by age and sex, ", "Befolkning etter alder og kjønn, ") + std::to_string(first) +
                            tr(language, " and ", " og ") + std::to_string(last);
  const bool shared = std::all_of(input.results.begin(), input.results.end(), [&](const auto& other) {
    return other.indicators.population == result.indicators.population;
  });
  chart.frame = frame("population_pyramid", title,
                      shared ? tr(language, "Persons on 1 January by five-year age group; the same in every scenario",
                                  "Personer per 1. januar etter femårig aldersgruppe; lik i alle scenarioene")
                             : tr(language, "Persons on 1 January by five-year age group; scenario ",
                                  "Personer per 1. januar etter femårig aldersgruppe; scenario ") + scenario_label(input, result.scenario, language),
                      input, language, options, 560.0);
  chart.x_axis = Axis{tr(language, "Persons", "Personer"), Axis::Format::number, true};
  chart.left_title = tr(language, "Men", "Menn");
  chart.right_title = tr(language, "Women", "Kvinner");
  chart.first_label = std::to_string(first);
  chart.second_label = std::to_string(last);
  const int male = int(engine::Sex::male), female = int(engine::Sex::female);
  const int open_group = std::min(100, top);
  for (int from = 0; from <= open_group; from += 5) {
    const int to = from + 5 > open_group ? top : from + 4;
    chart.groups.push_back(to == top ? std::to_string(from) + "+" : std::to_string(from) + "–" + std::to_string(to));
    const auto rows = Eigen::Index(to - from + 1);
    chart.left_first.push_back(before.col(male).segment(from, rows).sum());
    chart.right_first.push_back(before.col(female).segment(from, rows).sum());
    chart.left_second.push_back(after.col(male).segment(from, rows).sum());
    chart.right_second.push_back(after.col(female).segment(from, rows).sum());
    if (to == top) break;
  }
  ChartData data;
  data.x_header = tr(language, "Age group", "Aldersgruppe");
  data.x = chart.groups;
  data.unit = tr(language, "Persons on 1 January", "Personer per 1. januar");
  data.names = {chart.left_title + " " + chart.first_label, chart.right_title + " " + chart.first_label,
                chart.left_title + " " + chart.second_label, chart.right_title + " " + chart.second_label};
  data.values = {chart.left_first, chart.right_first, chart.left_second, chart.right_second};
  return {"population_pyramid", ChartSection::population, title, render(chart), std::move(data)};
}

Chart waterfall_chart(const ReportInput& input, std::size_t s, Language language, const ChartOptions& options) {
  const engine::GrowthAttribution& attribution = input.attributions[s];
  const int last = input.base.end_year;
  WaterfallChart chart;
  const std::string key = "attribution_" + scenario_keys(input)[s];
  const std::string title = tr(language, "What drives the change in årsverk, ", "Hva driver endringen i årsverk, ") + span(input) +
                            ": " + scenario_label(input, attribution.scenario, language);
  chart.frame = frame(key, title,
                      tr(language, "Contribution of each factor (Shapley decomposition); they add up to the change",
                         "Bidrag fra hver faktor (Shapley-dekomponering); bidragene summerer seg til endringen"),
                      input, language, options, 470.0);
  chart.y_axis = arsverk_axis(language);
  chart.start_label = std::to_string(input.base.base_year);
  chart.start = attribution.service_arsverk.row(0).sum();
  for (int f = 0; f < engine::kGrowthFactorCount; ++f) {
    chart.step_labels.push_back(factor_label(engine::GrowthFactor(f), language));
    chart.steps.push_back(attribution.total(engine::GrowthFactor(f), last));
  }
  chart.end_label = std::to_string(last);
  chart.end = attribution.service_arsverk.row(attribution.year_index(last)).sum();
  // One scale for every scenario's waterfall: the highest running level of any of them.
  for (const engine::GrowthAttribution& other : input.attributions) {
    double level = other.service_arsverk.row(0).sum();
    chart.y_max = std::max(chart.y_max, level);
    for (int f = 0; f < engine::kGrowthFactorCount; ++f) {
      level += other.total(engine::GrowthFactor(f), last);
      chart.y_max = std::max(chart.y_max, level * 1.06);
    }
  }
  ChartData data;
  data.x_header = tr(language, "Step", "Ledd");
  data.x.push_back(chart.start_label);
  data.x.insert(data.x.end(), chart.step_labels.begin(), chart.step_labels.end());
  data.x.push_back(chart.end_label);
  data.unit = tr(language, "Årsverk: the level in the first and last row, the change due to each factor between",
                 "Årsverk: nivået i første og siste rad, endringen som skyldes hver faktor imellom");
  data.names = {tr(language, "Årsverk", "Årsverk")};
  data.values = {{chart.start}};
  data.values[0].insert(data.values[0].end(), chart.steps.begin(), chart.steps.end());
  data.values[0].push_back(chart.end);
  return {key, ChartSection::attribution, title, render(chart), std::move(data)};
}

std::optional<Chart> lever_chart(const ReportInput& input, Language language, const ChartOptions& options) {
  const int last = input.base.end_year;
  BarChart chart;
  Series saved{tr(language, "Årsverk saved", "Årsverk spart"), {}};
  Series added{tr(language, "Technical årsverk added", "Tekniske årsverk lagt til"), {}};
  Series net{tr(language, "Net årsverk saved", "Netto årsverk spart"), {}};
  const bool several = std::count_if(input.results.begin(), input.results.end(), [](const auto& r) { return r.levers.has_value(); }) > 1;
  for (const auto& result : input.results) {
    if (!result.levers) continue;
    const Eigen::Index i = result.year_index(last);
    for (const engine::LeverEffect& effect : result.levers->levers) {
      chart.categories.push_back(several ? scenario_label(input, result.scenario, language) + ": " + effect.name : effect.name);
      saved.values.push_back(effect.saved.row(i).sum());
      added.values.push_back(effect.added.row(i).sum());
      net.values.push_back(effect.saved.row(i).sum() - effect.added.row(i).sum());
    }
  }
  if (chart.categories.empty()) return std::nullopt;
  const std::string title = tr(language, "Effects of equipment and technology levers in ", "Effekter av utstyrs- og teknologitiltak i ") +
                            std::to_string(last);
  chart.frame = frame("lever_effects", title,
                      tr(language, "Against the same scenario without levers", "Mot samme scenario uten tiltak"), input, language, options,
                      std::max(360.0, 170.0 + 62.0 * double(chart.categories.size())));
  chart.x_axis = arsverk_axis(language);
  chart.series = {saved, added, net};
  chart.value_decimals = 0;
  ChartData data;
  data.x_header = tr(language, "Lever", "Tiltak");
  data.x = chart.categories;
  data.unit = tr(language, "Årsverk", "Årsverk");
  for (const Series& series : chart.series) {
    data.names.push_back(series.label);
    data.values.push_back(series.values);
  }
  return Chart{"lever_effects", ChartSection::levers, title, render(chart), std::move(data)};
}

std::vector<Chart> sweep_charts(const SweepReport& sweep, const std::string& key, const ReportInput& input, Language language, const ChartOptions& options) {
  std::vector<Chart> charts;
  const std::string draws = format_human(double(sweep.draws), 0, language);
  const std::string scenario = scenario_label(input, sweep.scenario, language);
  const std::string note =
      tr(language, "Source: carecast ", "Kilde: carecast ") + input.provenance.engine_version +
      tr(language, ", Monte Carlo simulation with ", ", Monte Carlo-simulering med ") + draws +
      tr(language, " draws (seed ", " trekninger (frø ") + sweep.seed +
      tr(language, "); the distributions of the uncertain assumptions are in the sweep file ",
         "); fordelingene til de usikre forutsetningene står i analysefilen ") + sweep.sweep + ".yaml.";
  {
    FanChart chart;
    const std::string title = tr(language, "Uncertainty in total årsverk, ", "Usikkerhet i samlede årsverk, ") +
                              std::to_string(sweep.years.front()) + "–" + std::to_string(sweep.years.back()) + ": " + scenario;
    chart.frame = frame("sweep_fan_" + key, title,
                        tr(language, "Quantiles of ", "Kvantiler av ") + draws +
                            tr(language, " draws; the deterministic path uses the scenario's own values (see the notes to the table)",
                               " trekninger; den deterministiske banen bruker scenarioets egne verdier (se merknaden til tabellen)"),
                        input, language, options);
    chart.frame.note = note;
    chart.x_axis = year_axis(language);
    chart.y_axis = arsverk_axis(language);
    chart.years = sweep.years;
    const std::size_t n = sweep.probabilities.size();
    auto label = [&](double p) { return std::string("P") + format_human(p * 100.0, 0, language); };
    for (std::size_t q = 0; q < n / 2; ++q) {
      chart.bands.push_back({label(sweep.probabilities[q]) + "–" + label(sweep.probabilities[n - 1 - q]),
                             as_vector(sweep.quantiles.col(Eigen::Index(q))), as_vector(sweep.quantiles.col(Eigen::Index(n - 1 - q)))});
    }
    std::size_t middle = n / 2;
    for (std::size_t q = 0; q < n; ++q) {
      if (std::abs(sweep.probabilities[q] - 0.5) < 1e-9) middle = q;
    }
    chart.centre = {tr(language, "Median", "Median"), as_vector(sweep.quantiles.col(Eigen::Index(middle)))};
    if (!sweep.deterministic.empty()) {
      chart.references.push_back({tr(language, "Deterministic projection", "Deterministisk framskriving"), sweep.deterministic});
    }
    ChartData data = year_data(chart.years, language, ChartData::Native::line);
    data.unit = tr(language, "Total årsverk: quantiles over the draws", "Samlede årsverk: kvantiler over trekningene");
    for (std::size_t q = 0; q < n; ++q) {
      data.names.push_back(label(sweep.probabilities[q]));
      data.values.push_back(as_vector(sweep.quantiles.col(Eigen::Index(q))));
    }
    for (const Series& reference : chart.references) {
      data.names.push_back(reference.label);
      data.values.push_back(reference.values);
    }
    charts.push_back({"sweep_fan_" + key, ChartSection::uncertainty, title, render(chart), std::move(data)});
  }
  if (!sweep.tornado.empty()) {
    TornadoChart chart;
    const std::string title = tr(language, "One assumption at a time: total årsverk in ", "Én forutsetning om gangen: samlede årsverk i ") +
                              std::to_string(sweep.target_year) + ": " + scenario;
    std::vector<SweepReport::TornadoRow> rows = sweep.tornado;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::abs(a.high_result - a.low_result) > std::abs(b.high_result - b.low_result);
    });
    if (rows.size() > 12) rows.resize(12);
    chart.frame = frame("sweep_tornado_" + key, title,
                        tr(language, "Each bar: one assumption at its low and high value, the others at their medians",
                           "Hver søyle: én forutsetning på lav og høy verdi, de andre på medianen"),
                        input, language, options, std::max(340.0, 170.0 + 40.0 * double(rows.size())));
    chart.frame.note = note;
    chart.x_axis = Axis{tr(language, "Årsverk in ", "Årsverk i ") + std::to_string(sweep.target_year), Axis::Format::number, false};
    chart.centre = sweep.tornado_centre;
    chart.centre_label = tr(language, "All at their medians", "Alle på medianen");
    chart.low_label = tr(language, "Assumption at its low value", "Forutsetning på lav verdi");
    chart.high_label = tr(language, "Assumption at its high value", "Forutsetning på høy verdi");
    for (const auto& row : rows) {
      const std::string name = row.label.empty() ? row.parameter : row.label;
      chart.rows.push_back({row.unit.empty() ? name : name + " (" + row.unit + ")", row.low_result, row.high_result, row.low_value, row.high_value});
    }
    ChartData data;
    data.x_header = tr(language, "Assumption", "Forutsetning");
    data.unit = chart.x_axis.title;
    data.names = {chart.low_label, chart.high_label, chart.centre_label};
    data.values.resize(3);
    for (const TornadoRow& row : chart.rows) {
      data.x.push_back(row.label);
      data.values[0].push_back(row.low_result);
      data.values[1].push_back(row.high_result);
      data.values[2].push_back(chart.centre);
    }
    charts.push_back({"sweep_tornado_" + key, ChartSection::uncertainty, title, render(chart), std::move(data)});
  }
  std::vector<SweepReport::SobolRow> rows;
  for (const auto& row : sweep.sobol) {
    if (std::isfinite(row.first) && std::isfinite(row.total) && row.flag.empty()) rows.push_back(row);  // valid indices only
  }
  if (!rows.empty()) {
    BarChart chart;
    const std::string title = tr(language, "Which assumptions drive the spread: Sobol indices, ",
                                 "Hvilke forutsetninger driver spredningen: Sobol-indekser, ") + std::to_string(sweep.target_year) + ": " +
                              scenario;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.total > b.total; });
    chart.frame = frame("sweep_sobol_" + key, title,
                        tr(language, "Share of the variance of total årsverk; whiskers: ", "Andel av variansen i samlede årsverk; strekene: ") +
                            format_percent(sweep.interval_level, 0, language) + tr(language, " bootstrap intervals", " bootstrap-intervaller"),
                        input, language, options, std::max(340.0, 170.0 + 52.0 * double(rows.size())));
    chart.frame.note = note;
    chart.x_axis = Axis{tr(language, "Share of variance", "Andel av variansen"), Axis::Format::percent, true};
    Series first{tr(language, "First order", "Første orden"), {}}, total{tr(language, "Total order", "Total"), {}};
    std::vector<std::pair<double, double>> first_intervals, total_intervals;
    for (const auto& row : rows) {
      chart.categories.push_back(row.label.empty() ? row.parameter : row.label);
      first.values.push_back(row.first);
      total.values.push_back(row.total);
      first_intervals.emplace_back(row.first_low, row.first_high);
      total_intervals.emplace_back(row.total_low, row.total_high);
    }
    chart.series = {first, total};
    chart.intervals = {first_intervals, total_intervals};
    chart.value_decimals = 0;
    ChartData data;
    data.x_header = tr(language, "Assumption", "Forutsetning");
    data.x = chart.categories;
    data.unit = chart.x_axis.title;
    data.percent = true;
    for (const Series& series : chart.series) {
      data.names.push_back(series.label);
      data.values.push_back(series.values);
    }
    charts.push_back({"sweep_sobol_" + key, ChartSection::uncertainty, title, render(chart), std::move(data)});
  }
  return charts;
}

}  // namespace

std::string file_key(const std::string& name) {
  std::string key = name;
  for (char& c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) c = '_';
  }
  return key.empty() ? std::string("_") : key;
}

// The nurse and health-care-worker gap, one line per scenario and profession.
std::optional<Chart> gap_chart(const ReportInput& input, Language language, const ChartOptions& options) {
  if (!has_supply(input.results)) return std::nullopt;
  const std::string title = tr(language, "Gap, nurses and health-care workers, ", "Gap, sykepleiere og helsefagarbeidere, ") +
                            span(input);
  LineChart chart = arsverk_lines("gap", title,
                                  tr(language, "Demand minus supply in årsverk, by scenario; above zero: a shortage",
                                     "Behov minus tilbud i årsverk, etter scenario; over null: mangel"),
                                  input, language, options);
  ChartData data = year_data(chart.years, language, ChartData::Native::line);
  data.unit = tr(language, "Årsverk, demand − supply", "Årsverk, behov − tilbud");
  for (const engine::ScenarioResult& result : input.results) {
    for (const char* id : {"nurses", "health_care_workers"}) {
      const auto k = supply_profession(result, id);
      if (!k) continue;
      Series series{profession_label(input, id, language) + ", " + scenario_label(input, result.scenario, language), {}};
      for (std::size_t y = 0; y < result.years.size(); ++y) series.values.push_back(gap_value(result, *k, y).gap);
      data.names.push_back(series.label);
      data.values.push_back(series.values);
      chart.series.push_back(std::move(series));
    }
  }
  if (chart.series.empty()) return std::nullopt;
  return Chart{"gap", ChartSection::gap, title, render(chart), std::move(data)};
}

std::vector<Chart> build_charts(const ReportInput& input, Language language, const ChartOptions& options) {
  CARECAST_CHECK(!input.results.empty() && input.attributions.size() == input.results.size(),
                 "charts need one result and one attribution per scenario");
  std::vector<Chart> charts;
  charts.push_back(total_chart(input, language, options));
  charts.push_back(share_chart(input, language, options));
  for (std::size_t s = 0; s < input.results.size(); ++s) charts.push_back(services_chart(input, s, language, options));
  charts.push_back(pyramid_chart(input, language, options));
  for (std::size_t s = 0; s < input.attributions.size(); ++s) charts.push_back(waterfall_chart(input, s, language, options));
  if (auto levers = lever_chart(input, language, options)) charts.push_back(std::move(*levers));
  if (auto regional = regional_chart(input, language, options)) charts.push_back(std::move(*regional));
  if (auto gap = gap_chart(input, language, options)) charts.push_back(std::move(*gap));
  std::vector<std::string> sweep_keys;
  for (std::size_t s = 0; s < input.sweeps.size(); ++s) {
    std::string key = file_key(input.sweeps[s].scenario);
    if (std::find(sweep_keys.begin(), sweep_keys.end(), key) != sweep_keys.end()) key += std::string("_") + std::to_string(s + 1);
    sweep_keys.push_back(key);
    for (Chart& chart : sweep_charts(input.sweeps[s], key, input, language, options)) charts.push_back(std::move(chart));
  }
  return charts;
}

}  // namespace carecast::output::report
