# A county without population (every cell of county 56, Finnmark, set to 0 persons, its
# persons moved to county 55, Troms, so that the counties still add up to the nation) passes
# validate and run; the report leaves it out of the regional index chart, with a note, and
# shows "–" for its growth (it stopped with an internal error before: an index of 0/0).
# Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(
  COMMAND python3 -c [=[
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
moved = {}
for row in rows[1:]:
    if row[1] == "56":
        moved[(row[0], row[4], row[5])] = int(row[6])
        row[6] = "0"
for row in rows[1:]:
    if row[1] == "55":
        row[6] = str(int(row[6]) + moved.pop((row[0], row[4], row[5])))
assert not moved
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8"), lineterminator="\n").writerows(rows)
]=] "${WORKDIR}/config/norway/regions/population_jan1_by_county.csv" "${OUT}/counties.csv"
  RESULT_VARIABLE moved)
if(NOT moved EQUAL 0)
  message(FATAL_ERROR "could not move Finnmark's persons to Troms")
endif()
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
