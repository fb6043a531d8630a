// The indicators written to indicators.csv are the engine's one table of indicators
// (carecast/engine/layout.hpp); the order there is the row order in the file.
#pragma once

#include "carecast/engine/layout.hpp"

namespace carecast::output {

using engine::IndicatorInfo;
using engine::kIndicators;

}  // namespace carecast::output
