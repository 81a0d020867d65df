"""The reviewer pool's list and record pages, and who may see them."""

from __future__ import annotations

import pytest

from tests.app.reviewers_helpers import (
    COORDINATOR,
    ESSEX,
    LONDON,
    NORTH_WEST,
    NORTH_WEST_OTHER,
    OWN,
    REVIEWER,
    ROCHDALE_USER,
    as_user,
)

RECORD_URLS = [
    "/reviewers/{ref}",
    "/reviewers/{ref}/independence",
    "/reviewers/{ref}/unavailable/new",
    "/reviewers/{ref}/conflicts/new",
]
COORDINATOR_URLS = [
    "/reviewers/{ref}/edit",
    "/reviewers/{ref}/retire",
    "/reviewers/{ref}/employers/new",
]
LIST_URLS = [
    "/reviewers/",
    "/reviewers/new",
    "/reviewers/import",
    "/reviewers/import/template.csv",
    "/reviewers/export.csv",
    "/reviewers/export.xlsx",
]


# --- The list ----------------------------------------------------------------------------------


def test_national_coordinator_sees_the_whole_pool_paginated(client):
    as_user(client, COORDINATOR)
    page = client.get("/reviewers/").get_data(as_text=True)
    assert "420 reviewers in the pool" in page
    assert "showing 1 to 25" in page
    assert "govuk-pagination" in page
    page2 = client.get("/reviewers/?page=2").get_data(as_text=True)
    assert "showing 26 to 50" in page2


def test_list_filters_by_role_area_level_and_search(client):
    as_user(client, COORDINATOR)
    page = client.get(
        "/reviewers/?role=director&area=leadership&level=3&status=all&sort=council"
    ).get_data(as_text=True)
    assert "Director of children" in page
    assert "Councillor (lead member)</td>" not in page
    page = client.get("/reviewers/?q=demo-r0001").get_data(as_text=True)
    assert "Isla Pickles" in page and "1 match;" in page
    page = client.get("/reviewers/?q=pickles").get_data(as_text=True)
    assert "Isla Pickles" in page and "420 reviewers" in page


def test_list_filters_by_region_and_home_council(client):
    as_user(client, COORDINATOR)
    page = client.get("/reviewers/?region=London").get_data(as_text=True)
    assert "Croydon" in page and "Wirral" not in page.split("<table")[1]
    page = client.get("/reviewers/?council=E08000015").get_data(as_text=True)
    assert "Isla Pickles" in page


def test_nonsense_filters_and_pages_fall_back(client):
    as_user(client, COORDINATOR)
    response = client.get("/reviewers/?role=wizard&sort=shoe&page=9999&level=7&status=x")
    assert response.status_code == 200
    assert "govuk-pagination" in response.get_data(as_text=True)


def test_regional_coordinator_sees_only_their_region(client):
    as_user(client, NORTH_WEST)
    page = client.get("/reviewers/?status=all").get_data(as_text=True)
    table = page.split("<table")[1]
    assert "reviewers in your region" in page
    assert "Wirral" in table and "Croydon" not in table


@pytest.mark.parametrize("url", LIST_URLS)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("who", [ROCHDALE_USER, REVIEWER])
def test_council_users_and_reviewers_may_not_list_the_pool(client, url, who):
    as_user(client, who)
    assert client.get(url).status_code == 403


# --- The record --------------------------------------------------------------------------------


def test_record_page_shows_every_section(client):
    as_user(client, COORDINATOR)
    response = client.get(f"/reviewers/{OWN}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for text in ("Isla Pickles", "Wirral", "Expertise", "Leadership and governance",
                 "Unavailable dates", "3 May 2027", "Past employers", "Conflicts of interest",
                 "Independence", "Their own council", "Edit details and expertise", "Retire"):
        assert text in page, text
    assert '<a class="govuk-link" href="/councils/E08000015">Wirral</a>' in page


def test_pinned_conflicts_show_a_confirmed_tag(client):
    as_user(client, COORDINATOR)
    page = client.get("/reviewers/DEMO-R0003").get_data(as_text=True)
    assert "Confirmed" in page and "Collaborator" in page


def test_unknown_reviewer_is_404(client):
    as_user(client, COORDINATOR)
    for url in RECORD_URLS + COORDINATOR_URLS:
        assert client.get(url.format(ref="NOBODY-1")).status_code == 404


@pytest.mark.parametrize("url", RECORD_URLS + COORDINATOR_URLS)
def test_anonymous_users_never_see_a_record(client, url):
    response = client.get(url.format(ref=OWN))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Isla Pickles" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", RECORD_URLS + COORDINATOR_URLS)
def test_council_users_never_see_a_record(client, url):
    as_user(client, ROCHDALE_USER)
    response = client.get(url.format(ref=OWN))
    assert response.status_code == 403
    assert "Isla Pickles" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", RECORD_URLS + COORDINATOR_URLS)
def test_regional_coordinator_gets_404_outside_their_region(client, url):
    as_user(client, NORTH_WEST)
    assert client.get(url.format(ref=LONDON)).status_code == 404
    assert client.get(url.format(ref=NORTH_WEST_OTHER)).status_code == 200


@pytest.mark.parametrize("url", RECORD_URLS)
def test_reviewer_sees_own_record_but_not_another(client, url):
    as_user(client, REVIEWER)
    assert client.get(url.format(ref=OWN)).status_code == 200
    assert client.get(url.format(ref=NORTH_WEST_OTHER)).status_code == 404
    assert client.get(url.format(ref=ESSEX)).status_code == 404


@pytest.mark.parametrize("url", COORDINATOR_URLS)
def test_reviewer_may_not_use_coordinator_pages_even_on_own_record(client, url):
    as_user(client, REVIEWER)
    assert client.get(url.format(ref=OWN)).status_code == 403


def test_reviewer_sees_own_record_at_me_without_coordinator_actions(client):
    as_user(client, REVIEWER)
    response = client.get("/reviewers/me")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Isla Pickles" in page and "Your record" in page
    assert "Edit details and expertise" not in page and "Add a past employer" not in page
    assert "Declare a conflict" in page and "Add unavailable dates" in page
    # Their reviews are one click away from every page, not hidden under Calendar.
    assert 'href="/calendar/my-feed"' in page and "Your reviews" in page


def test_me_is_for_reviewers_only(client):
    assert client.get("/reviewers/me").status_code == 302
    as_user(client, COORDINATOR)
    assert client.get("/reviewers/me").status_code == 403


def test_independence_page_lists_reasons(client):
    as_user(client, COORDINATOR)
    response = client.get(f"/reviewers/{ESSEX}/independence")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Councils they may not review" in page
    assert "Cornwall" in page and "Strategic partner of their council" in page
    assert "Borders their council" in page
