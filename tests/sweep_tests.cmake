# Monte Carlo sweeps (issue 4): random streams, distributions, Sobol estimators, the sweep
# engine, and the sweep command line.
carecast_add_test(test_random SOURCES test_random.cpp LIBS carecast::engine)
carecast_add_test(test_distributions SOURCES test_distributions.cpp LIBS carecast::engine)
carecast_add_test(test_sobol SOURCES test_sobol.cpp LIBS carecast::engine)
carecast_add_test(test_sweep SOURCES test_sweep.cpp LIBS carecast::engine)
