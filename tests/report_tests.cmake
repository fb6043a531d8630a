# Reports (issue 5): growth attribution, tables, charts, workbook and the HTML report.
carecast_add_test(test_attribution SOURCES test_attribution.cpp LIBS carecast::engine)
target_include_directories(test_attribution PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
