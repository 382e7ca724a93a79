/**
 * Window fingerprints of a whole capture file (pcap / pcapng): open, decode, extract, flush.
 * Decode problems do not stop the read (the packet keeps what decoded); unreadable files are the
 * capture layer's VigilError (E_FORMAT / E_IO / E_TRUNCATED, naming the file and byte offset).
 */
import { openCapture } from "../capture/open.js";
import type { CaptureStats } from "../capture/source.js";
import { decodeFrame } from "../decode/decode.js";
import { Packet } from "../decode/packet.js";
import { type DeviceWindow, type ExtractorParams, FingerprintExtractor } from "./extractor.js";

export interface CaptureWindows {
  windows: DeviceWindow[];
  /** DNS names per MAC (most recent distinct ones). */
  dnsNames: Map<number, string[]>;
  /** Private IPv4 source addresses per MAC. */
  sourceIps: Map<number, number[]>;
  packets: number;
  capture: CaptureStats;
}

export async function windowsFromCapture(
  path: string,
  params: Partial<ExtractorParams> = {},
): Promise<CaptureWindows> {
  const windows: DeviceWindow[] = [];
  const ex = new FingerprintExtractor(params, (w) => windows.push(w));
  const p = new Packet();
  let packets = 0;
  const capture = await openCapture(path).run((frame) => {
    decodeFrame(frame, p);
    packets++;
    ex.observe(p);
  });
  ex.flush();
  const dnsNames = new Map<number, string[]>();
  const sourceIps = new Map<number, number[]>();
  for (const [mac, s] of ex.devices) {
    if (s.dnsNames.length > 0) dnsNames.set(mac, [...s.dnsNames]);
    if (s.sourceIps.size > 0) sourceIps.set(mac, [...s.sourceIps.keys()]);
  }
  return { windows, dnsNames, sourceIps, packets, capture };
}
