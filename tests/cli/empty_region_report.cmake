# A county without population (every cell of county 56, Finnmark, set to 0 persons) passes
# validate and run; the report leaves it out of the regional index chart, with a note, and
# shows "–" for its growth (it stopped with an internal error before: an index of 0/0).
# Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
file(READ "${WORKDIR}/config/norway/regions/population_jan1_by_county.csv" counties)
string(REGEX REPLACE "(\n[0-9]+,56,[^,\n]*,[^,\n]*,[a-z]+,[0-9]+,)[0-9]+" "\\10" counties "${counties}")
file(WRITE "${OUT}/counties.csv" "${counties}")
execute_process(COMMAND "${CARECAST}" report scenarios/regions.yaml --set "data.regions.file=${OUT}/counties.csv"
                        --lang en --no-png --quiet --out "${OUT}/report"
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "report exited with ${code}\n${err}")
endif()
file(READ "${OUT}/report/charts/regions_index.svg" chart)
file(READ "${OUT}/report/report.html" html)
if(NOT chart MATCHES "Not shown \\(no årsverk in the base year\\): Finnmark" OR NOT html MATCHES "no årsverk in the base year, so no growth")
  message(FATAL_ERROR "no note on Finnmark's missing index and growth")
endif()
