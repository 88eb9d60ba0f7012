"""The chains of a workspace: list, diagnose, what-if, map and overview, from the store or a registry."""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from pacesetter.chains import report, views
from pacesetter.chains.coverage import coverage_lines, registry_statement
from pacesetter.chains.diagnostics import (
    Thresholds,
    compute_links_to_fill,
    compute_multi_chain_enterprises,
    compute_stage_completeness,
    load_thresholds,
)
from pacesetter.chains.placements import PlacementCheck, load_corrections
from pacesetter.chains.resilience import WhatIf
from pacesetter.chains.service import (
    Diagnosis,
    check_store,
    diagnose_store,
    enterprise_scenarios,
    placements_store,
    registry_counts,
    store_taxonomy,
)
from pacesetter.chains.taxonomy import ChainSpec, Taxonomy, load_industry_codes, load_taxonomy
from pacesetter.engine import EngineChoice
from pacesetter.engine.sources import is_uri
from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.io.workbook import write_report_workbook

if TYPE_CHECKING:
    from pacesetter.io.progress import Progress
    from pacesetter.workspace.core import Workspace

Registry = Path | str  # a Parquet file, or a URI (hdfs://, s3://) that Spark reads
MAP_SUFFIXES = (".svg", ".png", ".json", ".html")
OVERVIEW_SUFFIXES = (".svg", ".png", ".html", ".xlsx")


def check_suffix(path: Path | str, allowed: Sequence[str]) -> str:
    """The output file's suffix (lower case), checked before any work is done."""
    suffix = Path(path).suffix.lower()
    if suffix not in allowed:
        raise InputError.said("chains.errors.suffix", path=path, allowed=", ".join(allowed))
    return suffix


def _write_workbook(path: Path | str, sheets: dict[str, pd.DataFrame], about: Sequence[tuple[str, str]],
                   lang: str) -> Path:
    """A chains workbook in one language, About sheet included; headers start with a capital, as
    io's column words in the other workbooks do (``status`` would otherwise sit beside ``Reason``)."""
    def capital(head: object) -> str:
        return str(head)[:1].upper() + str(head)[1:]

    named = {name: frame.rename(columns=capital) for name, frame in sheets.items()}
    return write_report_workbook(Path(path), named, about, lang)


@dataclass(frozen=True)
class Basis:
    """What a chain result rests on: the region, the data it was read from, the rules it used."""

    region: str
    region_name: str  # with a SYNTHETIC badge when the figures come from a synthetic registry
    data: str  # the registry file or the database
    synthetic: bool
    thresholds: Thresholds
    taxonomy: Taxonomy
    registries: dict[str, int]  # registry in use → enterprises (curated, listed, or registry_file)

    def coverage(self, segments: pd.DataFrame, lang: str = "zh") -> str:
        """What a diagnosis of ``segments`` rests on: the registries in use and how many segments
        none of them covers."""
        return registry_statement(len(segments), int((segments["status"] == "not_covered").sum()),
                                  self.registries, lang)

    def about(self, lang: str = "zh") -> list[tuple[str, str]]:
        """The lines a workbook's About sheet carries: region, data, date, structure, unknowns, thresholds."""
        from pacesetter.engine.synthetic import SYNTHETIC_LABEL

        def head(key: str) -> str:
            return t(f"chains.about.{key}", lang)

        return [
            (head("region"), f"{self.region} {self.region_name}"),
            (head("data"), self.data),
            *([(head("synthetic"), SYNTHETIC_LABEL)] if self.synthetic else []),
            (head("generated"), dt.date.today().isoformat()),
            (head("structure"), t("chains.authored_note", lang)),
            *((head("coverage"), line) for line in coverage_lines(self.registries, lang)),
            (head("unknown"), head("unknown_text")),
            (head("thresholds"), self.thresholds.model_dump_json()),
        ]


@dataclass(frozen=True)
class ChainDiagnosis:
    """One chain in one region: every segment's status and metrics, links to fill, what-ifs.

    ``placements`` (the store's enterprises of the region with the evidence of their
    placement) is None for a registry file, which has counts only. ``removed`` and
    ``removed_segments`` are the removals the what-ifs were asked for.
    """

    spec: ChainSpec
    basis: Basis
    diagnosis: Diagnosis
    placements: pd.DataFrame | None
    removed: tuple[str, ...] = ()
    removed_segments: tuple[str, ...] = ()

    @property
    def segments(self) -> pd.DataFrame:
        """This chain's segment rows of :func:`pacesetter.chains.diagnostics.compute_segment_diagnostics`."""
        return self.diagnosis.segments[self.diagnosis.segments["chain_id"] == self.spec.id]

    @property
    def summary(self) -> pd.Series:
        """Completeness, counts by status, single points, leaders and leader dependence."""
        return cast(pd.Series, self.diagnosis.chains.set_index("chain_id").loc[self.spec.id])

    @property
    def what_if(self) -> dict[str, WhatIf]:
        """Chain id → what the removal asked for takes with it (empty without a removal)."""
        return self.diagnosis.what_if

    def what_if_notes(self, lang: str = "zh") -> builtins.list[str]:
        """Why a removal asked for has no what-if for this chain (the enterprise has no placement
        in it, the segment no known firm), so that the silence never reads as "nothing lost"."""
        if self.spec.id in self.what_if:
            return []
        sep, name = t("chains.list_sep", lang), self.spec.name_zh if lang == "zh" else self.spec.name_en
        notes = []
        if self.removed:
            notes.append(t("chains.what_if.not_placed", lang, removed=sep.join(self.removed), chain=name))
        if self.removed_segments:
            segments = [self.spec.segment(s) for s in self.removed_segments]
            notes.append(t("chains.what_if.no_known_firm", lang, segments=sep.join(
                s.name_zh if lang == "zh" else s.name_en for s in segments)))
        return notes

    def links(self, top: int | None = None) -> pd.DataFrame:
        """Missing and weak segments ranked by priority (criticality × weakness), the first ``top``."""
        return compute_links_to_fill(self.diagnosis.segments, self.spec.id, self.basis.region, top)

    def links_table(self, lang: str = "zh", top: int | None = None) -> pd.DataFrame:
        """The links to fill in words: rank, segment, action (补链/强链), priority, reason."""
        return report.links_sheet(self.diagnosis.segments, self.spec.id, self.basis.region,
                                  self.basis.thresholds, lang, top)

    def enterprises_table(self, lang: str = "zh") -> pd.DataFrame:
        """Each segment's enterprises with the basis and source of their placement (store only)."""
        placed = self.placements if self.placements is not None else pd.DataFrame(
            columns=["chain_id", "segment_id", "enterprise_id", "name_zh", "leader", "basis", "source"])
        return report.enterprises_sheet(self.spec, placed, lang)

    @property
    def coverage(self) -> str:
        """What this diagnosis rests on (registries in use, segments not covered), in zh."""
        return self.basis.coverage(self.segments, "zh")

    def to_json(self, lang: str = "zh", top: int = 5) -> dict[str, object]:
        """JSON-ready data: coverage, summary, segments with their reason in ``lang``, links, what-ifs
        and why a removal asked for has none for this chain."""
        return {"coverage": self.basis.coverage(self.segments, lang), "identified": self.spec.identified,
                **report.diagnosis_json(self.spec, self.basis.region, self.summary, self.segments,
                                        self.links(top), self.what_if, self.basis.thresholds, lang),
                "what_if_notes": self.what_if_notes(lang)}

    def write_json(self, path: Path | str, lang: str = "zh", top: int = 5) -> None:
        """:meth:`to_json` as a UTF-8 JSON file."""
        check_suffix(path, (".json",))
        text = json.dumps(self.to_json(lang, top), ensure_ascii=False, indent=2)
        Path(path).write_text(text, encoding="utf-8")

    def write_xlsx(self, path: Path | str, lang: str = "zh") -> None:
        """The diagnosis as an Excel workbook: segments, links to fill, enterprises, what-if, about."""
        check_suffix(path, (".xlsx",))
        segments = report.segment_sheet(self.segments, self.basis.thresholds, lang)
        sheets = {t("chains.sheets.segments", lang): segments,
                  t("chains.sheets.links", lang): self.links_table(lang)}
        if self.placements is not None:
            sheets[t("chains.sheets.enterprises", lang)] = self.enterprises_table(lang)
        for cid, w in self.what_if.items():  # one sheet per chain the removal touches; another's has its id
            title = t("chains.sheets.what_if", lang) + ("" if cid == self.spec.id else f" {cid}")
            sheets[title] = report.what_if_sheet(w, self.basis.taxonomy.chain(cid), lang)
        name = self.spec.name_zh if lang == "zh" else self.spec.name_en
        about = [(t("chains.about.chain", lang), f"{self.spec.id} {name}"),
                 *([] if self.spec.identified else [(t("chains.about.unconfirmed", lang),
                                                     t("chains.unconfirmed", lang))]),
                 *((t("chains.what_if.title", lang), note) for note in self.what_if_notes(lang)),
                 (t("chains.about.rests_on", lang), self.basis.coverage(self.segments, lang)),
                 *self.basis.about(lang)]
        _write_workbook(path, sheets, about, lang)


@dataclass(frozen=True)
class ChainMap:
    """A chain map coloured by status: the ECharts option, and files drawn from it."""

    spec: ChainSpec
    basis: Basis
    segments: pd.DataFrame
    option: dict[str, Any]
    scenarios: list[dict[str, object]] | None  # one what-if per enterprise, for the page's picker
    lang: str

    def notes(self) -> list[str]:
        """How to read the interactive map."""
        return [t("chains.map.notes", self.lang)]

    def html(self) -> str:
        """A self-contained page (ECharts inlined; opens offline) with the what-if picker."""
        from pacesetter.render.standalone import standalone_chart_html

        return standalone_chart_html(self.option, title=self.option["title"]["text"], notes=self.notes(),
                                     lang=self.lang, scenarios=self.scenarios)

    def save(self, path: Path | str) -> Path:
        """Write ``.svg``/``.png`` (an image for reports), ``.json`` (the ECharts option) or ``.html``."""
        out = Path(path)
        suffix = check_suffix(out, MAP_SUFFIXES)
        if suffix == ".json":
            out.write_text(json.dumps(self.option, ensure_ascii=False, indent=1), encoding="utf-8")
        elif suffix == ".html":
            out.write_text(self.html(), encoding="utf-8")
        else:
            views.render_chain_map(out, self.spec, self.segments, self.basis.region_name, self.lang)
        return out


@dataclass(frozen=True)
class ChainsOverview:
    """Every chain of a region at a glance, and the enterprises that serve several chains."""

    basis: Basis
    diagnosis: Diagnosis
    multi_chain: pd.DataFrame | None  # enterprise_id, name_zh, chains, chain_ids; None from a registry

    @property
    def chains(self) -> pd.DataFrame:
        """One row per chain: completeness, counts by status, single points, leaders, dependence."""
        return self.diagnosis.chains

    def stages(self) -> pd.DataFrame:
        """Completeness per chain and stage (up, mid, down): the heatmap's cells."""
        return compute_stage_completeness(self.diagnosis.segments, self.basis.thresholds)

    def heatmap_option(self, lang: str = "zh") -> dict[str, Any]:
        """The ECharts option of the heatmap: chains × stages, colour = completeness."""
        b = self.basis
        return views.render_heatmap_option(self.stages(), list(b.taxonomy), b.region_name, lang)

    def multi_chain_table(self, lang: str = "zh") -> pd.DataFrame | None:
        """The multi-chain enterprises with their chains named in ``lang``."""
        if self.multi_chain is None:
            return None
        names = {c.id: c.name_zh if lang == "zh" else c.name_en for c in self.basis.taxonomy}
        out = self.multi_chain.copy()
        out["chain_ids"] = [t("chains.list_sep", lang).join(names.get(i, i) for i in str(ids).split(", "))
                            for ids in out["chain_ids"]]
        return out

    def save(self, path: Path | str, lang: str = "zh") -> Path:
        """Write ``.xlsx`` (a workbook), ``.html`` (an offline interactive heatmap) or ``.svg``/``.png``."""
        from pacesetter.render.standalone import standalone_chart_html

        out = Path(path)
        suffix = check_suffix(out, OVERVIEW_SUFFIXES)
        b = self.basis
        if suffix == ".xlsx":
            summary = report.overview_sheet(self.chains, self.diagnosis.segments, b.taxonomy, b.region,
                                            b.thresholds, lang)
            sheets = {t("chains.sheets.overview", lang): summary}
            multi = self.multi_chain_table(lang)
            if multi is not None:
                keys = {"enterprise_id": "id", "name_zh": "enterprise", "chains": "n_chains",
                        "chain_ids": "chain"}
                sheets[t("chains.sheets.multi_chain", lang)] = multi.rename(
                    columns={col: report.column(key, lang) for col, key in keys.items()})
            _write_workbook(out, sheets, b.about(lang), lang)
        elif suffix == ".html":
            option = self.heatmap_option(lang)
            out.write_text(standalone_chart_html(option, title=option["title"]["text"], notes=[], lang=lang),
                           encoding="utf-8")
        else:
            views.render_overview_heatmap(out, self.stages(), list(b.taxonomy), b.region_name, lang)
        return out


class Chains:
    """The industrial chains of a workspace (reached as ``ws.chains``).

    Every method diagnoses from the store by default, or from a Parquet enterprise
    registry with ``registry=`` (through the engine ``engine=``, default DuckDB: counts only,
    no what-ifs).
    ``taxonomy`` and ``thresholds`` replace the shipped chain files and thresholds.
    """

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def taxonomy(self, taxonomy: Path | None = None) -> Taxonomy:
        """The chains: the store's (the shipped 24 loaded at init, and any imported), or a folder's
        YAML files (an author's override)."""
        return load_taxonomy(taxonomy) if taxonomy is not None else store_taxonomy(self._ws.con)

    def list(self, *, taxonomy: Path | None = None) -> pd.DataFrame:
        """The chains: id, name_zh, name_en, category, segments, chokepoints, identified, authored."""
        return report.chain_list(self.taxonomy(taxonomy))

    def check(self, region: str = "370200", *, taxonomy: Path | None = None) -> PlacementCheck:
        """Placements to review (the enterprise's industry code lies outside the segment's codes),
        with how many placements could be checked and how many could not (no code)."""
        return check_store(self._ws.con, self.taxonomy(taxonomy), region)

    @staticmethod
    def corrections() -> pd.DataFrame:
        """Placements of the researched data left out, with the reason (placement_corrections.yaml)."""
        return load_corrections()

    def basis(self, region: str, *, lang: str = "zh", registry: Registry | None = None,
              taxonomy: Path | None = None, thresholds: Path | None = None) -> Basis:
        """The region's name (badged SYNTHETIC for a synthetic registry), data, rules and taxonomy."""
        from pacesetter.engine.synthetic import is_synthetic

        name = region
        if self._ws.path.exists():
            name = self._ws.region_names(lang).get(region, region)
        # a URI (hdfs://, s3://) only the engine reads: its label is not checked here
        synthetic = registry is not None and not is_uri(registry) and is_synthetic(registry)
        if synthetic:
            name += t("chains.synthetic_badge", lang)
        data = str(registry) if registry is not None else str(self._ws.path)
        counts = ({"registry_file": self._registry_rows(registry)} if registry is not None
                  else registry_counts(self._ws.con))
        return Basis(region, name, data, synthetic, load_thresholds(thresholds), self.taxonomy(taxonomy),
                     counts)

    def _registry_rows(self, registry: Registry) -> int:
        """Enterprises a registry lists: a local Parquet file's row count from its footer (no scan);
        a URI's from the engine, counting those with a region and an industry code."""
        if not is_uri(registry):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(str(registry)).metadata.num_rows)
        return int(EngineChoice().engine().region_counts(str(registry)).sum())

    def _diagnose_all(self, b: Basis, registry: Registry | None, engine: EngineChoice | None,
                      remove: Sequence[str] = (), remove_segment: Sequence[str] = (),
                      reference: str | None = None) -> Diagnosis:
        if registry is not None:
            if remove or remove_segment or reference:
                raise InputError.said("chains.errors.registry_what_if")
            from pacesetter.chains.service import diagnose_registry

            return diagnose_registry((engine or EngineChoice()).engine(), str(registry), b.taxonomy, b.region,
                                     b.thresholds)
        return diagnose_store(self._ws.con, b.taxonomy, b.region, b.thresholds,
                              remove_enterprises=list(remove), remove_segments=list(remove_segment),
                              reference_region=reference)

    def enterprises(self, region: str = "370200", *, taxonomy: Path | None = None) -> pd.DataFrame:
        """Every enterprise placed in the region's chains, with the evidence of its placement."""
        return placements_store(self._ws.con, self.taxonomy(taxonomy), region)

    def diagnose(self, chain: str, region: str = "370200", *, remove: Sequence[str] = (),
                 remove_segment: Sequence[str] = (), reference: str | None = None,
                 registry: Registry | None = None, taxonomy: Path | None = None,
                 thresholds: Path | None = None, lang: str = "zh",
                 engine: EngineChoice | None = None) -> ChainDiagnosis:
        """Present, weak and missing segments of a chain, with reasons and the links to fill.

        ``remove`` (enterprise ids or exact names) and ``remove_segment`` ask what-ifs;
        ``reference`` is the location-quotient reference region (default: every region in
        the store). ``lang`` only names the region. ``engine`` reads ``registry`` (default DuckDB).
        """
        b = self.basis(region, lang=lang, registry=registry, taxonomy=taxonomy, thresholds=thresholds)
        spec = b.taxonomy.chain(chain)
        known = [s.id for s in spec.segments]
        strange = [s for s in remove_segment if s not in known]  # a typo would read as "nothing lost"
        if strange:
            raise InputError.said("chains.errors.unknown_segment", chain=spec.id, segment=", ".join(strange),
                                  known=", ".join(known) or "—")
        diag = self._diagnose_all(b, registry, engine, remove, remove_segment, reference)
        placed = None if registry is not None else placements_store(self._ws.con, b.taxonomy, region)
        return ChainDiagnosis(spec, b, diag, placed, tuple(remove), tuple(remove_segment))

    def map(self, chain: str, region: str = "370200", *, lang: str = "zh", scenarios: bool = False,
            registry: Registry | None = None, taxonomy: Path | None = None,
            thresholds: Path | None = None, engine: EngineChoice | None = None) -> ChainMap:
        """The chain map coloured by status; ``scenarios`` adds one what-if per enterprise
        (from the store) for the interactive page's picker."""
        b = self.basis(region, lang=lang, registry=registry, taxonomy=taxonomy, thresholds=thresholds)
        spec = b.taxonomy.chain(chain)
        diag = self._diagnose_all(b, registry, engine)
        seg = diag.segments[diag.segments["chain_id"] == chain]
        placed = None if registry is not None else placements_store(self._ws.con, b.taxonomy, region)
        option = views.render_echarts_option(spec, seg, b.region_name, b.thresholds, lang,
                                             report.firms_by_segment(placed, spec.id, lang=lang))
        found = None
        if scenarios and placed is not None:
            found = self._scenarios(b, spec, lang, placed)
        return ChainMap(spec, b, seg, option, found, lang)

    def _scenarios(self, b: Basis, spec: ChainSpec, lang: str,
                   placed: pd.DataFrame) -> builtins.list[dict[str, object]]:
        """One what-if per enterprise of the chain, for the map's picker: the chain without it."""
        found = enterprise_scenarios(self._ws.con, b.taxonomy, spec.id, b.region, b.thresholds)
        return [{"key": s.enterprise_id, "label": s.name_zh,
                 "summary": t("chains.clause_sep", lang).join(report.what_if_lines(s.what_if, spec, lang)),
                 "nodes": views.scenario_nodes(
                     spec, s.segments, b.region_name, b.thresholds, lang,
                     report.firms_by_segment(placed, spec.id, without=s.enterprise_id, lang=lang))}
                for s in found]

    def overview(self, region: str = "370200", *, lang: str = "zh", registry: Registry | None = None,
                 taxonomy: Path | None = None, thresholds: Path | None = None,
                 engine: EngineChoice | None = None) -> ChainsOverview:
        """All chains at a glance: completeness, gaps, single points, leaders, multi-chain firms."""
        b = self.basis(region, lang=lang, registry=registry, taxonomy=taxonomy, thresholds=thresholds)
        diag = self._diagnose_all(b, registry, engine)
        multi = None
        if registry is None:
            multi = compute_multi_chain_enterprises(placements_store(self._ws.con, b.taxonomy, region))
        return ChainsOverview(b, diag, multi)

    @staticmethod
    def synthesize(path: Path | str, n: int = 5_000_000, seed: int = 20221001,
                   progress: Progress | None = None) -> Path:
        """Write a SYNTHETIC national enterprise registry (Parquet) for engine-scale diagnostics;
        ``progress`` hears the enterprises generated, then the writing of the file."""
        from pacesetter.engine.synthetic import default_cities, generate_registry

        codes = [c for c in load_industry_codes() if len(c) == 4 and c.isdigit()]
        generate_registry(Path(path), default_cities(), codes, n_enterprises=n, seed=seed, progress=progress)
        return Path(path)
