/** UDP header (RFC 768): ports and the payload after the 8-byte header. */
import { clampCap, u16be } from "./bytes.js";
import type { Packet } from "./packet.js";

const UDP_LEN = 8;

export function decodeUdp(d: Uint8Array, off: number, capEnd: number, wireLen: number, out: Packet): void {
  out.l4Offset = off;
  const avail = capEnd - off;
  if (avail < 4) {
    out.decodeIssue = `udp: truncated header (${Math.max(avail, 0)} of ${UDP_LEN} bytes)`;
    return;
  }
  out.srcPort = u16be(d, off);
  out.dstPort = u16be(d, off + 2);
  if (avail < UDP_LEN) {
    out.decodeIssue = `udp: truncated header (${avail} of ${UDP_LEN} bytes)`;
    return;
  }
  const udpLen = u16be(d, off + 4);
  // udpLen 0 is legal for IPv6 jumbograms; otherwise it must cover the header.
  if (udpLen !== 0 && udpLen < UDP_LEN) {
    out.decodeIssue = `udp: length ${udpLen} < ${UDP_LEN}`;
    return;
  }
  out.payloadOffset = off + UDP_LEN;
  const wirePayload = wireLen - UDP_LEN;
  out.payloadLen = Math.max(wirePayload, 0);
  out.payloadCapLen = clampCap(avail - UDP_LEN, out.payloadLen);
}
