#include "carecast/output/sweep_output.hpp"

#include "carecast/config/errors.hpp"
#include "carecast/engine/check.hpp"
#include "carecast/engine/version.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/csv.hpp"
#include "carecast/output/json.hpp"
#include "carecast/output/number_format.hpp"
#include "carecast/output/report/provenance.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace carecast::output {
namespace {

// A DataError about a whole file (no line): built field by field, which also keeps GCC 12's
// -Wmaybe-uninitialized quiet.
config::DataError file_error(const std::string& file, const std::string& rule) {
  std::vector<config::Problem> problems(1);
  problems[0].where.file = file;
  problems[0].rule = rule;
  return config::DataError(std::move(problems));
}

std::string_view header_of(std::string_view name) {
  for (const auto& file : kSweepFiles) {
    if (file.name == name) return file.header;
  }
  engine::fail_check("known sweep file", __FILE__, __LINE__, std::string(name));
}

// Statistics of the columns [first, first + count) plus `extra` (total) under `names`.
void write_statistics(std::ostream& out, std::string_view file, const engine::SweepPlan& plan,
                      const engine::SweepSummary& summary, const std::vector<std::size_t>& columns,
                      const std::vector<std::string>& names) {
  CsvWriter csv(out, header_of(file));
  const engine::SweepLayout& layout = plan.layout;
  const std::size_t stats = engine::kSweepStatistics.size();
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const auto& statistics = summary.scenarios.at(s).statistics;
    CARECAST_CHECK(statistics.size() == plan.columns() * stats, "statistics have the plan's size");
    for (std::size_t y = 0; y < layout.years.size(); ++y) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::size_t index = y * layout.per_year() + columns[c];
        for (std::size_t k = 0; k < stats; ++k) {
          csv.text(plan.scenarios[s]);
          csv.integer(layout.years[y]);
          csv.text(names[c]);
          csv.text(engine::kSweepStatistics[k]);
          csv.number(statistics[index * stats + k], file);
          csv.end_row();
        }
      }
    }
  }
  csv.flush();
}

// The sensitivity outputs' names: per report year, every service then "total".
std::string output_service(const engine::SweepPlan& plan, std::size_t output) {
  const std::size_t j = output % (plan.layout.services.size() + 1);
  return j < plan.layout.services.size() ? plan.layout.services[j] : std::string(kTotalService);
}
int output_year(const engine::SweepPlan& plan, std::size_t output) {
  return plan.settings.report_years.at(output / (plan.layout.services.size() + 1));
}

// ---------------------------------------------------------------------------------------
// Binary encoding of plans and parts.

// The file: kMagic, a line "sha256 <64 hex digits>" holding the SHA-256 of everything after
// that line (the body), then the body. A damaged or edited body is refused before it is
// read, so merge never combines bytes it cannot trust.
constexpr std::string_view kMagic = "carecast-sweep-part 3\n";  // 3: the plan holds the regions
constexpr std::string_view kChecksumPrefix = "sha256 ";
constexpr std::size_t kChecksumLine = kChecksumPrefix.size() + 64 + 1;

class Writer {
 public:
  void bytes(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }
  template <class T>
  void pod(T value) {
    bytes(&value, sizeof value);
  }
  void size(std::size_t n) { pod<std::uint64_t>(n); }
  void text(std::string_view s) {
    size(s.size());
    bytes(s.data(), s.size());
  }
  template <class T>
  void array(const std::vector<T>& values) {
    size(values.size());
    if (!values.empty()) bytes(values.data(), values.size() * sizeof(T));
  }
  void texts(const std::vector<std::string>& values) {
    size(values.size());
    for (const auto& v : values) text(v);
  }
  // Histogram counts: mostly small, so LEB128 varints.
  void counts(const std::vector<std::uint64_t>& values) {
    size(values.size());
    for (std::uint64_t v : values) {
      do {
        std::uint8_t byte = std::uint8_t(v & 0x7f);
        v >>= 7;
        if (v) byte |= 0x80;
        out_.push_back(char(byte));
      } while (v);
    }
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(std::string_view data, const std::string& origin) : data_(data), origin_(origin) {}
  void bytes(void* target, std::size_t size) {
    if (size > data_.size() - at_) fail("it ends too early");
    std::memcpy(target, data_.data() + at_, size);
    at_ += size;
  }
  template <class T>
  T pod() {
    T value;
    bytes(&value, sizeof value);
    return value;
  }
  std::size_t size() { return std::size_t(pod<std::uint64_t>()); }
  // A number of elements that follow: never more than the bytes left.
  std::size_t length() {
    const auto n = pod<std::uint64_t>();
    if (n > data_.size() - at_) fail("a length is larger than the rest of the file");
    return std::size_t(n);
  }
  std::string text() {
    std::string s(length(), '\0');
    bytes(s.data(), s.size());
    return s;
  }
  template <class T>
  std::vector<T> array() {
    const std::size_t n = length();
    if (n > (data_.size() - at_) / sizeof(T)) fail("it ends too early");
    std::vector<T> values(n);
    if (n) bytes(values.data(), n * sizeof(T));
    return values;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> values(length());
    for (auto& v : values) v = text();
    return values;
  }
  std::vector<std::uint64_t> counts() {
    std::vector<std::uint64_t> values(length());
    for (auto& v : values) {
      std::uint64_t value = 0;
      for (int shift = 0;; shift += 7) {
        if (at_ >= data_.size() || shift > 63) fail("a count is damaged");
        const auto byte = std::uint8_t(data_[at_++]);
        value |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
      }
      v = value;
    }
    return values;
  }
  bool at_end() const { return at_ == data_.size(); }
  [[noreturn]] void fail(const std::string& why) const {
    throw file_error(origin_, "not a carecast sweep part: " + why);
  }

 private:
  std::string_view data_;
  std::string origin_;
  std::size_t at_ = 0;
};

void put_plan(Writer& w, const engine::SweepPlan& plan) {
  const engine::SweepSettings& s = plan.settings;
  w.pod(plan.fingerprint);
  w.pod<std::uint64_t>(s.seed);
  w.size(s.draws);
  w.array(s.report_years);
  w.size(s.thresholds.size());
  for (const auto& t : s.thresholds) {
    w.size(t.column);
    w.pod(t.value);
  }
  w.size(s.sobol_rows);
  w.size(s.bootstrap);
  w.pod(s.confidence);
  w.pod(s.tornado_low);
  w.pod(s.tornado_high);
  w.size(s.exact_quantile_draws);
  w.size(s.histogram_bins);
  w.size(s.pilot_draws);
  w.array(plan.layout.years);
  w.texts(plan.layout.services);
  w.texts(plan.layout.professions);
  w.texts(plan.layout.gaps);
  w.pod<std::uint8_t>(std::uint8_t(plan.regional.level));
  w.texts(plan.regional.regions);
  w.texts(plan.scenarios);
  w.texts(plan.parameters);
  w.size(plan.alternatives.size());
  for (const auto& a : plan.alternatives) w.texts(a);
  w.array(plan.streams);
  w.array(plan.tornado_inputs);
  w.pod<std::uint8_t>(plan.exact_quantiles ? 1 : 0);
  w.array(plan.grid_low);
  w.array(plan.grid_width);
}

engine::SweepPlan get_plan(Reader& r) {
  engine::SweepPlan plan;
  engine::SweepSettings& s = plan.settings;
  plan.fingerprint = r.pod<std::uint64_t>();
  s.seed = r.pod<std::uint64_t>();
  s.draws = r.size();
  s.report_years = r.array<int>();
  s.thresholds.resize(r.length());
  for (auto& t : s.thresholds) {
    t.column = r.size();
    t.value = r.pod<double>();
  }
  s.sobol_rows = r.size();
  s.bootstrap = r.size();
  s.confidence = r.pod<double>();
  s.tornado_low = r.pod<double>();
  s.tornado_high = r.pod<double>();
  s.exact_quantile_draws = r.size();
  s.histogram_bins = r.size();
  s.pilot_draws = r.size();
  plan.layout.years = r.array<int>();
  plan.layout.services = r.texts();
  plan.layout.professions = r.texts();
  plan.layout.gaps = r.texts();
  const auto level = r.pod<std::uint8_t>();
  if (level >= engine::kRegionLevels.size()) r.fail("its plan names an unknown region level");
  plan.regional.level = engine::RegionLevel(level);
  plan.regional.regions = r.texts();
  if ((plan.regional.level == engine::RegionLevel::none) != plan.regional.regions.empty()) {
    r.fail("its plan's regions do not fit its region level");
  }
  if (!plan.regional.regions.empty()) {
    plan.regional.services = plan.layout.services;
    plan.regional.years = plan.layout.years;
  }
  plan.scenarios = r.texts();
  plan.parameters = r.texts();
  plan.alternatives.resize(r.length());
  for (auto& a : plan.alternatives) a = r.texts();
  plan.streams = r.array<std::uint32_t>();
  plan.tornado_inputs = r.array<std::array<double, 3>>();
  plan.exact_quantiles = r.pod<std::uint8_t>() != 0;
  plan.grid_low = r.array<double>();
  plan.grid_width = r.array<double>();
  return plan;
}

void put_description(Writer& w, const SweepDescription& d) {
  w.text(d.sweep_file);
  w.text(d.scenario_file);
  w.text(d.base_file);
  w.text(d.description);
  w.size(d.sources.size());
  for (const auto& source : d.sources) {
    w.text(source.role);
    w.text(source.path);
    w.text(source.note);
  }
  w.text(d.resolved_yaml);
}

SweepDescription get_description(Reader& r) {
  SweepDescription d;
  d.sweep_file = r.text();
  d.scenario_file = r.text();
  d.base_file = r.text();
  d.description = r.text();
  d.sources.resize(r.length());
  for (auto& source : d.sources) {
    source.role = r.text();
    source.path = r.text();
    source.note = r.text();
  }
  d.resolved_yaml = r.text();
  return d;
}

}  // namespace

SweepDescription describe_sweep(const config::SweepConfig& sweep) {
  SweepDescription d;
  d.sweep_file = sweep.sweep_file;
  d.scenario_file = sweep.run.scenario_file;
  d.base_file = sweep.run.base_file;
  d.description = sweep.description;
  d.sources = sweep.run.sources;
  d.resolved_yaml = config::sweep_resolved_yaml(sweep);
  return d;
}

void write_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary) {
  std::vector<std::size_t> columns;
  std::vector<std::string> names;
  for (std::size_t j = 0; j < plan.layout.services.size(); ++j) {
    columns.push_back(j);
    names.push_back(plan.layout.services[j]);
  }
  columns.push_back(plan.layout.total_column());
  names.emplace_back(kTotalService);
  write_statistics(out, "quantiles.csv", plan, summary, columns, names);
}

void write_profession_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan,
                                    const engine::SweepSummary& summary) {
  std::vector<std::size_t> columns;
  for (std::size_t k = 0; k < plan.layout.professions.size(); ++k) columns.push_back(plan.layout.profession_column(k));
  write_statistics(out, "quantiles_professions.csv", plan, summary, columns, plan.layout.professions);
}

void write_gap_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary) {
  std::vector<std::size_t> columns;
  for (std::size_t k = 0; k < plan.layout.gaps.size(); ++k) columns.push_back(plan.layout.gap_column(k));
  write_statistics(out, "quantiles_gap.csv", plan, summary, columns, plan.layout.gaps);
}

void write_indicator_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan,
                                   const engine::SweepSummary& summary) {
  std::vector<std::size_t> columns;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < engine::kSweepIndicators.size(); ++i) {
    columns.push_back(plan.layout.indicator_column(i));
    names.emplace_back(engine::kSweepIndicators[i]);
  }
  write_statistics(out, "quantiles_indicators.csv", plan, summary, columns, names);
}

void write_regional_quantiles_csv(std::ostream& out, const engine::SweepPlan& plan,
                                  const engine::SweepSummary& summary) {
  constexpr std::string_view file = "quantiles_regions.csv";
  CsvWriter csv(out, header_of(file));
  const engine::RegionalLayout& regional = plan.regional;
  const std::vector<std::string> names = regional.column_names();
  const std::size_t stats = engine::kSweepStatistics.size(), first = plan.layout.size();
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const auto& statistics = summary.scenarios.at(s).statistics;
    CARECAST_CHECK(statistics.size() == plan.columns() * stats, "statistics have the plan's size");
    for (std::size_t r = 0; r < regional.regions.size(); ++r) {
      for (std::size_t y = 0; y < regional.years.size(); ++y) {
        for (std::size_t c = 0; c < names.size(); ++c) {
          const double* values = &statistics[(first + regional.at(y, r, c)) * stats];
          for (std::size_t k = 0; k < stats; ++k) {
            csv.text(plan.scenarios[s]);
            csv.text(regional.regions[r]);
            csv.integer(regional.years[y]);
            csv.text(names[c]);
            csv.text(engine::kSweepStatistics[k]);
            csv.number(values[k], file);
            csv.end_row();
          }
        }
      }
    }
  }
  csv.flush();
}

void write_exceedance_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary) {
  CsvWriter csv(out, header_of("exceedance.csv"));
  const std::vector<std::string> quantities = config::sweep_quantities(plan.layout, plan.regional);
  const std::size_t years = plan.layout.years.size();
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const auto& exceedance = summary.scenarios.at(s).exceedance;
    for (std::size_t y = 0; y < years; ++y) {
      for (std::size_t t = 0; t < plan.settings.thresholds.size(); ++t) {
        csv.text(plan.scenarios[s]);
        csv.integer(plan.layout.years[y]);
        csv.text(quantities.at(plan.settings.thresholds[t].column));
        csv.number(plan.settings.thresholds[t].value, "exceedance.csv");
        csv.number(exceedance.at(t * years + y), "exceedance.csv");
        csv.end_row();
      }
    }
  }
  csv.flush();
}

void write_sobol_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary) {
  CsvWriter csv(out, header_of("sobol.csv"));
  const std::size_t k = plan.parameters.size(), outputs = plan.sensitivity_outputs();
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const auto& sobol = summary.scenarios.at(s).sobol;
    if (sobol.empty()) continue;
    CARECAST_CHECK(sobol.size() == outputs * k, "Sobol indices: outputs × parameters");
    for (std::size_t o = 0; o < outputs; ++o) {
      for (std::size_t p = 0; p < k; ++p) {
        const engine::SobolIndex& index = sobol[o * k + p];
        csv.text(plan.scenarios[s]);
        csv.integer(output_year(plan, o));
        csv.text(output_service(plan, o));
        csv.text(plan.parameters[p]);
        for (double value : {index.first, index.first_low, index.first_high, index.total, index.total_low,
                             index.total_high}) {
          if (std::isnan(value))
            csv.empty();  // an output that does not vary has no index
          else
            csv.number(value, "sobol.csv");
        }
        csv.text(engine::sobol_flag(index));
        csv.end_row();
      }
    }
  }
  csv.flush();
}

void write_tornado_csv(std::ostream& out, const engine::SweepPlan& plan, const engine::SweepSummary& summary) {
  CsvWriter csv(out, header_of("tornado.csv"));
  const std::size_t k = plan.parameters.size(), outputs = plan.sensitivity_outputs();
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    const auto& tornado = summary.scenarios.at(s).tornado;
    if (k == 0 || tornado.empty()) continue;
    CARECAST_CHECK(tornado.size() == (1 + 2 * k) * outputs, "tornado runs × outputs");
    for (std::size_t o = 0; o < outputs; ++o) {
      for (std::size_t p = 0; p < k; ++p) {
        const double low = tornado[(2 * p + 1) * outputs + o], high = tornado[(2 * p + 2) * outputs + o];
        csv.text(plan.scenarios[s]);
        csv.integer(output_year(plan, o));
        csv.text(output_service(plan, o));
        csv.text(plan.parameters[p]);
        for (double input : plan.tornado_inputs[p]) {
          if (plan.alternatives[p].empty())
            csv.number(input, "tornado.csv");
          else
            csv.text(plan.alternatives[p].at(std::size_t(input)));
        }
        csv.number(low, "tornado.csv");
        csv.number(tornado[o], "tornado.csv");
        csv.number(high, "tornado.csv");
        csv.number(std::abs(high - low), "tornado.csv");
        csv.end_row();
      }
    }
  }
  csv.flush();
}

void write_sweep_manifest(std::ostream& out, const engine::SweepPlan& plan, const SweepDescription& description,
                          const std::vector<std::string>& files, const SweepRunInfo& info) {
  JsonWriter json(out);
  json.begin_object();
  write_manifest_stamp(json, "sweep", info.command_line, info.git_revision, info.started_utc);
  json.key("sweep_file");
  json.string(description.sweep_file);
  json.key("scenario_file");
  json.string(description.scenario_file);
  json.key("base_file");
  json.string(description.base_file);
  json.key("scenarios");
  json.begin_array();
  for (const auto& scenario : plan.scenarios) json.string(scenario);
  json.end_array();
  json.key("seed");
  json.integer(std::int64_t(plan.settings.seed));
  json.key("draws");
  json.integer(std::int64_t(plan.settings.draws));
  json.key("fingerprint");
  {
    char text[32];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(plan.fingerprint));
    json.string(text);
  }
  json.key("quantile_method");
  json.begin_object();
  json.key("method");
  json.string(plan.exact_quantiles ? "exact" : "histogram");
  json.key("definition");
  json.string("type 7: linear interpolation between order statistics x_j and x_(j+1), h = (n - 1) p");
  if (!plan.exact_quantiles) {
    json.key("bins");
    json.integer(std::int64_t(plan.settings.histogram_bins));
    json.key("pilot_draws");
    json.integer(std::int64_t(std::min(plan.settings.pilot_draws, plan.settings.draws)));
    // The error bound of a quantile is one bin width of its column; the largest relative to
    // the column's median magnitude is reported here (per-column widths are in grid_width).
    double worst = 0.0;
    json.key("max_bin_width_relative");
    for (std::size_t i = 0; i < plan.grid_width.size(); ++i) {
      const double scale = std::abs(plan.grid_low[i]) + 0.5 * double(plan.settings.histogram_bins) * plan.grid_width[i];
      if (scale > 0.0) worst = std::max(worst, plan.grid_width[i] / scale);
    }
    json.number(worst);
  }
  json.end_object();
  json.key("threads");
  json.integer(info.threads);
  json.key("processes");
  json.integer(info.processes);
  json.key("parts");
  json.integer(std::int64_t(info.parts));
  write_manifest_tail(json, info.timings, files, description.sources, description.resolved_yaml);
  json.end_object();
}

Written write_sweep(const std::filesystem::path& out_dir, const engine::SweepPlan& plan,
                    const engine::SweepSummary& summary, const SweepDescription& description, SweepRunInfo info) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  StagingDirectory stage(out_dir);
  stage.write("quantiles.csv", [&](std::ostream& out) { write_quantiles_csv(out, plan, summary); });
  stage.write("quantiles_professions.csv",
              [&](std::ostream& out) { write_profession_quantiles_csv(out, plan, summary); });
  stage.write("quantiles_indicators.csv",
              [&](std::ostream& out) { write_indicator_quantiles_csv(out, plan, summary); });
  const bool gaps = !plan.layout.gaps.empty();  // with a supply side
  if (gaps) {
    stage.write("quantiles_gap.csv",
                [&](std::ostream& out) { write_gap_quantiles_csv(out, plan, summary); });
  }
  const bool regions = !plan.regional.empty();
  if (regions) {
    stage.write("quantiles_regions.csv",
                [&](std::ostream& out) { write_regional_quantiles_csv(out, plan, summary); });
  }
  stage.write("exceedance.csv", [&](std::ostream& out) { write_exceedance_csv(out, plan, summary); });
  stage.write("sobol.csv", [&](std::ostream& out) { write_sobol_csv(out, plan, summary); });
  stage.write("tornado.csv", [&](std::ostream& out) { write_tornado_csv(out, plan, summary); });
  info.timings.write_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  const std::vector<std::string> files = stage.written();  // the manifest lists them
  stage.write("manifest.json", [&](std::ostream& out) { write_sweep_manifest(out, plan, description, files, info); });
  stage.commit();
  return {stage.written().size(), std::chrono::duration<double, std::milli>(Clock::now() - start).count()};
}

std::string encode_sweep_plan(const engine::SweepPlan& plan) {
  Writer w;
  put_plan(w, plan);
  return w.take();
}

std::string encode_sweep_part(const engine::SweepPlan& plan, const engine::SweepPart& part,
                              const SweepDescription& description) {
  Writer w;
  w.text(engine::kVersion);
  w.text(encode_sweep_plan(plan));
  put_description(w, description);
  w.pod(part.fingerprint);
  w.size(part.first_unit);
  w.size(part.last_unit);
  w.size(part.scenarios.size());
  for (const auto& s : part.scenarios) {
    w.array(s.block_sums);
    w.array(s.values);
    w.counts(s.histogram);
    w.size(s.outside.size());
    for (const auto& values : s.outside) w.array(values);
    w.array(s.exceedances);
    w.array(s.sobol);
    w.array(s.tornado);
  }
  const std::string body = w.take();
  std::string file;
  file.reserve(kMagic.size() + kChecksumLine + body.size());
  file.append(kMagic).append(kChecksumPrefix).append(report::sha256_hex(body)).append("\n").append(body);
  return file;
}

namespace {

// The sizes Sweep::run gives a part of units [first_unit, last_unit) of `plan`, checked
// before merge or summarize index into them: a part whose checksum holds but whose shapes
// do not (written by a broken build, or crafted) is refused as data, not as a crash.
void check_part_shape(const SweepPartData& data, Reader& r) {
  const engine::SweepPlan& plan = data.plan;
  const engine::SweepPart& part = data.part;
  const std::size_t columns = plan.columns(), k = plan.parameters.size();
  const std::size_t outputs = plan.sensitivity_outputs();
  if (plan.alternatives.size() != k || plan.streams.size() != k || plan.tornado_inputs.size() != k) {
    r.fail("its plan lists parameters of different counts");
  }
  if (plan.settings.draws == 0 || (!plan.exact_quantiles && plan.settings.histogram_bins == 0)) {
    r.fail("its plan has no draws or no histogram bins");
  }
  // The settings a sweep file can give (sweep_config.cpp); summarize allocates by them.
  const auto within = [](double x, double low, double high) { return x > low && x < high; };
  if (plan.settings.bootstrap > 100'000 || !within(plan.settings.confidence, 0.0, 1.0) ||
      !within(plan.settings.tornado_low, 0.0, 1.0) || !within(plan.settings.tornado_high, 0.0, 1.0)) {
    r.fail("its plan's Sobol or tornado settings are out of range");
  }
  const std::vector<int>& years = plan.layout.years;
  bool years_fit = !years.empty();
  for (std::size_t y = 1; y < years.size() && years_fit; ++y) years_fit = years[y] == years[y - 1] + 1;
  for (int year : plan.settings.report_years) years_fit = years_fit && year >= years.front() && year <= years.back();
  for (const auto& threshold : plan.settings.thresholds) {
    years_fit = years_fit && threshold.column < plan.layout.per_year() + plan.regional.per_year();
  }
  if (!years_fit) r.fail("its plan's years, report years or thresholds do not fit together");
  const auto [first_draw, last_draw] = part.draw_range(plan);
  const auto [first_row, last_row] = part.sobol_range(plan);
  const std::size_t main_count =
      std::min(part.last_unit, plan.main_units()) - std::min(part.first_unit, plan.main_units());
  if (part.fingerprint != plan.fingerprint) r.fail("its results belong to another sweep than its plan");
  if (part.scenarios.size() != plan.scenarios.size()) r.fail("it holds results of another number of scenarios");
  if (!plan.exact_quantiles && (plan.grid_low.size() != plan.scenarios.size() * columns ||
                                plan.grid_width.size() != plan.grid_low.size())) {
    r.fail("its histogram grid does not fit its plan");
  }
  for (const auto& grid : {&plan.grid_low, &plan.grid_width}) {
    if (!std::all_of(grid->begin(), grid->end(), [](double x) { return std::isfinite(x); })) {
      r.fail("its histogram grid is not made of finite numbers");
    }
  }
  for (const auto& s : part.scenarios) {
    const bool fits =
        s.block_sums.size() == main_count * columns &&
        s.values.size() == (plan.exact_quantiles ? (last_draw - first_draw) * columns : 0) &&
        s.histogram.size() == (plan.exact_quantiles ? 0 : columns * plan.settings.histogram_bins) &&
        s.outside.size() == (plan.exact_quantiles ? 0 : columns) &&
        s.exceedances.size() == plan.settings.thresholds.size() * plan.layout.years.size() &&
        s.sobol.size() == (last_row - first_row) * (k + 2) * outputs && s.tornado.size() == (1 + 2 * k) * outputs;
    if (!fits) r.fail("its results do not have the shape its plan gives them");
    // Results are finite numbers (a NaN would break the sorting of the quantiles), and small
    // enough that the sums and sums of squares over draws, rows and parts stay finite (no real
    // sweep comes near kLargestResult; a Sobol value of 3e248 overflowed the variance).
    constexpr double kLargestResult = 1e100;
    const auto sensible = [](const std::vector<double>& v) {
      return std::all_of(v.begin(), v.end(), [](double x) { return std::abs(x) <= kLargestResult; });
    };
    bool all_sensible = sensible(s.block_sums) && sensible(s.values) && sensible(s.tornado) && sensible(s.sobol);
    for (const auto& values : s.outside) all_sensible = all_sensible && sensible(values);
    if (!all_sensible) r.fail("it holds results that are not finite numbers of a sensible size");
    // Histogram mode: every draw of the part is in exactly one bin or among the sorted
    // off-grid values of each column; the quantile search relies on it.
    for (std::size_t c = 0; c < s.outside.size(); ++c) {
      const std::uint64_t draws = last_draw - first_draw;
      std::uint64_t in_column = s.outside[c].size();
      for (std::size_t b = 0; b < plan.settings.histogram_bins && in_column <= draws; ++b) {
        in_column += std::min(s.histogram[c * plan.settings.histogram_bins + b], draws + 1);  // no wrap-around
      }
      if (in_column != draws || !std::is_sorted(s.outside[c].begin(), s.outside[c].end())) {
        r.fail("its histogram counts do not add up to its draws");
      }
    }
  }
}

}  // namespace

SweepPartData decode_sweep_part(std::string_view bytes, const std::string& origin) {
  Reader header(bytes, origin);
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    if (bytes.substr(0, kMagic.size() - 2) == kMagic.substr(0, kMagic.size() - 2)) {
      header.fail("it has another format version (written by an older carecast?); run its shard again");
    }
    header.fail("it does not start with '" + std::string(kMagic.substr(0, kMagic.size() - 1)) + "'");
  }
  const std::string_view checksum_line = bytes.substr(kMagic.size(), kChecksumLine);
  if (checksum_line.size() != kChecksumLine || checksum_line.substr(0, kChecksumPrefix.size()) != kChecksumPrefix ||
      checksum_line.back() != '\n') {
    header.fail("its checksum line is missing or damaged");
  }
  const std::string_view body = bytes.substr(kMagic.size() + kChecksumLine);
  if (report::sha256_hex(body) != checksum_line.substr(kChecksumPrefix.size(), 64)) {
    throw file_error(origin, "the sweep part is damaged: its SHA-256 checksum does not match its contents "
                             "(copy it again or run its shard again)");
  }
  Reader r(body, origin);
  const std::string version = r.text();
  if (version != engine::kVersion) {
    r.fail("it was written by carecast " + version + ", this is " + std::string(engine::kVersion));
  }
  SweepPartData data;
  const std::string plan_bytes = r.text();
  Reader plan_reader(plan_bytes, origin);
  data.plan = get_plan(plan_reader);
  if (!plan_reader.at_end()) plan_reader.fail("its plan has bytes after its end");
  data.description = get_description(r);
  data.part.fingerprint = r.pod<std::uint64_t>();
  data.part.first_unit = r.size();
  data.part.last_unit = r.size();
  data.part.scenarios.resize(r.length());
  for (auto& s : data.part.scenarios) {
    s.block_sums = r.array<double>();
    s.values = r.array<double>();
    s.histogram = r.counts();
    s.outside.resize(r.length());
    for (auto& values : s.outside) values = r.array<double>();
    s.exceedances = r.array<std::uint64_t>();
    s.sobol = r.array<double>();
    s.tornado = r.array<double>();
  }
  if (!r.at_end()) r.fail("there are bytes after its end");
  if (data.part.first_unit > data.part.last_unit || data.part.last_unit > data.plan.units()) {
    r.fail("its unit range does not fit its plan");
  }
  check_part_shape(data, r);
  return data;
}

void write_sweep_part(const std::filesystem::path& file, const engine::SweepPlan& plan, const engine::SweepPart& part,
                      const SweepDescription& description) {
  if (file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) throw OutputError(file.parent_path(), "cannot create the directory: " + error.message());
  }
  const std::string bytes = encode_sweep_part(plan, part, description);
  write_file_atomically(file, [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
}

SweepPartData read_sweep_part(const std::filesystem::path& file) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) {
    throw file_error(file.string(), "is a directory; give the part files (carecast merge DIR/*.part-*-of-*)");
  }
  // (A named pipe would block the open until something writes to it.)
  if (std::filesystem::exists(file, error) && !std::filesystem::is_regular_file(file, error)) {
    throw file_error(file.string(), "is not a regular file (a named pipe, device or socket)");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw file_error(file.string(), "cannot open the sweep part");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_sweep_part(bytes, file.string());
}

}  // namespace carecast::output
