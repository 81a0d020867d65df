"""What every journey does on a key page: a screenshot, an axe-core audit, a keyboard walk.

The axe audit runs in a second browser context that shares the journey's cookies but bypasses
the app's Content Security Policy, which would otherwise block the injected axe script. The
journey's own context keeps the policy, so a page that needs an inline script or style to work
fails there, as it would for a real user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)
#: Longest keyboard walk per page: long lists (the due list has hundreds of controls) are
#: walked this far, which covers the header, the filters and the first rows.
MAX_TABS = 160


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in with the keyboard alone, as someone who does not use a mouse would."""
    page.goto("/login")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(":focus")).to_have_text(re.compile("Skip to main content"))
    page.get_by_label("Email address").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, reproduce: Callable[[Page], None] | None = None) -> list[dict]:
    """Serious or critical WCAG 2.2 AA violations on the page's current URL; `reproduce`
    brings the audited copy to the journey's state when a GET alone does not (a form sent
    with errors)."""
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(bypass_csp=True, storage_state=page.context.storage_state())
    try:
        audit = context.new_page()
        audit.goto(page.url)
        if reproduce is not None:
            reproduce(audit)
        audit.add_script_tag(path=str(AXE))
        result = audit.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
    finally:
        context.close()
    assert result["passes"], "axe-core ran no rule: was it injected?"
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def keyboard_walk(page: Page) -> None:
    """Tab through the page: every control is reached in turn, none traps the focus, and the
    focused control is visibly marked (GOV.UK Frontend's yellow focus state)."""
    # Start from the top of the page, wherever the page's script put the focus (a success
    # banner takes it on load): a focusable marker before everything else.
    page.evaluate(
        """() => {
          const start = document.createElement('span');
          start.tabIndex = -1; start.id = '__walk_start';
          document.body.prepend(start); start.focus();
        }"""
    )
    expected = page.evaluate(
        """selector => {
          const seen = new Set(), order = [];
          for (const el of document.querySelectorAll(selector)) {
            // checkVisibility also sees content inside a closed <details>.
            if (!el.checkVisibility({visibilityProperty: true})) continue;
            if (el.closest('[inert]')) continue;
            // A radio group is one tab stop.
            const key = el.type === 'radio' ? 'radio:' + el.form?.id + el.name : el;
            if (seen.has(key)) continue;
            seen.add(key); order.push(el);
          }
          window.__walk = order;
          return order.length;
        }""",
        FOCUSABLE,
    )
    steps = min(expected, MAX_TABS)
    reached = 0
    last = None
    for _ in range(steps):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
              document.getElementById('__walk_start')?.remove();
              const el = document.activeElement;
              const style = getComputedStyle(el);
              const marked = style.outlineStyle !== 'none' || style.boxShadow !== 'none'
                || style.backgroundColor === 'rgb(255, 221, 0)'
                || (el.labels && el.labels.length > 0);
              const index = window.__walk.indexOf(el);
              el.__reached = true;
              return {index, tag: el.tagName, text: (el.innerText || el.name || '').slice(0, 40),
                      marked};
            }"""
        )
        if state["tag"] == "BODY":
            missed = page.evaluate(
                """() => window.__walk.filter(el => !el.__reached)
                   .map(el => el.outerHTML.slice(0, 160))"""
            )
            raise AssertionError(
                f"the focus left the page after {reached} controls; never reached: {missed[:5]}"
            )
        assert state != last, f"the focus is stuck on {state['tag']} {state['text']!r}"
        assert state["marked"], f"no visible focus on {state['tag']} {state['text']!r}"
        if state["index"] >= 0:
            reached += 1
        last = state
    assert reached >= steps * 0.9, f"Tab reached {reached} of the first {steps} controls"


def check_page(
    page: Page,
    name: str,
    *,
    keyboard: bool = True,
    reproduce: Callable[[Page], None] | None = None,
) -> None:
    """Everything a key page of a journey must pass, plus its screenshot as an artefact."""
    screenshot(page, name)
    violations = axe_violations(page, reproduce)
    assert not violations, f"{name} ({page.url}):\n{describe(violations)}"
    if keyboard:
        keyboard_walk(page)
