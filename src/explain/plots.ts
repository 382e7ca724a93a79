/**
 * SVG plots of attributions, drawn as plain SVG text (no plotting library):
 * - summary (beeswarm-like): one row per top feature, a dot per explained row at its attribution, dots
 *   stacked where they collide, coloured by the feature's value (blue low → red high, by rank within
 *   the feature);
 * - dependence: a feature's value (x) against its attribution (y), one dot per row.
 */
import type { Matrix } from "../table/matrix.js";
import type { Explanation } from "./explainer.js";
import type { RankedFeature } from "./global.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

function colour(t: number): string {
  // t in [0, 1]: blue (low) → purple → red (high), as shap's default map
  const r = Math.round(30 + 225 * t);
  const b = Math.round(230 - 200 * t);
  return `rgb(${r},40,${b})`;
}

function tick(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(1) : String(Math.round(v * 1000) / 1000);
}

/** Ranks within a column scaled to [0, 1] (ties share the mean rank; NaN → 0.5). */
function valueRanks(X: Matrix, f: number): Float64Array {
  const idx = Array.from({ length: X.rows }, (_, r) => r).filter(
    (r) => !Number.isNaN(X.data[r * X.cols + f]),
  );
  idx.sort((a, b) => X.data[a * X.cols + f] - X.data[b * X.cols + f]);
  const t = new Float64Array(X.rows).fill(0.5);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && X.data[idx[j + 1] * X.cols + f] === X.data[idx[i] * X.cols + f]) j++;
    const v = idx.length > 1 ? (i + j) / 2 / (idx.length - 1) : 0.5;
    for (let k = i; k <= j; k++) t[idx[k]] = v;
    i = j + 1;
  }
  return t;
}

export function summarySvg(ex: Explanation, X: Matrix, ranking: readonly RankedFeature[], top = 15): string {
  const feats = ranking.slice(0, top);
  const W = 760;
  const left = 260;
  const rowH = 34;
  const H = 70 + feats.length * rowH;
  let lo = 0;
  let hi = 0;
  for (const f of feats) {
    for (let r = 0; r < ex.rows; r++) {
      const v = ex.attributions[r * ex.nFeatures + f.index];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const span = hi - lo || 1;
  const px = (v: number) => left + ((v - lo) / span) * (W - left - 30);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${esc(`${ex.method}: attribution to ${ex.outputName[0] ?? "output"} (${ex.rows} rows)`)}</text>`,
    `<line x1="${n2(px(0))}" y1="28" x2="${n2(px(0))}" y2="${H - 36}" stroke="#999"/>`,
  ];
  feats.forEach((f, i) => {
    const y = 44 + i * rowH;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(f.name)}</text>`);
    const t = valueRanks(X, f.index);
    const bins = new Map<number, number>();
    for (let r = 0; r < ex.rows; r++) {
      const x = px(ex.attributions[r * ex.nFeatures + f.index]);
      const bin = Math.round(x / 3);
      const k = bins.get(bin) ?? 0;
      bins.set(bin, k + 1);
      const dy = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.min(14, Math.ceil(k / 2) * 2);
      parts.push(
        `<circle cx="${n2(x)}" cy="${n2(y + dy)}" r="2.2" fill="${colour(t[r])}" fill-opacity="0.8"/>`,
      );
    }
  });
  const yAxis = H - 30;
  parts.push(`<line x1="${left}" y1="${yAxis}" x2="${W - 30}" y2="${yAxis}" stroke="#333"/>`);
  for (const v of [lo, 0, hi])
    parts.push(`<text x="${n2(px(v))}" y="${yAxis + 14}" text-anchor="middle">${tick(v)}</text>`);
  parts.push(
    `<text x="${left - 8}" y="${yAxis + 14}" text-anchor="end" fill="${colour(0)}">low value</text>`,
  );
  parts.push(`<text x="${W - 10}" y="${yAxis + 26}" text-anchor="end" fill="${colour(1)}">high value</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

export function dependenceSvg(ex: Explanation, X: Matrix, f: number, name: string): string {
  const W = 560;
  const H = 380;
  const m = { l: 70, r: 20, t: 34, b: 50 };
  let xlo = Number.POSITIVE_INFINITY;
  let xhi = Number.NEGATIVE_INFINITY;
  let ylo = 0;
  let yhi = 0;
  for (let r = 0; r < ex.rows; r++) {
    const x = X.data[r * X.cols + f];
    if (Number.isNaN(x)) continue;
    xlo = Math.min(xlo, x);
    xhi = Math.max(xhi, x);
    const y = ex.attributions[r * ex.nFeatures + f];
    ylo = Math.min(ylo, y);
    yhi = Math.max(yhi, y);
  }
  if (!Number.isFinite(xlo)) xlo = xhi = 0;
  const xs = xhi - xlo || 1;
  const ys = yhi - ylo || 1;
  const px = (v: number) => m.l + ((v - xlo) / xs) * (W - m.l - m.r);
  const py = (v: number) => H - m.b - ((v - ylo) / ys) * (H - m.t - m.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${esc(`dependence: ${name}`)}</text>`,
    `<line x1="${m.l}" y1="${n2(py(0))}" x2="${W - m.r}" y2="${n2(py(0))}" stroke="#bbb"/>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
  ];
  for (let r = 0; r < ex.rows; r++) {
    const x = X.data[r * X.cols + f];
    if (Number.isNaN(x)) continue;
    const y = ex.attributions[r * ex.nFeatures + f];
    parts.push(
      `<circle cx="${n2(px(x))}" cy="${n2(py(y))}" r="2.5" fill="${colour(0.2)}" fill-opacity="0.7"/>`,
    );
  }
  for (const v of [xlo, xhi])
    parts.push(`<text x="${n2(px(v))}" y="${H - m.b + 16}" text-anchor="middle">${tick(v)}</text>`);
  for (const v of [ylo, 0, yhi])
    parts.push(`<text x="${m.l - 6}" y="${n2(py(v) + 4)}" text-anchor="end">${tick(v)}</text>`);
  parts.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${esc(name)} (value)</text>`);
  parts.push(
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">attribution</text>`,
  );
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
