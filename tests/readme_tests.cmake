# The README's worked example must match what the program prints.
add_test(NAME readme:example-matches-output
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/readme_example.cmake)
