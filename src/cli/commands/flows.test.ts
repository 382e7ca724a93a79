/**
 * `vigil flows` as a real process: the built CLI (dist/, made by `npm test`'s build step) reading the
 * committed fixture from a file and from a pipe, in each output format, and failing clearly on bad input.
 */
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../test/helpers/shared.js";
import { readZeekConnLog } from "../../capture/zeek-log.js";
import { flowRecordsFromCapture } from "../../features/flows/from-capture.js";
import { type FlowRecord, FlowRecordSchema, ZEEK_CONN_FIELDS } from "../../schemas/flow.js";

const MAIN = join(PROJECT_ROOT, "dist", "src", "cli", "main.js");
const PCAP = join(PROJECT_ROOT, "test", "fixtures", "flows", "scenarios.pcap");
const BUILT = existsSync(MAIN);
if (!BUILT)
  process.stderr.write(
    "SKIPPED (dist/ not built: run `npm test` or `npm run build`): vigil flows CLI tests\n",
  );

const work = mkdtempSync(join(tmpdir(), "vigil-flows-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function vigil(
  args: string[],
  stdinFile?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin);
    else child.stdin.end();
  });
}

describe.skipIf(!BUILT)("vigil flows (built CLI, real process)", async () => {
  const want = await flowRecordsFromCapture(PCAP);

  it("writes a Zeek conn log that reads back to the library's records", async () => {
    const r = await vigil(["flows", PCAP]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("#separator \\x09\n")).toBe(true);
    expect(r.stdout).toMatch(/^#fields\tts\tuid\tid\.orig_h/m);
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^#close\t/);
    const summary = JSON.parse(r.stderr.trim().split("\n").pop()!);
    expect(summary.flows).toMatchObject({ packets: 80, flowsEmitted: want.length });
    const back: FlowRecord[] = [];
    await readZeekConnLog(Readable.from([r.stdout]), (x) => back.push(x));
    expect(back).toHaveLength(want.length);
    for (let i = 0; i < want.length; i++) {
      for (const f of ZEEK_CONN_FIELDS) {
        const v = want[i][f];
        if (typeof v === "number") expect(back[i][f], f).toBeCloseTo(v, 6);
        else expect(back[i][f], f).toEqual(v);
      }
    }
  });

  it('reads a capture piped to "-" and writes JSON lines', async () => {
    const r = await vigil(["flows", "-", "-f", "json", "-q"], PCAP);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const recs = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(recs).toHaveLength(want.length);
    for (const x of recs) expect(FlowRecordSchema.safeParse(x).success).toBe(true);
    expect(recs.map((x) => x.conn_state)).toEqual(want.map((x) => x.conn_state));
  });

  it("writes CSV to a file with -o", async () => {
    const out = join(work, "flows.csv");
    const r = await vigil(["flows", PCAP, "-f", "csv", "-o", out, "-q"]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(want.length + 1);
    const header = lines[0].split(",");
    expect(header.slice(0, 3)).toEqual(["ts", "uid", "id.orig_h"]);
    expect(header).toContain("src2dst_iat_ms_mean");
    expect(lines[1].split(",")[header.indexOf("history")]).toBe(want[0].history);
  });

  it("fails with the file and field on a non-capture, leaving no output file", async () => {
    const bad = join(work, "bad.pcap");
    writeFileSync(bad, "this is not a capture file\n");
    const out = join(work, "never.log");
    const r = await vigil(["flows", bad, "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_FORMAT/);
    expect(r.stderr).toContain(`file=${bad}`);
    expect(existsSync(out)).toBe(false);
  });

  it("warns about a truncated final record and still writes the flows before it", async () => {
    const cut = join(work, "cut.pcap");
    writeFileSync(cut, readFileSync(PCAP).subarray(0, 3000));
    const r = await vigil(["flows", cut, "-q"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*cut\.pcap: byte \d+: truncated/);
    expect(r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("#")).length).toBeGreaterThan(0);
  });

  it("rejects a bad format name", async () => {
    const r = await vigil(["flows", PCAP, "-f", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of zeek, json, csv/);
  });
});

const CAN_CAPTURE =
  BUILT && process.getuid?.() === 0 && spawnSync("tcpdump", ["--version"], { stdio: "ignore" }).status === 0;
if (!CAN_CAPTURE)
  process.stderr.write("SKIPPED (needs root, tcpdump and dist/): vigil flows --interface test\n");

describe.skipIf(!CAN_CAPTURE)("vigil flows --interface (live tcpdump on loopback)", () => {
  it("emits an idle UDP flow by the wall clock while capturing, then stops on SIGINT", async () => {
    const port = 30000 + (process.pid % 20000);
    const child = spawn(
      process.execPath,
      [MAIN, "flows", "-i", "lo", "--filter", `udp port ${port}`, "-f", "json", "--udp-idle-timeout", "1"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const until = async (cond: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      return cond();
    };
    try {
      expect(await until(() => stderr.includes("capturing on lo"), 15_000)).toBe(true);
      const sock = createSocket("udp4");
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((res, rej) =>
          sock.send(Buffer.alloc(25), port, "127.0.0.1", (e) => (e ? rej(e) : res())),
        );
      }
      sock.close();
      // the record must come out by the idle timeout (1 s) while the capture is still running
      expect(await until(() => stdout.includes("\n"), 10_000)).toBe(true);
      const rec = JSON.parse(stdout.trim().split("\n")[0]);
      expect(rec).toMatchObject({
        proto: "udp",
        "id.resp_p": port,
        orig_pkts: 3,
        orig_bytes: 75,
        end_reason: "idle",
        conn_state: "S0",
      });
    } finally {
      child.kill("SIGINT");
    }
    expect(await closed).toBe(0);
    expect(JSON.parse(stderr.trim().split("\n").pop()!).flows.flowsEmitted).toBe(1);
  });
});
