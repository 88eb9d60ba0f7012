"""How a source is cited: the release date written out, or said to be unstated."""

import datetime as dt

import pandas as pd
import pytest

from pacesetter.model.provenance import source_note

URL = "https://example.org/bulletin"


@pytest.mark.parametrize("released", [dt.date(2023, 3, 1), pd.Timestamp("2023-03-01"), "2023-03-01"])
def test_release_date_in_either_language(released: object) -> None:
    assert source_note(URL, released, "final") == f"{URL} (发布 2023-03-01; final)"
    assert source_note(URL, released, "revised", lang="en") == f"{URL} (released 2023-03-01; revised)"


@pytest.mark.parametrize("released", [None, "", pd.NaT, float("nan"), pd.NA])
def test_an_unstated_date_is_said_to_be_unstated(released: object) -> None:
    assert source_note(URL, released, "final") == f"{URL} (发布日期未注明; final)"
    assert source_note(URL, released, lang="en") == f"{URL} (release date not stated)"


def test_derivation_and_cautions_follow_the_date() -> None:
    note = source_note(URL, "2021-01-27", "final", flags="YEAR INFERRED", derived_from="a / b", lang="en")
    assert note == f"{URL} (released 2021-01-27; final) derived: a / b ⚠ YEAR INFERRED"
