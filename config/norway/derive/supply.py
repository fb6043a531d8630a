#!/usr/bin/env python3
"""Derives carecast's Norwegian supply-side base data (config/norway/supply_*.csv).

Reads the supply tables in shared/supply/ (default /work/shared/data/norway) and writes:
  supply_stock.csv  persons in the workforce with each profession's education, 1 January 2015,
                    by sex and age group (profession,sex,age_from,age_to,persons,basis,source)
  supply_flows.csv  graduates, immigrants, share in health and care, årsverk per person by profession
  supply_exits.csv  retirement and leaving rates by age group (all professions)
Every figure that is not read from a source is marked "assumption" in its basis column and listed
in docs/supply.md. Python 3 standard library only.

    python3 config/norway/derive/supply.py [path/to/shared/data/norway]
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
SHARED = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/norway"
SUPPLY = os.path.join(SHARED, "supply")

URL_LF = ("https://www.ssb.no/179950/personer-i-arbeidsstyrken-med-helse-og-sosialfaglig-utdanning-etter-"
          "fagutdanning-arbeidsstyrkestatus-og-alder")
URL_AGE = ("https://www.ssb.no/179953/sysselsatte-personer-med-helse-og-sosialfaglig-utdanning-som-arbeider-i-"
           "helse-og-sosialtjenester-etter-fagutdanning-og-alder.per-4.kvartal")
URL_2015 = "https://www.ssb.no/270656/helse-og-sosialpersonell-15-74-ar"
URL_2006 = "https://www.ssb.no/a/kortnavn/hesospers/arkiv/tab-2007-06-19-03.html"
URL_AUTH = ("https://www.helsedirektoratet.no/rapporter/personell-og-kompetanse-i-den-kommunale-helse-og-"
            "omsorgstjenesten/utdanning-og-tilgang-pa-personell/autorisasjon-av-personell (Tabell 27)")
URL_AKU = "https://www.ssb.no/337436/arbeidsstyrken-15-74-ar-etter-alder-og-kjonn-aku"

# Educations of SSB's tables grouped into the demand side's professions; `other` is the rest of
# the health and social educations. Medical-technical engineers are engineers, not in SSB's
# health-education tables: their stock is an assumption.
GROUPS = {
    "nurses": ["Sykepleier", "Helsesøster", "Jordmor"],
    "health_care_workers": ["Hjelpepleier", "Helsefagarbeider", "Omsorgsarbeider"],
    "physicians": ["Lege uten spesialitet", "Lege med spesialitet", "Medisinstudent med lisens"],
    "bioengineers": ["Bioingeniør"],
    # Public dental care's professions (docs/model.md §6).
    "dentists": ["Tannlege uten spesialitet", "Tannlege med spesialitet"],
    "dental_hygienists": ["Tannpleier"],
    "dental_assistants": ["Tannhelsesekretær"],
}
ORDER = ["nurses", "health_care_workers", "physicians", "bioengineers", "medical_technical_engineers", "dentists",
         "dental_hygienists", "dental_assistants", "other"]
TOTAL = "Helse- og sosialfagutdanning i alt"

# Assumptions (A-S numbers are those of docs/supply.md).
FEMALE_SHARE = {"nurses": 0.90, "health_care_workers": 0.90, "physicians": 0.50, "bioengineers": 0.85,
                "medical_technical_engineers": 0.20, "dentists": 0.55, "dental_hygienists": 0.95,
                "dental_assistants": 0.95}  # AS2; `other` is the residual of the 2015 total
YOUNGEST = {"nurses": 22, "health_care_workers": 19, "physicians": 25, "bioengineers": 22,
            "medical_technical_engineers": 23, "dentists": 24, "dental_hygienists": 22, "dental_assistants": 19,
            "other": 20}  # AS3: first age of SSB's 15-39 group
MTE_STOCK_2015 = 1200  # AS4


def read(name):
    with open(os.path.join(SUPPLY, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    lf = {r["education_no"]: r for r in read("norway_labour_force_status_by_health_education_ssb_2013.csv")}
    ages = {}
    for r in read("norway_employed_in_health_social_services_by_education_agegroup_ssb_2013.csv"):
        ages.setdefault(r["education_no"], {})[r["age_group"]] = float(r["employed_persons_in_health_social_services"])
    key = {(r["year"], r["sex"], r["measure"]): float(r["persons"])
           for r in read("norway_health_social_personnel_keyfigures_ssb_2015_2023.csv")}
    rates06 = {}
    for r in read("norway_health_education_employment_and_arsverk_rates_ssb_archive_2005_2006.csv"):
        if r["year"] == "2006":
            rates06[(r["education_no"], r["measure"])] = float(r["value"])
    auth = {}
    for r in read("norway_authorisations_granted_by_profession_origin_2019_2022.csv"):
        auth[(r["year"], r["profession_no"], r["education_region"])] = float(r["authorisations"])

    employed_2015 = key[("2015", "total", "employed_with_health_social_education_15_74")]
    female_2015 = key[("2015", "female", "employed_with_health_social_education_15_74")]
    employed_2013 = float(lf[TOTAL]["employed_all_ages"])
    scale = employed_2015 / employed_2013

    groups = dict(GROUPS)
    named = [e for g in GROUPS.values() for e in g]
    groups["other"] = [e for e in lf if e != TOTAL and e not in named]

    def employed(p):
        return sum(float(lf[e]["employed_all_ages"]) for e in groups[p])

    def age_counts(p):
        out = {g: 0.0 for g in ("15-39", "40-54", "55-66", "67+")}
        for e in groups[p]:
            for g in out:
                out[g] += ages.get(e, {}).get(g, 0.0)
        return out

    stock = {p: employed(p) * scale for p in groups}
    named_female = sum(stock[p] * FEMALE_SHARE[p] for p in GROUPS)
    FEMALE_SHARE["other"] = (female_2015 - named_female) / stock["other"]

    stock_rows = []
    structure_of = dict((p, p) for p in groups)
    structure_of["medical_technical_engineers"] = "bioengineers"
    for p in ORDER:
        persons = MTE_STOCK_2015 if p == "medical_technical_engineers" else stock[p]
        counts = age_counts(structure_of[p])
        total = sum(counts.values())
        spans = {"15-39": (YOUNGEST[p], 39), "40-54": (40, 54), "55-66": (55, 66), "67+": (67, 74)}
        for sex, share in (("female", FEMALE_SHARE[p]), ("male", 1 - FEMALE_SHARE[p])):
            for g, (lo, hi) in spans.items():
                value = persons * share * counts[g] / total
                if p == "medical_technical_engineers":
                    basis = ("assumption AS4: 1 200 persons in 2015 (no public stock found); age structure of "
                             "bioengineers (AS3); female share 0.20 (AS2)")
                    source = "assumption"
                else:
                    basis = (f"derived: employed with the education 2013 ({'+'.join(groups[p]) if p != 'other' else 'all other health and social educations'}) "
                             f"x {employed_2015:.0f}/{employed_2013:.0f} (employed with health/social education 2015/2013); "
                             f"age shares of those employed in health and social services 2013, group {g} spread evenly over "
                             f"ages {lo}-{hi} (AS3); female share {share if sex == 'female' else 1 - share:.4f} "
                             + ("(residual of the 2015 female total)" if p == "other" else "(assumption AS2)"))
                    source = f"SSB {URL_LF}; SSB {URL_AGE}; SSB {URL_2015}"
                stock_rows.append([p, sex, lo, hi, f"{value:.1f}", basis, source])

    def share_hss(p):
        hss = sum(ages.get(e, {}).get("all", 0.0) for e in groups[p])
        return hss / employed(p)

    def aw(numer_keys, denom_keys):
        n = sum(rates06[(e, "contracted_arsverk_in_health_social_services")] for e in numer_keys)
        d = sum(rates06[(e, "employed_in_health_social_services")] for e in denom_keys)
        return n / d

    aw_nurses = aw(["Sykepleiere", "Jordmødre"], ["Sykepleiere", "Jordmødre"])
    aw_hcw = aw(["Hjelpepleiere", "Omsorgsarbeidere"], ["Hjelpepleiere", "Omsorgsarbeidere"])
    aw_radio = aw(["Radiografer"], ["Radiografer"])
    listed = ["Sykepleiere", "Jordmødre", "Hjelpepleiere", "Omsorgsarbeidere"]
    aw_other = ((rates06[("I alt", "contracted_arsverk_in_health_social_services")] -
                 sum(rates06[(e, "contracted_arsverk_in_health_social_services")] for e in listed)) /
                (rates06[("I alt", "employed_in_health_social_services")] -
                 sum(rates06[(e, "employed_in_health_social_services")] for e in listed)))
    hcw_grads = (auth[("2019", "Helsefagarbeider", "educated_in_norway")] +
                 auth[("2020", "Helsefagarbeider", "educated_in_norway")]) / 2
    hcw_imm = sum(auth[(y, "Helsefagarbeider", r)] for y in ("2019", "2020")
                  for r in ("educated_nordic", "educated_eu_eea", "educated_other")) / 2
    share_note = "derived: employed in health and social services / employed, 2013 (SSB)"
    flows = {
        "nurses": [4500, 22, 30, 0.88, 1000, 25, 44, 0.85, share_hss("nurses"), aw_nurses,
                   f"graduates AS5 and immigrants AS6 are assumptions (2022: 6 370 nurse authorisations of all origins, "
                   f"Sykepleien); share {share_note}; årsverk per person = contracted årsverk / employed in health and "
                   f"social services 2006, nurses and midwives (SSB)",
                   f"assumption; SSB {URL_LF}; SSB {URL_AGE}; SSB {URL_2006}; https://sykepleien.no/2023/01/nesten-20-000-fikk-norsk-autorisasjon-i-2022"],
        "health_care_workers": [hcw_grads, 19, 40, 0.85, hcw_imm, 25, 49, 0.80, share_hss("health_care_workers"), aw_hcw,
                                "graduates = mean 2019-2020 helsefagarbeider authorisations educated in Norway; immigrants = "
                                "mean of those educated abroad (Helsedirektoratet); ages and female shares AS7 (assumption); "
                                f"share {share_note}; årsverk per person 2006, hjelpepleiere and omsorgsarbeidere (SSB)",
                                f"Helsedirektoratet {URL_AUTH}; SSB {URL_LF}; SSB {URL_2006}"],
        "physicians": [1100, 25, 32, 0.55, 600, 28, 49, 0.50, share_hss("physicians"), 0.95,
                       "graduates (Norwegians educated in Norway and abroad) AS5, immigrants AS6 and årsverk per person "
                       f"AS8 are assumptions (2015 net growth of authorised physicians: 1 599, Helsedirektoratet); share {share_note}",
                       f"assumption; SSB {URL_LF}; SSB {URL_AGE}; jusboka.no/helse-norge-pr-1-1-2016 (Helsedirektoratet)"],
        "bioengineers": [300, 22, 30, 0.85, 40, 25, 44, 0.80, share_hss("bioengineers"), aw_radio,
                         "graduates AS5 and immigrants AS6 are assumptions (2015 net growth of authorised bioengineers: 191); "
                         f"share {share_note}; årsverk per person: radiographers' 2006 figure as a proxy (assumption AS8)",
                         f"assumption; SSB {URL_LF}; SSB {URL_AGE}; SSB {URL_2006}"],
        "medical_technical_engineers": [60, 23, 30, 0.20, 15, 25, 44, 0.20, 0.60, 0.95,
                                        "all assumptions (AS4-AS8): engineers are outside SSB's health-education tables",
                                        "assumption"],
        "dentists": [220, 24, 32, 0.60, 80, 27, 44, 0.55, share_hss("dentists"), 0.90,
                     "graduates (educated in Norway and abroad) AS11, immigrants AS11 and årsverk per person AS8 are "
                     f"assumptions; share {share_note}",
                     f"assumption; SSB {URL_LF}; SSB {URL_AGE}"],
        "dental_hygienists": [110, 22, 30, 0.95, 10, 25, 44, 0.95, share_hss("dental_hygienists"), 0.85,
                              "graduates, immigrants (AS11) and årsverk per person (AS8) are assumptions; "
                              f"share {share_note}",
                              f"assumption; SSB {URL_LF}; SSB {URL_AGE}"],
        "dental_assistants": [250, 19, 30, 0.95, 20, 25, 44, 0.95, share_hss("dental_assistants"), 0.85,
                              "graduates, immigrants (AS11) and årsverk per person (AS8) are assumptions; "
                              f"share {share_note}",
                              f"assumption; SSB {URL_LF}; SSB {URL_AGE}"],
        "other": [9000 - 220 - 110 - 250, 21, 35, 0.80, 1000 - 80 - 10 - 20, 25, 44, 0.80, share_hss("other"), aw_other,
                  "graduates AS5 and immigrants AS6 are assumptions (9 000 and 1 000 less the dental educations' AS11 "
                  "inflows, which were part of them before they were separated; the least known inflow: every other health and "
                  f"social education); share {share_note}; årsverk per person = all educations 2006 less those listed (SSB)",
                  f"assumption; SSB {URL_LF}; SSB {URL_AGE}; SSB {URL_2006}"],
    }
    with open(os.path.join(OUT, "supply_stock.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["profession", "sex", "age_from", "age_to", "persons", "basis", "source"])
        w.writerows(stock_rows)
    with open(os.path.join(OUT, "supply_flows.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["profession", "graduates", "graduate_age_from", "graduate_age_to", "graduate_female_share",
                    "immigrants", "immigrant_age_from", "immigrant_age_to", "immigrant_female_share",
                    "share_in_health_care", "arsverk_per_person", "basis", "source"])
        for p in ORDER:
            v = flows[p]
            w.writerow([p, f"{v[0]:g}", v[1], v[2], v[3], f"{v[4]:g}", v[5], v[6], v[7], f"{v[8]:.4f}", f"{v[9]:.4f}",
                        v[10], v[11]])
    exits = [
        (0, 14, 0, 0, "no workforce below 15"),
        (15, 59, 0, 0.01, "leaving 1 %/yr: assumption AS10"),
        (60, 61, 0.03, 0.01, "retirement: assumption AS9 (early pensions)"),
        (62, 66, 0.10, 0.01, "retirement: assumption AS9 (AFP from 62)"),
        (67, 74, 0.35, 0, "retirement: assumption AS9, checked against SSB 2013 (67+ are 2.0 % of those employed in health and social services) and AKU 2016 participation 67-74 of 12.7 %"),
        (75, 200, 1, 0, "SSB's statistics cover ages 15-74: everyone leaves the stock at 75 (assumption AS9)"),
    ]
    with open(os.path.join(OUT, "supply_exits.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["age_from", "age_to", "retirement_rate", "leaving_rate", "basis", "source"])
        for lo, hi, r, l, basis in exits:
            src = f"assumption; SSB {URL_AGE}; SSB {URL_AKU}" if lo == 67 else "assumption"
            w.writerow([lo, hi, r, l, basis, src])
    print(f"2015 stock {sum(stock[p] for p in groups) + MTE_STOCK_2015:.0f}; other female share {FEMALE_SHARE['other']:.4f}")


if __name__ == "__main__":
    main()
