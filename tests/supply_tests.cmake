# The supply side (issue 12): engine identities and the Norway history check.
carecast_add_test(test_supply SOURCES test_supply.cpp LIBS carecast::config)
