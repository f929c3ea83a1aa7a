"""Logging in through the browser, and the console pages `make screenshots` photographs."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests import factories

# Every console page: (file name, host: None for the federation's, path, who is logged in).
# `{ta_run}` in a path is RU-TA's onboarding run.
CONSOLE_PAGES = [
    ("federation-regions", None, "/regions/", "operator@federation.example"),
    ("federation-onboard", None, "/regions/onboard/", "operator@federation.example"),
    ("federation-onboarding", None, "/regions/onboarding/{ta_run}/", "operator@federation.example"),
    ("federation-region", None, "/regions/RU-TA/", "operator@federation.example"),
    ("federation-home", None, "/", "operator@federation.example"),
]


def log_in(driver, site: str, email: str, password: str = factories.PASSWORD) -> None:
    """Through the log-in page, as a person would; waits for the page it leads to."""
    driver.get(f"{site}/login/")
    driver.find_element(By.ID, "id_username").send_keys(email)
    driver.find_element(By.ID, "id_password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_changes(f"{site}/login/"))


def wait_for(driver, css: str, timeout: float = 10):
    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )
