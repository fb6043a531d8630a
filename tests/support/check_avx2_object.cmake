# The object compiled for AVX2 (engine/src/vector_exp_avx2.cpp) must not define a symbol
# another file could also define: a weak or unique symbol (an inline function or template
# instantiation) compiled for AVX2 might be the copy the linker keeps for the whole program,
# and then a processor without AVX2 would stop on an illegal instruction outside the
# run-time check. Symbols on the 256-bit AVX types (__m256d, __m256i: "Dv4_d", "Dv4_x" in the
# mangled name) exist only in files compiled for AVX, so they may be weak; so may
# DW.ref.__gxx_personality_v0, a pointer to the C++ runtime's exception personality (data, not
# code), which sanitizer builds emit.
# Usage: cmake -DNM=<nm> -DOBJECTS=<object files> -P check_avx2_object.cmake
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
    if(kind STREQUAL "T" AND name MATCHES "scaled_exp_avx2")
      set(found_entry TRUE)
    endif()
    if(kind MATCHES "^[WwVvu]$" AND NOT name MATCHES "Dv4_[dx]" AND NOT name STREQUAL "DW.ref.__gxx_personality_v0")
      string(APPEND shared "\n  ${kind} ${name}")
    endif()
  endif()
endforeach()
if(NOT found_entry)
  message(FATAL_ERROR "${OBJECTS} does not define scaled_exp_avx2: not the AVX2 object?")
endif()
if(shared)
  message(FATAL_ERROR "the AVX2 object defines symbols other files may define too:${shared}")
endif()
message(STATUS "the AVX2 object defines no shared symbol")
