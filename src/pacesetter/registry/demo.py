"""Registry enrichment of the embedded dataset (run by ``pacesetter init --demo`` after the core load).

Two readings of the published text, both authored and audited (actor
``demo-seed``, with the reason in the note); no date, amount or stage is added:

- a project sits in a park when its published name, or the place named in
  brackets in its published district (``崂山区(青岛虚拟现实产业园)``), is the
  park's name, ignoring the prefix 青岛/青岛市;
- a policy offers the instrument ``fund`` when its published name or summary
  names a fund (基金), e.g. the 2.5 bn-yuan VR seed fund.
"""

from __future__ import annotations

import re

import duckdb

from pacesetter.registry.repository import Repository

ACTOR = "demo-seed"


def _norm(name: str) -> str:
    return re.sub(r"^青岛(市)?", "", name.strip())


def _bracketed(text: str) -> list[str]:
    return re.findall(r"[(（]([^()（）]+)[)）]", text)


def link_parks(repo: Repository) -> int:
    """Set ``park_id`` where the published name or district names a park; return the count."""
    parks = {_norm(str(p["name_zh"])): str(p["id"]) for p in repo.frame("parks").to_dict("records")}
    n = 0
    for p in repo.frame("projects").to_dict("records"):
        if isinstance(p["park_id"], str):
            continue
        places = [str(p["name_zh"]), *_bracketed(str(p["district"] or ""))]
        park = next((parks[_norm(x)] for x in places if _norm(x) in parks), None)
        if park:
            repo.update("projects", str(p["id"]), {"park_id": park}, expected_version=int(p["version"]),
                        note="park read from the published project name or district (authored reading)")
            n += 1
    return n


def tag_funds(repo: Repository) -> int:
    """Add the instrument ``fund`` to policies whose published text names a fund; return the count."""
    n = 0
    for p in repo.frame("policies").to_dict("records"):
        text = f"{p['name_zh']} {p['summary'] or ''}"
        tools = [str(t) for t in (p["instruments"] if p["instruments"] is not None else [])]
        if "基金" in text and "fund" not in tools:
            repo.update("policies", str(p["id"]), {"instruments": [*tools, "fund"]},
                        expected_version=int(p["version"]),
                        note="instrument read from the published text: it names a fund (基金)")
            n += 1
    return n


def seed_registry(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Run both readings in one transaction; return {what: rows changed}."""
    repo = Repository(con, ACTOR)
    with repo.atomic():
        return {"projects (park links)": link_parks(repo), "policies (fund instrument)": tag_funds(repo)}
