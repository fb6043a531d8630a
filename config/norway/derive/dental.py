#!/usr/bin/env python3
"""Public dental care (den offentlege tannhelsetenesta) as a carecast service area.

Derives, from public figures and labelled assumptions (docs/model.md, "Scope"):
  * the age profile: persons examined or treated per inhabitant, by age group, 2017;
  * the base-year (2023) årsverk;
  * the staffing mix (dentists, dental hygienists, dental assistants, other), 2011.
and prints the rows for services.csv, service_use_profiles.csv and staffing_mix.csv.

Figures (../shared/data/norway/scope/, SSB tannhelse 2017 and the 2011 archive table):
  2017 priority persons examined/treated 840 618, of whom children and young people 3-18
  692 472, elderly/long-term ill/disabled in home nursing 35 813 and in institutions 31 423;
  paying adults 180 476. 2011 agreed årsverk 3 256.8 by category.
Assumptions (labelled D1-D5 in the rows and in docs/model.md):
  D1 every person examined or treated uses the same årsverk (no data on resource use by group);
  D2 the other priority groups (840 618 - 692 472 - 35 813 - 31 423 = 80 910: young adults
     19-20, disabled adults, ...) and the paying adults are spread evenly over ages 19 and older;
  D3 institution residents are of the ages of nursing-home residents (nursing_homes profile),
     home-nursing clients of the ages of home-care hours (home_care profile);
  D4 the base-year årsverk: the 2011 årsverk (latest table) carried to 2023 with the growth
     of the need, sum N(t)*profile, from 1 January 2011 to 1 January 2023 (constant user rates);
  D5 the 2011 staffing mix still holds (dental secretaries = dental assistants).
"""
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
config = os.path.dirname(here)
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '../../../../shared/data/norway')

def rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))

pop = {}
for r in rows(os.path.join(shared, 'norway_population_jan1_by_age_sex_ssb07459_1986_2026.csv')):
    pop[(int(r['year']), r['sex'], int(r['age']))] = float(r['persons'])
TOP = 105
SEXES = ('female', 'male')
profile = {}
for r in rows(os.path.join(config, 'service_use_profiles.csv')):
    for a in range(int(r['age_from']), int(r['age_to']) + 1):
        profile[(r['service'], r['sex'], a)] = float(r['relative_use'])

def N(year, g, a):
    return pop.get((year, g, a), 0.0)

YEAR = 2017
children, home, institution, paying, priority = 692472, 35813, 31423, 180476, 840618
others = priority - children - home - institution
treated = {(g, a): 0.0 for g in SEXES for a in range(TOP + 1)}
kids = sum(N(YEAR, g, a) for g in SEXES for a in range(3, 19))
adults = sum(N(YEAR, g, a) for g in SEXES for a in range(19, TOP + 1))
for g in SEXES:
    for a in range(TOP + 1):
        if 3 <= a <= 18:
            treated[(g, a)] += children * N(YEAR, g, a) / kids
        if a >= 19:
            treated[(g, a)] += (others + paying) * N(YEAR, g, a) / adults
for count, service in ((institution, 'nursing_homes'), (home, 'home_care')):
    weight = sum(N(YEAR, g, a) * profile[(service, g, a)] for g in SEXES for a in range(TOP + 1))
    for g in SEXES:
        for a in range(TOP + 1):
            treated[(g, a)] += count * N(YEAR, g, a) * profile[(service, g, a)] / weight

GROUPS = [(0, 2), (3, 17), (18, 18), (19, 49), (50, 66), (67, 79), (80, 89), (90, TOP)]
rate = {}
for g in SEXES:
    for lo, hi in GROUPS:
        persons = sum(N(YEAR, g, a) for a in range(lo, hi + 1))
        rate[(g, lo, hi)] = sum(treated[(g, a)] for a in range(lo, hi + 1)) / persons

def need(year):
    return sum(N(year, g, a) * rate[(g, lo, hi)] for g in SEXES for lo, hi in GROUPS for a in range(lo, hi + 1))

ARSVERK_2011 = 3256.8
base = ARSVERK_2011 * need(2023) / need(2011)
print(f"# need 2011 {need(2011):.0f}, 2017 {need(2017):.0f}, 2023 {need(2023):.0f} persons treated")
print(f"# base årsverk 2023 = 3256.8 x {need(2023):.0f}/{need(2011):.0f} = {base:.1f}")
print("## service_use_profiles.csv")
for g in SEXES:
    for lo, hi in GROUPS:
        print(f"public_dental,{g},{lo},{hi},{rate[(g, lo, hi)]:.6f}")
mix = {'dentists': 1131.7 + 44.5, 'dental_hygienists': 438.8, 'dental_assistants': 1408.6,
       'other': 68.3 + 46.9 + 39.7 + 78.3}
print("## staffing_mix.csv (2011)")
for k, v in mix.items():
    print(f"public_dental,{k},{v / ARSVERK_2011:.6f}")
