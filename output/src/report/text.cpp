#include "carecast/output/report/text.hpp"

#include "carecast/output/report/report_input.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace carecast::output::report {
namespace {

struct Name {
  std::string_view id, en, nb;
};


}  // namespace

namespace {

const config::ScenarioText* text_of(const ReportInput& input, const std::string& name) {
  for (std::size_t s = 0; s < input.scenarios.size() && s < input.texts.size(); ++s) {
    if (input.scenarios[s].name == name) return &input.texts[s];
  }
  return nullptr;
}

}  // namespace

std::string scenario_label(const ReportInput& input, const std::string& name, Language language) {
  const config::ScenarioText* text = text_of(input, name);
  if (text == nullptr) return name;
  const std::string& label = language == Language::nb ? text->label_nb : text->label_en;
  return label.empty() ? name : label;
}

std::string scenario_description(const ReportInput& input, const std::string& name, Language language) {
  const config::ScenarioText* text = text_of(input, name);
  if (text == nullptr) return {};
  const std::string& description = language == Language::nb ? text->description_nb : text->description_en;
  return description.empty() ? text->description : description;
}

std::string service_label(const engine::ServiceArea& service, Language language) {
  // Labels come from the country's services file (label_en, label_nb).
  if (language == Language::nb && !service.label_nb.empty()) return service.label_nb;
  return service.label.empty() ? service.id : service.label;
}

std::string country_label(const std::string& country, Language language) {
  if (language == Language::nb && country == "Norway") return "Norge";
  return country;
}

std::string profession_label(const ReportInput& input, const std::string& id, Language language) {
  return profession_label(input.professions, id, language);
}

std::string profession_label(const std::map<std::string, config::RunConfig::ProfessionLabel>& labels,
                             const std::string& id, Language language) {
  if (const auto found = labels.find(id); found != labels.end()) {
    const std::string& label = language == Language::nb ? found->second.nb : found->second.en;
    if (!label.empty()) return label;
  }
  std::string text(id);
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = char(text[0] - 'a' + 'A');
  return text;
}

std::string factor_label(engine::GrowthFactor factor, Language language) {
  switch (factor) {
    case engine::GrowthFactor::population_size: return tr(language, "Population size", "Folketall");
    case engine::GrowthFactor::age_structure: return tr(language, "Age structure", "Aldersstruktur");
    case engine::GrowthFactor::healthy_ageing: return tr(language, "Healthy ageing", "Sunn aldring");
    case engine::GrowthFactor::standards: return tr(language, "Standards", "Standard");
    case engine::GrowthFactor::productivity: return tr(language, "Productivity", "Produktivitet");
    case engine::GrowthFactor::levers: return tr(language, "Equipment levers", "Utstyrstiltak");
    case engine::GrowthFactor::family_care: return tr(language, "Family care", "Familieomsorg");
  }
  return {};
}

std::string statistics_office(const ReportInput& input, Language language) {
  for (const SourceNote& source : input.provenance.sources) {
    if (source.note.find("SSB") != std::string::npos || source.note.find("Statistics Norway") != std::string::npos) {
      return tr(language, "Statistics Norway (SSB)", "SSB");
    }
  }
  return {};
}

std::string unit_label(std::string_view unit, Language language) {
  static constexpr std::array<Name, 8> kUnits{{
      {"%/yr", "% a year", "% per år"},
      {"years", "years", "år"},
      {"year", "year", "år"},
      {"share", "share", "andel"},
      {"children per woman", "children per woman", "barn per kvinne"},
      {"persons/yr", "persons a year", "personer per år"},
      {"boys per girl", "boys per girl", "gutter per jente"},
      {"årsverk", "årsverk", "årsverk"},
  }};
  for (const Name& name : kUnits) {
    if (name.id == unit) return tr(language, name.en, name.nb);
  }
  return std::string(unit);
}

std::string factor_description(engine::GrowthFactor factor, Language language) {
  switch (factor) {
    case engine::GrowthFactor::population_size:
      return tr(language, "more (or fewer) inhabitants, with the base year's mix of ages and sexes",
                "flere (eller færre) innbyggere, med basisårets sammensetning etter alder og kjønn");
    case engine::GrowthFactor::age_structure:
      return tr(language, "the change in the mix of ages and sexes, at the base year's population size",
                "endringen i sammensetningen etter alder og kjønn, ved basisårets folketall");
    case engine::GrowthFactor::healthy_ageing:
      return tr(language, "part of the gained life years lived in good health (healthier elderly), so that use per person at a given age falls",
                "en del av de vunne leveårene leves med god helse (friskere eldre), slik at bruken per person i en gitt alder faller");
    case engine::GrowthFactor::standards:
      return tr(language, "growth in the service standard (quality, new treatments)",
                "vekst i tjenestestandard (kvalitet, nye behandlinger)");
    case engine::GrowthFactor::productivity:
      return tr(language, "labour-saving productivity growth", "arbeidsbesparende produktivitetsvekst");
    case engine::GrowthFactor::levers:
      return tr(language, "equipment investment and technologies, net of the technical staff they need",
                "investering i utstyr og teknologi, fratrukket det tekniske personellet de krever");
    case engine::GrowthFactor::family_care:
      return tr(language, "the need that unpaid family care does not meet, as the need grows or family care falls, taken over by the long-term-care services",
                "behov som den ulønnede familieomsorgen ikke dekker når behovet vokser eller familieomsorgen faller, overtatt av de kommunale omsorgstjenestene");
  }
  return {};
}

}  // namespace carecast::output::report
