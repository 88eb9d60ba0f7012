"""The shipped taxonomy and the validation of user taxonomy files."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from pacesetter.chains.taxonomy import TaxonomyError, load_crosswalk, load_taxonomy, shipped_folder
from pacesetter.errors import ConfigError

from .conftest import CODES, TOY


def _shipped_chain_ids() -> list[str]:
    path = resources.files("pacesetter.data").joinpath("chains", "chains.csv")
    if not path.is_file():
        pytest.skip("pacesetter.data has no chains/chains.csv (embedded dataset not installed)")
    with path.open(encoding="utf-8") as fh:
        return [row["chain_id"] for row in csv.DictReader(fh)]


def test_shipped_taxonomy_has_the_24_chains_labelled_authored():
    tax = load_taxonomy()  # validates codes against the shipped GB/T 4754-2017 list
    assert list(tax.chains) == _shipped_chain_ids()  # same ids, same order as chains.csv
    assert len(tax) == 24 and sum(len(c.segments) for c in tax) == 275
    unidentified = [c.id for c in tax if not c.identified]
    assert unidentified == ["svc_unconfirmed_a", "svc_unconfirmed_b"]
    assert all(not tax.chain(c).segments for c in unidentified)
    assert all(c.authored and c.provenance["industry_codes"] == "authored" for c in tax)
    assert all(s.industry_codes for c in tax for s in c.segments)
    assert all(seg.authored for c in tax for seg in c.to_segments())
    for path in shipped_folder().glob("*.yaml"):
        assert "AUTHORED STRUCTURE - NOT SOURCED FACT" in path.read_text(encoding="utf-8")


def test_shipped_crosswalk_codes_are_known():
    xw = load_crosswalk()
    assert xw["tushare:半导体"] == ["3973"] and all(k.startswith("tushare:") for k in xw)


def test_user_folder_loads_and_orders(toy_folder):
    tax = load_taxonomy(toy_folder, known_codes=CODES)
    assert list(tax.chains) == ["slot", "toy"]
    assert tax.chain("toy").depends_on()["c"] == ["a", "b"]
    with pytest.raises(LookupError, match="unknown chain 'nope'"):
        tax.chain("nope")


def _errors(folder: Path, text: str, name: str = "toy.yaml") -> list[tuple[str, str, str]]:
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(folder, known_codes=CODES)
    return [(i.file, str(i.column), i.rule) for i in info.value.issues]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("depends_on: [c]", "depends_on: [zz]", ("toy.yaml", "segments[3].depends_on[0]", "known_segment")),
    ('industry_codes: ["7320"]', 'industry_codes: ["9999"]',
     ("toy.yaml", "segments[4].industry_codes[0]", "gbt4754")),
    ("stage: mid", "stage: middle", ("toy.yaml", "segments[2].stage", "literal_error")),
    ("id: toy", "id: other", ("toy.yaml", "id", "file_name")),
    ("{id: e,", "{id: d,", ("toy.yaml", "segments[4].id", "unique")),
    ("name_zh: \"芯片\", ", "", ("toy.yaml", "segments[0].name_zh", "missing")),
    ("critical: true}", "critical: true, colour: red}",
     ("toy.yaml", "segments[1].colour", "extra_forbidden")),
])
def test_each_rule_names_file_and_key_path(toy_folder, old, new, expected):
    assert old in TOY
    assert expected in _errors(toy_folder, TOY.replace(old, new))


def test_cycle_is_reported_with_its_path(toy_folder):
    issues = _errors(toy_folder, TOY.replace("stage: up, industry_codes: [\"3973\"]",
                                             "stage: up, depends_on: [d], industry_codes: [\"3973\"]"))
    assert ("toy.yaml", "segments", "acyclic") in issues


def test_duplicate_segment_id_across_files(toy_folder):
    (toy_folder / "zz.yaml").write_text(TOY.replace("id: toy", "id: zz"), encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(toy_folder, known_codes=CODES)
    assert {(i.file, i.rule) for i in info.value.issues} == {("zz.yaml", "unique")}
    assert "segment id already used in toy.yaml" in str(info.value)


def test_yaml_syntax_error_names_the_line(toy_folder):
    issues = _errors(toy_folder, TOY + "  - {id: f, name_zh: [unclosed\n")
    assert len(issues) == 1
    file, where, rule = issues[0]
    assert (file, rule) == ("toy.yaml", "yaml") and where.startswith("line ")


def test_unidentified_slot_may_not_have_segments(toy_folder):
    text = TOY.replace("category: emerging", "category: emerging\nidentified: false")
    assert ("toy.yaml", "segments", "unidentified_empty") in _errors(toy_folder, text)


def test_empty_folder(tmp_path):
    with pytest.raises(ConfigError, match="no chain taxonomy files"):
        load_taxonomy(tmp_path, known_codes=CODES)


def test_nothing_is_loaded_when_any_file_is_bad(toy_folder):
    (toy_folder / "bad.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(toy_folder, known_codes=CODES)
    assert [(i.file, i.rule) for i in info.value.issues] == [("bad.yaml", "mapping")]


def test_a_schema_rule_is_worded_in_each_language(toy_folder):
    """pydantic's own message is English only: the rule is said as every declarative file says it."""
    (toy_folder / "toy.yaml").write_text(TOY.replace("stage: mid", "stage: middle"), encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(toy_folder, known_codes=CODES)
    (issue,) = [i for i in info.value.issues if i.rule == "literal_error"]
    assert issue.text("en") == "'middle' is not one of up, mid, down"
    assert issue.text("zh") == "'middle' 不在可选值 up、mid、down 之中"
