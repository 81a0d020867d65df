"""The register's pages on the seeded data."""

from __future__ import annotations


def test_list_shows_all_153_councils(client):
    response = client.get("/councils/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Showing 153" in page
    assert "Rochdale" in page and "Cornwall" in page


def test_list_filters_by_region_and_search(client):
    page = client.get("/councils/?region=North+West").get_data(as_text=True)
    assert "Rochdale" in page and "Cornwall" not in page
    page = client.get("/councils/?q=cornw").get_data(as_text=True)
    assert "Showing 1." in page and "Cornwall" in page


def test_list_filter_by_judgement_and_unknown_sort_falls_back(client):
    response = client.get("/councils/?judgement=inadequate&sort=nonsense")
    assert response.status_code == 200
    assert "Inadequate" in response.get_data(as_text=True)


def test_rochdale_record_shows_its_inspection_history(client):
    response = client.get("/councils/E08000005")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1 class=\"govuk-heading-xl\">Rochdale</h1>" in page
    assert "Ofsted inspection" in page
    assert "New director of children" in page
    assert "Statistical neighbours" in page


def test_cornwall_record_by_slug(client):
    response = client.get("/councils/cornwall")
    assert response.status_code == 200
    assert "Cornwall" in response.get_data(as_text=True)
    assert "Ofsted inspection" in response.get_data(as_text=True)


def test_unknown_council_is_404(client):
    assert client.get("/councils/E99999999").status_code == 404
    assert client.get("/councils/nowhere-at-all").status_code == 404
