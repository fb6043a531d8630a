# `carecast run SCENARIO --out ''` is a usage error (exit 2) with a message, and writes nothing.
# Variables: CARECAST, WORKDIR.
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND "${CARECAST}" run tests/fixtures/config/single.yaml --out ""
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(expected "carecast: error: run: --out must name a directory (got an empty path)\n")
string(FIND "${err}" "${expected}" at)
if(NOT code EQUAL 2 OR NOT at EQUAL 0)
  message(FATAL_ERROR "exit ${code}, expected 2 with:\n${expected}--- stderr ---\n${err}")
endif()
