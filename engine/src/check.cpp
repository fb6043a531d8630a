#include "carecast/engine/check.hpp"

#include <string>

namespace carecast::engine {

void fail_check(const char* condition, const char* file, int line, const std::string& what) {
  throw InternalError(std::string(file) + ":" + std::to_string(line) + ": internal check failed: " +
                      condition + (what.empty() ? "" : " (" + what + ")"));
}

}  // namespace carecast::engine
