// Internal invariant checks. A failed check is a programming error inside carecast (user
// mistakes are caught earlier, by the configuration layer, with located messages), so it
// throws InternalError naming the file and line; `main` maps it to exit code 5.
#pragma once

#include <stdexcept>
#include <string>

namespace carecast::engine {

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void fail_check(const char* condition, const char* file, int line, const std::string& what);

}  // namespace carecast::engine

#define CARECAST_CHECK(condition, what)                                               \
  do {                                                                                \
    if (!(condition)) ::carecast::engine::fail_check(#condition, __FILE__, __LINE__, (what)); \
  } while (false)
