# CTest tests of the carecast executable: exit codes, messages and the files a run writes.
# Each test runs tests/cli/expect.cmake (see there for the checks); paths given to carecast
# are relative to the repository root, which is the working directory.
set(CARECAST_CLI_OUT ${CMAKE_BINARY_DIR}/cli)

# carecast_cli_test(NAME ARGS ... [EXIT n] [STDOUT re] [STDERR re] [STDERR_EMPTY]
#                   [CLEAN ...] [TOUCH ...] [ABSENT ...] [ABSENT_GLOB ...] [PRESENT ...]
#                   [HEADERS file=line ...])
function(carecast_cli_test name)
  cmake_parse_arguments(ARG "STDERR_EMPTY" "EXIT;STDOUT;STDERR" "ARGS;CLEAN;TOUCH;ABSENT;ABSENT_GLOB;PRESENT;HEADERS" ${ARGN})
  set(defines -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR})
  foreach(list ARGS CLEAN TOUCH ABSENT ABSENT_GLOB PRESENT HEADERS)
    if(ARG_${list})
      string(JOIN "|" joined ${ARG_${list}})
      list(APPEND defines "-D${list}=${joined}")
    endif()
  endforeach()
  if(DEFINED ARG_EXIT)
    list(APPEND defines -DEXIT_CODE=${ARG_EXIT})
  endif()
  if(DEFINED ARG_STDOUT)
    list(APPEND defines "-DSTDOUT_REGEX=${ARG_STDOUT}")
  endif()
  if(DEFINED ARG_STDERR)
    list(APPEND defines "-DSTDERR_REGEX=${ARG_STDERR}")
  endif()
  if(ARG_STDERR_EMPTY)
    list(APPEND defines -DSTDERR_EMPTY=ON)
  endif()
  add_test(NAME cli:${name} COMMAND ${CMAKE_COMMAND} ${defines} -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.cmake)
endfunction()

# --- usage, help, version (exit 0 / 2) ---
carecast_cli_test(version ARGS --version STDOUT "^carecast 0\\.1\\.0 \\(git [^)]+\\)\n$" STDERR_EMPTY)
carecast_cli_test(help ARGS --help STDOUT "Usage: carecast COMMAND.*Commands:.*  run .*Exit codes:.*  5  internal")
carecast_cli_test(help-command ARGS help run STDOUT "Usage: carecast run SCENARIO\\.yaml.*--threads")
carecast_cli_test(run-help ARGS run --help STDOUT "Usage: carecast run SCENARIO\\.yaml.*projection\\.csv")
carecast_cli_test(validate-help ARGS validate -h STDOUT "Usage: carecast validate FILE")
carecast_cli_test(no-command ARGS "" EXIT 2 STDERR "^carecast: error: missing COMMAND")
carecast_cli_test(unknown-command ARGS frobnicate EXIT 2
                  STDERR "^carecast: error: unknown command 'frobnicate'\nTry 'carecast --help'\\.\n$")
carecast_cli_test(unknown-command-suggestion ARGS rnu EXIT 2 STDERR "did you mean 'run'\\?")
carecast_cli_test(unknown-top-option ARGS --frobnicate EXIT 2 STDERR "unknown option '--frobnicate'")
carecast_cli_test(help-unknown-command ARGS help frobnicate EXIT 2 STDERR "unknown command 'frobnicate'")
carecast_cli_test(run-unknown-option ARGS run scenarios/productivity.yaml --thread 2 EXIT 2
                  STDERR "carecast: error: run: unrecognised option '--thread' \\(did you mean '--threads'\\?\\)")
carecast_cli_test(run-missing-argument ARGS run EXIT 2 STDERR "carecast: error: run: missing SCENARIO\\.yaml argument")
carecast_cli_test(run-extra-argument ARGS run a.yaml b.yaml EXIT 2 STDERR "run: too many arguments")
carecast_cli_test(run-threads-zero ARGS run scenarios/productivity.yaml --threads 0 --out ${CARECAST_CLI_OUT}/threads-zero
                  EXIT 2 STDERR "--threads must be between 1 and 1024 \\(got 0\\)" ABSENT ${CARECAST_CLI_OUT}/threads-zero)
carecast_cli_test(run-threads-text ARGS run scenarios/productivity.yaml --threads many EXIT 2
                  STDERR "carecast: error: run: .*--threads")

# --- configuration and data errors (exit 3 / 4); nothing is written ---
# A scenario file that does not exist is a configuration error (exit 3), like a broken one.
carecast_cli_test(run-missing-file ARGS run no/such/scenario.yaml --out ${CARECAST_CLI_OUT}/missing
                  EXIT 3 STDERR "^carecast: error: .*\nno/such/scenario\\.yaml" ABSENT ${CARECAST_CLI_OUT}/missing)
carecast_cli_test(validate-missing-file ARGS validate no/such/scenario.yaml EXIT 3 STDERR "no/such/scenario\\.yaml")
# A value out of range: exit 3, the exact located message, and no output directory.
carecast_cli_test(run-broken ARGS run tests/fixtures/cli/broken.yaml --out ${CARECAST_CLI_OUT}/broken
                  EXIT 3
                  STDERR "^carecast: error: invalid configuration \\(1 problem\\):\ntests/fixtures/cli/broken\\.yaml:8:25: parameters\\.productivity_pct = 25 — must be in \\[-5, 10\\]\n$"
                  ABSENT ${CARECAST_CLI_OUT}/broken ABSENT_GLOB ${CARECAST_CLI_OUT}/broken.*)
carecast_cli_test(validate-broken ARGS validate tests/fixtures/cli/broken.yaml EXIT 3
                  STDERR "tests/fixtures/cli/broken\\.yaml:8:25: parameters\\.productivity_pct = 25")
# Every malformed --set is reported at once, numbered by its place on the command line.
carecast_cli_test(run-bad-set ARGS run scenarios/productivity.yaml --set foo --set =3 --out ${CARECAST_CLI_OUT}/bad-set
                  EXIT 3
                  STDERR "\\(2 problems\\):\n--set #1: foo — must have the form \\[SCENARIO:\\]key\\.path=value\n--set #2: =3 — must have the form \\[SCENARIO:\\]key\\.path=value\n$"
                  ABSENT ${CARECAST_CLI_OUT}/bad-set)
carecast_cli_test(run-bad-set-value ARGS run scenarios/productivity.yaml --set parameters.productivity_pct=abc
                  --out ${CARECAST_CLI_OUT}/bad-set-value EXIT 3
                  STDERR "\n--set #1: parameters\\.productivity_pct = abc — must be a number\n$"
                  ABSENT ${CARECAST_CLI_OUT}/bad-set-value)
# An --out below a regular file cannot be created: exit 4, naming the path.
carecast_cli_test(run-unwritable-out
                  ARGS run scenarios/productivity.yaml --out ${CARECAST_CLI_OUT}/blocker/results --quiet
                  CLEAN ${CARECAST_CLI_OUT}/blocker TOUCH ${CARECAST_CLI_OUT}/blocker
                  EXIT 4 STDERR "^carecast: error: cannot write '[^']*cli/blocker'"
                  ABSENT ${CARECAST_CLI_OUT}/blocker/results)
# An existing directory that is not a carecast result is never replaced.
carecast_cli_test(run-refuses-foreign-dir
                  ARGS run scenarios/productivity.yaml --out ${CARECAST_CLI_OUT}/foreign --quiet
                  CLEAN ${CARECAST_CLI_OUT}/foreign TOUCH ${CARECAST_CLI_OUT}/foreign/keep.txt
                  EXIT 4 STDERR "not a carecast result directory"
                  PRESENT ${CARECAST_CLI_OUT}/foreign/keep.txt ABSENT ${CARECAST_CLI_OUT}/foreign/manifest.json)
# An earlier result is replaced; a file of the user's put in it is named and kept (exit 4).
add_test(NAME cli:user-file-in-results
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -DOUT=${CARECAST_CLI_OUT}/user-file -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/user_file_in_results.cmake)
# A scenario that fits in the economy while a combination of its factors does not (standards
# +10 %/yr without the offsetting productivity): report attributes it (exit 3 before).
carecast_cli_test(report-attribution-beyond-economy
                  ARGS report scenarios/productivity.yaml --scenario productivity-0.5 --quiet --lang en
                       --set productivity-0.5:parameters.standard_growth_pct=10
                       --set productivity-0.5:parameters.productivity_pct=10 --out ${CARECAST_CLI_OUT}/attribution-beyond
                  CLEAN ${CARECAST_CLI_OUT}/attribution-beyond
                  PRESENT ${CARECAST_CLI_OUT}/attribution-beyond/tables/growth_attribution.csv)

# --- the bundled productivity scenarios ---
carecast_cli_test(validate-productivity ARGS validate scenarios/productivity.yaml
                  STDOUT "^scenarios/productivity\\.yaml: ok \\([0-9]+ scenarios?, [0-9]+ services?\\)\n$" STDERR_EMPTY)
set(run_dir ${CMAKE_BINARY_DIR}/cli-run)
carecast_cli_test(run-productivity ARGS run scenarios/productivity.yaml --out ${run_dir}
                  STDOUT "^Årsverk by scenario.*Total, all service areas\n.*Share of all årsverk"
                  STDERR "carecast: loaded .*carecast: projected .*carecast: wrote "
                  ABSENT_GLOB ${run_dir}.tmp-* ${run_dir}.old-*
                  PRESENT ${run_dir}/manifest.json
                  HEADERS ${run_dir}/projection.csv=scenario,year,service,arsverk
                          ${run_dir}/professions.csv=scenario,year,profession,arsverk
                          ${run_dir}/indicators.csv=scenario,year,indicator,value
                          ${run_dir}/population.csv=scenario,year,sex,age,persons
                          ${run_dir}/manifest.json={)
carecast_cli_test(run-quiet ARGS run scenarios/productivity.yaml --out ${CARECAST_CLI_OUT}/quiet --quiet
                  STDOUT "Total, all service areas" STDERR_EMPTY PRESENT ${CARECAST_CLI_OUT}/quiet/manifest.json)
# More threads than the machine has: run with what it has, and nothing on stderr (oneTBB warns
# when an arena asks for more workers than it allows).
carecast_cli_test(run-threads-beyond-cores ARGS run scenarios/productivity.yaml --out ${CARECAST_CLI_OUT}/many
                  --threads 64 --quiet STDOUT "Total, all service areas" STDERR_EMPTY
                  PRESENT ${CARECAST_CLI_OUT}/many/manifest.json)
add_test(NAME cli:threads-same-output
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DSCENARIO=scenarios/productivity.yaml
                 -DOUT=${CARECAST_CLI_OUT}/threads -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/same_output.cmake)
# With equipment levers: the lever files too (and one thread runs without oneTBB).
add_test(NAME cli:threads-same-output-levers
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DSCENARIO=scenarios/equipment-investment.yaml
                 -DOUT=${CARECAST_CLI_OUT}/threads-levers -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/same_output.cmake)

# --- problems only the projection can find: typed engine errors, located (issue 8) ---
carecast_cli_test(validate-unreachable-e0 ARGS validate tests/fixtures/cli/unreachable-e0.yaml EXIT 3
  STDERR "^carecast: error: invalid configuration \\(1 problem\\):\ntests/fixtures/cli/unreachable-e0\\.yaml:11:37: parameters\\.demography\\.mortality\\.life_expectancy\\.female = \\{2060: 120\\} — scenario 'very-long-lives': the life expectancy at birth this asks for in 2056, 116\\.2 years, is out of reach: no death rates reachable from the base year along the decline pattern give it \\(reachable: [0-9.]+ to 115\\.6 years\\)\n$")
carecast_cli_test(run-unreachable-e0 ARGS run tests/fixtures/cli/unreachable-e0.yaml --out ${CARECAST_CLI_OUT}/unreachable --quiet
  EXIT 3 STDERR "life_expectancy\\.female = \\{2060: 120\\} — scenario 'very-long-lives': the life expectancy at birth" ABSENT ${CARECAST_CLI_OUT}/unreachable)
carecast_cli_test(set-unreachable-e0 ARGS validate scenarios/productivity.yaml --set parameters.demography.mortality.life_expectancy.female=120
  EXIT 3 STDERR "\n--set #1: parameters\\.demography\\.mortality\\.life_expectancy\\.female = 120 — scenario 'productivity-0\\.0': the life expectancy at birth this asks for in 2024, 120\\.0 years, is out of reach")
# A share just above 100 % is printed above 100 % (it read "need 100 % …; a share above 100 %
# is impossible" before), at the first scenario's name.
carecast_cli_test(validate-share-just-above-one ARGS validate scenarios/productivity.yaml
  --set "*:parameters.productivity_pct=-3.462" EXIT 3
  STDERR "\nscenarios/productivity\\.yaml:13:11: scenario 'productivity-0\\.0': the assumptions make health and care need 100\\.01 % of all årsverk in the economy in 2060; a share above 100 % is impossible")
carecast_cli_test(validate-emigration ARGS validate tests/fixtures/cli/emigration.yaml EXIT 3
  STDERR "tests/fixtures/cli/emigration\\.yaml:6:11: scenario 'exodus': the assumptions make health and care need (årsverk in an economy with none left|[0-9.]+ % of all årsverk in the economy) in 20[0-9][0-9]; a share above 100 % is impossible")
carecast_cli_test(validate-migration-profile-cancels ARGS validate tests/fixtures/config/scenarios.yaml
  --set data.migration.file=tests/fixtures/config/broken/migration_cancels.csv EXIT 4
  STDERR "tests/fixtures/config/base\\.yaml:10:56: data\\.migration\\.profile_years = \\[2018, 2019\\] — net migration in these years of tests/fixtures/config/broken/migration_cancels\\.csv adds up to 40\\.8 persons against 1999\\.2 .*at least a tenth")
carecast_cli_test(run-emigration-warns ARGS run scenarios/productivity.yaml --quiet --out ${CARECAST_CLI_OUT}/emigration-burst
  --set "parameters.demography.net_migration={2029: 30000, 2030: -1500000, 2031: 20000}"
  EXIT 0 STDERR "^carecast: warning: scenario 'productivity-0\\.0': net migration in 2030: -1429[0-9][0-9][0-9] persons applied of -1500000 asked \\(the population at risk cannot supply more\\)\n")
# A service life under a year made the perpetual inventory's stock negative (exit 5 before).
carecast_cli_test(lever-lifetime-below-a-year ARGS validate scenarios/equipment-investment.yaml
  --set parameters.levers.capital.lifetime_years.laboratory_automation=0.5
  EXIT 3 STDERR "\n--set #1: parameters\\.levers\\.capital\\.lifetime_years\\.laboratory_automation = 0\\.5 — must be in \\[1, 100\\]\n$")
# Inputs validate accepted that then ended in exit 5 (found by a helper trying to break it):
# a service life of 1e308 years overflowed the stock; a recommended lifetime far below the
# equipment's age rounded the gap to exactly 1; technology costs overflowed the lever tables.
carecast_cli_test(lever-lifetime-above-a-century ARGS validate scenarios/equipment-investment.yaml
  --set parameters.levers.capital.lifetime_years.laboratory_automation=1e308
  EXIT 3 STDERR "\n--set #1: parameters\\.levers\\.capital\\.lifetime_years\\.laboratory_automation = 1e308 — must be in \\[1, 100\\]\n$")
carecast_cli_test(lever-gap-from-age-rounds-to-one ARGS validate scenarios/equipment-investment.yaml
  --set "parameters.levers.capital.gap_from_age={average_age_years: 100, recommended_lifetime_years: 1e-14}"
  EXIT 3 STDERR "parameters\\.levers\\.capital\\.services\\.somatic_specialist\\.gap = 0\\.9999999999999999 — scenario '[^']+': with σ = [0-9.]+ a stock this far below its cost-minimising level cannot make the base-year output")
# A lever value that only the projection refuses is located where it is written, here at the
# --set that gave it (it named the scenario file, without line, before).
carecast_cli_test(lever-gap-located-at-set ARGS validate scenarios/equipment-investment.yaml
  --set parameters.levers.capital.gap=0.999 EXIT 3
  STDERR "\n--set #1: parameters\\.levers\\.capital\\.gap = 0\\.999 — scenario 'equipment-2bn': with σ = 0\\.5 a stock this far below its cost-minimising level cannot make the base-year output")
carecast_cli_test(lever-costs-overflow ARGS validate scenarios/lab-automation.yaml
  --set parameters.levers.technologies.lab_automation.potential_units=1e160
  --set parameters.levers.technologies.lab_automation.unit_cost_nok_per_year=1e160
  EXIT 3 STDERR "scenarios/lab-automation\\.yaml:26:11: parameters\\.levers\\.technologies\\.lab_automation — scenario 'lab-automation': lever 'lab_automation': its costs, units or technical årsverk up to 20[0-9][0-9] are not a finite number \\(inf\\)")
add_test(NAME cli:report-region-without-population
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -DOUT=${CARECAST_CLI_OUT}/region-without-population -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/empty_region_report.cmake)
add_test(NAME cli:fifo-base-refused
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -DOUT=${CARECAST_CLI_OUT}/fifo-base -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/fifo_input.cmake)
set_tests_properties(cli:fifo-base-refused PROPERTIES TIMEOUT 60)
add_test(NAME cli:tiny-equipment-stock
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -DOUT=${CARECAST_CLI_OUT}/tiny-equipment -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/tiny_equipment.cmake)
# carecast_edited_data_test(NAME DATA MATCH REPLACE KEY EXIT STDERR ARGS ...): a bundled data
# file with one edit (tests/cli/edited_data.cmake).
function(carecast_edited_data_test name data match replace key exit stderr)
  string(JOIN "|" args ${ARGN})
  add_test(NAME cli:${name}
           COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                   -DOUT=${CARECAST_CLI_OUT}/${name} -DDATA=${data} "-DMATCH=${match}" "-DREPLACE=${replace}"
                   -DKEY=${key} "-DARGS=${args}" -DEXIT_CODE=${exit} "-DSTDERR_REGEX=${stderr}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/edited_data.cmake)
endfunction()
# Numbers in data files beyond double precision's reach (exit 5 at the CSV writer before): 0 or
# a size in [1e-300, 1e15], refused where they are read with file, line and column.
carecast_edited_data_test(data-number-too-large config/norway/supply_flows.csv "\nnurses,4500," "\nnurses,1e307,"
  data.supply.flows_file 4
  "supply_flows\\.csv:2:8: graduates = 1e307 — must be 0 or of a size between 1e-300 and 1e\\+15 \\(no count"
  run scenarios/high-immigration.yaml)
carecast_edited_data_test(data-number-subnormal config/norway/mortality_mx.csv "\n2023,female,100,0\\.48062\n"
  "\n2023,female,100,5e-324\n" data.mortality.file 4
  "mortality_mx\\.csv:1718:17: mx = 5e-324 — must be 0 or of a size between 1e-300"
  validate scenarios/high-immigration.yaml)
carecast_edited_data_test(data-number-beyond-double config/norway/mortality_decline_pattern.csv "\nfemale,1,0\\.0266573"
  "\nfemale,1,1e-400" data.mortality.decline_pattern_file 4
  "mortality_decline_pattern\\.csv:3:10: decline_rate = 1e-400 — must be 0 or of a size between 1e-300"
  validate scenarios/high-immigration.yaml)
# A supply that underflows to 0 names the flows file and the two factors (it named the
# scenario file and a key 'supply' before).
carecast_edited_data_test(supply-underflow-names-flows config/norway/supply_flows.csv
  "(\nnurses,4500,22,30,0\\.88,1000,25,44,0\\.85,)0\\.8569,0\\.8462" "\\11e-300,1e-300" data.supply.flows_file 4
  "/supply_flows\\.csv: scenario 'high-immigration': no supply of nurses in the base year 2023 to calibrate against its demand: its share in health and care \\(1e-300\\) times its årsverk per person \\(1e-300\\) is 0"
  validate scenarios/high-immigration.yaml)
# A repeated row of the county file was added to the first (and could hide a missing one); the
# names the results give the sum and the country are not ids a data file may use.
carecast_edited_data_test(regions-duplicate-row config/norway/regions/population_jan1_by_county.csv
  "(\n2023,03,Oslo-Oslove,Helse Sør-Øst,female,5,3475)" "\\1\\1" data.regions.file 4
  "population_jan1_by_county\\.csv:25448:[0-9]+: age = 5 — a second row for county 03, female aged 5 in 2023 \\(the first is on line 25447\\)"
  validate scenarios/regions.yaml)
# A population smaller than the services' base-year årsverk (every cell 1 person here, as a file
# in thousands would nearly be): user rates per person would be absurd (it ended in a
# non-finite indicator, exit 3, naming no data file, before).
carecast_edited_data_test(population-below-arsverk config/norway/population_jan1.csv
  "(\n[0-9]+,[a-z]+,[0-9]+,)[0-9]+" "\\11" data.population.file 4
  "invalid data \\(1 problem\\):\n[^\n]*/population_jan1\\.csv: scenario 'productivity-0\\.0': the population on 1 January 2023 adds up to 212 persons, fewer than the 314626\\.4 base-year årsverk of the services, who are part of it \\(is the file in thousands, or of another place than services\\.csv\\?\\)"
  validate scenarios/productivity.yaml)
# The same data problem found by sweep (while making its tables) and by solve: located at the
# population file (sweep named no file, solve blamed --range, before).
carecast_edited_data_test(population-below-arsverk-sweep config/norway/population_jan1.csv
  "(\n[0-9]+,[a-z]+,[0-9]+,)[0-9]+" "\\11" data.population.file 4
  "invalid data \\(1 problem\\):\n[^\n]*/population_jan1\\.csv: scenario 'productivity-0\\.5': the population on 1 January 2023 adds up to 212 persons"
  sweep tests/fixtures/sweep/small.yaml)
carecast_edited_data_test(population-below-arsverk-solve config/norway/population_jan1.csv
  "(\n[0-9]+,[a-z]+,[0-9]+,)[0-9]+" "\\11" data.population.file 4
  "invalid data \\(1 problem\\):\n[^\n]*/population_jan1\\.csv: scenario 'productivity-0\\.5': the population on 1 January 2023 adds up to 212 persons"
  solve scenarios/productivity.yaml --scenario productivity-0.5 --target share --value 0.2 --year 2040)
# Counties that do not add up to the nation (Finnmark's rows all 0): the regional projection
# would scale the others up to the national cells and hide it.
carecast_edited_data_test(regions-counties-short-of-nation config/norway/regions/population_jan1_by_county.csv
  "(\n[0-9]+,56,[^,\n]*,[^,\n]*,[a-z]+,[0-9]+,)[0-9]+" "\\10" data.regions.file 4
  "invalid data \\(1 problem\\):\n--set #1: data\\.regions\\.file = [^\n]* — the counties' female population on 1 January 2016 adds up to 2552102 persons, -1\\.42 % from the national 2588874 \\(data\\.population\\.file\\), and so in 10 more years; they may differ by at most 0\\.5 % \\(a county missing or given twice, or figures of another year\\?\\)\n$"
  validate scenarios/regions.yaml)
# A regional calibration of 0 in every region for a service with årsverk (the split fell back
# to population shares silently before); 0 in one region alone stays allowed.
carecast_cli_test(regions-calibration-all-zero
                  ARGS validate scenarios/regions.yaml --set regions=health_region
                       --set data.regions.calibration_file=tests/fixtures/cli/regions_calibration_zero.csv
                  EXIT 4 STDERR "invalid data \\(1 problem\\):\ntests/fixtures/cli/regions_calibration_zero\\.csv:5:26: arsverk = 0 — every region's base-year årsverk for nursing_homes is 0, so the national 70684\\.2 årsverk cannot be split among them")
carecast_edited_data_test(regions-reserved-name config/norway/regions/population_jan1_by_county.csv
  "\n2023,03,Oslo-Oslove," "\n2023,national,Oslo-Oslove," data.regions.file 4
  "population_jan1_by_county\\.csv:[0-9]+:6: county_code = national — 'national' names the whole country in the results"
  validate scenarios/regions.yaml)
carecast_edited_data_test(service-named-total config/norway/services.csv "\nsomatic_specialist," "\ntotal,"
  data.services.file 4
  "services\\.csv:2:1: service = total — 'total' names the sum of all services in the results"
  validate scenarios/productivity.yaml)
# A sex whose death rates stop early is named with the ages it lacks (male rates ending at 90
# were taken as open-ended at 90 while the female ones went to 100).
carecast_edited_data_test(mortality-sex-stops-early config/norway/mortality_mx.csv
  "\n2023,male,(9[1-9]|100),[0-9.]+" "" data.mortality.file 4
  "mortality_mx\\.csv: year = 2023 — missing rows: male ages 91\\.\\.100"
  validate scenarios/productivity.yaml)
# Family care and the share anchor are bounded so that a sweep's sums stay finite (exit 5 at
# the CSV writer before).
carecast_cli_test(family-care-beyond-any-country ARGS validate scenarios/productivity.yaml
  --set parameters.family_care.arsverk=1e306 --set economy.share_anchor=1e-300
  EXIT 3 STDERR "\n--set #1: parameters\\.family_care\\.arsverk = 1e306 — must be in \\[0, 10000000\\]\n--set #2: economy\\.share_anchor = 1e-300 — must be in \\[0\\.001, 1\\]\n$")
# Labels go into HTML, the workbook's XML and SVG: a control character is refused.
carecast_cli_test(deep-nesting ARGS validate tests/fixtures/cli/deep_nesting.yaml EXIT 3
  STDERR "deep_nesting\\.yaml:3:[0-9]+: values are nested more than 64 levels deep \\(the YAML parser gave up at level [0-9]+\\)\n$")
carecast_cli_test(lever-name-with-dot ARGS validate tests/fixtures/cli/dotted_lever.yaml EXIT 3
  STDERR "dotted_lever\\.yaml:6:7: parameters\\.levers\\.investments\\.lab\\.automation — a lever name must have at most 100 characters and use only ASCII letters \\(not æ, ø, å\\), digits, '_' and '-' \\(no '\\.': --set keys are split at dots\\)")
carecast_cli_test(label-control-character ARGS validate tests/fixtures/cli/control_label.yaml EXIT 3
  STDERR "control_label\\.yaml:3:11: label_en = \"A\\\\x01B\" — holds U\\+0001, a control character, as character 2: reports")
# Net emigration that empties the country (regions): the counties keep their base-year shares
# where the nation has nobody left (exit 5 in validate and run before).
carecast_cli_test(regions-emptied-by-emigration ARGS run scenarios/regions.yaml
  --set parameters.demography.net_migration=-180000 --out ${CARECAST_CLI_OUT}/regions-emptied
  CLEAN ${CARECAST_CLI_OUT}/regions-emptied PRESENT ${CARECAST_CLI_OUT}/regions-emptied/projection.csv)
carecast_cli_test(net-migration-beyond-any-country ARGS validate scenarios/productivity.yaml
  --set parameters.demography.net_migration=1e306
  EXIT 3 STDERR "\n--set #1: parameters\\.demography\\.net_migration = 1e306 — must be in \\[-100000000, 100000000\\]\n$")
# --- real-world input (issue 9): bounded parsing, located messages, usage errors ---
carecast_cli_test(validate-flow-entry ARGS validate tests/fixtures/cli/flow_entry.yaml EXIT 3
                  STDERR "^carecast: error: invalid configuration \\(1 problem\\):\ntests/fixtures/cli/flow_entry\\.yaml:1:1: YAML syntax error: unexpected ',' where a value should start\n$")
carecast_cli_test(validate-tab-indent ARGS validate tests/fixtures/cli/tab_indent.yaml EXIT 3
                  STDERR "\ntests/fixtures/cli/tab_indent\\.yaml:4:1: a tab is used for indentation; YAML allows only spaces there\n$")
carecast_cli_test(validate-latin1-csv ARGS validate tests/fixtures/config/spreadsheet/latin1.yaml EXIT 4
                  STDERR "\ntests/fixtures/config/spreadsheet/services_latin1\\.csv:2:17: not valid UTF-8 \\(byte 0xF8\\); save the file as UTF-8\n$")
carecast_cli_test(validate-statbank-csv ARGS validate tests/fixtures/config/spreadsheet/statbank.yaml EXIT 4
                  STDERR "invalid data \\(1 problem\\):\n[^\n]*population_statbank\\.csv:1:1: header = \"år\";\"kjønn\";\"alder\";\"personer\" — the columns are separated by ';' and numbers have a decimal comma")
carecast_cli_test(validate-excel-csv ARGS validate tests/fixtures/config/spreadsheet/excel.yaml STDOUT "excel\\.yaml: ok")
# `--out ''` (an empty argument, which ARGS cannot carry): a usage error, not an I/O error.
add_test(NAME cli:run-empty-out
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/empty_out.cmake)
# A staging directory left by a killed run (pid 4194303 is above Linux's largest pid; carecast's
# mark inside) is removed; a user's own directories with such names but no mark are kept (a
# dated "stale.old-20240101" was removed with its files before).
carecast_cli_test(run-removes-stale-staging ARGS run tests/fixtures/config/single.yaml --quiet --out ${CARECAST_CLI_OUT}/stale
                  CLEAN ${CARECAST_CLI_OUT}/stale ${CARECAST_CLI_OUT}/stale.old-20240101 ${CARECAST_CLI_OUT}/stale.tmp-4194302
                  TOUCH ${CARECAST_CLI_OUT}/stale.tmp-4194303/projection.csv ${CARECAST_CLI_OUT}/stale.tmp-4194303/.carecast-leftover
                        ${CARECAST_CLI_OUT}/stale.old-20240101/notes.txt ${CARECAST_CLI_OUT}/stale.tmp-4194302/notes.txt
                  ABSENT ${CARECAST_CLI_OUT}/stale.tmp-4194303 ${CARECAST_CLI_OUT}/stale/.carecast-leftover
                  PRESENT ${CARECAST_CLI_OUT}/stale/manifest.json ${CARECAST_CLI_OUT}/stale.old-20240101/notes.txt
                          ${CARECAST_CLI_OUT}/stale.tmp-4194302/notes.txt)
# --- overrides for one scenario, subsets and table years (issue 13) ---
# productivity-0.5 set to 1 %/yr gives the productivity-1.0 figures; the others are unchanged.
carecast_cli_test(run-set-one-scenario ARGS run scenarios/productivity.yaml --set productivity-0.5:parameters.productivity_pct=1
                                            --quiet --out ${CARECAST_CLI_OUT}/set-one
                  CLEAN ${CARECAST_CLI_OUT}/set-one
                  STDOUT "Total, all service areas\n[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n  2060 +659 193 +456 165 +456 165 +316 815\n")
carecast_cli_test(run-set-ambiguous ARGS run scenarios/productivity.yaml --set parameters.productivity_pct=2 --out ${CARECAST_CLI_OUT}/ambiguous
                  EXIT 3
                  STDERR "--set #1: parameters\\.productivity_pct = 2 — the scenarios set this key differently \\(productivity-0\\.0: 0\\.0, productivity-0\\.5: 0\\.5, productivity-1\\.0: 1\\.0, productivity-2\\.0: 2\\.0\\); to change one scenario write --set productivity-0\\.0:parameters\\.productivity_pct=2, to give every scenario this value write --set '\\*:parameters\\.productivity_pct=2'"
                  ABSENT ${CARECAST_CLI_OUT}/ambiguous)
carecast_cli_test(run-scenario-subset ARGS run scenarios/productivity.yaml --scenario productivity-2.0 --scenario productivity-0.0
                                           --years 2045 --quiet --out ${CARECAST_CLI_OUT}/subset
                  CLEAN ${CARECAST_CLI_OUT}/subset
                  STDOUT "\n +productivity-0\\.0 +productivity-2\\.0\n-+\nTotal, all service areas\n  2023 +314 626 +314 626\n  2045 [^\n]*\n  2060 +659 193 +316 815\n")
carecast_cli_test(run-unknown-scenario ARGS run scenarios/productivity.yaml --scenario productivity-3.0 --out ${CARECAST_CLI_OUT}/unknown
                  EXIT 3 STDERR "--scenario: scenario = productivity-3\\.0 — unknown scenario \\(did you mean 'productivity-[0-9]\\.0'\\?\\)"
                  ABSENT ${CARECAST_CLI_OUT}/unknown)

# Issue 10: the SSB 2019/12 reproduction (base year 2017) and the backtest from past base years.
carecast_cli_test(run-ssb-2019-reference ARGS run scenarios/ssb-2019-reference.yaml --quiet --out ${CARECAST_CLI_OUT}/ssb-2019
                  CLEAN ${CARECAST_CLI_OUT}/ssb-2019
                  STDOUT "Total, all service areas\n  2017 +270 458\n  2030 +[0-9 ]+\n  2035 +384 814\n[^\n]*\n[^\n]*\n  2060 +550 237\n.*Share of all årsverk in the economy, %\n  2017 +13\\.0\n.*  2060 +23\\.7\n")
carecast_cli_test(backtest-norway ARGS backtest scenarios/productivity.yaml --scenario productivity-0.5 --quiet
                                       --out ${CARECAST_CLI_OUT}/backtest
                  CLEAN ${CARECAST_CLI_OUT}/backtest
                  STDOUT "specialist_care +2017 +2021 +118 760 +132 459 +-10\\.3 % +\\(another definition: not in the summary\\)\n.*municipal_care +2019 +2023 +156 527 +157 076 +-0\\.3 %\n.*municipal_care +2 comparisons, 0\\.6 % \\(0\\.20 % per projected year\\)"
                  STDERR_EMPTY)
# A scenario that jumps off earlier than its observed årsverk (SSB 2019/12's set-up: 2018) is
# backtested on the observed population all the same (exit 4 naming config/norway.yaml before).
carecast_cli_test(backtest-ssb-2019-reference ARGS backtest scenarios/ssb-2019-reference.yaml --quiet
                                       --out ${CARECAST_CLI_OUT}/backtest-ssb-2019
                  CLEAN ${CARECAST_CLI_OUT}/backtest-ssb-2019
                  STDOUT "somatic_specialist +2017 +2018 +77 141 +76 101 +\\+1\\.4 %\n"
                  PRESENT ${CARECAST_CLI_OUT}/backtest-ssb-2019/backtest.csv)
# An observed file with its header alone is named as such (backtest said the key was missing).
carecast_edited_data_test(observed-header-only config/norway/observed_arsverk.csv "\n.*" "\n"
  data.observed_arsverk.file 4
  "--set #1: data\\.observed_arsverk\\.file = [^\n]* — [^\n]*observed_arsverk\\.csv holds no rows of observed årsverk"
  backtest scenarios/productivity.yaml)
# An observed year after the population data: the message says that the backtest's jump-off
# year comes from the observed file (it blamed a jump_off_year nobody had written before).
carecast_edited_data_test(observed-after-population config/norway/observed_arsverk.csv "^(series[^\n]*\n)"
  "\\1somatic_specialist,somatic_specialist,2031,90000,2016-2018,observed,an assumed figure\n"
  data.observed_arsverk.file 4
  "--base-years 2015: data\\.population\\.jump_off_year = 2031 — the observed årsverk \\(data\\.observed_arsverk of config/norway\\.yaml\\) run to 2031 and the backtest projects on observed population up to that year; years 2027\\.\\.2031 not in config/norway/population_jan1\\.csv"
  backtest scenarios/productivity.yaml --scenario productivity-0.5)
carecast_cli_test(backtest-bad-years ARGS backtest scenarios/productivity.yaml --base-years 2015,abc --out ${CARECAST_CLI_OUT}/backtest-bad
                  EXIT 2 STDERR "--base-years must be years separated by commas, e\\.g\\. 2030,2045 \\(got '2015,abc'\\)"
                  ABSENT ${CARECAST_CLI_OUT}/backtest-bad)
carecast_cli_test(backtest-year-not-before-observed ARGS backtest scenarios/productivity.yaml --base-years 2023
                                                         --out ${CARECAST_CLI_OUT}/backtest-late
                  EXIT 2 STDERR "--base-years: 2023 is not before the last observed year 2023"
                  ABSENT ${CARECAST_CLI_OUT}/backtest-late)
carecast_cli_test(backtest-year-without-services ARGS backtest scenarios/productivity.yaml --base-years 2016
                                                      --out ${CARECAST_CLI_OUT}/backtest-2016
                  EXIT 4 STDERR "no services with base_year 2016 \\(the file has rows for 2015, 2017, 2019, 2023\\)"
                  ABSENT ${CARECAST_CLI_OUT}/backtest-2016)
# A value before the base year only a backtest reads: its problem is the user's --set #1, not
# the #5 it is among the overrides the backtest adds for its base year.
carecast_cli_test(backtest-set-numbered-as-written ARGS backtest scenarios/productivity.yaml --scenario productivity-0.5 --quiet
                  --out ${CARECAST_CLI_OUT}/backtest-set --set "parameters.employment_62_74_pp={2015: -100, 2023: 0}"
                  EXIT 3 STDERR "\n--set #1: parameters\\.employment_62_74_pp = \\{2015: -100, 2023: 0\\} — scenario 'productivity-0\\.5': in 2015 this makes an employment rate at ages 62-74 negative"
                  ABSENT ${CARECAST_CLI_OUT}/backtest-set)
carecast_cli_test(validate-anchor-year-without-population ARGS validate scenarios/productivity.yaml --set economy.share_anchor_year=2010
                  EXIT 4 STDERR "--set #1: economy\\.share_anchor_year = 2010 — years 2010\\.\\.2014 not in config/norway/population_jan1\\.csv \\(needed: every year from economy\\.share_anchor_year 2010 to jump_off_year 2026\\)")
# Years missing after the base year are the jump-off year's to answer for, also when the share
# is anchored earlier (they were blamed on economy.share_anchor_year in config/norway.yaml).
carecast_cli_test(validate-jump-off-beyond-population ARGS validate scenarios/productivity.yaml --set data.population.jump_off_year=2030
                  EXIT 4 STDERR "^carecast: error: invalid data \\(1 problem\\):\n--set #1: data\\.population\\.jump_off_year = 2030 — years 2027\\.\\.2030 not in config/norway/population_jan1\\.csv")
carecast_cli_test(validate-employment-path-beyond-one ARGS validate scenarios/productivity.yaml --set "parameters.employment_62_74_pp={2023: 0, 2040: 30}"
                  EXIT 3 STDERR "--set #1: parameters\\.employment_62_74_pp = \\{2023: 0, 2040: 30\\} — scenario 'productivity-0\\.0': in 2038 this makes an employment rate at ages 62-74 above 1")

# carecast serve answers national figures: a scenario file with regions is refused at its key.
carecast_cli_test(serve-regions-refused ARGS serve scenarios/regions.yaml --port 0 EXIT 3
                  STDERR "scenarios/regions\\.yaml:9:10: regions = county — carecast serve answers national figures only")
