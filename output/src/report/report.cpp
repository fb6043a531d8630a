#include "carecast/output/report/report.hpp"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "carecast/engine/check.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/report/svg_chart.hpp"
#include "carecast/output/report/text.hpp"
#include "carecast/output/report/workbook.hpp"

extern char** environ;

namespace carecast::output::report {
namespace {

std::string e(std::string_view text) { return xml_escape(text); }

// A label inside a sentence: "Age structure" -> "age structure" (labels start with ASCII).
std::string in_sentence(std::string label) {
  if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') label[0] = char(label[0] - 'A' + 'a');
  return label;
}

// The CSS of the page: print-friendly, tables with tabular figures, charts scale to the page.
constexpr std::string_view kStyle = R"(
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --shade: #eef1f5; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
       max-width: 64rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; font-size: 15px; background: #fff; }
header { border-bottom: 3px solid var(--ink); margin-bottom: 1.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--ink); padding-bottom: .2rem; margin-top: 2.6rem; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
p.lead { color: var(--muted); margin: 0 0 .8rem; }
nav ol { columns: 2; font-size: .92rem; }
a { color: #1f4e79; }
.key-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.key-figures > div { border: 1px solid var(--rule); border-left: 4px solid #1f4e79; padding: .6rem .8rem; }
.key-figures .name { font-weight: bold; }
.key-figures .value { font-size: 1.45rem; font-weight: bold; font-variant-numeric: tabular-nums; }
.key-figures .detail { color: var(--muted); font-size: .88rem; }
figure { margin: 1.6rem 0; }
figure.chart svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .35rem; }
figcaption .number, caption .number { font-weight: bold; color: var(--ink); }
.charts-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 0 1.2rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .84rem; font-variant-numeric: tabular-nums; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: .45rem; font-size: .95rem; }
caption .unit { font-weight: normal; color: var(--muted); font-size: .85rem; }
th, td { padding: .22rem .5rem; border-bottom: 1px solid #e3e3e3; }
td { text-align: right; white-space: nowrap; }
td.text { text-align: left; white-space: normal; }
thead th { border-bottom: 2px solid var(--ink); text-align: right; vertical-align: bottom; }
thead th:first-child, thead th.text { text-align: left; }
tbody th { text-align: left; font-weight: normal; }
tr.group th { background: var(--shade); font-weight: bold; padding-top: .5rem; }
tr.total th, tr.total td { font-weight: bold; border-top: 1.5px solid var(--ink); }
ul.notes { font-size: .8rem; color: var(--muted); padding-left: 1.2rem; margin-top: .4rem; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; font-size: .9rem; }
dl.provenance dt { font-weight: bold; }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
p.warning { border-left: 4px solid #8a5a00; background: #fff6e0; padding: .4rem .7rem; font-size: .9rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; padding-top: .6rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  h2 { break-before: page; }
  figure, tr { break-inside: avoid; }
  nav { display: none; }
}
)";

// "+37 %"; "" where there is no base to compare with (0 in the first year, e.g. no one aged
// 80 or older in a base file whose oldest age is lower).
std::string percent_change(double from, double to, Language language) {
  const double change = (to / from - 1.0) * 100.0;
  if (!(from > 0.0) || !std::isfinite(change)) return {};
  return format_signed(change, 0, language) + (language == Language::nb ? "\u202F%" : "%");
}

// `text` between `before` and `after` (" (" and ")": " (+37 %)"), or "" when `text` is empty
// (a change percent_change cannot give).
std::string around(const std::string& text, std::string_view before, std::string_view after) {
  return text.empty() ? text : std::string(before) + text + std::string(after);
}

// The opening paragraphs, computed from the results.
std::string summary_html(const ReportInput& input, Language language) {
  const int first = input.base.base_year, last = input.base.end_year;
  const engine::ScenarioResult& any = input.results.front();
  const std::size_t i0 = 0, i1 = std::size_t(any.year_index(last));
  std::string out;
  const double base_arsverk = any.indicators.health_care_arsverk[i0];
  std::size_t low = 0, high = 0;
  for (std::size_t s = 0; s < input.results.size(); ++s) {
    const double value = input.results[s].indicators.health_care_arsverk[i1];
    if (value < input.results[low].indicators.health_care_arsverk[i1]) low = s;
    if (value > input.results[high].indicators.health_care_arsverk[i1]) high = s;
  }
  const auto& lo = input.results[low].indicators;
  const auto& hi = input.results[high].indicators;
  out += "<p>";
  out += tr(language, "In ", "I ") + std::to_string(first) + tr(language, " the public health and care services in the model used ",
                                                                  " brukte de offentlige helse- og omsorgstjenestene i modellen ") +
         format_human(base_arsverk, 0, language) + tr(language, " årsverk, ", " årsverk, ") +
         format_percent(any.indicators.share_of_all_arsverk[i0], 1, language) +
         tr(language, " of all årsverk in the economy. ", " av alle årsverk i økonomien. ");
  if (input.results.size() == 1) {
    out += tr(language, "By ", "I ") + std::to_string(last) + tr(language, " the scenario needs ", " trenger scenarioet ") +
           format_human(lo.health_care_arsverk[i1], 0, language) + around(percent_change(base_arsverk, lo.health_care_arsverk[i1], language), " (", ")") +
           tr(language, ", a share of ", ", en andel på ") + format_percent(lo.share_of_all_arsverk[i1], 1, language) + ".";
  } else {
    out += tr(language, "By ", "I ") + std::to_string(last) + tr(language, " the scenarios need between ", " trenger scenarioene mellom ") +
           format_human(lo.health_care_arsverk[i1], 0, language) + " (" + e(scenario_label(input, input.results[low].scenario, language)) +
           around(percent_change(base_arsverk, lo.health_care_arsverk[i1], language), ", ", "") + tr(language, ") and ", ") og ") +
           format_human(hi.health_care_arsverk[i1], 0, language) + " (" + e(scenario_label(input, input.results[high].scenario, language)) +
           around(percent_change(base_arsverk, hi.health_care_arsverk[i1], language), ", ", "") +
           tr(language, ") årsverk, a share of all årsverk between ", ") årsverk, en andel av alle årsverk mellom ") +
           format_percent(lo.share_of_all_arsverk[i1], 1, language) + tr(language, " and ", " og ") +
           format_percent(hi.share_of_all_arsverk[i1], 1, language) + ".";
  }
  out += "</p>\n<p>";
  if (any.indicators.population_80plus[i0] > 0.0) {
    out += tr(language, "The number of inhabitants aged 80 or older goes from ", "Antallet innbyggere som er 80 år eller eldre går fra ") +
           format_human(any.indicators.population_80plus[i0], 0, language) + tr(language, " to ", " til ") +
           format_human(any.indicators.population_80plus[i1], 0, language) +
           around(percent_change(any.indicators.population_80plus[i0], any.indicators.population_80plus[i1], language), " (", ")");
    out += tr(language, "; the whole population from ", "; hele befolkningen fra ");
  } else {  // no one aged 80 or older in the base year (a base file whose oldest age is lower)
    out += tr(language, "The population goes from ", "Befolkningen går fra ");
  }
  out += format_human(any.indicators.population[i0], 0, language) + tr(language, " to ", " til ") +
         format_human(any.indicators.population[i1], 0, language) + ".";
  // The largest contributions in the first scenario's attribution.
  const engine::GrowthAttribution& attribution = input.attributions.front();
  int up = 0, down = 0;
  for (int f = 1; f < engine::kGrowthFactorCount; ++f) {
    if (attribution.total(engine::GrowthFactor(f), last) > attribution.total(engine::GrowthFactor(up), last)) up = f;
    if (attribution.total(engine::GrowthFactor(f), last) < attribution.total(engine::GrowthFactor(down), last)) down = f;
  }
  out += tr(language, " In the scenario ", " I scenarioet ") + e(scenario_label(input, attribution.scenario, language)) +
         tr(language, ", ", " er ") + e(in_sentence(factor_label(engine::GrowthFactor(up), language))) +
         tr(language, " is the factor that adds most årsverk to ", " den faktoren som legger til flest årsverk fram til ") +
         std::to_string(last) + " (" + format_signed(attribution.total(engine::GrowthFactor(up), last), 0, language) + ")";
  if (attribution.total(engine::GrowthFactor(down), last) < 0.0) {
    out += tr(language, ", and ", ", og ") + e(in_sentence(factor_label(engine::GrowthFactor(down), language))) +
           tr(language, " the one that saves most", " den som sparer flest") + " (" +
           format_signed(attribution.total(engine::GrowthFactor(down), last), 0, language) + ")";
  }
  out += ".</p>\n";

  out += "<div class=\"key-figures\">\n";
  for (const engine::ScenarioResult& result : input.results) {
    const auto& indicators = result.indicators;
    const std::string description = scenario_description(input, result.scenario, language);
    out += "<div><div class=\"name\">" + e(scenario_label(input, result.scenario, language)) + "</div>" +
           (description.empty() ? std::string() : "<div class=\"detail\">" + e(description) + "</div>") + "<div class=\"value\">" +
           format_human(indicators.health_care_arsverk[i1], 0, language) + "</div><div class=\"detail\">" +
           tr(language, "årsverk in ", "årsverk i ") + std::to_string(last) +
           around(percent_change(indicators.health_care_arsverk[i0], indicators.health_care_arsverk[i1], language), " (",
                  tr(language, " since ", " fra ") + std::to_string(first) + ")") +
           "<br>" +
           format_percent(indicators.share_of_all_arsverk[i1], 1, language) + tr(language, " of all årsverk", " av alle årsverk") +
           "</div></div>\n";
  }
  out += "</div>\n";
  return out;
}

std::string method_html(const ReportInput& input, Language language) {
  // Healthy ageing and family care are described as the scenarios use them (table 1 gives
  // the parameters): each method that at least one scenario uses.
  const auto any = [&](auto used) { return std::any_of(input.scenarios.begin(), input.scenarios.end(), used); };
  const bool by_mortality = any([](const engine::ScenarioParameters& s) {
    return s.healthy_ageing.method == engine::HealthyAgeingMethod::mortality_ratio;
  });
  const bool by_age_shift = any([](const engine::ScenarioParameters& s) {
    return s.healthy_ageing.method == engine::HealthyAgeingMethod::age_shift;
  });
  const bool total_need = any([](const engine::ScenarioParameters& s) {
    return s.family_care.mode == engine::FamilyCareMode::total_need;
  });
  const bool spillover = any([](const engine::ScenarioParameters& s) {
    return s.family_care.mode == engine::FamilyCareMode::spillover;
  });
  // Sentences of the method, each where a scenario uses it.
  struct Sentence {
    bool used;
    const char* en;
    const char* nb;
  };
  const Sentence sentences[] = {
      {true,
       "Årsverk needed in each service area are the base year's årsverk per inhabitant by sex and single age, applied to the projected population and grown by the service standard and reduced by productivity growth, [(1 + s)/(1 + p)] per year.",
       "Årsverk i hvert tjenesteområde er basisårets årsverk per innbygger etter kjønn og ettårig alder, anvendt på den framskrevne befolkningen, økt med standardveksten og redusert med produktivitetsveksten, [(1 + s)/(1 + p)] per år."},
      {by_mortality,
       " With healthy ageing (healthier elderly), the user rates of people older than the threshold age fall with their death probabilities: they are multiplied by (q(t)/q(base year))^η, η the elasticity.",
       " Med sunn aldring (friskere eldre) faller bruksratene til personer over terskelalderen med dødssannsynlighetene deres: de multipliseres med (q(t)/q(basisår))^η, der η er elastisiteten."},
      {by_age_shift,
       " With healthy ageing by age shift, people older than the threshold age use services like people θ × (gain in remaining life expectancy) years younger did in the base year.",
       " Med sunn aldring som aldersforskyvning bruker personer over terskelalderen tjenester som personer θ × (gevinsten i gjenstående levealder) år yngre gjorde i basisåret."},
      {total_need,
       " Unpaid family care is part of the total need for long-term care, which grows with the population; the long-term-care services supply what family care does not.",
       " Ulønnet familieomsorg er en del av det samlede behovet for pleie og omsorg, som vokser med befolkningen; de kommunale omsorgstjenestene dekker det familieomsorgen ikke dekker."},
      {spillover,
       " A fall in unpaid family care below its base-year level is partly taken over by the long-term-care services.",
       " Faller den ulønnede familieomsorgen under basisårets nivå, overtar de kommunale omsorgstjenestene en del av nedgangen."},
      {true,
       " The method follows Statistics Norway's projections of labour demand in health and care (SSB Rapporter 2014/14, 2019/12, 2023/03).",
       " Metoden følger SSBs framskrivinger av arbeidskraftbehovet i helse og omsorg (SSB Rapporter 2014/14, 2019/12, 2023/03)."},
  };
  std::string out = "<p>";
  for (const Sentence& sentence : sentences) {
    if (sentence.used) out += tr(language, sentence.en, sentence.nb);
  }
  out += "</p>\n<p>";
  out += tr(language, "All figures are projections under the stated assumptions, not forecasts. The base year is ",
            "Alle tall er framskrivinger under forutsetningene som er oppgitt, ikke prognoser. Basisåret er ") +
         std::to_string(input.base.base_year) + ".";
  out += "</p>\n";
  return out;
}

std::string provenance_html(const ReportInput& input, Language language) {
  std::string out = "<dl class=\"provenance\">\n";
  for (const auto& [label, value] : provenance_lines(input.provenance, language)) {
    out += "<dt>" + e(label) + "</dt><dd>" + e(value) + "</dd>\n";
  }
  out += "</dl>\n";
  if (!input.provenance.sources.empty()) {
    out += "<h3>" + tr(language, "Data sources", "Datakilder") + "</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">" +
           tr(language, "Data", "Data") + "</th><th scope=\"col\" style=\"text-align:left\">" + tr(language, "File", "Fil") +
           "</th><th scope=\"col\" style=\"text-align:left\">" + tr(language, "Source and licence", "Kilde og lisens") +
           "</th></tr></thead>\n<tbody>\n";
    for (const SourceNote& source : input.provenance.sources) {
      out += "<tr><th scope=\"row\">" + e(source.role) + "</th><td class=\"text\">" + e(source.path) + "</td><td class=\"text\">" +
             e(source.note) + "</td></tr>\n";
    }
    out += "</tbody>\n</table></div>\n";
  }
  return out;
}

const Table* find_table(const std::vector<Table>& tables, std::string_view key, int& number) {
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (tables[t].key == key) {
      number = int(t + 1);
      return &tables[t];
    }
  }
  return nullptr;
}

// Where a rsvg-convert executable is on the PATH, empty when there is none.
std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  std::string_view rest(path);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    std::string directory(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (directory.empty()) continue;
    const std::string candidate = directory + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

// Runs `argv` and waits; true when it exits with status 0.
bool run_program(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
  pointers.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, argv.front().c_str(), nullptr, nullptr, pointers.data(), environ) != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void make_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw OutputError(directory, "cannot create the directory: " + error.message());
}

}  // namespace

std::string report_title(const ReportInput& input, Language language) {
  return tr(language, "Labour demand in health and care, ", "Arbeidskraftbehovet i helse og omsorg, ") +
         country_label(input.base.country, language) + " " + std::to_string(input.base.base_year) + "–" +
         std::to_string(input.base.end_year);
}

std::string report_html(const ReportInput& input, const std::vector<Table>& tables, const std::vector<Chart>& charts,
                        Language language) {
  const std::string title = report_title(input, language);
  int figure_number = 0;
  auto figures = [&](ChartSection section, bool grid) {
    std::string out;
    bool any = false;
    for (const Chart& chart : charts) {
      if (chart.section != section) continue;
      if (!any && grid) out += "<div class=\"charts-grid\">\n";
      any = true;
      ++figure_number;
      out += "<figure class=\"chart\" id=\"figure-" + chart.key + "\">\n" + chart.svg + "<figcaption><span class=\"number\">" +
             tr(language, "Figure ", "Figur ") + std::to_string(figure_number) + ".</span> " + e(chart.title) + "</figcaption>\n</figure>\n";
    }
    if (any && grid) out += "</div>\n";
    return out;
  };
  auto table = [&](std::string_view key) {
    int number = 0;
    const Table* found = find_table(tables, key, number);
    return found ? "<div class=\"table-wrap\">\n" + table_html(*found, number, language) + "</div>\n" : std::string();
  };
  const bool has_levers = std::any_of(charts.begin(), charts.end(), [](const Chart& c) { return c.section == ChartSection::levers; });
  const bool has_sweep = !input.sweeps.empty();

  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(language_code(language)) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"carecast " + e(input.provenance.engine_version) + "\">\n";
  out += "<title>" + e(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  out += "<header>\n<h1>" + e(title) + "</h1>\n<p class=\"lead\">" +
         tr(language, "Projection of the årsverk needed in public health and care. Scenario file ",
            "Framskriving av årsverkene som trengs i offentlig helse og omsorg. Scenariofil ") +
         "<code>" + e(input.provenance.scenario_file) + "</code>";
  if (!input.provenance.generated_utc.empty()) out += tr(language, ", made ", ", laget ") + e(date_text(input.provenance.generated_utc, language));
  out += ".</p>\n";
  for (const std::string& warning : input.warnings) out += "<p class=\"warning\" role=\"note\">" + e(warning) + "</p>\n";
  out += "</header>\n";

  struct Section {
    std::string id, heading;
  };
  std::vector<Section> sections{{"summary", tr(language, "Summary", "Sammendrag")},
                                {"assumptions", tr(language, "Assumptions", "Forutsetninger")},
                                {"arsverk", tr(language, "Årsverk", "Årsverk")},
                                {"population", tr(language, "Population", "Befolkning")},
                                {"attribution", tr(language, "What drives the growth", "Hva driver veksten")}};
  if (has_levers) sections.push_back({"levers", tr(language, "Equipment and technology levers", "Utstyrs- og teknologitiltak")});
  const bool has_gap = std::any_of(charts.begin(), charts.end(), [](const Chart& c) { return c.section == ChartSection::gap; });
  if (has_gap) sections.push_back({"gap", tr(language, "Supply and the gap", "Tilbud og gap")});
  if (has_sweep) sections.push_back({"uncertainty", tr(language, "Uncertainty", "Usikkerhet")});
  const bool has_regions = std::any_of(charts.begin(), charts.end(), [](const Chart& c) { return c.section == ChartSection::regions; });
  if (has_regions) sections.push_back({"regions", tr(language, "Regions", "Regioner")});
  sections.push_back({"provenance", tr(language, "Provenance and sources", "Opphav og kilder")});
  out += "<nav aria-label=\"" + tr(language, "Contents", "Innhold") + "\">\n<ol>\n";
  for (const Section& section : sections) out += "<li><a href=\"#" + section.id + "\">" + e(section.heading) + "</a></li>\n";
  out += "</ol>\n</nav>\n";

  auto heading = [&](std::string_view id) {
    for (const Section& section : sections) {
      if (section.id == id) return "<section id=\"" + section.id + "\">\n<h2>" + e(section.heading) + "</h2>\n";
    }
    return std::string("<section>\n");
  };

  out += heading("summary") + summary_html(input, language) + "</section>\n";
  out += heading("assumptions") + method_html(input, language) + table("assumptions") + "</section>\n";
  out += heading("arsverk") + figures(ChartSection::arsverk, false) + table("arsverk_by_service") + table("arsverk_by_profession") +
         table("share_of_all_arsverk") + "</section>\n";
  // The stacked service charts are in the årsverk section above; per-scenario charts are wide.
  out += heading("population") + figures(ChartSection::population, false) + table("population") + "</section>\n";
  out += heading("attribution") + "<p>" +
         tr(language, "The change in årsverk from the base year is split between seven factors by a Shapley decomposition: each factor's contribution is its effect averaged over every order in which the factors can be switched from base-year to scenario values, so the contributions add up exactly to the total change and do not depend on an arbitrary order.",
            "Endringen i årsverk fra basisåret fordeles på sju faktorer med en Shapley-dekomponering: hver faktors bidrag er effekten i gjennomsnitt over alle rekkefølger faktorene kan slås på i, fra basisårets til scenarioets verdier, slik at bidragene summerer seg nøyaktig til den samlede endringen og ikke avhenger av en vilkårlig rekkefølge.") +
         "</p>\n" + figures(ChartSection::attribution, false) + table("growth_attribution") + table("attribution_by_service") +
         "</section>\n";
  if (has_levers) out += heading("levers") + figures(ChartSection::levers, false) + table("lever_effects") + table("lever_professions") +
                        "</section>\n";
  if (has_gap) out += heading("gap") + figures(ChartSection::gap, false) + table("gap") + "</section>\n";
  if (has_sweep) {
    out += heading("uncertainty") + figures(ChartSection::uncertainty, false) + table("sweep_quantiles") + table("sweep_tornado") +
           table("sweep_sobol") + "</section>\n";
  }
  if (has_regions) out += heading("regions") + figures(ChartSection::regions, false) + table("arsverk_by_region") + "</section>\n";
  out += heading("provenance") + provenance_html(input, language) + "</section>\n";
  out += "<footer>" + tr(language, "Made with carecast ", "Laget med carecast ") + e(input.provenance.engine_version) +
         tr(language, ". The same tables are in report.xlsx and tables/*.csv; the charts in charts/, and the numbers of each chart in report.xlsx (sheets “Figure n”, with an Excel chart).",
            ". De samme tabellene finnes i report.xlsx og tables/*.csv; figurene i charts/, og tallene bak hver figur i report.xlsx (arkene «Figur n», med Excel-diagram).") +
         "</footer>\n</body>\n</html>\n";
  return out;
}

std::string tables_markdown(const ReportInput& input, const std::vector<Table>& tables, Language language) {
  std::string out = "# " + report_title(input, language) + "\n\n";
  for (std::size_t t = 0; t < tables.size(); ++t) out += table_markdown(tables[t], int(t + 1), language);
  out += "## " + tr(language, "Provenance", "Opphav") + "\n\n";
  for (const auto& [label, value] : provenance_lines(input.provenance, language)) {
    out += "- " + label + ": " + (value.empty() ? "–" : value) + "\n";
  }
  return out;
}

ReportFiles write_report_files(const std::filesystem::path& directory, const ReportInput& given, const ReportOptions& options) {
  const Language language = options.language;
  const std::string converter = options.png ? find_on_path("rsvg-convert") : std::string();
  ReportInput input = given;
  if (options.png && converter.empty()) {
    // Said in the report itself, where the reader looks for the PNG copies.
    input.warnings.push_back(tr(language, "The charts are in charts/ as SVG only: PNG copies could not be made because rsvg-convert (Debian package librsvg2-bin) is not installed.",
                                "Figurene ligger i charts/ bare som SVG: PNG-kopier kunne ikke lages fordi rsvg-convert (Debian-pakken librsvg2-bin) ikke er installert."));
  }
  const std::vector<Table> tables = build_tables(input, language);
  const std::vector<Chart> charts = build_charts(input, language, ChartOptions{options.chart_titles});
  ReportFiles written;
  written.tables = int(tables.size());
  written.charts = int(charts.size());
  // Each file straight into `directory` (a staging directory, renamed into place whole).
  auto text_file = [&](const std::string& name, const std::string& content) {
    write_file(directory / name, directory / name, [&](std::ostream& out) { out << content; });
    written.files.push_back(name);
  };

  text_file("report.html", report_html(input, tables, charts, language));
  write_workbook(directory / "report.xlsx", report_title(input, language), tables, charts, input.provenance, language);
  written.files.push_back("report.xlsx");
  text_file("tables.md", tables_markdown(input, tables, language));
  make_directory(directory / "tables");
  for (const Table& table : tables) text_file("tables/" + table.key + ".csv", table_csv(table));
  make_directory(directory / "charts");
  for (const Chart& chart : charts) text_file("charts/" + chart.key + ".svg", chart.svg);

  if (options.png) {
    if (converter.empty()) {
      written.png_note = "rsvg-convert not found on the PATH (Debian package librsvg2-bin); charts written as SVG only";
    } else {
      for (const Chart& chart : charts) {
        const std::filesystem::path svg = directory / "charts" / (chart.key + ".svg");
        const std::filesystem::path png = directory / "charts" / (chart.key + ".png");
        if (!run_program({converter, "--zoom", "2", "--format", "png", "--output", png.string(), svg.string()})) {
          throw OutputError(png, "rsvg-convert failed to convert " + svg.string());
        }
        written.files.push_back("charts/" + chart.key + ".png");
      }
      written.png = true;
    }
  }
  return written;
}

}  // namespace carecast::output::report
