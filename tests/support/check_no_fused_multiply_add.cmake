# No instruction of the engine may be a fused multiply-add. A fused a·b + c is rounded once, the
# separate product and sum twice, so the same loop compiled with and without them gives other
# bits, and the engine promises the same bits on every x86-64 processor: its loops compiled for
# AVX2 and AVX-512F (target_clones, the wide exponentials) must do what the baseline build does.
# GCC contracts a·b + c by default wherever the target has FMA (AVX-512F implies it), so the
# engine is compiled with -ffp-contract=off (engine/CMakeLists.txt); this test sees that it stays so.
# Usage: cmake -DOBJDUMP=<objdump> -DLIBRARY=<engine library> -P check_no_fused_multiply_add.cmake
execute_process(COMMAND ${OBJDUMP} -d --no-show-raw-insn ${LIBRARY} OUTPUT_VARIABLE code RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${OBJDUMP} failed on ${LIBRARY}")
endif()
string(REPLACE "\n" ";" lines "${code}")
set(function "")
set(found "")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-f]+ <(.*)>:$")
    set(function "${CMAKE_MATCH_1}")
  elseif(line MATCHES "\t(vfn?m(add|sub)[a-z0-9]*)")
    math(EXPR count "${count} + 1")
    if(count LESS_EQUAL 10)
      string(APPEND found "\n  ${CMAKE_MATCH_1} in ${function}")
    endif()
  endif()
endforeach()
if(count GREATER 0)
  message(FATAL_ERROR "${count} fused multiply-add instructions in ${LIBRARY}, the first:${found}")
endif()
message(STATUS "no fused multiply-add in ${LIBRARY}")
