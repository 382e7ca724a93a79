/**
 * Dispatches the transport layer by IP protocol number. `capEnd` bounds the bytes present in `data`
 * (snap length and IP length both applied); `wireLen` is the transport length declared by the IP layer
 * (header + payload on the wire), so payloadLen is right even when the capture cut the packet.
 */
import { clampCap } from "./bytes.js";
import { decodeIcmp4, decodeIcmp6 } from "./icmp.js";
import { IPPROTO, type Packet } from "./packet.js";
import { decodeTcp } from "./tcp.js";
import { decodeUdp } from "./udp.js";

export function decodeTransport(
  proto: number,
  d: Uint8Array,
  off: number,
  capEnd: number,
  wireLen: number,
  out: Packet,
): void {
  switch (proto) {
    case IPPROTO.TCP:
      decodeTcp(d, off, capEnd, wireLen, out);
      return;
    case IPPROTO.UDP:
      decodeUdp(d, off, capEnd, wireLen, out);
      return;
    case IPPROTO.ICMP:
      decodeIcmp4(d, off, capEnd, wireLen, out);
      return;
    case IPPROTO.ICMPV6:
      decodeIcmp6(d, off, capEnd, wireLen, out);
      return;
    default:
      // Another protocol (SCTP, GRE, ESP, ...): its bytes are the payload.
      out.payloadOffset = off;
      out.payloadLen = Math.max(wireLen, 0);
      out.payloadCapLen = clampCap(capEnd - off, out.payloadLen);
  }
}
