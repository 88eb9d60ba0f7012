"""Enterprises placed on chain segments in the store, explicitly or by industry code.

Explicit placements are the dataset's researched rows (``enterprise_placements``,
each with its basis and source); code placements put every enterprise whose
GB/T 4754-2017 code (or registry label, through the authored crosswalk) falls
under a segment's code into that segment. The joins run in the store
(:mod:`pacesetter.store.chain_queries`), which says who is on each segment; the engine
(:mod:`pacesetter.engine`) sums those memberships. This module builds what they join.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

from pacesetter.chains.diagnostics import AGGREGATE_COLUMNS, SegmentAggregates
from pacesetter.chains.taxonomy import Taxonomy
from pacesetter.engine import get_engine
from pacesetter.engine.base import GROUP_COLUMNS
from pacesetter.errors import ConfigError, NotFoundError
from pacesetter.store import chain_queries


def region_prefix(code: str) -> str:
    """GB/T 2260 prefix covering a region: 370000 → 37, 370200 → 3702, 370202 → 370202."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def segment_codes(taxonomy: Taxonomy, industry_codes: Collection[str]) -> pd.DataFrame:
    """Join table chain_id, segment_id, code: each segment code and every code beneath it.

    A segment listing ``385`` matches enterprises coded 385, 3851, ... 3859; one
    listing ``3851`` does not match an enterprise coded only ``385``.
    """
    children: dict[str, list[str]] = {}
    for code in set(industry_codes):
        for cut in range(1, len(code) + 1):
            children.setdefault(code[:cut], []).append(code)
    rows = {
        (chain.id, seg.id, code)
        for chain in taxonomy for seg in chain.segments for prefix in seg.industry_codes
        for code in children.get(prefix, ())
    }
    return pd.DataFrame(sorted(rows), columns=["chain_id", "segment_id", "code"])


def segment_frames(taxonomy: Taxonomy, industry_codes: Collection[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(segments, codes): chain_id, segment_id, seg_idx of every segment, and the same with each code."""
    segs = pd.DataFrame([(c.id, s.id) for c in taxonomy for s in c.segments],
                        columns=["chain_id", "segment_id"])
    segs["seg_idx"] = range(len(segs))
    codes = segment_codes(taxonomy, industry_codes).merge(segs, on=["chain_id", "segment_id"])
    return segs, codes


_MANUFACTURING = range(13, 44)  # GB/T 4754-2017 section C: divisions 13 to 43


def _names_a_product(code: str) -> bool:
    """A 4-digit (小类) manufacturing code: it says what a firm makes."""
    return len(code) >= 4 and code[:2].isdigit() and int(code[:2]) in _MANUFACTURING


def product_frame(taxonomy: Taxonomy) -> pd.DataFrame:
    """Segments that make what others need: from_segment, chain_id, segment_id.

    A firm placed on ``from_segment`` (whose codes are all 4-digit 小类) makes what
    ``segment_id`` needs when every code of ``segment_id`` falls under one of them: a
    tyre maker placed on 全钢胎 (2911) is placed on every tyre segment of every chain.
    Broad segments (2- or 3-digit codes) lend nothing: they do not say what a firm makes.
    Only manufactured products carry over (GB/T 4754 divisions 13–43): a service code such as
    7320 (research) or 6513 (application software) says what a firm does for one chain, not
    that it serves every chain that uses the same service.
    """
    segs = [(c.id, s) for c in taxonomy for s in c.segments if s.industry_codes]
    rows = [(a.id, chain_id, b.id) for _, a in segs if all(_names_a_product(x) for x in a.industry_codes)
            for chain_id, b in segs if b.id != a.id
            and all(any(y.startswith(x) for x in a.industry_codes) for y in b.industry_codes)]
    return pd.DataFrame(rows, columns=["from_segment", "chain_id", "segment_id"])


def load_corrections(path: Path | None = None) -> pd.DataFrame:
    """Placements left out, with the reason: enterprise_id, segment_id, reason (one row per pair).

    Read from ``placement_corrections.yaml`` (default: the shipped file) so that wrong
    placements in the researched data are fixed without editing the research files.
    """
    p = path or Path(__file__).with_name("placement_corrections.yaml")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or []
        rows = [(str(e["enterprise_id"]), str(seg), str(e["reason"])) for e in raw for seg in e["segments"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"{p}: cannot read the placement corrections: {exc}") from exc
    return pd.DataFrame(rows, columns=["enterprise_id", "segment_id", "reason"])


def crosswalk_frame(crosswalk: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The crosswalk as a join table: label (registry label), code (GB/T 4754 code)."""
    pairs = [(k, c) for k, codes in crosswalk.items() for c in codes]
    return pd.DataFrame(pairs, columns=["label", "code"])


def store_aggregates(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    industry_codes: Collection[str],
    crosswalk: Mapping[str, Sequence[str]],
    region: str,
    *,
    exclude_enterprises: Sequence[str] = (),
    exclude_segments: Sequence[str] = (),
    home_region: str | None = None,
    reference_region: str | None = None,
) -> SegmentAggregates:
    """Sums for one region from the store's enterprises and placements.

    Enterprises are placed explicitly (``enterprise_placements`` rows naming a
    segment, with their evidence) or by industry code: a GB/T 4754 code, or a
    registry label translated by ``crosswalk``. An enterprise is in ``region``
    when its region_code falls under it (a city covers its districts); named
    enterprises without a region_code belong to ``home_region``. A chain leader
    is an enterprise with a ``chain_leader`` placement in that chain. The LQ
    reference is every enterprise with an industry code (in ``reference_region``,
    e.g. the province, when given; default the whole store). Excluded enterprises
    and segments are left out of the local segments (the what-if), never from the
    region's total or the reference, so that a removal can only lower an LQ. Leaders are
    known only in a region where the store places at least one chain leader. No registry
    in the store is declared complete (see ``coverage.yaml``): an empty segment is not
    covered, never missing, and no LQ is computed.
    """
    prefix = region_prefix(region)
    ref_prefix = region_prefix(reference_region) if reference_region else ""
    with _placements(con, taxonomy, industry_codes, crosswalk, home_region) as cur:
        placed = chain_queries.segment_placements(cur, region, prefix, exclude_enterprises, exclude_segments)
        local = _with_sums(con, placed, home_region)
        # leaders are known where the city designates them: with none placed in the region
        # (e.g. a peer city the dataset did not research), "no leader" would be a guess
        leaders_known = chain_queries.count_leaders(cur, prefix) > 0
        reference = chain_queries.reference_counts(cur, ref_prefix).set_index("segment_id")["n"]
    local_total = chain_queries.coded_enterprises(cur, prefix)
    return SegmentAggregates(cells=local, region_totals=pd.Series({region: local_total}),
                             reference_counts=reference,
                             reference_total=chain_queries.coded_enterprises(cur, ref_prefix),
                             leaders_known=leaders_known, complete_segments=frozenset())


def _with_sums(con: duckdb.DuckDBPyConnection, placed: pd.DataFrame, home_region: str | None) -> pd.DataFrame:
    """The store's placements per segment with the engine's sums over their members (each
    enterprise once per segment): the cells of :class:`SegmentAggregates`."""
    lists = placed["members"].tolist()
    row = np.repeat(np.arange(len(lists)), [len(m) for m in lists])
    sums = pd.DataFrame(columns=GROUP_COLUMNS)
    if len(row):
        members = pd.DataFrame({"enterprise_id": np.concatenate(lists), "group": row.astype(str)})
        sums = get_engine("duckdb", con=con).group_aggregates("store:enterprises", members,
                                                              default_region=home_region)
    # a segment's members may sit in several districts of the region: one row per segment
    at = sums["group"].astype("int64").to_numpy()

    def total(col: str) -> np.ndarray:
        return np.bincount(at, weights=np.nan_to_num(sums[col].to_numpy(dtype=float)), minlength=len(placed))

    cells = placed.drop(columns="members").reset_index(drop=True)
    cells.insert(3, "n_enterprises", total("n_enterprises").astype("int64"))
    revenue_max = np.full(len(placed), -np.inf)
    np.fmax.at(revenue_max, at, sums["revenue_max"].to_numpy(dtype=float))
    for col, known, out in (("revenue", "n_revenue_known", "revenue_sum"),
                            ("employment", "n_employment_known", "employment_sum")):
        reported = total(known).astype("int64")
        cells[out] = np.where(reported > 0, total(col), np.nan)
        cells[out.replace("_sum", "_reported")] = reported
        if col == "revenue":  # unknown stays NaN, never 0
            cells["revenue_sq_sum"] = np.where(reported > 0, total("revenue_sq"), np.nan)
            cells["revenue_max"] = np.where(reported > 0, revenue_max, np.nan)
    return cells[["region_code", "chain_id", "segment_id", *AGGREGATE_COLUMNS]]


def resolve_enterprises(con: duckdb.DuckDBPyConnection, tokens: Sequence[str]) -> list[str]:
    """Enterprise ids for ids or exact names (zh or en) as a user types them.

    Raises NotFoundError for a token that matches nothing, suggesting names that contain it.
    """
    ids: list[str] = []
    for token in tokens:
        found = chain_queries.enterprises_named(con, token)
        if not found:
            if like := chain_queries.enterprise_names_like(con, token):
                raise NotFoundError.said("input.error.no_enterprise_like", token=token, names=tuple(like))
            raise NotFoundError.said("input.error.no_enterprise", token=token)
        ids.extend(found)
    return ids


def store_placements(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    industry_codes: Collection[str],
    crosswalk: Mapping[str, Sequence[str]],
    region: str,
    *,
    home_region: str | None = None,
) -> pd.DataFrame:
    """Every placement in ``region`` with its evidence, one row per enterprise × segment × basis.

    Columns: enterprise_id, name_zh, chain_id, segment_id, leader, basis (``sourced``:
    the cited page states the activity; ``authored``: placed by the compiler;
    ``product``: it makes what the segment needs, ``via`` the segment it is placed on;
    ``industry_code``: placed by its registry code or label ``via``, of ``digits``
    digits), via, digits, present (counts toward present), source (URL).
    """
    with _placements(con, taxonomy, industry_codes, crosswalk, home_region) as cur:
        return chain_queries.placement_evidence(cur, region_prefix(region))


def _placements(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    industry_codes: Collection[str],
    crosswalk: Mapping[str, Sequence[str]],
    home_region: str | None,
) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A cursor with the store's view ``_chain_placements`` of this taxonomy for the block."""
    segs, codes = segment_frames(taxonomy, industry_codes)
    corrections = load_corrections()[["enterprise_id", "segment_id"]]
    return chain_queries.placements(con, segs, codes, crosswalk_frame(crosswalk), product_frame(taxonomy),
                                    corrections, home_region)


@dataclass(frozen=True)
class PlacementCheck:
    """What ``check_placements`` found, and how much it could look at.

    ``findings``: placements whose enterprise code lies outside the segment's codes.
    ``checked``: enterprise × segment placements (not made by the code itself) of an
    enterprise with a code; ``unchecked``: those of an enterprise without one, which no
    code can confirm or refute, so an empty ``findings`` never means "all verified".
    """

    findings: pd.DataFrame
    checked: int
    unchecked: int


def check_placements(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    industry_codes: Collection[str],
    crosswalk: Mapping[str, Sequence[str]],
    region: str,
    *,
    home_region: str | None = None,
) -> PlacementCheck:
    """Placements to review: the enterprise's industry code lies outside the segment's codes.

    Only placements not made by the code itself (sourced, authored, product) can disagree
    with it; an enterprise's registry label counts through the crosswalk. Two codes agree
    when one falls under the other. Findings columns: enterprise_id, name_zh, chain_id,
    segment_id, basis, industry_code (as stored), enterprise_codes, segment_codes.
    """
    placed = store_placements(con, taxonomy, industry_codes, crosswalk, region, home_region=home_region)
    coded = chain_queries.enterprise_industry_codes(con)
    seg_codes = {s.id: list(s.industry_codes) for c in taxonomy for s in c.segments}
    named = placed[placed["basis"] != "industry_code"].drop_duplicates(["enterprise_id", "segment_id"])
    n_checked = int(named["enterprise_id"].isin(coded["id"]).sum())
    rows = placed[placed["basis"] != "industry_code"].merge(
        coded[["id", "industry_code"]], left_on="enterprise_id", right_on="id")
    out = []
    for r in rows.drop_duplicates(["enterprise_id", "segment_id", "basis"]).to_dict("records"):
        own = list(crosswalk.get(str(r["industry_code"]), [str(r["industry_code"])]))
        seg = seg_codes.get(str(r["segment_id"]), [])
        if seg and not any(a.startswith(b) or b.startswith(a) for a in own for b in seg):
            out.append({**{k: r[k] for k in ("enterprise_id", "name_zh", "chain_id", "segment_id", "basis",
                                             "industry_code")},
                        "enterprise_codes": ", ".join(own), "segment_codes": ", ".join(seg)})
    findings = pd.DataFrame(out, columns=["enterprise_id", "name_zh", "chain_id", "segment_id", "basis",
                                          "industry_code", "enterprise_codes", "segment_codes"])
    return PlacementCheck(findings, n_checked, len(named) - n_checked)
