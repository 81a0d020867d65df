"""The three users' journeys, in a real browser against the app served on loopback.

The tests run in the order written and build on each other, as the people do: the council
asks for a baseline review, the coordinator approves and plans it and puts the demo reviewer
on its team, the council sees it scheduled, and the reviewer finds it in their calendar feed.
Each key page is screenshotted to test-artifacts/browser/, audited with axe-core (no serious
or critical WCAG 2.2 AA violation) and walked with the Tab key.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_page, sign_in

pytestmark = pytest.mark.browser

COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
COUNCIL = ("rochdale@demo.peerreview.invalid", "demo-rochdale-council")
REVIEWER = ("reviewer@demo.peerreview.invalid", "demo-reviewer-one")
REVIEWER_REFERENCE = "DEMO-R0001"  # the demo reviewer's own record (Wirral)
WINDOW = ("1 2 2027", "26 3 2027")  # Rochdale's preferred window


def tab_to(page: Page, locator, limit: int = 60) -> None:
    """Press Tab until `locator` has the focus: the keyboard's way to reach a control."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def type_date(page: Page, fieldset, date: str) -> None:
    tab_to(page, fieldset.get_by_label("Day"))
    for part in date.split():
        page.keyboard.type(part)
        page.keyboard.press("Tab")


def fill_date(page: Page, legend: str, date: str) -> None:
    """Fill a GOV.UK date input (day, month, year) found by its legend."""
    group = page.get_by_role("group", name=legend)
    for field, value in zip(("Day", "Month", "Year"), date.split(), strict=True):
        group.get_by_label(field).fill(value)


# ----------------------------------------------------------------------------- council


def test_council_user_requests_a_baseline_review_by_keyboard(page: Page) -> None:
    sign_in(page, *COUNCIL)
    check_page(page, "council-01-home")
    page.get_by_role("link", name="Your requests").click()
    expect(page.get_by_role("heading", name="Review requests")).to_be_visible()
    page.get_by_role("link", name="Request a review").click()
    check_page(page, "council-02-new-request")

    # The whole form by keyboard: Tab between controls, arrows in lists, Space to tick.
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Council"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Council")).to_have_value("E08000005")
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name=re.compile("Baseline review"))).to_be_focused()
    page.keyboard.press("Space")
    type_date(page, page.get_by_role("group", name="Earliest start"), WINDOW[0])
    type_date(page, page.get_by_role("group", name="Latest end"), WINDOW[1])
    tab_to(page, page.get_by_label("Team template"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Team template")).to_have_value(re.compile(r"\d+"))
    tab_to(page, page.get_by_label("Leadership and governance"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Aims of the review"))
    page.keyboard.type("Check our front door and leadership after the inspection.")
    tab_to(page, page.get_by_role("button", name="Send request"))
    page.keyboard.press("Enter")

    expect(
        page.get_by_role("heading", name=re.compile(r"Request \d+: baseline review"))
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("Requested")
    check_page(page, "council-03-request-sent")


def test_council_request_form_errors_are_announced(page: Page) -> None:
    sign_in(page, *COUNCIL)
    page.goto("/requests/new")
    send = page.get_by_role("button", name="Send request")
    send.click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves the focus to the summary
    check_page(
        page,
        "council-04-request-errors",
        reproduce=lambda audit: audit.get_by_role("button", name="Send request").click(),
    )


# ----------------------------------------------------------------------------- coordinator


def closed_weekdays(first: dt.date, last: dt.date) -> str:
    """Closed dates, one a line, covering every working day from `first` to `last`."""
    days = (first + dt.timedelta(n) for n in range((last - first).days + 1))
    return "\n".join(f"{d.day} {d.month} {d.year}" for d in days if d.weekday() < 5)


def test_coordinator_approves_solves_edits_and_publishes(page: Page) -> None:
    sign_in(page, *COORDINATOR)
    page.get_by_role("link", name="Reviews due").click()
    expect(page.get_by_role("heading", name="Reviews due", level=1)).to_be_visible()
    check_page(page, "coordinator-01-due")

    # A second request, made by the coordinator from the due list for the most urgent council.
    # A request the coordinator raises from the due list is approved at once.
    page.locator("main table tbody tr").first.get_by_role(
        "button", name=re.compile("Create request")
    ).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")

    # Approve the council's own request.
    page.get_by_role("link", name="Requests").first.click()
    page.get_by_label("Status").select_option("requested")
    page.get_by_role("button", name="Filter").click()
    check_page(page, "coordinator-02-requests")
    page.locator("main table tbody tr").filter(has_text="Rochdale").get_by_role(
        "link"
    ).first.click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("main")).to_contain_text("Approved")
    check_page(page, "coordinator-03-request-approved")

    # Solve, with the second council's window closed so one review cannot be scheduled.
    page.get_by_role("link", name="Rota").click()
    check_page(page, "coordinator-04-rota")
    page.get_by_role("button", name="Start a new solve").click()
    fill_date(page, "First day of the horizon", "4 1 2027")
    fill_date(page, "Last day of the horizon", "17 12 2027")
    closed = closed_weekdays(dt.date(2027, 1, 4), dt.date(2027, 3, 12))
    page.get_by_label("Closed dates").fill(closed)
    page.get_by_label("Time limit in seconds").fill("10")
    check_page(page, "coordinator-05-solve", keyboard=True)
    page.get_by_role("button", name="Start solving").click()

    # The run page follows the queue and reloads itself when the run has finished.
    accept = page.get_by_role("button", name="Accept as the draft rota")
    expect(accept).to_be_visible(timeout=60_000)
    unscheduled = page.get_by_role("heading", name=re.compile(r"Not scheduled \(1\)"))
    expect(unscheduled).to_be_visible()
    expect(page.locator("main")).to_contain_text("no start date fits")
    check_page(page, "coordinator-06-run-explained")
    accept.click()

    # The draft: open Rochdale's review and swap its director for the demo reviewer, who is
    # a director from a council that requires improvement: the credibility rule needs a reason.
    expect(page.locator("main")).to_contain_text("draft rota")
    check_page(page, "coordinator-07-draft-rota")
    page.get_by_role("link", name=re.compile("Rochdale")).first.click()
    member_row = page.locator("main table tbody tr").filter(has_text="Director").first
    member_row.locator("summary").click()
    member_row.get_by_label("Replace with reviewer (reference)").fill(REVIEWER_REFERENCE)
    member_row.get_by_label(re.compile("Reason to override")).fill(
        "Led Wirral's front door redesign; agreed with the regional coordinator."
    )
    member_row.get_by_role("button", name="Swap").click()
    expect(page.locator("main")).to_contain_text(REVIEWER_REFERENCE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved")
    check_page(page, "coordinator-08-review-swapped")

    # Publish, then the national calendar shows the review.
    page.locator(".govuk-breadcrumbs__list-item").last.get_by_role("link").click()
    page.get_by_role("button", name=re.compile(r"Publish \d+ draft review")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Published")
    check_page(page, "coordinator-09-published")
    page.get_by_role("link", name="Calendar").click()
    expect(page.locator("main")).to_contain_text("Rochdale")
    check_page(page, "coordinator-10-national-calendar")


# ----------------------------------------------------------------------------- council again


def test_council_user_sees_the_review_approved_and_scheduled(page: Page) -> None:
    sign_in(page, *COUNCIL)
    page.get_by_role("link", name="Your requests").click()
    row = page.locator("main table tbody tr").filter(has_text="Baseline")
    expect(row).to_contain_text("Approved")
    row.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Approved")
    check_page(page, "council-05-request-approved")
    page.goto("/calendar/councils/E08000005")
    expect(page.locator("main")).to_contain_text("2027")
    expect(page.locator("main")).to_contain_text(re.compile("Baseline", re.I))
    check_page(page, "council-06-scheduled")


# ----------------------------------------------------------------------------- reviewer


def test_reviewer_keeps_their_record_and_finds_the_review_in_their_feed(
    page: Page, live_server: str
) -> None:
    sign_in(page, *REVIEWER)
    page.get_by_role("link", name="Your record").click()
    check_page(page, "reviewer-01-record")

    page.get_by_role("link", name="Add unavailable dates").click()
    check_page(page, "reviewer-02-unavailable-form")
    fill_date(page, "First day unavailable", "7 6 2027")
    fill_date(page, "Last day unavailable", "11 6 2027")
    page.get_by_label("Reason (optional)").fill("Training course")
    page.get_by_role("button", name="Add dates").click()
    expect(page.locator("main")).to_contain_text("7 June 2027")

    page.get_by_role("link", name="Declare a conflict").click()
    page.get_by_label("Council").select_option(label="Bolton")
    page.get_by_role("group", name="Kind of conflict").get_by_role("radio").first.check()
    page.get_by_label("Note (optional)").fill("My partner works in Bolton's children's services.")
    check_page(page, "reviewer-03-conflict-form", keyboard=False)
    page.get_by_role("button", name="Add conflict").click()
    expect(page.locator("main")).to_contain_text("Bolton")
    check_page(page, "reviewer-04-record-updated")

    page.goto("/calendar/my-feed")
    expect(page.locator("main")).to_contain_text("Rochdale")
    page.get_by_role("button", name="Create a calendar link").click()
    expect(page.get_by_role("heading", name="Calendar link created")).to_be_visible()
    # The secret link is shown once, to copy: an https link and a webcal:// one.
    link = page.locator("main a[href*='/feeds/reviewers/']").first.get_attribute("href")
    assert link and link.startswith("https://") and link.endswith(".ics")
    check_page(page, "reviewer-05-feed-link", keyboard=False)

    # A calendar app fetches it; the test server speaks plain HTTP on loopback.
    path = urllib.parse.urlsplit(link).path
    with urllib.request.urlopen(live_server + path, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        feed = response.read().decode()
    assert "BEGIN:VCALENDAR" in feed
    assert "Rochdale" in feed
