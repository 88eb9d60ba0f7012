"""A gap's page names each candidate's industry in the reader's language (issue 18): the project's
English name of Tushare's label in en, the label itself in zh, never the stored ``tushare:`` code."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(("lang", "name"), [("en", "Software services"), ("zh", "软件服务")])
def test_a_gaps_candidates_show_their_industry(visit: object, lang: str, name: str) -> None:
    v = visit("analyst", lang)  # type: ignore[operator]
    page = v.go("/targets/ic/ic_eda?region=370200")
    cells = page.locator("#candidates-table tbody tr td:nth-child(4)").all_inner_texts()
    assert len(cells) == 20 and cells[0] == name
    table = page.locator("#candidates-table").inner_text()
    assert "tushare:" not in table
    if lang == "en":
        assert [c for c in cells if CJK.search(c)] == []
        reasons = page.locator("#candidates-table ul.reasons").all_inner_texts()
        assert [r for r in reasons if CJK.search(r)] == []
