import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import { isVigilError, type VigilError } from "../../errors.js";
import type { FlowRecord } from "../../schemas/flow.js";
import { NetflowCollector } from "./collector.js";
import { NetflowDecoder } from "./decode.js";
import { type NetflowFlow, netflowToFlowRecord } from "./netflow-flow.js";

/** Big-endian byte builder for hand-made export datagrams. */
class B {
  bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 255);
    return this;
  }
  u16(v: number) {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number) {
    return this.u16(Math.floor(v / 65536)).u16(v & 0xffff);
  }
  u64(v: number) {
    return this.u32(Math.floor(v / 4294967296)).u32(v % 4294967296);
  }
  ip(s: string) {
    for (const p of s.split(".")) this.u8(Number(p));
    return this;
  }
  raw(b: number[]) {
    this.bytes.push(...b);
    return this;
  }
  get length() {
    return this.bytes.length;
  }
  build() {
    return Uint8Array.from(this.bytes);
  }
}

function v5(count: number, records: number) {
  const b = new B()
    .u16(5)
    .u16(count)
    .u32(100_000)
    .u32(1_700_000_000)
    .u32(500_000_000)
    .u32(1)
    .u8(0)
    .u8(0)
    .u16(0);
  for (let i = 0; i < records; i++) {
    b.ip("10.0.0.1").ip("10.0.0.2").ip("0.0.0.0").u16(1).u16(2).u32(7).u32(700).u32(90_000).u32(95_000);
    b.u16(40000 + i)
      .u16(80)
      .u8(0)
      .u8(0x1b)
      .u8(6)
      .u8(0)
      .u16(0)
      .u16(0)
      .u8(24)
      .u8(24)
      .u16(0);
  }
  return b.build();
}

function decodeAll(dec: NetflowDecoder, buf: Uint8Array): NetflowFlow[] {
  const out: NetflowFlow[] = [];
  dec.decode(buf, "192.0.2.1:9999", (f) => out.push(f));
  return out;
}

function caught(fn: () => void): VigilError {
  try {
    fn();
  } catch (e) {
    if (isVigilError(e)) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("NetFlow v5", () => {
  it("decodes records with times from sysUptime and the header clock", () => {
    const dec = new NetflowDecoder();
    const [f] = decodeAll(dec, v5(1, 1));
    const r = netflowToFlowRecord(f, 0)!;
    expect(r).toMatchObject({
      "id.orig_h": "10.0.0.1",
      "id.orig_p": 40000,
      "id.resp_h": "10.0.0.2",
      "id.resp_p": 80,
      proto: "tcp",
      orig_pkts: 7,
      orig_ip_bytes: 700,
      resp_pkts: 0,
      duration: 5,
      end_reason: "external",
    });
    // header: 1_700_000_000.5 s at uptime 100 s; the flow started at uptime 90 s
    expect(r.ts).toBeCloseTo(1_699_999_990.5, 3);
    expect(f.tcpFlags).toBe(0x1b);
  });
  it("rejects a datagram shorter than its count, naming offset and field", () => {
    const buf = v5(2, 1);
    const e = caught(() => decodeAll(new NetflowDecoder(), buf));
    expect(e.code).toBe("E_FORMAT");
    expect(e.context).toMatchObject({ file: "192.0.2.1:9999", byteOffset: 24, field: "v5.records" });
  });
  it("rejects unknown versions", () => {
    const e = caught(() => decodeAll(new NetflowDecoder(), new B().u16(7).u16(0).build()));
    expect(e.code).toBe("E_UNSUPPORTED");
    expect(e.context.field).toBe("version");
  });
});

describe("NetFlow v9", () => {
  const header = (b: B) => b.u16(9).u16(2).u32(50_000).u32(1_700_000_000).u32(1).u32(42);
  const template = (b: B) => {
    // template 300: srcIPv4, dstIPv4, srcPort, dstPort, proto, packets(4), octets(4), first, last
    const fields = [
      [8, 4],
      [12, 4],
      [7, 2],
      [11, 2],
      [4, 1],
      [2, 4],
      [1, 4],
      [22, 4],
      [21, 4],
    ];
    b.u16(0)
      .u16(4 + 4 + fields.length * 4)
      .u16(300)
      .u16(fields.length);
    for (const [id, len] of fields) b.u16(id).u16(len);
    return b;
  };
  const data = (b: B) => {
    b.u16(300).u16(4 + 29 + 3); // one 29-byte record + 3 padding bytes
    b.ip("192.168.1.5")
      .ip("8.8.8.8")
      .u16(5353)
      .u16(53)
      .u8(17)
      .u32(3)
      .u32(210)
      .u32(40_000)
      .u32(45_000)
      .raw([0, 0, 0]);
    return b;
  };
  it("skips data until its template arrives, then decodes it", () => {
    const dec = new NetflowDecoder();
    expect(decodeAll(dec, data(header(new B())).build())).toHaveLength(0);
    expect(dec.counters.setsWithoutTemplate).toBe(1);
    const flows = decodeAll(dec, data(template(header(new B()))).build());
    expect(flows).toHaveLength(1);
    const r = netflowToFlowRecord(flows[0], 1)!;
    expect(r).toMatchObject({
      "id.orig_h": "192.168.1.5",
      "id.resp_p": 53,
      proto: "udp",
      orig_pkts: 3,
      orig_ip_bytes: 210,
      duration: 5,
    });
    expect(r.ts).toBeCloseTo(1_700_000_000 - 10, 3);
    expect(dec.counters.templates).toBe(1);
  });
  it("keeps templates apart per exporter", () => {
    const dec = new NetflowDecoder();
    decodeAll(dec, template(header(new B())).build());
    const other: NetflowFlow[] = [];
    dec.decode(data(header(new B())).build(), "192.0.2.99:9999", (f) => other.push(f));
    expect(other).toHaveLength(0);
    expect(dec.counters.setsWithoutTemplate).toBe(1);
  });
  it("rejects a flowset that runs past the datagram", () => {
    const b = header(new B()).u16(300).u16(400).u32(0);
    const e = caught(() => decodeAll(new NetflowDecoder(), b.build()));
    expect(e.context).toMatchObject({ byteOffset: 22, field: "v9.flowset.length" });
  });
});

describe("IPFIX", () => {
  function message(sets: B[]) {
    const body = sets.flatMap((s) => s.bytes);
    return new B()
      .u16(10)
      .u16(16 + body.length)
      .u32(1_700_000_100)
      .u32(5)
      .u32(7)
      .raw(body)
      .build();
  }
  // template 256: srcIPv4, dstIPv4, srcPort, dstPort, proto, octetDelta(8), packetDelta(8),
  // flowStartMilliseconds, flowEndMilliseconds, reverse octetDelta (PEN 29305), an unknown
  // enterprise element (PEN 9, 2 bytes) and a variable-length string (IE 82, interfaceName)
  function templateSet() {
    const t = new B().u16(256).u16(12);
    for (const [id, len] of [
      [8, 4],
      [12, 4],
      [7, 2],
      [11, 2],
      [4, 1],
      [1, 8],
      [2, 8],
      [152, 8],
      [153, 8],
    ]) {
      t.u16(id).u16(len);
    }
    t.u16(0x8000 | 1)
      .u16(8)
      .u32(29305);
    t.u16(0x8000 | 5)
      .u16(2)
      .u32(9);
    t.u16(82).u16(65535);
    return new B()
      .u16(2)
      .u16(4 + t.length)
      .raw(t.bytes);
  }
  function dataSet() {
    const r = new B().ip("10.9.8.7").ip("10.9.8.1").u16(1883).u16(50000).u8(6).u64(1500).u64(10);
    r.u64(1_700_000_000_250).u64(1_700_000_001_750).u64(900).u16(0xbeef).u8(4).raw([101, 116, 104, 48]);
    return new B()
      .u16(256)
      .u16(4 + r.length)
      .raw(r.bytes);
  }
  it("decodes enterprise, reverse (biflow) and variable-length elements", () => {
    const dec = new NetflowDecoder();
    const flows = decodeAll(dec, message([templateSet(), dataSet()]));
    expect(flows).toHaveLength(1);
    const r = netflowToFlowRecord(flows[0], 0)!;
    expect(r).toMatchObject({
      "id.orig_p": 1883,
      proto: "tcp",
      orig_ip_bytes: 1500,
      orig_pkts: 10,
      resp_ip_bytes: 900,
      duration: 1.5,
    });
    expect(r.ts).toBeCloseTo(1_700_000_000.25, 6);
  });
  it("forgets a withdrawn template", () => {
    const dec = new NetflowDecoder();
    decodeAll(dec, message([templateSet()]));
    decodeAll(dec, message([new B().u16(2).u16(8).u16(256).u16(0)]));
    expect(decodeAll(dec, message([dataSet()]))).toHaveLength(0);
    expect(dec.counters.setsWithoutTemplate).toBe(1);
  });
  it("rejects a message length larger than the datagram", () => {
    const buf = message([templateSet()]);
    const e = caught(() => decodeAll(new NetflowDecoder(), buf.subarray(0, buf.length - 4)));
    expect(e.context).toMatchObject({ byteOffset: 2, field: "ipfix.length" });
  });
});

describe("NetflowCollector over a real UDP socket", () => {
  it("survives a malformed datagram, reports it, and keeps collecting", async () => {
    const got: FlowRecord[] = [];
    const col = new NetflowCollector((r) => got.push(r), { port: 0 });
    const { port } = await col.start();
    const sock = createSocket("udp4");
    try {
      const send = (b: Uint8Array) =>
        new Promise<void>((res, rej) => sock.send(b, port, "127.0.0.1", (e) => (e ? rej(e) : res())));
      await send(v5(3, 1));
      await send(v5(2, 2));
      expect(await col.waitForRecords(2, 5000)).toBe(true);
      expect(got).toHaveLength(2);
      expect(col.counters.malformed).toBe(1);
      expect(col.warnings[0]).toMatch(/v5\.records/);
      expect(col.warnings[0]).toMatch(/127\.0\.0\.1:\d+/);
    } finally {
      sock.close();
      await col.close();
    }
  });
  it("rejects a bad bind address and port", () => {
    expect(() => new NetflowCollector(() => {}, { host: "not-an-ip" })).toThrow(/bind address/);
    expect(() => new NetflowCollector(() => {}, { port: 70000 })).toThrow(/UDP port/);
  });
});
