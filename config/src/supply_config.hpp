// The configuration of the supply side (docs/supply.md): schema rows, the three supply data
// files and their reader. Hooked into the generic layer at three places: base_schema() (the
// rows below), data_formats() (the file formats) and read_base() (read_supply).
#pragma once

#include <string>
#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"
#include "formats.hpp"
#include "validator.hpp"

namespace carecast::config::detail {

// Rows for `data.supply` (optional as a whole), placed after the other data files.
std::vector<SchemaEntry> supply_data_entries();
// Rows for `parameters.supply` (optional as a whole); every number has a setter, so sweeps
// and --set reach them.
std::vector<SchemaEntry> supply_parameter_entries();
// The formats of supply_stock, supply_flows and supply_exits.
std::vector<DataFormat> supply_data_formats();

// Reads the supply files named in the checked base values into base.supply (needs
// base.professions and the top age). Returns false when a named file has problems (added to
// `problems`); true when they are read or `data.supply` is absent.
bool read_supply(const Values& values, engine::BaseData& base, std::vector<DataSource>& sources,
                 Problems& problems);

// A problem for each `parameters.supply` key of one scenario when the base data have no
// supply side (the levers would have nothing to act on).
void check_supply_parameters(const Values& values, const engine::BaseData& base, Problems& problems);

}  // namespace carecast::config::detail
