# Parts of one sweep file run on different data do not merge (exit 4): the fingerprint covers
# each data file's contents. Parts run on the same data in another folder do (paths are not
# part of a sweep), also where a variant names its projection file by a relative path in one
# folder and an absolute one in another. Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
# An external projection for the variant: the reference path's population from a run.
execute_process(COMMAND "${CARECAST}" run scenarios/productivity.yaml --scenario productivity-0.5 --out "${OUT}/run" --quiet
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the run for the projection file: exit ${code}\n${err}")
endif()
file(READ "${OUT}/run/population.csv" population)
string(REPLACE "productivity-0.5," "" population "${population}")
string(REPLACE "scenario,year" "year" population "${population}")
foreach(copy a b c)
  file(COPY "${WORKDIR}/config" "${WORKDIR}/scenarios" DESTINATION "${OUT}/${copy}")
  file(WRITE "${OUT}/${copy}/proj.csv" "${population}")
  set(projection proj.csv)
  if(copy STREQUAL "c")
    set(projection "${OUT}/c/proj.csv")
  endif()
  file(WRITE "${OUT}/${copy}/sweep.yaml"
       "scenario_file: scenarios/productivity.yaml\nscenarios: [productivity-0.5]\nseed: 3\ndraws: 600\n"
       "report_years: [2060]\nsobol: {rows: 0}\nuncertain:\n"
       "  - {name: p, set: parameters.productivity_pct, distribution: uniform, min: 0, max: 2}\n"
       "  - name: v\n    distribution: choice\n    alternatives:\n"
       "      external: {weight: 1, set: {parameters.demography.projection_file: '${projection}'}}\n"
       "      internal: {weight: 1, set: {}}\n")
endforeach()
# Copy b: one årsverk more in one service's base year.
file(READ "${OUT}/b/config/norway/services.csv" services)
string(REPLACE ",2023,90082.2," ",2023,90083.2," edited "${services}")
if(edited STREQUAL services)
  message(FATAL_ERROR "the edit of services.csv found nothing to change")
endif()
file(WRITE "${OUT}/b/config/norway/services.csv" "${edited}")
foreach(run "a;1" "a;2" "b;2" "c;2")
  list(GET run 0 copy)
  list(GET run 1 i)
  execute_process(COMMAND "${CARECAST}" sweep "${OUT}/${copy}/sweep.yaml" --shard ${i}/2 --out "${OUT}/${copy}-${i}" --quiet
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "sweep of copy ${copy}, part ${i}/2: exit ${code}\n${err}")
  endif()
endforeach()
execute_process(COMMAND "${CARECAST}" merge "${OUT}/a-1" "${OUT}/b-2" --out "${OUT}/mixed" --quiet
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
string(FIND "${err}" "${OUT}/b-2: belongs to another sweep than ${OUT}/a-1" at)
if(NOT code EQUAL 4 OR at EQUAL -1 OR EXISTS "${OUT}/mixed")
  message(FATAL_ERROR "parts on other data: exit ${code}, expected 4 naming b-2\n--- stderr ---\n${err}")
endif()
foreach(second a c)
  execute_process(COMMAND "${CARECAST}" merge "${OUT}/a-1" "${OUT}/${second}-2" --out "${OUT}/merged-${second}" --quiet
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "parts on the same data (a-1 with ${second}-2): exit ${code}\n${err}")
  endif()
endforeach()
file(READ "${OUT}/merged-a/quantiles.csv" from_a)
file(READ "${OUT}/merged-c/quantiles.csv" from_c)
if(NOT from_a STREQUAL from_c)
  message(FATAL_ERROR "the same data in another folder gave other quantiles")
endif()
