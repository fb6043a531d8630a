// The table of data-file (CSV) formats: the readers take their required columns from it and
// the configuration reference documents it.
#pragma once

#include <string_view>
#include <vector>

namespace carecast::config::detail {

struct ColumnFormat {
  std::string_view name;
  std::string_view description;
};

struct DataFormat {
  std::string_view role;              // key under `data:` ("population"), or "projection_file"
  std::string_view bundled;           // the Norwegian file, for the reference
  std::vector<ColumnFormat> columns;  // all required, header names exact
  std::vector<std::string_view> rules;
};

const std::vector<DataFormat>& data_formats();
const DataFormat& data_format(std::string_view role);
std::vector<std::string_view> column_names(const DataFormat& format);

}  // namespace carecast::config::detail
