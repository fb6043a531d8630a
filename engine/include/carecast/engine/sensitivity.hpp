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
#pragma once

#include <cstddef>
#include <cstdint>
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

}  // namespace carecast::engine
