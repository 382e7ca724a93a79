/** Test helpers: decoded synthetic packets at chosen times (synth.ts frames through the real decoder). */
import {
  buildArpFrame,
  buildEthernetFrame,
  type SynthArpSpec,
  type SynthFrameSpec,
} from "../capture/synth.js";
import { decodeBytes } from "../decode/decode.js";
import { LINKTYPE, type Packet } from "../decode/packet.js";

export function frameAt(ts: number, spec: SynthFrameSpec): Packet {
  const p = decodeBytes(LINKTYPE.ETHERNET, buildEthernetFrame(spec));
  p.ts = ts;
  p.tsSec = Math.floor(ts);
  return p;
}

export function arpAt(ts: number, spec: SynthArpSpec): Packet {
  const p = decodeBytes(LINKTYPE.ETHERNET, buildArpFrame(spec));
  p.ts = ts;
  p.tsSec = Math.floor(ts);
  return p;
}

/** A DNS query payload for `name` (id 0x1234, RD set). */
export function dnsQuery(name: string): Uint8Array {
  const parts: number[] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  for (const l of name.split(".")) parts.push(l.length, ...Array.from(l, (c) => c.charCodeAt(0)));
  parts.push(0, 0, 1, 0, 1);
  return Uint8Array.from(parts);
}
