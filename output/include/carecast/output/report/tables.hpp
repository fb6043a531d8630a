// The report's tables in fixed committee layouts, and their CSV, Markdown and HTML forms.
//
// Tables, in this order (keys are file names and stable):
//   assumptions            the scenario assumptions, one column per scenario
//   arsverk_by_service     årsverk by service area: a block per scenario, a column per table
//                          year (base year, 2030, 2035, 2040, 2050, 2060 inside the run)
//   arsverk_by_profession  årsverk by profession, same layout
//   share_of_all_arsverk   share of all årsverk in the economy, %, a row per scenario
//   population             population, 67+ and 80+ (one block when every scenario has the
//                          same population)
//   growth_attribution     change in årsverk since the base year by factor (Shapley)
//   attribution_by_service the same in the end year, by service area, a column per factor
//   lever_effects          only when a scenario has levers: årsverk saved and added, cost,
//                          cost per årsverk saved and the equivalent productivity growth
//   gap                    only with a supply side: demand − supply by profession (docs/supply.md)
//   sweep_quantiles, sweep_tornado, sweep_sobol   only with sweep results (a block per scenario)
//   arsverk_by_region      only with regional results (regions_report.hpp)
// Precision is fixed per column and stated in the unit line: årsverk and persons whole,
// percentages one decimal, Sobol indices two decimals.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "carecast/output/report/format.hpp"
#include "carecast/output/report/report_input.hpp"

namespace carecast::output::report {

enum class ValueFormat { number, signed_number, percent };  // percent: the value is a fraction

struct Column {
  std::string header;
  int decimals = 0;
  ValueFormat format = ValueFormat::number;
};

struct Cell {
  std::optional<double> number;  // empty: a text cell (possibly empty text)
  std::string text;
  int decimals = -1;     // of a number: -1 means the column's (rows of mixed precision set their own)
  std::string plain{};   // of a text cell that holds numbers: the same locale-free, for CSV
};

enum class RowKind { data, group, total };

struct Row {
  std::string label;
  RowKind kind = RowKind::data;  // group rows have no cells and head the rows below them
  std::vector<Cell> cells;       // one per column
};

struct Table {
  std::string key;           // file stem and anchor, e.g. "arsverk_by_service"
  std::string sheet;         // workbook sheet name, at most 31 characters
  std::string title;
  std::string unit;          // one line on units and precision
  std::string group_header;  // what the group rows name ("Scenario"); empty when none
  std::string stub;          // header of the label column
  std::vector<Column> columns;
  std::vector<Row> rows;
  std::vector<std::string> notes;  // sources, assumptions, method
};

// All tables of the report, in the order above. Throws engine::InternalError when the
// inputs do not fit together (result shapes, attribution count).
std::vector<Table> build_tables(const ReportInput& input, Language language);

// One cell as shown to people: grouped, in the language's number style.
std::string cell_text(const Cell& cell, const Column& column, Language language);

// CSV (RFC 4180, LF): the group column (when the table has groups), the label column and one
// column per table column; group rows are folded into the group column. Numbers are
// locale-free with the column's fixed decimals ('.' as decimal mark; percentages as
// percent values, e.g. 13.2).
std::string table_csv(const Table& table);

// Markdown: "### Table n. title", the unit line, a pipe table, the notes.
std::string table_markdown(const Table& table, int number, Language language);

// HTML: a <table> with caption, <thead>, group rows and the notes in a <p class="notes">.
std::string table_html(const Table& table, int number, Language language);

// The time-path text used in the assumptions table ("2024: 1,44; 2050: 1,6" in bokmål);
// `language` empty: locale-free ("2024: 1.44; 2050: 1.6"), for CSV.
std::string path_text(const engine::TimePath& path, int decimals, std::optional<Language> language, double scale = 1.0);

// The decimals a cell's number is shown with (its own, else its column's).
int cell_decimals(const Cell& cell, const Column& column);

}  // namespace carecast::output::report
