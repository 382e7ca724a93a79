/**
 * Small synthetic IoT traffic for detector tests (no ../shared needed): sensors publishing to a broker
 * on a schedule with jitter and the broker acknowledging, then optionally an attacker's SYN scan.
 * Deterministic (a seeded LCG), frames built by the project's synthetic builder.
 */
import type { StoredFrame } from "../../src/capture/memory-source.js";
import { buildEthernetFrame } from "../../src/capture/synth.js";
import { TCP_FLAG } from "../../src/decode/packet.js";

export const BROKER = "10.77.0.2";
export const ATTACKER = "10.77.0.66";

export interface TrafficOptions {
  benignSeconds: number;
  sensors: number;
  /** Seconds of SYN scan (0 = none), starting after the benign part, while benign traffic goes on. */
  attackSeconds: number;
  attackRatePerS: number;
  seed?: number;
}

export function syntheticIotTraffic(o: TrafficOptions): { frames: StoredFrame[]; attackStartTs: number } {
  let state = o.seed ?? 7;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const frames: StoredFrame[] = [];
  const t0 = 1_700_000_000;
  const end = t0 + o.benignSeconds + o.attackSeconds;
  const push = (ts: number, data: Uint8Array, origin: number) => {
    frames.push({ ts, data, wireLen: data.length, linkType: 1, origin });
  };
  for (let s = 0; s < o.sensors; s++) {
    const ip = `10.77.0.${10 + s}`;
    const mac = `02:00:00:00:01:${(16 + s).toString(16)}`;
    const period = 0.5 + s * 0.25;
    const size = 40 + s * 12;
    for (let ts = t0 + rand() * period; ts < end; ts += period * (0.9 + 0.2 * rand())) {
      push(
        ts,
        buildEthernetFrame({
          src: ip,
          dst: BROKER,
          proto: "tcp",
          srcPort: 40000 + s,
          dstPort: 1883,
          tcpFlags: TCP_FLAG.PSH | TCP_FLAG.ACK,
          payload: size,
          srcMac: mac,
          dstMac: "02:00:00:00:00:02",
        }),
        0,
      );
      push(
        ts + 0.0004 + rand() * 0.0002,
        buildEthernetFrame({
          src: BROKER,
          dst: ip,
          proto: "tcp",
          srcPort: 1883,
          dstPort: 40000 + s,
          tcpFlags: TCP_FLAG.ACK,
          srcMac: "02:00:00:00:00:02",
          dstMac: mac,
        }),
        0,
      );
    }
  }
  const attackStartTs = t0 + o.benignSeconds;
  const n = Math.floor(o.attackSeconds * o.attackRatePerS);
  for (let i = 0; i < n; i++) {
    const ts = attackStartTs + i / o.attackRatePerS;
    push(
      ts,
      buildEthernetFrame({
        src: ATTACKER,
        dst: BROKER,
        proto: "tcp",
        srcPort: 50000 + (i % 1000),
        dstPort: 1 + (i % 1024),
        tcpFlags: TCP_FLAG.SYN,
        srcMac: "02:00:00:00:00:66",
        dstMac: "02:00:00:00:00:02",
      }),
      1,
    );
  }
  frames.sort((a, b) => a.ts - b.ts);
  return { frames, attackStartTs };
}
