#!/usr/bin/env python3
"""Checks a directory written by `carecast report` (Python 3 standard library only).

Usage: check_report.py REPORT_DIR LANG      (LANG: nb or en, as given to --lang)

  1. Every chart (charts/*.svg) is well-formed XML with an <svg> root in the SVG namespace,
     and report.html holds the same SVG inline, each of which parses too.
  2. report.html is self-contained: no scripts, style sheets, images, fonts or frames are
     loaded from anywhere (no <script>, <link>, <img>, src=, url(http, @import).
  3. The workbook report.xlsx, read back from its zip archive: the sheet names, the title,
     header and first figures of the service-area sheet (equal to tables/arsverk_by_service.csv),
     its frozen header, its number format, and the provenance footer, whose configuration
     hash is the SHA-256 of manifest.json's resolved_config.
Exit status 0 when all checks pass, 1 otherwise (every failure is printed).
"""
import csv
import hashlib
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

SHEETS = {
    "nb": ["Innhold", "Forutsetninger", "Etter tjenesteområde", "Etter yrkesgruppe", "Andel av alle årsverk",
           "Befolkning", "Dekomponering", "Dekomponering etter tjeneste"],
    "en": ["Contents", "Assumptions", "By service area", "By profession", "Share of all årsverk", "Population",
           "Growth attribution", "Attribution by service"],
}
WORDS = {
    "nb": {"title": "Tabell 2. Årsverk etter tjenesteområde", "stub": "Tjenesteområde",
           "hash": "Konfigurasjonens hash (SHA-256): ", "version": "Modellversjon: ", "seed": "Frø: ",
           "vintage": "Dataårgang: ", "productivity": "Produktivitetsvekst p", "figure": "Figur "},
    "en": {"title": "Table 2. Årsverk by service area", "stub": "Service area",
           "hash": "Configuration hash (SHA-256): ", "version": "Engine version: ", "seed": "Seed: ",
           "vintage": "Data vintage: ", "productivity": "Productivity growth p", "figure": "Figure "},
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def column_index(reference):
    letters = re.match(r"[A-Z]+", reference).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def read_sheet(archive, path, shared):
    """{(row, column): value} with 0-based row and column, and the sheet's XML root."""
    root = ET.fromstring(archive.read(path))
    cells = {}
    for cell in root.iter(MAIN + "c"):
        reference = cell.get("r")
        row = int(re.search(r"\d+", reference).group(0)) - 1
        value = cell.find(MAIN + "v")
        if value is None:
            continue
        if cell.get("t") == "s":
            cells[(row, column_index(reference))] = (shared[int(value.text)], cell.get("s"))
        else:
            cells[(row, column_index(reference))] = (float(value.text), cell.get("s"))
    return cells, root


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in SHEETS:
        print(__doc__, file=sys.stderr)
        return 2
    directory, language = sys.argv[1], sys.argv[2]
    words = WORDS[language]

    # 1. SVG files and the inline SVG.
    charts = sorted(f for f in os.listdir(os.path.join(directory, "charts")) if f.endswith(".svg"))
    check(len(charts) >= 7, f"only {len(charts)} charts")
    files = {}
    for name in charts:
        with open(os.path.join(directory, "charts", name), encoding="utf-8") as f:
            text = f.read()
        files[name[:-4]] = text
        try:
            root = ET.fromstring(text)
            check(root.tag == SVG + "svg", f"charts/{name}: root element is {root.tag}")
            check(len(list(root.iter(SVG + "text"))) >= 10, f"charts/{name}: too little text (axes, legend)")
        except ET.ParseError as error:
            failures.append(f"charts/{name} is not well-formed XML: {error}")
    with open(os.path.join(directory, "report.html"), encoding="utf-8") as f:
        page = f.read()
    inline = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    check(len(inline) == len(charts), f"report.html has {len(inline)} inline charts, charts/ has {len(charts)}")
    for svg in inline:
        try:
            ET.fromstring(svg)
        except ET.ParseError as error:
            failures.append(f"an inline chart in report.html is not well-formed XML: {error}")
    check(all(text.strip() in page for text in files.values()), "report.html does not hold every chart file verbatim")

    # 2. Self-contained page.
    check(page.startswith("<!DOCTYPE html>") and f'<html lang="{language}">' in page, "report.html: doctype or lang")
    for pattern in ("<script", "<link", "<img", "<iframe", " src=", "url(http", "@import"):
        check(pattern not in page, f"report.html loads something: found '{pattern}'")

    # 3. The workbook.
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    expected_hash = hashlib.sha256(manifest["resolved_config"].encode("utf-8")).hexdigest()
    with zipfile.ZipFile(os.path.join(directory, "report.xlsx")) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        relations = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in relations}
        sheets = {s.get("name"): "xl/" + targets[s.get(REL + "id")] for s in workbook.iter(MAIN + "sheet")}
        names = [s.get("name") for s in workbook.iter(MAIN + "sheet")]
        check(names[:len(SHEETS[language])] == SHEETS[language], f"sheet names {names}")
        shared = []
        for item in ET.fromstring(archive.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
            shared.append("".join(t.text or "" for t in item.iter(MAIN + "t")))
        styles = ET.fromstring(archive.read("xl/styles.xml"))
        formats = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(MAIN + "numFmt")}
        xfs = list(styles.find(MAIN + "cellXfs"))

        sheet = SHEETS[language][2]
        cells, root = read_sheet(archive, sheets[sheet], shared)
        check(cells.get((0, 0), ("",))[0] == words["title"], f"{sheet}!A1 = {cells.get((0, 0))}")
        check(cells.get((3, 0), ("",))[0] == words["stub"], f"{sheet}!A4 = {cells.get((3, 0))}")
        headers = [cells.get((3, c), ("",))[0] for c in range(1, 7)]
        check(headers == ["2023", "2030", "2035", "2040", "2050", "2060"], f"{sheet} header row: {headers}")
        pane = root.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
        check(pane is not None and pane.get("state") == "frozen" and pane.get("xSplit") == "1" and pane.get("ySplit") == "4",
              f"{sheet}: header row and label column are not frozen")
        with open(os.path.join(directory, "tables", "arsverk_by_service.csv"), encoding="utf-8") as f:
            rows = list(csv.reader(f))
        # Row 6 of the sheet (index 5) is the first service of the first scenario, the CSV's first data row.
        label, value_style = cells.get((5, 0), ("", None))[0], cells.get((5, 1), (None, None))[1]
        check(label == rows[1][1], f"{sheet}!A6 = {label!r}, CSV has {rows[1][1]!r}")
        for c in range(1, 7):
            number = cells.get((5, c), (None,))[0]
            check(isinstance(number, float) and abs(number - float(rows[1][1 + c])) <= 0.5,
                  f"{sheet} row 6 column {c}: {number} against {rows[1][1 + c]} in the CSV")
        if check(value_style is not None, f"{sheet}!B6 has no style"):
            format_id = int(xfs[int(value_style)].get("numFmtId"))
            check(formats.get(format_id) == "#,##0", f"{sheet}!B6 number format is {formats.get(format_id)}")
        texts = [v[0] for v in cells.values() if isinstance(v[0], str)]
        footer = [t for t in texts if t.startswith(words["hash"])]
        check(footer == [words["hash"] + expected_hash], f"{sheet}: provenance hash {footer}, expected {expected_hash}")
        check(any(t.startswith(words["version"] + manifest["engine_version"]) for t in texts), f"{sheet}: engine version")
        check(any(t.startswith(words["seed"]) for t in texts), f"{sheet}: seed line")
        check(any(t.startswith(words["vintage"]) and "2023" in t for t in texts), f"{sheet}: data vintage")
        # Numbers as numbers in table 1: the productivity row holds numbers, not text.
        assumptions, _ = read_sheet(archive, sheets[SHEETS[language][1]], shared)
        productivity_row = [r for (r, c), v in assumptions.items() if c == 0 and str(v[0]).startswith(words["productivity"])]
        check(len(productivity_row) == 1 and isinstance(assumptions.get((productivity_row[0], 1), ("",))[0], float),
              f"{SHEETS[language][1]}: the productivity row does not hold numbers")
        # One data sheet per figure, the first with the full annual series, and native charts.
        figures = [n for n in names if n.startswith(words["figure"])]
        check(len(figures) == len(charts), f"{len(figures)} figure sheets for {len(charts)} charts")
        if figures:
            data, _ = read_sheet(archive, sheets[figures[0]], shared)
            years = [int(v[0]) for (r, c), v in data.items() if c == 0 and r >= 4 and isinstance(v[0], float)]
            check(years == list(range(years[0] if years else 0, (years[-1] if years else -1) + 1)) and len(years) >= 30,
                  f"{figures[0]}: years {years[:3]}…{years[-3:]}, not the full annual series")
        native = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        check(len(native) >= 3, f"only {len(native)} native Excel charts")
        print(f"workbook: {len(names)} sheets ({len(figures)} figure data sheets, {len(native)} native charts); "
              f"{sheet}!B6 = {cells.get((5, 1))[0]:.1f}; hash {expected_hash[:12]}…")

    # 4. No code names in what a reader sees of the bundled productivity report.
    visible = re.sub(r"<[^>]+>", " ", page)
    if "productivity.yaml" in page:
        for name in ("productivity-0.0", "productivity-0.5", "productivity-1.0", "productivity-2.0", "standard_growth"):
            check(name not in visible, f"report.html shows the code name {name}")

    for failure in failures:
        print("FAILED: " + failure)
    print(f"{len(charts)} charts, {len(inline)} inline; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
