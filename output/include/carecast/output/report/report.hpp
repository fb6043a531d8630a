// The committee report: every table and chart, as files in one directory.
//
//   report.html         one self-contained page: inline CSS and SVG, no scripts, nothing
//                       fetched; summary, assumptions, charts, tables, provenance
//   report.xlsx         the workbook (workbook.hpp)
//   tables.md           every table in Markdown, with the provenance
//   tables/<key>.csv    every table as CSV (tables.hpp)
//   charts/<key>.svg    every chart (charts.hpp); charts/<key>.png too when rsvg-convert is
//                       on the PATH and ReportOptions::png is set
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/output/report/charts.hpp"
#include "carecast/output/report/report_input.hpp"
#include "carecast/output/report/tables.hpp"

namespace carecast::output::report {

struct ReportOptions {
  Language language = Language::nb;
  bool png = true;           // PNG copies of the charts when a converter is installed (else a warning in the report)
  bool chart_titles = true;  // titles drawn inside the SVGs (the HTML figure captions have them anyway)
};

struct ReportFiles {
  std::vector<std::string> files;  // written, relative to the directory, in the order written
  int tables = 0;
  int charts = 0;
  bool png = false;      // PNG copies were written
  std::string png_note;  // why not, when ReportOptions::png was set but none were written
};

// The report's title: "Labour demand in health and care, Norway 2023–2060".
std::string report_title(const ReportInput& input, Language language);

// The HTML page from built tables and charts (numbered in the order given).
std::string report_html(const ReportInput& input, const std::vector<Table>& tables, const std::vector<Chart>& charts,
                        Language language);

// All tables in Markdown under the report title, then the provenance.
std::string tables_markdown(const ReportInput& input, const std::vector<Table>& tables, Language language);

// Builds every table and chart and writes the files above into `directory`, which must
// exist: a StagingDirectory's staging(), renamed into place whole, so each file is written
// there directly (a failure leaves a partial file in the staging directory, which the
// StagingDirectory removes). Throws OutputError when a file cannot be written.
ReportFiles write_report_files(const std::filesystem::path& directory, const ReportInput& input, const ReportOptions& options);

}  // namespace carecast::output::report
