// Results of equipment-investment levers (docs/levers.md): files and the lever table.
//
// Files, written by write_run() next to the other results when any scenario has levers
// (numbers locale-free and round-trip; an empty field where a value does not exist):
//   levers.csv             scenario,lever,year,arsverk_saved,arsverk_added,net_arsverk,cost_nok,
//                          cost_per_arsverk_saved
//                          every scenario with levers × lever (in file order, then "total") ×
//                          year. net = saved − added; cost_nok is the annual cost (user cost of
//                          the capital owned, or units × unit cost); cost_per_arsverk_saved =
//                          cost_nok / net_arsverk, empty when net_arsverk ≤ 0.
//   lever_effects.csv      scenario,lever,year,service,profession,arsverk_saved,arsverk_added,net_arsverk
//                          the same by service and profession: each lever in its service, then
//                          "total" in every service that has levers; all professions.
//   lever_equivalents.csv  scenario,lever,year,net_arsverk,productivity_pct_all_services,
//                          productivity_pct_own_service
//                          the extra productivity growth (percentage points a year) that saves the
//                          same net årsverk in the end year without the levers: added to every
//                          service, or to the lever's own service only (empty for "total" when
//                          the levers act in several services, or when none is found).
//   lever_present_values.csv  scenario,lever,from_year,to_year,discount_rate_pct,cost_pv_nok,
//                          net_arsverk_pv,cost_per_net_arsverk_pv
//                          cost and net årsverk of every projection year after the base year,
//                          discounted to the base year at the capital model's real interest rate
//                          (x_t / (1 + r)^(t − t0)); their ratio is the levelised cost per net
//                          årsverk saved (empty when the discounted net saving is ≤ 0).
//   lever_capital.csv      scenario,service,year,capital_ratio,gap_remaining,labour_factor,
//                          marginal_cost_per_arsverk_nok,labour_cost_per_arsverk_nok
//                          every service with capital levers × year: κ, the share of the
//                          cost-minimising stock still missing (1 − (1 − g)κ), λ, and the marginal
//                          cost of an årsverk saved by more equipment next to the wage it saves
//                          (empty where infinite: λ = 0).
#pragma once

#include <array>
#include <ostream>
#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/engine/solve.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/run_output.hpp"

namespace carecast::output {

inline constexpr std::array<OutputFile, 5> kLeverFiles{{
    {"levers.csv",
     "scenario,lever,year,arsverk_saved,arsverk_added,net_arsverk,cost_nok,cost_per_arsverk_saved",
     "årsverk saved, added and net by lever and year, annual cost and cost per net årsverk saved"},
    {"lever_effects.csv", "scenario,lever,year,service,profession,arsverk_saved,arsverk_added,net_arsverk",
     "the same by service and profession"},
    {"lever_equivalents.csv",
     "scenario,lever,year,net_arsverk,productivity_pct_all_services,productivity_pct_own_service",
     "productivity growth (pp/yr) each lever is worth in the end year"},
    {"lever_present_values.csv",
     "scenario,lever,from_year,to_year,discount_rate_pct,cost_pv_nok,net_arsverk_pv,cost_per_net_arsverk_pv",
     "present values of each lever's cost and net årsverk saved, and their ratio"},
    {"lever_capital.csv",
     "scenario,service,year,capital_ratio,gap_remaining,labour_factor,marginal_cost_per_arsverk_nok,"
     "labour_cost_per_arsverk_nok",
     "capital levers by service and year: capital ratio, gap remaining, marginal cost of an årsverk saved"},
}};

// The name of the sum over a scenario's levers.
inline constexpr std::string_view kTotalLever = "total";

bool has_levers(const std::vector<engine::ScenarioResult>& results);

// Productivity equivalents in the end year, one list per result (empty without levers).
// `scenarios` are the parameters the results were projected from, in the same order.
std::vector<std::vector<engine::ProductivityEquivalent>> lever_equivalents(
    const engine::BaseData& base, const std::vector<engine::ScenarioParameters>& scenarios,
    const std::vector<engine::ScenarioResult>& results);

void write_levers_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);
void write_lever_effects_csv(std::ostream& out, const engine::BaseData& base,
                             const std::vector<engine::ScenarioResult>& results);
void write_lever_equivalents_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results,
                                 const std::vector<std::vector<engine::ProductivityEquivalent>>& equivalents);

void write_lever_present_values_csv(std::ostream& out, const std::vector<engine::ScenarioResult>& results);
void write_lever_capital_csv(std::ostream& out, const engine::BaseData& base,
                             const std::vector<engine::ScenarioResult>& results);

// Writes the lever files (kLeverFiles, in that order) into `stage` when any result has levers.
void write_lever_files(StagingDirectory& stage, const config::RunConfig& config,
                       const std::vector<engine::ScenarioResult>& results);

// The lever table for stdout: per scenario with levers, each lever and the total in 2030,
// 2040 and the end year (those after the base year) — saved, added and net årsverk, annual
// cost, investment, cost per net årsverk saved; the sector with and without the levers;
// årsverk saved and added by lever and profession in the end year; present values; per service
// with capital levers the gap remaining and the marginal cost of an årsverk saved; the equivalent
// productivity growth; a warning for service-years where σ > 1 lets capital replace all labour. Empty when no
// result has levers.
std::string lever_table(const engine::BaseData& base, const std::vector<engine::ScenarioResult>& results,
                        const std::vector<std::vector<engine::ProductivityEquivalent>>& equivalents);

}  // namespace carecast::output
