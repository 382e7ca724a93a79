/**
 * Whitelists and suppression (Suricata's `suppress gen_id, sig_id, track, ip`): an alert matching a
 * rule is not sent to the sinks; each rule counts what it suppressed. A rule matches when every field
 * it gives matches: `host` (either address equals it), `subnet` (either address inside the CIDR,
 * IPv4 or IPv6), `signature_id`.
 */
import { isIP } from "node:net";
import { VigilError } from "../errors.js";
import type { Alert } from "../schemas/alert.js";
import type { SuppressRule } from "./config/schema.js";

interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

interface CompiledRule {
  rule: SuppressRule;
  host?: string;
  cidr?: Cidr;
  suppressed: number;
}

export class Suppressor {
  private readonly rules: CompiledRule[];
  suppressed = 0;

  constructor(rules: SuppressRule[]) {
    this.rules = rules.map((rule, i) => {
      const c: CompiledRule = { rule, suppressed: 0 };
      if (rule.host !== undefined) {
        if (isIP(rule.host) === 0)
          throw new VigilError("E_CONFIG", `suppress: "${rule.host}" is not an IP address`, {
            field: `suppress.${i}.host`,
          });
        c.host = normalize(rule.host);
      }
      if (rule.subnet !== undefined) c.cidr = parseCidr(rule.subnet, `suppress.${i}.subnet`);
      return c;
    });
  }

  /** True when some rule suppresses the alert (its counter is bumped). */
  suppresses(a: Alert): boolean {
    for (const r of this.rules) {
      if (r.rule.signature_id !== undefined && r.rule.signature_id !== a.alert.signature_id) continue;
      if (r.host !== undefined && normalize(a.src_ip) !== r.host && normalize(a.dest_ip) !== r.host) continue;
      if (r.cidr !== undefined && !inCidr(a.src_ip, r.cidr) && !inCidr(a.dest_ip, r.cidr)) continue;
      r.suppressed++;
      this.suppressed++;
      return true;
    }
    return false;
  }

  /** Rules with their counts (for the API and metrics). */
  report(): (SuppressRule & { suppressed: number })[] {
    return this.rules.map((r) => ({ ...r.rule, suppressed: r.suppressed }));
  }
}

function normalize(ip: string): string {
  const b = ipBytes(ip);
  return b === null ? ip : Array.from(b).join(".");
}

export function parseCidr(text: string, field: string): Cidr {
  const [addr, len] = text.split("/");
  const bytes = ipBytes(addr ?? "");
  const version = isIP(addr ?? "") as 0 | 4 | 6;
  const max = version === 4 ? 32 : 128;
  const prefix = len === undefined ? max : Number(len);
  if (bytes === null || version === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new VigilError("E_CONFIG", `"${text}" is not a subnet (CIDR such as 10.0.0.0/8 or fd00::/8)`, {
      field,
    });
  }
  return { version, bytes, prefix };
}

function inCidr(ip: string, c: Cidr): boolean {
  if (isIP(ip) !== c.version) return false;
  const b = ipBytes(ip);
  if (b === null) return false;
  let bits = c.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((b[i] & mask) !== (c.bytes[i] & mask)) return false;
  }
  return true;
}

/** 4 or 16 bytes of an address, or null. */
export function ipBytes(ip: string): Uint8Array | null {
  const v = isIP(ip);
  if (v === 4) return Uint8Array.from(ip.split(".").map(Number));
  if (v !== 6) return null;
  const [l, r] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const words = (s: string | undefined) => (s === undefined || s === "" ? [] : s.split(":"));
  let left = words(l);
  let right = words(r);
  const expand = (ws: string[]) =>
    ws.flatMap((w) => (w.includes(".") ? v4Words(w) : [Number.parseInt(w, 16)]));
  left = expand(left).map(String);
  right = expand(right).map(String);
  const fill = 8 - left.length - right.length;
  const all = [...left, ...new Array<string>(r === undefined ? 0 : fill).fill("0"), ...right].map(Number);
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i] >> 8;
    out[2 * i + 1] = all[i] & 0xff;
  }
  return out;
}

function v4Words(s: string): number[] {
  const b = s.split(".").map(Number);
  return [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
}
