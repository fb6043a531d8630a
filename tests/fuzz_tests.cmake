# Fuzz targets (issue 9): the YAML reader, the configuration loader, the CSV tables and the
# sweep part reader. Every build makes a replay driver per target (tests/fuzz/replay.cpp,
# normal compiler) and runs the committed regression corpus tests/fuzz/corpus/<target>/;
# with -DCARECAST_FUZZ=ON (the `fuzz` preset, clang) the libFuzzer executables are built
# too. `make fuzz` builds and runs them (tests/fuzz/run.sh).
function(carecast_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  set(source ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}.cpp)
  set(targets ${name}_replay)
  add_executable(${name}_replay ${source} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay.cpp)
  if(CARECAST_FUZZ)
    add_executable(${name} ${source})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    list(APPEND targets ${name})
  endif()
  foreach(target IN LISTS targets)
    target_link_libraries(${target} PRIVATE ${ARG_LIBS} carecast_warnings)
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/config/src ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
    target_compile_definitions(${target} PRIVATE CARECAST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  endforeach()
  add_test(NAME fuzz-replay:${name} COMMAND ${name}_replay ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name})
endfunction()

carecast_fuzz_target(fuzz_yaml LIBS carecast::config)
carecast_fuzz_target(fuzz_config LIBS carecast::config)
carecast_fuzz_target(fuzz_csv LIBS carecast::config)
carecast_fuzz_target(fuzz_part LIBS carecast::output)
