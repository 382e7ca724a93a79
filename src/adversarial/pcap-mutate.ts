/**
 * Packet-level evasion: rewrites a capture as the attacker could have sent it, within bounds, so the
 * whole pipeline (decode → flow table → features → model) re-scores it end to end.
 * - timing: every gap between consecutive frames is stretched by `timeStretch` (>= 1: the attacker
 *   slows down; the replies follow, so causality holds): ts' = t0 + (ts - t0) x timeStretch;
 * - padding: each IPv4 TCP/UDP packet FROM `attackerIp` that carries payload gets `padBytes` zero bytes
 *   appended (never beyond `maxPayload` bytes of payload, 1460 = an Ethernet MSS). IP total length, UDP
 *   length and every checksum are recomputed; on TCP the attacker's later sequence numbers and the
 *   victim's acknowledgements shift by the bytes added so far on that connection, so the streams stay
 *   consistent.
 * Only Ethernet captures are rewritten (other link types: E_UNSUPPORTED); frames that are not IPv4
 * TCP/UDP, or are truncated by the snap length, keep their bytes and only move in time.
 */
import { openCapture } from "../capture/open.js";
import { PcapWriter } from "../capture/pcap-writer.js";
import { foldChecksum, sum16 } from "../decode/checksum.js";
import { VigilError } from "../errors.js";

export interface PcapMutation {
  /** Dotted IPv4 address of the attacker (whose packets are padded). */
  attackerIp: string;
  /** Gap multiplier, 1 = unchanged (1 to 10). */
  timeStretch: number;
  /** Bytes appended to each attacker packet with payload (0 to 1460). */
  padBytes: number;
  maxPayload?: number;
}

export interface MutationStats {
  frames: number;
  paddedPackets: number;
  addedBytes: number;
  spanSecondsBefore: number;
  spanSecondsAfter: number;
}

interface Held {
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
  wireLen: number;
}

function ipBytes(text: string): number {
  const p = text.split(".").map(Number);
  if (p.length !== 4 || p.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
    throw new VigilError("E_CONFIG", `attacker address "${text}" is not a dotted IPv4 address`, {
      field: "attackerIp",
    });
  }
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

function checkMutation(m: PcapMutation): void {
  if (!(m.timeStretch >= 1 && m.timeStretch <= 10))
    throw new VigilError("E_CONFIG", `timeStretch must be in [1, 10], got ${m.timeStretch}`, {
      field: "timeStretch",
    });
  if (!(Number.isInteger(m.padBytes) && m.padBytes >= 0 && m.padBytes <= 1460))
    throw new VigilError("E_CONFIG", `padBytes must be an integer in [0, 1460], got ${m.padBytes}`, {
      field: "padBytes",
    });
}

const rd16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const rd32 = (b: Uint8Array, o: number) =>
  ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
function wr16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}
function wr32(b: Uint8Array, o: number, v: number): void {
  wr16(b, o, (v >>> 16) & 0xffff);
  wr16(b, o + 2, v & 0xffff);
}

/** Recomputes the IPv4 header checksum and the TCP/UDP checksum (pseudo-header included). */
function fixChecksums(f: Uint8Array, ip: number, ihl: number, proto: number, total: number): void {
  wr16(f, ip + 10, 0);
  wr16(f, ip + 10, foldChecksum(sum16(f, ip, ip + ihl)));
  const l4 = ip + ihl;
  const len = total - ihl;
  const at = proto === 6 ? l4 + 16 : l4 + 6;
  wr16(f, at, 0);
  let s = sum16(f, ip + 12, ip + 20); // source and destination addresses
  s += proto + len;
  let c = foldChecksum(sum16(f, l4, l4 + len, s));
  if (proto === 17 && c === 0) c = 0xffff;
  wr16(f, at, c);
}

/** Pads one frame in place if it qualifies; returns the new frame (or the same) and the bytes added. */
function mutateFrame(h: Held, m: PcapMutation, attacker: number, shift: Map<string, number>): number {
  const f = h.data;
  if (f.length < 34 || rd16(f, 12) !== 0x0800) return 0;
  const ip = 14;
  const ihl = (f[ip] & 0x0f) * 4;
  const proto = f[ip + 9];
  const total = rd16(f, ip + 2);
  if ((proto !== 6 && proto !== 17) || ip + total > f.length || ihl < 20) return 0;
  const src = rd32(f, ip + 12);
  const dst = rd32(f, ip + 16);
  const l4 = ip + ihl;
  const fromAttacker = src === attacker;
  if (!fromAttacker && dst !== attacker) return 0;
  const sport = rd16(f, l4);
  const dport = rd16(f, l4 + 2);
  const key = fromAttacker ? `${proto}:${sport}:${dst}:${dport}` : `${proto}:${dport}:${src}:${sport}`;
  const hdr = proto === 6 ? ((f[l4 + 12] >>> 4) & 0x0f) * 4 : 8;
  const payload = total - ihl - hdr;
  const before = shift.get(key) ?? 0;
  let pad = 0;
  if (fromAttacker && payload > 0) pad = Math.max(0, Math.min(m.padBytes, (m.maxPayload ?? 1460) - payload));
  if (proto === 6) {
    if (fromAttacker) wr32(f, l4 + 4, (rd32(f, l4 + 4) + before) >>> 0);
    else if ((f[l4 + 13] & 0x10) !== 0) wr32(f, l4 + 8, (rd32(f, l4 + 8) + before) >>> 0);
  }
  if (pad === 0 && before === 0) return 0;
  let out = f;
  if (pad > 0) {
    out = new Uint8Array(ip + total + pad);
    out.set(f.subarray(0, ip + total));
    wr16(out, ip + 2, total + pad);
    if (proto === 17) wr16(out, l4 + 4, rd16(out, l4 + 4) + pad);
    shift.set(key, before + pad);
    h.wireLen = h.wireLen - f.length + out.length;
    h.data = out;
  }
  fixChecksums(out, ip, ihl, proto, total + pad);
  return pad;
}

/** Reads `inPath`, applies the mutation, writes `outPath` (pcap, nanosecond timestamps). */
export async function mutateCapture(
  inPath: string,
  outPath: string,
  m: PcapMutation,
): Promise<MutationStats> {
  checkMutation(m);
  const attacker = ipBytes(m.attackerIp);
  const held: Held[] = [];
  let linkType = 1;
  await openCapture(inPath).run((fr) => {
    linkType = fr.linkType;
    held.push({ tsSec: fr.tsSec, tsNsec: fr.tsNsec, data: fr.data.slice(), wireLen: fr.wireLen });
  });
  if (linkType !== 1) {
    throw new VigilError(
      "E_UNSUPPORTED",
      `pcap mutation rewrites Ethernet captures only (link type ${linkType})`,
      {
        file: inPath,
      },
    );
  }
  const shift = new Map<string, number>();
  const stats: MutationStats = {
    frames: held.length,
    paddedPackets: 0,
    addedBytes: 0,
    spanSecondsBefore: 0,
    spanSecondsAfter: 0,
  };
  if (held.length === 0) {
    await PcapWriter.toFile(outPath, { nanosecond: true }).close();
    return stats;
  }
  const t0 = held[0].tsSec + held[0].tsNsec / 1e9;
  const w = PcapWriter.toFile(outPath, { nanosecond: true });
  let lastOut = t0;
  for (const h of held) {
    const added = mutateFrame(h, m, attacker, shift);
    if (added > 0) {
      stats.paddedPackets++;
      stats.addedBytes += added;
    }
    // stretch relative offsets in nanoseconds to avoid float drift on epoch seconds
    const relNs = (h.tsSec - held[0].tsSec) * 1e9 + (h.tsNsec - held[0].tsNsec);
    const outNs = held[0].tsNsec + Math.round(relNs * m.timeStretch);
    const sec = held[0].tsSec + Math.floor(outNs / 1e9);
    const nsec = ((outNs % 1e9) + 1e9) % 1e9;
    w.writePacket(sec, nsec, h.data, Math.max(h.wireLen, h.data.length));
    lastOut = sec + nsec / 1e9;
    stats.spanSecondsBefore = relNs / 1e9;
  }
  await w.close();
  stats.spanSecondsAfter = lastOut - t0;
  return stats;
}
