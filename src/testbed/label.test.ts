import { describe, expect, it } from "vitest";
import { isVigilError } from "../errors.js";
import { labelFrames } from "./label.js";
import { readPcapFrames } from "./pcap-lite.js";

const ATK_MAC = [0x02, 0x76, 0x67, 0x00, 0x00, 0x42];
const BROKER_MAC = [0x02, 0x76, 0x67, 0x00, 0x00, 0x0a];
const HUB_MAC = [0x02, 0x76, 0x67, 0x00, 0x00, 0x14];

function tcpFrame(
  dst: number[],
  src: number[],
  sip: number[],
  dip: number[],
  sport: number,
  dport: number,
): Buffer {
  const eth = Buffer.from([...dst, ...src, 0x08, 0x00]);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(40, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from(sip).copy(ip, 12);
  Buffer.from(dip).copy(ip, 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sport, 0);
  tcp.writeUInt16BE(dport, 2);
  tcp[12] = 0x50;
  tcp[13] = 0x02;
  return Buffer.concat([eth, ip, tcp]);
}

function arpReply(src: number[], senderIp: number[], targetIp: number[]): Buffer {
  const eth = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...src, 0x08, 0x06]);
  const arp = Buffer.from([
    0,
    1,
    8,
    0,
    6,
    4,
    0,
    2,
    ...src,
    ...senderIp,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    ...targetIp,
  ]);
  return Buffer.concat([eth, arp]);
}

function pcap(frames: [number, Buffer][]): Buffer {
  const gh = Buffer.alloc(24);
  gh.writeUInt32LE(0xa1b2c3d4, 0);
  gh.writeUInt16LE(2, 4);
  gh.writeUInt16LE(4, 6);
  gh.writeUInt32LE(262144, 16);
  gh.writeUInt32LE(1, 20);
  const parts: Buffer[] = [gh];
  for (const [ts, data] of frames) {
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(Math.floor(ts), 0);
    rh.writeUInt32LE(Math.round((ts % 1) * 1e6), 4);
    rh.writeUInt32LE(data.length, 8);
    rh.writeUInt32LE(data.length, 12);
    parts.push(rh, data);
  }
  return Buffer.concat(parts);
}

const BROKER = [10, 77, 0, 10];
const HUB = [10, 77, 0, 20];
const ATK = [10, 77, 0, 66];

describe("testbed labels", () => {
  const file = pcap([
    [1000.5, tcpFrame(BROKER_MAC, HUB_MAC, HUB, BROKER, 40000, 1883)], // benign, before the window
    [1010.25, tcpFrame(BROKER_MAC, ATK_MAC, ATK, BROKER, 2000, 1883)], // SYN from the attacker
    [1010.26, tcpFrame(ATK_MAC, BROKER_MAC, BROKER, ATK, 1883, 2000)], // the reply
    [1010.3, arpReply(ATK_MAC, BROKER, BROKER)], // gratuitous ARP claiming the broker's IP
    [1010.4, tcpFrame(ATK_MAC, HUB_MAC, HUB, BROKER, 40000, 1883)], // hub frame steered to the attacker's MAC
    [1011, tcpFrame(BROKER_MAC, HUB_MAC, HUB, BROKER, 40000, 1883)], // benign during the attack
  ]);

  it("reads the fields the labeller needs from a pcap", () => {
    const f = readPcapFrames(file);
    expect(f).toHaveLength(6);
    expect(f[1]).toMatchObject({
      srcIp: "10.77.0.66",
      dstIp: "10.77.0.10",
      proto: 6,
      srcPort: 2000,
      dstPort: 1883,
    });
    expect(f[1].ts).toBeCloseTo(1010.25, 6);
    expect(f[3]).toMatchObject({
      etherType: 0x0806,
      arpOp: 2,
      arpSenderIp: "10.77.0.10",
      arpSenderMac: "02:76:67:00:00:42",
    });
  });

  it("labels packets involving the attacker's IP or MAC from the window start", () => {
    const out = labelFrames(readPcapFrames(file), {
      scenario: "s",
      label: "syn-flood",
      attackerIp: "10.77.0.66",
      attackerMac: "02:76:67:00:00:42",
      window: { start: 1010, end: 1011 },
    });
    const labels = out.packetsCsv
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[2]);
    expect(labels).toEqual(["benign", "syn-flood", "syn-flood", "syn-flood", "syn-flood", "benign"]);
    expect(out.stats).toMatchObject({
      packets: 6,
      attackPackets: 4,
      benignPackets: 2,
      attackerPacketsBeforeWindow: 0,
    });
    expect(out.stats.firstAttackOffsetS).toBeCloseTo(9.75, 3);
    // hub->broker:40000 is one flow holding one steered (attack) packet and two benign ones
    const flows = out.flowsCsv.trim().split("\n");
    expect(flows[0]).toBe(
      "proto,src_ip,src_port,dst_ip,dst_port,first_ts,last_ts,packets,bytes,attack_packets,label",
    );
    expect(flows).toContain("tcp,10.77.0.20,40000,10.77.0.10,1883,1000.500000,1011.000000,3,162,1,syn-flood");
    expect(flows).toContain("tcp,10.77.0.66,2000,10.77.0.10,1883,1010.250000,1010.260000,2,108,2,syn-flood");
  });

  it("labels everything benign without a window and counts attacker packets before it", () => {
    const frames = readPcapFrames(file);
    const benign = labelFrames(frames, {
      scenario: "benign",
      label: "benign",
      attackerIp: "10.77.0.66",
      attackerMac: "02:76:67:00:00:42",
    });
    expect(benign.stats.attackPackets).toBe(0);
    const late = labelFrames(frames, {
      scenario: "s",
      label: "x",
      attackerIp: "10.77.0.66",
      attackerMac: "02:76:67:00:00:42",
      window: { start: 1010.35, end: 1011 },
    });
    expect(late.stats.attackerPacketsBeforeWindow).toBe(3);
    expect(late.stats.attackPackets).toBe(1);
  });

  it("says what is wrong with a bad or truncated file", () => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(0x12345678, 0);
    try {
      readPcapFrames(bad, "bad.pcap");
      expect.unreachable();
    } catch (e) {
      expect(isVigilError(e) && e.code).toBe("E_FORMAT");
    }
    try {
      readPcapFrames(file.subarray(0, file.length - 5), "cut.pcap");
      expect.unreachable();
    } catch (e) {
      expect(isVigilError(e) && e.code).toBe("E_TRUNCATED");
      expect((e as Error).message).toContain("record=5");
    }
  });
});
