#include "carecast/engine/sweep.hpp"

#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/model.hpp"
#include "carecast/engine/random.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <set>
#include <stdexcept>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace carecast::engine {
namespace {

// `v` becomes n copies of `value`. A sweep's histograms and value tables are tens of MB (columns × bins
// counts per scenario and thread, whatever the number of draws), and first touching them
// page by page cost about 20 000 page faults a sweep, 7 % of a 200 000-draw sweep's CPU on the
// benchmark machine, whose virtualised page faults are dear. So where Linux offers it, a
// large buffer is first reserved, then marked for transparent huge pages (2 MiB pages; a hint,
// `madvise(MADV_HUGEPAGE)`, with effect where /sys/kernel/mm/transparent_hugepage/enabled
// says "madvise" or "always"), then filled. Only whole 2 MiB pages inside the buffer are
// marked, so the memory used is the same; the values are the same either way.
template <class T>
void assign_large(std::vector<T>& v, std::size_t n, T value = T{}) {
  if (v.capacity() < n) {
    std::vector<T> fresh;
    fresh.reserve(n);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(fresh.data()) + kHugePage - 1) & ~(kHugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(fresh.data()) + n * sizeof(T)) & ~(kHugePage - 1);
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint
#endif
    v.swap(fresh);
  }
  v.assign(n, value);
}

// Purposes of the random streams (the counter's fourth word).
constexpr std::uint32_t kMainDraws = 0, kSobolA = 1, kSobolB = 2;

std::string quoted(const std::string& name) { return "'" + name + "'"; }

// Type-7 quantile position: x = x_j + f·(x_{j+1} − x_j), h = (n − 1)·p.
struct QuantilePosition {
  std::size_t j;
  double fraction;
};
QuantilePosition quantile_position(std::size_t n, double p) {
  const double h = double(n - 1) * p;
  const auto j = std::size_t(std::floor(h));
  return {j, h - double(j)};
}

}  // namespace

std::size_t SweepPlan::sensitivity_column(std::size_t output) const {
  const std::size_t per_year = layout.services.size() + 1;
  const std::size_t year = output / per_year, j = output % per_year;
  const std::size_t column = j < layout.services.size() ? j : layout.total_column();
  return layout.year_index(settings.report_years.at(year)) * layout.per_year() + column;
}

std::pair<std::size_t, std::size_t> SweepPart::draw_range(const SweepPlan& plan) const {
  const std::size_t main = plan.main_units();
  const std::size_t first = std::min(first_unit, main), last = std::min(last_unit, main);
  return {std::min(first * kDrawsPerBlock, plan.settings.draws), std::min(last * kDrawsPerBlock, plan.settings.draws)};
}

std::pair<std::size_t, std::size_t> SweepPart::sobol_range(const SweepPlan& plan) const {
  const std::size_t main = plan.main_units();
  const std::size_t first = std::max(first_unit, main) - main, last = std::max(last_unit, main) - main;
  const std::size_t rows = plan.sobol_units() == 0 ? 0 : plan.settings.sobol_rows;
  return {std::min(first * kSobolRowsPerBlock, rows), std::min(last * kSobolRowsPerBlock, rows)};
}

namespace {
constexpr std::size_t kRowBatch = 16;  // bins of 16 draws: a cache line of 32-bit bins, half one of 16-bit
constexpr std::size_t kPendingDraws = 16 * kDrawsPerBlock;
static_assert(kPendingDraws % kRowBatch == 0);
// Up to this many bins a column, a pending bin takes 16 bits, above it 32. The pending bins
// (columns × kPendingDraws, 7.5 MB at 16 bits for the national sweep's 912 columns) lie in
// L3 and are written once and read once per draw and column: half the bytes made a
// fixed-demography draw about 1 µs cheaper on the benchmark machine. The top bit of a bin is
// free for the off-grid mark in either width.
constexpr std::size_t kNarrowBinsUpTo = 32768;
template <class Bin>
constexpr Bin kOffGrid = std::numeric_limits<Bin>::max();
template <class Bin>
constexpr Bin kTopBit = Bin(Bin(1) << (std::numeric_limits<Bin>::digits - 1));
// Columns of the pending bins lie one cache line more than a power of two apart, so that the
// lines of consecutive columns fall in different cache sets instead of all in one.
template <class Bin>
constexpr std::size_t kPendingStride = kPendingDraws + 64 / sizeof(Bin);
// Bytes of a thread's pending bins and batch per column (sweep_peak_bytes).
template <class Bin>
constexpr std::size_t kQueueBytesPerColumn = sizeof(Bin) * (kPendingStride<Bin> + kRowBatch);

// Histogram mode. A draw's values are binned as they come (its row is in L1) into a small
// row-major batch of kRowBatch draws; a full batch is turned into cache lines of the pending
// bins, which are laid out column by column ([column][draw]; kOffGrid for a value kept
// exactly); when kPendingDraws are pending, each column's bins are counted while that
// column's counts are in cache. Counts are integers, so when a draw is counted does not
// change the result.
template <class B>
struct BinQueue {
  using Bin = B;
  std::vector<std::vector<Bin>> batch;    // per scenario: [draw in batch][column]
  std::vector<std::vector<Bin>> pending;  // per scenario: [column][draw]
};
}  // namespace

// Buffers of one thread of run(): evaluation workspaces and its share of the counts.
struct Sweep::Worker {
  std::vector<FastModel::WorkspacePtr> workspaces;  // per scenario
  std::vector<ScenarioParameters> scratch;                        // per scenario
  std::vector<double> values, values_b, run_values;               // parameter values
  std::vector<std::vector<std::uint32_t>> histogram;              // per scenario: [column][bin]
  std::vector<std::vector<std::vector<double>>> outside;          // per scenario: [column]
  std::vector<std::vector<std::uint64_t>> exceedances;            // per scenario: [threshold][year]
  std::vector<double> run_output;                                 // one run's values
  std::vector<RegionalDraws::Workspace> regional;                 // per scenario, with regions
  BinQueue<std::uint16_t> narrow;  // histogram mode up to kNarrowBinsUpTo bins
  BinQueue<std::uint32_t> wide;    // above
  std::size_t batch_count = 0, pending_count = 0;
};

Sweep::~Sweep() = default;

namespace {
// Bins ⌊(value − low) · inverse⌋ of `columns` values, kOffGrid where the position is not in
// [0, bins) (NaN included); true when some value is off the grid. No branch: it vectorises.
template <class Bin>
bool bin_values(const double* __restrict row, const double* __restrict low, const double* __restrict inverse,
                std::size_t columns, double bins, Bin* __restrict out) {
  for (std::size_t c = 0; c < columns; ++c) {
    const double position = (row[c] - low[c]) * inverse[c];
    const bool on_grid = (position >= 0.0) & (position < bins);
    // Through a 32-bit signed integer (position < bins ≤ 2^20): a packed conversion exists.
    const auto bin = Bin(std::int32_t(on_grid ? position : 0.0));
    out[c] = on_grid ? bin : kOffGrid<Bin>;
  }
  Bin all = 0;
  for (std::size_t c = 0; c < columns; ++c) all |= Bin(out[c] & kTopBit<Bin>);  // only kOffGrid has the top bit
  return all != 0;
}
#if defined(__SSE2__)
// One square block of a batch onto the pending lines: the 16 bytes of each of rows i, i + 1, …
// at column c become the 16 bytes of each column at draw i (a load a row, rounds of unpacks
// and a store a column, instead of a load and a store a bin). 4 × 4 bins of 32 bits:
inline void transpose_block(const std::uint32_t* batch, std::size_t columns, std::size_t i, std::size_t c,
                            std::uint32_t* pending) {
  const auto row = [&](std::size_t r) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(batch + (i + r) * columns + c));
  };
  const __m128i r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3);
  const __m128i low01 = _mm_unpacklo_epi32(r0, r1), low23 = _mm_unpacklo_epi32(r2, r3);
  const __m128i high01 = _mm_unpackhi_epi32(r0, r1), high23 = _mm_unpackhi_epi32(r2, r3);
  const auto store = [&](std::size_t k, __m128i draws) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(pending + (c + k) * kPendingStride<std::uint32_t> + i), draws);
  };
  store(0, _mm_unpacklo_epi64(low01, low23));
  store(1, _mm_unpackhi_epi64(low01, low23));
  store(2, _mm_unpacklo_epi64(high01, high23));
  store(3, _mm_unpackhi_epi64(high01, high23));
}
// … and 8 × 8 bins of 16 bits: rows paired by 16 bits (a register holds four columns of two
// rows), then by 32 (four rows), then by 64 (eight rows: one column).
inline void transpose_block(const std::uint16_t* batch, std::size_t columns, std::size_t i, std::size_t c,
                            std::uint16_t* pending) {
  const auto row = [&](std::size_t r) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(batch + (i + r) * columns + c));
  };
  __m128i low[4], high[4];  // rows 2q and 2q + 1: columns 0-3 and 4-7
  for (std::size_t q = 0; q < 4; ++q) {
    const __m128i a = row(2 * q), b = row(2 * q + 1);
    low[q] = _mm_unpacklo_epi16(a, b);
    high[q] = _mm_unpackhi_epi16(a, b);
  }
  // Rows 0-3 and 4-7 of columns (0, 1), (2, 3), (4, 5), (6, 7).
  const __m128i top[4] = {_mm_unpacklo_epi32(low[0], low[1]), _mm_unpackhi_epi32(low[0], low[1]),
                          _mm_unpacklo_epi32(high[0], high[1]), _mm_unpackhi_epi32(high[0], high[1])};
  const __m128i bottom[4] = {_mm_unpacklo_epi32(low[2], low[3]), _mm_unpackhi_epi32(low[2], low[3]),
                             _mm_unpacklo_epi32(high[2], high[3]), _mm_unpackhi_epi32(high[2], high[3])};
  for (std::size_t q = 0; q < 4; ++q) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(pending + (c + 2 * q) * kPendingStride<std::uint16_t> + i),
                     _mm_unpacklo_epi64(top[q], bottom[q]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(pending + (c + 2 * q + 1) * kPendingStride<std::uint16_t> + i),
                     _mm_unpackhi_epi64(top[q], bottom[q]));
  }
}
#endif
// A full batch (kRowBatch draws × `columns`, row-major) onto the pending lines, column c at
// pending + c·kPendingStride<Bin>, block by block. Returns the first column not copied (the
// columns beyond the last whole block, or 0 without SSE2).
template <class Bin>
std::size_t transpose_batch([[maybe_unused]] const Bin* batch, [[maybe_unused]] std::size_t columns,
                            [[maybe_unused]] Bin* pending) {
  std::size_t c = 0;
#if defined(__SSE2__)
  constexpr std::size_t side = 16 / sizeof(Bin);
  static_assert(kRowBatch % side == 0);
  for (; c + side <= columns; c += side) {
    for (std::size_t i = 0; i < kRowBatch; i += side) transpose_block(batch, columns, i, c, pending);
  }
#endif
  return c;
}
}  // namespace

Sweep::Sweep(const BaseData& base, std::vector<ScenarioParameters> scenarios, std::vector<SweepParameter> parameters,
             SweepSettings settings, std::uint64_t fingerprint)
    : base_(base), scenarios_(std::move(scenarios)), parameters_(std::move(parameters)) {
  if (scenarios_.empty()) throw std::invalid_argument("a sweep needs at least one scenario");
  if (settings.draws == 0) throw std::invalid_argument("a sweep needs at least one draw");
  if (settings.sobol_rows == 1) throw std::invalid_argument("Sobol indices need at least two rows (or 0 for none)");
  if (!(settings.confidence > 0.0 && settings.confidence < 1.0)) {
    throw std::invalid_argument("the confidence level must be between 0 and 1");
  }
  if (!(settings.tornado_low > 0.0 && settings.tornado_low < settings.tornado_high && settings.tornado_high < 1.0)) {
    throw std::invalid_argument("tornado quantiles need 0 < low < high < 1");
  }
  if (settings.histogram_bins == 0 || settings.pilot_draws == 0) {
    throw std::invalid_argument("histogram bins and pilot draws must be positive");
  }
  plan_.fingerprint = fingerprint;
  plan_.layout = sweep_layout(base_);
  plan_.regional = regional_layout(base_);
  for (int year : settings.report_years) {
    if (year < base_.base_year || year > base_.end_year) {
      throw std::invalid_argument("report year " + std::to_string(year) + " is outside the projection (" +
                                  std::to_string(base_.base_year) + "-" + std::to_string(base_.end_year) + ")");
    }
  }
  for (const SweepThreshold& threshold : settings.thresholds) {
    if (threshold.column >= plan_.layout.per_year() + plan_.regional.per_year()) {
      throw std::invalid_argument("threshold column out of range");
    }
  }
  std::set<std::string> names;
  std::set<std::uint32_t> streams;
  for (const SweepParameter& parameter : parameters_) {
    if (parameter.name.empty()) throw std::invalid_argument("a sweep parameter has no name");
    if (!names.insert(parameter.name).second) throw std::invalid_argument("duplicate parameter " + quoted(parameter.name));
    if (const std::string problem = parameter.distribution.problem(); !problem.empty()) {
      throw std::invalid_argument("parameter " + quoted(parameter.name) + ": " + problem);
    }
    if (parameter.distribution.kind() == DistributionKind::choice &&
        parameter.alternatives.size() != parameter.distribution.weights().size()) {
      throw std::invalid_argument("parameter " + quoted(parameter.name) + ": one name per alternative needed");
    }
    if (!parameter.apply) throw std::invalid_argument("parameter " + quoted(parameter.name) + " sets nothing");
    const std::uint32_t stream = stream_id(parameter.name);
    if (!streams.insert(stream).second) {
      throw std::invalid_argument("parameter " + quoted(parameter.name) +
                                  ": its random stream collides with another parameter's; rename it");
    }
    plan_.parameters.push_back(parameter.name);
    plan_.alternatives.push_back(parameter.alternatives);
    plan_.streams.push_back(stream);
    plan_.tornado_inputs.push_back(
        {parameter.value_at(settings.tornado_low), parameter.value_at(0.5), parameter.value_at(settings.tornado_high)});
  }
  if (parameters_.empty() || settings.report_years.empty()) settings.sobol_rows = 0;
  plan_.settings = std::move(settings);
  for (const ScenarioParameters& scenario : scenarios_) plan_.scenarios.push_back(scenario.name);

  auto shift_cache = std::make_shared<const MortalityShiftCache>(base_.demography);
  models_.reserve(scenarios_.size());
  for (const ScenarioParameters& scenario : scenarios_) models_.emplace_back(base_, scenario, shift_cache);
  if (!plan_.regional.empty()) {
    regional_.reserve(scenarios_.size());
    for (const ScenarioParameters& scenario : scenarios_) regional_.emplace_back(base_, scenario);
  }

  plan_.exact_quantiles = plan_.settings.draws <= plan_.settings.exact_quantile_draws;
  if (!plan_.exact_quantiles) {
    // Pilot: the first draws set each column's grid (their range, widened by a quarter on
    // each side; values beyond it are kept exactly).
    const std::size_t columns = plan_.columns();
    const std::size_t pilot = std::min(plan_.settings.pilot_draws, plan_.settings.draws);
    std::vector<double> low(scenarios_.size() * columns, std::numeric_limits<double>::infinity());
    std::vector<double> high(scenarios_.size() * columns, -std::numeric_limits<double>::infinity());
    Worker worker;
    std::vector<double> out(columns);
    for (std::size_t d = 0; d < pilot; ++d) {
      const std::vector<double> values = draw_values(d);
      for (std::size_t s = 0; s < scenarios_.size(); ++s) {
        evaluate_into(worker, s, values.data(), out.data(), {RunLabel::Kind::draw, d});
        for (std::size_t c = 0; c < columns; ++c) {
          low[s * columns + c] = std::min(low[s * columns + c], out[c]);
          high[s * columns + c] = std::max(high[s * columns + c], out[c]);
        }
      }
    }
    plan_.grid_low.resize(low.size());
    plan_.grid_width.resize(low.size());
    for (std::size_t i = 0; i < low.size(); ++i) {
      const double span = high[i] - low[i];
      plan_.grid_low[i] = span > 0.0 ? low[i] - 0.25 * span : low[i];
      plan_.grid_width[i] = span > 0.0 ? 1.5 * span / double(plan_.settings.histogram_bins) : 0.0;
    }
  }
}

std::vector<double> Sweep::draw_values(std::uint64_t draw) const {
  std::vector<double> values(parameters_.size());
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    const RandomStream stream(plan_.settings.seed, plan_.streams[p]);
    values[p] = parameters_[p].value_at(stream.uniform(draw, kMainDraws));
  }
  return values;
}

ScenarioParameters Sweep::scenario_with(std::size_t scenario, const std::vector<double>& values) const {
  CARECAST_CHECK(values.size() == parameters_.size(), "one value per parameter");
  ScenarioParameters result = scenarios_.at(scenario);
  for (std::size_t p = 0; p < parameters_.size(); ++p) parameters_[p].apply(result, scenario, values[p]);
  return result;
}

std::vector<double> Sweep::evaluate(std::size_t scenario, const std::vector<double>& values, std::uint64_t draw) const {
  CARECAST_CHECK(values.size() == parameters_.size(), "one value per parameter");
  Worker worker;
  std::vector<double> out(plan_.columns());
  evaluate_into(worker, scenario, values.data(), out.data(),
                draw == kNoDraw ? RunLabel{} : RunLabel{RunLabel::Kind::draw, draw});
  return out;
}

void Sweep::evaluate_into(Worker& worker, std::size_t scenario, const double* values, double* out, RunLabel label,
                          bool regional) const {
  if (worker.workspaces.empty()) {
    for (const FastModel& model : models_) worker.workspaces.push_back(model.workspace());
    worker.scratch = scenarios_;
    worker.regional.resize(regional_.size());
  }
  ScenarioParameters& scratch = worker.scratch[scenario];
  scratch = scenarios_[scenario];  // reuses the buffers of the previous draw
  for (std::size_t p = 0; p < parameters_.size(); ++p) parameters_[p].apply(scratch, scenario, values[p]);
  try {
    models_[scenario].evaluate(scratch, *worker.workspaces[scenario], out);
  } catch (const DomainError& error) {
    // A draw the projection refuses (the distributions reach values that are valid alone but
    // not together, or not in every year): name the draw's values, which the user can change.
    std::string draw;
    for (std::size_t p = 0; p < parameters_.size(); ++p) {
      const std::vector<std::string>& alternatives = parameters_[p].alternatives;  // a choice: its name
      const bool named = values[p] >= 0.0 && values[p] < double(alternatives.size());
      draw += (p == 0 ? "" : ", ") + parameters_[p].name + " = " +
              (named ? alternatives[std::size_t(values[p])] : format_value(values[p]));
    }
    std::string which;
    switch (label.kind) {
      case RunLabel::Kind::values: which = "a draw of the sweep"; break;
      case RunLabel::Kind::draw: which = "draw " + std::to_string(label.index) + " of the sweep"; break;
      case RunLabel::Kind::sobol_row: which = "Sobol row " + std::to_string(label.index) + " of the sweep"; break;
      case RunLabel::Kind::tornado: which = "a tornado run of the sweep"; break;
    }
    throw SweepRunError(DomainError(error.kind(), error.key(), error.value(),
                                    which + " (" + draw + ") fails: " + error.rule() +
                                        "; narrow or truncate the distributions",
                                    scenarios_[scenario].name),
                        std::vector<double>(values, values + parameters_.size()));
  }
  if (regional && !regional_.empty())
    regional_[scenario].evaluate(scratch, out, worker.regional[scenario], out + plan_.layout.size());
}

SweepPart Sweep::run(std::size_t first_unit, std::size_t last_unit, const SweepExecution& execution) const {
  CARECAST_CHECK(first_unit <= last_unit && last_unit <= plan_.units(), "unit range out of bounds");
  const SweepPlan& plan = plan_;
  const SweepSettings& settings = plan.settings;
  const std::size_t scenario_count = scenarios_.size(), columns = plan.columns();
  const std::size_t k = parameters_.size(), outputs = plan.sensitivity_outputs();
  const std::size_t years = plan.layout.years.size();
  const std::size_t bins = settings.histogram_bins;

  SweepPart part;
  part.fingerprint = plan.fingerprint;
  part.first_unit = first_unit;
  part.last_unit = last_unit;
  const auto [first_draw, last_draw] = part.draw_range(plan);
  const auto [first_row, last_row] = part.sobol_range(plan);
  const std::size_t main_first = std::min(first_unit, plan.main_units());
  const std::size_t main_count = std::min(last_unit, plan.main_units()) - main_first;
  part.scenarios.resize(scenario_count);
  for (SweepPart::Scenario& s : part.scenarios) {
    assign_large(s.block_sums, main_count * columns);
    if (plan.exact_quantiles) {
      assign_large(s.values, (last_draw - first_draw) * columns);
    } else {
      assign_large(s.histogram, columns * bins);
      s.outside.assign(columns, {});
    }
    s.exceedances.assign(settings.thresholds.size() * years, 0);
    assign_large(s.sobol, (last_row - first_row) * (k + 2) * outputs);
    s.tornado.assign((1 + 2 * k) * outputs, 0.0);
  }

  const std::size_t total_runs = ((last_draw - first_draw) + (last_row - first_row) * (k + 2)) * scenario_count;
  std::atomic<std::size_t> runs_done{0};
  std::mutex progress_mutex;
  auto report = [&](std::size_t runs) {
    const std::size_t done = runs_done.fetch_add(runs) + runs;
    if (!execution.progress) return;
    std::unique_lock<std::mutex> lock(progress_mutex, std::try_to_lock);
    if (lock.owns_lock()) execution.progress(done, total_runs);
  };

  tbb::enumerable_thread_specific<Worker> workers;
  // `f` on the worker's queue of pending bins of the width this sweep's bins take.
  const bool narrow = bins <= kNarrowBinsUpTo;
  auto with_queue = [narrow](Worker& w, auto&& f) {
    if (narrow) f(w.narrow);
    else f(w.wide);
  };
  auto prepare = [&](Worker& w) {
    if (!w.run_output.empty()) return;
    if (!plan.exact_quantiles) {
      // The large buffers are made in place: assign(n, prototype) would hold the prototype and
      // its copy at once, a second thread's worth of memory at the peak.
      w.histogram.resize(scenario_count);
      for (auto& counts : w.histogram) assign_large(counts, columns * bins);
      w.outside.assign(scenario_count, std::vector<std::vector<double>>(columns));
      with_queue(w, [&](auto& queue) {
        using Bin = typename std::decay_t<decltype(queue)>::Bin;
        queue.pending.resize(scenario_count);
        for (auto& pending : queue.pending) assign_large(pending, columns * kPendingStride<Bin>, kOffGrid<Bin>);
        queue.batch.resize(scenario_count);
        for (auto& batch : queue.batch) assign_large(batch, kRowBatch * columns, kOffGrid<Bin>);
      });
    }
    w.exceedances.assign(scenario_count, std::vector<std::uint64_t>(settings.thresholds.size() * years, 0));
    w.values.resize(k);
    w.values_b.resize(k);
    w.run_values.resize(k);
    w.run_output.resize(columns);
  };

  // The bin of each value of one draw (histogram mode), or kOffGrid with the value kept:
  // ⌊(value − low) · (1/width)⌋, the same product in every thread, shard and rank. The main
  // pass has no branch (it vectorises); columns of zero width (the same value in every
  // pilot draw, e.g. the base year) take bin 0 for that value, and off-grid values are kept
  // in a second pass over the bins.
  std::vector<double> inverse_width(plan.grid_width.size());
  std::vector<std::vector<std::size_t>> zero_width(scenario_count);
  for (std::size_t i = 0; i < inverse_width.size(); ++i) {
    inverse_width[i] = plan.grid_width[i] > 0.0 ? 1.0 / plan.grid_width[i] : 0.0;
    if (!(plan.grid_width[i] > 0.0)) zero_width[i / columns].push_back(i % columns);
  }
  const double bin_count = double(bins);
  auto bin_draw = [&](Worker& w, std::size_t s, const double* row) {
    with_queue(w, [&](auto& queue) {
      using Bin = typename std::decay_t<decltype(queue)>::Bin;
      Bin* out = &queue.batch[s][w.batch_count * columns];
      const double* low = &plan.grid_low[s * columns];
      const double* inverse = &inverse_width[s * columns];
      bool any_off_grid = bin_values(row, low, inverse, columns, bin_count, out);
      for (const std::size_t c : zero_width[s]) {
        const bool on_grid = row[c] == low[c];
        out[c] = on_grid ? 0 : kOffGrid<Bin>;
        any_off_grid |= !on_grid;
      }
      if (!any_off_grid) return;
      for (std::size_t c = 0; c < columns; ++c) {
        if (out[c] == kOffGrid<Bin>) w.outside[s][c].push_back(row[c]);
      }
    });
  };

  // Counting. A column of zero width has only bin 0: its on-grid values are counted as a
  // sum (incrementing one counter draw after draw would wait on the previous increment).
  std::vector<std::vector<char>> single_bin(scenario_count, std::vector<char>(columns, 0));
  for (std::size_t s = 0; s < scenario_count; ++s) {
    for (const std::size_t c : zero_width[s]) single_bin[s][c] = 1;
  }
  auto count_pending = [&](Worker& w) {
    with_queue(w, [&](auto& queue) {
      using Bin = typename std::decay_t<decltype(queue)>::Bin;
      for (std::size_t s = 0; s < scenario_count; ++s) {
        for (std::size_t c = 0; c < columns; ++c) {
          const Bin* pending = &queue.pending[s][c * kPendingStride<Bin>];
          std::uint32_t* counts = &w.histogram[s][c * bins];
          // A column's counts (bins · 4 bytes, 16 KB) were last touched kPendingDraws draws ago
          // and lie in L3 or memory; the increments hit them in no order a prefetcher can
          // follow. So the next column's counts are fetched while this one's are counted.
          if (c + 1 < columns) {
            const std::uint32_t* next = counts + bins;
            for (std::size_t b = 0; b < bins; b += 16) __builtin_prefetch(next + b, 1);
          }
          if (single_bin[s][c]) {
            std::uint32_t on_grid = 0;
            for (std::size_t i = 0; i < w.pending_count; ++i) on_grid += pending[i] == 0;
            counts[0] += on_grid;
            continue;
          }
          for (std::size_t i = 0; i < w.pending_count; ++i) {
            if (pending[i] != kOffGrid<Bin>) ++counts[pending[i]];
          }
        }
      }
    });
    w.pending_count = 0;
  };

  // The batch's bins, column by column, onto the pending lines; counted when they are full.
  auto flush_batch = [&](Worker& w) {
    with_queue(w, [&](auto& queue) {
      using Bin = typename std::decay_t<decltype(queue)>::Bin;
      for (std::size_t s = 0; s < scenario_count; ++s) {
        const Bin* batch = queue.batch[s].data();
        Bin* pending = &queue.pending[s][w.pending_count];
        std::size_t c = 0;
        if (w.batch_count == kRowBatch) c = transpose_batch(batch, columns, pending);
        for (; c < columns; ++c) {
          for (std::size_t i = 0; i < w.batch_count; ++i) pending[c * kPendingStride<Bin> + i] = batch[i * columns + c];
        }
      }
    });
    w.pending_count += w.batch_count;
    w.batch_count = 0;
    if (w.pending_count + kRowBatch > kPendingDraws) count_pending(w);
  };

  auto main_unit = [&](Worker& w, std::size_t unit) {
    const std::size_t begin = unit * kDrawsPerBlock, end = std::min(settings.draws, begin + kDrawsPerBlock);
    const std::size_t count = end - begin;
    for (std::size_t d = begin; d < end; ++d) {
      for (std::size_t p = 0; p < k; ++p) {
        const RandomStream stream(settings.seed, plan.streams[p]);
        w.values[p] = parameters_[p].value_at(stream.uniform(d, kMainDraws));
      }
      for (std::size_t s = 0; s < scenario_count; ++s) {
        double* out = plan.exact_quantiles ? &part.scenarios[s].values[(d - first_draw) * columns] : w.run_output.data();
        evaluate_into(w, s, w.values.data(), out, {RunLabel::Kind::draw, d});
        // Sums in draw order within the block; exceedances are counts.
        double* sums = &part.scenarios[s].block_sums[(unit - main_first) * columns];
        for (std::size_t c = 0; c < columns; ++c) sums[c] += out[c];
        std::uint64_t* exceed = w.exceedances[s].data();
        for (std::size_t t = 0; t < settings.thresholds.size(); ++t) {
          const SweepThreshold& threshold = settings.thresholds[t];
          for (std::size_t y = 0; y < years; ++y)
            exceed[t * years + y] += out[plan.year_value(y, threshold.column)] > threshold.value;
        }
        if (!plan.exact_quantiles) bin_draw(w, s, out);
      }
      if (!plan.exact_quantiles && ++w.batch_count == kRowBatch) flush_batch(w);
    }
    report(count * scenario_count);
  };

  auto sobol_unit = [&](Worker& w, std::size_t unit) {
    const std::size_t begin = (unit - plan.main_units()) * kSobolRowsPerBlock;
    const std::size_t end = std::min(settings.sobol_rows, begin + kSobolRowsPerBlock);
    for (std::size_t row = begin; row < end; ++row) {
      for (std::size_t p = 0; p < k; ++p) {
        const RandomStream stream(settings.seed, plan.streams[p]);
        w.values[p] = parameters_[p].value_at(stream.uniform(row, kSobolA));
        w.values_b[p] = parameters_[p].value_at(stream.uniform(row, kSobolB));
      }
      for (std::size_t m = 0; m < k + 2; ++m) {
        if (m == 0) w.run_values = w.values;
        else if (m == 1) w.run_values = w.values_b;
        else {
          w.run_values = w.values;
          w.run_values[m - 2] = w.values_b[m - 2];
        }
        for (std::size_t s = 0; s < scenario_count; ++s) {
          evaluate_into(w, s, w.run_values.data(), w.run_output.data(), {RunLabel::Kind::sobol_row, row},
                        /*regional=*/false);
          double* target = &part.scenarios[s].sobol[((row - first_row) * (k + 2) + m) * outputs];
          for (std::size_t o = 0; o < outputs; ++o) target[o] = w.run_output[plan.sensitivity_column(o)];
        }
      }
    }
    report((end - begin) * (k + 2) * scenario_count);
  };

  // A draw the projection refuses stops the run; the one reported is the first in unit order
  // (within a unit, draw order), whatever the threads did first, so the message does not
  // depend on the thread count or timing. Units after a failed one are skipped.
  std::atomic<std::size_t> failed_unit{std::numeric_limits<std::size_t>::max()};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  tbb::task_arena arena(arena_concurrency(execution.threads));
  arena.execute([&] {
    tbb::parallel_for(first_unit, last_unit, [&](std::size_t unit) {
      if (unit > failed_unit.load()) return;
      try {
        Worker& w = workers.local();
        prepare(w);
        if (unit < plan.main_units()) main_unit(w, unit);
        else sobol_unit(w, unit);
      } catch (const DomainError&) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (unit < failed_unit.load()) {
          failed_unit = unit;
          failure = std::current_exception();
        }
      }
    });
  });
  if (failure) std::rethrow_exception(failure);

  // Tornado: the central run, then each parameter at its low and high quantile.
  {
    // Only the evaluation workspaces (made on first use): no histogram buffers, which in
    // histogram mode would cost a thread's worth of memory beside the threads' own.
    Worker w;
    std::vector<double> central(k), values(k), out(columns);
    for (std::size_t p = 0; p < k; ++p) central[p] = plan.tornado_inputs[p][1];
    for (std::size_t run = 0; run < 1 + 2 * k; ++run) {
      values = central;
      if (run > 0) values[(run - 1) / 2] = plan.tornado_inputs[(run - 1) / 2][run % 2 == 1 ? 0 : 2];
      for (std::size_t s = 0; s < scenario_count; ++s) {
        evaluate_into(w, s, values.data(), out.data(), {RunLabel::Kind::tornado, 0}, /*regional=*/false);
        for (std::size_t o = 0; o < outputs; ++o) part.scenarios[s].tornado[run * outputs + o] = out[plan.sensitivity_column(o)];
      }
    }
  }

  // Counts are integers and the off-grid values are sorted: the combination does not
  // depend on which thread did what.
  for (Worker& w : workers) {
    if (w.exceedances.empty()) continue;
    if (!plan.exact_quantiles) {
      flush_batch(w);
      count_pending(w);
    }
    for (std::size_t s = 0; s < scenario_count; ++s) {
      SweepPart::Scenario& target = part.scenarios[s];
      for (std::size_t i = 0; i < target.exceedances.size(); ++i) target.exceedances[i] += w.exceedances[s][i];
      if (plan.exact_quantiles) continue;
      for (std::size_t i = 0; i < target.histogram.size(); ++i) target.histogram[i] += w.histogram[s][i];
      for (std::size_t c = 0; c < columns; ++c) {
        target.outside[c].insert(target.outside[c].end(), w.outside[s][c].begin(), w.outside[s][c].end());
      }
    }
  }
  for (SweepPart::Scenario& s : part.scenarios) {
    for (auto& values : s.outside) std::sort(values.begin(), values.end());
  }
  if (execution.progress) execution.progress(total_runs, total_runs);
  return part;
}

std::uint64_t sweep_peak_bytes(const SweepPlan& plan, std::size_t first_unit, std::size_t last_unit,
                               std::size_t threads) {
  SweepPart part;  // only for its ranges
  part.first_unit = std::min(first_unit, plan.units());
  part.last_unit = std::clamp(last_unit, part.first_unit, plan.units());
  const auto [first_draw, last_draw] = part.draw_range(plan);
  const auto [first_row, last_row] = part.sobol_range(plan);
  // In doubles; a double holds any count of bytes a sweep can ask for without overflow.
  const double columns = double(plan.columns()), draws = double(last_draw - first_draw);
  const double blocks = std::ceil(draws / double(kDrawsPerBlock));
  const double runs = double(last_row - first_row) * double(plan.parameters.size() + 2);
  const double bins = double(plan.settings.histogram_bins);
  double per_scenario = 8.0 * (blocks * columns + runs * double(plan.sensitivity_outputs()));
  double per_thread = 0.0;
  if (plan.exact_quantiles) {
    per_scenario += 2.0 * 8.0 * draws * columns;
  } else {
    per_scenario += 8.0 * columns * bins;
    const bool narrow = plan.settings.histogram_bins <= kNarrowBinsUpTo;
    const double queue = double(narrow ? kQueueBytesPerColumn<std::uint16_t> : kQueueBytesPerColumn<std::uint32_t>);
    per_thread = columns * (4.0 * bins + queue);
  }
  const double scenarios = double(plan.scenarios.size());
  const double bytes = scenarios * (per_scenario + double(std::max<std::size_t>(threads, 1)) * per_thread);
  return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : std::uint64_t(bytes);
}

std::pair<std::size_t, std::size_t> shard_units(const SweepPlan& plan, std::size_t index, std::size_t count) {
  CARECAST_CHECK(count > 0 && index < count, "shard index out of range");
  const std::size_t units = plan.units();
  return {units * index / count, units * (index + 1) / count};
}

void merge_parts(const SweepPlan& plan, SweepPart& into, SweepPart&& next) {
  if (next.fingerprint != plan.fingerprint || into.fingerprint != plan.fingerprint) {
    throw std::invalid_argument("the parts belong to different sweeps");
  }
  if (next.first_unit != into.last_unit) {
    throw std::invalid_argument("parts do not fit together: one ends at unit " + std::to_string(into.last_unit) +
                                ", the next starts at " + std::to_string(next.first_unit));
  }
  if (into.scenarios.empty()) {
    const std::size_t first = into.first_unit;
    into = std::move(next);
    into.first_unit = first;
    return;
  }
  CARECAST_CHECK(into.scenarios.size() == next.scenarios.size(), "parts have different scenarios");
  for (std::size_t s = 0; s < into.scenarios.size(); ++s) {
    SweepPart::Scenario& a = into.scenarios[s];
    SweepPart::Scenario& b = next.scenarios[s];
    a.block_sums.insert(a.block_sums.end(), b.block_sums.begin(), b.block_sums.end());
    a.values.insert(a.values.end(), b.values.begin(), b.values.end());
    a.sobol.insert(a.sobol.end(), b.sobol.begin(), b.sobol.end());
    CARECAST_CHECK(a.histogram.size() == b.histogram.size() && a.exceedances.size() == b.exceedances.size(),
                   "parts have different shapes");
    for (std::size_t i = 0; i < a.histogram.size(); ++i) a.histogram[i] += b.histogram[i];
    for (std::size_t i = 0; i < a.exceedances.size(); ++i) a.exceedances[i] += b.exceedances[i];
    for (std::size_t c = 0; c < a.outside.size(); ++c) {
      const auto middle = a.outside[c].insert(a.outside[c].end(), b.outside[c].begin(), b.outside[c].end());
      std::inplace_merge(a.outside[c].begin(), middle, a.outside[c].end());
    }
  }
  into.last_unit = next.last_unit;
}

SweepSummary summarize(const SweepPlan& plan, const SweepPart& complete, int threads) {
  if (complete.first_unit != 0 || complete.last_unit != plan.units()) {
    throw std::invalid_argument("the parts cover units " + std::to_string(complete.first_unit) + "-" +
                                std::to_string(complete.last_unit) + " of 0-" + std::to_string(plan.units()));
  }
  if (complete.fingerprint != plan.fingerprint) throw std::invalid_argument("the parts belong to a different sweep");
  const SweepSettings& settings = plan.settings;
  const std::size_t n = settings.draws, columns = plan.columns();
  const std::size_t bins = settings.histogram_bins, stats = kSweepStatistics.size();
  const std::size_t blocks = plan.main_units();

  SweepSummary summary;
  summary.scenarios.resize(plan.scenarios.size());
  tbb::task_arena arena(arena_concurrency(threads));
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const SweepPart::Scenario& part = complete.scenarios.at(s);
    SweepSummary::Scenario& out = summary.scenarios[s];
    out.statistics.assign(columns * stats, 0.0);
    arena.execute([&] {
      tbb::parallel_for(std::size_t(0), columns, [&](std::size_t c) {
        double* result = &out.statistics[c * stats];
        double sum = 0.0;
        for (std::size_t b = 0; b < blocks; ++b) sum += part.block_sums[b * columns + c];
        result[stats - 1] = sum / double(n);
        // The order statistics needed, ascending: j and j+1 of each quantile.
        std::array<std::size_t, 2 * kSweepQuantiles.size()> wanted{};
        for (std::size_t q = 0; q < kSweepQuantiles.size(); ++q) {
          const QuantilePosition position = quantile_position(n, kSweepQuantiles[q]);
          wanted[2 * q] = position.j;
          wanted[2 * q + 1] = std::min(position.j + 1, n - 1);
        }
        std::array<double, 2 * kSweepQuantiles.size()> order{};
        if (plan.exact_quantiles) {
          std::vector<double> column(n);
          for (std::size_t d = 0; d < n; ++d) column[d] = part.values[d * columns + c];
          std::size_t sorted_up_to = 0;  // nth_element on what is left after each position
          for (std::size_t i = 0; i < wanted.size(); ++i) {
            if (wanted[i] >= sorted_up_to) {
              std::nth_element(column.begin() + std::ptrdiff_t(sorted_up_to), column.begin() + std::ptrdiff_t(wanted[i]),
                               column.end());
              sorted_up_to = wanted[i];
            }
            order[i] = column[wanted[i]];
          }
        } else {
          const double low = plan.grid_low[s * columns + c], width = plan.grid_width[s * columns + c];
          const std::vector<double>& outside = part.outside[c];
          // Off-grid values below the grid come first in rank order, those above last.
          const auto below_end = std::lower_bound(outside.begin(), outside.end(), low);
          const auto below = std::size_t(below_end - outside.begin());
          const std::uint64_t* counts = &part.histogram[c * bins];
          std::size_t bin = 0;
          std::uint64_t before = below;  // ranks below the current bin
          for (std::size_t i = 0; i < wanted.size(); ++i) {
            const std::size_t rank = wanted[i];
            if (rank < below) {
              order[i] = outside[rank];
              continue;
            }
            while (bin < bins && before + counts[bin] <= rank) before += counts[bin++];
            if (bin == bins) {
              order[i] = outside[below + (rank - before)];
              continue;
            }
            // The (rank − before)-th of counts[bin] values in the bin: spread evenly in it.
            order[i] = width > 0.0
                           ? low + width * (double(bin) + (double(rank - before) + 0.5) / double(counts[bin]))
                           : low;
          }
        }
        for (std::size_t q = 0; q < kSweepQuantiles.size(); ++q) {
          const QuantilePosition position = quantile_position(n, kSweepQuantiles[q]);
          result[q] = order[2 * q] + position.fraction * (order[2 * q + 1] - order[2 * q]);
        }
      });
    });
    // Every draw is finite (kernel::check_domain), but a sum of draws or a spread between
    // quantiles can still leave double precision when the draws are near its limit.
    for (std::size_t c = 0; c < columns; ++c) {
      for (std::size_t q = 0; q < stats; ++q) {
        const double value = out.statistics[c * stats + q];
        if (std::isfinite(value)) continue;
        const std::size_t width = plan.layout.per_year();
        const std::string what = c < plan.layout.size() ? plan.layout.describe(c % width) + " in " +
                                                              std::to_string(plan.layout.years.at(c / width))
                                                        : "a regional result";
        throw DomainError(DomainError::Kind::parameter, "", "",
                          "the draws of " + what + " are too large to summarise: their " +
                              std::string(kSweepStatistics[q]) + " leaves double precision (" + format_value(value) +
                              ")",
                          plan.scenarios[s]);
      }
    }
    out.exceedance.resize(part.exceedances.size());
    for (std::size_t i = 0; i < part.exceedances.size(); ++i) out.exceedance[i] = double(part.exceedances[i]) / double(n);
    if (plan.sobol_units() > 0) {
      SaltelliValues values;
      values.rows = settings.sobol_rows;
      values.parameters = plan.parameters.size();
      values.outputs = plan.sensitivity_outputs();
      values.values = part.sobol;
      out.sobol = sobol_indices(values, {settings.bootstrap, settings.confidence, settings.seed, threads});
    }
    out.tornado = part.tornado;
  }
  return summary;
}

}  // namespace carecast::engine
