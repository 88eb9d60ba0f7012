// Pacesetter pages: draws every chart from its JSON data block, offers its data as CSV and its
// image, and keeps the zh/en switch and filters in the URL. No inline script anywhere (CSP):
// the server writes <div data-chart="ID"> plus <script type="application/json" id="ID">.
"use strict";

const FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

// One line per provenance field of a data point, for the tooltip (source, publisher, vintage, ...).
function provenance(d) {
  if (!d || typeof d !== "object") return "";
  const lines = [];
  for (const key of ["source", "publisher", "vintage", "status", "flags", "synthetic"]) {
    if (d[key] !== undefined && d[key] !== null && d[key] !== "" && d[key] !== false) {
      lines.push(`${d.labels && d.labels[key] ? d.labels[key] : key}: ${d[key] === true ? "✓" : d[key]}`);
    }
  }
  return lines.map((l) => `<div class="tip-src">${escapeHtml(l)}</div>`).join("");
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function tooltip(params) {
  const list = Array.isArray(params) ? params : [params];
  return list.map((p) => {
    const shown = p.data && typeof p.data === "object" && "shown" in p.data ? p.data.shown : p.value;
    return `<div><b>${escapeHtml(p.seriesName || "")}</b> ${escapeHtml(p.name || "")}: ${escapeHtml(shown ?? "—")}</div>`
      + provenance(p.data);
  }).join("");
}

function toCsv(table) {
  const cell = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.header, ...table.rows].map((row) => row.map(cell).join(",")).join("\r\n");
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function draw(host) {
  const spec = JSON.parse(document.getElementById(host.dataset.chart).textContent);
  const chart = echarts.init(host, null, { renderer: "svg" });
  const option = Object.assign({ animation: false, textStyle: { fontFamily: FONTS } }, spec.option);
  if (option.tooltip && option.tooltip.provenance) {
    option.tooltip = Object.assign({}, option.tooltip, { formatter: tooltip });
    delete option.tooltip.provenance;
  }
  chart.on("finished", () => { host.dataset.rendered = "1"; });
  if (spec.click) {
    chart.on("click", (p) => {
      const target = document.getElementById(spec.click.target);
      const id = p.data && p.data.id;
      if (target && id && window.htmx) {
        htmx.ajax("GET", spec.click.url.replace("{id}", encodeURIComponent(id)), { target: target, swap: "innerHTML" });
      }
    });
  }
  chart.setOption(option);
  window.addEventListener("resize", () => chart.resize());
  const bar = host.parentElement.querySelector(".chart-tools");
  if (bar) {
    bar.querySelector("[data-csv]")?.addEventListener("click", () =>
      download(`${spec.name || "chart"}.csv`, new Blob(["\ufeff" + toCsv(spec.csv)], { type: "text/csv;charset=utf-8" })));
    bar.querySelector("[data-image]")?.addEventListener("click", () => {
      const url = chart.getDataURL({ type: "svg" });
      fetch(url).then((r) => r.blob()).then((b) => download(`${spec.name || "chart"}.svg`, b));
    });
  }
}

function drawAll(root) {
  root.querySelectorAll("[data-chart]").forEach((host) => { if (!host.dataset.drawn) { host.dataset.drawn = "1"; draw(host); } });
}

document.addEventListener("DOMContentLoaded", () => drawAll(document));
document.addEventListener("htmx:afterSettle", (e) => drawAll(e.target));
// a print button (no inline handlers under the CSP)
document.addEventListener("click", (e) => { if (e.target.closest("[data-print]")) window.print(); });
