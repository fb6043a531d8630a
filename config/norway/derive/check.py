#!/usr/bin/env python3
"""Sanity checks for config/norway/*.csv (standard library only).

- every file parses, no empty/NA cells, no scientific notation, no thousands separators;
- every service profile covers ages 0..105 for both sexes without gaps or overlaps;
- staffing shares per service sum to exactly 1 (6 decimals);
- employment-rate groups cover 0..105 per sex;
- population/mortality/migration grids complete; projection has 3 alternatives x all years;
- prints base årsverk per service and the base-year age split implied by each profile.
"""
import csv
import os
import re
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = os.path.dirname(HERE)
SEXES = ('female', 'male')
MAX_AGE = 105
errors = []


def read(name):
    with open(os.path.join(CFG, name), newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows):
        for k, v in r.items():
            if v is None or v.strip() == '' and k not in ('note',) or v.strip().upper() == 'NA':
                errors.append('%s row %d: empty/NA in %s' % (name, i + 2, k))
    return rows


NUM_COLS = {'persons', 'mx', 'asfr', 'relative_use', 'share', 'rate', 'base_arsverk'}


def check_numbers(name, rows):
    for i, r in enumerate(rows):
        for k in NUM_COLS & set(r):
            if not re.fullmatch(r'-?\d+(\.\d+)?', r[k]):
                errors.append('%s row %d: %s=%r is not a plain decimal' % (name, i + 2, k, r[k]))


def check_cover(label, groups):
    groups = sorted(groups)
    nxt = 0
    for a0, a1 in groups:
        if a0 != nxt or a1 < a0:
            errors.append('%s: gap/overlap at %d-%d (expected start %d)' % (label, a0, a1, nxt))
        nxt = a1 + 1
    if nxt != MAX_AGE + 1:
        errors.append('%s: ends at %d, not %d' % (label, nxt - 1, MAX_AGE))


def main():
    files = ['population_jan1.csv', 'mortality_mx.csv', 'fertility_asfr.csv',
             'net_migration_by_age.csv', 'ssb_projection_2024_round.csv', 'services.csv',
             'service_use_profiles.csv', 'staffing_mix.csv', 'employment_rates.csv',
             'mortality_mx_filled_cells.csv']
    data = {f: read(f) for f in files}
    for f in files:
        check_numbers(f, data[f])

    # grids
    pop = data['population_jan1.csv']
    keys = {(int(r['year']), r['sex'], int(r['age'])) for r in pop}
    want = {(y, s, a) for y in range(2015, 2027) for s in SEXES for a in range(0, 106)}
    if keys != want or len(pop) != len(want):
        errors.append('population grid incomplete')
    mx = data['mortality_mx.csv']
    keys = {(int(r['year']), r['sex'], int(r['age'])) for r in mx}
    if keys != {(y, s, a) for y in range(2015, 2024) for s in SEXES for a in range(0, 101)}:
        errors.append('mortality grid incomplete')
    if any(float(r['mx']) <= 0 for r in mx):
        errors.append('mortality: zero or negative mx left')
    fx = data['fertility_asfr.csv']
    if {(int(r['year']), int(r['age'])) for r in fx} != \
            {(y, a) for y in range(2010, 2023) for a in range(12, 56)}:
        errors.append('fertility grid incomplete')
    nm = data['net_migration_by_age.csv']
    if {(int(r['year']), r['sex'], int(r['age'])) for r in nm} != \
            {(y, s, a) for y in range(2019, 2024) for s in SEXES for a in range(0, 106)}:
        errors.append('migration grid incomplete')
    pr = data['ssb_projection_2024_round.csv']
    for alt in ('MMMM', 'LLML', 'HHMH'):
        for y in range(2024, 2051):
            check_cover('projection %s %d' % (alt, y),
                        [(int(r['age_from']), int(r['age_to'])) for r in pr
                         if r['alternative'] == alt and int(r['year']) == y])
    tot2050 = sum(int(r['persons']) for r in pr if r['alternative'] == 'MMMM' and r['year'] == '2050')
    print('SSB MMMM 2024-round total 2050: %d (shared SOURCES.md: 6114899)' % tot2050)

    # services and profiles
    sv = data['services.csv']
    ids = [r['service'] for r in sv]
    base = {r['service']: float(r['base_arsverk']) for r in sv}
    prof = data['service_use_profiles.csv']
    n23 = {(r['sex'], int(r['age'])): int(r['persons']) for r in pop if r['year'] == '2023'}
    print('\nbase årsverk %d:' % int(sv[0]['base_year']))
    for s in ids:
        print('  %-26s %10.1f  long_term_care=%s' % (s, base[s], [r['long_term_care'] for r in sv
                                                                   if r['service'] == s][0]))
    print('  %-26s %10.1f' % ('TOTAL', sum(base.values())))
    print('\nbase-year share of each service\'s demand by age (profile x population 1 Jan 2023):')
    print('  %-26s %6s %6s %6s %6s %6s' % ('service', '0-17', '18-49', '50-66', '67-79', '80+'))
    for s in ids:
        rows = [r for r in prof if r['service'] == s]
        for sex in SEXES:
            check_cover('profile %s %s' % (s, sex),
                        [(int(r['age_from']), int(r['age_to'])) for r in rows if r['sex'] == sex])
        if any(float(r['relative_use']) < 0 for r in rows):
            errors.append('negative relative_use in %s' % s)
        w = {}
        for r in rows:
            for a in range(int(r['age_from']), int(r['age_to']) + 1):
                w[(r['sex'], a)] = n23[(r['sex'], a)] * float(r['relative_use'])
        tot = sum(w.values())
        bands = [(0, 17), (18, 49), (50, 66), (67, 79), (80, 105)]
        print('  %-26s ' % s + ' '.join('%6.3f' % (sum(v for (sx, a), v in w.items()
                                                          if b0 <= a <= b1) / tot)
                                        for b0, b1 in bands))
    if set(ids) != {r['service'] for r in prof}:
        errors.append('profile services differ from services.csv')

    # staffing
    sm = data['staffing_mix.csv']
    profs = ('nurses', 'health_care_workers', 'physicians', 'bioengineers',
             'medical_technical_engineers', 'other')
    print('\nstaffing mix:')
    print('  %-26s ' % 'service' + ' '.join('%8s' % p[:8] for p in profs) + '     sum')
    for s in ids:
        rows = {r['profession']: r for r in sm if r['service'] == s}
        if tuple(sorted(rows)) != tuple(sorted(profs)):
            errors.append('staffing %s: professions %s' % (s, sorted(rows)))
            continue
        tot = sum(Decimal(rows[p]['share']) for p in profs)
        if tot != 1:
            errors.append('staffing %s sums to %s' % (s, tot))
        if any(Decimal(rows[p]['share']) < 0 for p in profs):
            errors.append('staffing %s has a negative share' % s)
        print('  %-26s ' % s + ' '.join('%8s' % rows[p]['share'] for p in profs) + '  %s' % tot)
    agg = {p: sum(base[s] * float(r['share']) for s in ids for r in sm
                  if r['service'] == s and r['profession'] == p) for p in profs}
    print('  %-26s ' % 'implied årsverk 2023' + ' '.join('%8.0f' % agg[p] for p in profs))

    # employment
    em = data['employment_rates.csv']
    for sex in SEXES:
        check_cover('employment %s' % sex,
                    [(int(r['age_from']), int(r['age_to'])) for r in em if r['sex'] == sex])
        if any(not 0 <= float(r['rate']) <= 1 for r in em):
            errors.append('employment rate outside [0,1]')

    print()
    if errors:
        print('FAILED:')
        for e in errors:
            print('  ' + e)
        sys.exit(1)
    print('all checks passed')


if __name__ == '__main__':
    main()
