"""One chart as a self-contained HTML file: the ECharts option and ECharts itself inlined.

The file opens offline, can be mailed or attached to a report, and draws with the SVG
renderer so that its text stays selectable and searchable. The page marks its ``<body>``
with ``data-rendered="1"`` once ECharts has finished drawing.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jinja2

_STATIC = resources.files("pacesetter.web") / "static"


def echarts_source() -> str:
    """The vendored ``echarts.min.js`` (see static/echarts/VERSION for its version and checksum)."""
    return (_STATIC / "echarts" / "echarts.min.js").read_text(encoding="utf-8")


def standalone_chart_html(option: dict[str, Any], *, title: str, notes: list[str], lang: str = "zh") -> str:
    """An HTML page drawing ``option`` (a JSON-ready ECharts option) with ``notes`` below the chart.

    ``notes`` carry what the reader must see with the figure (e.g. "authored structure",
    "synthetic data"); they are escaped, as is the title.
    """
    env = jinja2.Environment(loader=jinja2.PackageLoader("pacesetter.web", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    # "</" cannot close the script element from inside the JSON
    data = json.dumps(option, ensure_ascii=False).replace("</", "<\\/")
    return env.get_template("chart.html.j2").render(
        title=title, notes=notes, lang="zh-CN" if lang == "zh" else "en",
        option_json=data, echarts=echarts_source())
