"""One language at a time for the analysis's errors: a user's framework, sections, rules and
templates, and the methods they choose, are refused in zh or in en, never in both.

Each error is reached as a user reaches it (a command on the demo database, or the Workspace where
no command gets there) in both languages; the zh text holds no English and the en text no Chinese
outside codes, paths and data values (the check of tests/cli/test_one_language.py), and each says
the specific thing that is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app
from pacesetter.errors import ConfigError, InputError, NotFoundError, PacesetterError
from tests.assess.conftest import MINIMAL
from tests.cli.test_one_language import data_values, other_language

QINGDAO = "qingdao-2022-2026"
GROUPS = "[modern_industrial_system, digital_transformation, industrial_ecosystem, clean_safe_efficient]"
# Saaty judgements over the four groups that contradict each other (CR 0.862 > 0.1)
AHP = (f"id: ahp-test\nextends: {QINGDAO}\nmethods:\n  weighting: ahp\n  ahp:\n    items: {GROUPS}\n"
       "    matrix: [[1, 9, 1, 1], [0.111111, 1, 9, 1], [1, 0.111111, 1, 1], [1, 1, 1, 1]]\n")
SECTIONS = ("sections:\n  - id: industry\n    title: {zh: 工业, en: Industry}\n"
            "    items:\n      - kind: growth\n        label: {zh: 工业, en: industry}\n")
RULES = "rules:\n  - id: x\n    kind: consecutive_slowing\n    severity: urgent\n    indicators: [gdp]\n"


def refusal(db: Path, lang: str, *args: str) -> PacesetterError:
    """The error ``pacesetter --db db --lang lang args`` stops with (it must stop with one)."""
    result = CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args],
                                env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
    assert isinstance(result.exception, PacesetterError), result.output
    return result.exception


def texts(db: Path, kind: type[PacesetterError], *args: str) -> dict[str, str]:
    """The message of the error a command stops with, run in zh and in en, each checked to be
    in its language alone."""
    out = {}
    for lang in ("zh", "en"):
        error = refusal(db, lang, *args)
        assert isinstance(error, kind), error
        out[lang] = error.text(lang)
        assert other_language(out[lang], lang, data_values(str(db))) == [], out[lang]
    return out


def write(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def test_an_unknown_framework_names_the_known_ones(demo_db: Path) -> None:
    said = texts(demo_db, NotFoundError, "assess", "--framework", "nope")
    assert said["zh"] == ("没有评估框架 'nope'；已有：peer-benchmark、qingdao-2022-2026"
                          "（也可给出 .yaml 文件的路径）")
    assert said["en"] == ("no assessment framework 'nope'; known: peer-benchmark, qingdao-2022-2026 "
                          "(or pass the path of a .yaml file)")


def test_a_missing_framework_file_is_named(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    said = texts(demo_db, NotFoundError, "assess", "--framework", str(path))
    assert said == {"zh": f"{path}：评估框架文件不存在", "en": f"{path}: no such framework file"}


def test_a_framework_breaking_the_schema_names_key_line_and_the_allowed_values(demo_db: Path,
                                                                                tmp_path: Path) -> None:
    path = write(tmp_path, "mini.yaml", MINIMAL.replace("higher, status: plan", "up, status: plan"))
    said = texts(demo_db, ConfigError, "assess", "--framework", path)
    where = f"{path}，键 groups.0.indicators.0.polarity（第 13 行）"
    # the rule as every declarative file says it (model/declarative.py): the value given, the choices
    assert said["zh"] == f"评估框架无效：{where}：[literal_error] 'up' 不在可选值 higher、lower 之中"
    assert said["en"] == (f"invalid framework: {path}, key groups.0.indicators.0.polarity (line 13): "
                          "[literal_error] 'up' is not one of higher, lower")


def test_a_validators_own_error_shows_in_the_language(demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "mini.yaml", MINIMAL.replace('"330200", "320200"', '"33020", "320200"'))
    said = texts(demo_db, ConfigError, "assess", "--framework", path)
    assert f"{path}，键 peers.regions（第 7 行）：[value_error] " in said["zh"] and "'33020'" in said["zh"]
    assert f"{path}, key peers.regions (line 7): [value_error] " in said["en"] and "'33020'" in said["en"]


def test_framework_weights_not_summing_to_one_give_the_sum(demo_db: Path, tmp_path: Path) -> None:
    text = MINIMAL.replace("status: plan,", "status: plan, weight: 0.7,")
    path = write(tmp_path, "mini.yaml", text.replace("status: proposed}", "status: proposed, weight: 0.2}"))
    said = texts(demo_db, ConfigError, "assess", "--framework", path)
    assert "[weights_sum] 分组 'size'：指标权重之和为 0.9，不是 1" in said["zh"]
    assert "[weights_sum] group 'size': indicator weights sum to 0.9, not 1" in said["en"]


def test_a_framework_yaml_syntax_error_names_line_and_column(demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "id: broken\ngroups: [a\n")
    said = texts(demo_db, ConfigError, "assess", "--framework", path)
    assert said["zh"].startswith(f"{path}，第 3 行第 1 列：[yaml] 不是有效的 YAML")
    assert said["en"].startswith(f"{path}, line 3, column 1: [yaml] not valid YAML")


def test_an_indicator_the_store_lacks_is_named(demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "mini.yaml", MINIMAL.replace("id: high_tech_enterprises", "id: no_such_indicator"))
    said = texts(demo_db, ConfigError, "assess", "--framework", path)
    assert ("[unknown_indicator] 指标 'no_such_indicator' 不在数据库中；请见 `pacesetter list indicators`"
            in said["zh"])
    assert ("[unknown_indicator] indicator 'no_such_indicator' is not in the store; "
            "see `pacesetter list indicators`") in said["en"]


def test_inconsistent_ahp_judgements_name_the_pair_to_revise(demo_db: Path, tmp_path: Path) -> None:
    said = texts(demo_db, InputError, "assess", "--uncertainty", "0", "--framework",
                 write(tmp_path, "ahp.yaml", AHP))
    assert said["zh"].startswith("AHP 判断不一致：CR = 0.862 > 0.1")
    assert "最不一致的一对是 modern_industrial_system 与 digital_transformation：判断为 9" in said["zh"]
    assert said["en"].startswith("AHP judgements are inconsistent: CR = 0.862 > 0.1")
    assert ("most inconsistent pair is modern_industrial_system vs digital_transformation: judged 9"
            in said["en"])


def test_pca_weights_without_three_complete_regions(demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "pca.yaml", f"id: pca-test\nextends: {QINGDAO}\nmethods: {{weighting: pca}}\n")
    said = texts(demo_db, InputError, "assess", "--uncertainty", "0", "--framework", path)
    assert said == {"zh": "主成分（PCA）赋权需要至少三个地区的完整数据",
                    "en": "PCA weights need complete data for at least three regions"}


def test_a_bad_sections_file_says_which_item_needs_what(demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "sections.yaml", SECTIONS)
    said = texts(demo_db, ConfigError, "bulletin", "--region", "370200", "--period", "2022-08",
                 "--sections", path)
    # the file and key as every declarative file says them (model/declarative.py), then the rule
    assert said["zh"].startswith(path) and said["en"].startswith(path)
    assert "sections.0.items.0：[value_error] 增长类条目需要 `ytd` 或 `month`（指标 ID）" in said["zh"]
    assert ("sections.0.items.0: [value_error] a growth item needs `ytd` or `month` (an indicator id)"
            in said["en"])


def test_a_missing_template_folder_is_named(demo_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no_templates"
    said = texts(demo_db, ConfigError, "bulletin", "--region", "370200", "--period", "2022-08",
                 "--templates", str(missing))
    assert said == {"zh": f"{missing}：模板目录不存在", "en": f"{missing}: template directory does not exist"}
    # a template file given where the folder goes: said as it is, not "does not exist"
    single = write(tmp_path, "bulletin.zh.md.j2", "{{ b.title }}")
    said = texts(demo_db, ConfigError, "bulletin", "--region", "370200", "--period", "2022-08",
                 "--templates", single)
    assert said["zh"].startswith(f"{single} 是文件：--templates 须为模板目录")
    assert said["en"].startswith(f"{single} is a file: --templates takes a folder of templates")


@pytest.mark.parametrize(("template", "zh", "en"), [
    ("{{ b.no_such_field }}", "bulletin.zh.md.j2 第 1 行：模板用到了 'no_such_field'，公报中没有这一项",
     "bulletin.en.md.j2, line 1: the template uses 'no_such_field', which the bulletin does not have"),
    ("Line 1\n{% if %}", "bulletin.zh.md.j2 第 2 行：模板语法错误；请检查该处的标记（{{ }}、{% %}）",
     "bulletin.en.md.j2, line 2: template syntax error; check the tags ({{ }}, {% %}) there"),
    ("# T\n\n{% include 'parts.j2' %}",
     "bulletin.zh.md.j2 第 3 行：模板引用的 'parts.j2' 在模板目录和内置模板中都没有",
     "bulletin.en.md.j2, line 3: the template includes 'parts.j2', which is neither in the template folder "
     "nor among the shipped templates"),
    # an expression that fails while rendering is the template's to fix, not "a bug in Pacesetter"
    ("# T\n{{ b.region_code + 1 }}",
     "bulletin.zh.md.j2 第 2 行 `{{ b.region_code + 1 }}`：无法计算（类型不符，例如数字与文字相加、"
     "对列表取整）",
     "bulletin.en.md.j2, line 2 `{{ b.region_code + 1 }}`: cannot be computed (mismatched types, e.g. a "
     "number added to text or a list rounded)"),
    ("{{ 1 // 0 }}", "bulletin.zh.md.j2 第 1 行 `{{ 1 // 0 }}`：无法计算（除数为零）",
     "bulletin.en.md.j2, line 1 `{{ 1 // 0 }}`: cannot be computed (division by zero)"),
])
def test_a_broken_template_says_what_and_where(demo_db: Path, tmp_path: Path, template: str, zh: str,
                                               en: str) -> None:
    for lang in ("zh", "en"):  # the user's own template of each language
        write(tmp_path, f"bulletin.{lang}.md.j2", template)
    said = texts(demo_db, ConfigError, "bulletin", "--region", "370200", "--period", "2022-08",
                 "--templates", str(tmp_path))
    assert said["zh"].endswith(zh) and said["en"].endswith(en)


def test_an_unknown_warning_severity_lists_the_severities(demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "rules.yaml", RULES)
    said = texts(demo_db, ConfigError, "warnings", "--region", "370200", "--period", "2022-08",
                 "--rules", path)
    assert said["zh"].startswith(path) and said["en"].startswith(path)
    key = "rules.0.consecutive_slowing.severity"
    assert f"{key}：[literal_error] 'urgent' 不在可选值 info、warning、high 之中" in said["zh"]
    assert f"{key}: [literal_error] 'urgent' is not one of info, warning, high" in said["en"]


def test_a_bulletin_language_other_than_zh_or_en_is_refused(demo_db: Path) -> None:
    with pacesetter.open(demo_db, read_only=True) as ws, pytest.raises(InputError) as refused:
        ws.bulletin("370200", "2022-08", "fr")  # no command gets here: --lang takes zh or en only
    assert refused.value.text("zh") == "语言 'fr'：请选择 zh 或 en"
    assert refused.value.text("en") == "language 'fr': choose zh or en"
