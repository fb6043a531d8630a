# A base file that is a named pipe with no writer: refused at once (the open blocked for ever
# before, in the CLI and in a worker of `carecast serve`). Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND mkfifo "${OUT}/base.yaml" RESULT_VARIABLE made)
if(NOT made EQUAL 0)
  message(FATAL_ERROR "mkfifo failed: ${made}")
endif()
file(WRITE "${OUT}/scenario.yaml" "base: base.yaml\n")
execute_process(COMMAND "${CARECAST}" validate "${OUT}/scenario.yaml" TIMEOUT 30
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 3 OR NOT err MATCHES "scenario\\.yaml:1:7: base = base\\.yaml — [^\n]*base\\.yaml is not a regular file \\(a named pipe, device or socket\\)")
  message(FATAL_ERROR "exit ${code}, expected 3 naming the named pipe\n${err}")
endif()
