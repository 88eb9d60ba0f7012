"""Structure analytics and investment-promotion targeting of a workspace (``ws.structure``).

Region × industry matrices come from an enterprise registry through the engine (the store's
listed-company registry by default, or a Parquet registry file); the measures are the pure
functions of :mod:`pacesetter.structure`; the gaps are the chain diagnostics'. Each method
returns plain data with what it rests on, for the faces to render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pandas as pd

from pacesetter.data.industry_labels import industry_name
from pacesetter.errors import Bilingual, InputError, NotFoundError
from pacesetter.i18n import t
from pacesetter.store import lookups, target_queries
from pacesetter.structure.targets import FACTORS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from pacesetter.chains.taxonomy import ChainSpec
    from pacesetter.model.access import Principal
    from pacesetter.structure.complexity import Complexity
    from pacesetter.structure.io import Impact, IOTable
    from pacesetter.structure.notes import StructureWarning
    from pacesetter.structure.targets import Targeting, Weights
    from pacesetter.workspace.core import Workspace

LISTED = "listed"


@dataclass(frozen=True)
class RegistryBasis:
    """The enterprise registry a result rests on: the store's listed companies or a file.

    ``region_level`` is where the registry places firms: "province" for the listed registry
    (only Shenzhen-listed firms have a city), "city" for a registry file.
    """

    kind: Literal["listed", "file"]
    path: Path | None
    synthetic: bool

    @property
    def region_level(self) -> Literal["city", "province"]:
        return "province" if self.kind == LISTED else "city"

    @property
    def label(self) -> str:
        """The registry's id as stored with a task's target."""
        return LISTED if self.path is None else str(self.path)

    def describe(self, lang: str) -> str:
        """The registry in one line: what it is and what it lacks."""
        if self.kind == LISTED:
            return t("target.registry.listed", lang)
        return t(f"target.registry.{'synthetic' if self.synthetic else 'file'}", lang, path=self.path)

    def place(self, city: str) -> str:
        """The region whose industries relatedness is read in: the city, or its province."""
        return city if self.region_level == "city" else city[:2] + "0000"


@dataclass(frozen=True)
class Relatedness:
    """Relatedness density of every industry (as the registry codes it) in one region."""

    region: str
    density: pd.Series
    threshold: float
    level: Literal["city", "province"]


@dataclass(frozen=True)
class Specialisation:
    """A region's RCA by industry: rows industry, count, rca, present (0/1, NaN unknown), density;
    highest RCA first. ``place`` is where the registry reads the region (the city or its province)."""

    region: str
    place: str
    basis: RegistryBasis
    threshold: float
    rows: pd.DataFrame


@dataclass(frozen=True)
class Candidates:
    """Candidate enterprises for each gap of a chain in a city, scored and explained."""

    spec: ChainSpec
    city: str
    basis: RegistryBasis
    relatedness: Relatedness
    targeting: Targeting
    names: dict[str, dict[str, str]]  # lang → region code → name

    def region_name(self, code: str, lang: str) -> str:
        """A region's name in ``lang`` (the code where the store does not know it)."""
        return self.names.get(lang, {}).get(code, code)

    def segment_name(self, segment_id: str, lang: str) -> str:
        """A segment's name in ``lang``."""
        seg = next(s for s in self.spec.segments if s.id == segment_id)
        return seg.name_zh if lang == "zh" else seg.name_en

    @staticmethod
    def enterprise_name(row: Mapping[Any, Any], lang: str) -> str:
        """An enterprise's name in ``lang``: its English name in en where the registry has one, else
        its Chinese name, else its id."""
        for key in (("name_en", "name_zh") if lang == "en" else ("name_zh",)):
            if isinstance(row.get(key), str) and row[key]:
                return str(row[key])
        return str(row["enterprise_id"])

    def notes(self, lang: str) -> list[str]:
        """What the list rests on: registry, relatedness basis, score, weights, leads to verify."""
        w = self.targeting.weights
        rel = self.relatedness
        return [
            self.basis.describe(lang),
            t("target.relatedness_basis", lang, region=self.region_name(rel.region, lang),
              threshold=f"{rel.threshold:g}", level=t(f"target.level.{rel.level}", lang)),
            t("target.score_note", lang),
            t("target.weights", lang, **{f: f"{w.of(f):.3g}" for f in FACTORS}),
            t("target.lead_note", lang),
        ]

    def gaps(self) -> list[dict[str, Any]]:
        """The gaps, most critical first, each with ``covered`` and ``n_candidates``."""
        return cast(list[dict[str, Any]], self.targeting.gaps.to_dict("records"))

    def worded_reasons(self, segment_id: str, enterprise_id: str, lang: str) -> list[dict[str, Any]]:
        """Each factor of one candidate: factor, code, text (in ``lang``), value and contribution
        (None when unknown, never 0), shown (the contribution as printed: ``+0.23`` or ``—``)."""
        why = self.targeting.reasons
        rows = why[(why["segment_id"] == segment_id) & (why["enterprise_id"] == enterprise_id)]
        return worded_reasons(rows.to_dict("records"), lang, lambda s: self.segment_name(s, lang),
                              lambda c: self.region_name(c, lang))

    def table(self, lang: str = "zh") -> pd.DataFrame:
        """One row per gap × candidate in words: chain, segment, status, rank, enterprise, location,
        industry, score, reasons with their contributions, nature (a lead to verify)."""
        status = {g["segment_id"]: g["status"] for g in self.gaps()}
        chain = self.spec.name_zh if lang == "zh" else self.spec.name_en
        sep = t("chains.clause_sep", lang)
        rows = []
        for c in self.targeting.candidates.to_dict("records"):
            sid, eid = str(c["segment_id"]), str(c["enterprise_id"])
            region = c["region_code"]
            rows.append({
                "chain": chain, "segment": self.segment_name(sid, lang),
                "status": t(f"target.status.{status[sid]}", lang), "rank": int(c["rank"]),
                "enterprise": self.enterprise_name(c, lang), "enterprise_id": eid,
                "region": self.region_name(str(region), lang) if isinstance(region, str) else "—",
                "industry": industry_name(str(c["industry_code"]), lang),
                "score": (round(float(c["score"]), 2) if c["score"] == c["score"]  # NaN: no known factor
                          else t("common.unknown", lang)),
                "reasons": sep.join(f"{why['text']} ({why['shown']})"
                                    for why in self.worded_reasons(sid, eid, lang)),
                "lead": t("target.lead_value", lang),
            })
        keys = ["chain", "segment", "status", "rank", "enterprise", "enterprise_id", "region", "industry",
                "score", "reasons", "lead"]
        heads = {k: t(f"target.column.{k}", lang) for k in keys}
        return pd.DataFrame(rows, columns=keys).rename(columns=heads)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready: notes, and per gap its candidates with score and reasons (code, text,
        value, contribution; null when unknown)."""
        cands = self.targeting.candidates
        out = []
        for g in self.gaps():
            sid = str(g["segment_id"])
            items = [{"rank": int(c["rank"]), "enterprise_id": str(c["enterprise_id"]),
                      "name": self.enterprise_name(c, lang),
                      "region_code": c["region_code"] if isinstance(c["region_code"], str) else None,
                      "industry_code": c["industry_code"],
                      "industry": industry_name(str(c["industry_code"]), lang), "score": _num(c["score"]),
                      "reasons": self.worded_reasons(sid, str(c["enterprise_id"]), lang)}
                     for c in cands[cands["segment_id"] == sid].to_dict("records")]
            out.append({"segment_id": sid, "segment": self.segment_name(sid, lang), "status": g["status"],
                        "criticality": float(g["criticality"]), "covered": bool(g["covered"]),
                        "note": self.gap_note(g, lang), "candidates": items})
        return {"chain_id": self.spec.id, "region_code": self.city, "notes": self.notes(lang),
                "synthetic": self.basis.synthetic, "gaps": out}

    def gap_note(self, gap: dict[str, Any], lang: str) -> str | None:
        """What a gap's list rests on: not covered by the registries, or no candidate at all."""
        if not gap["covered"]:
            return t("target.no_candidates", lang)
        if gap["status"] == "not_covered":
            return t("target.not_covered_note", lang)
        return None

    def write_xlsx(self, path: Path | str, lang: str = "zh") -> Path:
        """The list as a workbook for an investment-promotion team: candidates, gaps, about."""
        from pacesetter.io.workbook import write_report_workbook
        from pacesetter.workspace.chains import check_suffix

        check_suffix(path, (".xlsx",))
        gap_rows = [{t("target.column.segment", lang): self.segment_name(str(g["segment_id"]), lang),
                     t("target.column.status", lang): t(f"target.status.{g['status']}", lang),
                     t("target.column.n_candidates", lang): int(g["n_candidates"]),
                     t("target.column.note", lang): self.gap_note(g, lang) or t("target.lead_value", lang)}
                    for g in self.gaps()]
        chain = self.spec.name_zh if lang == "zh" else self.spec.name_en
        notes = self.notes(lang)
        about = [(t("target.about.chain", lang), f"{self.spec.id} {chain}"),
                 (t("target.about.region", lang), f"{self.city} {self.region_name(self.city, lang)}"),
                 (t("target.about.registry", lang), notes[0]),
                 (t("target.about.relatedness", lang), notes[1]),
                 (t("target.about.score", lang), notes[2]), (t("target.about.weights", lang), notes[3]),
                 (t("target.about.leads", lang), notes[4]),
                 (t("target.about.generated", lang), dt.date.today().isoformat())]
        sheets = {t("target.sheet.candidates", lang): _labelled(self.table(lang), self.basis, lang),
                  t("target.sheet.gaps", lang): _labelled(pd.DataFrame(gap_rows), self.basis, lang)}
        return write_report_workbook(Path(path), sheets, about, lang)


@dataclass(frozen=True)
class Opportunities:
    """A region's growth opportunities: industries not yet specialised in, by quadrant of
    relatedness density × product complexity (see :mod:`pacesetter.structure.opportunities`)."""

    region: str
    place: str  # the region the matrix reads (the city, or its province)
    basis: RegistryBasis
    complexity: Complexity
    rows: pd.DataFrame  # pacesetter.structure.opportunities.COLUMNS
    names: dict[str, dict[str, str]]

    def title(self, lang: str) -> str:
        """The title, naming the region."""
        return t("target.opportunities.title", lang, region=self.names[lang].get(self.place, self.place))

    def notes(self, lang: str) -> list[str]:
        """What it rests on: the registry, the axes and quadrants, and the structure warnings."""
        level = t(f"target.level.{self.basis.region_level}", lang)
        return [self.basis.describe(lang), t("target.opportunities.note", lang),
                t("target.relatedness_basis", lang, region=self.names[lang].get(self.place, self.place),
                  threshold=f"{self.complexity.threshold:g}", level=level),
                *(warning_text(w, lang, self.names[lang]) for w in self.complexity.warnings[:5])]

    def table(self, lang: str = "zh") -> pd.DataFrame:
        """The opportunities in words: industry, RCA, density, PCI, COG, quadrant."""
        out = self.rows.assign(
            industry=[industry_name(str(c), lang) for c in self.rows["industry"]],
            quadrant=[t(f"target.opportunities.quadrant.{q}", lang) for q in self.rows["quadrant"]])
        keys = ["industry", "rca", "density", "pci", "cog", "quadrant"]
        return out[keys].rename(columns={k: t(f"target.column.{k}", lang) for k in keys})

    def chart(self, lang: str = "zh") -> dict[str, Any]:
        """The ECharts option: one scatter series per quadrant (x density, y PCI), median lines."""
        from pacesetter.structure.opportunities import QUADRANTS, medians

        x_mid, y_mid = medians(self.rows)
        series: list[dict[str, Any]] = []
        for q in QUADRANTS:
            part = self.rows[self.rows["quadrant"] == q]
            series.append({
                "name": t(f"target.opportunities.quadrant.{q}", lang), "type": "scatter",
                "data": [{"value": [round(float(r["density"]), 4), round(float(r["pci"]), 4)],
                          "name": industry_name(str(r["industry"]), lang)} for r in part.to_dict("records")]})
        if series and not np.isnan(x_mid):
            series[0]["markLine"] = {"silent": True, "symbol": "none", "lineStyle": {"type": "dashed"},
                                     "data": [{"xAxis": round(x_mid, 4)}, {"yAxis": round(y_mid, 4)}]}
        return {
            "title": {"text": self.title(lang), "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "item"}, "legend": {"bottom": 0},
            "grid": {"left": 60, "right": 30, "top": 50, "bottom": 60},
            "xAxis": {"type": "value", "name": t("target.opportunities.axis_density", lang), "min": 0,
                      "nameLocation": "middle", "nameGap": 28},
            "yAxis": {"type": "value", "name": t("target.opportunities.axis_pci", lang)},
            "series": series,
        }

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready: region, notes, rows (codes and figures; null when unknown), chart option."""
        rows = [{"industry_code": r["industry"], "industry": industry_name(str(r["industry"]), lang),
                 "rca": _num(r["rca"]), "density": _num(r["density"]), "pci": _num(r["pci"]),
                 "cog": _num(r["cog"]), "quadrant": r["quadrant"]} for r in self.rows.to_dict("records")]
        return {"region_code": self.region, "place": self.place, "synthetic": self.basis.synthetic,
                "notes": self.notes(lang), "rows": rows, "chart": self.chart(lang)}

    def write_xlsx(self, path: Path | str, lang: str = "zh") -> Path:
        """The opportunities as a workbook: the table and an about sheet."""
        from pacesetter.io.workbook import write_report_workbook
        from pacesetter.workspace.chains import check_suffix

        check_suffix(path, (".xlsx",))
        notes = self.notes(lang)  # registry, axes and quadrants, relatedness, then the warnings
        labels = ["registry", "axes", "relatedness"] + ["warning"] * (len(notes) - 3)
        about = [(t("target.about.region", lang), f"{self.region} {self.names[lang].get(self.region, '')}"),
                 *((t(f"target.about.{k}", lang), line) for k, line in zip(labels, notes, strict=True)),
                 (t("target.about.generated", lang), dt.date.today().isoformat())]
        sheets = {t("target.sheet.opportunities", lang): _labelled(self.table(lang), self.basis, lang)}
        return write_report_workbook(Path(path), sheets, about, lang)


def _labelled(sheet: pd.DataFrame, basis: RegistryBasis, lang: str) -> pd.DataFrame:
    """A data sheet from a synthetic registry with a column saying so on every row (a sheet
    copied out of its workbook must not pass for real enterprises); as it is otherwise."""
    if not basis.synthetic:
        return sheet
    return sheet.assign(**{t("target.column.data", lang): t("target.synthetic_value", lang)})


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def worded_reasons(rows: Sequence[Mapping[Any, Any]], lang: str, segment_name: Callable[[str], str],
                   region_name: Callable[[str], str]) -> list[dict[str, Any]]:
    """Reasons (rows of ``Targeting.reasons``, or as a task's target stored them) in ``lang``: factor,
    code, text, value and contribution (None when unknown, never 0), shown (``+0.23`` or ``—``)."""
    from pacesetter.structure.reasons import contribution_texts, reason_text

    shown = contribution_texts([r["contribution"] for r in rows])
    return [{"factor": r["factor"], "code": r["code"],
             "text": reason_text(r, lang, segment_name=segment_name, region_name=region_name),
             "value": _num(r["value"]), "contribution": _num(r["contribution"]), "shown": text}
            for r, text in zip(rows, shown, strict=True)]


def warning_text(warning: StructureWarning, lang: str, region_names: Mapping[str, str]) -> str:
    """A structure warning in ``lang``, the region or industry it names shown as a reader knows it
    (a region by its name, an industry by :func:`industry_name`) rather than by its code."""
    name = warning.values.get("name")
    if name is None:
        return warning.text(lang)
    industry = warning.code.startswith("structure.warning.industry_")
    shown = industry_name(str(name), lang) if industry else region_names.get(str(name), str(name))
    return t(warning.code, lang, **{**warning.values, "name": shown})


class Structure:
    """Structure analytics and targeting (reached as ``ws.structure``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # --- registries and matrices ------------------------------------------------------------
    def registry(self, path: Path | str | None = None) -> RegistryBasis:
        """The registry in use: the store's listed companies (None) or a Parquet file."""
        if path is None:
            return RegistryBasis("listed", None, False)
        from pacesetter.engine.synthetic import is_synthetic

        return RegistryBasis("file", Path(path), is_synthetic(path))

    @cached_property
    def _listed_rows(self) -> pd.DataFrame:
        """The store's listed-company registry, read once per workspace."""
        rows = target_queries.listed_registry(self._ws.con)
        if rows.empty:
            raise InputError.said("target.errors.no_listed")
        return rows

    def matrix(self, basis: RegistryBasis, *, measure: Literal["count", "revenue", "employment"] = "count",
               level: Literal["section", "division", "group", "class", "as_is"] = "as_is") -> pd.DataFrame:
        """Regions × industries of the registry through the engine (industries as it codes them
        by default; regions at the registry's level)."""
        from pacesetter.engine import get_engine

        if basis.path is None:
            rows = self._listed_rows
            source: Any = rows.assign(employment=np.nan)[
                ["enterprise_id", "region_code", "industry_code", "revenue", "employment"]]
        else:
            source = basis.path
        return get_engine("duckdb").region_industry_matrix(source, level=level, measure=measure,
                                                           region_level=basis.region_level)

    def relatedness(self, city: str, basis: RegistryBasis, *, threshold: float = 1.0) -> Relatedness:
        """Relatedness density of every industry in the city (or its province, for a registry that
        places firms by province) from the registry's counts."""
        from pacesetter.structure.relatedness import density, proximity
        from pacesetter.structure.specialisation import presence, rca

        m = self.matrix(basis)
        place = basis.place(city)
        p = presence(rca(m), threshold)
        d = density(p, proximity(p))
        found = cast(pd.Series, d.loc[place]) if place in d.index else pd.Series(dtype=float)
        return Relatedness(place, found, threshold, basis.region_level)

    def _known(self, region: str) -> None:
        """Refuse a region code the store does not know: the registry would read a mistyped one
        as its province (or as nothing) and answer for a place nobody asked about."""
        if not lookups.region_exists(self._ws.con, region):
            raise NotFoundError.said("input.error.unknown_region", code=region)

    def rca(self, region: str = "370200", *, registry: Path | str | None = None, threshold: float = 1.0,
            level: Literal["section", "division", "group", "class", "as_is"] = "as_is") -> Specialisation:
        """RCA (location quotient) of every industry in the region against the nation (the
        registry's column totals), from enterprise counts, with presence and relatedness density."""
        from pacesetter.structure.relatedness import density, proximity
        from pacesetter.structure.specialisation import presence, rca

        self._known(region)
        basis = self.registry(registry)
        m = self.matrix(basis, level=level)
        place = basis.place(region)
        if place not in m.index:
            raise NotFoundError.said("target.errors.no_region", region=place)
        r = rca(m)
        p = presence(r, threshold)
        rows = pd.DataFrame({"industry": m.columns.astype(str), "count": m.loc[place].to_numpy(float),
                             "rca": r.loc[place].to_numpy(float), "present": p.loc[place].to_numpy(float),
                             "density": density(p, proximity(p)).loc[place].to_numpy(float)})
        rows = rows.sort_values(["rca", "industry"], ascending=[False, True], ignore_index=True)
        return Specialisation(region, place, basis, threshold, rows)

    def complexity(self, *, registry: Path | str | None = None, threshold: float = 1.0,
                   level: Literal["section", "division", "group", "class", "as_is"] = "as_is"
                   ) -> tuple[Complexity, RegistryBasis]:
        """Economic complexity (ECI, PCI, COI, COG) of every region of the registry from its counts."""
        from pacesetter.structure.complexity import complexity

        basis = self.registry(registry)
        return complexity(self.matrix(basis, level=level), threshold=threshold), basis

    @staticmethod
    def io_profile(table: str = "china_2020_42") -> tuple[IOTable, pd.DataFrame]:
        """An NBS input-output table and, by sector, its output, value-added and employment
        multipliers and backward and forward linkages with the key sectors (both above 1)."""
        from pacesetter.structure.io import load_table, profile

        found = load_table(table)
        return found, profile(found)

    @staticmethod
    def io_impact(sector: str, output: float, unit: str = "万元", table: str = "china_2020_42") -> Impact:
        """What a project's ``output`` in ``sector`` (its code, or its exact zh or en name) adds to
        total output, value added and employment, with the assumptions (message keys)."""
        from pacesetter.structure.io import impact, load_table

        found = load_table(table)
        names = found.sectors
        match = names.index[(names["zh"] == sector) | (names["en"] == sector)]
        return impact(found, str(match[0]) if len(match) else sector, output, unit)

    # --- targeting --------------------------------------------------------------------------
    def candidates(self, chain: str, region: str = "370200", *, registry: Path | str | None = None,
                   top: int | None = 20, weights: Weights | str | None = None, threshold: float = 1.0,
                   segments: Sequence[str] | None = None) -> Candidates:
        """Candidate enterprises for each missing, weak or not-covered segment of ``chain`` in
        ``region`` (or of those among ``segments``), scored on segment fit, criticality,
        relatedness, distance, scale and growth, each score with its reasons (see
        :mod:`pacesetter.structure.targets`). ``weights`` as the user writes them
        (``fit=0.4,relatedness=0.3``, see :meth:`Weights.parse`) or Weights; default
        :class:`Weights`."""
        from pacesetter.chains.taxonomy import load_crosswalk, load_industry_codes
        from pacesetter.structure.targets import Weights, gaps_of, score_candidates

        if isinstance(weights, str):  # checked before any work is done
            weights = Weights.parse(weights)

        basis = self.registry(registry)
        path = Path(registry) if registry is not None else None
        diagnosis = self._ws.chains.diagnose(chain, region, registry=path)
        spec = diagnosis.spec
        gaps = gaps_of(diagnosis.segments, chain).assign(chain_id=chain)
        if segments is not None:
            gaps = gaps[gaps["segment_id"].isin(list(segments))].reset_index(drop=True)
        seg_codes = {s.id: list(s.industry_codes) for s in spec.segments}
        rel = self.relatedness(region, basis, threshold=threshold)
        codes = load_industry_codes()
        if basis.path is None:
            rows = self._listed_rows
        else:
            prefixes = sorted({c[:2] for sid in gaps["segment_id"] for c in seg_codes[str(sid)]})
            rows = target_queries.file_registry(self._ws.con, basis.path, prefixes)
        found = score_candidates(gaps, rows, seg_codes, city=region, density=rel.density,
                                 density_region=rel.region, crosswalk=load_crosswalk(known_codes=codes),
                                 weights=weights, top=top)
        scores = found.candidates["score"]
        if weights is not None and len(scores) and scores.isna().all():  # ranked on nothing: refused
            weighed = ", ".join(f for f in FACTORS if weights.of(f) > 0)
            raise InputError.said("target.errors.weights_nothing_known", factors=weighed)
        names = {lang: self._ws.region_names(lang) for lang in ("zh", "en")}
        return Candidates(spec, region, basis, rel, found, names)

    def opportunities(self, region: str = "370200", *, registry: Path | str | None = None,
                      threshold: float = 1.0) -> Opportunities:
        """Industries ``region`` is not specialised in, placed by relatedness density and product
        complexity (PCI) from the registry's region × industry counts, by quadrant."""
        from pacesetter.structure.complexity import complexity
        from pacesetter.structure.opportunities import opportunity_table

        self._known(region)
        basis = self.registry(registry)
        cx = complexity(self.matrix(basis), threshold=threshold)
        place = basis.place(region)
        names = {lang: self._ws.region_names(lang) for lang in ("zh", "en")}
        return Opportunities(region, place, basis, cx, opportunity_table(cx, place), names)

    def assign(self, chain: str, segment: str, enterprise: str, *, region: str = "370200",
               owner: str, due: dt.date, registry: Path | str | None = None,
               actor: str | None = None, lang: str = "zh", projects: Sequence[str] = ()) -> dict[str, object]:
        """Turn a candidate into a 招商 task (kind fill_segment, owned by a task force) on the gap
        it fills, and record the target with its score and reasons, in one transaction (with the
        links to ``projects`` it already produced, as ``tasks add`` takes them).

        ``enterprise`` is the candidate's id or exact name; ``lang`` is the language of the task's
        title and note (the words of whoever assigns it). Raises InputError when the segment is
        no gap of the chain in the region or the enterprise no candidate for it.
        """
        from pacesetter.registry.tasks import add_task, link_project

        found = self.candidates(chain, region, registry=registry, top=None, segments=[segment])
        if segment not in {s.id for s in found.spec.segments}:
            raise NotFoundError.said("target.errors.unknown_segment", chain=chain, segment=segment)
        if found.targeting.gaps.empty:
            raise InputError.said("target.assign.not_gap", segment=segment, region=region)
        cands = found.targeting.candidates
        cands = cands[cands["segment_id"] == segment]
        hit = cands[(cands["enterprise_id"] == enterprise) | (cands["name_zh"] == enterprise)
                    | (cands["name_en"] == enterprise)]
        if hit.empty:
            if found.basis.path is None:  # the store's registry: one it lacks is said so, with names like it
                from pacesetter.chains.placements import resolve_enterprises

                resolve_enterprises(self._ws.con, [enterprise])
            raise InputError.said("target.assign.not_candidate", enterprise=enterprise, segment=segment)
        c = hit.iloc[0].to_dict()
        name = found.enterprise_name(c, lang)
        eid = str(c["enterprise_id"])
        task_id = target_queries.open_target_task(self._ws.con, eid, chain, segment, region)
        if task_id is not None:  # the same lead twice would split its follow-up over two tasks
            raise InputError.said("target.assign.already", enterprise=name, task=task_id,
                                  segment=found.segment_name(segment, lang), enterprise_id=eid)
        # nor through another city: one enterprise is approached for a segment by one task, and a
        # second differing only by --region (a slip, or the default) reads the same as the first
        for city in sorted({str(g["city"]) for g in target_queries.targets_of(
                self._ws.con, enterprise_id=eid, chain_id=chain, segment_id=segment)} - {region}):
            task_id = target_queries.open_target_task(self._ws.con, eid, chain, segment, city)
            if task_id is not None:
                where = Bilingual(found.region_name(city, "zh"), found.region_name(city, "en"))
                raise InputError.said("target.assign.already_elsewhere", enterprise=name, task=task_id,
                                      segment=found.segment_name(segment, lang), enterprise_id=eid,
                                      city=where)
        why = found.targeting.reasons
        reasons = why[(why["segment_id"] == segment) & (why["enterprise_id"] == c["enterprise_id"])]
        repo = self._ws.tasks.repo(actor)
        with repo.atomic():
            task = add_task(repo, title=t("target.assign.title", lang, enterprise=name,
                                          chain=found.spec.name_zh if lang == "zh" else found.spec.name_en,
                                          segment=found.segment_name(segment, lang)),
                            owner=owner, owner_kind="task_force", due=due, today=dt.date.today(),
                            kind="fill_segment", chain_id=chain, segment_id=segment,
                            note=t("target.lead_note", lang), synthetic=found.basis.synthetic)
            target = {**c, "chain_id": chain, "segment_id": segment, "city": region,
                      "registry": found.basis.label, "synthetic": found.basis.synthetic,
                      "score": _num(c["score"])}
            target_queries.insert_target(repo.con, str(task["id"]), cast(dict[str, object], target),
                                         reasons.drop(columns=["segment_id", "enterprise_id"])
                                         .to_dict("records"),
                                         dt.date.today())
            repo.log("task_targets", str(task["id"]), "target", before=None,
                     after={"enterprise_id": c["enterprise_id"], "segment_id": segment})
            for pid in projects:
                link_project(repo, str(task["id"]), pid)
        return {**task, "target": target}

    def trace_target(self, enterprise: str) -> dict[str, object]:
        """Follow a target: the tasks that pursue ``enterprise`` (its id, or its exact zh or en name
        as ``assign`` takes it), each with its ``target`` and projects (reached as
        ``ws.trace("target", ...)``, which the faces narrow to their user).

        Returns {"project": None, "target": the latest target row or None, "tasks": [task rows]}.
        """
        from pacesetter.store import task_queries

        targets = target_queries.targets_of(self._ws.con, enterprise_id=enterprise)
        if not targets:  # a name: the enterprises targeted under it (by their ids)
            ids = {str(g["enterprise_id"]) for g in target_queries.targets_of(self._ws.con)
                   if enterprise in (g.get("name_zh"), g.get("name_en"))}
            targets = [g for eid in sorted(ids)
                       for g in target_queries.targets_of(self._ws.con, enterprise_id=eid)]
            targets.sort(key=lambda g: str(g["task_id"]))
        tasks = []
        for g in targets:
            for row in task_queries.tasks_of_gap(self._ws.con, str(g["chain_id"]), str(g["segment_id"])):
                if row["id"] == g["task_id"]:
                    tasks.append({**row, "target": g,
                                  "projects": task_queries.projects_of_task(self._ws.con, str(row["id"]))})
        return {"project": None, "target": targets[-1] if targets else None, "tasks": tasks}

    def assigned(self, chain: str, segment: str, city: str, who: Principal | None = None
                 ) -> list[dict[str, object]]:
        """The targets already assigned on one gap of ``city`` (rows of live tasks, by task id),
        those of tasks ``who`` may read only (none if they may read no task)."""
        from pacesetter.model.access import Action

        if who is not None and not who.may(Action.READ, "tasks"):
            return []
        found = [g for g in target_queries.targets_of(self._ws.con, chain_id=chain, segment_id=segment)
                 if g["city"] == city]
        if who is None or not who.scoped:
            return found
        seen = set(self._ws.tasks.seen_by(who)["id"])
        return [g for g in found if g["task_id"] in seen]

    def target_view(self, target: Mapping[str, Any], lang: str) -> dict[str, Any]:
        """A stored target in ``lang``: the enterprise, the gap it was to fill, its score and its
        reasons as they stood when assigned (worded as :func:`worded_reasons`)."""
        chain_id, segment_id = str(target["chain_id"]), str(target["segment_id"])
        try:
            spec: ChainSpec | None = self._ws.chains.taxonomy().chain(chain_id)
        except NotFoundError:  # the chain left the taxonomy since: its ids stand for its names
            spec = None
        segs = {s.id: s.name_zh if lang == "zh" else s.name_en for s in (spec.segments if spec else ())}
        regions = self._ws.region_names(lang)
        city = str(target["city"])
        return {
            "task_id": target["task_id"], "enterprise_id": target["enterprise_id"],
            "name": Candidates.enterprise_name(target, lang), "chain_id": chain_id,
            "chain": chain_id if spec is None else spec.name_zh if lang == "zh" else spec.name_en,
            "segment_id": segment_id, "segment": segs.get(segment_id, segment_id), "city": city,
            "city_name": regions.get(city, city), "registry": target["registry"],
            "synthetic": bool(target["synthetic"]), "score": _num(target["score"]),
            "created": str(target["created"]),
            "reasons": worded_reasons(cast("list[dict[str, Any]]", target["reasons"]), lang,
                                      lambda s: segs.get(s, s), lambda c: regions.get(c, c))}
