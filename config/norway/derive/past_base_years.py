#!/usr/bin/env python3
"""Base-year årsverk for past base years (2015, 2017, 2019) and the observed årsverk series the
backtest compares with (config/norway/observed_arsverk.csv). Prints CSV rows; see docs/model.md
("Backtest", "carecast against SSB") for what is observed and what is an assumption.

Observed (../shared/data/norway/):
  specialist care årsverk, all: 2015 122 291, 2016 112 840, 2017 114 007, 2021 132 459, 2022 134 784;
    somatic: 2015 82 279, 2016 75 325, 2017 76 196, 2018 76 101 (SSB spesialisthelsetenesta);
  municipal care (KOSTRA 234/253/254): 2022 151 935, 2023 157 076; 2018 140 161 and 2019 144 371
    derived from the published 2018-22 and 2019-23 changes (8.4 %, 8.8 %);
  health stations and school health: public-health nurses and midwives per 10 000 aged 0-20,
    2015-2022 (SSB 11994), and all personnel 5 860.6 årsverk in 2019 (SSB 424168);
  public dental care 3 256.8 årsverk in 2011 (derive/dental.py gives the need by year).
Assumptions (labelled P1-P5 in the rows):
  P1 specialist care 2019: linear between 2017 and 2021 (the series breaks in 2020, see docs);
     the mental-health part is the total minus somatic, somatic 2019 = 2018;
  P2 municipal care 2015 and 2017: 2018 carried back at the 2018-19 growth (3.0 %/yr);
     nursing homes 0.45 of it as in 2023 (services.csv, assumption A-split);
  P3 GP årsverk before 2023: the 2023 figure scaled by the population;
  P4 health stations: the 2019 total scaled by the nurse+midwife årsverk (coverage x persons 0-20);
     physiotherapists: 2023's 5 323 scaled by the population;
  P5 dental: 3 256.8 x need(t)/need(2011) as in derive/dental.py.
"""
import csv
import os

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, '../../../../shared/data/norway')
pop = {}
for r in csv.DictReader(open(os.path.join(shared, 'norway_population_jan1_by_age_sex_ssb07459_1986_2026.csv'))):
    pop[(int(r['year']), r['sex'], int(r['age']))] = float(r['persons'])

def persons(year, lo=0, hi=105):
    return sum(pop.get((year, g, a), 0.0) for g in ('female', 'male') for a in range(lo, hi + 1))

coverage = {}
for r in csv.DictReader(open(os.path.join(shared, 'scope/norway_health_station_school_health_arsverk_ssb.csv'))):
    if r['unit'].startswith('årsverk per 10 000'):
        coverage[int(r['year'])] = coverage.get(int(r['year']), 0.0) + float(r['value'])

def nurses_midwives(year):  # årsverk of public-health nurses and midwives, 1 January population 0-20
    return coverage[year] * persons(year, 0, 20) / 10000.0

specialist = {2015: 122291, 2016: 112840, 2017: 114007, 2021: 132459, 2022: 134784}
somatic = {2015: 82279, 2016: 75325, 2017: 76196, 2018: 76101}
municipal = {2018: 140161, 2019: 144371, 2022: 151935, 2023: 157076}
growth = municipal[2019] / municipal[2018]

rows = []
def add(year, service, value, basis):
    rows.append((year, service, round(value, 1), basis))

for year in (2015, 2017, 2019):
    if year == 2019:
        total = specialist[2017] + (specialist[2021] - specialist[2017]) * 2 / 4
        som = somatic[2018]
        add(year, 'somatic_specialist', som, 'assumption P1: 2018 somatic årsverk (76 101) carried to 2019')
        add(year, 'mental_health_substance', total - som,
            f'assumption P1: specialist total 2019 linear between 2017 (114 007) and 2021 (132 459) = {total:.0f}, minus somatic')
    else:
        add(year, 'somatic_specialist', somatic[year], 'observed (SSB spesialisthelsetenesta)')
        add(year, 'mental_health_substance', specialist[year] - somatic[year],
            f'observed: specialist total {specialist[year]} minus somatic {somatic[year]}')
    muni = municipal[2019] if year == 2019 else municipal[2018] / growth ** (2018 - year)
    basis = 'derived: 157 076 / 1.088 (2019-23 change)' if year == 2019 else \
        f'assumption P2: 2018 (140 161) carried back at {100 * (growth - 1):.2f} %/yr'
    add(year, 'nursing_homes', 0.45 * muni, basis + '; institution share 0.45 (assumption, as in 2023)')
    add(year, 'home_care', 0.55 * muni, basis + '; home-care share 0.55 (assumption, as in 2023)')
    add(year, 'gp_emergency', 6987 * persons(year) / persons(2023),
        'assumption P3: 2023 GP årsverk (6 987) x population(year)/population(2023)')
    stations = 5860.6 * nurses_midwives(year) / nurses_midwives(2019)
    physio = 5323 * persons(year) / persons(2023)
    add(year, 'other_municipal_health', stations + physio,
        f'assumption P4: health stations {stations:.0f} (2019 total 5 860.6 x nurse+midwife årsverk ratio, SSB 11994) + physiotherapists {physio:.0f} (2023 figure x population ratio)')
print('## services rows: year,service,arsverk,basis')
for r in rows:
    print(r)
print('## observed health-station nurse+midwife årsverk')
for year in sorted(coverage):
    print(year, round(nurses_midwives(year), 1))
