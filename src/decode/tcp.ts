/**
 * TCP header (RFC 9293): ports, sequence and acknowledgement numbers, the 9 flag bits (NS..FIN),
 * window, and where the payload starts. Options are skipped via the data offset.
 */
import { clampCap, u16be, u32be } from "./bytes.js";
import type { Packet } from "./packet.js";

const TCP_MIN = 20;

export function decodeTcp(d: Uint8Array, off: number, capEnd: number, wireLen: number, out: Packet): void {
  out.l4Offset = off;
  const avail = capEnd - off;
  if (avail < 4) {
    out.decodeIssue = `tcp: truncated header (${Math.max(avail, 0)} of ${TCP_MIN} bytes)`;
    return;
  }
  out.srcPort = u16be(d, off);
  out.dstPort = u16be(d, off + 2);
  if (avail < TCP_MIN) {
    out.decodeIssue = `tcp: truncated header (${avail} of ${TCP_MIN} bytes)`;
    return;
  }
  out.tcpSeq = u32be(d, off + 4);
  out.tcpAck = u32be(d, off + 8);
  const b12 = d[off + 12];
  out.tcpFlags = ((b12 & 1) << 8) | d[off + 13];
  out.tcpWindow = u16be(d, off + 14);
  const hdrLen = (b12 >> 4) * 4;
  if (hdrLen < TCP_MIN) {
    out.decodeIssue = `tcp: header length ${hdrLen} < ${TCP_MIN}`;
    return;
  }
  if (hdrLen > avail) {
    out.decodeIssue = `tcp: options truncated (header length ${hdrLen}, ${avail} bytes present)`;
    return;
  }
  out.payloadOffset = off + hdrLen;
  const wirePayload = wireLen - hdrLen;
  out.payloadLen = Math.max(wirePayload, 0);
  out.payloadCapLen = clampCap(avail - hdrLen, out.payloadLen);
}
