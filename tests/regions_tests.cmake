# Regional projections (docs/regions.md): sum identity, residual migration, regions off unchanged.
carecast_add_test(test_regions SOURCES test_regions.cpp LIBS carecast::output)
