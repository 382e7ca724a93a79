/** Flow-table behaviour beyond the fixture conversations: odd packets, reuse, role flips, local nets. */
import { describe, expect, it } from "vitest";
import type { Frame } from "../../capture/source.js";
import { buildArpFrame, buildEthernetFrame, type SynthFrameSpec } from "../../capture/synth.js";
import { decodeFrame } from "../../decode/decode.js";
import { Packet, TCP_FLAG } from "../../decode/packet.js";
import type { FlowRecord } from "../../schemas/flow.js";
import { FlowTable } from "./flow-table.js";
import type { FlowTableOptionsInput } from "./options.js";

const { SYN, ACK, RST, FIN } = TCP_FLAG;

function run(
  frames: Uint8Array[],
  opts: FlowTableOptionsInput = {},
): { recs: FlowRecord[]; table: FlowTable } {
  const recs: FlowRecord[] = [];
  const table = new FlowTable(opts, (r) => recs.push(r));
  const p = new Packet();
  frames.forEach((data, index) => {
    const f: Frame = {
      index,
      byteOffset: 0,
      tsSec: 1000,
      tsNsec: index * 1_000_000,
      capLen: data.length,
      wireLen: data.length,
      linkType: 1,
      interfaceId: 0,
      data,
    };
    table.add(decodeFrame(f, p));
  });
  table.flush();
  return { recs, table };
}

const tcp = (
  from: "c" | "s",
  flags: number,
  seq: number,
  ack = 0,
  payload = 0,
  cport = 41000,
): Uint8Array => {
  const spec: SynthFrameSpec = {
    src: from === "c" ? "10.1.0.1" : "10.1.0.2",
    dst: from === "c" ? "10.1.0.2" : "10.1.0.1",
    proto: "tcp",
    srcPort: from === "c" ? cport : 7000,
    dstPort: from === "c" ? 7000 : cport,
    tcpFlags: flags,
    seq,
    ack,
    payload,
  };
  return buildEthernetFrame(spec);
};

describe("flow table edge cases", () => {
  it("counts non-IP packets and port-less fragments without making flows of them", () => {
    const arp = buildArpFrame({
      op: 1,
      senderMac: "02:00:00:00:00:01",
      senderIp: "10.1.0.1",
      targetMac: "00:00:00:00:00:00",
      targetIp: "10.1.0.2",
    });
    const frag = buildEthernetFrame({
      src: "10.1.0.1",
      dst: "10.1.0.2",
      proto: "udp",
      srcPort: 1,
      dstPort: 2,
      payload: 16,
      fragOffsetBytes: 64,
    });
    const { recs, table } = run([arp, frag]);
    expect(recs).toHaveLength(0);
    expect(table.counters.packetsNonIp).toBe(1);
    expect(table.counters.packetsNoPorts).toBe(1);
  });

  it("starts a new connection when a closed 5-tuple sees a new SYN (reuse)", () => {
    const frames = [
      tcp("c", SYN, 100),
      tcp("s", SYN | ACK, 900, 101),
      tcp("c", ACK, 101, 901),
      tcp("c", FIN | ACK, 101, 901),
      tcp("s", FIN | ACK, 901, 102),
      tcp("c", ACK, 102, 902),
      tcp("c", SYN, 5000),
      tcp("s", RST | ACK, 0, 5001),
    ];
    const { recs, table } = run(frames);
    expect(recs.map((r) => [r.conn_state, r.history, r.end_reason])).toEqual([
      ["SF", "ShAFf", "reuse"],
      ["REJ", "Sr", "end"],
    ]);
    expect(table.counters.evictedReuse).toBe(1);
  });

  it("flips roles on a SYN-ACK seen before the SYN it answers (Zeek's SYN/SYN-ACK reversal)", () => {
    // the first packet is a SYN-ACK from a non-server port, so no port heuristic flips it
    const frames = [tcp("s", SYN | ACK, 900, 101), tcp("c", SYN, 900)];
    const { recs } = run(frames);
    expect(recs).toHaveLength(1);
    expect(recs[0].history?.includes("^")).toBe(true);
  });

  it("logs 't' at the 1st and 10th retransmission, and no second 'S' for a retried SYN", () => {
    const frames = [
      tcp("c", SYN, 100),
      tcp("c", SYN, 100),
      tcp("c", SYN, 7777),
      tcp("s", SYN | ACK, 900, 7778),
      tcp("c", ACK, 7778, 901),
    ];
    for (let i = 0; i < 12; i++) frames.push(tcp("c", ACK, 7778, 901, 10));
    const { recs } = run(frames);
    // A SYN with a new ISN re-bases the relative sequence numbers (Zeek's SYN_seq_jump), so its relative
    // sequence is 0 like the first SYN's and Zeek's "same sequence number" rule records no second 'S'.
    // Then h, A, D, and T at the 1st and 10th of the 11 retransmitted segments.
    expect(recs[0].history).toBe("ShADTT");
  });

  it("sets local_orig/local_resp from localNets and rejects a bad CIDR", () => {
    const { recs } = run([tcp("c", SYN, 1)], { localNets: ["10.1.0.1/32", "fd00::/8"] });
    expect([recs[0].local_orig, recs[0].local_resp]).toEqual([true, false]);
    expect(() => new FlowTable({ localNets: ["10.1.0.300/8"] }, () => {})).toThrow(/bad IPv4 address/);
    expect(() => new FlowTable({ maxFlows: 3 }, () => {})).toThrow();
  });
});
