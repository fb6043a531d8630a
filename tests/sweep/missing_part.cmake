# merge refuses parts that leave work units uncovered or cover some twice (exit 4, naming the
# file and the units, numbered from 1 as the sweep's "wrote part" line numbers them).
# Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
foreach(i 1 2 3)
  execute_process(COMMAND "${CARECAST}" sweep tests/fixtures/sweep/small.yaml --draws 1000 --shard ${i}/3
                          --out "${OUT}/part-${i}"
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "sweep --shard ${i}/3 exited with ${code}")
  endif()
  string(APPEND written "${err}")
endforeach()
foreach(line "wrote part 1/3 (units 1-2 of 8)" "wrote part 2/3 (units 3-5 of 8)" "wrote part 3/3 (units 6-8 of 8)")
  string(FIND "${written}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${line}' in\n${written}")
  endif()
endforeach()
function(expect_refused name expected)
  execute_process(COMMAND "${CARECAST}" merge ${ARGN} --out "${OUT}/${name}" --quiet
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${err}" "${expected}" at)
  if(NOT code EQUAL 4 OR at EQUAL -1 OR EXISTS "${OUT}/${name}")
    message(FATAL_ERROR "${name}: exit ${code}, expected 4 with '${expected}'\n--- stderr ---\n${err}")
  endif()
endfunction()
expect_refused(gap "${OUT}/part-3: leaves units 3-5 of 8 uncovered (a part is missing)"
               "${OUT}/part-1" "${OUT}/part-3")
expect_refused(end "${OUT}/part-2: units 6-8 of 8 are not covered: the parts end at unit 5 (a part is missing)"
               "${OUT}/part-1" "${OUT}/part-2")
expect_refused(twice "${OUT}/part-1: overlaps another part in units 1-2 of 8 (a part given twice, or parts of different --shard splits)"
               "${OUT}/part-1" "${OUT}/part-1" "${OUT}/part-2" "${OUT}/part-3")
# Parts of two splits: only the units both hold are named.
execute_process(COMMAND "${CARECAST}" sweep tests/fixtures/sweep/small.yaml --draws 1000 --shard 1/2
                        --out "${OUT}/half-1" --quiet
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET)
expect_refused(splits "${OUT}/part-2: overlaps another part in units 3-4 of 8"
               "${OUT}/half-1" "${OUT}/part-2" "${OUT}/part-3")
expect_refused(first "${OUT}/part-1: units 3-8 of 8 are not covered: the parts end at unit 2 (a part is missing)"
               "${OUT}/part-1")
# A gap and an overlap together: both are reported, each at its part.
expect_refused(both "(2 problems):\n${OUT}/part-2: leaves units 1-2 of 8 uncovered (a part is missing)\n${OUT}/part-3: overlaps another part in units 6-8 of 8"
               "${OUT}/part-3" "${OUT}/part-2" "${OUT}/part-3")
# More parts than the sweep has units: refused before running (a part would hold none).
execute_process(COMMAND "${CARECAST}" sweep tests/fixtures/sweep/small.yaml --draws 1000 --shard 9/9
                        --out "${OUT}/nine"
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
string(FIND "${err}" "--shard 9/9: this sweep has 8 work units (blocks of 256 draws and of 32 Sobol rows), so N can be at most 8" at)
if(NOT code EQUAL 2 OR at EQUAL -1 OR EXISTS "${OUT}/nine")
  message(FATAL_ERROR "--shard 9/9: exit ${code}, expected 2\n${err}")
endif()
