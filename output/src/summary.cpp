#include "carecast/output/summary.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "carecast/engine/check.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/regions_output.hpp"
#include "carecast/output/supply_output.hpp"

namespace carecast::output {

namespace {

constexpr std::array<int, 5> kMilestoneYears{2030, 2035, 2040, 2050, 2060};
constexpr std::size_t kYearColumn = 6;  // "  2030"
constexpr std::size_t kMinColumn = 9;   // fits "1 234 567"
constexpr std::size_t kGap = 3;         // wider than the space inside grouped numbers

// Terminal columns taken by UTF-8 text (code points; every character here is one column wide).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void pad_left(std::string& out, std::string_view text, std::size_t width) {
  const std::size_t used = display_width(text);
  if (used < width) out.append(width - used, ' ');
  out.append(text);
}

void pad_right(std::string& out, std::string_view text, std::size_t width) {
  out.append(text);
  const std::size_t used = display_width(text);
  if (used < width) out.append(width - used, ' ');
}

// Total årsverk of year index y: the services summed in order, as projection.csv's total.
double total_in(const Eigen::MatrixXd& arsverk, Eigen::Index y) {
  double total = 0.0;
  for (Eigen::Index j = 0; j < arsverk.cols(); ++j) total += arsverk(y, j);
  return total;
}

struct Block {
  std::string title;
  std::vector<std::vector<std::string>> cells;  // [summary year][scenario]
};

// Value of one scenario in one year, or nothing when the year lies outside its results.
using Getter = std::function<double(const engine::ScenarioResult&, std::size_t year_index)>;

Block make_block(std::string title, const std::vector<engine::ScenarioResult>& results,
                 const std::vector<int>& years, const Getter& get, int decimals, double scale) {
  Block block{std::move(title), {}};
  for (const int year : years) {
    auto& row = block.cells.emplace_back();
    for (const auto& result : results) {
      const auto it = std::find(result.years.begin(), result.years.end(), year);
      if (it == result.years.end()) {
        row.emplace_back("-");
      } else {
        row.push_back(format_grouped(scale * get(result, static_cast<std::size_t>(it - result.years.begin())),
                                     decimals));
      }
    }
  }
  return block;
}

}  // namespace

std::vector<int> summary_years(const std::vector<int>& run_years, const std::vector<int>& chosen) {
  std::vector<int> years;
  if (run_years.empty()) return years;
  const int first = run_years.front();
  const int last = run_years.back();
  years.push_back(first);
  const std::vector<int> between = chosen.empty() ? std::vector<int>(kMilestoneYears.begin(), kMilestoneYears.end()) : chosen;
  for (const int year : between) {
    if (year > first && year < last) years.push_back(year);
  }
  if (last > first) years.push_back(last);
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
  return years;
}

std::string summary_table(const std::vector<engine::ScenarioResult>& results,
                          const std::vector<engine::ServiceArea>& services, int width, const std::vector<int>& chosen) {
  if (results.empty()) return "No scenarios.\n";
  const std::vector<int> years = summary_years(results.front().years, chosen);
  for (const auto& result : results) {
    CARECAST_CHECK(result.service_arsverk.cols() == static_cast<Eigen::Index>(services.size()),
                   "scenario '" + result.scenario + "' has a different number of services");
    CARECAST_CHECK(result.service_arsverk.rows() == static_cast<Eigen::Index>(result.years.size()) &&
                       result.indicators.share_of_all_arsverk.size() == result.years.size(),
                   "scenario '" + result.scenario + "' has results of the wrong length");
  }

  std::vector<Block> blocks;
  blocks.push_back(make_block(
      "Total, all service areas", results, years,
      [](const engine::ScenarioResult& r, std::size_t y) { return total_in(r.service_arsverk, Eigen::Index(y)); },
      0, 1.0));
  for (std::size_t j = 0; j < services.size(); ++j) {
    const auto& service = services[j];
    blocks.push_back(make_block(
        service.label.empty() ? service.id : service.label, results, years,
        [j](const engine::ScenarioResult& r, std::size_t y) {
          return r.service_arsverk(Eigen::Index(y), Eigen::Index(j));
        },
        0, 1.0));
  }
  blocks.push_back(make_block(
      "Share of all årsverk in the economy, %", results, years,
      [](const engine::ScenarioResult& r, std::size_t y) { return r.indicators.share_of_all_arsverk[y]; }, 1,
      100.0));
  // With a supply side: the gap of the two largest professions (docs/supply.md).
  for (const auto& [id, title] : {std::pair{"nurses", "Gap, nurses: demand − supply (årsverk; positive = shortage)"},
                                  std::pair{"health_care_workers",
                                            "Gap, health-care workers: demand − supply (årsverk; positive = shortage)"}}) {
    const bool everywhere = std::all_of(results.begin(), results.end(),
                                        [&](const auto& r) { return supply_profession(r, id).has_value(); });
    if (!everywhere) continue;
    blocks.push_back(make_block(
        title, results, years,
        [id](const engine::ScenarioResult& r, std::size_t y) { return gap_value(r, *supply_profession(r, id), y).gap; },
        0, 1.0));
  }

  std::vector<std::size_t> column_width(results.size(), kMinColumn);
  for (std::size_t s = 0; s < results.size(); ++s) {
    column_width[s] = std::max(column_width[s], display_width(results[s].scenario));
    for (const auto& block : blocks) {
      for (const auto& row : block.cells) column_width[s] = std::max(column_width[s], display_width(row[s]));
    }
  }

  // Scenarios in groups that fit the width (at least one per group).
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // [first, last)
  for (std::size_t first = 0; first < results.size();) {
    std::size_t last = first;
    std::size_t used = kYearColumn;
    while (last < results.size() &&
           (last == first || used + kGap + column_width[last] <= std::size_t(width))) {
      used += kGap + column_width[last];
      ++last;
    }
    groups.emplace_back(first, last);
    first = last;
  }

  std::string out = "Årsverk by scenario (whole årsverk, thousands separated by a space; share in percent)\n";
  for (const auto& [first, last] : groups) {
    out.push_back('\n');
    std::string header(kYearColumn, ' ');
    std::size_t rule = kYearColumn;
    for (std::size_t s = first; s < last; ++s) {
      header.append(kGap, ' ');
      pad_left(header, results[s].scenario, column_width[s]);
      rule += kGap + column_width[s];
    }
    out += header + '\n';
    out += std::string(rule, '-') + '\n';
    for (const auto& block : blocks) {
      out += block.title + '\n';
      for (std::size_t y = 0; y < years.size(); ++y) {
        pad_left(out, std::to_string(years[y]), kYearColumn);
        for (std::size_t s = first; s < last; ++s) {
          out.append(kGap, ' ');
          pad_left(out, block.cells[y][s], column_width[s]);
        }
        out.push_back('\n');
      }
    }
  }
  return out;
}

std::string regional_summary_table(const engine::BaseData& base,
                                   const std::vector<engine::ScenarioResult>& results,
                                   const std::vector<int>& chosen) {
  if (!has_regions(results)) return "";
  const engine::RegionalResult& front = *results.front().regional;
  const std::vector<int> years = summary_years(results.front().years, chosen);
  const std::vector<std::string> names = region_names(base, front);
  constexpr std::size_t kNumberColumn = kMinColumn, kGrowthColumn = 6, kIndent = 2;
  const std::string national = "National";
  std::size_t name_width = display_width(national);
  for (const std::string& name : names) name_width = std::max(name_width, display_width(name));
  name_width += kIndent;

  const bool counties = front.level == engine::RegionLevel::county;
  std::string out =
      std::string("\nTotal årsverk by ") + (counties ? "county" : "health region") +
      " (whole årsverk, thousands separated by a space; growth = " + std::to_string(years.back()) + " / " +
      std::to_string(years.front()) + ")\n\n";
  std::string header(name_width, ' ');
  for (const int year : years) {
    header.append(kGap, ' ');
    pad_left(header, std::to_string(year), kNumberColumn);
  }
  header.append(kGap, ' ');
  pad_left(header, "growth", kGrowthColumn);
  out += header + '\n' + std::string(display_width(header), '-') + '\n';

  for (const engine::ScenarioResult& result : results) {
    CARECAST_CHECK(result.regional && result.regional->regions == front.regions,
                   "scenario '" + result.scenario + "' has other regions");
    out += result.scenario + '\n';
    auto row = [&](std::string_view name, const Eigen::MatrixXd& arsverk) {
      out.append(kIndent, ' ');
      pad_right(out, name, name_width - kIndent);
      for (const int year : years) {
        out.append(kGap, ' ');
        pad_left(out, format_grouped(total_in(arsverk, result.year_index(year)), 0), kNumberColumn);
      }
      out.append(kGap, ' ');
      const double first = total_in(arsverk, result.year_index(years.front()));
      const double last = total_in(arsverk, result.year_index(years.back()));
      pad_left(out, first > 0.0 ? format_grouped(last / first, 2) : std::string("-"), kGrowthColumn);
      out.push_back('\n');
    };
    for (std::size_t r = 0; r < names.size(); ++r) row(names[r], result.regional->service_arsverk[r]);
    row(national, result.service_arsverk);
  }
  return out;
}

}  // namespace carecast::output
