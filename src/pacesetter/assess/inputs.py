"""Turn a framework and the store into the plain frames the assessment functions take."""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from pacesetter.assess.config import Framework, Point
from pacesetter.errors import ProvenanceError
from pacesetter.model.units import convert
from pacesetter.store import queries, targets

SPEC_COLUMNS = [
    "indicator_id", "group", "name_zh", "name_en", "unit", "polarity", "status", "weight",
    "baseline_year", "baseline", "target_year", "target", "comparison", "target_source",
    "target_note", "note",
]
VALUE_COLUMNS = [
    "indicator_id", "region_code", "year", "value", "unit", "source", "vintage", "status", "flags",
    "derived_from", "publisher", "document", "source_kind",
]
TARGET_COLUMNS = ["indicator_id", "year", "value", "unit", "comparison", "source", "note"]
# Observed outcomes; rows with status "target" or "expected" are plans, not results.
OUTCOME_STATUSES = ("final", "preliminary", "revised", "not_stated")


def framework_specs(fw: Framework, store_targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per indicator slot with :data:`SPEC_COLUMNS`, values in the slot's unit.

    A target comes from the framework, else from ``store_targets`` (the store's
    ``targets`` rows of the framework's region: indicator_id, year, value, unit,
    comparison, source, note; the row for ``target_year``, else the latest before
    it). Without either, target is NaN: missing, never invented.
    """
    rows = []
    for group, spec in fw.indicators():
        target, t_year, comparison, t_source, t_note = math.nan, fw.target_year, "", "", ""
        if spec.target is not None and spec.target.value is not None:
            target, t_year = _in_unit(spec.target, spec.target.value, spec.unit), spec.target.year
            comparison, t_source, t_note = (spec.target.comparison or "", spec.target.source,
                                            spec.target.note)
        elif store_targets is not None and not store_targets.empty:
            hit = store_targets[(store_targets["indicator_id"] == spec.id)
                                & (store_targets["year"] <= fw.target_year)]
            if not hit.empty:
                best = hit.sort_values("year").iloc[-1]
                target = convert(float(best["value"]), str(best["unit"]), spec.unit)
                t_year, comparison = int(best["year"]), str(best["comparison"])
                t_source, t_note = str(best["source"] or ""), str(best["note"] or "")
        baseline = math.nan
        b_year = fw.baseline_year
        if spec.baseline is not None:
            b_year = spec.baseline.year
            if spec.baseline.value is not None:
                baseline = _in_unit(spec.baseline, spec.baseline.value, spec.unit)
        rows.append({
            "indicator_id": spec.id, "group": group.id, "name_zh": spec.name_zh,
            "name_en": spec.name_en, "unit": spec.unit, "polarity": spec.polarity,
            "status": spec.status, "weight": spec.weight if spec.weight is not None else math.nan,
            "baseline_year": b_year, "baseline": baseline, "target_year": t_year, "target": target,
            "comparison": comparison, "target_source": t_source, "target_note": t_note,
            "note": spec.note,
        })
    return pd.DataFrame(rows, columns=SPEC_COLUMNS)


def _in_unit(point: Point, value: float, unit: str) -> float:
    return convert(value, point.unit, unit) if point.unit else value


def read_store_targets(con: duckdb.DuckDBPyConnection, region_code: str) -> pd.DataFrame:
    """The store's targets of one region (:data:`TARGET_COLUMNS`), ordered by indicator and year."""
    return targets.region_targets(con, region_code)[TARGET_COLUMNS]


def read_values(con: duckdb.DuckDBPyConnection, specs: pd.DataFrame, regions: list[str]
                ) -> pd.DataFrame:
    """Annual figures of the framework's indicators for ``regions``, in each slot's unit.

    Uses the store's latest view (unflagged rows first, then later vintages) of
    outcomes only (:data:`OUTCOME_STATUSES`). Returns :data:`VALUE_COLUMNS`; year
    is an int, unit the slot's unit, vintage the release date (NaT when not stated),
    flags as stored (empty when none).

    Raises :class:`ProvenanceError` when real and synthetic figures would mix.
    """
    obs = _annual_outcomes(queries.observations(con, indicator_ids=list(specs["indicator_id"]),
                                                region_codes=regions))
    if obs["synthetic"].any() and not obs["synthetic"].all():
        mixed = sorted(set(obs.loc[obs["synthetic"], "region_code"]))
        raise ProvenanceError.said("analysis_errors.mixed_assessment", regions=tuple(mixed))
    if obs.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    unit_of = dict(zip(specs["indicator_id"], specs["unit"], strict=True))
    out = pd.DataFrame({
        "indicator_id": obs["indicator_id"], "region_code": obs["region_code"],
        "year": obs["period"].astype(int),
        "value": [convert(float(v), str(u), unit_of[i]) for v, u, i in
                  zip(obs["value"], obs["unit"], obs["indicator_id"], strict=True)],
        "unit": obs["indicator_id"].map(unit_of), "source": obs["source"],
        "vintage": obs["vintage"], "status": obs["status"], "flags": obs["flags"].fillna(""),
        "derived_from": obs["derived_from"], "publisher": obs["publisher"], "document": obs["document"],
        "source_kind": obs["source_kind"],
    })
    return out.reset_index(drop=True)


def _annual_outcomes(obs: pd.DataFrame) -> pd.DataFrame:
    return obs[obs["period"].astype(str).str.fullmatch(r"\d{4}") & obs["status"].isin(OUTCOME_STATUSES)]


def read_flagged(con: duckdb.DuckDBPyConnection, indicator_ids: list[str], regions: list[str]
                 ) -> pd.DataFrame:
    """Every flagged annual outcome row (all sources and vintages): indicator_id, region_code, year."""
    obs = _annual_outcomes(queries.observations(con, indicator_ids=indicator_ids, region_codes=regions,
                                                latest=False))
    obs = obs[obs["flags"] != ""]
    return pd.DataFrame({"indicator_id": obs["indicator_id"], "region_code": obs["region_code"],
                         "year": obs["period"].astype(int)}).reset_index(drop=True)
