# Monte Carlo sweeps (issue 4): random streams, distributions, Sobol estimators, the sweep
# engine, and the sweep command line.
carecast_add_test(test_random SOURCES test_random.cpp LIBS carecast::engine)
carecast_add_test(test_distributions SOURCES test_distributions.cpp LIBS carecast::engine)
carecast_add_test(test_sobol SOURCES test_sobol.cpp LIBS carecast::engine)
carecast_add_test(test_sweep SOURCES test_sweep.cpp LIBS carecast::engine)

# --- the sweep command line: byte-identical results and located errors ---
set(CARECAST_SWEEP_OUT ${CMAKE_BINARY_DIR}/sweep-cli)
function(carecast_sweep_same_bytes name mode sweep)
  add_test(NAME sweep-cli:${name}
           COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                   -DOUT=${CARECAST_SWEEP_OUT}/${name} -DSWEEP=${sweep} -DMODE=${mode} ${ARGN}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/sweep/same_bytes.cmake)
endfunction()
# The sweep of the issue's "done when" (exact quantiles), and a small one in histogram mode.
carecast_sweep_same_bytes(uncertainty-threads threads scenarios/uncertainty.yaml -DDRAWS=4000)
carecast_sweep_same_bytes(small-threads threads tests/fixtures/sweep/small.yaml)
carecast_sweep_same_bytes(small-shards shards tests/fixtures/sweep/small.yaml)
carecast_sweep_same_bytes(uncertainty-shards shards scenarios/uncertainty.yaml -DDRAWS=1000)
if(CARECAST_WITH_MPI)
  find_package(MPI COMPONENTS CXX)
  if(MPIEXEC_EXECUTABLE)
    carecast_sweep_same_bytes(small-mpi mpi tests/fixtures/sweep/small.yaml -DMPIEXEC=${MPIEXEC_EXECUTABLE})
  endif()
endif()

if(COMMAND carecast_cli_test)
  carecast_cli_test(sweep-help ARGS sweep --help STDOUT "Usage: carecast sweep SWEEP\\.yaml.*quantiles\\.csv.*tornado\\.csv")
  carecast_cli_test(sweep-broken ARGS sweep tests/fixtures/sweep/broken.yaml --out ${CARECAST_SWEEP_OUT}/broken EXIT 3
                    ABSENT ${CARECAST_SWEEP_OUT}/broken
                    STDERR "invalid configuration \\(10 problems\\):
tests/fixtures/sweep/broken\\.yaml:4:8: draws = 0 — must be in \\[1, 1000000000000\\]
tests/fixtures/sweep/broken\\.yaml:5:22: report_years\\[2\\] = 2070 — must be in \\(base_year, end_year\\] = \\(2023, 2060\\]
tests/fixtures/sweep/broken\\.yaml:8:19: uncertain\\[1\\]\\.distribution = normal — the distribution takes parameters\\.healthy_ageing\\.theta to -infinity, outside its valid range \\[0, 1\\] \\(truncate it\\)
tests/fixtures/sweep/broken\\.yaml:11:10: uncertain\\[2\\]\\.set = parameters\\.productivty_pct — unknown parameter \\(did you mean 'parameters\\.productivity_pct'\\?\\)
tests/fixtures/sweep/broken\\.yaml:16:19: uncertain\\[3\\]\\.distribution = triangle — must be one of fixed, normal, lognormal, uniform, triangular, pert, choice \\(did you mean 'triangular'\\?\\)
tests/fixtures/sweep/broken\\.yaml:17:5: uncertain\\[4\\]\\.apply — required for a time path \\(scale, shift, end_value, path_to or constant\\)
tests/fixtures/sweep/broken\\.yaml:22:19: uncertain\\[5\\]\\.distribution = pert — must satisfy min ≤ mode ≤ max
tests/fixtures/sweep/broken\\.yaml:27:16: thresholds\\[1\\]\\.quantity = indicator\\.share — unknown quantity \\(did you mean 'indicator\\.share_of_all_arsverk'\\?\\)
tests/fixtures/sweep/broken\\.yaml:28:15: sobol\\.rows = 1 — must be 0 \\(no Sobol indices\\) or at least 64 \\(fewer rows give estimates no better than noise; docs/sweeps\\.md\\)
tests/fixtures/sweep/broken\\.yaml:28:18: sobol\\.boostrap = 10 — unknown key \\(did you mean 'bootstrap'\\?\\)
$")
  # A key of whole numbers: a fixed value must be one; continuous draws are rounded, and the
  # draw shows the value applied (it showed 65.9 and applied 66 before). An open end of a
  # valid range is printed open.
  carecast_cli_test(sweep-whole-number-fixed ARGS validate tests/fixtures/sweep/whole_numbers_fixed.yaml EXIT 3
                    STDERR "invalid configuration \\(2 problems\\):
tests/fixtures/sweep/whole_numbers_fixed\\.yaml:8:83: uncertain\\[1\\]\\.distribution = fixed — the distribution fixes parameters\\.healthy_ageing\\.threshold_age at 65\\.9, which must be an integer
tests/fixtures/sweep/whole_numbers_fixed\\.yaml:9:99: uncertain\\[2\\]\\.distribution = uniform — the distribution takes parameters\\.levers\\.technologies\\.lab_automation\\.steepness to 0, outside its valid range \\(0, 10\\] \\(truncate it\\)
$")
  carecast_cli_test(sweep-whole-number-drawn ARGS sweep tests/fixtures/sweep/whole_numbers.yaml --draw 3
                    STDOUT "\n  threshold  68 years  \\(value parameters\\.healthy_ageing\\.threshold_age\\)\n")
  # `validate` takes sweep files: the same checks as `sweep`, reported like every config error.
  carecast_cli_test(validate-sweep ARGS validate scenarios/uncertainty.yaml STDERR_EMPTY
                    STDOUT "^scenarios/uncertainty\\.yaml: ok \\(sweep: 8 uncertain parameters, 10 000 draws, 1 scenario, 7 services\\)\n$")
  # validate runs the sweep's projections as `sweep` does: a refused tornado run or Sobol row
  # is found there (it ran only the first draws before, and accepted both).
  carecast_cli_test(validate-sweep-refused-in-tornado ARGS validate tests/fixtures/sweep/refused_in_tornado.yaml EXIT 3
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\ntests/fixtures/sweep/refused_in_tornado\\.yaml: a tornado run of the sweep \\(p = -3\\.4999865\\) fails: the assumptions make health and care need 101\\.5 % of all årsverk in the economy in 2060; a share above 100 % is impossible")
  carecast_cli_test(validate-sweep-refused-in-sobol ARGS validate tests/fixtures/sweep/refused_in_sobol.yaml EXIT 3
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\ntests/fixtures/sweep/refused_in_sobol\\.yaml: Sobol row 41 of the sweep \\(p = -3\\.5470071635284732\\) fails: the assumptions make health and care need 103\\.3 % of all årsverk")
  # Many draws refused, in several blocks: the one named is the first in draw order, on one
  # thread or two (it was whichever a thread met first before).
  foreach(threads 1 2)
    carecast_cli_test(sweep-refused-first-draw-${threads} ARGS sweep tests/fixtures/sweep/refused_in_many_draws.yaml
                      --threads ${threads} --out ${CARECAST_SWEEP_OUT}/refused-${threads} EXIT 3
                      ABSENT ${CARECAST_SWEEP_OUT}/refused-${threads}
                      STDERR "draw 37 of the sweep \\(p = -3\\.568698506216179\\) fails: the assumptions make health and care need")
  endforeach()
  # A path in a variant is relative to the sweep file and located there (it was read from the
  # working directory and blamed on '--set #1').
  carecast_cli_test(validate-sweep-variant-path ARGS validate tests/fixtures/sweep/variant_path.yaml EXIT 4
                    STDERR "^carecast: error: invalid data \\(1 problem\\):\ntests/fixtures/sweep/variant_path\\.yaml:13:74: uncertain\\[1\\]\\.alternatives\\.external\\.set\\.parameters\\.demography\\.projection_file = no_such_projection\\.csv — cannot open tests/fixtures/sweep/no_such_projection\\.csv\n$")
  # A target just beyond the reachable life expectancy: enough decimals to tell the two apart.
  # Located at the distribution of the parameter that sets the key the projection names (it
  # had no file position before); a problem of no one key (a share above 100 %, above) is at
  # the sweep file.
  carecast_cli_test(validate-sweep-unreachable-e0 ARGS validate tests/fixtures/sweep/unreachable_life_expectancy.yaml EXIT 3
                    STDERR "\ntests/fixtures/sweep/unreachable_life_expectancy\\.yaml:10:161: parameters\\.demography\\.mortality\\.life_expectancy\\.female = 115\\.58331539626107 — draw 1 of the sweep \\(le = 25\\.26331539626107\\) fails: the life expectancy at birth this asks for in 2056, 115\\.583 years, is out of reach: [^\n]*\\(reachable: 0\\.350 to 115\\.576 years\\)")
  # A choice's alternative that sets the key: at the choice's distribution, not the other parameter's.
  carecast_cli_test(validate-sweep-unreachable-e0-choice ARGS validate tests/fixtures/sweep/unreachable_in_choice.yaml EXIT 3
                    STDERR "\ntests/fixtures/sweep/unreachable_in_choice\\.yaml:19:19: parameters\\.demography\\.mortality\\.life_expectancy\\.female = 116\\.2125666049889 — draw 0 of the sweep \\(fertility = 1\\.51639415371447, longevity = extreme\\) fails: the life expectancy at birth")
  # Found by a helper probing the located refusals:
  # --draw K recomputes draw K alone, without the histogram's pilot (which ran first and
  # failed on draw 1 here);
  carecast_cli_test(sweep-draw-without-pilot ARGS sweep tests/fixtures/sweep/draw_without_pilot.yaml --draw 0 --quiet
                    STDOUT "^draw 0 of tests/fixtures/sweep/draw_without_pilot\\.yaml \\(seed 9\\)\n")
  # one service's equipment gap is named as that service's key, at the parameter that draws it
  # (the engine named the all-services gap, and the message had no line);
  carecast_cli_test(validate-sweep-service-gap ARGS validate tests/fixtures/sweep/service_gap.yaml EXIT 3
                    STDERR "\ntests/fixtures/sweep/service_gap\\.yaml:10:99: parameters\\.levers\\.capital\\.services\\.somatic_specialist\\.gap = 0\\.9389856447697945 — draw 0 of the sweep")
  # with several scenarios the refusal names the scenario;
  carecast_cli_test(validate-sweep-names-scenario ARGS validate tests/fixtures/sweep/two_scenarios.yaml
                    --set "productivity-2.0:parameters.demography.mortality.life_expectancy.female={2060: 108}" EXIT 3
                    STDERR "\ntests/fixtures/sweep/two_scenarios\\.yaml:9:105: parameters\\.demography\\.mortality\\.life_expectancy\\.female = 115\\.61614102228594 — scenario 'productivity-2\\.0': draw 0 of the sweep")
  # the message is at the last parameter that acted on the key in that draw (a choice whose
  # drawn alternative replaced the value), not at an earlier shift.
  carecast_cli_test(validate-sweep-last-parameter ARGS validate tests/fixtures/sweep/choice_after_shift.yaml EXIT 3
                    STDERR "\ntests/fixtures/sweep/choice_after_shift\\.yaml:17:19: parameters\\.demography\\.mortality\\.life_expectancy\\.female = 116\\.2125666049889 — draw 0 of the sweep \\(le_shift = 0\\.25342889070373015, longevity = extreme\\)")
  # A second probe: a choice's map counts by the values it sets (it was blamed for a key under
  # its map that it does not set) ...
  carecast_cli_test(validate-sweep-choice-map-elsewhere ARGS validate tests/fixtures/sweep/choice_map_elsewhere.yaml EXIT 3
                    STDERR "\ntests/fixtures/sweep/choice_map_elsewhere\\.yaml:11:105: parameters\\.demography\\.mortality\\.life_expectancy\\.female = ")
  # ... and a scenario the projection refuses at its own values is reported as validate reports
  # it, at the --set that gave the value and naming the scenario (sweep called it a draw's
  # problem, at the sweep file).
  carecast_cli_test(sweep-scenario-refused-itself ARGS sweep tests/fixtures/sweep/whole_numbers.yaml --draw 0
                    --set "parameters.demography.mortality.life_expectancy.female={2060: 119}" EXIT 3
                    STDOUT "^$"
                    STDERR "\n--set #1: parameters\\.demography\\.mortality\\.life_expectancy\\.female = \\{2060: 119\\} — scenario 'productivity-0\\.5': the life expectancy at birth")
  # The draw named is the one --draw shows (draws numbered from 0): it fails alone too, and
  # prints nothing of the draw (it printed the drawn values, then stopped, before).
  carecast_cli_test(sweep-refused-draw-alone ARGS sweep tests/fixtures/sweep/refused_in_many_draws.yaml --draw 37 EXIT 3
                    STDOUT "^$"
                    STDERR "error: invalid configuration \\(1 problem\\):\ntests/fixtures/sweep/refused_in_many_draws\\.yaml: draw 37 of the sweep \\(p = -3\\.568698506216179\\) fails")
  # Sobol rows and the tornado are national projections in a regional sweep: all 20 480 Sobol
  # runs fit the budget and run, without a warning (counted as regional, none ran before).
  carecast_cli_test(validate-sweep-regional-sobol ARGS validate tests/fixtures/sweep/regional_many_sobol.yaml
                    STDERR_EMPTY STDOUT "regional_many_sobol\\.yaml: ok \\(sweep: 8 uncertain parameters, 100 draws")
  # Beyond validate's 250 000 projections: the first draws and Sobol rows, and a warning.
  carecast_cli_test(validate-sweep-partly ARGS validate tests/fixtures/sweep/validate_partly.yaml
                    STDOUT "validate_partly\\.yaml: ok \\(sweep: 1 uncertain parameter, 1 000 000 draws"
                    STDERR "^carecast: warning: tests/fixtures/sweep/validate_partly\\.yaml: validate ran the first 124 928 of the 1 000 000 draws and the tornado \\(it runs at most 250 000 projections\\); a later draw that the projection refuses stops the sweep itself, with exit 3 and nothing written\n$")
  carecast_cli_test(validate-sweep-broken ARGS validate tests/fixtures/sweep/broken-keys.yaml EXIT 3
                    STDERR "^carecast: error: invalid configuration \\(11 problems\\):
tests/fixtures/sweep/broken-keys\\.yaml:3:1: draws — required
tests/fixtures/sweep/broken-keys\\.yaml:4:7: seed = -1 — must be ≥ 0
tests/fixtures/sweep/broken-keys\\.yaml:5:1: draw = 100 — unknown key \\(did you mean 'draws'\\?\\)
tests/fixtures/sweep/broken-keys\\.yaml:6:15: report_years = 2050 — must be a list of integers
tests/fixtures/sweep/broken-keys\\.yaml:8:5: uncertain\\[1\\]\\.max — required for distribution 'uniform'
tests/fixtures/sweep/broken-keys\\.yaml:11:5: uncertain\\[1\\]\\.mean = 1 — not used by distribution 'uniform' \\(it takes min, max\\)
tests/fixtures/sweep/broken-keys\\.yaml:15:5: uncertain\\[2\\]\\.year = 2040 — only used with apply: path_to
tests/fixtures/sweep/broken-keys\\.yaml:19:21: uncertain\\[3\\]\\.alternatives\\.low\\.weight = -1 — must be ≥ 0
tests/fixtures/sweep/broken-keys\\.yaml:20:30: uncertain\\[3\\]\\.alternatives\\.high\\.set = \\[1, 2\\] — must be a map of key\\.path: value
tests/fixtures/sweep/broken-keys\\.yaml:21:13: thresholds = {quantity: total, above: 1} — must be a list of maps
tests/fixtures/sweep/broken-keys\\.yaml:22:10: tornado = {low: 0\\.9, high: 0\\.1} — needs low < high
$")
  carecast_cli_test(sweep-draw ARGS sweep scenarios/uncertainty.yaml --draw 42 --quiet
                    STDOUT "^draw 42 of scenarios/uncertainty\\.yaml \\(seed 20240501\\)\n  parameter +value\n  fertility +1\\.79073149971368[0-9]* children per woman.*migration_variant +low.*total årsverk")
  # stderr is not a terminal here: plain lines, no progress bar (no carriage returns). A sweep
  # longer than a second also prints a plain progress line every 5 s (slow or sanitizer builds).
  carecast_cli_test(sweep-no-bar-when-piped ARGS sweep tests/fixtures/sweep/small.yaml --out ${CARECAST_SWEEP_OUT}/piped
                    STDERR "^carecast: loaded [^\n\r]*\n(carecast: sweep +[0-9]+ % [^\n\r]*\n)*carecast: ran [^\n\r]*\ncarecast: wrote [^\n\r]*\n$"
                    PRESENT ${CARECAST_SWEEP_OUT}/piped/quantiles.csv)
  carecast_cli_test(sweep-bad-shard ARGS sweep scenarios/uncertainty.yaml --shard 4/3 EXIT 2
                    STDERR "--shard must be I/N with 1 <= I <= N \\(got '4/3'\\)")
  # A sign is not a digit (std::stoul took -1 as 2^64 - 1 and ran a part of 18 446 744 073 709 551 615).
  # A number too large for a size is more than any sweep's units (it was the generic message).
  carecast_cli_test(sweep-shard-beyond-size ARGS sweep tests/fixtures/sweep/refused_in_many_draws.yaml --draws 100
                    --shard 1/99999999999999999999 EXIT 2
                    STDERR "--shard 1/99999999999999999999: this sweep has 1 work unit \\(blocks of 256 draws\\), so N can be at most 1\n")
  set(id 0)
  foreach(bad "1/-1" "-1/-1" "+1/2" "1/2x")
    math(EXPR id "${id} + 1")
    carecast_cli_test(sweep-bad-shard-sign-${id} ARGS sweep scenarios/uncertainty.yaml --shard ${bad} EXIT 2
                      STDERR "--shard must be I/N with 1 <= I <= N \\(got '")
  endforeach()
  carecast_cli_test(merge-not-a-part ARGS merge tests/fixtures/sweep/small.yaml --out ${CARECAST_SWEEP_OUT}/not-a-part
                    EXIT 4 STDERR "small\\.yaml: not a carecast sweep part")
  # Issue 9: Sobol designs that cannot be trusted, --draw beyond the draws, merge of a directory.
  carecast_cli_test(sweep-sobol-two-rows ARGS sweep tests/fixtures/sweep/sobol_two_rows.yaml --out ${CARECAST_SWEEP_OUT}/two-rows EXIT 3
                    STDERR "sobol_two_rows\\.yaml:[0-9]+:[0-9]+: sobol\\.rows = 2 — must be 0 \\(no Sobol indices\\) or at least 64")
  carecast_cli_test(sweep-draw-beyond-draws ARGS sweep tests/fixtures/sweep/small.yaml --draw 1500 --quiet EXIT 2
                    STDERR "^carecast: error: sweep: --draw must be in 0\\.\\.1499 \\(draws are numbered from 0; got 1500\\)")
  carecast_cli_test(merge-directory ARGS merge tests/fixtures --out ${CARECAST_SWEEP_OUT}/merge-directory EXIT 4
                    STDERR "\ntests/fixtures: is a directory; give the part files \\(carecast merge DIR/\\*\\.part-\\*-of-\\*\\)")
  # Sweeps larger than the machine's memory: refused by sweep with the setting and the size
  # (a sweep of 10^12 draws, the schema's maximum, ended in std::bad_alloc, exit 5); validate
  # warns, as such a sweep is run in shards.
  carecast_cli_test(validate-sweep-too-large ARGS validate tests/fixtures/sweep/too_large.yaml
                    STDOUT "too_large\\.yaml: ok \\(sweep: 1 uncertain parameter, 1 000 000 000 000 draws"
                    STDERR "^carecast: warning: tests/fixtures/sweep/too_large\\.yaml: validate ran the first [0-9 ]+ of the 1 000 000 000 000 draws, all 2 048 Sobol rows and the tornado [^\n]*\ncarecast: warning: tests/fixtures/sweep/too_large\\.yaml: draws = 1000000000000 — a sweep of 1 000 000 000 000 draws and [0-9 ]+ Sobol rows keeps about [0-9 ]+ GB in memory here, more than this machine's [0-9.]+ GB: .*--shard I/N, N of at least [0-9 ]+")
  carecast_cli_test(sweep-too-many-draws ARGS sweep tests/fixtures/sweep/small.yaml --draws 1000000000000
                    --out ${CARECAST_SWEEP_OUT}/too-large EXIT 3 ABSENT ${CARECAST_SWEEP_OUT}/too-large
                    STDERR "\n--draws: draws = 1000000000000 — a sweep of 1 000 000 000 000 draws and 128 Sobol rows keeps about [0-9 ]+ GB in memory here")
  # Beyond the sweep file's own bound (10^12): a usage error, not the memory message.
  carecast_cli_test(sweep-draws-beyond-bound ARGS sweep tests/fixtures/sweep/small.yaml --draws 1000000000001
                    --out ${CARECAST_SWEEP_OUT}/beyond-bound EXIT 2 ABSENT ${CARECAST_SWEEP_OUT}/beyond-bound
                    STDERR "sweep: --draws must be between 1 and 1000000000000 \\(got 1000000000001\\)")
  add_test(NAME sweep-cli:damaged-part
           COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                   -DOUT=${CARECAST_SWEEP_OUT}/damaged-part -P ${CMAKE_CURRENT_SOURCE_DIR}/sweep/damaged_part.cmake)
  add_test(NAME sweep-cli:other-data-part
           COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                   -DOUT=${CARECAST_SWEEP_OUT}/other-data-part -P ${CMAKE_CURRENT_SOURCE_DIR}/sweep/other_data_part.cmake)
  add_test(NAME sweep-cli:missing-part
           COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DWORKDIR=${PROJECT_SOURCE_DIR}
                   -DOUT=${CARECAST_SWEEP_OUT}/missing-part -P ${CMAKE_CURRENT_SOURCE_DIR}/sweep/missing_part.cmake)
  add_test(NAME sweep-cli:edited-part
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/sweep/edited_part.py $<TARGET_FILE:carecast> ${PROJECT_SOURCE_DIR}
                   ${CARECAST_SWEEP_OUT}/edited-part)
endif()
carecast_add_test(test_sweep_config SOURCES test_sweep_config.cpp LIBS carecast::config)
