"""Districts by code: the rule table on the demo's real district texts, writes and the roll-up."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import pacesetter
from pacesetter.data.places import district_rules, load_district_rules, parks_frame, projects_frame
from pacesetter.data.regions import regions_frame
from pacesetter.errors import ConfigError
from pacesetter.registry.repository import Repository
from pacesetter.registry.rollups import compute_district_rollup

# Every distinct district text of the demo's projects and parks (chains/projects.csv,
# chains/parks.csv, seed/seed_entities.csv) and the code data/districts.yaml gives it;
# None is "district unknown". Codes checked by hand against regions.csv (370211 黄岛区 ...).
GOLDEN = {
    "(所读页面未注明区)": None,  # the source says it does not state the district
    "即墨区": "370215",
    "即墨区等": None,  # "and others": several districts
    "城阳区": "370214",
    "崂山区": "370212",
    "崂山区(中韩街道)": "370212",
    "崂山区(北宅街道)": "370212",
    "崂山区(青岛虚拟现实产业园)": "370212",
    "市北区": "370203",
    "平度市": "370283",
    "平度市(南村镇)": "370283",
    "李沧区等": None,
    "环胶州湾(“东园西谷北城”)": None,  # spans the districts around the bay
    "胶州市": "370281",
    "胶州市(上合示范区)": "370281",
    "莱西市": "370285",
    "莱西市(姜山镇)": "370285",
    "莱西市(店埠镇)": "370285",
    "西海岸新区": "370211",  # 西海岸新区 = the whole of 黄岛区
    "西海岸新区(中德生态园)": "370211",
    "西海岸新区(新型显示产业园)": "370211",
    "西海岸新区(王台)": "370211",
    "西海岸新区(董家口)": "370211",
    "西海岸新区(青岛市集成电路产业园)": "370211",
    "西海岸新区(青岛开发区)": "370211",
    "西海岸新区(黄岛)": "370211",
    "西海岸新区/即墨区": None,  # two districts named
    "青岛自贸片区": "370211",  # the FTZ's Qingdao Area lies in 西海岸新区
    "高新区": None,  # a zone across districts
}


def test_the_rule_table_on_every_demo_district_text() -> None:
    projects, _ = projects_frame()
    parks = parks_frame()
    texts = set(projects["district"].dropna()) | set(parks["district"].dropna())
    assert texts == set(GOLDEN)  # a new text in the data needs a line here
    rules = district_rules()
    assert {t: rules.code(t) for t in sorted(texts)} == GOLDEN
    for frame in (projects, parks):  # the stored code is the rule's, and no text means unknown
        assert frame["district_code"].tolist() == [GOLDEN.get(t) if isinstance(t, str) else None
                                                     for t in frame["district"]]


def test_every_unknown_says_why_and_names_work_without_suffix_or_city() -> None:
    rules = district_rules()
    assert rules.place(None) == (None, "no district stated")
    assert rules.place("高新区")[1].startswith("青岛高新技术产业开发区 is a zone")
    assert rules.code("城阳区(高新区)") == "370214"  # the district first, the zone in brackets
    assert rules.code("青岛市崂山区") == "370212"
    assert rules.code("即墨") == "370215"
    assert rules.code("胶州湾") is None  # not 胶州市: names match whole, never by prefix
    assert rules.place("北京")[1] == "no rule of districts.yaml places this text in one district"


def test_a_rule_code_outside_the_city_is_refused() -> None:
    regions = regions_frame()
    with pytest.raises(ConfigError, match="370211 is not a district of 370200"):
        load_district_rules(regions[regions["code"] != "370211"])


def test_every_write_keeps_the_code_with_the_text(repo: Repository) -> None:
    repo.create("projects", {"id": "P1", "name_zh": "a", "stage": "signed", "district": "西海岸新区(董家口)"})
    assert repo.get("projects", "P1")["district_code"] == "370211"
    repo.update("projects", "P1", {"district": "高新区"}, expected_version=1)
    p = repo.get("projects", "P1")
    assert (p["district"], p["district_code"]) == ("高新区", None)
    repo.update("parks", "vr_park", {"district": "崂山区(北宅街道)"}, expected_version=1)
    assert repo.get("parks", "vr_park")["district_code"] == "370212"


def test_rollup_by_district_keeps_the_unknown_row_apart() -> None:
    # Hand-counted: 黄岛区 P1 (16) + P2 (西海岸新区, amount unknown); 崂山区 P3 (10, 4 completed);
    # unknown: P4 高新区 (5), P5 西海岸新区/即墨区 (2), P6 no place (amount unknown) -> 3 projects, 7 亿元.
    rules = district_rules()
    rows = [("P1", "西海岸新区(董家口)", 16.0), ("P2", "西海岸新区", math.nan), ("P3", "崂山区", 10.0),
            ("P4", "高新区", 5.0), ("P5", "西海岸新区/即墨区", 2.0), ("P6", None, math.nan)]
    projects = pd.DataFrame([{"id": i, "district": d, "district_code": rules.code(d), "investment_yi": v,
                              "completed_yi": 4.0 if i == "P3" else math.nan} for i, d, v in rows])
    out = compute_district_rollup(projects, regions_frame())
    assert out["district_code"].tolist() == ["370211", "370212", None]
    assert out["district_zh"].tolist() == ["黄岛区", "崂山区", "区县未知"]
    assert out["district_en"].tolist() == ["Huangdao District", "Laoshan District", "district unknown"]
    assert out["projects"].tolist() == [2, 1, 3]
    assert out["investment_yi"].tolist() == [16.0, 10.0, 7.0]
    assert out["amount_known"].tolist() == [1, 1, 2]
    assert out.loc[2, "texts"] == "—; 西海岸新区/即墨区; 高新区"


def test_demo_rollup_by_district(demo_db: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        projects = ws.projects.frame()
        out = ws.projects.rollup("district").set_index("district_en")
        huangdao = ws.projects.list(district="370211")
    assert out["projects"].sum() == len(projects)  # nothing dropped
    # Demo projects with no one district: 11 without a place, 6 高新区, 西海岸新区/即墨区, 李沧区等, 即墨区等
    # (the projects' value counts of chains/projects.csv and seed_entities.csv).
    assert out.loc["district unknown", "projects"] == 11 + 6 + 1 + 1 + 1
    assert out.index[-1] == "district unknown"
    # 黄岛区: 西海岸新区 11, (董家口) 3, and 1 each of (集成电路产业园), (中德生态园), (王台),
    # (新型显示产业园), (黄岛) and 青岛自贸片区.
    assert out.loc["Huangdao District", "projects"] == 11 + 3 + 5 + 1
    assert len(huangdao) == 20 and set(huangdao["district"]) >= {"西海岸新区", "青岛自贸片区"}
