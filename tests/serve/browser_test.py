#!/usr/bin/env python3
"""Browser test of `carecast serve`: headless Chromium driven by Selenium (Debian packages
python3-selenium and chromium-driver) loads the page, moves the productivity control with
the keyboard as a user would, and checks the figures against `carecast run`:

  1. the displayed 2060 total of the "what-if" equals the 2060 total `carecast run` prints for
     a scenario file that sets only that productivity growth;
  2. after moving a lever control too, "Download scenario" gives a YAML file on which
     `carecast run` prints exactly the summary table the page shows (every cell, every
     scenario) and writes exactly the numbers the page drew (projection.csv, full precision);
  3. the language switch relabels the page.
It prints the time from each input to the figures drawn (the page measures it; no limit is
asserted here: speed targets live in bench/ and docs/serve.md records them).

Usage: browser_test.py CARECAST SOURCE_DIR WORK_DIR
Exit 0 on success, 1 on a failed check or when Selenium or chromedriver is missing.
"""
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import CarecastServer, fail  # noqa: E402

INSTALL_HINT = "run scripts/install-deps.sh (it installs python3-selenium and chromium-driver)"

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as error:
    fail(f"Selenium is not importable ({error}); {INSTALL_HINT}")


def find_chromedriver():
    for path in (shutil.which("chromedriver"), "/usr/bin/chromedriver"):
        if path and os.access(path, os.X_OK):
            return path
    fail(f"chromedriver not found; {INSTALL_HINT}")


def digits(text):
    return int(re.sub(r"\D", "", text))


def cli_summary(carecast, scenario_file, out_dir):
    """The summary `carecast run` prints, as {(block, year): [cells]} with the scenario names."""
    r = subprocess.run([carecast, "run", scenario_file, "--out", out_dir, "--quiet"], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"carecast run {scenario_file}: exit {r.returncode}\n{r.stderr}")
    lines = r.stdout.splitlines()
    names, blocks, block = None, {}, None
    for line in lines:
        if names is None and line.strip() and not line.startswith(("Årsverk", "-")) and "  " in line:
            names = line.split()
            continue
        m = re.match(r"^  (\d{4})\s+(.*)$", line)
        if m and block is not None:
            cells = re.split(r"\s{3,}", m.group(2).strip())
            blocks[(block, int(m.group(1)))] = cells
        elif line and not line.startswith((" ", "-")) and names is not None:
            block = line
        if line.startswith("Equipment") or line.startswith("Lever"):
            break
    return names, blocks


def wait_ready(driver, runs_before=None, timeout=60):
    def ready(d):
        body = d.find_element(By.TAG_NAME, "body")
        if body.get_attribute("data-state") != "ready":
            return False
        return runs_before is None or int(body.get_attribute("data-runs") or 0) > runs_before
    WebDriverWait(driver, timeout).until(ready)


def runs(driver):
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-runs") or 0)


def cell(driver, block, scenario, year):
    return driver.find_element(By.CSS_SELECTOR, f'td[data-block="{block}"][data-scenario="{scenario}"][data-year="{year}"]').text


def press(driver, control_id, key, times):
    element = driver.find_element(By.ID, control_id)
    before = runs(driver)
    for _ in range(times):
        element.send_keys(key)
    wait_ready(driver, before)
    return element.get_attribute("value")


def download(driver, button_id, path, seconds=20):
    """Clicks the button and waits for Chromium to finish writing `path`."""
    driver.find_element(By.ID, button_id).click()
    deadline = time.time() + seconds
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.1)
    if not os.path.exists(path):
        fail(f"#{button_id} wrote no {os.path.basename(path)} within {seconds} s")
    return path


def main():
    carecast, source_dir, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    scenario = os.path.join(source_dir, "scenarios", "productivity.yaml")
    base = os.path.join(source_dir, "config", "norway.yaml")

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--window-size=1400,1400", f"--user-data-dir={os.path.join(work, 'profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    chromium = shutil.which("chromium")
    if chromium:
        options.binary_location = chromium

    with CarecastServer(carecast, scenario) as server:
        driver = webdriver.Chrome(service=Service(find_chromedriver()), options=options)
        try:
            driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
            driver.get(server.url + "/?lang=en")
            wait_ready(driver)
            if cell(driver, "total", "what-if", 2060) != cell(driver, "total", "productivity-0.5", 2060):
                fail("at the start the what-if should equal the reference path productivity-0.5")

            # 1. Productivity from 0.5 to 1.3 %/yr with the arrow keys (step 0.1).
            value = press(driver, "control-productivity", Keys.ARROW_RIGHT, 8)
            shown = digits(cell(driver, "total", "what-if", 2060))
            single = os.path.join(work, "productivity-only.yaml")
            with open(single, "w", encoding="utf-8") as f:
                f.write(f"base: {base}\nscenarios:\n  - name: check\n    parameters: {{productivity_pct: {value}}}\n")
            names, blocks = cli_summary(carecast, single, os.path.join(work, "single"))
            cli_total = digits(blocks[("Total, all service areas", 2060)][0])
            print(f"productivity {value} %/yr: page shows {shown} årsverk in 2060, carecast run prints {cli_total}")
            if value != "1.3":
                fail(f"the productivity control reads {value}, expected 1.3 after eight steps of 0.1")
            if shown != cli_total:
                fail(f"page 2060 total {shown} != carecast run {cli_total}")

            # 2. A lever and life expectancy too, then the downloaded scenario reproduces the page.
            press(driver, "control-lever_laboratory_automation", Keys.ARROW_RIGHT, 6)
            press(driver, "control-le_female", Keys.ARROW_LEFT, 5)
            target = download(driver, "download-yaml", os.path.join(downloads, "carecast-what-if.yaml"))
            with open(target, encoding="utf-8") as f:
                downloaded = f.read()
            if "amount_mnok: 300" not in downloaded or "productivity_pct: 1.3" not in downloaded:
                fail("the downloaded scenario lacks the what-if values:\n" + downloaded)
            names, blocks = cli_summary(carecast, target, os.path.join(work, "downloaded"))
            if names[-1] != "what-if":
                fail(f"downloaded scenario runs {names}")
            labels = {b: b for b, _ in blocks}
            compared = 0
            page_blocks = driver.execute_script(
                "return [...document.querySelectorAll('#summary-table tr.block th')].map(th => th.textContent)")
            page_ids = driver.execute_script(
                "return [...new Set([...document.querySelectorAll('#summary-table td[data-block]')].map(td => td.dataset.block))]")
            if len(page_blocks) != len(labels) or page_blocks != list(dict.fromkeys(b for b, _ in blocks)):
                fail(f"page blocks {page_blocks} != CLI blocks {list(labels)}")
            for block_label, block_id in zip(page_blocks, page_ids):
                for (b, year), cells in blocks.items():
                    if b != block_label:
                        continue
                    for name, text in zip(names, cells):
                        page = cell(driver, block_id, name, year)
                        if block_id == "share":
                            same = page.replace(",", ".") == text
                        else:
                            same = digits(page) == digits(text)
                        if not same:
                            fail(f"{block_label} {year} {name}: page {page!r}, carecast run {text!r}")
                        compared += 1
            # Full precision: what the page drew is what `carecast run` writes.
            result = driver.execute_script("return window.carecast.result()")
            with open(os.path.join(work, "downloaded", "projection.csv"), newline="") as f:
                rows = list(csv.DictReader(f))
            for row in rows:
                series = result["series"][row["scenario"]]
                year = result["years"].index(int(row["year"]))
                drawn = series["total"][year] if row["service"] == "total" else series["services"][row["service"]][year]
                if drawn != float(row["arsverk"]):
                    fail(f"page {drawn} != carecast run {row} (downloaded scenario)")
            print(f"downloaded scenario: {compared} summary cells and {len(rows)} projection values equal to carecast run")

            # "Download table" (CSV): the what-if's 2060 total as drawn, to the last bit.
            table = download(driver, "download-csv", os.path.join(downloads, "carecast-what-if.csv"))
            with open(table, newline="", encoding="utf-8") as f:
                table_rows = list(csv.DictReader(f))
            total_row = next(r for r in table_rows if r["scenario"] == "what-if" and r["quantity"] == "total")
            if float(total_row["2060"]) != result["series"]["what-if"]["total"][-1]:
                fail(f"downloaded table {total_row['2060']} != page {result['series']['what-if']['total'][-1]}")

            # 3. Language.
            driver.find_element(By.CSS_SELECTOR, 'button[data-lang="nb"]').click()
            heading = driver.find_element(By.CSS_SELECTOR, "#summary-table tr.block th").text
            if heading != "I alt, alle tjenesteområder":
                fail(f"bokmål heading is {heading!r}")

            timings = driver.execute_script("return window.carecastTimings")
            print(f"input to figures drawn, keys pressed in bursts: {len(timings)} updates, "
                  f"median {statistics.median(timings)} ms, max {max(timings)} ms")
            # One step at a time, waiting for each: the time a user sees after one move.
            driver.execute_script("window.carecastTimings = []")
            for i in range(20):
                press(driver, "control-productivity", Keys.ARROW_LEFT if i % 2 else Keys.ARROW_RIGHT, 1)
            single = sorted(driver.execute_script("return window.carecastTimings"))
            print(f"input to figures drawn, single steps: {len(single)} updates, median {statistics.median(single)} ms, "
                  f"p90 {single[int(0.9 * (len(single) - 1))]} ms, max {single[-1]} ms")
            driver.save_screenshot(os.path.join(work, "page.png"))
        finally:
            driver.quit()
    print("browser_test: ok")


if __name__ == "__main__":
    main()
