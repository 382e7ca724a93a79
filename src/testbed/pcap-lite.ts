/**
 * The few header fields the labeller needs, read from a classic pcap file (microsecond or nanosecond,
 * either byte order) of Ethernet frames, as tcpdump writes on the testbed bridge. Deliberately small and
 * independent of the main decoder: labels must not depend on the code they are used to test.
 */
import { VigilError } from "../errors.js";

export interface LiteFrame {
  index: number;
  /** Seconds since the epoch (float, microsecond precision at least). */
  ts: number;
  wireLen: number;
  srcMac: string;
  dstMac: string;
  etherType: number;
  /** "" when the frame has no IPv4 header (ARP sender/target addresses go in arpSender/arpTarget). */
  srcIp: string;
  dstIp: string;
  /** 6 TCP, 17 UDP, 1 ICMP; -1 when not IPv4. */
  proto: number;
  srcPort: number;
  dstPort: number;
  arpOp: number;
  arpSenderIp: string;
  arpSenderMac: string;
  arpTargetIp: string;
}

const mac = (b: Uint8Array, o: number) =>
  Array.from(b.subarray(o, o + 6), (x) => x.toString(16).padStart(2, "0")).join(":");
const ip4 = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;

export function parseEthernet(index: number, ts: number, wireLen: number, d: Uint8Array): LiteFrame {
  const f: LiteFrame = {
    index,
    ts,
    wireLen,
    srcMac: "",
    dstMac: "",
    etherType: 0,
    srcIp: "",
    dstIp: "",
    proto: -1,
    srcPort: -1,
    dstPort: -1,
    arpOp: 0,
    arpSenderIp: "",
    arpSenderMac: "",
    arpTargetIp: "",
  };
  if (d.length < 14) return f;
  f.dstMac = mac(d, 0);
  f.srcMac = mac(d, 6);
  let off = 12;
  let et = (d[off] << 8) | d[off + 1];
  while ((et === 0x8100 || et === 0x88a8) && d.length >= off + 6) {
    off += 4;
    et = (d[off] << 8) | d[off + 1];
  }
  f.etherType = et;
  off += 2;
  if (et === 0x0806 && d.length >= off + 28) {
    f.arpOp = (d[off + 6] << 8) | d[off + 7];
    f.arpSenderMac = mac(d, off + 8);
    f.arpSenderIp = ip4(d, off + 14);
    f.arpTargetIp = ip4(d, off + 24);
  } else if (et === 0x0800 && d.length >= off + 20) {
    const ihl = (d[off] & 0x0f) * 4;
    f.proto = d[off + 9];
    f.srcIp = ip4(d, off + 12);
    f.dstIp = ip4(d, off + 16);
    const fragOff = ((d[off + 6] & 0x1f) << 8) | d[off + 7];
    const l4 = off + ihl;
    if (fragOff === 0 && (f.proto === 6 || f.proto === 17) && d.length >= l4 + 4) {
      f.srcPort = (d[l4] << 8) | d[l4 + 1];
      f.dstPort = (d[l4 + 2] << 8) | d[l4 + 3];
    }
  }
  return f;
}

/** Every frame of a classic pcap file held in memory. Throws E_FORMAT / E_UNSUPPORTED with the offset. */
export function readPcapFrames(buf: Buffer, file = "<buffer>"): LiteFrame[] {
  if (buf.length < 24)
    throw new VigilError("E_FORMAT", "pcap file shorter than its 24-byte header", { file });
  const magicLE = buf.readUInt32LE(0);
  let le: boolean;
  let nano: boolean;
  if (magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d) {
    le = true;
    nano = magicLE === 0xa1b23c4d;
  } else if (buf.readUInt32BE(0) === 0xa1b2c3d4 || buf.readUInt32BE(0) === 0xa1b23c4d) {
    le = false;
    nano = buf.readUInt32BE(0) === 0xa1b23c4d;
  } else {
    throw new VigilError("E_FORMAT", "not a classic pcap file (bad magic)", { file, byteOffset: 0 });
  }
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linkType = u32(20) & 0x0fffffff;
  if (linkType !== 1)
    throw new VigilError("E_UNSUPPORTED", `link type ${linkType} (want Ethernet, 1)`, { file });
  const out: LiteFrame[] = [];
  let off = 24;
  while (off < buf.length) {
    if (off + 16 > buf.length)
      throw new VigilError("E_TRUNCATED", "pcap record header cut short", {
        file,
        byteOffset: off,
        record: out.length,
      });
    const sec = u32(off);
    const frac = u32(off + 4);
    const capLen = u32(off + 8);
    const wireLen = u32(off + 12);
    if (off + 16 + capLen > buf.length)
      throw new VigilError("E_TRUNCATED", "pcap record cut short", {
        file,
        byteOffset: off,
        record: out.length,
      });
    const ts = sec + frac / (nano ? 1e9 : 1e6);
    out.push(parseEthernet(out.length, ts, wireLen, buf.subarray(off + 16, off + 16 + capLen)));
    off += 16 + capLen;
  }
  return out;
}
