# An earlier report directory (sub-directories listed in its manifest.json) is replaced by the
# next `carecast report`; once a file of the user's sits in it, it is not: exit 4, the file is
# named and kept, and the earlier report stays as it was. Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
function(report expected_code)
  execute_process(COMMAND "${CARECAST}" report tests/fixtures/config/single.yaml --quiet --out "${OUT}"
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "exit ${code}, expected ${expected_code}\n--- stderr ---\n${err}")
  endif()
  set(err "${err}" PARENT_SCOPE)
endfunction()
report(0)
report(0)  # an earlier report is replaced
file(WRITE "${OUT}/charts/my-figure.svg" "<svg/>")
file(WRITE "${OUT}/notes.txt" "mine")
file(SIZE "${OUT}/report.html" html_size)
report(4)
set(expected "carecast: error: cannot write '${OUT}': it is an earlier carecast result, but it also holds what carecast did not write (charts/my-figure.svg, notes.txt), which replacing it would delete; move that elsewhere or choose another --out\n")
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "stderr:\n${err}\nexpected:\n${expected}")
endif()
file(READ "${OUT}/notes.txt" note)
file(SIZE "${OUT}/report.html" html_after)
if(NOT note STREQUAL "mine" OR NOT EXISTS "${OUT}/charts/my-figure.svg" OR NOT html_size EQUAL html_after)
  message(FATAL_ERROR "the user's files or the earlier report changed")
endif()
file(REMOVE_RECURSE "${OUT}")
