# Reports (issue 5): growth attribution, tables, charts, workbook and the HTML report.
carecast_add_test(test_attribution SOURCES test_attribution.cpp LIBS carecast::engine)
carecast_add_test(test_report SOURCES test_report.cpp LIBS carecast::output)
# Test names contain "golden": `make golden-update` (CARECAST_UPDATE_GOLDEN=1) rewrites tests/golden/report/.
carecast_add_test(test_report_golden SOURCES test_report_golden.cpp LIBS carecast::output)
foreach(target test_attribution test_report test_report_golden)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})  # support/*.hpp include each other
endforeach()

# The command itself, on the bundled Norway data: the report in both languages, then checks of
# what it wrote (Python 3 standard library) and a render in headless Chromium.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_program(CARECAST_CHROMIUM NAMES chromium chromium-browser DOC "Chromium for the report's browser test")
set(CARECAST_REPORT_OUT ${CMAKE_BINARY_DIR}/report-tests)

carecast_cli_test(report-nb ARGS report scenarios/productivity.yaml --out ${CARECAST_REPORT_OUT}/nb --quiet
                  CLEAN ${CARECAST_REPORT_OUT}/nb
                  # What README.md shows:
                  STDOUT "^Rapport skrevet til [^\n]*/nb/ \\(bokmål\\):\n  report\\.html    rapporten: sammendrag, forutsetninger, 12 figurer, 8 tabeller, opphav\n  report\\.xlsx    arbeidsbok: innholdsark, ett ark per tabell, ett ark med tall og Excel-diagram per figur\n  tables\\.md      tabellene i Markdown\n  tables/        8 CSV-filer\n  charts/        12 figurer som SVG( og PNG)?\n  manifest\\.json  versjoner, kommandolinje, datakilder, konfigurasjon\n$"
                  STDERR_EMPTY
                  PRESENT ${CARECAST_REPORT_OUT}/nb/report.html ${CARECAST_REPORT_OUT}/nb/report.xlsx
                          ${CARECAST_REPORT_OUT}/nb/tables.md ${CARECAST_REPORT_OUT}/nb/manifest.json
                          ${CARECAST_REPORT_OUT}/nb/tables/growth_attribution.csv
                          ${CARECAST_REPORT_OUT}/nb/charts/total_arsverk.svg
                          ${CARECAST_REPORT_OUT}/nb/charts/share_of_all_arsverk.svg
                          ${CARECAST_REPORT_OUT}/nb/charts/population_pyramid.svg
                          ${CARECAST_REPORT_OUT}/nb/charts/services_productivity-0_5.svg
                          ${CARECAST_REPORT_OUT}/nb/charts/attribution_productivity-0_5.svg
                          ${CARECAST_REPORT_OUT}/nb/charts/gap.svg ${CARECAST_REPORT_OUT}/nb/tables/gap.csv
                  ABSENT_GLOB ${CARECAST_REPORT_OUT}/nb*.tmp-* ${CARECAST_REPORT_OUT}/nb/*.tmp-*)
carecast_cli_test(report-en ARGS report scenarios/productivity.yaml --out ${CARECAST_REPORT_OUT}/en --lang en --no-png --quiet
                  CLEAN ${CARECAST_REPORT_OUT}/en
                  STDOUT "^Report written to .*charts/ +1[0-9] charts as SVG\n"
                  ABSENT ${CARECAST_REPORT_OUT}/en/charts/total_arsverk.png
                  PRESENT ${CARECAST_REPORT_OUT}/en/report.html ${CARECAST_REPORT_OUT}/en/report.xlsx)
carecast_cli_test(report-bad-language ARGS report scenarios/productivity.yaml --lang de --out ${CARECAST_REPORT_OUT}/de
                  EXIT 2 STDERR "^carecast: error: report: --lang must be nb or en \\(got 'de'\\)"
                  ABSENT ${CARECAST_REPORT_OUT}/de)
carecast_cli_test(report-missing-argument ARGS report EXIT 2 STDERR "report: missing SCENARIO\\.yaml argument")
carecast_cli_test(report-missing-file ARGS report no/such/scenario.yaml --out ${CARECAST_REPORT_OUT}/missing
                  EXIT 3 STDERR "no/such/scenario\\.yaml" ABSENT ${CARECAST_REPORT_OUT}/missing)
carecast_cli_test(report-help ARGS help report STDOUT "Usage: carecast report SCENARIO\\.yaml.*--lang.*report\\.xlsx")
# With a sweep (scenarios/uncertainty.yaml, fewer draws): the uncertainty section is added.
carecast_cli_test(report-sweep ARGS report scenarios/productivity.yaml --sweep scenarios/uncertainty.yaml --draws 500
                                    --lang en --no-png --quiet --out ${CARECAST_REPORT_OUT}/sweep
                  CLEAN ${CARECAST_REPORT_OUT}/sweep
                  STDOUT "report\\.html +the report: summary, assumptions, 15 charts, 11 tables"
                  PRESENT ${CARECAST_REPORT_OUT}/sweep/charts/sweep_fan_productivity-0_5.svg
                          ${CARECAST_REPORT_OUT}/sweep/charts/sweep_tornado_productivity-0_5.svg
                          ${CARECAST_REPORT_OUT}/sweep/charts/sweep_sobol_productivity-0_5.svg
                          ${CARECAST_REPORT_OUT}/sweep/tables/sweep_quantiles.csv
                          ${CARECAST_REPORT_OUT}/sweep/tables/sweep_tornado.csv
                          ${CARECAST_REPORT_OUT}/sweep/tables/sweep_sobol.csv)
carecast_cli_test(report-draws-without-sweep ARGS report scenarios/productivity.yaml --draws 100
                                              --out ${CARECAST_REPORT_OUT}/draws-no-sweep
                  EXIT 2 STDERR "report: --draws sets the draws of --sweep SWEEP\\.yaml; give --sweep too" ABSENT ${CARECAST_REPORT_OUT}/draws-no-sweep)
# A sweep of another scenario file is refused (its scenario was reported under this file's).
carecast_cli_test(report-sweep-of-another-file ARGS report scenarios/equipment-investment.yaml
                       --sweep scenarios/uncertainty.yaml --draws 50 --out ${CARECAST_REPORT_OUT}/sweep-other
                  EXIT 2 STDERR "report: --sweep scenarios/uncertainty\\.yaml sweeps the scenarios of [^ ]*productivity\\.yaml, not of scenarios/equipment-investment\\.yaml"
                  ABSENT ${CARECAST_REPORT_OUT}/sweep-other)
carecast_cli_test(report-sweep-bad-draws ARGS report scenarios/productivity.yaml --sweep scenarios/uncertainty.yaml --draws 0
                                              --out ${CARECAST_REPORT_OUT}/bad-draws
                  EXIT 2 STDERR "--draws must be between 1 and 1000000000000 \\(got 0\\)" ABSENT ${CARECAST_REPORT_OUT}/bad-draws)
# A research grid of 121 scenarios: every chart is laid out (legends wrap, charts grow).
carecast_cli_test(report-grid ARGS report scenarios/grid-11x11.yaml --no-png --quiet --out ${CARECAST_REPORT_OUT}/grid
                  CLEAN ${CARECAST_REPORT_OUT}/grid
                  STDOUT "report\\.html +rapporten: sammendrag, forutsetninger, 246 figurer, 8 tabeller"
                  PRESENT ${CARECAST_REPORT_OUT}/grid/charts/services_p2_0-s2_0.svg ${CARECAST_REPORT_OUT}/grid/report.xlsx)
carecast_cli_test(report-bad-years ARGS report scenarios/productivity.yaml --years 2030,2070 --out ${CARECAST_REPORT_OUT}/bad-years
                  EXIT 2 STDERR "report: --years: 2070 is outside the run \\(2023-2060\\)" ABSENT ${CARECAST_REPORT_OUT}/bad-years)
carecast_cli_test(report-bad-progress ARGS report scenarios/productivity.yaml --progress fancy --out ${CARECAST_REPORT_OUT}/bad-progress
                  EXIT 2 STDERR "--progress must be auto, bar, lines or none \\(got 'fancy'\\)" ABSENT ${CARECAST_REPORT_OUT}/bad-progress)
set_tests_properties(cli:report-sweep PROPERTIES FIXTURES_SETUP carecast_report_sweep)
set_tests_properties(cli:report-nb PROPERTIES FIXTURES_SETUP carecast_report_nb)
set_tests_properties(cli:report-en PROPERTIES FIXTURES_SETUP carecast_report_en)

add_test(NAME report:check-nb
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/report/check_report.py ${CARECAST_REPORT_OUT}/nb nb)
add_test(NAME report:check-en
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/report/check_report.py ${CARECAST_REPORT_OUT}/en en)
add_test(NAME report:check-sweep
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/report/check_report.py ${CARECAST_REPORT_OUT}/sweep en)
set_tests_properties(report:check-sweep PROPERTIES FIXTURES_REQUIRED carecast_report_sweep)
# The 121-scenario grid: the same checks (figure data sheets, native charts, numbers as numbers).
add_test(NAME report:check-grid
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/report/check_report.py ${CARECAST_REPORT_OUT}/grid nb)
set_tests_properties(cli:report-grid PROPERTIES FIXTURES_SETUP carecast_report_grid)
set_tests_properties(report:check-grid PROPERTIES FIXTURES_REQUIRED carecast_report_grid)
set_tests_properties(report:check-nb PROPERTIES FIXTURES_REQUIRED carecast_report_nb)
set_tests_properties(report:check-en PROPERTIES FIXTURES_REQUIRED carecast_report_en)

# Renders report.html in headless Chromium (Debian package chromium, installed by
# scripts/install-deps.sh): the screenshot must not be blank and every chart must be in the
# rendered DOM. Skipped (exit 77) only when no chromium executable exists.
add_test(NAME report:browser
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/browser/render_report.py ${CARECAST_CHROMIUM}
                 ${CARECAST_REPORT_OUT}/nb ${CARECAST_REPORT_OUT}/browser)
set_tests_properties(report:browser PROPERTIES FIXTURES_REQUIRED carecast_report_nb SKIP_RETURN_CODE 77 TIMEOUT 300)
