"""A real browser (Debian's chromium, headless, driven by Selenium through Debian's chromedriver) on the
server's pages: the query page runs a canned query and shows its rows; an entity page shows both labels and
its sources. Screenshots are kept in $KAIFM_KG_ARTEFACTS/screenshots (default tmp/screenshots)."""

import json
import os
import urllib.parse
from pathlib import Path

import pytest

from test_serve_sparql import call

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1024")


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are missing (apt-get install -y chromium chromium-driver)")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))  # no Selenium Manager
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def base(kaifm_server):
    return kaifm_server("--workers", "2")


def screenshot(driver, name: str) -> Path:
    folder = Path(os.environ.get("KAIFM_KG_ARTEFACTS", "tmp")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path)) and path.stat().st_size > 1000
    return path


def test_the_query_page_runs_a_canned_query_and_shows_its_rows(browser, base):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base}/query?lang=en")
    browser.find_element(By.LINK_TEXT, "consortium-members").click()  # the example fills the editor
    editor = browser.find_element(By.ID, "query")
    assert "VALUES (?team ?lang)" in editor.get_attribute("value")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 30).until(seen.presence_of_element_located((By.CSS_SELECTOR, "#results table")))
    shown = browser.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
    expected = json.loads(call(f"{base}/api/queries/consortium-members?"
                               + urllib.parse.urlencode({"team": "LG AI Research"}))[2])
    assert len(shown) == len(expected) > 5
    column = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results table thead th")].index("member")
    assert [row.find_elements(By.TAG_NAME, "td")[column].text for row in shown] == [r["member"] for r in expected]
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "CSV").get_attribute("href").startswith(f"{base}/sparql?")
    screenshot(browser, "query-page")
    browser.find_element(By.ID, "query").clear()
    browser.find_element(By.ID, "query").send_keys("SELECT ?x WHERE { ?x")
    browser.find_element(By.ID, "run").click()
    error = WebDriverWait(browser, 30).until(seen.presence_of_element_located((By.ID, "error")))
    assert "syntax error" in error.text  # shown plainly
    screenshot(browser, "query-page-error")


def test_an_entity_page_shows_both_labels_and_its_sources(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/id/model/a-x-k1?lang=en")
    assert browser.find_element(By.CSS_SELECTOR, ".label-en").text == "A.X K1"
    assert browser.find_element(By.CSS_SELECTOR, ".label-ko").text == "에이닷엑스 K1"
    sources = browser.find_elements(By.CSS_SELECTOR, "table.facts ul.sources a")
    assert any("SK Telecom unveils A.X K1" in a.text for a in sources)
    screenshot(browser, "entity-a-x-k1")
    source = next(a for a in sources if a.text.startswith("SK Telecom unveils A.X K1"))
    source.click()  # a source is a page of its own, with the document's link
    assert "/id/source/" in browser.current_url and browser.find_element(By.CSS_SELECTOR, "ul.links-out a")
    browser.find_element(By.LINK_TEXT, "한국어").click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ko"
    screenshot(browser, "source-page-ko")


def test_the_home_page_answers_who_is_still_in(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/?lang=ko")
    assert browser.find_element(By.CSS_SELECTOR, "#still-in h2").text.startswith("남아 있는 팀")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr")) > 10
    screenshot(browser, "home-ko")


def test_the_pictures_render_on_the_home_page_and_a_team_s_page(browser, base):
    """The browser lays out the timeline, the network and the models chart (each has a size on the page and
    text in it), and a team's page shows its network."""
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/?lang=en")
    for name in ("timeline", "network", "models"):
        svg = browser.find_element(By.CSS_SELECTOR, f"figure.picture-{name} svg")
        assert svg.size["width"] > 300 and svg.size["height"] > 100, name
        assert svg.find_elements(By.CSS_SELECTOR, "text"), name
    timeline = browser.find_element(By.CSS_SELECTOR, "figure.picture-timeline svg")
    assert "Phase 2 evaluation" in timeline.get_attribute("textContent")
    screenshot(browser, "home-pictures-en")
    browser.get(f"{base}/id/team/upstage?lang=ko")
    assert browser.find_element(By.CSS_SELECTOR, "figure.picture-network svg").size["height"] > 100
    screenshot(browser, "team-upstage-network-ko")
