#!/usr/bin/env python3
"""Browser test of the HTML report: renders report.html in headless Chromium and checks that
the page is not blank and that every chart's <svg> is in the rendered DOM.

Usage: render_report.py CHROMIUM REPORT_DIR WORK_DIR

  CHROMIUM    the chromium executable (Debian package `chromium`)
  REPORT_DIR  a directory written by `carecast report` (report.html, charts/*.svg)
  WORK_DIR    where the screenshot and the browser profile go (created, emptied)

Checks:
  1. `chromium --headless --screenshot` writes a PNG; decoded here (zlib, no third-party
     modules), it has a plausible size, many distinct colours and a real share of non-white
     pixels - a blank or failed render has neither.
  2. `chromium --headless --dump-dom` gives the DOM after loading; parsed with html.parser,
     it holds one <svg> inside a <figure class="chart"> per file in charts/*.svg, each
     figure's id names its chart, and every table caption is there.
Exit status 0 on success, 1 on a failed check, 77 (CTest: skipped) when CHROMIUM does not exist.
"""
import html.parser
import os
import shutil
import struct
import subprocess
import sys
import zlib


def chromium_command(chromium, profile, *extra):
    # A fresh profile and no network services: nothing is fetched, nothing is remembered.
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
            "--user-data-dir=" + profile, *extra]


def decode_png(path):
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit RGB(A) PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or interlace != 0 or colour not in (2, 6):
        raise ValueError(f"unexpected PNG format: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise ValueError("PNG data has the wrong length")
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


class DomSummary(html.parser.HTMLParser):
    """Counts <svg> elements inside <figure class="chart"> and collects figure ids and captions."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.chart_figures = []
        self.svgs_in_figures = 0
        self.svgs = 0
        self.captions = 0
        self.text_in_svg = 0
        self.void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "chart" in attrs.get("class", "").split():
            self.chart_figures.append(attrs.get("id", ""))
        if tag == "svg":
            self.svgs += 1
            if self.stack and self.stack[-1][0] == "figure" and "chart" in self.stack[-1][1].split():
                self.svgs_in_figures += 1
        if tag == "text" and any(t == "svg" for t, _ in self.stack):
            self.text_in_svg += 1
        if tag == "caption":
            self.captions += 1
        if tag not in self.void:
            self.stack.append((tag, attrs.get("class", "")))

    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    chromium, report_dir, work = sys.argv[1:]
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        print(f"SKIPPED: chromium not found at '{chromium}'; scripts/install-deps.sh installs it (Debian package chromium)")
        return 77
    page = os.path.abspath(os.path.join(report_dir, "report.html"))
    charts = sorted(f[:-4] for f in os.listdir(os.path.join(report_dir, "charts")) if f.endswith(".svg"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=work, XDG_CACHE_HOME=work)
    failures = []

    # 1. Screenshot: the top of the page at half scale (title, summary, assumptions, first chart).
    png = os.path.join(work, "report.png")
    run = subprocess.run(chromium_command(chromium, os.path.join(work, "profile-shot"), "--force-device-scale-factor=0.5",
                                          "--window-size=1280,2400", "--screenshot=" + png, "file://" + page),
                         env=env, capture_output=True, text=True, timeout=180)
    if run.returncode != 0 or not os.path.isfile(png):
        print(run.stderr[-2000:])
        print(f"FAILED: chromium exited with {run.returncode} and wrote no screenshot")
        return 1
    width, height, bpp, rows = decode_png(png)
    colours, ink = set(), 0
    for row in rows:
        for x in range(0, len(row), bpp):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if pixel != b"\xff\xff\xff":
                ink += 1
    share = ink / (width * height)
    print(f"screenshot {png}: {width}x{height}, {len(colours)} distinct colours, {share:.1%} non-white pixels")
    if width < 600 or height < 1000:
        failures.append(f"screenshot is only {width}x{height}")
    if len(colours) < 64:
        failures.append(f"only {len(colours)} distinct colours: the page looks blank")
    if not 0.03 < share < 0.9:
        failures.append(f"{share:.1%} non-white pixels: the page looks blank or broken")

    # 2. The rendered DOM.
    run = subprocess.run(chromium_command(chromium, os.path.join(work, "profile-dom"), "--dump-dom", "file://" + page),
                         env=env, capture_output=True, text=True, timeout=180)
    if run.returncode != 0:
        print(run.stderr[-2000:])
        failures.append(f"chromium --dump-dom exited with {run.returncode}")
    dom = DomSummary()
    dom.feed(run.stdout)
    with open(os.path.join(work, "report.dom.html"), "w", encoding="utf-8") as f:
        f.write(run.stdout)
    print(f"DOM: {dom.svgs} <svg> elements, {dom.svgs_in_figures} of them in chart figures, "
          f"{len(charts)} chart files, {dom.text_in_svg} <text> elements in charts, {dom.captions} table captions")
    if dom.svgs_in_figures != len(charts) or dom.svgs != len(charts):
        failures.append(f"the DOM has {dom.svgs_in_figures} charts in figures ({dom.svgs} <svg> in all), "
                        f"charts/ has {len(charts)}")
    missing = [c for c in charts if "figure-" + c not in dom.chart_figures]
    if missing:
        failures.append("charts missing from the DOM: " + ", ".join(missing))
    if dom.text_in_svg < 20 * len(charts):
        failures.append("the charts have too little text (axes, legends) in the DOM")
    tables = len([f for f in os.listdir(os.path.join(report_dir, "tables")) if f.endswith(".csv")])
    if dom.captions < tables:
        failures.append(f"{dom.captions} table captions in the DOM, {tables} tables written")
    for failure in failures:
        print("FAILED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
