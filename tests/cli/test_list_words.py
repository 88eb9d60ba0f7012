"""`pacesetter list` heads every column in the run's language: a field no import spec names takes
the catalogue's header (a chain's place in the list), projects the bureau workbook's headers in
zh, and a chain's category its word (优势产业链, not advantage)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_one_language import invoke


def test_list_heads_columns_in_words(module_demo_db: Path) -> None:
    chains = invoke(module_demo_db, "zh", "list", "chains")
    assert "列表中的顺序" in chains and "position" not in chains
    assert "新兴产业链" in chains and "emerging" not in chains
    projects = invoke(module_demo_db, "zh", "list", "projects")
    for english, chinese in (("investor_id", "投资企业代码"), ("expected_tax_yi", "预计年税收(亿元)")):
        assert english not in projects and chinese in " ".join(projects.split()), english
    assert "Order in the list" in invoke(module_demo_db, "en", "list", "chains")
