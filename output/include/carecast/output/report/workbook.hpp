// The report's tables as an Excel workbook (.xlsx, written with libxlsxwriter).
//
// Sheets: first a contents sheet (title, table list, provenance, data sources), then one
// sheet per table, named Table::sheet. Every table sheet has the title in row 1, the unit
// line in row 2, the column headers in row 4 (frozen, with the label column), the rows, the
// notes and a provenance footer (configuration hash, data vintage, engine version, seed).
// Numbers are stored as numbers with number formats ("#,##0", "+#,##0;-#,##0;0", "0.0%"),
// so spreadsheet users see them in their own locale and can compute with them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/output/report/charts.hpp"
#include "carecast/output/report/report_input.hpp"
#include "carecast/output/report/tables.hpp"

namespace carecast::output::report {

// Writes the workbook to `file` (replacing it). After the table sheets, one data sheet per
// chart ("Figur n"/"Figure n") with every number the chart draws (years in rows, series in
// columns), and on the sheets of line and stacked-area charts a native Excel chart drawn from
// those cells. Stored numbers are rounded to four decimals more than they are shown (see
// stored_value). Throws OutputError when libxlsxwriter fails.
void write_workbook(const std::filesystem::path& file, const std::string& title, const std::vector<Table>& tables,
                    const std::vector<Chart>& charts, const Provenance& provenance, Language language);

// A number as the workbook stores it: rounded to `decimals` + 4 decimals (of the shown value;
// percentages are fractions, so + 2 more), which removes binary noise such as
// 311163.9999999999 and keeps more digits than any table shows.
double stored_value(double value, int decimals, bool percent);

// The provenance lines printed under every table and in the HTML report:
// {label, value} pairs in a fixed order.
std::vector<std::pair<std::string, std::string>> provenance_lines(const Provenance& provenance, Language language);

}  // namespace carecast::output::report
