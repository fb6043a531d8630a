// Variance-based sensitivity: first-order and total Sobol indices from Saltelli's sampling
// design with Jansen's estimators, and bootstrap confidence intervals (MODEL.md §6).
//
// Design (Saltelli et al. 2010, "Variance based sensitivity analysis of model output",
// Computer Physics Communications 181, 259–270): two independent N × k matrices A and B of
// inputs; AB_i is A with its column i taken from B. The model is evaluated on every row of
// A, B and each AB_i: N·(k + 2) runs. With V = Var(Y) estimated from the 2N runs of A and B,
//   first order  S_i  = [V − ½·mean((f(B) − f(AB_i))²)] / V       (Jansen 1999)
//   total        ST_i = ½·mean((f(A) − f(AB_i))²) / V              (Jansen 1999)
// Bootstrap: the N rows are resampled with replacement R times (the same resample for
// every output and parameter); the interval is the percentile interval of the R estimates.
//
// A parameter whose AB_i runs give exactly the A runs' output in every row (a `fixed`
// distribution, or one without effect on that output) has ST_i = 0 in the sample, and then
// S_i ≤ ST_i = 0: both are set to exactly 0, intervals included. Jansen's S_i would instead
// report the sampling noise of V, which at small N is far from 0.
//
// The estimators are not bounded: with few rows (or strongly skewed outputs) an estimate can
// fall outside [0, 1], or ST_i below S_i, which no true index does. sobol_flag() names such
// estimates; they must not be read or shown as indices without that flag.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace carecast::engine {

// Model outputs of a Saltelli design. `values` holds, for row r, run m (0: A, 1: B, 2 + i:
// AB_i) and output o, values[(r·(k + 2) + m)·outputs + o].
struct SaltelliValues {
  std::size_t rows = 0;
  std::size_t parameters = 0;  // k
  std::size_t outputs = 0;
  std::vector<double> values;

  std::size_t runs_per_row() const { return parameters + 2; }
  double at(std::size_t row, std::size_t run, std::size_t output) const {
    return values[(row * runs_per_row() + run) * outputs + output];
  }
};

struct SobolIndex {
  double first = 0.0, first_low = 0.0, first_high = 0.0;  // S_i and its interval
  double total = 0.0, total_low = 0.0, total_high = 0.0;  // ST_i and its interval
};

struct SobolOptions {
  std::size_t bootstrap = 500;  // resamples (0: no intervals; low = high = the estimate)
  double confidence = 0.95;     // of the percentile interval
  std::uint64_t seed = 0;       // of the resampling stream (stream "sobol-bootstrap")
  int threads = 1;              // results do not depend on it
};

// Indices for every output and parameter: result[o·k + i]. An output whose variance is zero
// (or not finite) gets NaN indices: nothing varies, nothing can be attributed.
std::vector<SobolIndex> sobol_indices(const SaltelliValues& values, const SobolOptions& options);

// Smallest Saltelli design (rows N) a sweep file may ask for; below it the estimators'
// sampling error is of the order of the indices themselves (docs/sweeps.md).
inline constexpr std::size_t kMinSobolRows = 64;

// Why an estimate cannot be read as an index: "" when it can (or is undefined, NaN);
// kSobolOutside when S_i or ST_i is outside [0, 1]; kSobolTotalBelowFirst when ST_i < S_i.
inline constexpr std::string_view kSobolOutside = "outside [0, 1]";
inline constexpr std::string_view kSobolTotalBelowFirst = "total below first order";
std::string_view sobol_flag(const SobolIndex& index);

}  // namespace carecast::engine
