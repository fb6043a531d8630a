#pragma once

#include <string_view>

namespace carecast::engine {

// Engine version (semantic versioning); written into every manifest.
inline constexpr std::string_view kVersion = "0.1.0";

}  // namespace carecast::engine
