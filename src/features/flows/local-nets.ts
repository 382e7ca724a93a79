/**
 * Zeek's Site::local_nets: a list of CIDRs deciding local_orig / local_resp. Addresses are compared as
 * four 32-bit words (IPv4 in word 3, as the flow store holds them).
 */

import { parseIp4 } from "../../decode/packet.js";
import { VigilError } from "../../errors.js";

export interface LocalNet {
  version: 4 | 6;
  words: Uint32Array;
  prefixBits: number;
}

function parseIp6Words(text: string): Uint32Array | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":"));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...head, ...new Array<string>(fill).fill("0"), ...tail];
  const w = new Uint32Array(4);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(groups[i])) return null;
    const v = Number.parseInt(groups[i], 16);
    w[i >> 1] = i % 2 === 0 ? v << 16 : (w[i >> 1] | v) >>> 0;
  }
  return w;
}

/** Parses "10.0.0.0/8" or "fd00::/8"; throws E_CONFIG naming the bad entry. */
export function parseLocalNet(cidr: string): LocalNet {
  const [addr, bits] = cidr.split("/");
  const isV6 = addr.includes(":");
  const maxBits = isV6 ? 128 : 32;
  const prefixBits = bits === undefined ? maxBits : Number(bits);
  if (!Number.isInteger(prefixBits) || prefixBits < 0 || prefixBits > maxBits) {
    throw new VigilError("E_CONFIG", `bad prefix length in local network "${cidr}"`, { field: "localNets" });
  }
  if (isV6) {
    const words = parseIp6Words(addr);
    if (words === null)
      throw new VigilError("E_CONFIG", `bad IPv6 address in "${cidr}"`, { field: "localNets" });
    return { version: 6, words, prefixBits };
  }
  const ip = parseIp4(addr);
  if (Number.isNaN(ip))
    throw new VigilError("E_CONFIG", `bad IPv4 address in "${cidr}"`, { field: "localNets" });
  return { version: 4, words: Uint32Array.of(0, 0, 0, ip), prefixBits };
}

/** True when the address (4 words at `off` in `addr`) lies in one of the nets. */
export function isLocal(nets: readonly LocalNet[], version: number, addr: Uint32Array, off: number): boolean {
  for (const n of nets) {
    if (n.version !== version) continue;
    let bits = n.prefixBits;
    let ok = true;
    const first = version === 4 ? 3 : 0;
    for (let w = first; w < 4 && bits > 0; w++) {
      const take = Math.min(32, bits);
      const mask = take === 32 ? 0xffffffff : ~(0xffffffff >>> take) >>> 0;
      if ((addr[off + w] & mask) >>> 0 !== (n.words[w] & mask) >>> 0) {
        ok = false;
        break;
      }
      bits -= take;
    }
    if (ok) return true;
  }
  return false;
}
