"""Registry errors speak the user's language: run in zh they show no English, in en no Chinese.

Each command below is refused by a rule of the registry (a value it cannot read, a move the
lifecycle forbids, a link that exists, several problems at once); the real entry point prints
the refusal, checked with the one-language helpers of tests/cli/test_one_language.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.test_one_language import data_values, other_language
from tests.reliability.helpers import entry_point

ACTOR = ("--actor", "tester")
# (command, exit code, words of the zh message, words of the en message); the demo's T-0003 is done,
# T-0001 is linked to project-3a8a06a2 and T-0002 is not
REFUSALS: list[tuple[tuple[str, ...], int, tuple[str, ...], tuple[str, ...]]] = [
    (("projects", "add", "--name", "某项目", "--stage", "签约", "--date", "2024-03-01",
      "--investment", "lots", *ACTOR), 2,
     ("无法读取金额 'lots'", "7400万元"), ("cannot read amount 'lots'", "`7400万元`")),
    (("projects", "add", "--name", "某项目", "--stage", "building", *ACTOR), 2,
     ("未知的项目阶段 'building'", "洽谈、签约、开工、投产、达产、终止"),
     ("unknown project stage 'building'", "negotiating, signed, started, in production, at capacity")),
    (("tasks", "status", "T-0003", "--to", "cancelled", *ACTOR), 2,
     ("任务 T-0003 当前为已完成", "可改为：推进中（in_progress）"),
     ("task T-0003 is done", "it can move to: in_progress")),
    (("tasks", "status", "T-0003", "--to", "foo", *ACTOR), 2,
     ("'foo' 不是任务状态", "待办（open）、推进中（in_progress）"),
     ("'foo' is not a task status", "open, in_progress, done, cancelled")),
    (("tasks", "add", "--title", "x", "--owner", "y", "--owner-kind", "mayor", "--due", "2026-12-31",
      "--chain", "nochain", "--indicator", "happiness", *ACTOR), 2,
     ("责任类型 'mayor' 无效", "chain_chief、deputy", "；未知产业链 'nochain'", "；未知指标 'happiness'"),
     ("owner kind 'mayor' is not one of", "chain_chief, deputy", "; unknown chain 'nochain'",
      "; unknown indicator 'happiness'")),
    (("tasks", "link", "T-0001", "project-3a8a06a2", *ACTOR), 1,
     ("任务 T-0001 已关联项目 project-3a8a06a2",),
     ("task T-0001 is already linked to project project-3a8a06a2",)),
    (("tasks", "unlink", "T-0002", "project-3a8a06a2", *ACTOR), 2,
     ("任务 T-0002 未关联项目",), ("task T-0002 is not linked to project",)),
    (("trace", "project", "P-9999"), 1, ("没有项目 'P-9999'",), ("no project 'P-9999'",)),
    (("parks", "edit", "park-d5c7ee6c", "--set", "area_mu=big", "--set", "colour=red", *ACTOR), 2,
     ("area_mu：不是数字：'big'；'colour=red'：请写成 字段=值", "name_zh、name_en"),
     ("area_mu: not a number: 'big'; 'colour=red': write field=value", "name_zh, name_en")),
    (("policies", "edit", "nope", "--set", "expires=soon", *ACTOR), 2,
     ("expires：无法读取日期 'soon'",), ("expires: cannot read date 'soon'",)),
]


def refusal(db: Path, lang: str, *args: str) -> tuple[int, str]:
    """Exit code and output of ``pacesetter --db db --lang lang args`` through the real entry point."""
    result = CliRunner().invoke(entry_point, ["--db", str(db), "--lang", lang, *args],
                                env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
    return result.exit_code, result.output


@pytest.mark.parametrize(("args", "code", "zh", "en"), REFUSALS, ids=[" ".join(r[0][:2]) for r in REFUSALS])
def test_registry_refusals_speak_one_language(
    demo_db: Path, args: tuple[str, ...], code: int, zh: tuple[str, ...], en: tuple[str, ...]
) -> None:
    values = data_values(str(demo_db))
    for lang, words in (("zh", zh), ("en", en)):
        exit_code, text = refusal(demo_db, lang, *args)
        assert exit_code == code, text
        assert all(w in text for w in words), (words, text)
        assert other_language(text, lang, values) == [], text
