"""Helpers for browser tests (Playwright + Debian's Chromium); fixtures are in conftest.py."""

import os


def _axe_source() -> str:
    import axe_playwright_python

    path = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def assert_accessible(page, *, context_note: str = "") -> None:
    """Run axe-core (WCAG 2.x A and AA rules) on the page; fail listing every violation."""
    page.evaluate(_axe_source())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe-core violations on {page.url} {context_note}:\n" + "\n".join(
        violations
    )


def login(page, email: str, password: str) -> None:
    """Sign in through the real login form."""
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


SMALLEST_PHONE_WIDTH_PX = 360


def assert_fits_a_phone(page, *, width: int = SMALLEST_PHONE_WIDTH_PX) -> None:
    """Narrow the viewport to ``width`` and fail if the page scrolls sideways. Compared with
    the width itself, not ``window.innerWidth``: an emulated phone widens its layout viewport to
    content that overflows, so ``scrollWidth <= innerWidth`` would always hold."""
    page.set_viewport_size({"width": width, "height": 740})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url} is {scroll_width} px wide: it scrolls sideways on a {width} px screen"
    )


def record_policy_violations(context) -> list[str]:
    """Collect, from every page of ``context``, what the Content-Security-Policy refused
    (Chromium reports each refusal as a console error): an inline style or script, or a
    resource from an origin config/csp.py does not name. The list fills as pages run; the
    fixtures assert it is empty when the test ends (``assert_no_policy_violations``)."""
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url', '?')}: {message.text}")

    context.on("console", on_console)
    return violations


def assert_no_policy_violations(violations: list[str]) -> None:
    assert not violations, "The Content-Security-Policy refused:\n" + "\n".join(violations)
