# Tests of `carecast serve` (docs/serve.md): API, browser and loopback load. Each test starts
# its own server on a free 127.0.0.1 port and stops it. They run with Debian's python3
# (/usr/bin/python3, where python3-selenium is installed) rather than whichever python3 comes
# first on PATH.
find_program(CARECAST_DEBIAN_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
set(serve_dir ${CMAKE_CURRENT_SOURCE_DIR}/serve)
set(serve_work ${CMAKE_BINARY_DIR}/serve-tests)

add_test(NAME serve:api
         COMMAND ${CARECAST_DEBIAN_PYTHON} ${serve_dir}/api_test.py $<TARGET_FILE:carecast> ${PROJECT_SOURCE_DIR}
                 ${serve_work}/api)
# Fails (never skips) when Selenium or chromedriver is missing, naming scripts/install-deps.sh.
add_test(NAME serve:browser
         COMMAND ${CARECAST_DEBIAN_PYTHON} ${serve_dir}/browser_test.py $<TARGET_FILE:carecast> ${PROJECT_SOURCE_DIR}
                 ${serve_work}/browser)
# Small bounds here; docs/serve.md gives the larger run behind its figures.
add_test(NAME serve:load
         COMMAND ${CARECAST_DEBIAN_PYTHON} ${serve_dir}/load_test.py $<TARGET_FILE:carecast> ${PROJECT_SOURCE_DIR}
                 --requests 3 --max-seconds 20)
set_tests_properties(serve:api serve:browser serve:load PROPERTIES TIMEOUT 180 LABELS serve)
# The executable without its HTTP module: exit 4, the module named.
add_test(NAME serve:missing-module
         COMMAND ${CMAKE_COMMAND} -DCARECAST=$<TARGET_FILE:carecast> -DSOURCE=${PROJECT_SOURCE_DIR}
                 -DWORK=${serve_work}/missing-module -P ${serve_dir}/missing_module.cmake)
set_tests_properties(serve:missing-module PROPERTIES TIMEOUT 120 LABELS serve)
