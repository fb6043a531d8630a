# The supply side (issue 12): engine identities and the Norway history check.
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
carecast_cli_test(supply-sweep-refused ARGS sweep tests/fixtures/supply/sweep-supply.yaml --out ${CARECAST_SUPPLY_OUT}/sweep
                  EXIT 3
                  STDERR "tests/fixtures/supply/sweep-supply\\.yaml:9:10: uncertain\\[1\\]\\.set = parameters\\.supply\\.graduates_change_pct — cannot be drawn yet: sweeps do not run the supply model"
                  ABSENT ${CARECAST_SUPPLY_OUT}/sweep)
