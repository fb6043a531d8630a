#include "carecast/output/report/regions_report.hpp"

#include <algorithm>
#include <cmath>

#include "carecast/engine/check.hpp"
#include "carecast/output/regions_output.hpp"
#include "carecast/output/report/svg_chart.hpp"
#include "carecast/output/report/text.hpp"
#include "carecast/output/summary.hpp"

namespace carecast::output::report {
namespace {

const std::vector<std::string_view> kDashes{"", "6 3", "2 3", "8 3 2 3"};
const std::vector<std::string_view> kColours{"#1f4e79", "#c55a11", "#548235", "#7030a0"};

bool has_regions(const ReportInput& input) {
  return !input.results.empty() && input.results.front().regional.has_value() && input.base.regions.has_value();
}

std::vector<std::string> region_names(const ReportInput& input) {
  return output::region_names(input.base, *input.results.front().regional);
}

double total_of(const Eigen::MatrixXd& arsverk, std::size_t year) { return arsverk.row(Eigen::Index(year)).sum(); }

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

std::optional<Table> regional_table(const ReportInput& input, Language language) {
  if (!has_regions(input)) return std::nullopt;
  const std::vector<int> years = output::summary_years(input.results.front().years, input.years);
  const bool counties = input.results.front().regional->level == engine::RegionLevel::county;
  const std::vector<std::string> names = region_names(input);
  Table table;
  table.key = "arsverk_by_region";
  table.sheet = tr(language, "Årsverk by region", "Årsverk etter region");
  table.title = counties ? tr(language, "Årsverk needed by county", "Årsverk som trengs, etter fylke")
                         : tr(language, "Årsverk needed by health region", "Årsverk som trengs, etter helseregion");
  table.unit = tr(language, "All service areas together, whole årsverk; growth from the base year to the end year in percent.",
                  "Alle tjenesteområder samlet, hele årsverk; vekst fra basisåret til siste år i prosent.");
  table.group_header = tr(language, "Scenario", "Scenario");
  table.stub = counties ? tr(language, "County", "Fylke") : tr(language, "Health region", "Helseregion");
  for (int year : years) table.columns.push_back({std::to_string(year), 0, ValueFormat::number});
  const int first = input.results.front().years.front(), last = input.results.front().years.back();
  table.columns.push_back({std::to_string(first) + "–" + std::to_string(last), 0, ValueFormat::percent});
  bool undefined_growth = false;
  for (const engine::ScenarioResult& result : input.results) {
    table.rows.push_back({scenario_label(input, result.scenario, language), RowKind::group, {}});
    const std::size_t end = result.years.size() - 1;
    auto add = [&](const std::string& label, RowKind kind, const Eigen::MatrixXd& arsverk) {
      Row row{label, kind, {}};
      for (int year : years) row.cells.push_back(Cell{total_of(arsverk, std::size_t(result.year_index(year))), {}});
      // Growth is not defined for a region without årsverk in the base year (no population).
      const double base = total_of(arsverk, 0);
      row.cells.push_back(base > 0.0 ? Cell{total_of(arsverk, end) / base - 1.0, {}} : Cell{std::nullopt, "–"});
      undefined_growth = undefined_growth || !(base > 0.0);
      table.rows.push_back(std::move(row));
    };
    for (std::size_t r = 0; r < names.size(); ++r) add(names[r], RowKind::data, result.regional->service_arsverk[r]);
    add(country_label(input.base.country, language), RowKind::total, result.service_arsverk);
  }
  if (undefined_growth) {
    table.notes.push_back(tr(language, "–: no årsverk in the base year, so no growth.",
                             "–: ingen årsverk i basisåret, så ingen vekst."));
  }
  table.notes.push_back(
      tr(language, "Each region gets the share of the national årsverk of each service area that the national use by age and sex gives its population (with healthy ageing), or its own base-year share where regional årsverk are supplied; the regions add up to the national figures exactly.",
         "Hver region får den andelen av de nasjonale årsverkene i hvert tjenesteområde som nasjonal bruk etter alder og kjønn gir befolkningen der (med sunn aldring), eller sin egen andel i basisåret der regionale årsverk er oppgitt; regionene summerer seg nøyaktig til de nasjonale tallene."));
  table.notes.push_back(
      tr(language, "Population by county: cohort-component projection with national fertility (scaled by county) and mortality, county net migration from the residual method on observed county populations, adjusted cell by cell to the national projection (docs/regions.md). Source: SSB table 07459 (2024 county borders).",
         "Befolkning etter fylke: kohort-komponent-framskriving med nasjonal fruktbarhet (skalert per fylke) og dødelighet, netto flytting per fylke fra restmetoden på observert fylkesbefolkning, justert celle for celle til den nasjonale framskrivingen (docs/regions.md). Kilde: SSB tabell 07459 (fylkesinndeling 2024)."));
  return table;
}

std::optional<Chart> regional_chart(const ReportInput& input, Language language, const ChartOptions& options) {
  if (!has_regions(input)) return std::nullopt;
  const engine::ScenarioResult& front = input.results.front();
  const bool counties = front.regional->level == engine::RegionLevel::county;
  SmallMultiples chart;
  chart.id = "regions_index";
  chart.language = language;
  chart.show_title = options.titles;
  chart.title = (counties ? tr(language, "Årsverk by county, index ", "Årsverk etter fylke, indeks ")
                          : tr(language, "Årsverk by health region, index ", "Årsverk etter helseregion, indeks ")) +
                std::to_string(front.years.front()) + " = 100";
  chart.subtitle = tr(language, "Same scale in every panel; one line per scenario, grey: the nation",
                      "Samme skala i alle panelene; én linje per scenario, grå: hele landet");
  chart.note = tr(language, "Source: carecast regional projection (docs/regions.md).", "Kilde: carecast regional framskriving (docs/regions.md).");
  chart.y_title = tr(language, "Index", "Indeks");
  chart.years = front.years;
  // A region without årsverk in the base year (no population there) has no index: it gets no
  // panel, and the note says so.
  const std::vector<std::string> names = region_names(input);
  std::vector<std::size_t> shown;
  for (std::size_t r = 0; r < names.size(); ++r) {
    const bool indexed = std::all_of(input.results.begin(), input.results.end(), [&](const engine::ScenarioResult& result) {
      const double base = result.regional->service_arsverk[r].row(0).sum();
      return base > 0.0 && std::isfinite(base);
    });
    if (indexed) shown.push_back(r);
  }
  if (shown.empty()) return std::nullopt;
  for (std::size_t r : shown) chart.panels.push_back(names[r]);
  if (shown.size() < names.size()) {
    chart.note += tr(language, " Not shown (no årsverk in the base year): ", " Ikke vist (ingen årsverk i basisåret): ");
    bool first = true;
    for (std::size_t r = 0; r < names.size(); ++r) {
      if (std::find(shown.begin(), shown.end(), r) != shown.end()) continue;
      chart.note += (first ? "" : ", ") + names[r];
      first = false;
    }
    chart.note += ".";
  }
  ChartData data;
  data.x_header = tr(language, "Year", "År");
  data.x_years = true;
  for (int year : front.years) data.x.push_back(std::to_string(year));
  data.decimals = 1;
  data.unit = chart.y_title + " (" + std::to_string(front.years.front()) + " = 100)";
  auto index_of = [](const Eigen::MatrixXd& arsverk) {
    std::vector<double> index;
    for (Eigen::Index i = 0; i < arsverk.rows(); ++i) index.push_back(100.0 * arsverk.row(i).sum() / arsverk.row(0).sum());
    return index;
  };
  for (const engine::ScenarioResult& result : input.results) chart.series.push_back(scenario_label(input, result.scenario, language));
  chart.values.assign(chart.panels.size(), {});
  for (std::size_t r = 0; r < chart.panels.size(); ++r) {
    for (std::size_t s = 0; s < input.results.size(); ++s) {
      chart.values[r].push_back(index_of(input.results[s].regional->service_arsverk[shown[r]]));
      data.names.push_back(chart.panels[r] + (input.results.size() > 1 ? " — " + chart.series[s] : std::string()));
      data.values.push_back(chart.values[r].back());
    }
  }
  chart.reference = index_of(front.service_arsverk);
  chart.reference_label = country_label(input.base.country, language);
  data.names.push_back(chart.reference_label);
  data.values.push_back(chart.reference);
  return Chart{"regions_index", ChartSection::regions, chart.title, render(chart), std::move(data)};
}

std::string render(const SmallMultiples& chart) {
  CARECAST_CHECK(chart.years.size() >= 2 && !chart.panels.empty() && chart.values.size() == chart.panels.size(),
                 "small multiples need years and one value list per panel");
  double low = HUGE_VAL, high = -HUGE_VAL;
  auto span = [&](const std::vector<double>& values) {
    CARECAST_CHECK(values.size() == chart.years.size(), "one value per year");
    for (double value : values) {
      CARECAST_CHECK(std::isfinite(value), "non-finite value in small multiples");
      low = std::min(low, value);
      high = std::max(high, value);
    }
  };
  for (const auto& panel : chart.values) {
    CARECAST_CHECK(panel.size() == chart.series.size(), "one line per series in every panel");
    for (const auto& line : panel) span(line);
  }
  if (!chart.reference.empty()) span(chart.reference);
  const NiceScale scale = nice_scale(low, high, 4);
  const Language language = chart.language;

  // Layout: up to four panels a row, the shared scale labelled at the left of each row.
  const std::size_t count = chart.panels.size();
  const std::size_t columns = count <= 4 ? 2 : 4, rows = (count + columns - 1) / columns;
  const double width = 640.0, left = 44.0, right = 12.0, gap = 10.0, panel_title = 16.0;
  const double top = chart.show_title ? 58.0 : 34.0, panel_height = count <= 4 ? 150.0 : 96.0, axis_room = 16.0;
  const double legend_height = 22.0, note_height = 20.0;
  const double panel_width = (width - left - right - gap * double(columns - 1)) / double(columns);
  const double height = top + double(rows) * (panel_title + panel_height + axis_room + gap) + legend_height + note_height;
  const int first = chart.years.front(), last = chart.years.back();

  std::string svg;
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + fixed(width, 0) + " " + fixed(height, 0) +
         "\" width=\"" + fixed(width, 0) + "\" height=\"" + fixed(height, 0) + "\" role=\"img\" aria-labelledby=\"" + chart.id +
         "-title\" font-family=\"DejaVu Sans, sans-serif\">\n";
  svg += "<title id=\"" + chart.id + "-title\">" + xml_escape(chart.title) + "</title>\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  if (chart.show_title) {
    svg += "<text x=\"" + fixed(left, 1) + "\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">" + xml_escape(chart.title) + "</text>\n";
  }
  svg += "<text x=\"" + fixed(left, 1) + "\" y=\"" + fixed(top - 14.0, 1) + "\" font-size=\"11\" fill=\"#555555\">" +
         xml_escape(chart.subtitle) + "</text>\n";
  for (std::size_t p = 0; p < count; ++p) {
    const double x0 = left + double(p % columns) * (panel_width + gap);
    const double y0 = top + double(p / columns) * (panel_title + panel_height + axis_room + gap) + panel_title;
    const double y1 = y0 + panel_height;
    auto x_of = [&](int year) { return x0 + panel_width * double(year - first) / double(last - first); };
    auto y_of = [&](double value) { return y1 - panel_height * (value - scale.min) / (scale.max - scale.min); };
    svg += "<g id=\"" + chart.id + "-panel-" + std::to_string(p + 1) + "\">\n";
    svg += "<text x=\"" + fixed(x0, 1) + "\" y=\"" + fixed(y0 - 4.0, 1) + "\" font-size=\"11\" font-weight=\"bold\" fill=\"#222222\">" +
           xml_escape(chart.panels[p]) + "</text>\n";
    svg += "<rect x=\"" + fixed(x0, 1) + "\" y=\"" + fixed(y0, 1) + "\" width=\"" + fixed(panel_width, 1) + "\" height=\"" +
           fixed(panel_height, 1) + "\" fill=\"#f7f7f7\" stroke=\"#bbbbbb\" stroke-width=\"0.6\"/>\n";
    for (double tick : scale.ticks) {
      const double y = y_of(tick);
      svg += "<line x1=\"" + fixed(x0, 1) + "\" x2=\"" + fixed(x0 + panel_width, 1) + "\" y1=\"" + fixed(y, 1) + "\" y2=\"" + fixed(y, 1) +
             "\" stroke=\"#dddddd\" stroke-width=\"0.6\"/>\n";
      if (p % columns == 0) {
        svg += "<text x=\"" + fixed(x0 - 4.0, 1) + "\" y=\"" + fixed(y + 3.5, 1) + "\" font-size=\"9.5\" text-anchor=\"end\" fill=\"#444444\">" +
               xml_escape(format_human(tick, scale.decimals, language)) + "</text>\n";
      }
    }
    for (int year : {first, last}) {
      svg += "<text x=\"" + fixed(x_of(year), 1) + "\" y=\"" + fixed(y1 + 12.0, 1) + "\" font-size=\"9.5\" text-anchor=\"" +
             (year == first ? "start" : "end") + "\" fill=\"#444444\">" + std::to_string(year) + "</text>\n";
    }
    auto polyline = [&](const std::vector<double>& values, std::string_view colour, double stroke, std::string_view dash) {
      std::string points;
      for (std::size_t i = 0; i < values.size(); ++i) {
        // Piece by piece: GCC 12 warns (-Wrestrict, a false positive) on this chain of +.
        if (i > 0) points += ' ';
        points += fixed(x_of(chart.years[i]), 1);
        points += ',';
        points += fixed(y_of(values[i]), 1);
      }
      svg += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"" + fixed(stroke, 1) + "\"" +
             (dash.empty() ? std::string() : " stroke-dasharray=\"" + std::string(dash) + "\"") + " points=\"" + points + "\"/>\n";
    };
    if (!chart.reference.empty()) polyline(chart.reference, "#999999", 1.4, "");
    for (std::size_t s = 0; s < chart.values[p].size(); ++s) {
      polyline(chart.values[p][s], kColours[s % kColours.size()], 2.0, kDashes[s % kDashes.size()]);
    }
    svg += "</g>\n";
  }
  // Legend and the unit, then the note.
  double x = left;
  const double legend_y = height - note_height - legend_height / 2.0;
  auto legend_item = [&](const std::string& label, std::string_view colour, std::string_view dash, double stroke) {
    svg += "<line x1=\"" + fixed(x, 1) + "\" x2=\"" + fixed(x + 22.0, 1) + "\" y1=\"" + fixed(legend_y, 1) + "\" y2=\"" + fixed(legend_y, 1) +
           "\" stroke=\"" + std::string(colour) + "\" stroke-width=\"" + fixed(stroke, 1) + "\"" +
           (dash.empty() ? std::string() : " stroke-dasharray=\"" + std::string(dash) + "\"") + "/>\n";
    svg += "<text x=\"" + fixed(x + 26.0, 1) + "\" y=\"" + fixed(legend_y + 3.5, 1) + "\" font-size=\"10\" fill=\"#222222\">" +
           xml_escape(label) + "</text>\n";
    x += 26.0 + text_width(label, 10.0) + 14.0;
  };
  for (std::size_t s = 0; s < chart.series.size(); ++s) legend_item(chart.series[s], kColours[s % kColours.size()], kDashes[s % kDashes.size()], 2.0);
  if (!chart.reference.empty()) legend_item(chart.reference_label, "#999999", "", 1.4);
  svg += "<text x=\"" + fixed(width - right, 1) + "\" y=\"" + fixed(legend_y + 3.5, 1) + "\" font-size=\"10\" text-anchor=\"end\" fill=\"#444444\">" +
         xml_escape(chart.y_title) + "</text>\n";
  svg += "<text x=\"" + fixed(left, 1) + "\" y=\"" + fixed(height - 6.0, 1) + "\" font-size=\"9.5\" fill=\"#555555\">" + xml_escape(chart.note) +
         "</text>\n";
  svg += "</svg>\n";
  return svg;
}

}  // namespace carecast::output::report
