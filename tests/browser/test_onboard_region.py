"""The federal operator, in Russian, onboards a region from the console and watches it become ready."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests import factories
from tests.browser.axe import assert_accessible
from tests.browser.chromium import browser_errors
from tests.browser.pages import log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("celery_worker")
def test_the_operator_onboards_tatarstan_and_watches_it_get_ready(site: str, browser, russian: None) -> None:
    factories.operator()
    log_in(browser, site, "operator@federation.example")
    browser.get(f"{site}/regions/")
    browser.find_element(By.LINK_TEXT, "Подключить регион").click()
    wait_for(browser, "#id_code")
    assert_accessible(browser)

    Select(browser.find_element(By.ID, "id_code")).select_by_value("RU-TA")
    assert browser.find_element(By.ID, "id_name").get_attribute("value") == "Республика Татарстан"
    browser.find_element(By.ID, "id_admin_email").send_keys("admin@ta.example")
    browser.find_element(By.CSS_SELECTOR, "main form button").click()

    WebDriverWait(browser, 60).until(
        lambda driver: "Готов" in driver.find_element(By.ID, "onboarding-steps").text
    )
    steps = browser.find_element(By.ID, "onboarding-steps")
    assert "Подключение RU-TA Республика Татарстан" in browser.find_element(By.TAG_NAME, "h1").text
    assert steps.find_element(By.PARTIAL_LINK_TEXT, "ta.").get_attribute("href").startswith("http://ta.")
    assert "Повторить" not in steps.text
    assert_accessible(browser)
    assert browser_errors(browser) == []

    # Then suspends it with a reason: the region's own host shows that reason.
    browser.find_element(By.LINK_TEXT, "← Регионы").click()
    wait_for(browser, "#regions-board table")
    browser.find_element(By.LINK_TEXT, "RU-TA").click()
    browser.find_element(By.ID, "id_reason").send_keys("Плановые работы до утра")
    browser.find_element(By.CSS_SELECTOR, "form .button-danger").click()
    consequence = wait_for(browser, ".consequence").text
    assert "Все пользователи региона Республика Татарстан увидят страницу" in consequence
    assert_accessible(browser)
    browser.find_element(By.CSS_SELECTOR, ".confirm button").click()
    WebDriverWait(browser, 10).until(lambda driver: "Работа региона приостановлена." in driver.page_source)
    assert_accessible(browser)

    browser.get(site.replace("://", "://ta.") + "/")
    assert "Причина: Плановые работы до утра" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
