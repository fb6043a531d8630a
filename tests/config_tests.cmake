# Tests of the configuration layer (included by tests/CMakeLists.txt).
carecast_add_test(test_config SOURCES test_config.cpp LIBS carecast::config)
# White-box tests of the CSV reader and the reference values use the layer's internal headers.
target_include_directories(test_config PRIVATE ${PROJECT_SOURCE_DIR}/config/src)
# config::load_run_text (the entry point of `carecast serve`).
carecast_add_test(test_config_text SOURCES test_config_text.cpp LIBS carecast::config)
