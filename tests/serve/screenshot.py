#!/usr/bin/env python3
"""The README's screenshot of `carecast serve`: headless Chromium, the page in English with
productivity growth 1 %/yr and 300 MNOK/yr extra laboratory automation.

  /usr/bin/python3 tests/serve/screenshot.py build/app/carecast . docs/serve-screenshot.png

Not a test: it writes the picture that docs/serve.md and the README show (view it before
committing it). Uses the browser test's server fixture and helpers."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test  # noqa: E402
from serve_fixture import CarecastServer  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


def main():
    carecast, source_dir, target = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as work:
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--window-size=1400,907", f"--user-data-dir={os.path.join(work, 'profile')}"):
            options.add_argument(flag)
        with CarecastServer(carecast, os.path.join(source_dir, "scenarios", "productivity.yaml")) as server:
            driver = webdriver.Chrome(service=Service(browser_test.find_chromedriver()), options=options)
            try:
                driver.get(server.url + "/?lang=en")
                browser_test.wait_ready(driver)
                browser_test.press(driver, "control-productivity", Keys.ARROW_RIGHT, 5)
                browser_test.press(driver, "control-lever_laboratory_automation", Keys.ARROW_RIGHT, 6)
                driver.execute_script("window.scrollTo(0, 0)")
                driver.save_screenshot(target)
            finally:
                driver.quit()
    print("wrote", target)


if __name__ == "__main__":
    main()
