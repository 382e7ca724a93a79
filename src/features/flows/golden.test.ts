/**
 * Golden tests: vigil's per-flow packet and byte counts against independent tools on the same capture.
 * Committed: test/fixtures/flows/scenarios.pcap and the outputs of tshark (conversation statistics)
 * and Argus on it (regenerate with `npm run fixtures:flows`). When tshark is installed the test also
 * reruns it, and on ../shared's MQTTset pcaps compares against a live tshark run.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioFrames } from "../../../test/fixtures/flows/scenarios.js";
import {
  parseArgusCsv,
  parseTsharkConv,
  type ToolConversation,
} from "../../../test/fixtures/flows/tool-outputs.js";
import { describeWithShared, PROJECT_ROOT, sharedPath } from "../../../test/helpers/shared.js";
import { openCapture } from "../../capture/open.js";
import type { FlowRecord } from "../../schemas/flow.js";
import { flowRecordsFromCapture } from "./from-capture.js";

const FIXTURES = join(PROJECT_ROOT, "test", "fixtures", "flows");
const PCAP = join(FIXTURES, "scenarios.pcap");

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface SideCounts {
  aToBFrames: number;
  bToAFrames: number;
  aToBIpBytes: number;
  bToAIpBytes: number;
}

/** Our records for the tool's conversation, summed (a flow may be split by timeouts), oriented a → b. */
function ourCounts(recs: FlowRecord[], c: ToolConversation): SideCounts | null {
  const out: SideCounts = { aToBFrames: 0, bToAFrames: 0, aToBIpBytes: 0, bToAIpBytes: 0 };
  let found = false;
  for (const r of recs) {
    if (r.proto !== c.proto) continue;
    const fwd =
      r["id.orig_h"] === c.a &&
      r["id.resp_h"] === c.b &&
      (c.proto === "icmp" || (r["id.orig_p"] === c.aPort && r["id.resp_p"] === c.bPort));
    const rev =
      r["id.orig_h"] === c.b &&
      r["id.resp_h"] === c.a &&
      (c.proto === "icmp" || (r["id.orig_p"] === c.bPort && r["id.resp_p"] === c.aPort));
    if (!fwd && !rev) continue;
    found = true;
    const op = r.orig_pkts ?? 0;
    const rp = r.resp_pkts ?? 0;
    const ob = r.orig_ip_bytes ?? 0;
    const rb = r.resp_ip_bytes ?? 0;
    out.aToBFrames += fwd ? op : rp;
    out.bToAFrames += fwd ? rp : op;
    out.aToBIpBytes += fwd ? ob : rb;
    out.bToAIpBytes += fwd ? rb : ob;
  }
  return found ? out : null;
}

function compare(
  recs: FlowRecord[],
  convs: ToolConversation[],
  linkHeaderBytes: number,
  maxPadPerFrame: number,
): void {
  expect(convs.length).toBeGreaterThan(0);
  for (const c of convs) {
    const label = `${c.proto} ${c.a}:${c.aPort} <-> ${c.b}:${c.bPort}`;
    const ours = ourCounts(recs, c);
    expect(ours, label).not.toBeNull();
    if (ours === null) continue;
    expect([ours.aToBFrames, ours.bToAFrames], label).toEqual([c.aToBFrames, c.bToAFrames]);
    const lo = [
      ours.aToBIpBytes + linkHeaderBytes * ours.aToBFrames,
      ours.bToAIpBytes + linkHeaderBytes * ours.bToAFrames,
    ];
    const pads = [maxPadPerFrame * ours.aToBFrames, maxPadPerFrame * ours.bToAFrames];
    const tool = [c.aToBBytes, c.bToABytes];
    for (let k = 0; k < 2; k++) {
      expect(tool[k], `${label} bytes`).toBeGreaterThanOrEqual(lo[k] - c.bytesTolerance);
      expect(tool[k], `${label} bytes`).toBeLessThanOrEqual(lo[k] + pads[k] + c.bytesTolerance);
    }
  }
}

describe("flow counts vs independent tools on the committed fixture", async () => {
  const recs = await flowRecordsFromCapture(PCAP);
  it("the committed pcap is what test/fixtures/flows/generate.ts writes", async () => {
    const want = scenarioFrames();
    const got: { tsSec: number; tsNsec: number; data: Uint8Array }[] = [];
    await openCapture(PCAP).run((f) => got.push({ tsSec: f.tsSec, tsNsec: f.tsNsec, data: f.data.slice() }));
    expect(got).toHaveLength(want.length);
    for (let i = 0; i < want.length; i++) {
      expect([got[i].tsSec, got[i].tsNsec], `frame ${i}`).toEqual([want[i].tsSec, want[i].tsNsec]);
      expect(Buffer.from(got[i].data).equals(Buffer.from(want[i].data)), `frame ${i} bytes`).toBe(true);
    }
  });
  it("match tshark's conversation statistics (committed golden output)", () => {
    const convs = parseTsharkConv(readFileSync(join(FIXTURES, "scenarios.tshark-conv.txt"), "utf8"));
    expect(convs).toHaveLength(19); // 15 TCP + 4 UDP conversations
    compare(recs, convs, 14, 0);
  });
  it("match Argus's per-flow counts (committed golden output), ICMP included", () => {
    const flows = parseArgusCsv(readFileSync(join(FIXTURES, "scenarios.argus.txt"), "utf8"));
    expect(flows).toHaveLength(21);
    compare(recs, flows, 14, 0);
  });
  it.skipIf(!hasTool("tshark"))("the committed tshark output is what tshark prints today", () => {
    const live = execFileSync("tshark", ["-r", PCAP, "-q", "-z", "conv,tcp", "-z", "conv,udp"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    expect(parseTsharkConv(live)).toEqual(
      parseTsharkConv(readFileSync(join(FIXTURES, "scenarios.tshark-conv.txt"), "utf8")),
    );
  });
});

const MQTTSET = [
  "benign.pcap",
  "bruteforce.pcapng",
  "flood.pcap",
  "malariados.pcap",
  "malformed.pcap",
  "slowite.pcap",
];
describeWithShared(
  "flow counts vs live tshark on MQTTset pcaps",
  MQTTSET.map((f) => join("datasets", "mqttset-reduced", f)),
  () => {
    for (const f of MQTTSET) {
      it.skipIf(!hasTool("tshark"))(f, async () => {
        const path = sharedPath("datasets", "mqttset-reduced", f);
        const recs = await flowRecordsFromCapture(path);
        const live = execFileSync("tshark", ["-r", path, "-q", "-z", "conv,tcp", "-z", "conv,udp"], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
          maxBuffer: 64 << 20,
        });
        const convs = parseTsharkConv(live);
        // Linux cooked (SLL) captures carry a 16-byte header; Ethernet 14 bytes plus up to 6 bytes of padding
        const sll = f === "benign.pcap" || f === "flood.pcap";
        compare(recs, convs, sll ? 16 : 14, sll ? 0 : 6);
      });
    }
  },
);
