# Engine tests: pure computation on synthetic inputs and the bundled real data.
carecast_add_test(test_life_table SOURCES test_life_table.cpp LIBS carecast::engine)
carecast_add_test(test_demography SOURCES test_demography.cpp LIBS carecast::engine)
carecast_add_test(test_model SOURCES test_model.cpp LIBS carecast::engine)
# Run path against sweep path on every shipped scenario file and every feature (issue 8).
carecast_add_test(test_kernel_crosscheck SOURCES test_kernel_crosscheck.cpp LIBS carecast::config)
# Family care, healthy ageing, dental care and the denominator as SSB models them (issue 10).
carecast_add_test(test_ssb_mechanisms SOURCES test_ssb_mechanisms.cpp LIBS carecast::config)
# Kernel functions against their definitions (includes the engine's internal kernel.hpp).
carecast_add_test(test_kernel SOURCES test_kernel.cpp LIBS carecast::config)
target_include_directories(test_kernel PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
# The wide exponentials' objects share no inline code with the rest (engine/CMakeLists.txt).
foreach(width avx avx512)
  if(TARGET carecast_engine_${width})
    add_test(NAME engine:${width}-object-shares-nothing
             COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} "-DOBJECTS=$<TARGET_OBJECTS:carecast_engine_${width}>"
                     -DENTRY=scaled_exp_${width} -P ${CMAKE_CURRENT_SOURCE_DIR}/support/check_wide_objects.cmake)
  endif()
endforeach()
# No fused multiply-add anywhere in the engine: the same bits on every processor.
if(CMAKE_OBJDUMP)
  add_test(NAME engine:no-fused-multiply-add
           COMMAND ${CMAKE_COMMAND} -DOBJDUMP=${CMAKE_OBJDUMP} "-DLIBRARY=$<TARGET_FILE:carecast_engine>"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/support/check_no_fused_multiply_add.cmake)
endif()
