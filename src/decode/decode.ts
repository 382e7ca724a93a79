/**
 * decodeFrame: one captured frame into the reusable Packet (reset, then filled layer by layer).
 * Pure and allocation-free; never throws: a short or garbled header sets `decodeIssue` and leaves
 * later layers absent.
 */
import type { Frame } from "../capture/source.js";
import { decodeEthernet } from "./ethernet.js";
import { LINKTYPE, Packet } from "./packet.js";
import { decodeNullLoop, decodeRawIp } from "./raw-ip.js";
import { decodeSll, decodeSll2 } from "./sll.js";

/** DLT_RAW as written by some BSDs (12) and OpenBSD (14); both mean raw IP. */
const DLT_RAW_BSD = 12;
const DLT_RAW_OPENBSD = 14;

/** Link types decodeFrame understands. */
export const SUPPORTED_LINKTYPES: readonly number[] = [
  LINKTYPE.NULL,
  LINKTYPE.ETHERNET,
  LINKTYPE.RAW,
  LINKTYPE.IPV4,
  LINKTYPE.IPV6,
  LINKTYPE.LINUX_SLL,
  LINKTYPE.LINUX_SLL2,
  LINKTYPE.LOOP,
  DLT_RAW_BSD,
  DLT_RAW_OPENBSD,
];

export function decodeFrame(frame: Frame, out: Packet): Packet {
  out.reset();
  out.index = frame.index;
  out.tsSec = frame.tsSec;
  out.tsNsec = frame.tsNsec;
  out.ts = frame.tsSec + frame.tsNsec / 1e9;
  out.capLen = frame.capLen;
  out.wireLen = frame.wireLen;
  out.linkType = frame.linkType;
  out.interfaceId = frame.interfaceId;
  out.data = frame.data;
  decodeLink(frame.linkType, frame.data, out);
  return out;
}

/** Decodes `d` (one whole captured frame) by link type into `out` (which the caller has reset). */
export function decodeLink(linkType: number, d: Uint8Array, out: Packet): void {
  const end = d.length;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      decodeEthernet(d, 0, end, out);
      return;
    case LINKTYPE.LINUX_SLL:
      decodeSll(d, 0, end, out);
      return;
    case LINKTYPE.LINUX_SLL2:
      decodeSll2(d, 0, end, out);
      return;
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
    case DLT_RAW_BSD:
    case DLT_RAW_OPENBSD:
      decodeRawIp(d, 0, end, out);
      return;
    case LINKTYPE.NULL:
      decodeNullLoop(d, 0, end, out, false);
      return;
    case LINKTYPE.LOOP:
      decodeNullLoop(d, 0, end, out, true);
      return;
    default:
      out.decodeIssue = `link: unsupported link type ${linkType}`;
  }
}

/** Decodes one frame's bytes without a capture source (tests, tools): index 0, time 0, wireLen = data.length. */
export function decodeBytes(linkType: number, data: Uint8Array, out: Packet = new Packet()): Packet {
  return decodeFrame(
    {
      index: 0,
      byteOffset: 0,
      tsSec: 0,
      tsNsec: 0,
      capLen: data.length,
      wireLen: data.length,
      linkType,
      interfaceId: 0,
      data,
    },
    out,
  );
}
