/**
 * Capture → decode → flow table, in one call: `flowsFromSource` streams records to a callback (bounded
 * memory), `flowRecordsFromCapture` collects them for small inputs (datasets, tests).
 */
import { openCapture } from "../../capture/open.js";
import type { CaptureSource, CaptureStats } from "../../capture/source.js";
import { decodeFrame } from "../../decode/decode.js";
import { Packet } from "../../decode/packet.js";
import type { FlowRecord } from "../../schemas/flow.js";
import { FlowTable, type FlowTableCounters } from "./flow-table.js";
import type { FlowTableOptionsInput } from "./options.js";

export interface FlowRunResult {
  capture: CaptureStats;
  flows: FlowTableCounters;
}

export interface FlowRunOptions {
  /**
   * Live sources: also expire flows by the wall clock every this many milliseconds, so an idle flow
   * is emitted even when no further packet arrives (default: off; files expire by packet time).
   */
  wallClockTickMs?: number;
}

/** Runs every frame of `source` through a flow table; each finished record goes to `onRecord`. */
export async function flowsFromSource(
  source: CaptureSource,
  onRecord: (rec: FlowRecord) => void,
  options: FlowTableOptionsInput = {},
  run: FlowRunOptions = {},
): Promise<FlowRunResult> {
  const table = new FlowTable(options, onRecord);
  const packet = new Packet();
  const tick =
    run.wallClockTickMs !== undefined
      ? setInterval(() => table.expireAt(Date.now() / 1000), run.wallClockTickMs)
      : undefined;
  try {
    const capture = await source.run((frame) => {
      decodeFrame(frame, packet);
      table.add(packet);
    });
    table.flush();
    return { capture, flows: { ...table.counters } };
  } finally {
    if (tick !== undefined) clearInterval(tick);
  }
}

/** Reads a pcap/pcapng file ("-" for stdin) and returns its finished flow records, in emission order. */
export async function flowRecordsFromCapture(
  path: string,
  options: FlowTableOptionsInput = {},
): Promise<FlowRecord[]> {
  const out: FlowRecord[] = [];
  await flowsFromSource(openCapture(path), (r) => out.push(r), options);
  return out;
}
