import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TCP_FLAG } from "../decode/packet.js";
import { PcapWriter } from "./pcap-writer.js";
import { tempDir } from "./read-helpers.test-util.js";
import { buildArpFrame, buildEthernetFrame, buildIpPacket } from "./synth.js";
import { diffRows, hasTool, tsharkRows, vigilRows } from "./tshark.test-util.js";

const haveTshark = hasTool("tshark") && hasTool("editcap");
if (!haveTshark) process.stderr.write("SKIPPED (tshark/editcap not installed): tshark cross-check\n");

const dir = tempDir("xcheck");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A capture mixing every protocol the decoder handles, with VLANs, fragments and ICMP errors. */
async function writeMixed(path: string, nanosecond: boolean): Promise<number> {
  const w = PcapWriter.toFile(path, { nanosecond, snaplen: 65535 });
  let n = 0;
  const add = (f: Uint8Array, i: number) => {
    w.writePacket(1_700_000_000 + (i >> 4), (i * 7_919_113) % 1e9, f);
    n++;
  };
  for (let i = 0; i < 400; i++) {
    const v6 = i % 5 === 0;
    const src = v6 ? `2001:db8::${(i % 50) + 1}` : `10.0.${i % 7}.${(i % 200) + 1}`;
    const dst = v6 ? "2001:db8::ffff" : "192.168.1.1";
    const vlans = i % 11 === 0 ? [i % 4000] : i % 13 === 0 ? [10, 20] : undefined;
    switch (i % 6) {
      case 0:
        add(
          buildEthernetFrame({
            src,
            dst,
            proto: "tcp",
            srcPort: 1024 + i,
            dstPort: 1883,
            tcpFlags: (i * 37) & 0x1ff,
            payload: i % 90,
            vlans,
          }),
          i,
        );
        break;
      case 1:
        add(
          buildEthernetFrame({
            src,
            dst,
            proto: "udp",
            srcPort: 5000 + i,
            dstPort: 5683,
            payload: i % 40,
            vlans,
          }),
          i,
        );
        break;
      case 2:
        add(buildEthernetFrame({ src, dst, proto: "icmp", icmpSeq: i, payload: 16 }), i);
        break;
      case 3: {
        const orig = buildIpPacket({
          src: dst,
          dst: src,
          proto: i % 2 ? "udp" : "tcp",
          srcPort: 40000 + i,
          dstPort: 80,
        });
        add(
          buildEthernetFrame({
            src: dst,
            dst: src,
            proto: "icmp",
            icmpType: v6 ? 1 : 3,
            icmpCode: 3,
            payload: orig,
          }),
          i,
        );
        break;
      }
      case 4:
        add(
          buildEthernetFrame({
            src,
            dst,
            proto: "udp",
            srcPort: 7,
            dstPort: 9,
            payload: 64,
            moreFragments: !v6,
            fragOffsetBytes: i % 3 ? 0 : 8,
            ipv6Ext: v6 ? [0, 44, 60] : undefined,
          }),
          i,
        );
        break;
      default:
        add(
          buildArpFrame({
            op: (1 + (i % 2)) as 1 | 2,
            senderMac: "02:00:00:00:00:01",
            senderIp: "10.0.0.1",
            targetMac: "02:00:00:00:00:02",
            targetIp: "10.0.0.2",
          }),
          i,
        );
    }
  }
  add(
    buildEthernetFrame({
      src: "10.0.0.1",
      dst: "10.0.0.2",
      proto: "tcp",
      tcpFlags: TCP_FLAG.SYN,
      srcPort: 1,
      dstPort: 2,
    }).subarray(0, 40),
    999,
  );
  await w.close();
  return n;
}

describe.skipIf(!haveTshark)("tshark cross-check on generated captures", () => {
  for (const nanosecond of [false, true]) {
    it(`pcap (${nanosecond ? "nano" : "micro"}seconds): every packet's fields equal tshark's`, async () => {
      const path = join(dir, `mixed-${nanosecond}.pcap`);
      const n = await writeMixed(path, nanosecond);
      const theirs = tsharkRows(path);
      const { rows } = await vigilRows(path);
      expect(theirs.length).toBe(n);
      expect(diffRows(rows, theirs)).toEqual([]);
    });
  }

  it("pcapng written by editcap (from nanosecond and microsecond pcaps) reads the same as tshark", async () => {
    for (const nanosecond of [true, false]) {
      const src = join(dir, `ng-src-${nanosecond}.pcap`);
      await writeMixed(src, nanosecond);
      const ng = join(dir, `mixed-${nanosecond}.pcapng`);
      execFileSync("editcap", ["-F", "pcapng", src, ng], { stdio: "ignore" });
      const theirs = tsharkRows(ng);
      const { rows } = await vigilRows(ng);
      expect(rows.length).toBe(theirs.length);
      expect(diffRows(rows, theirs)).toEqual([]);
    }
  });
});
