# Runs a sweep in two ways and checks that every CSV file comes out byte for byte the same.
# Used by tests/sweep_tests.cmake as
#   cmake -DCARECAST=<binary> -DWORKDIR=<repo> -DOUT=<dir> -DSWEEP=<file> -DMODE=<mode>
#         [-DDRAWS=n] [-DSET=<key.path=value>] [-DMPIEXEC=<mpiexec>] -P same_bytes.cmake
# MODE threads: --threads 1 against --threads 2;
#      shards:  one run against three --shard parts merged (given out of order);
#      mpi:     one process against `mpiexec -np 2` (CARECAST built with CARECAST_WITH_MPI).
cmake_minimum_required(VERSION 3.25)

set(files quantiles.csv quantiles_professions.csv quantiles_indicators.csv exceedance.csv sobol.csv tornado.csv)
set(extra)
if(DEFINED DRAWS)
  set(extra --draws ${DRAWS})
endif()
if(DEFINED SET)
  list(APPEND extra --set ${SET})
endif()
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")

function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

if(MODE STREQUAL "threads")
  run("${CARECAST}" sweep "${SWEEP}" ${extra} --threads 1 --quiet --out "${OUT}/a")
  run("${CARECAST}" sweep "${SWEEP}" ${extra} --threads 2 --quiet --out "${OUT}/b")
elseif(MODE STREQUAL "shards")
  run("${CARECAST}" sweep "${SWEEP}" ${extra} --threads 2 --quiet --out "${OUT}/a")
  foreach(i 1 2 3)
    run("${CARECAST}" sweep "${SWEEP}" ${extra} --threads 1 --quiet --shard ${i}/3 --out "${OUT}/part${i}")
  endforeach()
  run("${CARECAST}" merge "${OUT}/part2" "${OUT}/part3" "${OUT}/part1" --quiet --out "${OUT}/b")
elseif(MODE STREQUAL "mpi")
  run("${CARECAST}" sweep "${SWEEP}" ${extra} --threads 1 --quiet --out "${OUT}/a")
  # Open MPI refuses root unless told; CI runs as root.
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
  run("${MPIEXEC}" --oversubscribe -np 2 "${CARECAST}" sweep "${SWEEP}" ${extra} --threads 1 --quiet --out "${OUT}/b")
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

# With a supply side (docs/supply.md) the gap quantiles too.
if(EXISTS "${OUT}/a/quantiles_gap.csv")
  list(APPEND files quantiles_gap.csv)
endif()
# With regions (docs/regions.md) the regional quantiles too.
if(EXISTS "${OUT}/a/quantiles_regions.csv")
  list(APPEND files quantiles_regions.csv)
endif()
foreach(name IN LISTS files)
  file(SIZE "${OUT}/a/${name}" size)
  if(size LESS 100)
    message(FATAL_ERROR "${OUT}/a/${name} is (nearly) empty")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${OUT}/a/${name}" "${OUT}/b/${name}" RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "${name} differs between the two runs (${MODE})")
  endif()
endforeach()
message(STATUS "${MODE}: all ${files} identical")
