# Runs the same scenario file with --threads 1 and with more threads and requires every CSV
# file to be byte-identical (the manifests differ in timings and command line only).
#   cmake -DCARECAST=<binary> -DSCENARIO=<file> -DOUT=<dir> -DWORKDIR=<dir> -P same_output.cmake
cmake_minimum_required(VERSION 3.25)

set(files projection.csv professions.csv indicators.csv population.csv)
foreach(threads 1 3)
  file(REMOVE_RECURSE "${OUT}/threads-${threads}")
  execute_process(COMMAND "${CARECAST}" run "${SCENARIO}" --out "${OUT}/threads-${threads}" --threads ${threads} --quiet
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE exit_code OUTPUT_QUIET ERROR_VARIABLE stderr)
  if(NOT exit_code EQUAL 0)
    message(FATAL_ERROR "carecast run --threads ${threads} exited with ${exit_code}:\n${stderr}")
  endif()
endforeach()
foreach(file IN LISTS files)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${OUT}/threads-1/${file}" "${OUT}/threads-3/${file}"
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "${file} differs between --threads 1 and --threads 3")
  endif()
endforeach()
