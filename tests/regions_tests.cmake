# Regional projections (docs/regions.md): sum identity, residual migration, regions off unchanged.
carecast_add_test(test_regions SOURCES test_regions.cpp LIBS carecast::output)
# Regional sweeps: a draw equals the regional run of its parameters and adds up to its nation.
carecast_add_test(test_regional_sweep SOURCES test_regional_sweep.cpp LIBS carecast::config)

# The command line: a regional run writes the region column; mistakes are located (exit 3, 4).
if(COMMAND carecast_cli_test)
  set(CARECAST_REGIONS_OUT ${CMAKE_BINARY_DIR}/regions-cli)
  carecast_cli_test(regions-run ARGS run scenarios/regions.yaml --quiet --out ${CARECAST_REGIONS_OUT}/county
                    CLEAN ${CARECAST_REGIONS_OUT}/county
                    HEADERS ${CARECAST_REGIONS_OUT}/county/projection.csv=scenario,region,year,service,arsverk
                            ${CARECAST_REGIONS_OUT}/county/population.csv=scenario,region,year,sex,age,persons)
  carecast_cli_test(regions-unknown-level ARGS run scenarios/regions.yaml --set regions=kommune
                    --out ${CARECAST_REGIONS_OUT}/unknown EXIT 3 ABSENT ${CARECAST_REGIONS_OUT}/unknown
                    STDERR "--set #1: regions = kommune — must be one of none, county, health_region")
  carecast_cli_test(regions-missing-years ARGS run scenarios/regions.yaml --set "data.regions.estimation_years=[2013, 2020]"
                    --out ${CARECAST_REGIONS_OUT}/years EXIT 4 ABSENT ${CARECAST_REGIONS_OUT}/years
                    STDERR "--set #1: data\\.regions\\.estimation_years = \\[2013, 2020\\] — config/norway/regions/population_jan1_by_county\\.csv has no rows for 2013 \\(needed: every estimation year and the year after\\)")
endif()
if(COMMAND carecast_cli_test)
  # Estimation years written but wrong: one message, at the key (not a second "needs" at regions).
  carecast_cli_test(regions-wrong-years ARGS run scenarios/regions.yaml --set "data.regions.estimation_years=[2020, 2010]"
                    --out ${CARECAST_REGIONS_OUT}/wrong-years EXIT 3 ABSENT ${CARECAST_REGIONS_OUT}/wrong-years
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\n--set #1: data\\.regions\\.estimation_years = \\[2020, 2010\\] — the first year must not be after the last\n$")
  # The section itself wrong: one message, at the section.
  carecast_cli_test(regions-wrong-section ARGS validate scenarios/regions.yaml --set data.regions=5 EXIT 3
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\n--set #1: data\\.regions = 5 — must be a map\n$")
  # A sweep takes regions from --set; what is wrong there is blamed on the flag, not on a file.
  carecast_cli_test(regions-sweep-set ARGS sweep tests/fixtures/sweep/small.yaml --set regions=county --draws 20 --quiet
                    --out ${CARECAST_REGIONS_OUT}/sweep-set CLEAN ${CARECAST_REGIONS_OUT}/sweep-set
                    HEADERS ${CARECAST_REGIONS_OUT}/sweep-set/quantiles_regions.csv=scenario,region,year,quantity,statistic,value
                            ${CARECAST_REGIONS_OUT}/sweep-set/quantiles.csv=scenario,year,service,statistic,arsverk)
  carecast_cli_test(regions-sweep-draw ARGS sweep tests/fixtures/regions/sweep-health.yaml --set regions=health_region --draw 3
                    STDOUT "scenario productivity-0\\.5\n.*  total årsverk by region\n    Helse Sør-Øst +[1-9][0-9 ]+\n    Helse Vest +[1-9][0-9 ]+\n    Helse Midt-Norge +[1-9][0-9 ]+\n    Helse Nord +[1-9][0-9 ]+\n\nscenario productivity-2\\.0\n")
  # A regional threshold names a region of the level the sweep runs (here counties, not health regions).
  carecast_cli_test(regions-sweep-unknown-region ARGS sweep tests/fixtures/regions/sweep-health.yaml --set regions=county
                    --out ${CARECAST_REGIONS_OUT}/sweep-region EXIT 3 ABSENT ${CARECAST_REGIONS_OUT}/sweep-region
                    STDERR "sweep-health\\.yaml:26:16: thresholds\\[1\\]\\.quantity = region\\.Helse Nord\\.total — unknown region \\(allowed: 03, 11, 15, 18, 31, 32, 33, 34, 39, 40, 42, 46, 50, 55, 56\\)\n$")
  # A regional threshold in a sweep without regions says what is missing; a region without a quantity asks for one.
  carecast_cli_test(regions-sweep-threshold-without-regions ARGS sweep tests/fixtures/regions/sweep-health.yaml
                    --out ${CARECAST_REGIONS_OUT}/sweep-no-regions EXIT 3 ABSENT ${CARECAST_REGIONS_OUT}/sweep-no-regions
                    STDERR "sweep-health\\.yaml:26:16: thresholds\\[1\\]\\.quantity = region\\.Helse Nord\\.total — regional quantities need regions: the scenario sets none")
  carecast_cli_test(regions-sweep-threshold-no-quantity ARGS sweep tests/fixtures/regions/sweep-no-quantity.yaml
                    --set regions=health_region --out ${CARECAST_REGIONS_OUT}/sweep-no-quantity EXIT 3
                    ABSENT ${CARECAST_REGIONS_OUT}/sweep-no-quantity
                    STDERR "thresholds\\[1\\]\\.quantity = region\\.Helse Nord — needs a quantity after the region: region\\.Helse Nord\\.<quantity>, e\\.g\\. region\\.Helse Nord\\.total")
  carecast_cli_test(regions-sweep-set-level ARGS sweep tests/fixtures/sweep/small.yaml --set regions=kommune
                    --out ${CARECAST_REGIONS_OUT}/sweep-level EXIT 3 ABSENT ${CARECAST_REGIONS_OUT}/sweep-level
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\n--set #1: regions = kommune — must be one of none, county, health_region\n$")
  carecast_cli_test(regions-sweep-set-years ARGS sweep tests/fixtures/sweep/small.yaml --set regions=county
                    --set "data.regions.estimation_years=[2020, 2010]"
                    --out ${CARECAST_REGIONS_OUT}/sweep-years EXIT 3 ABSENT ${CARECAST_REGIONS_OUT}/sweep-years
                    STDERR "^carecast: error: invalid configuration \\(1 problem\\):\n--set #2: data\\.regions\\.estimation_years = \\[2020, 2010\\] — the first year must not be after the last\n$")
  carecast_cli_test(regions-sweep-set-missing-years ARGS sweep tests/fixtures/sweep/small.yaml --set regions=county
                    --set "data.regions.estimation_years=[2013, 2020]"
                    --out ${CARECAST_REGIONS_OUT}/sweep-missing EXIT 4 ABSENT ${CARECAST_REGIONS_OUT}/sweep-missing
                    STDERR "^carecast: error: invalid data \\(2 problems\\):\n--set #2: data\\.regions\\.estimation_years = \\[2013, 2020\\] — config/norway/regions/population_jan1_by_county\\.csv has no rows for 2013 ")
endif()

if(COMMAND carecast_cli_test)
  # The regional table on screen follows the national one: regions, then the nation, per scenario.
  carecast_cli_test(regions-screen-table ARGS run scenarios/productivity.yaml --set regions=health_region --quiet
                    --out ${CARECAST_REGIONS_OUT}/screen CLEAN ${CARECAST_REGIONS_OUT}/screen
                    STDOUT "\n\nTotal årsverk by health region \\(whole årsverk, thousands separated by a space. growth = 2060 / 2023\\)\n\n +2023 +2030 +2035 +2040 +2050 +2060   growth\n-+\nproductivity-0\\.0\n  Helse Sør-Øst +177 569 .*\nproductivity-0\\.5\n  Helse Sør-Øst +177 569 +207 507 +228 948 +252 137 +288 252 +325 475 +1\\.83\n.*  National +314 626 +364 279 +400 296 +438 166 +494 168 +548 111 +1\\.74\n.*productivity-2\\.0\n.*  National +314 626 +328 394 +335 098 +340 611 +331 248 +316 815 +1\\.01\n$")
endif()

# Regional sweeps (docs/sweeps.md, "Regional quantiles"): quantiles_regions.csv and every other
# file the same bytes for 1 and 2 threads (exact quantiles, 200 draws; two scenarios by health
# region) and for three merged shards (histogram quantiles, 600 draws).
if(COMMAND carecast_sweep_same_bytes)
  carecast_sweep_same_bytes(regions-threads threads tests/fixtures/regions/sweep.yaml -DDRAWS=200)
  carecast_sweep_same_bytes(regions-health-threads threads tests/fixtures/regions/sweep-health.yaml
                            -DSET=regions=health_region)
  carecast_sweep_same_bytes(regions-shards shards tests/fixtures/regions/sweep.yaml)
endif()
