/// <reference lib="dom" />
/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by playwright-core, against a
 * `vigil serve` that replayed the demo capture. Checks the alert list, the explanation chart, the
 * timeline, devices, models, the model comparison (a real `vigil compare` result of three learners on a
 * small seeded problem) and federated rounds render, and that a screenshot has real content.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { runComparison } from "../../src/evaluate/compare.js";
import { compareToJson } from "../../src/evaluate/compare-report.js";
import { resolveLearner } from "../../src/evaluate/learners.js";
import { makeBlobs } from "../../src/models/conformance.js";
import { CLI, DEMO, get, serve, until } from "./service-helpers.js";

const CHROMIUM = process.env.VIGIL_CHROMIUM ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) process.stderr.write(`SKIPPED (no chromium at ${CHROMIUM}): dashboard browser test\n`);
const dir = mkdtempSync(join(tmpdir(), "vigil-dash-"));
const shotDir = process.env.VIGIL_SCREENSHOT_DIR ?? dir;
afterAll(() => {
  if (process.env.VIGIL_SCREENSHOT_DIR === undefined) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium || !existsSync(CLI))("dashboard in headless chromium", () => {
  it("shows alerts, an explanation chart, the timeline, devices and models", async () => {
    // Two rounds as the federated server writes them (vigil fed serve --metrics-out), and a bad line.
    const round = (r: number, f1: number) =>
      JSON.stringify({
        round: r,
        final: false,
        globalMacroF1: f1,
        perClientF1: {},
        clientsSampled: 3,
        clientsAggregated: 3,
        bytesUp: 120000,
        bytesDown: 90000,
        epsilon: null,
        delta: null,
        seconds: 0,
      });
    writeFileSync(join(dir, "fed-metrics.jsonl"), `${round(1, 0.61)}\n${round(2, 0.74)}\nnot json\n`);
    // What `vigil compare -o DIR` writes, for three learners on a small seeded problem.
    const { X, y } = makeBlobs({ rows: 600, cols: 4, classes: 3, seed: 5, spread: 1.5 });
    const cmp = runComparison(
      { X, y, classes: ["normal", "dos", "scan"] },
      {
        learners: ["gaussian-nb", "decision-tree", "random-forest"].map((name) => ({
          name,
          spec: resolveLearner(name),
        })),
        seed: 0,
      },
    );
    writeFileSync(join(dir, "comparison.json"), compareToJson(cmp));
    const best = [...cmp.results].sort((a, b) => b.report.macroF1 - a.report.macroF1)[0];
    const s = await serve(
      join(dir, "v.yaml"),
      `state_dir: ${dir}/state
sources:
  - type: pcap
    path: ${DEMO}
detectors:
  packet:
    train_packets: 2800
    target_fpr: 0.01
sinks:
  - type: sqlite
    path: ${dir}/alerts.db
http:
  port: 0
  federated_metrics: ${dir}/fed-metrics.jsonl
  comparison: ${dir}/comparison.json
`,
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox"],
    });
    try {
      await until(async () => (await get<{ sources_done: boolean }>(s, "/api/health")).sources_done);
      await until(async () => (await get<{ total: number }>(s, "/api/alerts?limit=1")).total > 0, 5000);
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${s.port}/`);
      await page.waitForSelector("#alerts tbody tr");
      const total = (await get<{ total: number }>(s, "/api/alerts?limit=1")).total;
      expect(await page.locator("#alerts tbody tr").count()).toBe(Math.min(total, 50));
      expect(await page.textContent("#alert-total")).toBe(`(${total})`);
      // Select the second alert: its detail and explanation bars.
      await page.locator("#alerts tbody tr").nth(1).click();
      await page.waitForSelector("#explain-chart rect.bar");
      expect(await page.locator("#explain-chart rect.bar").count()).toBeGreaterThanOrEqual(3);
      const widths = await page
        .locator("#explain-chart rect.bar")
        .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("width"))));
      expect(Math.max(...widths)).toBeGreaterThan(Math.min(...widths));
      expect(await page.textContent("#alert-detail")).toMatch(/score .* over threshold/);
      await page.waitForSelector("#timeline-chart polyline.packets");
      expect(await page.locator("#timeline-chart circle.alert-mark").count()).toBeGreaterThan(0);
      await page.waitForSelector("#devices tbody tr");
      await page.locator("#devices tbody tr").first().click();
      await page.waitForFunction(() =>
        document.querySelector("#device-detail")?.textContent?.includes("flows"),
      );
      // the device inventory (src/devices): the testbed's hosts by MAC, with their IPs
      await page.waitForSelector("#inventory tbody tr");
      expect(await page.locator("#inventory tbody tr").count()).toBeGreaterThanOrEqual(5);
      expect(await page.textContent("#inventory tbody")).toMatch(/10\.77\.0\.\d+/);
      expect(await page.textContent("#inventory-alerts")).toMatch(/\d+ devices/);
      expect(await page.locator("#models tbody tr").count()).toBe(1);
      expect(await page.textContent("#models tbody tr")).toMatch(/kitnet/);
      await page.waitForSelector("#federated-rounds tbody tr");
      expect(await page.locator("#federated-rounds tbody tr").count()).toBe(2);
      expect(await page.textContent("#federated-rounds tbody tr")).toMatch(/^2.*3\/3.*0\.740/);
      await page.waitForSelector("#comparison-table tbody tr");
      expect(await page.locator("#comparison-table tbody tr").count()).toBe(3);
      expect(await page.textContent("#comparison-table tbody tr")).toContain(best.name);
      expect(await page.locator("#comparison-chart rect.bar").count()).toBe(3);
      expect(await page.textContent("#health")).toBe("ok");
      const shot = await page.screenshot({ path: join(shotDir, "dashboard.png"), fullPage: true });
      expect(shot.length).toBeGreaterThan(30_000);
      // Non-trivial content: decode the PNG in the page and count distinct colours.
      const colours = await page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement("canvas");
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext("2d") as CanvasRenderingContext2D;
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
      }, shot.toString("base64"));
      expect(colours).toBeGreaterThan(50);
      expect(errors).toEqual([]);
      process.stderr.write(
        `dashboard screenshot: ${join(shotDir, "dashboard.png")} (${shot.length} bytes, ${colours} colours)\n`,
      );
    } finally {
      await browser.close();
      s.proc.kill("SIGTERM");
      await s.exit;
    }
  }, 90_000);
});
