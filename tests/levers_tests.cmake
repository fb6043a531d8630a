# Equipment-investment levers and the inverse solver (issue 3): engine tests.
carecast_add_test(test_levers SOURCES test_levers.cpp LIBS carecast::engine)
carecast_add_test(test_solve SOURCES test_solve.cpp LIBS carecast::engine)
# Configuration: located errors for inconsistent levers, data files, key paths.
carecast_add_test(test_levers_config SOURCES test_levers_config.cpp LIBS carecast::config)
# Golden results of the lever example scenarios and solver checks on the Norwegian data.
carecast_add_test(test_levers_golden SOURCES test_levers_golden.cpp LIBS carecast::output)

# The carecast program: `solve` and the lever output of `run` (carecast_cli_test is defined in
# cli_tests.cmake).
if(COMMAND carecast_cli_test)
  set(CARECAST_LEVERS_OUT ${CMAKE_BINARY_DIR}/cli-levers)
  carecast_cli_test(solve-share ARGS solve scenarios/productivity.yaml --target share --year 2040
                    STDOUT "Target: +the share of all årsverk used by public health and care in 2040 = 13\\.29 % \\(its base-year level\\).*Answer: +productivity growth in every service = [0-9]+\\.[0-9]+ %/yr.*2040 +[0-9 ]+ +13\\.29 % +<- target year"
                    STDERR_EMPTY)
  carecast_cli_test(solve-unreachable ARGS solve scenarios/productivity.yaml --value 1 --year 2040 EXIT 6
                    STDERR "^carecast: solve: no value of the productivity growth in every service in \\[-2\\.000, 10\\.000\\] %/yr reaches the target")
  # The ends of the range are the indicator itself: a target of 10^9 årsverk printed 0 to 0
  # (10^300) or 1 392 640 to 16 384 (10^20), (value − target) + target lost to rounding. And
  # a target beyond 10^9 årsverk is a usage error.
  carecast_cli_test(solve-unreachable-large-target ARGS solve scenarios/productivity.yaml --target arsverk
                    --value 1e9 EXIT 6
                    STDERR "health and care årsverk in 2060 goes from 1 392 027 årsverk \\(at -2\\.000\\) to 19 386 årsverk \\(at 10\\.000\\), the target is 1 000 000 000 årsverk\\. Closest: 1 392 027 årsverk at -2\\.000 %/yr")
  carecast_cli_test(solve-value-beyond-any-country ARGS solve scenarios/productivity.yaml --target arsverk
                    --value 1e18 EXIT 2
                    STDERR "--value must be a positive number of årsverk up to 1 000 000 000 \\(got '1e18'\\)")
  # Grid points the projection refuses (a share above 100 % at -5 %/yr) are left out of the
  # search, with a note (exit 3 before); a range refused throughout names the range.
  carecast_cli_test(solve-range-through-refused ARGS solve scenarios/productivity.yaml --range -5,10
                    STDOUT "Answer: +productivity growth in every service = 1\\.949 %/yr"
                    STDERR "^carecast: solve: note: 5 grid points of \\[-5\\.000, 10\\.000\\] %/yr were left out: the projection refuses them \\(the assumptions make health and care need 105\\.7 % of all årsverk in the economy in 2052")
  carecast_cli_test(solve-range-refused-throughout ARGS solve scenarios/equipment-investment.yaml
                    --variable lever:lab_automation --range 9999999,10000000 EXIT 3
                    STDERR "scenario 'equipment-2bn': solve: the projection refuses the values of the extra investment of lever 'lab_automation' tried in \\[9 999 999\\.0, 10 000 000\\.0\\] MNOK/yr \\(choose another --range\\); the first refusal: the assumptions make health and care need 106\\.1 %")
  # Without --value the årsverk target is the base-year level (NOU 2023:4: personnel should not
  # grow much beyond today's); equipment in one service cannot hold it: exit 6, with the
  # productivity growth that would do it instead.
  carecast_cli_test(solve-investment-base-year ARGS solve scenarios/equipment-gap.yaml --scenario gap-0.2
                    --variable lever:lab_automation --target arsverk --year 2040 EXIT 6
                    STDOUT "Target: +health and care årsverk in 2040 = [0-9 ]+ årsverk \\(its base-year level\\).*Instead: +without the lever, extra productivity growth in every service of [0-9]+\\.[0-9]+ pp/yr reaches the same target"
                    STDERR "^carecast: solve: no value of the extra investment of lever 'lab_automation' in \\[0\\.0, 100 000\\.0\\] MNOK/yr reaches the target: health and care årsverk in 2040")
  # A --range beyond the variable's valid values is a usage error (a range of 1e30 graduates
  # ended in exit 5 printing the path, and one of productivity gave a meaningless answer).
  carecast_cli_test(solve-range-beyond-valid ARGS solve scenarios/productivity.yaml --range -2,1e30 EXIT 2
                    STDERR "^carecast: error: solve: --range -2,1e30 goes beyond the values allowed for the productivity growth in every service: \\[-5\\.000, 10\\.000\\] %/yr\n")
  carecast_cli_test(solve-range-graduates-ceiling ARGS solve scenarios/productivity.yaml --target gap:nurses
                    --variable graduates --range 0,1e30 EXIT 2
                    STDERR "--range 0,1e30 goes beyond the values allowed for the graduates a year of nurses from 2023: \\[0, 1 000 000\\] persons/yr")
  # Services at both ends of the default range leave it empty (exit 5 before).
  carecast_cli_test(solve-default-range-empty ARGS solve scenarios/productivity.yaml
                    --set "*:parameters.productivity_pct=-2" --set "*:parameters.services.nursing_homes.productivity_pct=10"
                    EXIT 2 STDERR "solve: the services' productivity growth of scenario 'productivity-0\\.0' spans -2\\.000 to 10\\.000 %/yr, which leaves no extra growth")
  carecast_cli_test(solve-bad-year ARGS solve scenarios/productivity.yaml --year 2023 EXIT 2
                    STDERR "solve: --year must lie after the base year 2023")
  carecast_cli_test(solve-unknown-lever ARGS solve scenarios/equipment-investment.yaml --variable lever:lab EXIT 2
                    STDERR "solve: --variable: scenario 'equipment-2bn' has no lever 'lab'")
  # The share in 2060 falls from 22.54 % without the lever to about 22.52 % near 2.5 bn NOK a
  # year, then rises again as the lever's engineers outgrow its savings (σ = 0.5 has a floor).
  carecast_cli_test(solve-lever ARGS solve scenarios/equipment-investment.yaml --variable lever:lab_automation
                    --target share --value 22.53 --year 2060
                    STDOUT "Answer: +extra investment of lever 'lab_automation' = [0-9 ]+\\.[0-9] MNOK/yr")
  carecast_cli_test(solve-lever-unreachable ARGS solve scenarios/equipment-investment.yaml
                    --variable lever:lab_automation --target share --value 14 --year 2060 EXIT 6
                    STDERR "no value of the extra investment of lever 'lab_automation' in \\[0\\.0, 100 000\\.0\\] MNOK/yr reaches the target")
  carecast_cli_test(run-equipment-investment ARGS run scenarios/equipment-investment.yaml --quiet
                    --out ${CARECAST_LEVERS_OUT}/equipment
                    STDOUT "Levers in equipment-2bn \\(against the same scenario without levers.*lab_automation.*total.*Equivalent productivity growth"
                    STDERR_EMPTY
                    HEADERS "${CARECAST_LEVERS_OUT}/equipment/levers.csv=scenario,lever,year,arsverk_saved,arsverk_added,net_arsverk,cost_nok,cost_per_arsverk_saved"
                            "${CARECAST_LEVERS_OUT}/equipment/lever_effects.csv=scenario,lever,year,service,profession,arsverk_saved,arsverk_added,net_arsverk"
                            "${CARECAST_LEVERS_OUT}/equipment/lever_present_values.csv=scenario,lever,from_year,to_year,discount_rate_pct,cost_pv_nok,net_arsverk_pv,cost_per_net_arsverk_pv"
                            "${CARECAST_LEVERS_OUT}/equipment/lever_capital.csv=scenario,service,year,capital_ratio,gap_remaining,labour_factor,marginal_cost_per_arsverk_nok,labour_cost_per_arsverk_nok")
  # One equipment file written but wrong: one message, at the key (not a second "needs" at the other file).
  carecast_cli_test(run-equipment-wrong-file ARGS run scenarios/equipment-investment.yaml --set "data.labour_cost.file=[1]"
                    --out ${CARECAST_LEVERS_OUT}/wrong-file EXIT 3 ABSENT ${CARECAST_LEVERS_OUT}/wrong-file
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\n--set #1: data\\.labour_cost\\.file = \\[1\\] — must be a string\n$")
  # The section itself wrong, or both files wrong: the validator's messages only (no "needs", and no
  # "capital levers need equipment data" for each lever).
  carecast_cli_test(validate-equipment-wrong-section ARGS validate scenarios/equipment-investment.yaml --set "data.labour_cost=~"
                    EXIT 3 STDERR "^carecast: error: invalid configuration \\(1 problem\\):\n--set #1: data\\.labour_cost = ~ — must be a map \\(write \\{\\} for an empty one\\)\n$")
  carecast_cli_test(validate-equipment-both-wrong ARGS validate scenarios/equipment-investment.yaml
                    --set "data.labour_cost.file=[1]" --set "data.equipment_investment.file={a: 1}" EXIT 3
                    STDERR "^carecast: error: invalid configuration \\(2 problems\\):\n--set #1: data\\.labour_cost\\.file = \\[1\\] — must be a string\n--set #2: data\\.equipment_investment\\.file = \\{a: 1\\} — must be a string\n$")
  # One of the two written nowhere: named as missing, at the one that is.
  carecast_cli_test(validate-equipment-one-file ARGS validate tests/fixtures/config/scenarios.yaml
                    --set data.equipment_investment.file=config/norway/equipment_investment.csv
                    --set data.equipment_investment.source=test EXIT 4
                    STDERR "^carecast: error: invalid data \\(1 problem\\):\n--set #1: data\\.equipment_investment\\.file = config/norway/equipment_investment\\.csv — needs data\\.labour_cost too \\(capital levers use both\\)\n$")
  # The shipped cases run, and the saving falls on the profession named.
  carecast_cli_test(run-lab-automation ARGS run scenarios/lab-automation.yaml --quiet --out ${CARECAST_LEVERS_OUT}/lab
                    STDOUT "By profession in 2060.*lab_automation +saved: bioengineers [0-9 ]+\n +added: bioengineers [0-9]+, medical_technical_engineers [0-9]+"
                    STDERR_EMPTY)
  # A gap too large for σ to make the base-year output is the user's mistake (exit 3), found at run time.
  carecast_cli_test(run-gap-too-large ARGS run scenarios/equipment-gap.yaml --quiet --out ${CARECAST_LEVERS_OUT}/bad
                    --set parameters.levers.capital.sigma=0.25 --set gap-0.2:parameters.levers.capital.gap=0.5 EXIT 3
                    ABSENT ${CARECAST_LEVERS_OUT}/bad
                    STDERR "parameters\\.levers\\.capital\\.gap = 0\\.5 — scenario 'gap-0\\.2': with σ = 0\\.25 a stock this far below its cost-minimising level cannot make the base-year output")
  carecast_cli_test(validate-equipment-sweep ARGS validate scenarios/equipment-uncertainty.yaml
                    STDOUT "equipment-uncertainty\\.yaml: ok" STDERR_EMPTY)
  carecast_cli_test(run-without-levers-no-lever-files ARGS run scenarios/productivity.yaml --quiet
                    --out ${CARECAST_LEVERS_OUT}/plain
                    ABSENT ${CARECAST_LEVERS_OUT}/plain/levers.csv)
endif()
