# Runs the same scenario file with --threads 1 and with more threads and requires every CSV
# file to be byte-identical (the manifests differ in timings and command line only).
#   cmake -DCARECAST=<binary> -DSCENARIO=<file> -DOUT=<dir> -DWORKDIR=<dir> -P same_output.cmake
cmake_minimum_required(VERSION 3.25)

foreach(threads 1 3)
  file(REMOVE_RECURSE "${OUT}/threads-${threads}")
  execute_process(COMMAND "${CARECAST}" run "${SCENARIO}" --out "${OUT}/threads-${threads}" --threads ${threads} --quiet
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE exit_code OUTPUT_QUIET ERROR_VARIABLE stderr)
  if(NOT exit_code EQUAL 0)
    message(FATAL_ERROR "carecast run --threads ${threads} exited with ${exit_code}:\n${stderr}")
  endif()
endforeach()
# Every CSV the run wrote (supply, gap and lever files included), and the same list of them.
file(GLOB files RELATIVE "${OUT}/threads-1" "${OUT}/threads-1/*.csv")
file(GLOB files_3 RELATIVE "${OUT}/threads-3" "${OUT}/threads-3/*.csv")
list(SORT files)
list(SORT files_3)
if(NOT files STREQUAL files_3 OR files STREQUAL "")
  message(FATAL_ERROR "--threads 1 wrote '${files}', --threads 3 wrote '${files_3}'")
endif()
foreach(file IN LISTS files)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${OUT}/threads-1/${file}" "${OUT}/threads-3/${file}"
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "${file} differs between --threads 1 and --threads 3")
  endif()
endforeach()
