import { describe, expect, it } from "vitest";
import { ArpWatch } from "./arp-watch.js";
import type { IdentityAlert } from "./schemas.js";
import { arpAt, frameAt } from "./test-frames.test-util.js";

const A = "02:00:00:00:00:0a";
const B = "02:00:00:00:00:0b";
const V = "02:00:00:00:00:0c";

function watch(params = {}) {
  const alerts: IdentityAlert[] = [];
  return { w: new ArpWatch(params, (a) => alerts.push(a)), alerts };
}

describe("ARP/IP conflicts", () => {
  it("flags a second MAC claiming an IP within the conflict window, once", () => {
    const { w, alerts } = watch();
    w.observe(
      arpAt(10, {
        op: 1,
        senderMac: A,
        senderIp: "10.0.0.10",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.1",
      }),
    );
    w.observe(
      arpAt(11, {
        op: 1,
        senderMac: A,
        senderIp: "10.0.0.10",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.1",
      }),
    );
    expect(alerts).toHaveLength(0);
    w.observe(arpAt(12, { op: 2, senderMac: B, senderIp: "10.0.0.10", targetMac: V, targetIp: "10.0.0.20" }));
    w.observe(arpAt(13, { op: 2, senderMac: A, senderIp: "10.0.0.10", targetMac: V, targetIp: "10.0.0.20" }));
    w.observe(arpAt(14, { op: 2, senderMac: B, senderIp: "10.0.0.10", targetMac: V, targetIp: "10.0.0.20" }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0].kind).toBe("ip-conflict");
    expect(alerts[0].ips).toEqual(["10.0.0.10"]);
    expect(alerts[0].macs.sort()).toEqual([A, B]);
    expect(w.ipsOf(0x02000000000b)).toEqual([0x0a00000a]);
  });

  it("ignores address probes and a re-assignment after a quiet period", () => {
    const { w, alerts } = watch({ conflictWindowS: 60 });
    w.observe(
      arpAt(0, {
        op: 1,
        senderMac: A,
        senderIp: "10.0.0.10",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.1",
      }),
    );
    w.observe(
      arpAt(5, {
        op: 1,
        senderMac: B,
        senderIp: "0.0.0.0",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.10",
      }),
    );
    w.observe(
      arpAt(100, {
        op: 1,
        senderMac: B,
        senderIp: "10.0.0.10",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.1",
      }),
    );
    expect(alerts).toHaveLength(0);
  });

  it("counts IPv4 sources of on-link addresses as claims (a MITM forwarding as another host)", () => {
    const { w, alerts } = watch();
    w.observe(
      arpAt(1, {
        op: 1,
        senderMac: A,
        senderIp: "10.0.0.31",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.10",
      }),
    );
    w.observe(
      frameAt(2, {
        srcMac: B,
        dstMac: V,
        src: "10.0.0.31",
        dst: "10.0.0.10",
        proto: "tcp",
        srcPort: 5000,
        dstPort: 1883,
      }),
    );
    // an off-link source (a routed internet address) claims nothing
    w.observe(
      frameAt(3, {
        srcMac: B,
        dstMac: V,
        src: "52.1.2.3",
        dst: "10.0.0.10",
        proto: "tcp",
        srcPort: 443,
        dstPort: 5000,
      }),
    );
    expect(alerts.map((a) => [a.kind, a.details.via])).toEqual([["ip-conflict", "ip-source"]]);
  });

  it("flags a gratuitous ARP flood once per MAC", () => {
    const { w, alerts } = watch({ floodPerS: 5 });
    for (let i = 0; i < 30; i++) {
      w.observe(
        arpAt(100 + i * 0.05, {
          op: 2,
          senderMac: B,
          senderIp: "10.0.0.10",
          targetMac: "ff:ff:ff:ff:ff:ff",
          targetIp: "10.0.0.10",
          dstMac: "ff:ff:ff:ff:ff:ff",
        }),
      );
    }
    expect(alerts.map((a) => a.kind)).toEqual(["arp-flood"]);
    expect(alerts[0].macs).toEqual([B]);
  });
});
