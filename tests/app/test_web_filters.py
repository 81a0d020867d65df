"""Filters that turn the solver's and the checker's words into words people read."""

from __future__ import annotations

from peerreview.web import plain


def test_plain_names_practice_areas_and_writes_dates_out():
    assert plain("care_leavers level 2") == "Care leavers level 2"
    assert plain("[rule 2 dates] RV-5: on site 2027-02-06, a Saturday") == (
        "[rule 2 dates] RV-5: on site 6 February 2027, a Saturday"
    )
    # Only whole keys and real dates change.
    assert plain("early_helpers on 2027-02-30") == "early_helpers on 2027-02-30"
    assert plain(None) == "" and plain("") == ""

