import { describe, expect, it } from "vitest";
import { TCP_FLAG } from "../decode/packet.js";
import { type DeviceWindow, FingerprintExtractor } from "./extractor.js";
import { featureIndex, N_FEATURES, serviceClass } from "./features.js";
import { dnsQuery, frameAt } from "./test-frames.test-util.js";

const CAM = "02:00:00:00:00:0c";
const GW = "02:00:00:00:00:01";
const f = (name: string, w: DeviceWindow) => w.vector[featureIndex(name)];

function run(
  params: { windowS: number; minPackets: number },
  feed: (ex: FingerprintExtractor) => void,
): DeviceWindow[] {
  const out: DeviceWindow[] = [];
  const ex = new FingerprintExtractor(params, (w) => out.push(w));
  feed(ex);
  ex.flush();
  return out;
}

describe("window fingerprints", () => {
  it("has one name per feature and classes ports by the lower port", () => {
    expect(N_FEATURES).toBe(new Set(Array.from({ length: N_FEATURES }, (_, i) => i)).size);
    expect(serviceClass(51464, 8883)).toBe(6);
    expect(serviceClass(53, 40000)).toBe(0);
    expect(serviceClass(60000, 50000)).toBe(13);
    expect(serviceClass(5000, 40000)).toBe(12);
    expect(serviceClass(22, 40000)).toBe(11);
  });

  it("counts what a device sends and receives per aligned window", () => {
    const ws = run({ windowS: 60, minPackets: 3 }, (ex) => {
      // window [600, 660): 4 sent MQTT-over-TLS frames 10 s apart, 2 received; one DNS query
      for (let i = 0; i < 4; i++) {
        ex.observe(
          frameAt(600 + i * 10, {
            srcMac: CAM,
            dstMac: GW,
            src: "192.168.1.5",
            dst: "52.1.2.3",
            proto: "tcp",
            srcPort: 40000,
            dstPort: 8883,
            payload: 100,
            tcpFlags: i === 0 ? TCP_FLAG.SYN : TCP_FLAG.ACK,
            ttl: 64,
          }),
        );
      }
      for (let i = 0; i < 2; i++) {
        ex.observe(
          frameAt(605 + i * 10, {
            srcMac: GW,
            dstMac: CAM,
            src: "52.1.2.3",
            dst: "192.168.1.5",
            proto: "tcp",
            srcPort: 8883,
            dstPort: 40000,
          }),
        );
      }
      ex.observe(
        frameAt(650, {
          srcMac: CAM,
          dstMac: GW,
          src: "192.168.1.5",
          dst: "192.168.1.1",
          proto: "udp",
          srcPort: 40001,
          dstPort: 53,
          payload: dnsQuery("cam.vendor.example"),
        }),
      );
      // a next window with 1 frame only: dropped (minPackets 3)
      ex.observe(
        frameAt(700, {
          srcMac: CAM,
          dstMac: GW,
          src: "192.168.1.5",
          dst: "52.1.2.3",
          proto: "tcp",
          srcPort: 40000,
          dstPort: 8883,
        }),
      );
      expect(ex.devices.get(0x02000000000c)?.dnsNames).toEqual(["cam.vendor.example"]);
    });
    const cam = ws.filter((w) => w.mac === 0x02000000000c && w.ip === -1);
    expect(cam).toHaveLength(1);
    const w = cam[0];
    expect(w.startS).toBe(600);
    expect(w.sentPackets).toBe(5);
    expect(w.recvPackets).toBe(2);
    expect(f("sent_pkts_log1p", w)).toBeCloseTo(Math.log1p(5), 5);
    expect(f("sent_share", w)).toBeCloseTo(5 / 7, 5);
    expect(f("tcp_share", w)).toBeCloseTo(6 / 7, 5);
    expect(f("udp_share", w)).toBeCloseTo(1 / 7, 5);
    expect(f("svc_mqtts_share", w)).toBeCloseTo(6 / 7, 5);
    expect(f("svc_dns_share", w)).toBeCloseTo(1 / 7, 5);
    expect(f("peers_log1p", w)).toBeCloseTo(Math.log1p(2), 5);
    expect(f("peers_private_share", w)).toBeCloseTo(0.5, 5);
    expect(f("syn_per_sent", w)).toBeCloseTo(1 / 5, 5);
    expect(f("sent_ttl_mean", w)).toBeCloseTo(64, 5);
    expect(f("dns_queries_log1p", w)).toBeCloseTo(Math.log1p(1), 5);
    // inter-arrival of sent frames: 10, 10, 10, 20 s
    expect(f("sent_iat_log10_mean", w)).toBeCloseTo((3 * 1 + Math.log10(20)) / 4, 5);
    expect(f("active_span_share", w)).toBeCloseTo(50 / 60, 5);
    let dnsShare = 0;
    for (let b = 0; b < 8; b++) dnsShare += f(`dns_bucket${b}_share`, w);
    expect(dnsShare).toBeCloseTo(1, 5);
  });

  it("leaves undefined statistics NaN and never creates devices for group MACs", () => {
    const ws = run({ windowS: 60, minPackets: 1 }, (ex) => {
      ex.observe(
        frameAt(10, {
          srcMac: CAM,
          dstMac: "ff:ff:ff:ff:ff:ff",
          src: "192.168.1.5",
          dst: "192.168.1.255",
          proto: "udp",
          srcPort: 1900,
          dstPort: 1900,
        }),
      );
      ex.observe(
        frameAt(11, {
          srcMac: "01:00:5e:00:00:fb",
          dstMac: CAM,
          src: "192.168.1.9",
          dst: "192.168.1.5",
          proto: "udp",
          srcPort: 5353,
          dstPort: 5353,
        }),
      );
      expect([...ex.devices.keys()]).toEqual([0x02000000000c]);
    });
    expect(ws).toHaveLength(1);
    expect(Number.isNaN(f("sent_iat_log10_mean", ws[0]))).toBe(true);
    expect(Number.isNaN(f("sent_tcp_window_log1p", ws[0]))).toBe(true);
    expect(f("sent_group_share", ws[0])).toBe(1);
  });

  it("counts IPv6 peers (hashed) apart from IPv4 ones", () => {
    const ws = run({ windowS: 60, minPackets: 1 }, (ex) => {
      for (const dst of ["2001:db8::1", "2001:db8::2", "2001:db8::1"]) {
        ex.observe(
          frameAt(5, {
            srcMac: CAM,
            dstMac: GW,
            src: "2001:db8::99",
            dst,
            proto: "udp",
            srcPort: 40000,
            dstPort: 5683,
          }),
        );
      }
      ex.observe(
        frameAt(6, {
          srcMac: CAM,
          dstMac: GW,
          src: "10.0.0.5",
          dst: "10.0.0.1",
          proto: "udp",
          srcPort: 40000,
          dstPort: 5683,
        }),
      );
    });
    expect(f("peers_log1p", ws[0])).toBeCloseTo(Math.log1p(3), 5);
    expect(f("peers_private_share", ws[0])).toBeCloseTo(1 / 3, 5);
    expect(f("ipv6_share", ws[0])).toBeCloseTo(3 / 4, 5);
    expect(f("svc_coap_share", ws[0])).toBe(1);
  });

  it("emits per-IP sub-identity windows once a MAC sends from two private IPs", () => {
    const ws = run({ windowS: 60, minPackets: 2 }, (ex) => {
      for (let i = 0; i < 6; i++) {
        const src = i % 2 === 0 ? "10.0.0.5" : "10.0.0.6";
        ex.observe(
          frameAt(100 + i, {
            srcMac: CAM,
            dstMac: GW,
            src,
            dst: "10.0.0.1",
            proto: "udp",
            srcPort: 4000,
            dstPort: 5683,
          }),
        );
      }
    });
    const subs = ws
      .filter((w) => w.ip >= 0)
      .map((w) => w.ip)
      .sort();
    expect(subs).toEqual([0x0a000005, 0x0a000006]);
    expect(ws.filter((w) => w.ip === -1)).toHaveLength(1);
  });

  it("closes idle devices' windows when time moves on (sweep)", () => {
    const out: DeviceWindow[] = [];
    const ex = new FingerprintExtractor({ windowS: 10, minPackets: 1 }, (w) => out.push(w));
    ex.observe(
      frameAt(1, {
        srcMac: CAM,
        dstMac: GW,
        src: "10.0.0.5",
        dst: "10.0.0.1",
        proto: "udp",
        srcPort: 1,
        dstPort: 2,
      }),
    );
    expect(out).toHaveLength(0);
    ex.observe(
      frameAt(25, {
        srcMac: GW,
        dstMac: CAM,
        src: "10.0.0.1",
        dst: "10.0.0.5",
        proto: "udp",
        srcPort: 2,
        dstPort: 1,
      }),
    );
    expect(out.map((w) => w.startS)).toEqual([0]);
  });
});
