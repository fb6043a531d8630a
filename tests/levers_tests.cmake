# Equipment-investment levers and the inverse solver (issue 3): engine tests.
carecast_add_test(test_levers SOURCES test_levers.cpp LIBS carecast::engine)
carecast_add_test(test_solve SOURCES test_solve.cpp LIBS carecast::engine)
