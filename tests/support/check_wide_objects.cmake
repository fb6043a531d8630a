# An object compiled for a wider instruction set than the baseline (engine/src/vector_exp_avx.cpp,
# vector_exp_avx512.cpp) must not define a symbol another file could also define: a weak or
# unique symbol (an inline function or template instantiation) compiled for AVX might be the
# copy the linker keeps for the whole program, and then a processor without AVX would stop on
# an illegal instruction outside the run-time check. The only symbol allowed besides the entry
# point is DW.ref.__gxx_personality_v0, a pointer to the C++ runtime's exception personality
# (data, not code), which sanitizer builds emit.
# Usage: cmake -DNM=<nm> -DOBJECTS=<object files> -DENTRY=<function name> -P check_wide_objects.cmake
execute_process(COMMAND ${NM} --defined-only ${OBJECTS} OUTPUT_VARIABLE symbols RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${OBJECTS}")
endif()
string(REPLACE "\n" ";" lines "${symbols}")
set(shared "")
set(found_entry FALSE)
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-fA-F]* ([A-Za-z]) (.*)$")
    set(kind "${CMAKE_MATCH_1}")
    set(name "${CMAKE_MATCH_2}")
    if(kind STREQUAL "T" AND name MATCHES "${ENTRY}E")  # the mangled name ends in …<ENTRY>EPKdd…
      set(found_entry TRUE)
    endif()
    if(kind MATCHES "^[WwVvu]$" AND NOT name STREQUAL "DW.ref.__gxx_personality_v0")
      string(APPEND shared "\n  ${kind} ${name}")
    endif()
  endif()
endforeach()
if(NOT found_entry)
  message(FATAL_ERROR "${OBJECTS} does not define ${ENTRY}")
endif()
if(shared)
  message(FATAL_ERROR "the object of ${ENTRY} defines symbols other files may define too:${shared}")
endif()
message(STATUS "the object of ${ENTRY} defines no shared symbol")
