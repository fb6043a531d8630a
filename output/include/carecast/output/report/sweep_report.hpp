// The engine's sweep results (sweep.hpp) in report form (SweepReport).
#pragma once

#include <string>
#include <vector>

#include "carecast/config/sweep_config.hpp"
#include "carecast/engine/sweep.hpp"
#include "carecast/output/report/format.hpp"
#include "carecast/output/report/report_input.hpp"

namespace carecast::output::report {

// One SweepReport per scenario of the sweep, in the plan's order. Quantiles are the plan's
// p5 … p95 of total årsverk; the tornado and the Sobol indices are those of total årsverk
// in the last report year (an empty tornado/Sobol list when the sweep has none). A tornado
// value is the parameter's value in the units its distribution is written in (a choice
// shows the alternative's name). `name` labels the sweep (usually the sweep file's stem).
// `info` (per parameter of the plan, may be empty) gives the labels and units shown.
std::vector<SweepReport> sweep_reports(const engine::SweepPlan& plan, const engine::SweepSummary& summary,
                                       const std::string& name, Language language,
                                       const std::vector<config::SweepParameterInfo>& info = {});

}  // namespace carecast::output::report
