# Output layer: number text, CSV/JSON writers, atomic files, the summary table.
carecast_add_test(test_output SOURCES test_output.cpp LIBS carecast::output)
# Golden files of the default run (tests/golden/productivity/); `make golden-update` runs the
# tests matching "golden" with CARECAST_UPDATE_GOLDEN=1 to rewrite them.
carecast_add_test(test_output_golden SOURCES test_output_golden.cpp LIBS carecast::output)
