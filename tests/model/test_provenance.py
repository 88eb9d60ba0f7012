"""How a source is cited: the release date written out, or said to be unstated."""

import datetime as dt

import pandas as pd
import pytest

from pacesetter.model.provenance import flag_label, origin_note, source_note

URL = "https://example.org/bulletin"


@pytest.mark.parametrize("released", [dt.date(2023, 3, 1), pd.Timestamp("2023-03-01"), "2023-03-01"])
def test_release_date_in_either_language(released: object) -> None:
    assert source_note(URL, released, "final") == f"{URL} (发布 2023-03-01; 正式数)"
    assert source_note(URL, released, "revised", lang="en") == f"{URL} (released 2023-03-01; revised)"


@pytest.mark.parametrize("released", [None, "", pd.NaT, float("nan"), pd.NA])
def test_an_unstated_date_is_said_to_be_unstated(released: object) -> None:
    assert source_note(URL, released, "final") == f"{URL} (发布日期未注明; 正式数)"
    assert source_note(URL, released, lang="en") == f"{URL} (release date not stated)"


def test_derivation_and_cautions_follow_the_date() -> None:
    note = source_note(URL, "2021-01-27", "final", flags="YEAR INFERRED", derived_from="a / b", lang="en")
    assert note == f"{URL} (released 2021-01-27; final) derived: a / b ⚠ year inferred"


def test_an_unstated_status_is_said_to_be_unstated() -> None:
    assert source_note(URL, None, "not_stated") == f"{URL} (发布日期未注明; 状态未注明)"
    assert source_note(URL, None, "not_stated", lang="en") == (
        f"{URL} (release date not stated; status not stated)")


def test_the_original_publisher_and_a_reprint_are_named() -> None:
    # macro/figures.csv line 2: Qingdao 2015 GDP, read from 《青岛统计年鉴2018》 on docslib.org (a mirror)
    note = source_note(URL, None, "not_stated", publisher="青岛市统计局", document="《青岛统计年鉴2018》",
                       source_kind="reprint", flags="YEAR INFERRED")
    assert note == (f"{URL} [原始发布：青岛市统计局《青岛统计年鉴2018》；转载/镜像页面，非原始发布] "
                    "(发布日期未注明; 状态未注明) ⚠ 年份为推断")  # the stored flag in the reader's language
    en = source_note(URL, None, "", source_kind="reprint", lang="en")
    assert en == (f"{URL} [original publisher unknown; a mirror or reprint, not the original] "
                  "(release date not stated)")


def test_nothing_known_of_the_origin_adds_nothing() -> None:
    assert origin_note("", None, float("nan")) == ""
    official = origin_note("深圳市统计局", "", "official", lang="en")
    assert official == "original: 深圳市统计局; the publisher's own page"


def test_stored_flags_are_shown_in_the_readers_language() -> None:
    assert flag_label("LOW RELIABILITY; YEAR INFERRED", "zh") == "可靠性低；年份为推断"
    assert flag_label("LOW RELIABILITY; YEAR INFERRED", "en") == "low reliability; year inferred"
    assert flag_label("A FLAG OF A NEWER VERSION", "zh") == "A FLAG OF A NEWER VERSION"  # shown as stored
    assert flag_label("", "en") == ""
