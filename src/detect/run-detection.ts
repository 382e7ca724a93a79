/**
 * The packet pipeline: capture -> decode -> PacketDetector -> alert limiter -> alert sink.
 * Runs until the source ends or `stop()` (SIGINT/SIGTERM in the CLI); what was read is scored and
 * every alert is written before the summary is returned.
 */
import type { CaptureSource, CaptureStats } from "../capture/source.js";
import { decodeFrame } from "../decode/decode.js";
import { Packet } from "../decode/packet.js";
import type { Alert } from "../schemas/alert.js";
import { buildAlert, hostPairKey } from "./alert-builder.js";
import { AlertLimiter } from "./alert-limiter.js";
import type { PacketDetector } from "./packet-detector.js";

export interface RunDetectionOptions {
  source: CaptureSource;
  detector: PacketDetector;
  /** Called for every emitted alert, in capture order. */
  onAlert: (alert: Alert) => void;
  /** Per-host-pair alert interval in capture seconds (0 = one alert per packet over threshold). */
  alertIntervalS: number;
  /** Interface name for in_iface (live capture). */
  iface?: string;
  /** Top contributors attached to each alert. */
  explainTop?: number;
  /** Called when the detector changes phase (mapping -> training -> calibrating -> detecting). */
  onPhase?: (phase: string, packetIndex: number) => void;
  /** Receives every score (calibration and detection phases) with its packet, e.g. for evaluation. */
  onScore?: (p: Packet, score: number) => void;
}

export interface DetectionSummary {
  packets: number;
  decodeIssues: number;
  packetsScored: number;
  packetsOverThreshold: number;
  alerts: number;
  alertsSuppressed: number;
  threshold: number;
  phase: string;
  phasePackets: Record<string, number>;
  capture: CaptureStats;
  elapsedS: number;
  packetsPerS: number;
}

export async function runDetection(o: RunDetectionOptions): Promise<DetectionSummary> {
  const p = new Packet();
  const limiter = new AlertLimiter(o.alertIntervalS);
  const det = o.detector;
  const top = o.explainTop ?? 3;
  let packets = 0;
  let decodeIssues = 0;
  let scored = 0;
  let over = 0;
  let alerts = 0;
  let lastPhase = det.phase;
  const phasePackets: Record<string, number> = {};
  const t0 = process.hrtime.bigint();
  const capture = await o.source.run((frame) => {
    decodeFrame(frame, p);
    packets++;
    if (p.decodeIssue !== "") decodeIssues++;
    const phase = det.phase;
    phasePackets[phase] = (phasePackets[phase] ?? 0) + 1;
    const score = det.process(p);
    if (det.phase !== lastPhase) {
      lastPhase = det.phase;
      o.onPhase?.(lastPhase, p.index);
    }
    if (Number.isNaN(score)) return;
    scored++;
    o.onScore?.(p, score);
    if (phase !== "detecting" || score <= det.threshold) return;
    over++;
    const d = limiter.offer(hostPairKey(p), p.ts);
    if (!d.emit) return;
    const ex = det.explainLast(top);
    alerts++;
    o.onAlert(
      buildAlert({
        p,
        score,
        threshold: det.threshold,
        packetsOverThreshold: d.packetsOverThreshold,
        iface: o.iface,
        topAutoencoders: ex.topAutoencoders,
        topFeatures: ex.topFeatures,
        reason: ex.reason,
        explanation: ex.explanation,
      }),
    );
  });
  const elapsedS = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    packets,
    decodeIssues,
    packetsScored: scored,
    packetsOverThreshold: over,
    alerts,
    alertsSuppressed: limiter.suppressed,
    threshold: det.threshold,
    phase: det.phase,
    phasePackets,
    capture,
    elapsedS,
    packetsPerS: elapsedS > 0 ? packets / elapsedS : 0,
  };
}
