"""The 24 key chains, their authored segments, and the enterprises placed in them.

Sources: chains/chains.csv, chains/taxonomy.yaml (AUTHORED), chains/enterprises.csv and the
enterprises of seed/seed_entities.csv. Each distinct enterprise name becomes one enterprise
with a stable id (its English name as a slug); every researched row becomes a placement.
"""

from __future__ import annotations

import re

import pandas as pd
import yaml

from pacesetter.data import data_path, read_csv
from pacesetter.data.figures import SEED_SOURCE
from pacesetter.io.frames import text_rows

UNIDENTIFIED_PREFIX = "svc_unconfirmed_"


def slug(text: str) -> str:
    """``Goertek (integrated smart sensors)`` -> ``goertek_integrated_smart_sensors``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def chains_frame() -> pd.DataFrame:
    """chains: id, name_zh, name_en, category, identified, source, note.

    The two service chains no source names are kept as slots: category ``unidentified``,
    identified false, names saying so.
    """
    df = read_csv("chains", "chains.csv")
    unidentified = df["chain_id"].str.startswith(UNIDENTIFIED_PREFIX)
    number = df["name_en"].str.extract(r"#(\d+)")[0]
    note = ("list confidence: " + df["list_confidence"] + "; maps to 10+1: " + df["maps_to_10plus1"]
            + "; chain leaders: " + df["chain_leaders_zh"] + "; figures: " + df["figures"]
            + "; quotes: " + df["quotes"])
    return pd.DataFrame({
        "id": df["chain_id"],
        "name_zh": df["name_zh"].where(~unidentified, "(未确认: 第" + number + "条现代服务业产业链)"),
        "name_en": df["name_en"].where(~unidentified, "(unconfirmed service chain #" + number + ")"),
        "category": df["category"].where(~unidentified, "unidentified"),
        "identified": ~unidentified,
        "source": df["source_urls"],
        "note": note,
    })


def segments_frame() -> pd.DataFrame:
    """segments of the AUTHORED taxonomy: id, chain_id, name_zh, name_en, stage, depends_on,
    industry_codes (empty: mapped later), critical (false: not stated), authored (true)."""
    taxonomy = yaml.safe_load(data_path("chains", "taxonomy.yaml").read_text(encoding="utf-8"))
    rows = [
        {"id": s["id"], "chain_id": chain_id, "name_zh": s["name_zh"], "name_en": s["name_en"],
         "stage": s["stage"], "depends_on": list(s["depends_on"]), "industry_codes": [],
         "critical": False, "authored": True}
        for chain_id, chain in taxonomy["chains"].items() for s in chain["segments"]
    ]
    return pd.DataFrame(rows)


def placement_rows() -> pd.DataFrame:
    """Every researched enterprise row (chains/enterprises.csv, then the seed's enterprises).

    Columns: name_zh, name_en, chain_id, role, segment, district, facts, source, quote, basis.
    A seed enterprise takes the name of the researched enterprise it names (exact name, else the
    one researched name it begins), so one enterprise is not loaded twice.
    """
    researched = read_csv("chains", "enterprises.csv").rename(
        columns={"source_url": "source", "segment_basis": "basis"})
    seed = read_csv("seed", "seed_entities.csv")
    seed = seed[seed["entity_type"] == "enterprise"]
    names = dict(zip(researched["name_zh"], researched["name_en"], strict=False))
    rows = []
    for r in text_rows(seed):
        match = [n for n in names if n == r.name_zh] or [n for n in names if n.startswith(r.name_zh)]
        name_zh = match[0] if len(match) == 1 or match[:1] == [r.name_zh] else r.name_zh
        rows.append({
            "name_zh": name_zh, "name_en": names.get(name_zh, r.name_en), "chain_id": r.chain_id,
            "role": "chain_leader" if "链主" in r.facts else "key", "segment": "",
            "district": r.district_zh, "facts": r.facts, "source": SEED_SOURCE, "quote": r.quote,
            "basis": "source",
        })
    return pd.concat([researched, pd.DataFrame(rows)], ignore_index=True)


def district_code(district: str, counties: dict[str, str]) -> str | None:
    """Qingdao region code of a district text (崂山区(金家岭) -> 370212).

    西海岸新区 is 黄岛区 (370211); zones without a code of their own (高新区, ...) and an empty
    district give the city (370200); an enterprise the source places outside Qingdao gives None.
    """
    if district.startswith("(外地"):
        return None
    head = re.split(r"[(/]", district)[0]
    if head.startswith("西海岸"):
        return "370211"
    return counties.get(head, "370200")


def enterprise_frames(regions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(enterprises, enterprise_placements) of the chain research and the seed.

    enterprises: id, name_zh, name_en, region_code (of the first stated district), segments,
    chain_leader (any row with role chain_leader), srdi and high_tech (false: not researched),
    source (first row's), synthetic.
    enterprise_placements: one row per (researched row, segment), with role, basis, source, quote.
    """
    rows = placement_rows()
    qingdao = regions[regions["parent"] == "370200"]
    counties = dict(zip(qingdao["name_zh"], qingdao["code"], strict=True))
    rows["enterprise_id"] = rows["name_en"].map(slug)
    clash = rows.groupby("enterprise_id")["name_zh"].nunique()
    if (clash > 1).any():
        raise ValueError(f"enterprise ids shared by several names: {clash[clash > 1].index.tolist()}")
    rows["segment_list"] = rows["segment"].str.split(";").map(lambda s: [x for x in s if x])
    grouped = rows.groupby("enterprise_id", sort=False)
    enterprises = grouped.agg(
        name_zh=("name_zh", "first"), name_en=("name_en", "first"),
        district=("district", lambda d: next((x for x in d if x), "")),
        segments=("segment_list", lambda s: sorted({x for lst in s for x in lst})),
        chain_leader=("role", lambda r: bool((r == "chain_leader").any())), source=("source", "first"),
    ).reset_index(names="id")
    enterprises["region_code"] = enterprises["district"].map(lambda d: district_code(d, counties))
    enterprises = enterprises.drop(columns="district").assign(srdi=False, high_tech=False, synthetic=False)
    placements = rows.explode("segment_list")
    placements = pd.DataFrame({
        "enterprise_id": placements["enterprise_id"], "chain_id": placements["chain_id"],
        "segment_id": placements["segment_list"].where(placements["segment_list"].notna(), None),
        "role": placements["role"], "basis": placements["basis"],
        "district": placements["district"].replace("", None), "facts": placements["facts"],
        "source": placements["source"], "quote": placements["quote"],
    })
    return enterprises, placements.reset_index(drop=True)
