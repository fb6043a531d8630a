# A copy of a bundled data file with one edit, given to carecast with --set KEY=copy; checks
# the exit code and the message. Variables: CARECAST, WORKDIR, OUT (a directory of its own),
# DATA (the file, relative to WORKDIR), MATCH and REPLACE (string(REGEX REPLACE) on its text),
# KEY (the --set key), ARGS ("|"-separated command and arguments before --set), EXIT_CODE,
# STDERR_REGEX.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
file(READ "${WORKDIR}/${DATA}" text)
string(REGEX REPLACE "${MATCH}" "${REPLACE}" edited "${text}")
if(edited STREQUAL text)
  message(FATAL_ERROR "the edit '${MATCH}' changed nothing in ${DATA}")
endif()
get_filename_component(name "${DATA}" NAME)
file(WRITE "${OUT}/${name}" "${edited}")
string(REPLACE "|" ";" args "${ARGS}")
list(GET args 0 command)
if(NOT command STREQUAL "validate" AND NOT command STREQUAL "solve")
  list(APPEND args --out "${OUT}/results")
endif()
execute_process(COMMAND "${CARECAST}" ${args} --set "${KEY}=${OUT}/${name}"
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL EXIT_CODE OR NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "exit ${code}, expected ${EXIT_CODE} and stderr matching '${STDERR_REGEX}'\n${err}")
endif()
if(NOT code EQUAL 0 AND EXISTS "${OUT}/results")
  message(FATAL_ERROR "exit ${code} but ${OUT}/results was written")
endif()
