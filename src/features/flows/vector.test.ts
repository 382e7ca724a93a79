import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../test/helpers/shared.js";
import { flowRecordsFromCapture } from "./from-capture.js";
import { FLOW_NUMERIC_FEATURES, flowToVector } from "./vector.js";

describe("flowToVector", async () => {
  const recs = await flowRecordsFromCapture(
    join(PROJECT_ROOT, "test", "fixtures", "flows", "scenarios.pcap"),
  );
  const col = (name: string) => FLOW_NUMERIC_FEATURES.indexOf(name);
  it("has unique names, none of them an address, port or timestamp", () => {
    expect(new Set(FLOW_NUMERIC_FEATURES).size).toBe(FLOW_NUMERIC_FEATURES.length);
    const forbidden = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "community_id"];
    for (const n of FLOW_NUMERIC_FEATURES) expect(forbidden).not.toContain(n);
    expect(FLOW_NUMERIC_FEATURES.some((n) => /port|addr/.test(n))).toBe(false);
  });
  it("writes every feature, finite, at an offset, and matches the record", () => {
    const n = FLOW_NUMERIC_FEATURES.length;
    const out = new Float32Array(n * recs.length).fill(Number.NaN);
    recs.forEach((r, i) => {
      flowToVector(r, out, i * n);
    });
    expect(out.every(Number.isFinite)).toBe(true);
    const sf = recs.findIndex((r) => r["id.orig_p"] === 40001);
    const row = out.subarray(sf * n, (sf + 1) * n);
    expect(row[col("orig_bytes")]).toBe(100);
    expect(row[col("resp_bytes")]).toBe(300);
    expect(row[col("conn_state_SF")]).toBe(1);
    expect(row[col("conn_state_S0")]).toBe(0);
    expect(row[col("proto_tcp")]).toBe(1);
    expect(row[col("history_orig_S")]).toBe(1);
    expect(row[col("history_resp_h")]).toBe(1);
    expect(row[col("history_resp_r")]).toBe(0);
    expect(row[col("pkt1_signed_ip_bytes")]).toBe(40);
    expect(row[col("pkt2_signed_ip_bytes")]).toBe(-40);
    expect(row[col("src2dst_syn_packets")]).toBe(1);
    expect(row[col("bidirectional_packets_per_s")]).toBeCloseTo(10 / 0.08, 3);
  });
  it("gives zeros for the statistics of records from other tools", () => {
    const ext = { ...recs[0], stats: null, duration: null, orig_bytes: null };
    const v = flowToVector(ext, new Float32Array(FLOW_NUMERIC_FEATURES.length));
    expect(v[col("src2dst_ip_bytes_mean")]).toBe(0);
    expect(v[col("duration_s")]).toBe(0);
    expect(v[col("orig_pkts")]).toBe(recs[0].orig_pkts);
  });
});
