"""The councils list's filters and counts, and the map of England."""

from __future__ import annotations

import datetime as dt
import re

from peerreview.councils import services
from peerreview.extensions import db
from peerreview.models import ImprovementPhase, SupportPackage

ROCHDALE = "E08000005"
CORNWALL = "E06000052"


def shown(page: str) -> int:
    return int(re.search(r"Showing (\d+)\.", page).group(1))


def council_links(page: str) -> list[str]:
    table = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/councils/(E\d{8})"', table)


def test_list_links_to_the_map(client):
    page = client.get("/councils/").get_data(as_text=True)
    assert 'href="/councils/map"' in page


def test_filter_by_current_phase_with_counts(client):
    db.session.add(ImprovementPhase(council_code=ROCHDALE, phase="sustaining",
                                    start_date=dt.date.today() - dt.timedelta(days=1)))
    db.session.commit()
    page = client.get("/councils/?phase=sustaining").get_data(as_text=True)
    assert ROCHDALE in council_links(page)
    assert CORNWALL not in council_links(page)
    assert f"Sustaining ({shown(page)})" in page


def test_filter_by_support_in_place(client):
    db.session.add(SupportPackage(council_code=CORNWALL, form="intervention", kind="commissioner",
                                  start_date=dt.date.today() - dt.timedelta(days=30)))
    db.session.commit()
    page = client.get("/councils/?support=intervention").get_data(as_text=True)
    assert CORNWALL in council_links(page)
    supported = services.active_support(dt.date.today())
    expected = {
        code for code, packages in supported.items()
        if any(p.form == "intervention" for p in packages)
    } & {c.gss_code for c in services.current_councils()}
    assert set(council_links(page)) == expected
    none_page = client.get("/councils/?support=none").get_data(as_text=True)
    assert CORNWALL not in council_links(none_page)
    assert shown(none_page) + len(set(supported) & {
        c.gss_code for c in services.current_councils()}) == 153


def test_counts_respect_the_other_filters(client):
    everyone = client.get("/councils/").get_data(as_text=True)
    north_west = client.get("/councils/?region=North+West").get_data(as_text=True)
    total_nw = shown(north_west)
    # The region's own count ignores the region filter; the judgement counts respect it.
    assert f"North West ({total_nw})" in everyone
    assert f"North West ({total_nw})" in north_west
    counts = [int(n) for n in re.findall(
        r'<option value="(?:outstanding|good|requires_improvement|inadequate|none)"[^>]*>'
        r'[^<(]*\((\d+)\)', north_west.split('id="judgement"', 1)[1].split("</select>", 1)[0])]
    assert sum(counts) == total_nw


def test_unknown_filter_values_show_nothing_but_do_not_fail(client):
    response = client.get("/councils/?phase=flying&support=bribery&sort=height")
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == 0


def test_review_due_filter_when_the_due_list_exists(client):
    try:
        from peerreview.requests.due import due_reviews
    except ImportError:  # the due list is another part's work; nothing to filter by yet
        page = client.get("/councils/").get_data(as_text=True)
        assert 'id="due"' not in page
        return
    current = {c.gss_code for c in services.current_councils()}
    due = {item.council_code for item in due_reviews(dt.date.today())} & current
    page = client.get("/councils/?due=any").get_data(as_text=True)
    assert 'id="due"' in page
    assert set(council_links(page)) == due
    none_page = client.get("/councils/?due=none").get_data(as_text=True)
    assert shown(none_page) == len(current) - len(due)


def test_map_places_every_council_once_as_a_link(client):
    response = client.get("/councils/map")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    svg = page.split("<svg class=\"app-map__svg\"", 1)[1].split("</svg>", 1)[0]
    linked = re.findall(r'<a href="/councils/(E\d{8})" aria-label="([^"]+)"', svg)
    placed = [c for c in services.current_councils() if c.latitude is not None]
    assert sorted(code for code, _ in linked) == sorted(c.gss_code for c in placed)
    assert len(placed) > 140
    # Each dot names its council and judgement, for screen readers and on hover.
    assert any(text.startswith("Rochdale: ") for _, text in linked)
    assert svg.count("<title") == len(linked) + 1  # one per dot, one for the map
    # No network: nothing fetched from elsewhere.
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_map_has_a_key_and_a_table_alternative(client):
    page = client.get("/councils/map").get_data(as_text=True)
    assert "Requires improvement to be good:" in page and "Inadequate:" in page
    assert "London (enlarged)" in page
    table = page.split('id="councils-table"', 1)[1]
    assert table.count('href="/councils/E') == len(services.current_councils())
    assert "Rochdale" in table


def test_map_dots_are_coloured_by_latest_judgement(client):
    latest = services.latest_inspections()
    page = client.get("/councils/map").get_data(as_text=True)
    judgement = latest[ROCHDALE].overall if ROCHDALE in latest else None
    css = f"app-map__dot--{(judgement or 'none').replace('_', '-')}"
    assert re.search(rf'href="/councils/{ROCHDALE}"[^>]*>\s*<title>[^<]*</title>\s*'
                     rf'<circle class="app-map__dot {css}"', page)
