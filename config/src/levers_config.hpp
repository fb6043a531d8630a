// The configuration of equipment-investment levers (docs/levers.md): schema rows, the
// equipment data files, and `parameters.levers` of a scenario checked into engine::LeverSet.
// Hooked into the generic layer at four places: base_schema() (the rows below),
// data_formats() (the two file formats), read_base() (read_equipment) and load_run()
// (read_levers, after the generic parameters).
#pragma once

#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"
#include "formats.hpp"
#include "node.hpp"
#include "validator.hpp"

namespace carecast::config::detail {

// Rows of the base schema for the equipment data files (`data.equipment_investment`,
// `data.labour_cost`; optional), placed after the other data files.
std::vector<SchemaEntry> lever_data_entries();
// Rows for `parameters.levers` (optional as a whole; `*` under investments/technologies is a
// lever name, under capital.services a service id). The capital-model numbers have setters,
// so sweeps find them; per-lever numbers are reachable by key path (--set).
std::vector<SchemaEntry> lever_parameter_entries();
// The formats of the two equipment data files.
std::vector<DataFormat> lever_data_formats();

// The per-lever numbers a sweep may draw (`parameters.levers.investments.<name>.amount_mnok`,
// `parameters.levers.technologies.<name>.ceiling`, …) for the levers that every scenario in
// `scenarios` has (same name, same kind). The setters find the lever by name.
std::vector<ScalarParameter> lever_scalar_parameters(
    const std::vector<engine::ScenarioParameters>& scenarios);

// True for key paths of lever names (`parameters.levers.investments.*`…), whose `*` the
// reference shows as <lever>.
bool is_lever_name_path(std::string_view schema_path);

// Reads the equipment files named in the checked base values into base.equipment (needs
// base.services). Returns false when a named file has problems (added to `problems`);
// true when both are read or neither is named. `reported`: what the validator found in
// `values`; a file key reported there (written, but wrong) is not reported missing too.
bool read_equipment(const Values& values, engine::BaseData& base, std::vector<DataSource>& sources,
                    Problems& problems, const Problems& reported);

// Checks `parameters.levers` (`levers` may be null: no levers) of one merged scenario tree
// against the schema and the base data, and stores it in `parameters.levers`. `context`
// holds the checked base values (base_year, end_year). Every problem is collected.
void read_levers(const ConfigNode* levers, const Values& context, const engine::BaseData& base,
                 engine::ScenarioParameters& parameters, Problems& problems);

}  // namespace carecast::config::detail
