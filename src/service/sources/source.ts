/**
 * Service sources: a packet source feeds the frame ring (and through it the packet detector and the
 * flow table); a flow source hands finished flow records to the flow stage. `deliver` returns a
 * promise while the downstream queue is full (block) so a source that can wait, waits; sources that
 * cannot (UDP, MQTT subscriptions) drop and count instead.
 */
import type { CaptureSource } from "../../capture/source.js";
import type { FlowRecord } from "../../schemas/flow.js";

export interface PacketSource {
  readonly kind: "packets";
  readonly name: string;
  /** Stable identity of the input for resume (a file's path, size and mtime); null = not resumable. */
  readonly resumeKey: string | null;
  /** Replay pacing: "max", "recorded" or a rate multiplier. */
  readonly speed: "max" | "recorded" | number;
  /** Replays the input more than once: timestamps are shifted so capture time keeps going forward. */
  readonly loops?: number;
  /** Live sources drop when the ring is full; files wait. */
  readonly canWait: boolean;
  /** Opens the capture; `waitForRoom` gates reading the next chunk (files only). */
  open(waitForRoom: () => Promise<void>): CaptureSource;
}

/** Called once a flow record is fully processed (JetStream: acknowledges it). */
export type FlowAck = () => void;

export interface FlowSource {
  readonly kind: "flows";
  readonly name: string;
  readonly resumeKey: string | null;
  /** Whether the source can wait for room (files, JetStream); UDP and MQTT cannot: full = drop. */
  readonly canWait: boolean;
  /** Runs until the input ends or stop(); `deliver` may return a promise to slow the source. */
  run(deliver: (rec: FlowRecord, ack?: FlowAck) => Promise<boolean> | boolean): Promise<void>;
  stop(): void;
  /** Source-specific counters for metrics (records read, malformed, ...). */
  counters(): Record<string, number>;
}

export type ServiceSource = PacketSource | FlowSource;
