"""axe-core in the browser tests: run the vendored axe.min.js on the open page (never served to users)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def violations(driver) -> list[dict]:
    """axe's violations on the page open in `driver` (WCAG 2.0/2.1 A and AA rules and best practices)."""
    driver.execute_script(AXE.read_text())
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));"
    )


def assert_accessible(driver) -> None:
    """No serious or critical axe violation on the open page; the message lists them."""
    found = [v for v in violations(driver) if v["impact"] in SERIOUS]
    assert not found, "\n".join(f"{v['impact']}: {v['id']} — {v['help']} at {v['nodes']}" for v in found)
