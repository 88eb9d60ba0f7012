"""Parks, projects, policies and targets of the researched files and the seed article.

Ids are stable: a prefix and the first 8 hex digits of the SHA-1 of the Chinese name. Rows
marked 汇总 (aggregates of many projects or parks) are not entities and are left out; their
figures stay in the researched CSV shipped beside this module.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import yaml

from pacesetter.data import data_path, read_csv
from pacesetter.data.catalogue import aliases
from pacesetter.data.figures import SEED_SOURCE
from pacesetter.data.industry_chains import chains_frame
from pacesetter.data.regions import regions_frame
from pacesetter.errors import ConfigError
from pacesetter.io.frames import text_rows

AGGREGATE = "汇总"
_INVESTMENT = re.compile(r"^(?:约|近|厂房投资|总投资)?([\d.]+)(亿元|万元)")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def stable_id(prefix: str, name_zh: str) -> str:
    """``park-1a2b3c4d``: the same name always gives the same id."""
    return f"{prefix}-{hashlib.sha1(name_zh.encode('utf-8')).hexdigest()[:8]}"


def seed_entities(kind: str) -> pd.DataFrame:
    """Rows of seed/seed_entities.csv of one entity_type (park, policy, fund, project, enterprise)."""
    df = read_csv("seed", "seed_entities.csv")
    return df[df["entity_type"] == kind].reset_index(drop=True)


def chain_ids(text: str, chains: pd.DataFrame) -> list[str]:
    """Chain ids of a policy's or park's chain text: ``ic;vr``, ``(全部24条)``, ``(十大新兴产业链)``."""
    if text.startswith("(全部制造业") or text.startswith("(制造业"):
        return chains.loc[chains["category"].isin(["advantage", "emerging"]), "id"].tolist()
    if text.startswith("(全部"):
        return chains["id"].tolist()
    if text.startswith("(十大新兴"):
        return chains.loc[chains["category"] == "emerging", "id"].tolist()
    return [c for c in text.split(";") if c]


def _norm(name: str) -> str:
    return name.replace("青岛市", "青岛")


@dataclass(frozen=True, slots=True)
class DistrictRule:
    """One row of districts.yaml: texts matching ``pattern`` lie in ``code`` (None: district unknown)."""

    pattern: re.Pattern[str]
    code: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class DistrictRules:
    """The rules of districts.yaml and the city's districts by name (with or without 区/市) → code."""

    city: str
    city_name: str
    rules: tuple[DistrictRule, ...]
    names: Mapping[str, str]

    def place(self, text: object) -> tuple[str | None, str]:
        """(GB/T 2260 district code or None for "district unknown", the reason) of a place text."""
        if not isinstance(text, str) or not text.strip():
            return None, "no district stated"
        text = text.strip()
        for rule in self.rules:
            if rule.pattern.search(text):
                return rule.code, rule.reason
        head = re.split(r"[(（]", text)[0].strip()
        head = head.removeprefix(self.city_name).removeprefix(self.city_name.removesuffix("市"))
        if head in self.names:
            return self.names[head], f"names the district {head}"
        return None, "no rule of districts.yaml places this text in one district"

    def code(self, text: object) -> str | None:
        """The district code of a place text, None where the district is unknown."""
        return self.place(text)[0]

    def not_districts(self, codes: list[str]) -> list[str]:
        """Those of ``codes`` that are no GB/T 2260 district code of the city."""
        known = set(self.names.values())
        return [c for c in codes if c not in known]


def load_district_rules(regions: pd.DataFrame | None = None) -> DistrictRules:
    """districts.yaml, checked: each code a district of the city in the regions table, each rule a reason."""
    raw = yaml.safe_load(data_path("districts.yaml").read_text(encoding="utf-8"))
    regions = regions_frame() if regions is None else regions
    city = str(raw["city"])
    counties = regions[(regions["parent"] == city) & (regions["level"] == "county")]
    codes = dict(zip(counties["code"].astype(str), counties["name_zh"].astype(str), strict=True))
    rules = []
    for i, r in enumerate(raw["rules"], start=1):
        code = None if r.get("code") is None else str(r["code"])
        if code is not None and code not in codes:
            raise ConfigError.said("registry_errors.district_code", rule=i, code=code, city=city)
        if not str(r.get("reason") or "").strip():
            raise ConfigError.said("registry_errors.district_reason", rule=i)
        rules.append(DistrictRule(re.compile(str(r["pattern"])), code, " ".join(str(r["reason"]).split())))
    names = {n: c for c, name in codes.items() for n in (name, name.removesuffix("区").removesuffix("市"))}
    city_name = str(regions.loc[regions["code"] == city, "name_zh"].iloc[0])
    return DistrictRules(city, city_name, tuple(rules), names)


@cache
def district_rules() -> DistrictRules:
    """The shipped rule table over the shipped regions table (read once)."""
    return load_district_rules()


def district_codes(texts: pd.Series) -> pd.Series:
    """The district code of each place text (None: district unknown)."""
    rules = district_rules()
    return pd.Series([rules.code(t) for t in texts], index=texts.index, dtype=object)


def parks_frame() -> pd.DataFrame:
    """parks: id, name_zh, name_en, district, district_code, chain_ids, area_mu, facts, source.

    A seed park with the name of a researched park (青岛虚拟现实产业园 = 青岛市虚拟现实产业园)
    adds its English name, facts and source to it. area_mu stays NULL: the sources give
    conflicting areas (e.g. 1710 and 2181 亩), kept in facts.
    """
    parks = read_csv("chains", "parks.csv")
    parks = parks[~parks["name_zh"].str.contains(AGGREGATE)]
    rows = {_norm(r.name_zh): {
        "name_zh": r.name_zh, "name_en": None, "district": r.district, "chain_ids": r.chain_ids.split(";"),
        "facts": f"{r.facts} [quote: {r.quote}]", "source": r.source_url,
    } for r in text_rows(parks)}
    for r in text_rows(seed_entities("park")):
        seed_facts = f"{r.facts} [quote: {r.quote}]"
        row = rows.get(_norm(r.name_zh))
        if row is None:
            rows[_norm(r.name_zh)] = {
                "name_zh": r.name_zh, "name_en": r.name_en, "district": r.district_zh,
                "chain_ids": [r.chain_id], "facts": seed_facts, "source": SEED_SOURCE}
        else:
            row.update(name_en=r.name_en, facts=f"{row['facts']} | seed: {seed_facts}",
                       source=f"{row['source']} | {SEED_SOURCE}")
    out = pd.DataFrame(list(rows.values()))
    out.insert(0, "id", out["name_zh"].map(lambda n: stable_id("park", n)))
    out = out.assign(district=out["district"].replace("", None), area_mu=None)
    return out.assign(district_code=district_codes(out["district"]))


def investment_yi(text: str) -> float | None:
    """Investment in 亿元 where the text states one in 亿元 or 万元 (7400万元 -> 0.74), else None."""
    m = _INVESTMENT.match(text)
    if not m:
        return None
    value = float(m[1])
    return value / 1e4 if m[2] == "万元" else value  # 1 亿元 = 10,000 万元


def projects_frame() -> tuple[pd.DataFrame, int]:
    """projects: id, name_zh, investor, chain_id, stage, stage_date, investment_yi, district, district_code,
    source, note; and the number of aggregate (汇总) rows left out.

    The stage comes from project_stages.yaml; stage_date only where the date is a full date.
    """
    mapping = yaml.safe_load(data_path("project_stages.yaml").read_text(encoding="utf-8"))
    df = read_csv("chains", "projects.csv")
    aggregate = df["name_zh"].str.contains(AGGREGATE)
    df = df[~aggregate]
    unknown = sorted(set(df["stage"]) - set(mapping["stages"]))
    if unknown:
        raise ConfigError.said("registry_errors.stage_mapping", stages=tuple(unknown))
    rows = [{
        "name_zh": r.name_zh, "investor": r.investor_zh or None, "chain_id": r.chain_id,
        "stage": mapping["stages"][r.stage], "stage_date": r.date if _FULL_DATE.match(r.date) else None,
        "investment_yi": investment_yi(r.investment), "district": r.district or None, "source": r.source_url,
        "note": f"stage as published: {r.stage}; investment as published: {r.investment or '—'}; "
                f"date as published: {r.date or '—'}; quote: {r.quote}",
    } for r in text_rows(df)]
    rows += [{
        "name_zh": r.name_zh, "investor": None, "chain_id": r.chain_id,
        "stage": mapping["seed_projects"][r.name_zh], "stage_date": None, "investment_yi": None,
        "district": r.district_zh or None, "source": SEED_SOURCE,
        "note": f"{r.name_en}; {r.facts}; quote: {r.quote}",
    } for r in text_rows(seed_entities("project"))]
    out = pd.DataFrame(rows)
    out.insert(0, "id", out["name_zh"].map(lambda n: stable_id("project", n)))
    out["stage_date"] = pd.to_datetime(out["stage_date"]).dt.date
    out["district_code"] = district_codes(out["district"])
    return out, int(aggregate.sum())


def policies_frame() -> pd.DataFrame:
    """policies: id, name_zh, year, issuer, chain_ids, instruments, amount_yi, summary, source.

    year only where the text starts with one (not for ≤2018 or 约2024; the text stays in summary);
    instruments are not researched (empty); amount_yi only for the seed's 2.5 bn-yuan VR fund.
    """
    chains = chains_frame()
    df = read_csv("chains", "policies.csv")
    rows: list[dict[str, object]] = [{
        "name_zh": r.name_zh, "year": _year(r.year), "issuer": r.issuer or None,
        "chain_ids": chain_ids(r.chain_ids, chains), "amount_yi": None,
        "summary": f"{r.summary} [year as published: {r.year}; chains: {r.chain_ids}; quote: {r.quote}]",
        "source": r.source_url,
    } for r in text_rows(df)]
    by_name = {_policy_key(str(r["name_zh"])): r for r in rows}
    seed = pd.concat([seed_entities("policy"), seed_entities("fund")], ignore_index=True)
    for r in text_rows(seed):
        summary = f"{r.name_en}; {r.facts} [quote: {r.quote}]"
        row = by_name.get(_policy_key(r.name_zh))
        if row is not None:  # the seed names a researched policy: add its words and source
            row.update(summary=f"{row['summary']} | seed: {summary}",
                       source=f"{row['source']} | {SEED_SOURCE}")
            continue
        rows.append({
            "name_zh": r.name_zh, "year": 2022, "issuer": None, "chain_ids": [r.chain_id],
            # The fund's size as the seed states it: 25亿元 (seed_figures.csv, vr_seed_fund_size).
            "amount_yi": 25.0 if r.entity_type == "fund" else None, "summary": summary, "source": SEED_SOURCE,
        })
    out = pd.DataFrame(rows)
    out.insert(0, "id", out["name_zh"].map(lambda n: stable_id("policy", n)))
    # one empty list per row (pandas-stubs' assign takes only sequences of scalars)
    instruments: list[Any] = [[] for _ in range(len(out))]
    return out.assign(instruments=instruments, year=out["year"].astype("Int64"))


def _policy_key(name: str) -> str:
    """《A》(亦报道为…) and A are one policy."""
    return re.sub(r"[《》]", "", name.split("》(")[0])


def _year(text: str) -> int | None:
    m = re.match(r"(\d{4})", text)
    return int(m[1]) if m else None


def targets_frame() -> pd.DataFrame:
    """targets: indicator_id, region_code, year, value, unit, comparison, source, note.

    Only where a value is stated: the two official manufacturing-share targets of
    macro/plan_indicators.csv, then the targets of seed/plan_framework.yaml not already given.
    ``以上``/"or more" is ``>=``, "more than" is ``>``, a plain value ``>=``.
    """
    plan = read_csv("macro", "plan_indicators.csv")
    plan = plan[plan["target_value"] != ""]
    rows = [_target("mfg_va_share_gdp", int(r.target_year), r.target_value, r.unit, r.source_url,
                    f"{r.group_en}; quote: {r.quote}") for r in text_rows(plan)]
    framework = yaml.safe_load(data_path("seed", "plan_framework.yaml").read_text(encoding="utf-8"))
    sources = _target_sources()
    rows += [_target(i["id"], i["target"]["year"], str(i["target"]["value"]), i["unit"],
                     sources.get((i["id"], str(i["target"]["year"])), "seed/plan_framework.yaml"),
                     i["target"]["note"])
             for i in _framework_indicators(framework["groups"]) if "target" in i]
    out = pd.DataFrame(rows).drop_duplicates(["indicator_id", "region_code", "year"], keep="first")
    return out.reset_index(drop=True)


def _target_sources() -> dict[tuple[str, str], str]:
    """(indicator id, year) -> source URL of the TARGET rows of macro/figures.csv."""
    alias = aliases()
    macro = read_csv("macro", "figures.csv")
    macro = macro[macro["notes"].str.contains("TARGET")]
    return {(i, r.period): r.source_url for r in text_rows(macro)
            for i in alias[(r.indicator_en, r.period_kind)]}


def _framework_indicators(groups: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for g in groups for i in g["indicators"]]


def _target(indicator_id: str, year: int, value_text: str, unit: str, source: str, note: str
            ) -> dict[str, object]:
    text = f"{value_text} {note}"
    comparison = ">" if "more than" in text else ">="
    return {"indicator_id": indicator_id, "region_code": "370200", "year": year,
            "value": float(value_text.split()[0]), "unit": unit, "comparison": comparison,
            "source": source, "note": f"as published: {value_text}; {note}"}
