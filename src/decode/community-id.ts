/**
 * Community ID flow hashing, version 1 (https://github.com/corelight/community-id-spec), so vigil's
 * alerts and flows join with Zeek's and Suricata's. Hash input: seed (u16 BE), the ordered address
 * pair, protocol (u8), a zero byte, and the ordered port pair (u16 BE each); output "1:" + base64(SHA-1).
 * ICMP/ICMPv6 use type and code as ports, with the spec's request/reply pairing for one-way types.
 */
import { createHash } from "node:crypto";

const ICMP4_PAIR: Record<number, number> = {
  8: 0,
  0: 8,
  13: 14,
  14: 13,
  15: 16,
  16: 15,
  17: 18,
  18: 17,
  10: 9,
  9: 10,
};
const ICMP6_PAIR: Record<number, number> = {
  128: 129,
  129: 128,
  133: 134,
  134: 133,
  135: 136,
  136: 135,
  130: 131,
  131: 130,
  144: 145,
  145: 144,
};

export interface CommunityIdTuple {
  /** 4 or 16 bytes. */
  src: Uint8Array;
  dst: Uint8Array;
  proto: number;
  /** Ports, or ICMP type (srcPort) and code (dstPort); -1 when the protocol has none. */
  srcPort: number;
  dstPort: number;
}

function lessThan(a: Uint8Array, ap: number, b: Uint8Array, bp: number): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return ap < bp;
}

export function communityId(t: CommunityIdTuple, seed = 0): string {
  let { src, dst, srcPort: sp, dstPort: dp } = t;
  const hasPorts = sp >= 0 && dp >= 0;
  let oneWay = false;
  if (hasPorts && (t.proto === 1 || t.proto === 58)) {
    const type = sp;
    const code = dp;
    const pair = t.proto === 1 ? ICMP4_PAIR : ICMP6_PAIR;
    const peer = pair[type];
    sp = type;
    if (peer === undefined) {
      dp = code;
      oneWay = true;
    } else {
      dp = peer;
    }
  }
  if (!oneWay && !lessThan(src, hasPorts ? sp : 0, dst, hasPorts ? dp : 0)) {
    [src, dst] = [dst, src];
    [sp, dp] = [dp, sp];
  }
  const len = 2 + src.length * 2 + 2 + (hasPorts ? 4 : 0);
  const buf = Buffer.alloc(len);
  let o = buf.writeUInt16BE(seed & 0xffff, 0);
  buf.set(src, o);
  o += src.length;
  buf.set(dst, o);
  o += dst.length;
  buf[o++] = t.proto & 255;
  buf[o++] = 0;
  if (hasPorts) {
    o = buf.writeUInt16BE(sp & 0xffff, o);
    buf.writeUInt16BE(dp & 0xffff, o);
  }
  return `1:${createHash("sha1").update(buf).digest("base64")}`;
}

/** 4 bytes of an unsigned 32-bit IPv4 address. */
export function ip4Bytes(ip: number): Uint8Array {
  return Uint8Array.of(ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255);
}
