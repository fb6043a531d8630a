#!/usr/bin/env python3
"""Regenerate carecast's bundled Norwegian base data (config/norway/*.csv).

Usage:
    python3 derive.py [SHARED_DATA_DIR]

SHARED_DATA_DIR is the folder holding the real data files
(default: ../../../../shared/data/norway relative to this script, i.e.
/work/shared/data/norway). Output goes to the folder above this script
(config/norway/). Python 3 standard library only (csv module). Output is
deterministic: fixed row order, derived values rounded to 6 significant
digits, plain decimals (never scientific notation).

Every constant below that does not come from a data file is either a published
figure (with its source) or an `assumption` (with a one-line reason); the same
list is in config/norway/SOURCES.md and docs/data.md.
"""
import csv
import os
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)  # config/norway
DEFAULT_SRC = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..',
                                            'shared', 'data', 'norway'))
SRC = DEFAULT_SRC

SEXES = ('female', 'male')
MAX_AGE = 105
BASE_YEAR = 2023

# --------------------------------------------------------------------------
# Source URLs (copied from the shared data files / SOURCES.md)
# --------------------------------------------------------------------------
URL_SPEC = 'https://www.ssb.no/helse/helsetjenester/statistikk/spesialisthelsetjenesten'
URL_SPEC_2017 = 'https://www.ssb.no/353138/spesialisthelsetjenesten-hovedtall'
URL_SOM_2017 = 'https://www.ssb.no/390480/somatiske-spesialisthelsetjenester-hovedtall'
URL_CARE = ('https://www.ssb.no/helse/helsetjenester/statistikk/'
            'sjukeheimar-heimetenester-og-andre-omsorgstenester')
URL_KOMHELSE = 'SSB kommunehelsetenesta (KOSTRA), as quoted in shared SOURCES.md'
URL_GP = 'https://www.ssb.no/helse/helsetjenester/statistikk/allmennlegetjenesten'
URL_INST = 'https://www.ssb.no/a/kortnavn/pleie/tab-2011-07-08-02.html'
URL_HOMEREC = 'https://www.ssb.no/a/kortnavn/pleie/arkiv/tab-2009-07-02-04.html'
URL_HOURS = 'https://www.ssb.no/a/kortnavn/pleie/arkiv/tab-2010-07-08-07.html'
URL_AKU = ("ssb.no table 'Arbeidsstyrken og sysselsatte 15-74 år, etter alder og "
           "kjønn (AKU). I prosent av befolkningen' (2016-2017 edition)")

# --------------------------------------------------------------------------
# Published figures used directly (source in comment and in output)
# --------------------------------------------------------------------------
SPEC_ARSVERK_2022 = 134784      # SSB spesialisthelsetjenesten, 2022 (shared keyfigures file)
SPEC_ARSVERK_2017 = 114007      # SSB spesialisthelsetjenesten-hovedtall 2017
SOM_ARSVERK_2017 = 76196        # SSB somatiske spesialisthelsetjenester 2017
CARE_ARSVERK_2023 = 157076      # SSB/KOSTRA functions 234, 253, 254, 2023
GP_ARSVERK_2023 = 6987          # SSB kommunehelsetenesta 2023
HS_ARSVERK_2023 = 6994          # health stations and school health, 2023
PT_ARSVERK_2023 = 5323          # physiotherapists, 2023
NH_PLACES_2023 = 39754          # nursing-home places 2023

# --------------------------------------------------------------------------
# Assumptions (each one labelled in the outputs)
# --------------------------------------------------------------------------
INSTITUTION_SHARE = 0.45        # assumption: share of municipal care årsverk in institutions
SOM_W_BEDDAYS, SOM_W_PATIENTS = 0.6, 0.4           # assumption: cost weights, somatic
MH_W_BEDDAYS, MH_W_CONSULT, MH_W_PATIENTS = 0.5, 0.3, 0.2   # assumption: cost weights, MH
MH_CHILD_PATIENT_RATE = 0.05    # assumption: ~5 % of 0-17 treated by BUP per year
HS_WEIGHT_0_5, HS_WEIGHT_6_19 = 2.0, 1.0           # assumption: health-station vs school health
HS_NURSE_SHARE, HS_PHYS_SHARE = 0.80, 0.03         # assumption: mix of health-station årsverk

STAFFING = {
    # service: (nurses, health_care_workers, physicians, bioengineers, mte) ; other = residual
    'somatic_specialist': (0.37, 0.04, 0.14, 0.04, 0.007),
    'mental_health_substance': (0.28, 0.08, 0.08, 0.0, 0.0),
    'nursing_homes': (0.30, 0.38, 0.005, 0.0, 0.0),
    'home_care': (0.28, 0.30, 0.0, 0.0, 0.0),
}
PROFESSIONS = ('nurses', 'health_care_workers', 'physicians', 'bioengineers',
               'medical_technical_engineers', 'other')


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def plain(value):
    """Lossless reformat of a numeric string/number to a plain decimal."""
    d = Decimal(str(value))
    if d == 0:
        return '0'
    s = format(d, 'f')
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    return s


def sig6(x):
    """Round to 6 significant digits and print as a plain decimal."""
    x = float(x)
    if x == 0:
        return '0'
    return plain(Decimal('%.5e' % x))


def dec(x, places=6):
    """Round to a fixed number of decimals (for shares): always `places` decimals."""
    return format(Decimal(repr(round(float(x), places))).quantize(Decimal(1).scaleb(-places)), 'f')


def read(name):
    with open(os.path.join(SRC, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    print('wrote %-36s %6d rows' % (name, len(rows)))


def pop_table():
    """{(year, sex, age): persons} from SSB 07459 (all years)."""
    out = {}
    for r in read('norway_population_jan1_by_age_sex_ssb07459_1986_2026.csv'):
        out[(int(r['year']), r['sex'], int(r['age']))] = int(r['persons'])
    return out


def pop_sum(pop, year, sex, a0, a1):
    sexes = SEXES if sex is None else (sex,)
    return sum(pop[(year, s, a)] for s in sexes for a in range(a0, a1 + 1))


def parse_group(label):
    """'0-17' -> (0,17); '90+' -> (90,105); '67+' -> (67,105)."""
    label = label.strip()
    if label.endswith('+'):
        return int(label[:-1]), MAX_AGE
    a, b = label.split('-')
    return int(a), int(b)


# --------------------------------------------------------------------------
# 1. population
# --------------------------------------------------------------------------
def make_population():
    rows = []
    for r in read('norway_population_jan1_by_age_sex_ssb07459_1986_2026.csv'):
        y = int(r['year'])
        if 2015 <= y <= 2026:
            rows.append((y, r['sex'], int(r['age']), int(r['persons'])))
    rows.sort(key=lambda t: (t[0], SEXES.index(t[1]), t[2]))
    write('population_jan1.csv', ['year', 'sex', 'age', 'persons'], rows)


# --------------------------------------------------------------------------
# 2. mortality (fill zero / NA cells below age 100 from neighbouring ages)
# --------------------------------------------------------------------------
def make_mortality():
    raw = {}
    for r in read('norway_mortality_mx_2015_2023_age0_100plus.csv'):
        key = (int(r['year']), r['sex'])
        v = r['mx'].strip()
        raw.setdefault(key, {})[int(r['age'])] = (None if v in ('', 'NA') else v)
    rows, filled = [], []
    for (y, s) in sorted(raw, key=lambda k: (k[0], SEXES.index(k[1]))):
        ages = raw[(y, s)]
        assert sorted(ages) == list(range(0, 101)), (y, s)
        ok = {a: float(v) for a, v in ages.items() if v is not None and float(v) > 0}
        for a in range(0, 101):
            v = ages[a]
            if a in ok:
                out = plain(v) if a < 100 else sig6(v)   # 100+ is derived upstream
            else:
                if a >= 100:
                    raise SystemExit('open age group 100+ missing for %s %s' % (y, s))
                lo = max((b for b in ok if b < a), default=None)
                hi = min((b for b in ok if b > a), default=None)
                vals = [ok[b] for b in (lo, hi) if b is not None]
                out = sig6(sum(vals) / len(vals))
                filled.append((y, s, a, 'NA' if v is None else plain(v), out, lo, hi))
            rows.append((y, s, a, out))
    write('mortality_mx.csv', ['year', 'sex', 'age', 'mx'], rows)
    write('mortality_mx_filled_cells.csv',
          ['year', 'sex', 'age', 'original_mx', 'filled_mx', 'method'],
          [(y, s, a, o, f,
            'assumption: mean of nearest non-zero mx of same year and sex at ages %s and %s '
            '(0 deaths observed; a zero rate would give certain survival)' % (lo, hi))
           for (y, s, a, o, f, lo, hi) in filled])
    return filled


# --------------------------------------------------------------------------
# 3. fertility
# --------------------------------------------------------------------------
def make_fertility():
    rows = []
    for r in read('norway_asfr_hfd_2010_2022.csv'):
        lab = r['age_label'].strip()
        age = 12 if lab == '12-' else 55 if lab == '55+' else int(lab)
        assert age == int(r['age'])
        rows.append((int(r['year']), age, plain(r['asfr'])))
    rows.sort()
    write('fertility_asfr.csv', ['year', 'age', 'asfr'], rows)


# --------------------------------------------------------------------------
# 4. net migration (residual, derived upstream)
# --------------------------------------------------------------------------
def make_migration():
    rows = []
    for r in read('DERIVED_norway_net_migration_residual_single_age_2019_2023.csv'):
        rows.append((int(r['year']), r['sex'], int(r['age_end_of_year']),
                     plain(r['net_migration_residual'])))
    rows.sort(key=lambda t: (t[0], SEXES.index(t[1]), t[2]))
    write('net_migration_by_age.csv', ['year', 'sex', 'age', 'persons'], rows)


# --------------------------------------------------------------------------
# 5. SSB 2024-round projection
# --------------------------------------------------------------------------
def proj_group(label):
    label = label.replace(' år', '').strip()
    if 'eldre' in label:
        return int(label.split()[0]), MAX_AGE
    if '-' in label:
        a, b = label.split('-')
        return int(a), int(b)
    return int(label), int(label)


def make_projection():
    order = ('MMMM', 'LLML', 'HHMH')
    rows = []
    for r in read('norway_population_projection_ssb_2024_2026_kostra_agegroups_to2050.csv'):
        if r['projection_round'] != '2024' or r['ssb_table'] != '14288':
            continue
        a0, a1 = proj_group(r['age_group'])
        rows.append((r['alternative'], int(r['year']), a0, a1, int(r['persons'])))
    rows.sort(key=lambda t: (order.index(t[0]), t[1], t[2]))
    write('ssb_projection_2024_round.csv',
          ['alternative', 'year', 'age_from', 'age_to', 'persons'], rows)


# --------------------------------------------------------------------------
# 6. services
# --------------------------------------------------------------------------
def service_levels():
    som_share = SOM_ARSVERK_2017 / SPEC_ARSVERK_2017
    som = SPEC_ARSVERK_2022 * som_share
    return {
        'somatic_specialist': som,
        'mental_health_substance': SPEC_ARSVERK_2022 - som,
        'nursing_homes': CARE_ARSVERK_2023 * INSTITUTION_SHARE,
        'home_care': CARE_ARSVERK_2023 * (1 - INSTITUTION_SHARE),
        'gp_emergency': float(GP_ARSVERK_2023),
        'other_municipal_health': float(HS_ARSVERK_2023 + PT_ARSVERK_2023),
    }, som_share


def make_services():
    lv, som_share = service_levels()
    per_place = lv['nursing_homes'] / NH_PLACES_2023
    spec_src = ('SSB spesialisthelsetjenesten: 134784 årsverk 2022 (%s); somatic 76196 of 114007 '
                'årsverk 2017 (%s; %s); file norway_specialist_health_keyfigures_ssb_2015_2022.csv'
                % (URL_SPEC, URL_SOM_2017, URL_SPEC_2017))
    care_src = ('SSB sjukeheimar, heimetenester og andre omsorgstenester: 157076 årsverk 2023, '
                'KOSTRA functions 234/253/254 (%s); file '
                'norway_municipal_care_keyfigures_kostra_2022_2023.csv' % URL_CARE)
    care_note = ('157076 x {s}; assumption: institution share {s} of municipal care årsverk. '
                 'Reason: gives {pp} årsverk per nursing-home place (39754 places 2023), a plausible '
                 'order of magnitude for 24-hour care incl. support staff, and leaves home care the '
                 'larger part because KOSTRA 254 also covers care housing, BPA and services to '
                 'younger disabled users. Not a published split: the WEAKEST number in this file.')
    rows = [
        ('somatic_specialist', 'Somatic specialist health care',
         'Somatisk spesialisthelsetjeneste', BASE_YEAR, sig6(lv['somatic_specialist']), 0, spec_src,
         'derived: 134784 x (76196/114007) = 134784 x %s; assumption: the 2022 total (latest in '
         'the data) is carried unchanged to base year 2023; assumption: the 2017 somatic share '
         '(latest year with total and somatic on the same basis) still holds' % sig6(som_share)),
        ('mental_health_substance', 'Mental health care and substance-abuse treatment (specialist)',
         'Psykisk helsevern og tverrfaglig spesialisert rusbehandling', BASE_YEAR,
         sig6(lv['mental_health_substance']), 0, spec_src,
         'derived: 134784 x (1 - 76196/114007); the non-somatic remainder = adult and child '
         'psychiatry + substance-abuse treatment (TSB) + any other non-somatic årsverk; '
         'assumption: 2022 total carried to 2023 and 2017 share still holds'),
        ('nursing_homes', 'Nursing homes and other institutions',
         'Sykehjem og andre institusjoner', BASE_YEAR, sig6(lv['nursing_homes']), 1, care_src,
         care_note.format(s=INSTITUTION_SHARE, pp='%.2f' % per_place)),
        ('home_care', 'Home-based care (home nursing, practical help, care housing)',
         'Hjemmebaserte tjenester', BASE_YEAR, sig6(lv['home_care']), 1, care_src,
         '157076 x (1 - %s); assumption: see nursing_homes (institution share %s)'
         % (INSTITUTION_SHARE, INSTITUTION_SHARE)),
        ('gp_emergency', 'GPs and emergency primary care (legevakt)', 'Fastlege og legevakt',
         BASE_YEAR, GP_ARSVERK_2023, 0,
         'SSB kommunehelsetenesta 2023: GP årsverk 6987 (quoted in shared SOURCES.md, '
         'facts for calibration)',
         'published; physician årsverk only (practice nurses/secretaries not included)'),
        ('other_municipal_health', 'Health stations, school health and physiotherapy',
         'Helsestasjon, skolehelsetjeneste og fysioterapi', BASE_YEAR,
         HS_ARSVERK_2023 + PT_ARSVERK_2023, 0,
         'SSB kommunehelsetenesta 2023: health stations and school health 6994, '
         'physiotherapists 5323 årsverk (quoted in shared SOURCES.md)',
         'derived: 6994 + 5323; public dental care is NOT included (no data in the bundle)'),
    ]
    write('services.csv', ['service', 'label_en', 'label_nb', 'base_year', 'base_arsverk',
                           'long_term_care', 'source', 'note'], rows)
    return lv


# --------------------------------------------------------------------------
# 7. service use profiles
# --------------------------------------------------------------------------
def spec_use():
    d = {}
    for r in read('norway_specialist_use_by_age_ssb14824_14820.csv'):
        d[(r['service'], int(r['year']), r['age_group'], r['metric'])] = \
            (float(r['value']), float(r['pop_mid']))
    return d


def rate(d, key):
    v, p = d[key]
    return v / p


def profile_rows(service, groups, basis, source):
    """groups: list of (a0, a1, value_female, value_male)."""
    rows = []
    for s_i, s in enumerate(SEXES):
        for g in groups:
            rows.append((service, s, g[0], g[1], sig6(g[2 + s_i]), basis, source))
    return rows


def make_profiles(pop):
    rows = []
    su = spec_use()

    # --- somatic specialist: SSB 14824, 2024
    y = 2024
    svc = 'somatic_specialist'
    b_all = rate(su, (svc, y, 'alle', 'oppholdsdogn'))
    p_all = rate(su, (svc, y, 'alle', 'pasienter'))
    groups = []
    for lab in ('0-17', '18-29', '30-49', '50-66', '67-79', '80-89', '90+'):
        a0, a1 = parse_group(lab)
        v = (SOM_W_BEDDAYS * rate(su, (svc, y, lab, 'oppholdsdogn')) / b_all
             + SOM_W_PATIENTS * rate(su, (svc, y, lab, 'pasienter')) / p_all)
        groups.append((a0, a1, v, v))
    rows += profile_rows(
        svc, groups,
        '0.6*(bed days per capita / all-ages rate) + 0.4*(patients per capita / all-ages rate), '
        '2024; weights are an assumption (inpatient days ~60% of cost); same for both sexes '
        '(no sex split in the data)',
        'SSB table 14824 (2024) via hmelberg/kapasitet; norway_specialist_use_by_age_ssb14824_14820.csv')

    # --- mental health and substance abuse: SSB 14820, 2023 adults + child assumption
    y = 2023
    svc = 'mental_health_adult_specialist'
    base = {m: rate(su, (svc, y, '18+', m))
            for m in ('oppholdsdogn', 'polikliniske_konsultasjoner', 'pasienter')}
    child = 1000.0 * MH_CHILD_PATIENT_RATE / (1000.0 * base['pasienter'])
    groups = [(0, 17, child, child)]
    for lab in ('18-29', '30-49', '50-66', '67+'):
        a0, a1 = parse_group(lab)
        v = (MH_W_BEDDAYS * rate(su, (svc, y, lab, 'oppholdsdogn')) / base['oppholdsdogn']
             + MH_W_CONSULT * rate(su, (svc, y, lab, 'polikliniske_konsultasjoner'))
             / base['polikliniske_konsultasjoner']
             + MH_W_PATIENTS * rate(su, (svc, y, lab, 'pasienter')) / base['pasienter'])
        groups.append((a0, a1, v, v))
    mh_rows = profile_rows(
        'mental_health_substance', groups[1:],
        '0.5*bed days + 0.3*outpatient consultations + 0.2*patients, each per capita / 18+ rate, '
        '2023; weights are an assumption; same for both sexes (no sex split); substance-abuse '
        '(TSB) assumed to follow the adult psychiatry shape',
        'SSB table 14820 (2023) via hmelberg/kapasitet; norway_specialist_use_by_age_ssb14824_14820.csv')
    child_rows = profile_rows(
        'mental_health_substance', groups[:1],
        'assumption: 0-17 (child and adolescent psychiatry, BUP, not in the data): patient rate '
        '5%% a year / adult 18+ patient rate 2023 (%.4f), resource use per patient = adult average'
        % base['pasienter'],
        'assumption (Helsedirektoratet order of magnitude: ~5% of children treated by BUP a year)')
    # keep sex-major ordering
    for s in SEXES:
        rows += [r for r in child_rows if r[1] == s] + [r for r in mh_rows if r[1] == s]

    # --- nursing homes: IPLOS institution residents per 1000, mean of 2008-2010
    dr = read('DERIVED_norway_care_use_rates_per1000_by_agegroup_2007_2010.csv')
    inst = {}
    for r in dr:
        if r['measure'] == 'institution_residents':
            inst.setdefault(r['age_group'], []).append(
                1000.0 * float(r['users']) / float(r['population_denominator']))
    groups = []
    for lab in ('0-66', '67-79', '80-89', '90+'):
        a0, a1 = parse_group(lab)
        v = sum(inst[lab]) / len(inst[lab])
        groups.append((a0, a1, v, v))
    rows += profile_rows(
        'nursing_homes', groups,
        'institution residents per 1000 inhabitants, mean of the 2008, 2009, 2010 rates '
        '(residents / population 1 Jan following year); same for both sexes (no sex split in the '
        'data); 0-66 kept flat (no finer age data)',
        'SSB IPLOS archive table (%s); DERIVED_norway_care_use_rates_per1000_by_agegroup_2007_2010.csv'
        % URL_INST)

    # --- home care: recipients per 1000 (2007-2008) x hours per week per recipient (2009)
    rec = {}
    for r in dr:
        if r['measure'] == 'home_service_recipients':
            rec.setdefault(r['age_group'], []).append(
                1000.0 * float(r['users']) / float(r['population_denominator']))
    rec = {k: sum(v) / len(v) for k, v in rec.items()}
    arch = read('norway_care_use_by_age_ssb_archive_tables.csv')
    hours, n_stated = {}, {}
    for r in arch:
        if r['year'] == '2009' and r['measure'] == 'home_care_hours_per_week_per_recipient':
            hours[r['age_group']] = float(r['value'])
        if r['year'] == '2009' and r['measure'] == 'home_care_recipients_with_hours_stated':
            n_stated[r['age_group']] = float(r['value'])
    # split the 0-66 recipient rate into 0-17 / 18-49 / 50-66 with the 2009 age distribution
    # of recipients (hours table) relative to the population distribution on 1 Jan 2010
    under = ('0-17', '18-49', '50-66')
    r_tot = sum(n_stated[g] for g in under)
    p_tot = pop_sum(pop, 2010, None, 0, 66)
    groups = []
    for lab in under:
        a0, a1 = parse_group(lab)
        rate_g = rec['0-66'] * (n_stated[lab] / r_tot) / (pop_sum(pop, 2010, None, a0, a1) / p_tot)
        v = rate_g * hours[lab]
        groups.append((a0, a1, v, v))
    for lab in ('67-79', '80-89', '90+'):
        a0, a1 = parse_group(lab)
        v = rec[lab] * hours[lab]
        groups.append((a0, a1, v, v))
    rows += profile_rows(
        'home_care', groups,
        'weekly home-care hours per 1000 inhabitants = recipients per 1000 (mean 2007-2008) x '
        'hours per week per recipient (2009); 0-66 recipient rate split into 0-17/18-49/50-66 by '
        'the 2009 recipient age distribution (hours table) / population 1 Jan 2010; same for both '
        'sexes (no sex split)',
        'SSB IPLOS archive tables (%s; %s); DERIVED_norway_care_use_rates_per1000_by_agegroup_'
        '2007_2010.csv; norway_care_use_by_age_ssb_archive_tables.csv; SSB 07459' % (URL_HOMEREC, URL_HOURS))

    # --- GP + legevakt: consultations per person 2023, mean-preserving sex split
    gp = {r['group']: r for r in read('norway_gp_legevakt_use_by_age_2023.csv')}
    cons = {k: float(gp[k]['gp_consult_per_person']) + float(gp[k]['emergency_gp_consult_per_person'])
            for k in gp}
    f_w, f_m = cons['women'], cons['men']
    gp_groups = []
    for lab in ('0-5', '6-15', '16-19', '20-29', '30-49', '50-66', '67-79', '80-89', '90+'):
        a0, a1 = parse_group(lab)
        nf, nm = pop_sum(pop, 2023, 'female', a0, a1), pop_sum(pop, 2023, 'male', a0, a1)
        k = cons[lab] * (nf + nm) / (f_w * nf + f_m * nm)
        gp_groups.append((a0, a1, k * f_w, k * f_m))
    rows += profile_rows(
        'gp_emergency', gp_groups,
        'GP + legevakt consultations per person 2023 by age group, times a sex factor from the '
        'all-ages ratio women %.2f / men %.2f (GP+legevakt), scaled so the both-sex mean of each '
        'group (1 Jan 2023 population) equals the published value; same sex ratio at every age is '
        'an approximation' % (f_w, f_m),
        'SSB allmennlegetenesta 2023 (%s); norway_gp_legevakt_use_by_age_2023.csv; SSB 07459' % URL_GP)

    # --- other municipal health: health stations/school health + physiotherapy
    # component profiles normalised to 1 årsverk over the 2023 population, then weighted
    hs = []
    for (a0, a1, _, _) in gp_groups:
        w = HS_WEIGHT_0_5 if a1 <= 5 else (HS_WEIGHT_6_19 if a1 <= 19 else 0.0)
        hs.append((a0, a1, w, w))

    def norm(groups):
        return sum(pop_sum(pop, 2023, s, g[0], g[1]) * g[2 + i]
                   for g in groups for i, s in enumerate(SEXES))

    hs_tot, pt_tot = norm(hs), norm(gp_groups)
    groups = []
    for h, p in zip(hs, gp_groups):
        vf = 1000.0 * (HS_ARSVERK_2023 * h[2] / hs_tot + PT_ARSVERK_2023 * p[2] / pt_tot)
        vm = 1000.0 * (HS_ARSVERK_2023 * h[3] / hs_tot + PT_ARSVERK_2023 * p[3] / pt_tot)
        groups.append((h[0], h[1], vf, vm))
    rows += profile_rows(
        'other_municipal_health', groups,
        'årsverk per 1000 inhabitants 2023 = 1000*[6994*HS(a)/sum(N*HS) + 5323*GP(s,a)/sum(N*GP)], '
        'N = population 1 Jan 2023; HS = health stations/school health, ages 0-19 only, weight 2 '
        'at 0-5 and 1 at 6-19 (assumption); physiotherapy shaped like the gp_emergency profile '
        '(assumption: proxy)',
        'SSB kommunehelsetenesta 2023 (årsverk 6994 and 5323); gp_emergency profile; SSB 07459')

    write('service_use_profiles.csv',
          ['service', 'sex', 'age_from', 'age_to', 'relative_use', 'basis', 'source'], rows)
    return rows


# --------------------------------------------------------------------------
# 8. staffing mix
# --------------------------------------------------------------------------
def make_staffing(lv):
    rows = []
    asm_spec = ('assumption: order of magnitude from SSB/Helsedirektoratet specialist-care personnel '
                'statistics (not in the bundled data)')
    asm_care = ('assumption: order of magnitude from SSB/Helsedirektoratet municipal care personnel '
                'statistics; constrained by the published 74.7% of care årsverk with health '
                'education (117298/157076, 2023; 77.1% of user-directed årsverk)')
    reasons = {
        'somatic_specialist': {
            'nurses': asm_spec + '; incl. specialist nurses and midwives',
            'health_care_workers': asm_spec + '; few auxiliary nurses in hospitals',
            'physicians': asm_spec,
            'bioengineers': asm_spec + '; hospital laboratories, ~3-4% of somatic årsverk',
            'medical_technical_engineers': asm_spec + '; MTU departments, ~0.5-1% of somatic årsverk',
            'other': 'residual: 1 - sum of the above (psychologists, physiotherapists, radiographers, '
                     'administration, service and technical staff)'},
        'mental_health_substance': {
            'nurses': asm_spec,
            'health_care_workers': asm_spec,
            'physicians': asm_spec + '; psychiatrists and other physicians',
            'bioengineers': 'assumption: ~0, laboratories are organised in somatic divisions',
            'medical_technical_engineers': 'assumption: ~0, little medical-technical equipment',
            'other': 'residual: 1 - sum of the above (psychologists, social workers, milieu '
                     'therapists, administration)'},
        'nursing_homes': {
            'nurses': asm_care,
            'health_care_workers': asm_care + '; certified health care workers/auxiliary nurses',
            'physicians': 'assumption: nursing-home physicians ~0.5% of institution årsverk '
                          '(most physician time is counted under other KOSTRA functions)',
            'bioengineers': 'assumption: ~0 in municipal services',
            'medical_technical_engineers': 'assumption: ~0 in municipal services',
            'other': 'residual: 1 - sum (other health/social education e.g. vernepleiere ~12%, '
                     'staff without health education ~25%, administration)'},
        'home_care': {
            'nurses': asm_care,
            'health_care_workers': asm_care + '; certified health care workers/auxiliary nurses',
            'physicians': 'assumption: 0, home care is not physician-staffed',
            'bioengineers': 'assumption: ~0 in municipal services',
            'medical_technical_engineers': 'assumption: ~0 in municipal services',
            'other': 'residual: 1 - sum (vernepleiere and other social education, assistants '
                     'without health education, BPA assistants, administration)'},
    }
    src_spec = 'assumption (no personnel-by-profession data in the bundle)'
    src_care = ('assumption, anchored on SSB %s (117298 årsverk with health education of 157076, '
                '2023)' % URL_CARE)
    for svc in ('somatic_specialist', 'mental_health_substance', 'nursing_homes', 'home_care'):
        vals = [Decimal(dec(x)) for x in STAFFING[svc]]
        vals.append(Decimal(1) - sum(vals))
        src = src_spec if svc in ('somatic_specialist', 'mental_health_substance') else src_care
        for k, v in zip(PROFESSIONS, vals):
            rows.append((svc, k, dec(v), reasons[svc][k], src if k != 'other' else 'derived'))
    # gp_emergency: the base årsverk are physician (GP) årsverk by definition
    for k in PROFESSIONS:
        rows.append(('gp_emergency', k, dec(1.0 if k == 'physicians' else 0.0),
                     'published definition: the 6987 base årsverk are GP (physician) årsverk; '
                     'practice and legevakt support staff are not in the base figure',
                     'SSB kommunehelsetenesta 2023'))
    # other_municipal_health: derived from component årsverk
    tot = HS_ARSVERK_2023 + PT_ARSVERK_2023
    nur = Decimal(dec(HS_NURSE_SHARE * HS_ARSVERK_2023 / tot))
    phy = Decimal(dec(HS_PHYS_SHARE * HS_ARSVERK_2023 / tot))
    vals = {'nurses': nur, 'health_care_workers': Decimal(0), 'physicians': phy,
            'bioengineers': Decimal(0), 'medical_technical_engineers': Decimal(0)}
    vals['other'] = Decimal(1) - sum(vals.values())
    basis = {
        'nurses': 'derived: 0.80*6994/(6994+5323); the 0.80 share of health-station/school-health '
                  'årsverk held by public health nurses and midwives is an assumption',
        'health_care_workers': 'assumption: 0, not a health-station/physiotherapy profession',
        'physicians': 'derived: 0.03*6994/(6994+5323); the 0.03 physician share of health-station '
                      'årsverk is an assumption',
        'bioengineers': 'assumption: 0 in municipal services',
        'medical_technical_engineers': 'assumption: 0 in municipal services',
        'other': 'residual: physiotherapists (5323, published) + remaining health-station staff',
    }
    for k in PROFESSIONS:
        rows.append(('other_municipal_health', k, dec(vals[k]), basis[k],
                     'SSB kommunehelsetenesta 2023 (6994 and 5323 årsverk) + assumption'))
    write('staffing_mix.csv', ['service', 'profession', 'share', 'basis', 'source'], rows)
    return rows


# --------------------------------------------------------------------------
# 9. employment rates
# --------------------------------------------------------------------------
def make_employment(pop):
    aku = {}
    for r in read('norway_macro_and_finance_refs.csv'):
        if r['year'] == '2017' and r['indicator'].startswith('AKU_employment_rate_'):
            _, grp, sex = r['indicator'].rsplit('_', 2)
            aku[(grp, sex)] = float(r['value']) / 100.0
    rows = []
    for s in SEXES:
        key = 'female' if s == 'female' else 'male'

        def n(a0, a1):  # 2017 average population = mean of 1 Jan 2017 and 1 Jan 2018
            return 0.5 * (pop_sum(pop, 2017, s, a0, a1) + pop_sum(pop, 2018, s, a0, a1))
        r1574, r1524, r2566 = aku[('15-74', key)], aku[('15-24', key)], aku[('25-66', key)]
        r6774 = (r1574 * n(15, 74) - r1524 * n(15, 24) - r2566 * n(25, 66)) / n(67, 74)
        rows += [
            (s, 0, 14, 0, 'assumption: 0 (AKU covers ages 15-74; child labour negligible)', 'assumption'),
            (s, 15, 24, sig6(r1524), 'published: AKU 2017 annual average, pre-2021 method', URL_AKU),
            (s, 25, 66, sig6(r2566), 'published: AKU 2017 annual average, pre-2021 method', URL_AKU),
            (s, 67, 74, sig6(r6774),
             'derived: (r15-74*N15-74 - r15-24*N15-24 - r25-66*N25-66)/N67-74, N = mean of 1 Jan 2017 '
             'and 1 Jan 2018 population (SSB 07459); rates rounded to 0.1 pp in the source, so about '
             '+-1 pp uncertainty', URL_AKU + '; SSB 07459'),
            (s, 75, MAX_AGE, 0, 'assumption: 0 (AKU covers 15-74; employment at 75+ is small)',
             'assumption'),
        ]
    write('employment_rates.csv', ['sex', 'age_from', 'age_to', 'rate', 'basis', 'source'], rows)
    return rows


def make_mortality_decline():
    """Age pattern of mortality decline: the UN WPP 2024 medium variant's average annual
    decline of mx by age between 2020-2025 (mid-year 2023) and 2055-2060 (mid-year 2058),
    b = ln(mx_2023 / mx_2058) / 35, interpolated linearly between the mid-points of the
    abridged age groups (0, 1-4, 5-9, ..., 100+) and held flat beyond the last one.
    carecast only uses its shape (normalised to mean 1); the level comes from the scenario."""
    rates = {}
    for r in read('norway_mortality_mx_abridged_wpp2024_1950_2100.csv'):
        if r['period'] in ('2020-2025', '2055-2060'):
            rates[(r['period'], r['sex'], r['age_start'])] = float(r['mx'])
    import math
    rows = []
    for sex in SEXES:
        points = []
        for (period, sx, start), early in sorted(rates.items()):
            if period != '2020-2025' or sx != sex:
                continue
            late = rates[('2055-2060', sex, start)]
            if start == '100+':
                mid = 102.5
            else:
                a = int(start)
                width = 1 if a == 0 else (4 if a == 1 else 5)
                mid = a + width / 2.0
            points.append((mid, max(0.0, math.log(early / late) / 35.0)))
        points.sort()
        for age in range(MAX_AGE + 1):
            x = age + 0.5
            if x <= points[0][0]:
                value = points[0][1]
            elif x >= points[-1][0]:
                value = points[-1][1]
            else:
                for (x0, y0), (x1, y1) in zip(points, points[1:]):
                    if x0 <= x <= x1:
                        value = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                        break
            rows.append([sex, age, sig6(value)])
    write('mortality_decline_pattern.csv', ['sex', 'age', 'decline_rate'], rows)
    return rows


def main():
    global SRC
    if len(sys.argv) > 1:
        SRC = os.path.abspath(sys.argv[1])
    if not os.path.isdir(SRC):
        raise SystemExit('shared data folder not found: %s' % SRC)
    pop = pop_table()
    make_population()
    filled = make_mortality()
    make_mortality_decline()
    make_fertility()
    make_migration()
    make_projection()
    lv = make_services()
    make_profiles(pop)
    make_staffing(lv)
    make_employment(pop)
    print('mortality cells filled: %d' % len(filled))


if __name__ == '__main__':
    main()
