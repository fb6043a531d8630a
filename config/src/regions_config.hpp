// The configuration of regional projections (docs/regions.md): the `regions` key, the regional
// data files, and their reading into engine::RegionalData. Hooked into the generic layer at
// three places, as the equipment levers are: base_schema() (the rows below), data_formats()
// (the two file formats) and read_base() (read_regions).
#pragma once

#include <vector>

#include "carecast/config/run_config.hpp"
#include "carecast/config/schema.hpp"
#include "formats.hpp"
#include "validator.hpp"

namespace carecast::config::detail {

// Rows of the base schema for `data.regions` (optional), placed after the other data files.
std::vector<SchemaEntry> region_data_entries();
// The row of the top-level `regions` key (optional, default none), placed before `parameters`.
SchemaEntry region_level_entry();
// The formats of the county population file and the regional calibration file.
std::vector<DataFormat> region_data_formats();

// With `regions` set to county or health_region: reads the county populations (and the
// calibration file when named) into base.regions; needs base.services and the demography's
// years. Returns false when something is missing or wrong (added to `problems`); true, and
// base.regions left empty, when regions are off. `reported`: what the validator found in
// `values`; a data.regions key reported there (written, but wrong) is not reported missing too.
bool read_regions(const Values& values, engine::BaseData& base, std::vector<DataSource>& sources,
                  Problems& problems, const Problems& reported);

}  // namespace carecast::config::detail
