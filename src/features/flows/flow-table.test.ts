import { describe, expect, it } from "vitest";
import { SCENARIOS, scenarioFrames, type TimedFrame } from "../../../test/fixtures/flows/scenarios.js";
import type { Frame } from "../../capture/source.js";
import { decodeFrame } from "../../decode/decode.js";
import { Packet } from "../../decode/packet.js";
import { type FlowRecord, FlowRecordSchema } from "../../schemas/flow.js";
import { FlowTable } from "./flow-table.js";
import type { FlowTableOptionsInput } from "./options.js";

function run(
  frames: TimedFrame[],
  opts: FlowTableOptionsInput = {},
): { recs: FlowRecord[]; table: FlowTable } {
  const recs: FlowRecord[] = [];
  const table = new FlowTable(opts, (r) => recs.push(r));
  const packet = new Packet();
  frames.forEach((f, index) => {
    const frame: Frame = {
      index,
      byteOffset: 0,
      tsSec: f.tsSec,
      tsNsec: f.tsNsec,
      capLen: f.data.length,
      wireLen: f.data.length,
      linkType: 1,
      interfaceId: 0,
      data: f.data,
    };
    table.add(decodeFrame(frame, packet));
  });
  table.flush();
  return { recs, table };
}

describe("FlowTable on the scenario conversations (Zeek semantics)", () => {
  const { recs, table } = run(scenarioFrames());
  it("emits one schema-valid record per conversation", () => {
    expect(recs).toHaveLength(SCENARIOS.length);
    for (const r of recs) expect(FlowRecordSchema.safeParse(r).success).toBe(true);
    expect(table.counters.flowsCreated).toBe(SCENARIOS.length);
    expect(table.counters.packetsInFlows).toBe(SCENARIOS.reduce((n, s) => n + s.packets.length, 0));
  });
  for (const s of SCENARIOS) {
    it(`${s.name}: ${s.expect.conn_state} ${s.expect.history ?? "-"}`, () => {
      const port = (p: number) => p;
      const r = recs.find((x) => {
        const ends = [x["id.orig_h"], x["id.resp_h"]];
        return (
          ends.includes(s.client) &&
          ends.includes(s.server) &&
          (s.proto !== "icmp"
            ? [x["id.orig_p"], x["id.resp_p"]].includes(port(s.clientPort))
            : x.proto === "icmp")
        );
      });
      expect(r, s.name).toBeDefined();
      if (r === undefined) return;
      const origHost = s.expect.orig === "c" ? s.client : s.server;
      expect(r["id.orig_h"]).toBe(origHost);
      expect(r.conn_state).toBe(s.expect.conn_state);
      expect(r.history).toBe(s.expect.history);
      expect(r.orig_bytes).toBe(s.expect.orig_bytes);
      expect(r.resp_bytes).toBe(s.expect.resp_bytes);
      const fromOrig = s.packets.filter((p) => (p.from === "c") === (s.expect.orig === "c")).length;
      expect(r.orig_pkts).toBe(fromOrig);
      expect(r.resp_pkts).toBe(s.packets.length - fromOrig);
      expect(r.stats?.first_packets_direction.length).toBe(Math.min(8, s.packets.length));
    });
  }
  it("keeps per-direction statistics consistent with the counts", () => {
    const sf = recs.find((r) => r["id.orig_p"] === 40001)!;
    const st = sf.stats!;
    expect(st.src2dst_syn_packets).toBe(1);
    expect(st.dst2src_syn_packets).toBe(1);
    expect(st.src2dst_fin_packets).toBe(1);
    expect(st.src2dst_payload_bytes).toBe(100);
    expect(st.dst2src_payload_bytes).toBe(300);
    expect(st.src2dst_ip_bytes_mean * sf.orig_pkts!).toBeCloseTo(sf.orig_ip_bytes!, 4);
    expect(st.first_packets_direction.slice(0, 3)).toEqual([1, -1, 1]);
    expect(st.first_packets_ip_bytes[0]).toBe(40);
    // the final ACK after both FINs is not productive: duration stops at the last FIN (9th of 10 packets, 10 ms apart)
    expect(sf.duration).toBeCloseTo(0.08, 6);
    expect(sf.service).toBe("http");
    expect(sf.community_id).toMatch(/^1:/);
  });
});

describe("FlowTable timeouts and the cap", () => {
  const udp = (ts: number, sport: number) => ({ ts, sport });
  function udpFrames(list: { ts: number; sport: number }[]): TimedFrame[] {
    return list.map(({ ts, sport }) => {
      const all = scenarioFrames([
        {
          ...SCENARIOS.find((s) => s.name === "udp-s0")!,
          clientPort: sport,
          packets: [{ from: "c", payload: 5 }],
        },
      ]);
      return { tsSec: Math.floor(ts), tsNsec: Math.round((ts % 1) * 1e9), data: all[0].data };
    });
  }
  it("splits a UDP flow at the idle timeout", () => {
    const { recs, table } = run(udpFrames([udp(100, 1), udp(110, 1), udp(200, 1)]), { udpIdleTimeoutS: 60 });
    expect(recs.map((r) => [r.orig_pkts, r.end_reason])).toEqual([
      [2, "idle"],
      [1, "end"],
    ]);
    expect(table.counters.evictedIdle).toBe(1);
  });
  it("never expires a flow early, and late by at most one second (its list placement granularity)", () => {
    // A at 0 s and 0.9 s (not re-placed: within a second), B at 0.2 s; timeout 60 s
    const frames = udpFrames([udp(100, 1), udp(100.2, 2), udp(100.9, 1), udp(160.5, 3), udp(161.0, 4)]);
    const seen: string[] = [];
    const table = new FlowTable({ udpIdleTimeoutS: 60 }, (r) =>
      seen.push(`${r["id.orig_p"]}:${r.end_reason}`),
    );
    const p = new Packet();
    const emittedAt: number[] = [];
    frames.forEach((f, index) => {
      const frame: Frame = {
        index,
        byteOffset: 0,
        tsSec: f.tsSec,
        tsNsec: f.tsNsec,
        capLen: f.data.length,
        wireLen: f.data.length,
        linkType: 1,
        interfaceId: 0,
        data: f.data,
      };
      table.add(decodeFrame(frame, p));
      emittedAt.push(seen.length);
    });
    // at 160.5 s: B is due (160.2) but A (due 160.9) heads the list, so nothing yet; A is not early
    expect(emittedAt).toEqual([0, 0, 0, 0, 2]);
    expect(seen).toEqual(["1:idle", "2:idle"]);
  });

  it("splits at the active timeout", () => {
    const { recs, table } = run(udpFrames([udp(100, 1), udp(130, 1), udp(160, 1), udp(190, 1)]), {
      activeTimeoutS: 50,
    });
    expect(recs.map((r) => r.orig_pkts)).toEqual([2, 2]);
    expect(table.counters.evictedActive).toBe(1);
  });
  it("evicts the least recently seen flow at the cap", () => {
    const list = Array.from({ length: 40 }, (_, i) => udp(100 + i * 0.01, 1000 + i));
    const { recs, table } = run(udpFrames(list), { maxFlows: 16 });
    expect(recs).toHaveLength(40);
    expect(table.counters.evictedCap).toBe(24);
    expect(recs[0]["id.orig_p"]).toBe(1000);
    expect(table.counters.peakFlows).toBe(16);
  });
  it("ends a TCP attempt 5 s after its SYN, like Zeek's tcp_attempt_delay", () => {
    const s0 = SCENARIOS.find((s) => s.name === "tcp-s0")!;
    const syn = scenarioFrames([s0])[0].data;
    const frames = [0, 1, 3, 9].map((t) => ({ tsSec: 1000 + t, tsNsec: 0, data: syn }));
    const { recs } = run(frames);
    expect(recs.map((r) => [r.orig_pkts, r.conn_state])).toEqual([
      [3, "S0"],
      [1, "S0"],
    ]);
  });
  it("grows past its initial capacity without losing flows", () => {
    const list = Array.from({ length: 5000 }, (_, i) => udp(100 + i * 0.001, i % 60000));
    const { recs, table } = run(udpFrames(list.concat(list.map((x) => ({ ...x, ts: x.ts + 20 })))), {
      initialFlows: 1024,
    });
    expect(recs).toHaveLength(5000);
    expect(recs.every((r) => r.orig_pkts === 2)).toBe(true);
    expect(table.capacity).toBe(8192); // 1024 doubled three times
  });
});
