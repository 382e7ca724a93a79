import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foldChecksum, internetChecksum, sum16 } from "../decode/checksum.js";
import { parseIpBytes } from "../decode/ip-text.js";
import { PcapWriter } from "./pcap-writer.js";
import { tempDir } from "./read-helpers.test-util.js";
import { buildArpFrame, buildEthernetFrame, buildIpPacket, type SynthIpSpec } from "./synth.js";
import { hasTool } from "./tshark.test-util.js";

const dir = tempDir("synth");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sum of the pseudo-header + transport bytes folded: 0 when the transport checksum is right. */
function transportCheck(ip: Uint8Array): number {
  const v6 = ip[0] >> 4 === 6;
  const l4 = v6 ? 40 : (ip[0] & 15) * 4;
  const proto = v6 ? ip[6] : ip[9];
  const len = ip.length - l4;
  if (!v6 && proto === 1) return internetChecksum(ip, l4);
  let s = v6 ? sum16(ip, 8, 40) : sum16(ip, 12, 20);
  s += proto + len;
  return foldChecksum(sum16(ip, l4, ip.length, s));
}

const specs: SynthIpSpec[] = [
  { src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", srcPort: 1, dstPort: 2, payload: 11, tcpFlags: 0x1ff },
  { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", srcPort: 53, dstPort: 5353, payload: 1 },
  { src: "10.0.0.1", dst: "10.0.0.2", proto: "icmp", payload: 57 },
  { src: "2001:db8::1", dst: "ff02::1", proto: "tcp", srcPort: 3, dstPort: 4, payload: 3 },
  { src: "2001:db8::1", dst: "ff02::1", proto: "udp", srcPort: 5, dstPort: 6, payload: 0 },
  { src: "fe80::1", dst: "fe80::2", proto: "icmp", icmpType: 135, payload: 24 },
];

describe("synthetic frames", () => {
  it("have valid IPv4 header and transport checksums", () => {
    for (const s of specs) {
      const ip = buildIpPacket(s);
      if (ip[0] >> 4 === 4) expect(internetChecksum(ip, 0, 20)).toBe(0);
      expect(transportCheck(ip)).toBe(0);
    }
  });

  it("parse IPv4 and IPv6 text, and reject bad addresses and mixed versions", () => {
    expect(Array.from(parseIpBytes("::ffff:1.2.3.4") ?? [])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
    ]);
    expect(parseIpBytes("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseIpBytes("1::2::3")).toBeNull();
    expect(() => buildIpPacket({ src: "10.0.0.300", dst: "10.0.0.1", proto: "udp" })).toThrow(
      /bad IP address/,
    );
    expect(() => buildIpPacket({ src: "::1", dst: "10.0.0.1", proto: "udp" })).toThrow(
      /different IP versions/,
    );
    expect(() => buildEthernetFrame({ ...specs[0], srcMac: "zz" })).toThrow(/bad MAC/);
  });

  it.skipIf(!hasTool("tshark"))("pass tshark's checksum validation", async () => {
    const path = join(dir, "checksums.pcap");
    const w = PcapWriter.toFile(path);
    for (const s of specs) w.writePacket(1, 0, buildEthernetFrame({ ...s, vlans: [3] }));
    w.writePacket(
      1,
      0,
      buildArpFrame({
        op: 1,
        senderMac: "02:00:00:00:00:01",
        senderIp: "10.0.0.1",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.2",
      }),
    );
    await w.close();
    const out = execFileSync(
      "tshark",
      [
        "-r",
        path,
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "udp.check_checksum:TRUE",
        "-T",
        "fields",
        "-e",
        "_ws.expert.group",
        "-e",
        "_ws.col.Protocol",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const rows = out.trim().split("\n");
    expect(rows.length).toBe(specs.length + 1);
    expect(out).not.toMatch(/Checksum|Malformed/i);
  });
});
