# The supply side (issue 12): engine identities, the Norway history check, sweep draws.
carecast_add_test(test_supply SOURCES test_supply.cpp LIBS carecast::config)

# The command: gap.csv and the gap blocks, the graduates solve and its refusals.
set(CARECAST_SUPPLY_OUT ${CMAKE_BINARY_DIR}/supply)
carecast_cli_test(supply-run ARGS run scenarios/productivity.yaml --out ${CARECAST_SUPPLY_OUT}/run
                  CLEAN ${CARECAST_SUPPLY_OUT}/run
                  STDOUT "Gap, nurses: demand − supply \\(årsverk; positive = shortage\\)\n  2023 +0 +0 +0 +0\n.*Gap, health-care workers: demand − supply"
                  PRESENT ${CARECAST_SUPPLY_OUT}/run/gap.csv ${CARECAST_SUPPLY_OUT}/run/supply.csv
                  HEADERS ${CARECAST_SUPPLY_OUT}/run/gap.csv=scenario,year,profession,demand,supply,gap,gap_pct
                          ${CARECAST_SUPPLY_OUT}/run/supply.csv=scenario,year,profession,stock,persons_in_health_care,graduates,immigrants,deaths,retirements,leavers,arsverk)
carecast_cli_test(supply-solve-graduates
                  ARGS solve scenarios/productivity.yaml --scenario productivity-0.5 --target gap:nurses --variable graduates --year 2035
                  STDOUT "Target:   the gap of nurses \\(demand − supply\\) in 2035 = 0 årsverk \\(its base-year level\\)\nVariable: graduates a year of nurses from 2023, searched in \\[0, 50 000\\] persons/yr\n\nAnswer:   graduates a year of nurses from 2023 = [0-9 ]+ persons/yr\n          gives -?0 årsverk in 2035"
                  STDERR_EMPTY)
carecast_cli_test(supply-solve-unreachable
                  ARGS solve scenarios/productivity.yaml --scenario productivity-0.0 --target gap --variable graduates --year 2035 --range 0,100
                  EXIT 6 STDERR "^carecast: solve: no value of the graduates a year of nurses from 2023 in \\[0, 100\\] persons/yr reaches the target")
carecast_cli_test(supply-solve-unknown-profession
                  ARGS solve scenarios/productivity.yaml --target gap:nurse --variable graduates
                  EXIT 2 STDERR "--target: no profession 'nurse' \\(did you mean 'nurses'\\?\\)")
# Supply levers drawn in a sweep: the same bytes for 1 and 2 threads and for shards.
carecast_sweep_same_bytes(supply-threads threads tests/fixtures/supply/sweep-supply.yaml)
carecast_sweep_same_bytes(supply-shards shards tests/fixtures/supply/sweep-supply.yaml)
carecast_cli_test(supply-sweep ARGS sweep tests/fixtures/supply/sweep-supply.yaml --out ${CARECAST_SUPPLY_OUT}/sweep --quiet
                  CLEAN ${CARECAST_SUPPLY_OUT}/sweep
                  HEADERS ${CARECAST_SUPPLY_OUT}/sweep/quantiles_gap.csv=scenario,year,profession,statistic,gap)
# Every problem of a supply file at once, located (exit 4, nothing written).
carecast_cli_test(supply-broken-flows
                  ARGS run scenarios/productivity.yaml --set data.supply.flows_file=tests/fixtures/supply/flows-broken.csv
                       --out ${CARECAST_SUPPLY_OUT}/broken
                  EXIT 4
                  STDERR "^carecast: error: invalid data \\(4 problems\\):\ntests/fixtures/supply/flows-broken\\.csv:2:1: profession = nurse — unknown profession \\(the professions of staffing_mix\\.csv\\) \\(did you mean 'nurses'\\?\\)\ntests/fixtures/supply/flows-broken\\.csv:3:53: share_in_health_care = 1\\.5 — must be in \\[0, 1\\]\ntests/fixtures/supply/flows-broken\\.csv:4:20: graduate_age_to = 25 — must be ≥ graduate_age_from \\(32\\)\ntests/fixtures/supply/flows-broken\\.csv:8:1: profession = other — duplicate row for other \\(first at line 7\\)\n$"
                  ABSENT ${CARECAST_SUPPLY_OUT}/broken)
carecast_cli_test(supply-exits-gap
                  ARGS run scenarios/productivity.yaml --set data.supply.exits_file=tests/fixtures/supply/exits-gap.csv
                       --out ${CARECAST_SUPPLY_OUT}/exits-gap
                  EXIT 4 STDERR "tests/fixtures/supply/exits-gap\\.csv:3:1: age_from = 16 — gap: ages 15\\.\\.15 are not covered"
                  ABSENT ${CARECAST_SUPPLY_OUT}/exits-gap)
