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

_STATIC = resources.files("pacesetter.render") / "static"


def echarts_source() -> str:
    """The vendored ``echarts.min.js`` (see static/echarts/VERSION for its version and checksum)."""
    return (_STATIC / "echarts" / "echarts.min.js").read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON to place inside a <script> element ("</" cannot close the element from inside)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def standalone_chart_html(
    option: dict[str, Any], *, title: str, notes: list[str], lang: str = "zh",
    scenarios: list[dict[str, Any]] | None = None,
) -> str:
    """An HTML page drawing ``option`` (a JSON-ready ECharts option) with ``notes`` below the chart.

    ``notes`` carry what the reader must see with the figure (e.g. "authored structure",
    "synthetic data"); they are escaped, as is the title.

    ``scenarios`` (optional) add a picker above the chart. Each is ``{"key", "label",
    "summary", "nodes"}``, where ``nodes`` maps a node id of the first series to the fields
    that change (colour category, tooltip, label). Picking one redraws the chart with those
    fields and shows its summary; the choice lives in the URL (``#scenario=key``) so that a
    view can be sent to a colleague.
    """
    env = jinja2.Environment(loader=jinja2.PackageLoader("pacesetter.render", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    zh = lang == "zh"
    return env.get_template("chart.html.j2").render(
        title=title, notes=notes, lang="zh-CN" if zh else "en",
        option_json=_script_json(option), scenarios_json=_script_json(scenarios or []),
        has_scenarios=bool(scenarios), picker_label="情景推演：移除" if zh else "What-if: remove",
        none_label="（无，现状）" if zh else "(none, as is)", echarts=echarts_source())
