"""The federal operator, in Russian, opens the regions board in a real browser and sees the regions live."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from accounts.models import Role
from tests import factories
from tests.browser.axe import assert_accessible
from tests.browser.chromium import browser_errors
from tests.browser.pages import log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_operator_watches_the_regions_in_russian(site: str, browser, russian: None) -> None:
    moscow = factories.region("RU-MOS")
    factories.region("RU-KGD")
    factories.region_user(moscow, "pupil@mos.example", Role.PUPIL)
    factories.operator()

    log_in(browser, site, "operator@federation.example")
    browser.find_element(By.LINK_TEXT, "Регионы").click()
    board = wait_for(browser, "#regions-board table")

    assert browser.find_element(By.TAG_NAME, "h1").text == "Регионы"
    assert "Московская область" in board.text and "Калининградская область" in board.text
    assert "Europe/Kaliningrad" in board.text and "Готов" in board.text
    assert "pupil@mos.example" not in browser.page_source
    assert_accessible(browser)

    # A region onboarded while the page is open appears without a reload (htmx polling).
    factories.region("RU-TA")
    WebDriverWait(browser, 15).until(lambda driver: "Республика Татарстан" in driver.page_source)
    assert browser.execute_script("return window.htmx && htmx.version").startswith("2.")
    assert browser_errors(browser) == []  # nothing refused by the Content-Security-Policy


def test_keyboard_only_the_skip_link_leads_to_the_content(site: str, browser, russian: None) -> None:
    factories.operator()
    log_in(browser, site, "operator@federation.example")
    browser.get(f"{site}/regions/")

    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Перейти к содержимому"
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "content"
    assert "Пока нет регионов" in browser.find_element(By.ID, "content").text
    assert_accessible(browser)


def test_a_form_cannot_be_sent_twice(site: str, browser, russian: None) -> None:
    browser.get(f"{site}/login/")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    # Keep the page from leaving, to look at the form just after it was sent.
    browser.execute_script("arguments[0].addEventListener('submit', e => e.preventDefault());", form)
    browser.find_element(By.ID, "id_username").send_keys("operator@federation.example")
    browser.find_element(By.ID, "id_password").send_keys("wrong")
    button = form.find_element(By.TAG_NAME, "button")

    button.click()

    WebDriverWait(browser, 5).until(lambda driver: not button.is_enabled())
    assert form.get_attribute("data-submitted") == "true"
