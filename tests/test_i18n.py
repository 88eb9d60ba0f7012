"""The message catalogue: both languages have the same keys and the same placeholders."""

from __future__ import annotations

import string

import pytest

from pacesetter.i18n import LANGS, catalogue, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en), sorted(set(zh) ^ set(en))
    assert {k: _placeholders(v) for k, v in zh.items()} == {k: _placeholders(v) for k, v in en.items()}


def test_a_message_fills_its_placeholders() -> None:
    assert t("common.unknown", "zh") == "未知" and t("common.not_covered", "en") == "not covered"
    with pytest.raises(ValueError, match="languages are zh, en"):
        catalogue("fr")
    assert LANGS == ("zh", "en")
