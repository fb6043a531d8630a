// A part of carecast that is loaded when first needed cannot be loaded: libxlsxwriter (for
// report workbooks, output/src/report/workbook.cpp) or the module carecast-http.so (for
// `carecast serve`, app/serve/server.hpp). That is a problem of the installation, not a bug:
// what() names the file and the loader's reason, and the command-line program maps it to exit
// code 4 (data or file I/O error).
#pragma once

#include <stdexcept>

namespace carecast::output {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace carecast::output
