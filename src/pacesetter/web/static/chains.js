// The chain map's what-if picker: choosing an enterprise greys out the segments it leaves and
// recolours every segment by its status without it (the scenarios come from the Workspace: in a
// JSON data block when the page was asked with ?remove=, else fetched from what-if.json the
// first time the picker is used); the choice goes into the URL (?remove=) so the view can be sent on.
"use strict";

(function () {
  function start() {
    const picker = document.getElementById("what-if");
    if (!picker || !window.echarts) return;
    const data = JSON.parse(document.getElementById(picker.dataset.scenarios).textContent);
    const host = document.querySelector(`[data-chart="${picker.dataset.map}"]`);
    const spec = JSON.parse(document.getElementById(picker.dataset.map).textContent);
    const base = spec.option.series[0].data;
    const summary = document.getElementById("what-if-summary");
    const greyed = { opacity: 0.4, borderType: "dashed", borderColor: "#555", borderWidth: 2 };

    function nodes(s) {
      if (!s) return base;
      return base.map((n) => {
        const after = Object.assign({}, n, s.nodes[n.id] || {});
        if (s.segments.includes(n.id)) after.itemStyle = Object.assign({}, n.itemStyle, greyed);
        return after;
      });
    }

    function remember(key) {
      const url = new URL(window.location.href);
      if (key) url.searchParams.set("remove", key); else url.searchParams.delete("remove");
      window.history.replaceState(null, "", url);
      const other = document.querySelector("header .me a[hreflang]");  // the language switch keeps it
      if (other) {
        const link = new URL(other.href);
        link.searchParams.set("next", url.pathname + url.search);
        other.href = link.toString();
      }
    }

    function apply(key) {
      const chart = echarts.getInstanceByDom(host);
      if (!chart) return;
      const s = data.scenarios[key];
      chart.setOption({ series: [{ data: nodes(s) }] });
      summary.textContent = s ? `${data.without.replace("{name}", s.label)} ${s.summary}` : "";
      host.dataset.removed = key || "";
      remember(key);
    }

    let loaded = Object.values(data.scenarios).some((s) => s.nodes);
    function ensure() {
      if (loaded) return Promise.resolve();
      picker.setAttribute("aria-busy", "true");
      return fetch(picker.dataset.fetch, { credentials: "same-origin" })
        .then((r) => r.json())
        .then((got) => { Object.assign(data.scenarios, got.scenarios); loaded = true; })
        .finally(() => picker.removeAttribute("aria-busy"));
    }

    picker.addEventListener("change", () => { ensure().then(() => apply(picker.value)); });
    if (picker.value) apply(picker.value);
  }

  // deferred like app.js and after it, so this runs once app.js has drawn the map
  document.addEventListener("DOMContentLoaded", start);
})();
