# A sweep part changed after it was written is refused by merge (exit 4, naming the file):
# its SHA-256 no longer matches its body. Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
foreach(i 1 2)
  execute_process(COMMAND "${CARECAST}" sweep tests/fixtures/sweep/small.yaml --draws 200 --shard ${i}/2
                          --out "${OUT}/part-${i}" --quiet
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "sweep --shard ${i}/2 exited with ${code}")
  endif()
endforeach()
execute_process(COMMAND "${CARECAST}" merge "${OUT}/part-1" "${OUT}/part-2" --out "${OUT}/good" --quiet
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "merging the intact parts exited with ${code}")
endif()
# One byte more at the end: the body no longer has the checksum in its header.
file(APPEND "${OUT}/part-2" "x")
execute_process(COMMAND "${CARECAST}" merge "${OUT}/part-1" "${OUT}/part-2" --out "${OUT}/damaged" --quiet
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(expected "${OUT}/part-2: the sweep part is damaged: its SHA-256 checksum does not match its contents")
string(FIND "${err}" "${expected}" at)
if(NOT code EQUAL 4 OR at EQUAL -1 OR EXISTS "${OUT}/damaged")
  message(FATAL_ERROR "exit ${code}, expected 4 with '${expected}'\n--- stderr ---\n${err}")
endif()
