/**
 * Text to address bytes, for configuration, tests and the synthetic frame builder (not the hot path).
 */
import { parseIp4 } from "./packet.js";

/** Parses RFC 4291 IPv6 text ("2001:db8::1", "::ffff:1.2.3.4") into 16 bytes; null when malformed. */
export function parseIp6(text: string): Uint8Array | null {
  const out = new Uint8Array(16);
  let s = text;
  const words: number[] = [];
  // An embedded IPv4 tail becomes two words.
  const lastColon = s.lastIndexOf(":");
  if (lastColon >= 0 && s.indexOf(".", lastColon) > 0) {
    const v4 = parseIp4(s.slice(lastColon + 1));
    if (Number.isNaN(v4)) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const r: number[] = [];
    for (const w of part.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return null;
      r.push(Number.parseInt(w, 16));
    }
    return r;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (head === null || tail === null) return null;
  if (halves.length === 1 && head.length !== 8) return null;
  if (halves.length === 2 && head.length + tail.length > 7) return null;
  words.push(...head);
  for (let i = head.length + tail.length; i < 8; i++) words.push(0);
  words.push(...tail);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i] >>> 8;
    out[2 * i + 1] = words[i] & 255;
  }
  return out;
}

/** IPv4 (4 bytes) or IPv6 (16 bytes) from text; null when neither. */
export function parseIpBytes(text: string): Uint8Array | null {
  if (text.includes(":")) return parseIp6(text);
  const v4 = parseIp4(text);
  if (Number.isNaN(v4)) return null;
  return Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255);
}
