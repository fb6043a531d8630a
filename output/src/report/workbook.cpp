#include "carecast/output/report/workbook.hpp"

#include <dlfcn.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <tuple>

#include "carecast/engine/check.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/load_error.hpp"
#include "carecast/output/report/text.hpp"

namespace carecast::output::report {
namespace {

// libxlsxwriter is loaded when the first workbook is written, not when carecast starts: it
// brings minizip and OpenSSL's libcrypto, whose loading and relocation cost every carecast
// process about 1.7 ms of CPU (docs/performance.md). The functions used here are looked up
// once, by name, with the types their declarations in xlsxwriter.h give.
#define CARECAST_XLSX_FUNCTIONS(X) \
  X(chart_add_series) \
  X(chart_axis_set_interval_tick) \
  X(chart_axis_set_interval_unit) \
  X(chart_axis_set_name) \
  X(chart_axis_set_num_format) \
  X(chart_legend_set_position) \
  X(chart_series_set_categories) \
  X(chart_series_set_line) \
  X(chart_series_set_name_range) \
  X(chart_series_set_values) \
  X(chart_title_set_name) \
  X(format_set_align) \
  X(format_set_bold) \
  X(format_set_bottom) \
  X(format_set_font_color) \
  X(format_set_font_size) \
  X(format_set_italic) \
  X(format_set_num_format) \
  X(format_set_text_wrap) \
  X(format_set_top) \
  X(lxw_strerror) \
  X(workbook_add_chart) \
  X(workbook_add_format) \
  X(workbook_add_worksheet) \
  X(workbook_close) \
  X(workbook_new) \
  X(workbook_set_properties) \
  X(worksheet_fit_to_pages) \
  X(worksheet_freeze_panes) \
  X(worksheet_insert_chart_opt) \
  X(worksheet_repeat_rows) \
  X(worksheet_set_column) \
  X(worksheet_set_landscape) \
  X(worksheet_write_number) \
  X(worksheet_write_string) \
  X(worksheet_write_url_opt)

struct Xlsx {
#define CARECAST_XLSX_POINTER(name) decltype(&::name) name = nullptr;
  CARECAST_XLSX_FUNCTIONS(CARECAST_XLSX_POINTER)
#undef CARECAST_XLSX_POINTER
};

const Xlsx& xlsx() {
  static const Xlsx loaded = [] {
    const std::string library = "libxlsxwriter.so." LXW_SOVERSION;
    void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed: used until exit
    if (!handle) {
      throw LoadError("cannot load " + library + " (Debian: libxlsxwriter-dev, which scripts/install-deps.sh installs): " +
                      dlerror());
    }
    Xlsx api;
#define CARECAST_XLSX_LOOKUP(name)                                                       \
  api.name = reinterpret_cast<decltype(api.name)>(dlsym(handle, #name));                \
  if (!api.name) throw LoadError(library + " has no " #name);
    CARECAST_XLSX_FUNCTIONS(CARECAST_XLSX_LOOKUP)
#undef CARECAST_XLSX_LOOKUP
    return api;
  }();
  return loaded;
}

// Rows (0-based) of the fixed sheet layout.
constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kUnitRow = 1;
constexpr lxw_row_t kHeaderRow = 3;

std::string number_format(const Column& column) {
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "." + std::string(...).
  std::string decimals;
  if (column.decimals > 0) decimals.append(".").append(std::size_t(column.decimals), '0');
  switch (column.format) {
    case ValueFormat::number: return "#,##0" + decimals;
    case ValueFormat::signed_number: return "+#,##0" + decimals + ";-#,##0" + decimals + ";0";
    case ValueFormat::percent: return "0" + decimals + "%";
  }
  return "General";
}

// Parses "YYYY-MM-DDTHH:MM:SSZ" as UTC; 0 when empty or malformed (libxlsxwriter: now).
std::time_t parse_utc(const std::string& text) {
  std::tm tm{};
  if (text.size() < 19 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                                      &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

// "#,##0.0" and friends for `decimals`, as a number format.
std::string plain_format(int decimals, bool percent) {
  std::string format = percent ? "0" : "#,##0";
  if (decimals > 0) format.append(".").append(std::size_t(decimals), '0');
  if (percent) format += "%";
  return format;
}

// Column width in Excel character units for a text.
double width_of(const std::string& text) {
  const auto characters = std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  return double(characters) * 1.1 + 2.0;
}

class Workbook {
 public:
  Workbook(const std::filesystem::path& file, const Provenance& provenance, const std::string& title)
      : file_(file) {
    book_ = xlsx().workbook_new(file.c_str());
    if (book_ == nullptr) throw OutputError(file, "cannot create the workbook");
    properties_.title = const_cast<char*>(title.c_str());
    properties_.author = const_cast<char*>("carecast");
    properties_.comments = const_cast<char*>(provenance.configuration_hash.c_str());
    properties_.created = parse_utc(provenance.generated_utc);
    check(xlsx().workbook_set_properties(book_, &properties_));
    title_ = format();
    xlsx().format_set_bold(title_);
    xlsx().format_set_font_size(title_, 13);
    unit_ = format();
    xlsx().format_set_italic(unit_);
    header_ = format();
    xlsx().format_set_bold(header_);
    xlsx().format_set_bottom(header_, LXW_BORDER_THIN);
    xlsx().format_set_text_wrap(header_);
    xlsx().format_set_align(header_, LXW_ALIGN_VERTICAL_BOTTOM);
    header_right_ = format();
    xlsx().format_set_bold(header_right_);
    xlsx().format_set_bottom(header_right_, LXW_BORDER_THIN);
    xlsx().format_set_text_wrap(header_right_);
    xlsx().format_set_align(header_right_, LXW_ALIGN_RIGHT);
    xlsx().format_set_align(header_right_, LXW_ALIGN_VERTICAL_BOTTOM);
    group_ = format();
    xlsx().format_set_bold(group_);
    total_label_ = format();
    xlsx().format_set_bold(total_label_);
    xlsx().format_set_top(total_label_, LXW_BORDER_THIN);
    note_ = format();
    xlsx().format_set_font_color(note_, 0x444444);
    footer_ = format();
    xlsx().format_set_font_color(footer_, 0x444444);
    xlsx().format_set_font_size(footer_, 9);
    text_right_ = format();
    xlsx().format_set_align(text_right_, LXW_ALIGN_RIGHT);
  }
  ~Workbook() {
    if (book_ != nullptr) xlsx().workbook_close(book_);  // only after an error; the file is discarded
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  lxw_worksheet* sheet(const std::string& name) {
    lxw_worksheet* sheet = xlsx().workbook_add_worksheet(book_, name.c_str());
    if (sheet == nullptr) throw OutputError(file_, "cannot add the sheet '" + name + "'");
    return sheet;
  }
  lxw_format* format() { return xlsx().workbook_add_format(book_); }
  lxw_chart* chart(std::uint8_t type) {
    lxw_chart* created = xlsx().workbook_add_chart(book_, type);
    if (created == nullptr) throw OutputError(file_, "cannot add a chart");
    return created;
  }
  // A plain number format (data sheets), cached by its text.
  lxw_format* plain_number(const std::string& text) {
    auto found = plain_formats_.find(text);
    if (found != plain_formats_.end()) return found->second;
    lxw_format* created = format();
    xlsx().format_set_num_format(created, text.c_str());
    plain_formats_[text] = created;
    return created;
  }
  // A number format for a column, bold with a top border on total rows.
  lxw_format* value_format(const Column& given, int decimals, bool total) {
    Column column = given;
    column.decimals = decimals;
    const auto key = std::make_tuple(column.decimals, int(column.format), total);
    auto found = value_formats_.find(key);
    if (found != value_formats_.end()) return found->second;
    lxw_format* created = format();
    xlsx().format_set_num_format(created, number_format(column).c_str());
    if (total) {
      xlsx().format_set_bold(created);
      xlsx().format_set_top(created, LXW_BORDER_THIN);
    }
    value_formats_[key] = created;
    return created;
  }
  void check(lxw_error error) {
    if (error != LXW_NO_ERROR) throw OutputError(file_, std::string("libxlsxwriter: ") + xlsx().lxw_strerror(error));
  }
  void close() {
    const lxw_error error = xlsx().workbook_close(book_);
    book_ = nullptr;
    check(error);
  }

  lxw_format *title_, *unit_, *header_, *header_right_, *group_, *total_label_, *note_, *footer_, *text_right_;

 private:
  std::filesystem::path file_;
  lxw_workbook* book_ = nullptr;
  lxw_doc_properties properties_{};
  std::map<std::tuple<int, int, bool>, lxw_format*> value_formats_;
  std::map<std::string, lxw_format*> plain_formats_;
};

lxw_row_t write_footer(Workbook& book, lxw_worksheet* sheet, lxw_row_t row, const Provenance& provenance,
                       Language language) {
  for (const auto& [label, value] : provenance_lines(provenance, language)) {
    book.check(xlsx().worksheet_write_string(sheet, row++, 0, (label + ": " + value).c_str(), book.footer_));
  }
  return row;
}

void write_table_sheet(Workbook& book, const Table& table, int number, const Provenance& provenance, Language language) {
  lxw_worksheet* sheet = book.sheet(table.sheet);
  const std::string title = tr(language, "Table ", "Tabell ") + std::to_string(number) + ". " + table.title;
  book.check(xlsx().worksheet_write_string(sheet, kTitleRow, 0, title.c_str(), book.title_));
  book.check(xlsx().worksheet_write_string(sheet, kUnitRow, 0, table.unit.c_str(), book.unit_));
  book.check(xlsx().worksheet_write_string(sheet, kHeaderRow, 0, table.stub.c_str(), book.header_));
  double label_width = width_of(table.stub);
  std::vector<double> widths;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    book.check(xlsx().worksheet_write_string(sheet, kHeaderRow, lxw_col_t(c + 1), table.columns[c].header.c_str(), book.header_right_));
    widths.push_back(std::min(18.0, std::max(10.0, width_of(table.columns[c].header) / 2.0)));
  }
  lxw_row_t row = kHeaderRow + 1;
  for (const Row& source : table.rows) {
    const bool total = source.kind == RowKind::total;
    lxw_format* label_format = source.kind == RowKind::group ? book.group_ : total ? book.total_label_ : nullptr;
    book.check(xlsx().worksheet_write_string(sheet, row, 0, source.label.c_str(), label_format));
    label_width = std::max(label_width, width_of(source.label));
    for (std::size_t c = 0; c < source.cells.size(); ++c) {
      const Cell& cell = source.cells[c];
      const auto col = lxw_col_t(c + 1);
      if (cell.number) {
        const int decimals = cell_decimals(cell, table.columns[c]);
        const bool percent = table.columns[c].format == ValueFormat::percent;
        book.check(xlsx().worksheet_write_number(sheet, row, col, stored_value(*cell.number, decimals, percent),
                                          book.value_format(table.columns[c], decimals, total)));
        widths[c] = std::max(widths[c], width_of(cell_text(cell, table.columns[c], language)));
      } else {
        book.check(xlsx().worksheet_write_string(sheet, row, col, cell.text.c_str(), book.text_right_));
        widths[c] = std::max(widths[c], std::min(40.0, width_of(cell.text)));
      }
    }
    ++row;
  }
  ++row;
  for (const std::string& note : table.notes) book.check(xlsx().worksheet_write_string(sheet, row++, 0, note.c_str(), book.note_));
  ++row;
  write_footer(book, sheet, row, provenance, language);
  book.check(xlsx().worksheet_set_column(sheet, 0, 0, std::min(60.0, label_width), nullptr));
  for (std::size_t c = 0; c < widths.size(); ++c) {
    book.check(xlsx().worksheet_set_column(sheet, lxw_col_t(c + 1), lxw_col_t(c + 1), widths[c], nullptr));
  }
  xlsx().worksheet_freeze_panes(sheet, kHeaderRow + 1, 1);
  xlsx().worksheet_set_landscape(sheet);
  xlsx().worksheet_fit_to_pages(sheet, 1, 0);
  book.check(xlsx().worksheet_repeat_rows(sheet, kHeaderRow, kHeaderRow));
}

std::string figure_sheet(int number, Language language) { return tr(language, "Figure ", "Figur ") + std::to_string(number); }

// A chart's numbers: title, unit, header row (frozen), one row per x value, and below them a
// native Excel chart for line and stacked-area charts.
void write_figure_sheet(Workbook& book, const Chart& chart, int number, const Provenance& provenance, Language language) {
  const ChartData& data = chart.data;
  const std::string name = figure_sheet(number, language);
  lxw_worksheet* sheet = book.sheet(name);
  const std::string title = name + ". " + chart.title;
  book.check(xlsx().worksheet_write_string(sheet, kTitleRow, 0, title.c_str(), book.title_));
  const std::string unit = data.unit + (data.percent ? tr(language, " (percent)", " (prosent)") : "");
  book.check(xlsx().worksheet_write_string(sheet, kUnitRow, 0, unit.c_str(), book.unit_));
  book.check(xlsx().worksheet_write_string(sheet, kHeaderRow, 0, data.x_header.c_str(), book.header_));
  double label_width = width_of(data.x_header);
  for (std::size_t s = 0; s < data.names.size(); ++s) {
    book.check(xlsx().worksheet_write_string(sheet, kHeaderRow, lxw_col_t(s + 1), data.names[s].c_str(), book.header_right_));
  }
  lxw_format* value = book.plain_number(plain_format(data.decimals, data.percent));
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    const auto row = lxw_row_t(kHeaderRow + 1 + i);
    if (data.x_years) {
      book.check(xlsx().worksheet_write_number(sheet, row, 0, std::stod(data.x[i]), nullptr));
    } else {
      book.check(xlsx().worksheet_write_string(sheet, row, 0, data.x[i].c_str(), nullptr));
      label_width = std::max(label_width, width_of(data.x[i]));
    }
    for (std::size_t s = 0; s < data.values.size(); ++s) {
      if (i < data.values[s].size()) {
        book.check(xlsx().worksheet_write_number(sheet, row, lxw_col_t(s + 1), stored_value(data.values[s][i], data.decimals, data.percent), value));
      }
    }
  }
  const auto last_row = lxw_row_t(kHeaderRow + data.x.size());
  lxw_row_t row = last_row + 2;
  book.check(xlsx().worksheet_set_column(sheet, 0, 0, std::min(50.0, label_width), nullptr));
  if (!data.names.empty()) book.check(xlsx().worksheet_set_column(sheet, 1, lxw_col_t(data.names.size()), 14, nullptr));
  xlsx().worksheet_freeze_panes(sheet, kHeaderRow + 1, 1);
  if (data.native != ChartData::Native::none && !data.x.empty()) {
    lxw_chart* native = book.chart(data.native == ChartData::Native::line ? LXW_CHART_LINE : LXW_CHART_AREA_STACKED);
    // Lines told apart in greyscale: dash patterns in turn.
    static constexpr std::array<std::uint8_t, 6> kDashes{LXW_CHART_LINE_DASH_SOLID, LXW_CHART_LINE_DASH_DASH,
                                                         LXW_CHART_LINE_DASH_ROUND_DOT, LXW_CHART_LINE_DASH_LONG_DASH_DOT,
                                                         LXW_CHART_LINE_DASH_SQUARE_DOT, LXW_CHART_LINE_DASH_LONG_DASH};
    for (std::size_t s = 0; s < data.names.size(); ++s) {
      lxw_chart_series* series = xlsx().chart_add_series(native, nullptr, nullptr);
      xlsx().chart_series_set_categories(series, name.c_str(), kHeaderRow + 1, 0, last_row, 0);
      xlsx().chart_series_set_values(series, name.c_str(), kHeaderRow + 1, lxw_col_t(s + 1), last_row, lxw_col_t(s + 1));
      xlsx().chart_series_set_name_range(series, name.c_str(), kHeaderRow, lxw_col_t(s + 1));
      if (data.native == ChartData::Native::line) {
        lxw_chart_line line{};
        line.dash_type = kDashes[s % kDashes.size()];
        line.width = 2.0;
        xlsx().chart_series_set_line(series, &line);
      }
    }
    xlsx().chart_title_set_name(native, chart.title.c_str());
    xlsx().chart_axis_set_name(native->y_axis, data.unit.c_str());
    xlsx().chart_axis_set_name(native->x_axis, data.x_header.c_str());
    xlsx().chart_axis_set_num_format(native->y_axis, plain_format(data.percent ? 0 : 0, data.percent).c_str());
    if (data.x.size() > 12) {
      xlsx().chart_axis_set_interval_unit(native->x_axis, 5);
      xlsx().chart_axis_set_interval_tick(native->x_axis, 5);
    }
    xlsx().chart_legend_set_position(native, data.names.size() > 12 ? LXW_CHART_LEGEND_RIGHT : LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options placement{};
    placement.x_scale = 1.6;
    placement.y_scale = data.names.size() > 12 ? 2.4 : 1.6;
    book.check(xlsx().worksheet_insert_chart_opt(sheet, row, 0, native, &placement));
    row += lxw_row_t(placement.y_scale * 15.0 + 2);
  }
  write_footer(book, sheet, row, provenance, language);
}

}  // namespace

double stored_value(double value, int decimals, bool percent) {
  const int digits = decimals + 4 + (percent ? 2 : 0);
  const double scale = std::pow(10.0, digits);
  const double scaled = value * scale;
  if (!std::isfinite(scaled) || std::abs(scaled) > 9e15) return value;  // beyond exact integers: keep as it is
  return std::round(scaled) / scale;
}

std::vector<std::pair<std::string, std::string>> provenance_lines(const Provenance& provenance, Language language) {
  std::vector<std::pair<std::string, std::string>> lines;
  lines.emplace_back(tr(language, "Configuration hash (SHA-256)", "Konfigurasjonens hash (SHA-256)"), provenance.configuration_hash);
  lines.emplace_back(tr(language, "Data vintage", "Dataårgang"), provenance.data_vintage);
  std::string version = provenance.engine_version;
  if (!provenance.git_revision.empty()) version += " (git " + provenance.git_revision + ")";
  lines.emplace_back(tr(language, "Engine version", "Modellversjon"), version);
  lines.emplace_back(tr(language, "Seed", "Frø"),
                     provenance.seed.empty() ? tr(language, "none (deterministic projection)", "ingen (deterministisk framskriving)")
                                             : provenance.seed);
  lines.emplace_back(tr(language, "Scenario file", "Scenariofil"), provenance.scenario_file);
  if (!provenance.generated_utc.empty()) lines.emplace_back(tr(language, "Made", "Laget"), date_text(provenance.generated_utc, language));
  return lines;
}

void write_workbook(const std::filesystem::path& file, const std::string& title, const std::vector<Table>& tables,
                    const std::vector<Chart>& charts, const Provenance& provenance, Language language) {
  Workbook book(file, provenance, title);
  lxw_worksheet* contents = book.sheet(tr(language, "Contents", "Innhold"));
  lxw_row_t row = 0;
  book.check(xlsx().worksheet_write_string(contents, row++, 0, title.c_str(), book.title_));
  ++row;
  book.check(xlsx().worksheet_write_string(contents, row, 0, tr(language, "Table", "Tabell").c_str(), book.header_));
  book.check(xlsx().worksheet_write_string(contents, row, 1, tr(language, "Sheet", "Ark").c_str(), book.header_));
  book.check(xlsx().worksheet_write_string(contents, row++, 2, tr(language, "Title", "Tittel").c_str(), book.header_));
  for (std::size_t t = 0; t < tables.size(); ++t) {
    book.check(xlsx().worksheet_write_number(contents, row, 0, double(t + 1), nullptr));
    const std::string link = "internal:'" + tables[t].sheet + "'!A1";
    book.check(xlsx().worksheet_write_url_opt(contents, row, 1, link.c_str(), nullptr, tables[t].sheet.c_str(), nullptr));
    book.check(xlsx().worksheet_write_string(contents, row++, 2, tables[t].title.c_str(), nullptr));
  }
  ++row;
  book.check(xlsx().worksheet_write_string(contents, row, 0, tr(language, "Figure", "Figur").c_str(), book.header_));
  book.check(xlsx().worksheet_write_string(contents, row, 1, tr(language, "Sheet (data)", "Ark (tall)").c_str(), book.header_));
  book.check(xlsx().worksheet_write_string(contents, row++, 2, tr(language, "Title", "Tittel").c_str(), book.header_));
  for (std::size_t c = 0; c < charts.size(); ++c) {
    const std::string sheet = figure_sheet(int(c + 1), language);
    book.check(xlsx().worksheet_write_number(contents, row, 0, double(c + 1), nullptr));
    const std::string link = "internal:'" + sheet + "'!A1";
    book.check(xlsx().worksheet_write_url_opt(contents, row, 1, link.c_str(), nullptr, sheet.c_str(), nullptr));
    book.check(xlsx().worksheet_write_string(contents, row++, 2, charts[c].title.c_str(), nullptr));
  }
  ++row;
  book.check(xlsx().worksheet_write_string(contents, row++, 0, tr(language, "Provenance", "Opphav").c_str(), book.group_));
  row = write_footer(book, contents, row, provenance, language);
  ++row;
  if (!provenance.sources.empty()) {
    book.check(xlsx().worksheet_write_string(contents, row++, 0, tr(language, "Data sources", "Datakilder").c_str(), book.group_));
    for (const SourceNote& source : provenance.sources) {
      book.check(xlsx().worksheet_write_string(contents, row, 0, source.role.c_str(), nullptr));
      book.check(xlsx().worksheet_write_string(contents, row, 1, source.path.c_str(), nullptr));
      book.check(xlsx().worksheet_write_string(contents, row++, 2, source.note.c_str(), nullptr));
    }
  }
  book.check(xlsx().worksheet_set_column(contents, 0, 0, 16, nullptr));
  book.check(xlsx().worksheet_set_column(contents, 1, 1, 30, nullptr));
  book.check(xlsx().worksheet_set_column(contents, 2, 2, 90, nullptr));
  for (std::size_t t = 0; t < tables.size(); ++t) write_table_sheet(book, tables[t], int(t + 1), provenance, language);
  for (std::size_t c = 0; c < charts.size(); ++c) write_figure_sheet(book, charts[c], int(c + 1), provenance, language);
  book.close();
}

}  // namespace carecast::output::report
