# Checks that the worked example in README.md is exactly what `carecast run` prints.
# Usage: cmake -DCARECAST=<exe> -DSOURCE_DIR=<repo> -DWORK_DIR=<dir> -P readme_example.cmake
file(READ "${SOURCE_DIR}/README.md" readme)
string(FIND "${readme}" "<!-- example-begin: carecast run scenarios/productivity.yaml -->" begin)
string(FIND "${readme}" "<!-- example-end -->" end)
if(begin EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "README.md has no example-begin/example-end markers")
endif()
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${readme}" ${begin} ${length} block)
string(REGEX REPLACE "^[^\n]*\n```\n" "" block "${block}")
string(REGEX REPLACE "```\n$" "" block "${block}")
execute_process(COMMAND "${CARECAST}" run scenarios/productivity.yaml --out "${WORK_DIR}/readme-run" --quiet
                WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE printed RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "carecast run exited with ${status}")
endif()
if(NOT printed STREQUAL block)
  file(WRITE "${WORK_DIR}/readme-printed.txt" "${printed}")
  file(WRITE "${WORK_DIR}/readme-example.txt" "${block}")
  message(FATAL_ERROR "README.md's example differs from what carecast prints; compare "
                      "${WORK_DIR}/readme-example.txt with ${WORK_DIR}/readme-printed.txt")
endif()
