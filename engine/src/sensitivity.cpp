#include "carecast/engine/sensitivity.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/engine/random.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace carecast::engine {
namespace {

// Sums over a (re)sample of rows, per output: Σ(a), Σ(a²), Σ(b), Σ(b²) of the values shifted
// by the first row's f(A) (variance is shift-invariant; the shift avoids cancellation), and per
// parameter Σ(f(B) − f(AB_i))² and Σ(f(A) − f(AB_i))².
struct Sums {
  std::vector<double> a, a2, b, b2;  // [output]
  std::vector<double> first, total;  // [output·k + i]

  Sums(std::size_t outputs, std::size_t parameters)
      : a(outputs), a2(outputs), b(outputs), b2(outputs), first(outputs * parameters), total(outputs * parameters) {}
  void clear() {
    for (auto* v : {&a, &a2, &b, &b2, &first, &total}) std::fill(v->begin(), v->end(), 0.0);
  }
};

void add_row(const SaltelliValues& v, std::size_t row, Sums& s) {
  const std::size_t k = v.parameters, outputs = v.outputs;
  const double* base = &v.values[row * v.runs_per_row() * outputs];
  const double* shift = &v.values[0];
  const double* fa = base;
  const double* fb = base + outputs;
  for (std::size_t o = 0; o < outputs; ++o) {
    const double a = fa[o] - shift[o], b = fb[o] - shift[o];
    s.a[o] += a;
    s.a2[o] += a * a;
    s.b[o] += b;
    s.b2[o] += b * b;
  }
  for (std::size_t i = 0; i < k; ++i) {
    const double* fab = base + (2 + i) * outputs;
    for (std::size_t o = 0; o < outputs; ++o) {
      const double d_first = fb[o] - fab[o], d_total = fa[o] - fab[o];
      s.first[o * k + i] += d_first * d_first;
      s.total[o * k + i] += d_total * d_total;
    }
  }
}

// Estimates from the sums of n rows: writes S_i and ST_i for every output and parameter.
void estimate(const Sums& s, std::size_t n, std::size_t outputs, std::size_t k, double* first, double* total) {
  const double runs = 2.0 * double(n);
  for (std::size_t o = 0; o < outputs; ++o) {
    const double mean = (s.a[o] + s.b[o]) / runs;
    const double variance = ((s.a2[o] + s.b2[o]) - runs * mean * mean) / (runs - 1.0);
    const bool defined = std::isfinite(variance) && variance > 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      if (!defined) {
        first[o * k + i] = total[o * k + i] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      first[o * k + i] = (variance - 0.5 * s.first[o * k + i] / double(n)) / variance;
      total[o * k + i] = 0.5 * s.total[o * k + i] / double(n) / variance;
    }
  }
}

// Type-7 quantile of sorted values.
double sorted_quantile(const std::vector<double>& sorted, double p) {
  const double h = (double(sorted.size()) - 1.0) * p;
  const auto j = std::size_t(std::floor(h));
  if (j + 1 >= sorted.size()) return sorted.back();
  return sorted[j] + (h - double(j)) * (sorted[j + 1] - sorted[j]);
}

// [output·k + i]: true when some row's f(AB_i) differs from its f(A), i.e. parameter i moved
// output o at least once in the design.
std::vector<bool> parameters_with_effect(const SaltelliValues& v) {
  const std::size_t k = v.parameters, outputs = v.outputs;
  std::vector<bool> moved(outputs * k, false);
  for (std::size_t row = 0; row < v.rows; ++row) {
    const double* fa = &v.values[row * v.runs_per_row() * outputs];
    for (std::size_t i = 0; i < k; ++i) {
      const double* fab = fa + (2 + i) * outputs;
      for (std::size_t o = 0; o < outputs; ++o) {
        if (fab[o] != fa[o]) moved[o * k + i] = true;
      }
    }
  }
  return moved;
}

}  // namespace

std::string_view sobol_flag(const SobolIndex& index) {
  const auto outside = [](double x) { return x < 0.0 || x > 1.0; };
  if (outside(index.first) || outside(index.total)) return kSobolOutside;
  if (index.total < index.first) return kSobolTotalBelowFirst;
  return "";
}

std::vector<SobolIndex> sobol_indices(const SaltelliValues& values, const SobolOptions& options) {
  const std::size_t n = values.rows, k = values.parameters, outputs = values.outputs;
  CARECAST_CHECK(n >= 2, "a Sobol design needs at least two rows");
  CARECAST_CHECK(values.values.size() == n * (k + 2) * outputs, "Saltelli values have the wrong size");
  const std::size_t cells = outputs * k;

  std::vector<double> first(cells), total(cells);
  {
    Sums sums(outputs, k);
    for (std::size_t row = 0; row < n; ++row) add_row(values, row, sums);
    estimate(sums, n, outputs, k, first.data(), total.data());
  }
  const std::vector<bool> moved = parameters_with_effect(values);
  for (std::size_t c = 0; c < cells; ++c) {
    if (!moved[c] && !std::isnan(first[c])) first[c] = total[c] = 0.0;
  }
  std::vector<SobolIndex> result(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    result[c] = {first[c], first[c], first[c], total[c], total[c], total[c]};
  }
  const std::size_t replicates = options.bootstrap;
  if (replicates == 0) return result;

  // Each replicate writes its own slot; the intervals are computed after the loop.
  std::vector<double> boot_first(replicates * cells), boot_total(replicates * cells);
  const RandomStream stream(options.seed, stream_id("sobol-bootstrap"));
  tbb::task_arena arena(arena_concurrency(options.threads));
  arena.execute([&] {
    tbb::parallel_for(std::size_t(0), replicates, [&](std::size_t r) {
      Sums sums(outputs, k);
      for (std::size_t row = 0; row < n; row += 4) {
        const PhiloxCounter bits = stream.bits(r, std::uint32_t(row / 4));
        for (std::size_t w = 0; w < 4 && row + w < n; ++w) {
          // Multiply-shift maps 32 random bits to 0..n−1 (bias below n / 2^32).
          add_row(values, std::size_t((std::uint64_t(bits[w]) * n) >> 32), sums);
        }
      }
      estimate(sums, n, outputs, k, &boot_first[r * cells], &boot_total[r * cells]);
    });
  });
  const double tail = 0.5 * (1.0 - options.confidence);
  std::vector<double> sample;
  auto interval = [&](const std::vector<double>& boot, std::size_t c, double& low, double& high) {
    sample.clear();  // a resample without variance gives NaN: left out
    for (std::size_t r = 0; r < replicates; ++r) {
      if (!std::isnan(boot[r * cells + c])) sample.push_back(boot[r * cells + c]);
    }
    if (sample.empty()) return;
    std::sort(sample.begin(), sample.end());
    low = sorted_quantile(sample, tail);
    high = sorted_quantile(sample, 1.0 - tail);
  };
  for (std::size_t c = 0; c < cells; ++c) {
    if (std::isnan(first[c]) || !moved[c]) continue;  // no effect: the interval stays [0, 0]
    interval(boot_first, c, result[c].first_low, result[c].first_high);
    interval(boot_total, c, result[c].total_low, result[c].total_high);
  }
  return result;
}

}  // namespace carecast::engine
