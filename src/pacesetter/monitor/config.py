"""The bulletin's section list (``sections.yaml``): pydantic models and a validating loader."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from pacesetter.errors import ConfigError


class Label(BaseModel):
    """A text in both languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (zh or en)."""
        return self.zh if lang == "zh" else self.en


class Item(BaseModel):
    """One line of a section: which indicators it reads and how it is worded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["growth", "rate", "level", "price", "contribution"]
    label: Label
    of: Label | None = None
    id: str | None = None
    ytd: str | None = None
    month: str | None = None
    level: str | None = None
    pull: str | None = None
    change: str | None = None
    ytd_change: str | None = None
    month_change: str | None = None
    level_period: Literal["ytd", "month"] = "ytd"
    frequency: Literal["month", "quarter", "ytd", "year"] = "month"
    month_from_ytd: bool = False
    month_end: bool = False
    display_unit: str | None = None
    index_base: float | None = None

    @model_validator(mode="after")
    def _ids(self) -> Item:
        if self.kind == "growth" and not (self.ytd or self.month):
            raise ValueError("a growth item needs `ytd` or `month` (an indicator id)")
        if self.kind != "growth" and not self.id:
            raise ValueError(f"a {self.kind} item needs `id` (an indicator id)")
        if self.kind == "contribution" and not (self.pull and self.of):
            raise ValueError("a contribution item needs `pull` (an indicator id) and `of` (a label)")
        return self

    def indicator_ids(self) -> list[str]:
        """Every indicator id the item reads."""
        ids = (self.id, self.ytd, self.month, self.level, self.pull, self.change, self.ytd_change,
               self.month_change)
        return [i for i in ids if i]


class Section(BaseModel):
    """A numbered section of the bulletin (一、工业生产 ...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: Label
    items: list[Item]


class BulletinConfig(BaseModel):
    """The whole section list and the years that also state two-year averages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    two_year_average_years: list[int] = []
    sections: list[Section]

    def indicator_ids(self) -> list[str]:
        """Every indicator id any item reads, in order, without repeats."""
        ids = [i for s in self.sections for item in s.items for i in item.indicator_ids()]
        return list(dict.fromkeys(ids))


def read_yaml(path: Path) -> object:
    """Parse a YAML file; a syntax error becomes :class:`ConfigError` naming the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read YAML: {exc}") from exc


def config_error(path: Path, exc: ValidationError) -> ConfigError:
    """A :class:`ConfigError` naming the file, each key path and the rule broken."""
    lines = [
        f"{path}: {'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
        for err in exc.errors()
    ]
    return ConfigError("\n".join(lines))


def load_sections(path: Path | None = None) -> BulletinConfig:
    """Load and validate a section list; the shipped ``sections.yaml`` when ``path`` is None."""
    source = path or Path(str(resources.files("pacesetter.monitor") / "sections.yaml"))
    try:
        return BulletinConfig.model_validate(read_yaml(source))
    except ValidationError as exc:
        raise config_error(source, exc) from exc
