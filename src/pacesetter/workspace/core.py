"""The Workspace: one store and every question Pacesetter answers about it, as plain data.

The command line, the coming web pages and API, and notebooks all go through this
object, so that the faces cannot drift apart. It is thin on purpose: each method
reads what it needs through the store and hands plain frames to the analysis
packages, which compute; the faces only parse arguments and render.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from pacesetter.errors import InputError, NotFoundError
from pacesetter.model.periods import Period
from pacesetter.settings import default_db_path
from pacesetter.store import connect, queries
from pacesetter.store.connect import remove_database
from pacesetter.store.lock import OnWait

if TYPE_CHECKING:
    from pacesetter.assess.peer_table import PeerTable
    from pacesetter.assess.report import Assessment
    from pacesetter.io.importer import ImportResult
    from pacesetter.monitor.needed import NeededReport
    from pacesetter.monitor.render import Rendered
    from pacesetter.monitor.warnings import WarningReport
    from pacesetter.release.extract import Extraction
    from pacesetter.workspace.chains import Chains
    from pacesetter.workspace.registry import Enterprises, Parks, Policies, Projects, Tasks
    from pacesetter.workspace.structure import Structure
    from pacesetter.workspace.users import Users

Progress = Callable[[str], None]
DEFAULT_REGION = "370200"  # Qingdao, the embedded default city
DEFAULT_PEER = "330200"  # Ningbo, the peer the programme names first


def _login() -> str:
    """The user's login name, the default actor of audited changes."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


class Workspace:
    """One Pacesetter database and the questions asked of it.

    Open it with :func:`pacesetter.open` or build the demo with :func:`pacesetter.demo`.
    Methods return plain data: pandas DataFrames, dicts and dataclasses. Domain groups
    hang off it: :attr:`chains`, :attr:`projects`, :attr:`tasks`, :attr:`parks`,
    :attr:`policies`.

    Parameters
    ----------
    path:
        The DuckDB file (default ``~/.local/share/pacesetter/pacesetter.duckdb``).
    read_only:
        Open without write access (several readers may share the file); the file must exist.
    actor:
        Who audited changes are recorded as (default: the login name).
    wait:
        Seconds to wait for a file another process holds before :class:`DatabaseBusy` (default 0).
    on_wait:
        Called once, with the holder and ``wait``, when the file is found held (e.g. to say so).
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False,
                 actor: str | None = None, wait: float = 0.0, on_wait: OnWait | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        self.actor = actor or _login()
        self.wait, self.on_wait = wait, on_wait
        self._con: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: Path | str, *, actor: str | None = None) -> Workspace:
        """A Workspace on a connection opened elsewhere (a server's per-request cursor of its
        one database); :meth:`close` closes only that connection."""
        ws = cls(path, actor=actor)
        ws._con = con
        return ws

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r}{', read_only=True' if self.read_only else ''})"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection (opened, and the schema brought up to date, on first use)."""
        if self._con is None:
            if self.read_only and not self.path.exists():
                raise NotFoundError.said("workspace.no_database", path=self.path)
            self._con = connect(self.path, read_only=self.read_only, wait=self.wait, on_wait=self.on_wait)
        return self._con

    def close(self) -> None:
        """Close the connection (the workspace reopens it if used again)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    # --- building -------------------------------------------------------------------------
    def load_demo(self, progress: Progress | None = None, *, synthetic: bool = True) -> dict[str, int]:
        """Load the embedded Qingdao dataset and the demo rows of every domain; rows added per table.

        The core dataset lands in one transaction; then the synthetic sample city, the
        chain taxonomy's segments, the registry's readings of the published texts and the
        synthetic scenario (plans and tasks, :mod:`pacesetter.registry.scenario`).
        ``synthetic=False`` leaves out the sample city and the scenario: real data only.
        """
        from pacesetter.chains.seed import seed_segments
        from pacesetter.data.demo import load_demo
        from pacesetter.io.progress import Step
        from pacesetter.monitor.synthetic import seed_demo
        from pacesetter.registry.demo import seed_registry
        from pacesetter.registry.scenario import seed_scenario

        # ``progress`` gets each step's message id (io.demo_step.<step>), the face words it; as a
        # ``demo`` Step that also counts the steps done of all, for a bar
        steps: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], dict[str, int]]]] = [
            ("dataset", load_demo), *([("sample_city", seed_demo)] if synthetic else []),
            ("taxonomy", seed_segments), ("registry", seed_registry),
            *([("scenario", seed_scenario)] if synthetic else [])]
        counts: dict[str, int] = {}
        for done, (what, step) in enumerate(steps):
            if progress:
                progress(Step(f"io.demo_step.{what}", "demo", done=done, total=len(steps)))
            counts.update(step(self.con))
        return counts

    # --- reference tables -----------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """A whole table of the store (regions, indicators, chains, segments, enterprises, ...)."""
        return queries.table(self.con, name)

    def region(self, code: str) -> dict[str, object]:
        """One region by its GB/T 2260 code (e.g. 370200 Qingdao), or :class:`NotFoundError`."""
        return queries.region(self.con, code)

    def indicator(self, indicator_id: str) -> dict[str, object]:
        """One indicator of the catalogue (id, names, unit, kind, polarity, ...)."""
        return queries.indicator(self.con, indicator_id)

    def region_names(self, lang: str = "zh") -> dict[str, str]:
        """``{code: name}`` of every region in the store, in Chinese or English."""
        return queries.region_names(self.con, lang)

    # --- figures --------------------------------------------------------------------------
    def observations(
        self, indicators: Sequence[str] | None = None, regions: Sequence[str] | None = None,
        periods: Sequence[str] | None = None, *, vintage: dt.date | None = None, latest: bool = True,
    ) -> pd.DataFrame:
        """Observations with their full provenance, one per (indicator, region, period) when ``latest``.

        ``vintage`` gives what was known on that date; ``latest=False`` every vintage and source.
        Columns as :func:`pacesetter.store.queries.observations`.
        """
        return queries.observations(self.con, indicator_ids=indicators, region_codes=regions,
                                    periods=periods, vintage=vintage, latest=latest)

    def show(self, indicator: str, regions: Sequence[str] = (DEFAULT_REGION,), *,
             lang: str = "zh", all_sources: bool = False) -> pd.DataFrame:
        """One indicator for some regions, every row with its source: region, period (as
        published, in ``lang``; the stored code in ``period_code``), value, unit, status, vintage,
        flags, source, publisher, document, source_kind, derived_from, and the codes.

        The preferred row per period (``all_sources`` : every source and vintage), with
        ``n_conflicting`` / ``n_flagged``: how many other rows give another value, and how many
        of those are flagged (0 with ``all_sources``, which shows them all).
        """
        self.indicator(indicator)  # an unknown id is an error, not an empty table
        for code in regions:  # so is an unknown region (a typo would read as "no figures")
            self.region(code)
        df = self.observations([indicator], regions, latest=not all_sources)
        counts = ["n_conflicting", "n_flagged"]
        if all_sources:
            df[counts] = 0
        else:
            other = queries.conflicts(self.con, [indicator], list(regions))
            df = df.merge(other, on=["indicator_id", "region_code", "period"], how="left")
            df[counts] = df[counts].fillna(0).astype(int)
        names = self.region_names(lang)
        df.insert(0, "region", df["region_code"].map(names))
        df["period_code"] = df["period"]
        df["period"] = df["period"].map(lambda p: Period.parse(p).label(lang))
        return df

    def overview(self, region: str = DEFAULT_REGION, peer: str = DEFAULT_PEER) -> pd.DataFrame:
        """The city against a peer on the headline indicators, latest common year, gaps in
        each indicator's unit; every figure with its provenance, and ``attrs["coverage"]`` what
        the comparison rests on (see :func:`pacesetter.assess.overview.compare_headline`)."""
        from pacesetter.assess.inputs import read_flagged
        from pacesetter.assess.overview import HEADLINE, compare_headline

        self.region(region), self.region(peer)
        if peer == region:  # a city against itself has no gap to show
            raise InputError.said("analysis.errors.peer_self", region=region)
        obs = self.observations(HEADLINE, [region, peer])
        flagged = read_flagged(self.con, HEADLINE, [region, peer])
        return compare_headline(obs, self.table("indicators"), region, peer, flagged=flagged)

    def peers(self, region: str = DEFAULT_REGION, year: int | None = None, *,
              config_dirs: Sequence[Path] = ()) -> PeerTable:
        """The city against all its peers on every indicator of its frameworks (those whose
        region is ``region``, their indicators and peers merged in file order), one common year
        per indicator (:mod:`pacesetter.assess.peers`' year rule); coverage stated first.

        ``year`` defaults to the latest year the city has any of those figures for.
        Returns :class:`pacesetter.assess.peer_table.PeerTable`.
        """
        from pacesetter.assess.inputs import framework_specs, read_flagged, read_values
        from pacesetter.assess.loader import load_framework
        from pacesetter.assess.peer_table import compute_peer_table
        from pacesetter.assess.report import latest_year

        self.region(region)
        dirs = list(config_dirs)
        listed = self.frameworks(dirs)
        loaded = (load_framework(str(p), dirs) for p in listed["path"])
        fws = [fw for fw in loaded if fw.region_code == region]
        if not fws:
            raise NotFoundError.said("workspace.no_framework", region=region)
        specs = pd.concat([framework_specs(fw) for fw in fws]).drop_duplicates("indicator_id")
        regions = list(dict.fromkeys(code for fw in fws for code in fw.peer_regions()))
        values = read_values(self.con, specs, regions)
        if year is None:
            year = latest_year(values, region)
            if year is None:
                raise InputError.said("workspace.no_figures", region=region)
        flagged = read_flagged(self.con, list(specs["indicator_id"]), regions)
        return compute_peer_table(values, specs, region, regions, year, [fw.id for fw in fws], flagged)

    # --- assessment -----------------------------------------------------------------------
    def frameworks(self, config_dirs: Sequence[Path] = ()) -> pd.DataFrame:
        """The assessment frameworks shipped and in ``config_dirs``: id, name_zh, name_en, path."""
        from pacesetter.assess.loader import list_frameworks

        return list_frameworks(list(config_dirs))

    def assess(self, framework: str = "qingdao-2022-2026", year: int | None = None, *,
               draws: int = 1000, seed: int | None = None,
               config_dirs: Sequence[Path] = ()) -> Assessment:
        """Assess a city against its framework: attainment, peer standing, composite, rank intervals.

        ``framework`` is an id or a YAML path; ``year`` defaults to the latest year the city
        has any figure for; ``draws`` Monte Carlo runs for the rank intervals (0: none).
        Returns :class:`pacesetter.assess.report.Assessment`.
        """
        from pacesetter.assess.inputs import framework_specs, read_flagged, read_store_targets, read_values
        from pacesetter.assess.loader import check_against_catalogue, find_framework, load_framework
        from pacesetter.assess.report import compute_assessment, latest_year

        dirs = list(config_dirs)
        fw = load_framework(framework, dirs)
        check_against_catalogue(fw, self.table("indicators"), str(find_framework(framework, dirs)))
        specs = framework_specs(fw, read_store_targets(self.con, fw.region_code))
        values = read_values(self.con, specs, fw.peer_regions())
        if year is None:
            year = latest_year(values, fw.region_code)
            if year is None:
                raise InputError.said("workspace.no_figures", region=fw.region_code)
        flagged = read_flagged(self.con, list(specs["indicator_id"]), fw.peer_regions())
        return compute_assessment(fw, specs, values, year, draws=draws, seed=seed, flagged=flagged)

    # --- monitoring -----------------------------------------------------------------------
    def bulletin(self, region: str = DEFAULT_REGION, period: str = "2022-08", lang: str = "zh", *,
                 sections: Path | None = None, templates: Path | None = None,
                 as_of: dt.date | None = None, profile: str | Path | None = None) -> Rendered:
        """The monthly bulletin of a region, every number footnoted to its source.

        ``period`` is the month (2022-08, 2022年1-8月, 2024上半年; 2022-02 for 1-2月); ``as_of``
        uses only figures released by that date; ``profile`` the city wording (a shipped name or
        a YAML file; the region's own, else the national default). Returns
        :class:`pacesetter.monitor.render.Rendered`: ``.markdown``, ``.html()``, ``.docx()`` and
        the cited ``.figures``.
        """
        from pacesetter.monitor.bulletin import build_bulletin
        from pacesetter.monitor.config import load_sections
        from pacesetter.monitor.fetch import fetch_bulletin_observations
        from pacesetter.monitor.render import render_markdown
        from pacesetter.release.profile import select_profile

        month = Period.parse_month(period)
        config = load_sections(sections)
        wording = select_profile(profile, region)
        frame = fetch_bulletin_observations(self.con, region, config, as_of)
        content = build_bulletin(frame, self.region(region), month, config, lang, wording)
        if not content.sections:
            raise NotFoundError.said("analysis.errors.no_bulletin_data", region=region, period=period)
        return render_markdown(content, templates)

    def warnings(self, region: str = DEFAULT_REGION, period: str = "2022-08", lang: str = "zh", *,
                 rules: Path | None = None) -> WarningReport:
        """Early-warning alerts of a region for a month (rules from YAML), each with what
        triggered it and its sources, and the checks that could not be made, with why."""
        from pacesetter.monitor.fetch import fetch_warning_inputs
        from pacesetter.monitor.warnings import check_warnings, load_rules

        self.region(region)
        ruleset = load_rules(rules)
        month = Period.parse_month(period)
        today = dt.date.today()
        if (month.end_year, month.end_month) > (today.year, today.month):  # no figure of it yet
            raise InputError.said("analysis.errors.warnings_future", period=month)
        inputs = fetch_warning_inputs(self.con, region, ruleset, lang, month.end_year)
        return check_warnings(ruleset, inputs, region, month, lang)

    def needed(self, indicator: str, period: str, *, target: float | None = None,
               region: str = DEFAULT_REGION, weights_from: str | None = None,
               lang: str = "zh") -> NeededReport:
        """The growth the remaining months need to meet an annual growth target, and a verdict.

        ``indicator`` is a year-to-date growth indicator; ``target`` (%) defaults to the
        targets table; the months are weighted by last year's monthly levels of
        ``weights_from`` (default: the id without ``_growth``) where the store has them.
        """
        from pacesetter.monitor.fetch import fetch_month_levels, fetch_names, fetch_target
        from pacesetter.monitor.needed import compute_needed_report
        from pacesetter.monitor.target_path import check_target

        if target is not None:
            check_target(target)
        self.region(region)
        self.indicator(indicator)  # an unknown id is said so, not as "no target" or "no figures"
        if weights_from is not None and weights_from not in fetch_names(self.con, "indicators", "id", lang):
            raise InputError.said("analysis.needed.unknown_weights", indicator=weights_from)
        month = Period.parse_month(period)
        goal = target if target is not None else fetch_target(self.con, indicator, region, month.end_year)
        if goal is None:
            raise InputError.said("analysis.needed.no_target", indicator=indicator, region=region,
                                  year=month.end_year)
        frame = self.observations([indicator, f"{indicator}_month"], [region])
        levels = fetch_month_levels(self.con, weights_from or indicator.removesuffix("_growth"), region,
                                    month.end_year - 1)
        label = fetch_names(self.con, "indicators", "id", lang).get(indicator, indicator)
        return compute_needed_report(frame, indicator, region, month, goal, label=label,
                                     last_year_levels=levels, lang=lang)

    def report(self, region: str, period: str, out_dir: Path | str, lang: str = "zh") -> tuple[Path, Path]:
        """Write the month's pack of a region into ``out_dir``: one .docx and one .xlsx; their paths.

        The pack holds the bulletin, warnings, growth needed, the assessment summary with its
        coverage and the chain overview (:mod:`pacesetter.workspace.pack`); :class:`InputError`
        when the database holds neither the region nor bulletin figures for the month.
        """
        from pacesetter.workspace.pack import gather_pack

        return gather_pack(self, region, period, lang).write(out_dir)

    # --- domains ----------------------------------------------------------------------------
    @cached_property
    def chains(self) -> Chains:
        """The industrial chains: list, diagnose, map, overview (see :class:`Chains`)."""
        from pacesetter.workspace.chains import Chains

        return Chains(self)

    @cached_property
    def projects(self) -> Projects:
        """The project registry: list, lights, funnel, lifecycle moves, Excel in and out."""
        from pacesetter.workspace.registry import Projects

        return Projects(self)

    @cached_property
    def tasks(self) -> Tasks:
        """Tasks and supervision (督办): list, add, status, links to projects, escalation."""
        from pacesetter.workspace.registry import Tasks

        return Tasks(self)

    @cached_property
    def parks(self) -> Parks:
        """Parks: list, one park with its projects, enterprises and policies, edits."""
        from pacesetter.workspace.registry import Parks

        return Parks(self)

    @cached_property
    def policies(self) -> Policies:
        """Policies and funds: list, coverage of chains by instrument, edits."""
        from pacesetter.workspace.registry import Policies

        return Policies(self)

    @cached_property
    def enterprises(self) -> Enterprises:
        """Enterprises of the registry: list and one by id."""
        from pacesetter.workspace.registry import Enterprises

        return Enterprises(self)

    @cached_property
    def users(self) -> Users:
        """Users of the server: roles and scopes, passwords, sessions, API tokens (see :class:`Users`)."""
        from pacesetter.workspace.users import Users

        return Users(self)

    @cached_property
    def structure(self) -> Structure:
        """Structure analytics and investment-promotion targeting (see :class:`Structure`)."""
        from pacesetter.workspace.structure import Structure

        return Structure(self)

    def trace(self, kind: str, key: str, segment: str | None = None) -> dict[str, object]:
        """Follow the thread project → task → gap → indicator, or back.

        ``kind`` is "project" (``key`` a project id), "gap" (``key`` a chain id, optionally
        ``segment``), "indicator" (``key`` an indicator id) or "target" (``key`` an enterprise id,
        see :meth:`pacesetter.workspace.structure.Structure.trace_target`). Returns ``{"project":
        ... or None, "tasks": [task dicts with their gap, indicator and projects]}`` (and, for a
        target, ``"target"``: the latest target of those tasks, or None).
        """
        from pacesetter.registry.trace import trace_gap, trace_indicator, trace_project

        if kind == "target":
            return self.structure.trace_target(key)
        if kind == "project":
            return trace_project(self.con, key)
        if kind == "gap":
            return {"project": None, "tasks": trace_gap(self.con, key, segment)}
        if kind == "indicator":
            return {"project": None, "tasks": trace_indicator(self.con, key)}
        raise InputError.said("workspace.trace_kind", kind=kind)

    def audit(self, table: str | None = None, record: str | None = None, *, actor: str | None = None,
              last: int | None = None) -> pd.DataFrame:
        """The audit log: who changed what, when, from what to what (oldest first); a project's
        record may be given by its short id (``P-0007``)."""
        from pacesetter.registry import audit
        from pacesetter.store.lookups import store_tables

        if table is not None and table not in (tables := store_tables(self.con)):  # not "no change"
            raise NotFoundError.said("workspace.unknown_table", table=table, tables=tuple(tables))
        if last is not None and last < 1:
            raise InputError.said("workspace.last_positive", last=last)
        if record is not None and table in (None, "projects") and record.startswith("P-"):
            with contextlib.suppress(NotFoundError):  # else not a short id: the record id as given
                record = str(self.projects.get(record)["id"])
        df = audit.history(self.con, table=table, record_id=record)
        if actor:
            df = df[df["actor"] == actor]
        return df if last is None else df.tail(last)

    # --- files ------------------------------------------------------------------------------
    def import_file(self, path: Path | str, *, entity: str | None = None, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportResult:
        """Validate a CSV, Excel or Parquet file and write it in one transaction: all rows or none.

        Raises :class:`pacesetter.errors.ImportRejected` with every problem (file, sheet, row,
        column, rule, value); the store is then unchanged. ``entity`` is guessed if omitted.
        An edited export adds new rows and updates changed ones, audited as the workspace's actor.
        """
        from pacesetter.data.places import district_rules
        from pacesetter.io.importer import import_file
        from pacesetter.release.review import is_review

        if is_review(Path(path)):  # a review sheet of `pacesetter extract`: its accepted rows land
            from pacesetter.workspace.extract import import_review

            return import_review(self, Path(path), dry_run=dry_run, progress=progress)
        # a park's district code follows its district text, as in every registry write
        derive = {"district_code": ("district", district_rules().code)}
        return import_file(self.con, path, entity=entity, dry_run=dry_run, progress=progress,
                           actor=self.actor, derive=derive)

    def extract(self, source: str | None, region: str = DEFAULT_REGION, *, source_url: str | None = None,
                published: dt.date | None = None, publisher: str | None = None) -> Extraction:
        """Proposed observations of a release (a file, a URL, or None for the shipped sample), each
        checked against the release itself and the store, with a confidence and its reasons;
        nothing is written (see :meth:`land_confident` and :meth:`import_file` of a review sheet)."""
        from pacesetter.workspace.extract import read_release

        return read_release(self, source, region, source_url=source_url, published=published,
                            publisher=publisher)

    def land_confident(self, found: Extraction, lang: str = "zh") -> ImportResult | None:
        """Land only the high-confidence proposals of :meth:`extract`, atomically (None: none were high)."""
        from pacesetter.workspace.extract import land_confident

        return land_confident(self, found, lang)

    def validate(self, path: Path | str, *, entity: str | None = None,
                 progress: Progress | None = None) -> ImportResult:
        """Check a file without writing anything (a dry run of :meth:`import_file`)."""
        return self.import_file(path, entity=entity, dry_run=True, progress=progress)

    def template(self, entity: str, path: Path | str, fmt: str | None = None, lang: str = "zh") -> Path:
        """Write an import template for ``entity`` in ``lang`` (headers; a notes sheet with units in xlsx)."""
        write_template(entity, path, fmt, lang)
        return Path(path)

    def export(self, entity: str, path: Path | str, fmt: str | None = None,
               progress: Progress | None = None, lang: str = "zh") -> int:
        """Write every row of an entity to CSV, Excel or Parquet (lossless), headers in ``lang``; the rows.

        Projects are written in the bureau workbook layout that ``projects import`` reads back
        (an Excel file only), so that every export can be edited and imported again. ``progress``
        hears the rows written to an Excel sheet (:class:`pacesetter.io.progress.Step`).
        """
        from pacesetter.io.exporter import export_entity

        p = Path(path)
        if entity == "projects":
            if (fmt or p.suffix.lstrip(".").lower()) != "xlsx":
                raise InputError.said("io.projects_xlsx", path=p)
            return self.projects.export_excel(p)
        return export_entity(self.con, entity, p, fmt, progress=progress, lang=lang)


def write_template(entity: str, path: Path | str, fmt: str | None = None, lang: str = "zh") -> None:
    """Write an import template for ``entity`` in ``lang`` (and a notes sheet in xlsx); for
    projects, the bureau workbook that ``projects import`` reads (as ``export`` writes it)."""
    from pacesetter.io.exporter import write_template as write

    p = Path(path)
    if entity == "projects":
        import pandas as pd

        from pacesetter.registry.excel import COLUMNS, write_projects

        if (fmt or p.suffix.lstrip(".").lower()) != "xlsx":
            raise InputError.said("io.projects_xlsx", path=p)
        write_projects(pd.DataFrame(columns=[c.field for c in COLUMNS]), p)
        return
    write(entity, p, fmt, lang)


def open(path: Path | str | None = None, *, read_only: bool = False,
         actor: str | None = None) -> Workspace:
    """Open (creating if new) the Pacesetter database at ``path``; see :class:`Workspace`."""
    return Workspace(path, read_only=read_only, actor=actor)


def demo(path: Path | str | None = None, *, force: bool = False, actor: str | None = None,
         progress: Progress | None = None, synthetic: bool = True) -> Workspace:
    """The demo workspace: the embedded Qingdao dataset, built at ``path`` if the file is new or empty.

    An existing database with data is opened as it is; ``force=True`` rebuilds it.
    ``actor`` is who later changes are recorded as (default: the login name).
    ``synthetic=False`` builds real data only, without the synthetic sample city and scenario.
    """
    ws = Workspace(path, actor=actor)
    if force:
        remove_database(ws.path)
    if not queries.has_data(ws.con):
        ws.load_demo(progress, synthetic=synthetic)
    return ws
