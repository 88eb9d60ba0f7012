"""Display names of the industry codes a registry stores, in one language.

The listed-company registry keeps Tushare's Chinese industry label with its scheme
(``tushare:软件服务``, see :mod:`pacesetter.data.listed`); a bureau's or the synthetic registry
keeps GB/T 4754-2017 codes. A reader sees neither the scheme nor the other language: the label
itself in zh, its English name (``industry_labels.yaml``, the project's translation) in en; a
GB/T code with its shipped Chinese name in zh and alone in en (no English names are shipped).
"""

from __future__ import annotations

import csv
import functools

import yaml

from pacesetter.data import data_path

SCHEME = "tushare"


@functools.cache
def english_labels() -> dict[str, str]:
    """Tushare label → its English name, as ``industry_labels.yaml`` ships them."""
    table = yaml.safe_load(data_path("industry_labels.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in table[SCHEME].items()}


@functools.cache
def gbt_names() -> dict[str, str]:
    """GB/T 4754-2017 code → its Chinese name, from the shipped standard."""
    with data_path("external", "gbt4754_2017", "gbt4754_2017.csv").open(encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


def industry_name(code: str, lang: str) -> str:
    """How a stored industry ``code`` is shown in ``lang``: ``tushare:软件服务`` is 软件服务 in zh and
    "Software services" in en; ``6513`` is "6513 应用软件开发" in zh and "6513" in en; a code with
    no known name is shown as it is."""
    scheme, sep, label = code.partition(":")
    if sep and scheme == SCHEME:
        return label if lang == "zh" else english_labels().get(label, code)
    name = gbt_names().get(code) if lang == "zh" else None
    return f"{code} {name}" if name else code
