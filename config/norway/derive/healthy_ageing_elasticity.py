#!/usr/bin/env python3
"""Derives the reference elasticity eta of healthy ageing by the mortality ratio (docs/model.md).

SSB lowers user rates above 55 "in step with" the fall in death probabilities. Read as: a person
of age a in year t uses services as a base-year person with the same death probability did.
With Gompertz death probabilities q(a) ~ exp(beta*a) and user rates r(a) ~ exp(gamma*a) at
those ages, the person's equivalent base-year age is a - delta with delta = -ln(q_t/q_t0)/beta,
so the user rate changes by exp(-gamma*delta) = (q_t/q_t0)^(gamma/beta): eta = gamma/beta.

beta: least-squares slope of ln q(a) on age, q = 1 - exp(-mx), ages 55-95, base year, the two
sexes pooled with equal weight. gamma: least-squares slope of ln R(a) on age over the same ages,
R(a) = sum over services of base-year årsverk per inhabitant of age a (the rates the engine
calibrates: profile * base årsverk / sum(N * profile)), both sexes, weighted by the population
of each age and sex (so the slope describes where the årsverk are).

Usage: healthy_ageing_elasticity.py [CONFIG_DIR]   (default: the directory above this script)
Prints beta, gamma and eta (rounded to 2 decimals, the value in config/norway.yaml).
"""
import csv
import math
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(here)
BASE_YEAR, FROM, TO = 2023, 55, 95


def rows(name):
    with open(os.path.join(data, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


mx = {(r['sex'], int(r['age'])): float(r['mx']) for r in rows('mortality_mx.csv') if int(r['year']) == BASE_YEAR}
pop = {(r['sex'], int(r['age'])): float(r['persons']) for r in rows('population_jan1.csv') if int(r['year']) == BASE_YEAR}
services = {r['service']: float(r['base_arsverk']) for r in rows('services.csv')}
profile = {}
for r in rows('service_use_profiles.csv'):
    for a in range(int(r['age_from']), int(r['age_to']) + 1):
        profile[(r['service'], r['sex'], a)] = float(r['relative_use'])

rate = {}
for service, arsverk in services.items():
    weighted = sum(pop[(g, a)] * profile.get((service, g, a), 0.0) for (g, a) in pop)
    for (g, a) in pop:
        rate[(g, a)] = rate.get((g, a), 0.0) + profile.get((service, g, a), 0.0) * arsverk / weighted


def slope(points):
    """Weighted least-squares slope of y on x; points are (x, y, weight)."""
    w = sum(p[2] for p in points)
    mx_ = sum(p[0] * p[2] for p in points) / w
    my = sum(p[1] * p[2] for p in points) / w
    sxy = sum(p[2] * (p[0] - mx_) * (p[1] - my) for p in points)
    sxx = sum(p[2] * (p[0] - mx_) ** 2 for p in points)
    return sxy / sxx


ages = range(FROM, TO + 1)
beta = slope([(a, math.log(-math.expm1(-mx[(g, a)])), 1.0) for g in ('female', 'male') for a in ages])
gamma = slope([(a, math.log(rate[(g, a)]), pop[(g, a)]) for g in ('female', 'male') for a in ages])
print(f"beta  (slope of ln q, ages {FROM}-{TO}, {BASE_YEAR}): {beta:.4f} per year of age")
print(f"gamma (slope of ln R, ages {FROM}-{TO}, {BASE_YEAR}): {gamma:.4f} per year of age")
print(f"eta = gamma/beta = {gamma / beta:.4f} -> {round(gamma / beta, 2):.2f}")
