# `carecast serve` with the executable alone, without carecast-http.so beside it: an
# installation problem, so exit 4 with a message naming the module (not exit 5, "a bug").
# Run as: cmake -DCARECAST=<exe> -DSOURCE=<repository> -DWORK=<empty folder> -P missing_module.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY ${CARECAST} DESTINATION ${WORK})
get_filename_component(name ${CARECAST} NAME)
execute_process(COMMAND ${WORK}/${name} serve scenarios/productivity.yaml --port 0
                WORKING_DIRECTORY ${SOURCE} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 4)
  message(FATAL_ERROR "expected exit 4, got '${code}'; stderr:\n${err}")
endif()
if(NOT err MATCHES "cannot load the web server module '[^']*carecast-http\\.so' \\(it is built with carecast and must lie beside the executable")
  message(FATAL_ERROR "the message does not name the module:\n${err}")
endif()
if(err MATCHES "bug in carecast")
  message(FATAL_ERROR "a missing module is not a bug:\n${err}")
endif()
file(REMOVE_RECURSE ${WORK})
