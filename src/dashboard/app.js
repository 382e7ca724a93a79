// vigil dashboard: plain JS + SVG, data from the daemon's /api (polling + server-sent events).
const $ = (s) => document.querySelector(s);
const NS = "http://www.w3.org/2000/svg";
const state = { ip: "", cursor: null, alerts: [], selected: null, device: null };

async function api(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}
function el(tag, attrs = {}, text) {
  const e = tag === "svg" || attrs.svg ? document.createElementNS(NS, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (k !== "svg") e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function svgEl(tag, attrs, text) {
  return el(tag, { ...attrs, svg: true }, text);
}
const fmt = (v) =>
  v === null || v === undefined
    ? "–"
    : Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0)
      ? Number(v).toExponential(2)
      : Number(v).toFixed(3);

function alertRow(a) {
  const tr = el("tr", { "data-id": a.alert_id });
  tr.append(
    el("td", {}, a.timestamp.slice(11, 23)),
    el("td", { class: `sev${a.alert.severity}` }, String(a.alert.severity)),
    el("td", {}, `${a.src_ip}${a.src_port !== undefined ? `:${a.src_port}` : ""}`),
    el("td", {}, `${a.dest_ip}${a.dest_port !== undefined ? `:${a.dest_port}` : ""}`),
    el("td", {}, fmt(a.vigil.score)),
    el("td", {}, a.vigil.reason ?? a.alert.signature),
  );
  tr.addEventListener("click", () => showAlert(a));
  return tr;
}

async function loadAlerts(reset) {
  const q = new URLSearchParams({ limit: "50" });
  if (state.ip) q.set("ip", state.ip);
  if (!reset && state.cursor !== null) q.set("cursor", String(state.cursor));
  const page = await api(`/api/alerts?${q}`);
  const body = $("#alerts tbody");
  if (reset) body.replaceChildren();
  for (const a of page.alerts) body.append(alertRow(a));
  state.cursor = page.next_cursor;
  $("#more").hidden = page.next_cursor === null;
  $("#alert-total").textContent = `(${page.total})`;
  if (reset && page.alerts.length > 0 && state.selected === null) showAlert(page.alerts[0]);
}

function showAlert(a) {
  state.selected = a.alert_id;
  for (const tr of document.querySelectorAll("#alerts tr.sel")) tr.classList.remove("sel");
  document.querySelector(`#alerts tr[data-id="${a.alert_id}"]`)?.classList.add("sel");
  const d = $("#alert-detail");
  d.classList.remove("muted");
  d.replaceChildren(
    el("div", {}, `${a.alert.signature} (sid ${a.alert.signature_id}, severity ${a.alert.severity})`),
    el("div", {}, `${a.proto} ${a.src_ip} → ${a.dest_ip} at ${a.timestamp}`),
    el(
      "div",
      {},
      `score ${fmt(a.vigil.score)} over threshold ${fmt(a.vigil.threshold)} (${a.vigil.detector}); ${a.vigil.packets_over_threshold} packets over threshold`,
    ),
    el("div", { class: "reason" }, a.vigil.explanation?.reason ?? a.vigil.reason ?? ""),
    el("div", { class: "muted" }, `id ${a.alert_id}`),
  );
  drawExplanation(a);
}

// Explanation chart: horizontal bars. Packet alerts: top features (red) and autoencoders (blue) by
// reconstruction error; flow alerts: feature attributions, signed (raises the class: red, lowers: green).
function drawExplanation(a) {
  const svg = $("#explain-chart");
  svg.replaceChildren();
  const ex = a.vigil.explanation;
  const rows = ex
    ? ex.features.map((f) => ({
        name: `${f.name} = ${fmt(f.value)}`,
        value: f.attribution,
        kind: f.direction,
      }))
    : [
        ...(a.vigil.top_features ?? []).map((c) => ({ ...c, kind: "feature" })),
        ...(a.vigil.top_autoencoders ?? []).map((c) => ({ ...c, kind: "ae" })),
      ];
  if (rows.length === 0) {
    svg.append(svgEl("text", { x: 10, y: 20 }, "no explanation attached"));
    return;
  }
  const h = 18;
  svg.setAttribute("viewBox", `0 0 420 ${rows.length * h + 24}`);
  const max = Math.max(...rows.map((r) => Math.abs(r.value)), 1e-12);
  rows.forEach((r, i) => {
    const w = Math.max(2, (Math.abs(r.value) / max) * 170);
    const cls = r.kind === "ae" ? "bar ae" : r.kind === "lowers" ? "bar lowers" : "bar";
    svg.append(
      svgEl(
        "text",
        { x: 4, y: i * h + 17, "font-size": 11 },
        r.name.length > 30 ? `${r.name.slice(0, 29)}…` : r.name,
      ),
      svgEl("rect", { class: cls, x: 190, y: i * h + 6, width: w, height: h - 5 }),
      svgEl("text", { x: 194 + w, y: i * h + 17, "font-size": 10 }, fmt(r.value)),
    );
  });
  const caption = ex
    ? `${ex.method}: ${ex.output}${ex.rule ? ` — ${ex.rule}` : ""}`
    : "reconstruction error (KitNET)";
  svg.append(
    svgEl("text", { x: 4, y: rows.length * h + 20, "font-size": 10, fill: "#555" }, caption.slice(0, 90)),
  );
}

function drawTimeline(bins) {
  const svg = $("#timeline-chart");
  svg.replaceChildren();
  if (bins.length === 0) {
    svg.append(svgEl("text", { x: 10, y: 20 }, "no traffic yet"));
    return;
  }
  const W = 900;
  const H = 200;
  const t0 = bins[0].t;
  const t1 = Math.max(bins[bins.length - 1].t, t0 + 1);
  const x = (t) => ((t - t0) / (t1 - t0)) * (W - 20) + 10;
  const maxP = Math.max(...bins.map((b) => b.packets), 1);
  const maxS = Math.max(...bins.map((b) => b.score_max), 1e-9);
  const line = (f, max, cls, color) => {
    const pts = bins
      .map((b) => `${x(b.t).toFixed(1)},${(H - 10 - (f(b) / max) * (H - 30)).toFixed(1)}`)
      .join(" ");
    svg.append(
      svgEl("polyline", { points: pts, fill: "none", stroke: color, "stroke-width": 1.5, class: cls }),
    );
  };
  line((b) => b.packets, maxP, "packets", "#3b6fd8");
  line((b) => b.score_max, maxS, "score", "#d83b3b");
  for (const b of bins)
    if (b.alerts > 0)
      svg.append(
        svgEl("circle", {
          cx: x(b.t),
          cy: 12,
          r: Math.min(6, 2 + b.alerts),
          fill: "#e0a000",
          class: "alert-mark",
        }),
      );
  svg.append(
    svgEl("text", { x: 12, y: H - 2, "font-size": 10 }, new Date(t0 * 1000).toISOString().slice(11, 19)),
  );
  svg.append(
    svgEl("text", { x: W - 70, y: H - 2, "font-size": 10 }, new Date(t1 * 1000).toISOString().slice(11, 19)),
  );
  svg.append(svgEl("text", { x: 12, y: 24, "font-size": 10, fill: "#3b6fd8" }, `${maxP} pkt/s`));
  svg.append(svgEl("text", { x: 90, y: 24, "font-size": 10, fill: "#d83b3b" }, `score ${fmt(maxS)}`));
}

/** The device inventory (src/devices via /api/inventory): MAC, IPs, type, first/last seen, alerts. */
async function drawInventory() {
  const r = await fetch("/api/inventory");
  if (!r.ok) {
    $("#inventory-alerts").textContent = "no device inventory (no packet source)";
    return;
  }
  const inv = await r.json();
  const when = (s) => (Number.isFinite(s) ? new Date(s * 1000).toISOString().slice(11, 19) : "");
  $("#inventory tbody").replaceChildren(
    ...inv.devices.slice(0, 100).map((d) => {
      const tr = el("tr");
      tr.append(
        el("td", {}, d.mac),
        el("td", {}, d.ips.join(" ")),
        el("td", {}, d.name ? `${d.name} (${d.type})` : d.type),
        el("td", {}, fmt(d.confidence)),
        el("td", {}, when(d.firstSeenS)),
        el("td", {}, when(d.lastSeenS)),
        el("td", {}, String(d.alerts ?? 0)),
      );
      return tr;
    }),
  );
  const kinds = {};
  for (const a of inv.alerts) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
  $("#inventory-alerts").textContent = `${inv.devices.length} devices · identity alerts: ${
    Object.entries(kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none"
  }`;
}

/** `vigil compare`'s table (quality, speed, size) and a macro-F1 bar per model, best first. */
function renderComparison(c) {
  const box = $("#comparison");
  if (!c.available) {
    box.textContent = `No comparison loaded: ${c.reason}`;
    return;
  }
  box.classList.remove("muted");
  const models = c.models.filter((m) => m.macroF1 !== null);
  const width = 520;
  const barH = 16;
  const left = 150;
  const svg = svgEl("svg", {
    id: "comparison-chart",
    width,
    height: models.length * (barH + 4) + 24,
    role: "img",
    "aria-label": "macro-F1 per model",
  });
  models.forEach((m, i) => {
    const y = 18 + i * (barH + 4);
    svg.append(
      svgEl("text", { x: left - 6, y: y + barH - 4, "text-anchor": "end", class: "label" }, m.name),
      svgEl("rect", {
        class: "bar",
        x: left,
        y,
        width: Math.max(1, m.macroF1 * (width - left - 50)),
        height: barH,
      }),
      svgEl(
        "text",
        { x: left + m.macroF1 * (width - left - 50) + 4, y: y + barH - 4, class: "label" },
        fmt(m.macroF1),
      ),
    );
  });
  svg.append(svgEl("text", { x: left, y: 12, class: "label" }, "macro-F1 (test split)"));
  const table = el("table", { id: "comparison-table" });
  table.append(el("thead"), el("tbody"));
  const head = el("tr");
  for (const h of ["model", "macro-F1", "FPR", "attack DR", "fit s", "rows/s", "1-row µs", "size KB"]) {
    head.append(el("th", {}, h));
  }
  table.tHead.append(head);
  for (const m of c.models) {
    const tr = el("tr");
    tr.append(
      el("td", {}, m.error ? `${m.name} (failed: ${m.error})` : m.name),
      el("td", {}, fmt(m.macroF1)),
      el("td", {}, fmt(m.fpr)),
      el("td", {}, fmt(m.attackDr)),
      el("td", {}, m.fitSeconds === null ? "–" : m.fitSeconds.toFixed(2)),
      el("td", {}, m.rowsPerSecond === null ? "–" : Math.round(m.rowsPerSecond).toLocaleString("en")),
      el("td", {}, m.singleRowMicros === null ? "–" : m.singleRowMicros.toFixed(1)),
      el("td", {}, m.sizeBytes === null ? "–" : (m.sizeBytes / 1024).toFixed(1)),
    );
    table.tBodies[0].append(tr);
  }
  box.replaceChildren(
    el(
      "div",
      {},
      `${c.models.length} models · ${c.rows} rows, ${c.features} features, ${c.classes} classes · ${c.protocol} (${c.file})`,
    ),
    svg,
    table,
  );
}

async function refresh() {
  try {
    const h = await api("/api/health");
    const pill = $("#health");
    pill.textContent = h.status;
    pill.className = `pill ${h.status}`;
    $("#counters").textContent =
      `${h.packets} packets · ${h.flows} flows · ${h.alerts.alerts_out} alerts · ${h.alerts.alerts_suppressed} suppressed · ${h.packet_detector ?? ""}`;
    drawTimeline((await api("/api/timeline")).bins);
    const devs = (await api("/api/devices")).devices.slice(0, 50);
    const body = $("#devices tbody");
    body.replaceChildren(
      ...devs.map((d) => {
        const tr = el("tr", { "data-ip": d.ip });
        tr.append(
          el("td", {}, d.ip),
          el("td", {}, String(d.flows)),
          el("td", {}, String(d.bytes_sent)),
          el("td", {}, String(d.bytes_received)),
          el("td", {}, String(d.alerts)),
        );
        tr.addEventListener("click", () => showDevice(d.ip));
        return tr;
      }),
    );
    await drawInventory();
    const models = (await api("/api/models")).models;
    $("#models tbody").replaceChildren(
      ...models.map((m) => {
        const tr = el("tr");
        tr.append(
          el("td", {}, `${m.name} (${m.detector ?? m.kind ?? ""})`),
          el("td", {}, m.input ?? ""),
          el("td", {}, m.state ?? m.phase ?? ""),
          el("td", {}, fmt(m.threshold)),
          el("td", {}, String(m.recent_alerts ?? 0)),
          el("td", {}, fmt(m.mean_score_over_threshold)),
          el("td", {}, String(m.distinct_sources ?? 0)),
        );
        return tr;
      }),
    );
    if (Date.now() - (state.comparisonAt ?? 0) > 30_000) {
      state.comparisonAt = Date.now();
      renderComparison(await api("/api/comparison"));
    }
    const fed = await api("/api/federated");
    const f = $("#federated");
    if (!fed.available) f.textContent = `Not connected to a federated server: ${fed.reason}`;
    else {
      f.classList.remove("muted");
      const table = el("table", { id: "federated-rounds" });
      const head = el("tr");
      for (const h of ["round", "clients (aggregated/sampled)", "global macro-F1", "ε", "MB up/down"]) {
        head.append(el("th", {}, h));
      }
      table.append(el("thead"), el("tbody"));
      table.tHead.append(head);
      for (const r of fed.rounds.slice(-20).reverse()) {
        const tr = el("tr");
        tr.append(
          el("td", {}, `${r.round}${r.final ? " (final)" : ""}`),
          el("td", {}, `${r.clientsAggregated}/${r.clientsSampled}`),
          el("td", {}, fmt(r.globalMacroF1)),
          el("td", {}, r.epsilon === null ? "–" : fmt(r.epsilon)),
          el("td", {}, `${(r.bytesUp / 1e6).toFixed(2)}/${(r.bytesDown / 1e6).toFixed(2)}`),
        );
        table.tBodies[0].append(tr);
      }
      f.replaceChildren(el("div", {}, `${fed.rounds.length} rounds (${fed.file})`), table);
    }
  } catch (e) {
    $("#health").textContent = `unreachable (${e.message})`;
  }
}

async function showDevice(ip) {
  state.device = ip;
  $("#device-ip").textContent = ip;
  const [dev, alerts, flows] = await Promise.all([
    api(`/api/devices/${encodeURIComponent(ip)}`),
    api(`/api/alerts?ip=${encodeURIComponent(ip)}&limit=10`),
    api(`/api/flows?ip=${encodeURIComponent(ip)}&limit=10`),
  ]);
  const d = $("#device-detail");
  d.classList.remove("muted");
  d.replaceChildren(
    el(
      "div",
      {},
      `${dev.flows} flows, ${dev.packets_sent} packets sent, ${dev.packets_received} received, ${dev.alerts} alerts (max score ${fmt(dev.score_max)})`,
    ),
    el("div", {}, `peers: ${dev.peers.join(", ")}`),
    el("h3", {}, `latest alerts (${alerts.total})`),
    ...alerts.alerts.map((a) =>
      el("div", {}, `${a.timestamp.slice(11, 23)} ${a.src_ip} → ${a.dest_ip} ${a.vigil.reason ?? ""}`),
    ),
    el("h3", {}, "latest flows"),
    ...flows.flows.map((f) =>
      el(
        "div",
        {},
        `${f.flow.proto} ${f.flow["id.orig_h"]}:${f.flow["id.orig_p"]} → ${f.flow["id.resp_h"]}:${f.flow["id.resp_p"]} ${f.flow.conn_state ?? ""} ${f.flow.orig_pkts ?? 0}/${f.flow.resp_pkts ?? 0} pkts`,
      ),
    ),
  );
}

function liveStream() {
  const es = new EventSource("/api/stream");
  es.addEventListener("alert", (ev) => {
    const a = JSON.parse(ev.data);
    if (state.ip && a.src_ip !== state.ip && a.dest_ip !== state.ip) return;
    const body = $("#alerts tbody");
    body.prepend(alertRow(a));
    while (body.children.length > 500) body.lastChild.remove();
  });
}

$("#alert-filter").addEventListener("submit", (e) => {
  e.preventDefault();
  state.ip = new FormData(e.target).get("ip").trim();
  state.cursor = null;
  void loadAlerts(true);
});
$("#more").addEventListener("click", () => void loadAlerts(false));
void loadAlerts(true);
void refresh();
setInterval(refresh, 2000);
liveStream();
