"""Chain taxonomies as data: one YAML file per chain, validated on load.

The shipped files (``chains/taxonomy/*.yaml``) hold Qingdao's 24 chains. Their
segment structure, GB/T 4754-2017 codes and chokepoint flags are **authored**
(written from general industry knowledge, not sourced) and say so. A city points
:func:`load_taxonomy` at its own folder to add or edit chains without code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from pacesetter.chains.graph import find_cycle
from pacesetter.data.industry_labels import gbt_names
from pacesetter.errors import ConfigError, Issue
from pacesetter.i18n import t
from pacesetter.model.declarative import rule_broken, rule_type
from pacesetter.model.entities import Chain, ChainCategory, Segment, Stage

STAGES: tuple[Stage, ...] = ("up", "mid", "down")
_GBT_RESOURCE = ("external", "gbt4754_2017", "gbt4754_2017.csv")


class SegmentSpec(BaseModel):
    """One segment (环节) as written in a taxonomy file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    stage: Stage
    depends_on: list[str] = Field(default_factory=list)
    industry_codes: list[str] = Field(default_factory=list)
    critical: bool = False


class ChainSpec(BaseModel):
    """One chain (产业链) file: identity, provenance labels and segments."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    category: ChainCategory
    order: int = 0
    identified: bool = True
    authored: bool = True
    provenance: dict[str, str] = Field(default_factory=dict)
    segments: list[SegmentSpec] = Field(default_factory=list)

    def depends_on(self) -> dict[str, list[str]]:
        """``{segment_id: [ids it depends on]}`` in file order."""
        return {s.id: list(s.depends_on) for s in self.segments}

    def segment(self, segment_id: str) -> SegmentSpec:
        """The segment with this id (KeyError if absent)."""
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise KeyError(segment_id)

    def to_chain(self) -> Chain:
        """The domain ``Chain``; unidentified slots keep ``identified=False``."""
        note = "authored taxonomy" if self.authored else ""
        return Chain(id=self.id, name_zh=self.name_zh, name_en=self.name_en,
                     category=self.category, identified=self.identified, note=note)

    def to_segments(self) -> list[Segment]:
        """The domain ``Segment`` rows, labelled authored when the file is."""
        return [
            Segment(id=s.id, chain_id=self.id, name_zh=s.name_zh, name_en=s.name_en, stage=s.stage,
                    depends_on=list(s.depends_on), industry_codes=list(s.industry_codes),
                    critical=s.critical, authored=self.authored)
            for s in self.segments
        ]


@dataclass(frozen=True)
class Taxonomy:
    """All chains of a folder or of the store, ordered by their ``order`` field, then id.

    ``origin`` says where they were read: the folder, or ``store``.
    """

    chains: dict[str, ChainSpec]
    origin: str

    def __iter__(self) -> Iterator[ChainSpec]:
        return iter(self.chains.values())

    def __len__(self) -> int:
        return len(self.chains)

    def chain(self, chain_id: str) -> ChainSpec:
        """One chain, or :class:`~pacesetter.errors.NotFoundError` naming the known ids."""
        from pacesetter.errors import NotFoundError

        if chain_id not in self.chains:
            known = ", ".join(self.chains)
            raise NotFoundError.said("chains.errors.unknown_chain", chain=chain_id, known=known)
        return self.chains[chain_id]


class TaxonomyError(ConfigError):
    """A taxonomy file is invalid; carries every problem with its file and key path."""

    code = "config.taxonomy"

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Every problem, one line each, under a heading in ``lang``."""
        lines = "\n".join(i.render(lang) for i in self.issues)
        return t("chains.errors.taxonomy", lang, n=len(self.issues), issues=lines)


def shipped_folder() -> Path:
    """The folder of the shipped (authored) Qingdao taxonomy."""
    return Path(str(resources.files("pacesetter.chains") / "taxonomy"))


def load_industry_codes() -> dict[str, str]:
    """GB/T 4754-2017 codes shipped with the dataset: ``{code: name_zh}``.

    Raises ConfigError when the dataset (``pacesetter/data/external/gbt4754_2017``)
    is not installed.
    """
    path = resources.files("pacesetter.data").joinpath(*_GBT_RESOURCE)
    if not path.is_file():
        raise ConfigError.said("chains.errors.no_industry_codes", path=path)
    return dict(gbt_names())


def load_taxonomy(
    folder: Path | str | None = None, *, known_codes: Collection[str] | None = None
) -> Taxonomy:
    """Load and validate every ``*.yaml`` chain file in ``folder`` (default: the shipped one).

    Checks: YAML syntax, fields and types, file name = chain id, segment ids unique
    across all chains, ``depends_on`` naming segments of the same chain, no cycles,
    and industry codes in GB/T 4754-2017 (``known_codes``, default the shipped list).

    Raises:
        TaxonomyError: listing every problem with its file and key path.
    """
    root = Path(folder) if folder is not None else shipped_folder()
    files = sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml"))
    if not files:
        raise ConfigError.said("chains.errors.no_taxonomy_files", folder=root)
    codes = set(known_codes) if known_codes is not None else set(load_industry_codes())
    issues: list[Issue] = []
    chains: dict[str, ChainSpec] = {}
    owner: dict[str, str] = {}  # segment id -> file that defines it
    for path in files:
        spec = _parse(path, issues)
        if spec is None:
            continue
        before = len(issues)
        _check_chain(spec, path.name, codes, owner, issues)
        if len(issues) == before:
            chains[spec.id] = spec
    if issues:
        raise TaxonomyError(issues)
    ordered = sorted(chains.values(), key=lambda c: (c.order, c.id))
    return Taxonomy(chains={c.id: c for c in ordered}, origin=str(root))


def taxonomy_from_rows(
    chains: pd.DataFrame, segments: pd.DataFrame, *, known_codes: Collection[str] | None = None
) -> Taxonomy:
    """The taxonomy held by the store's ``chains`` and ``segments`` rows (in list order).

    The same checks as :func:`load_taxonomy` run over the rows (segment ids unique,
    ``depends_on`` within the chain, no cycles, known GB/T 4754-2017 codes), so that a
    chain imported through the templates is held to the rules of a shipped one. A chain
    is authored when every segment is. Raises TaxonomyError naming ``store`` and the chain.
    """
    codes = set(known_codes) if known_codes is not None else set(load_industry_codes())
    by_chain = {cid: rows for cid, rows in segments.groupby("chain_id", sort=False)}
    issues: list[Issue] = []
    out: dict[str, ChainSpec] = {}
    owner: dict[str, str] = {}
    for i, c in enumerate(chains.to_dict("records")):
        rows = by_chain.get(c["id"], segments.iloc[:0]).to_dict("records")
        raw = {"id": c["id"], "name_zh": c["name_zh"], "name_en": c["name_en"], "category": c["category"],
               "order": i, "identified": bool(c["identified"]),
               "authored": bool(rows) and all(bool(r["authored"]) for r in rows),
               "segments": [{"id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"],
                             "stage": r["stage"], "depends_on": _text_list(r["depends_on"]),
                             "industry_codes": _text_list(r["industry_codes"]),
                             "critical": bool(r["critical"])} for r in rows]}
        where = f"store: chains/{c['id']}"
        try:
            spec = ChainSpec.model_validate(raw)
        except ValidationError as exc:
            issues.extend(_broken(where, e) for e in exc.errors())
            continue
        before = len(issues)
        _check_chain(spec, where, codes, owner, issues, file_name=False)
        if len(issues) == before:
            out[spec.id] = spec
    if issues:
        raise TaxonomyError(issues)
    return Taxonomy(chains=out, origin="store")


def _text_list(value: object) -> list[str]:
    """A list cell of the store (list, array or NULL) as a list of text."""
    if value is None or isinstance(value, float):
        return []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def _issue(file: str, key: str, rule: str, value: object, message: str) -> Issue:
    """A problem found by the YAML parser (its message is in English)."""
    return Issue(file=file, sheet=None, row=None, column=key, rule=rule, value=value, message=message)


def _broken(file: str, err: ErrorDetails) -> Issue:
    """A rule of the schema broken, worded as every declarative file words it, in a language."""
    said = rule_broken(err)
    return Issue(file=file, sheet=None, row=None, column=_key(err["loc"]), rule=rule_type(err),
                 value=err.get("input"), key=said.key, values=said.values)


def _rule(file: str, key: str, rule: str, value: object, /, **values: object) -> Issue:
    """A problem with one of the taxonomy's own rules, worded by ``chains.issues.<rule>``."""
    return Issue(file=file, sheet=None, row=None, column=key, rule=rule, value=value,
                 key=f"chains.issues.{rule}", values=values)


def _key(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def _parse(path: Path, issues: list[Issue]) -> ChainSpec | None:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        issues.append(_issue(path.name, where, "yaml", None, str(exc).splitlines()[0]))
        return None
    if not isinstance(raw, dict):
        issues.append(_rule(path.name, "(root)", "mapping", type(raw).__name__))
        return None
    try:
        return ChainSpec.model_validate(raw)
    except ValidationError as exc:
        issues.extend(_broken(path.name, err) for err in exc.errors())
        return None


def _check_chain(
    spec: ChainSpec, file: str, codes: set[str], owner: dict[str, str], issues: list[Issue],
    *, file_name: bool = True,
) -> None:
    if file_name and spec.id != Path(file).stem:
        issues.append(_rule(file, "id", "file_name", spec.id, file=file))
    if not spec.identified and spec.segments:
        issues.append(_rule(file, "segments", "unidentified_empty", len(spec.segments)))
    ids = {s.id for s in spec.segments}
    for i, seg in enumerate(spec.segments):
        key = f"segments[{i}]"
        if seg.id in owner:
            issues.append(_rule(file, f"{key}.id", "unique", seg.id, file=owner[seg.id]))
        else:
            owner[seg.id] = file
        for j, dep in enumerate(seg.depends_on):
            if dep == seg.id or dep not in ids:
                issues.append(_rule(file, f"{key}.depends_on[{j}]", "known_segment", dep, segment=seg.id,
                                    chain=spec.id))
        for j, code in enumerate(seg.industry_codes):
            if code not in codes:
                issues.append(_rule(file, f"{key}.industry_codes[{j}]", "gbt4754", code))
    cycle = find_cycle({s.id: [d for d in s.depends_on if d in ids] for s in spec.segments})
    if cycle:
        issues.append(_rule(file, "segments", "acyclic", " → ".join(cycle)))


def load_crosswalk(
    path: Path | str | None = None, *, known_codes: Collection[str] | None = None
) -> dict[str, list[str]]:
    """Registry industry labels → GB/T 4754-2017 codes (default: the shipped, authored file).

    The file groups labels by registry (``tushare: {半导体: [3973]}``); the result is
    keyed as enterprises store them (``tushare:半导体``). Raises ConfigError naming
    the label of any unknown code.
    """
    p = Path(path) if path is not None else Path(__file__).with_name("crosswalk.yaml")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError.said("chains.errors.crosswalk_unreadable", path=p, error=exc) from exc
    codes = set(known_codes) if known_codes is not None else set(load_industry_codes())
    out = {f"{registry}:{label}": [str(c) for c in values]
           for registry, labels in raw.items() for label, values in (labels or {}).items()}
    bad = [f"{label}: {code}" for label, values in out.items() for code in values if code not in codes]
    if bad:
        raise ConfigError.said("chains.errors.crosswalk_codes", path=p, codes=", ".join(bad))
    return out
