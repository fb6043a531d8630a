# Checks against external published figures (SSB's official population projection).
carecast_add_test(test_validation_ssb SOURCES test_validation_ssb.cpp LIBS carecast::config)
