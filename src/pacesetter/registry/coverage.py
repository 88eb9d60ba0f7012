"""Policy coverage: which chains each policy instrument reaches, and which chains nothing reaches."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pacesetter.registry.lifecycle import as_date

INSTRUMENTS = ("subsidy", "fund", "land", "talent", "tax")
INSTRUMENT_ZH = {"subsidy": "补贴", "fund": "基金", "land": "用地", "talent": "人才", "tax": "税收"}
_ALIASES = {zh: code for code, zh in INSTRUMENT_ZH.items()} | {
    "资金补贴": "subsidy", "奖补": "subsidy", "产业基金": "fund", "种子基金": "fund",
    "土地": "land", "税收优惠": "tax",
}
ALL_CHAINS = {"*", "all", "全部"}


def normalise_instrument(name: str) -> str | None:
    """``基金`` → ``fund``; ``None`` for a name outside the five instruments."""
    key = str(name).strip()
    key = _ALIASES.get(key, key.lower())
    return key if key in INSTRUMENTS else None


def _as_list(value: object) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def compute_coverage(
    chains: pd.DataFrame, policies: pd.DataFrame, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Chains × instruments: how many policies in force give each chain each instrument.

    ``chains`` has id and name_zh; ``policies`` has chain_ids and instruments
    (lists) and optionally expires (a date: expired policies are left out when
    ``as_of`` is given). A chain list holding ``*``/``all``/``全部`` covers every chain.

    Columns: chain_id, name_zh, one count column per instrument (subsidy, fund,
    land, talent, tax; NA, unknown, where none is counted but a policy reaching the chain has
    no coded instrument: that policy may give it), policies (policies naming the chain at all),
    uncoded (of those, policies whose instruments are not coded), uncovered (True when
    no policy with coded instruments reaches the chain and none uncoded does either;
    NA, unknown, when only uncoded policies reach it).
    """
    counts = {cid: dict.fromkeys((*INSTRUMENTS, "policies", "uncoded"), 0) for cid in chains["id"]}
    for p in policies.to_dict("records"):
        expires = as_date(p.get("expires"))
        if as_of is not None and expires is not None and expires < as_of:
            continue
        named = _as_list(p.get("chain_ids"))
        reach = list(counts) if ALL_CHAINS & set(named) else [c for c in named if c in counts]
        tools = {t for t in map(normalise_instrument, _as_list(p.get("instruments"))) if t}
        for cid in reach:
            counts[cid]["policies"] += 1
            counts[cid]["uncoded"] += not tools
            for tool in tools:
                counts[cid][tool] += 1
    out = pd.DataFrame.from_dict(counts, orient="index").rename_axis("chain_id").reset_index()
    out.insert(1, "name_zh", chains.set_index("id").loc[out["chain_id"], "name_zh"].to_numpy())
    coded = out[list(INSTRUMENTS)].sum(axis=1) > 0
    uncoded = out["uncoded"] > 0
    unknown = ~coded & uncoded
    for tool in INSTRUMENTS:  # an uncoded policy may give any instrument: 0 would be a guess
        out[tool] = out[tool].astype("Int64").mask(uncoded & (out[tool] == 0))
    out["uncovered"] = (~coded).astype("boolean")
    out.loc[unknown, "uncovered"] = pd.NA
    return out
