/**
 * npm run bench:flows — throughput of the flow table on one core (stages run in child processes
 * pinned with `taskset -c 0` when available), on a generated capture of BENCH_FLOW_PACKETS packets
 * (default 1,000,000): 70% TCP conversations of 10 packets (handshake, data both ways, FIN exchange),
 * 25% UDP request/response pairs, 5% ICMP echo pairs, BENCH_FLOW_CONCURRENT (default 20,000) flows
 * interleaved at a time, 10 µs apart.
 *
 * Stages: `table` (decoded packets straight into FlowTable.add: the flow table itself, with the default
 * initial size of 131,072 slots and again starting from 4,096 slots so that it has to grow; fresh tables,
 * whose every new slot first touches fresh memory, and a warm one that has carried the traffic before,
 * as a gateway's table has after its first minutes), `pipeline`
 * (pcap read + decode + flow table, from the file), `decode` (read + decode only, for the difference),
 * and `emit` (records built at flush, and the same records written as Zeek TSV / JSON lines).
 * Rates are given per wall-clock second and per CPU second of the process (user + system: on a shared,
 * loaded machine the second is the fairer figure; on a quiet one they agree). Prints one flat JSON object.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCapture } from "../src/capture/open.js";
import { PcapWriter } from "../src/capture/pcap-writer.js";
import { buildEthernetFrame } from "../src/capture/synth.js";
import { decodeFrame } from "../src/decode/decode.js";
import { formatIp4, Packet, TCP_FLAG } from "../src/decode/packet.js";
import { FlowTable } from "../src/features/flows/flow-table.js";
import { zeekLine } from "../src/features/flows/format.js";
import type { FlowRecord } from "../src/schemas/flow.js";

const PACKETS = Number(process.env.BENCH_FLOW_PACKETS ?? 1_000_000);
const CONCURRENT = Number(process.env.BENCH_FLOW_CONCURRENT ?? 20_000);
const REPEATS = Number(process.env.BENCH_FLOW_REPEATS ?? 3);

/** The generated traffic as columns (one row per packet). */
interface Traffic {
  n: number;
  proto: Uint8Array;
  src: Uint32Array;
  dst: Uint32Array;
  sport: Uint16Array;
  dport: Uint16Array;
  flags: Uint16Array;
  seq: Uint32Array;
  ack: Uint32Array;
  payload: Uint16Array;
  icmpType: Int16Array;
  tsUs: Float64Array;
  flows: number;
}

const { SYN, ACK, FIN, PSH } = TCP_FLAG;
type Step = [fromClient: boolean, flags: number, payload: number];
const TCP_STEPS: Step[] = [
  [true, SYN, 0],
  [false, SYN | ACK, 0],
  [true, ACK, 0],
  [true, ACK | PSH, 200],
  [false, ACK | PSH, 1200],
  [true, ACK | PSH, 80],
  [false, ACK | PSH, 400],
  [true, FIN | ACK, 0],
  [false, FIN | ACK, 0],
  [true, ACK, 0],
];

/** Deterministic traffic: flows started round-robin so about CONCURRENT are open at once. */
function generate(total: number): Traffic {
  const t: Traffic = {
    n: 0,
    proto: new Uint8Array(total),
    src: new Uint32Array(total),
    dst: new Uint32Array(total),
    sport: new Uint16Array(total),
    dport: new Uint16Array(total),
    flags: new Uint16Array(total),
    seq: new Uint32Array(total),
    ack: new Uint32Array(total),
    payload: new Uint16Array(total),
    icmpType: new Int16Array(total).fill(-1),
    tsUs: new Float64Array(total),
    flows: 0,
  };
  let rng = 12345;
  const rand = () => {
    rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
    return rng / 4294967296;
  };
  // each live flow: kind (0 tcp, 1 udp, 2 icmp), step, client/server addresses and ports, seq numbers
  const kind = new Uint8Array(CONCURRENT);
  const step = new Uint8Array(CONCURRENT);
  const cAddr = new Uint32Array(CONCURRENT);
  const sAddr = new Uint32Array(CONCURRENT);
  const cPort = new Uint16Array(CONCURRENT);
  const sPort = new Uint16Array(CONCURRENT);
  const cSeq = new Uint32Array(CONCURRENT);
  const sSeq = new Uint32Array(CONCURRENT);
  const start = (i: number) => {
    const r = rand();
    kind[i] = r < 0.7 ? 0 : r < 0.95 ? 1 : 2;
    step[i] = 0;
    cAddr[i] = (0x0a000000 + Math.floor(rand() * 65536)) >>> 0; // 10.0.x.x
    sAddr[i] = (0xc0a80000 + Math.floor(rand() * 256)) >>> 0; // 192.168.0.x
    cPort[i] = 1024 + Math.floor(rand() * 60000);
    sPort[i] =
      kind[i] === 0 ? [80, 443, 1883, 8080][Math.floor(rand() * 4)] : [53, 123, 5683][Math.floor(rand() * 3)];
    cSeq[i] = Math.floor(rand() * 4294967295);
    sSeq[i] = Math.floor(rand() * 4294967295);
    t.flows++;
  };
  for (let i = 0; i < CONCURRENT; i++) start(i);
  let slot = 0;
  for (let k = 0; k < total; k++) {
    const i = slot;
    slot = (slot + 1 + Math.floor(rand() * 3)) % CONCURRENT;
    const len = kind[i] === 0 ? TCP_STEPS.length : 2;
    const fromClient = kind[i] === 0 ? TCP_STEPS[step[i]][0] : step[i] === 0;
    t.src[k] = fromClient ? cAddr[i] : sAddr[i];
    t.dst[k] = fromClient ? sAddr[i] : cAddr[i];
    t.tsUs[k] = 1_700_000_000e6 + k * 10;
    if (kind[i] === 0) {
      const [, flags, payload] = TCP_STEPS[step[i]];
      t.proto[k] = 6;
      t.sport[k] = fromClient ? cPort[i] : sPort[i];
      t.dport[k] = fromClient ? sPort[i] : cPort[i];
      t.flags[k] = flags;
      t.payload[k] = payload;
      const mine = fromClient ? cSeq : sSeq;
      const theirs = fromClient ? sSeq : cSeq;
      t.seq[k] = mine[i];
      t.ack[k] = flags & ACK ? theirs[i] : 0;
      mine[i] = (mine[i] + payload + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
    } else if (kind[i] === 1) {
      t.proto[k] = 17;
      t.sport[k] = fromClient ? cPort[i] : sPort[i];
      t.dport[k] = fromClient ? sPort[i] : cPort[i];
      t.payload[k] = fromClient ? 40 : 120;
    } else {
      t.proto[k] = 1;
      t.icmpType[k] = fromClient ? 8 : 0;
      t.payload[k] = 56;
    }
    step[i]++;
    if (step[i] >= len) start(i);
    t.n = k + 1;
  }
  return t;
}

/** Fills the reusable Packet as the decoder would (for the table-only stage). */
function fill(p: Packet, t: Traffic, k: number, shiftUs = 0): void {
  p.index = k;
  const us = t.tsUs[k] + shiftUs;
  p.tsSec = Math.floor(us / 1e6);
  p.tsNsec = Math.round(us % 1e6) * 1000;
  p.ts = us / 1e6;
  p.ipVersion = 4;
  p.src4 = t.src[k];
  p.dst4 = t.dst[k];
  const proto = t.proto[k];
  p.ipProto = proto;
  const l4 = proto === 6 ? 20 : 8;
  p.payloadLen = t.payload[k];
  p.ipLen = 20 + l4 + t.payload[k];
  if (proto === 1) {
    p.srcPort = -1;
    p.dstPort = -1;
    p.icmpType = t.icmpType[k];
    p.icmpCode = 0;
  } else {
    p.srcPort = t.sport[k];
    p.dstPort = t.dport[k];
    p.icmpType = -1;
  }
  p.tcpFlags = proto === 6 ? t.flags[k] : 0;
  p.tcpSeq = t.seq[k];
  p.tcpAck = t.ack[k];
  p.tcpWindow = 64240;
}

async function writePcap(path: string, t: Traffic): Promise<void> {
  const w = PcapWriter.toFile(path);
  for (let k = 0; k < t.n; k++) {
    const proto = t.proto[k];
    const frame = buildEthernetFrame({
      src: formatIp4(t.src[k]),
      dst: formatIp4(t.dst[k]),
      proto: proto === 6 ? "tcp" : proto === 17 ? "udp" : "icmp",
      srcPort: t.sport[k],
      dstPort: t.dport[k],
      tcpFlags: t.flags[k],
      seq: t.seq[k],
      ack: t.ack[k],
      window: 64240,
      payload: t.payload[k],
      icmpType: proto === 1 ? t.icmpType[k] : undefined,
      icmpId: 1,
    });
    const us = t.tsUs[k];
    w.writePacket(Math.floor(us / 1e6), Math.round(us % 1e6) * 1000, frame);
  }
  await w.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const peakRssMB = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;

/** One stage, in this (child) process; prints its JSON. */
async function stage(name: string, pcap: string): Promise<Record<string, number>> {
  if (name === "table") {
    const t = generate(PACKETS);
    const p = new Packet();
    const rates: number[] = [];
    const cpuRates: number[] = [];
    let records = 0;
    let live = 0;
    let table: FlowTable | undefined;
    const initialFlows = process.env.BENCH_FLOW_INITIAL ? Number(process.env.BENCH_FLOW_INITIAL) : undefined;
    /** Feeds the traffic (capture time shifted by shiftUs) to `into`; pushes its wall and CPU rates. */
    const timed = (into: FlowTable, shiftUs: number, wall: number[], cpu: number[]): void => {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < t.n; k++) {
        fill(p, t, k, shiftUs);
        into.add(p);
      }
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.cpuUsage(c0);
      wall.push(t.n / s);
      cpu.push(t.n / ((c.user + c.system) / 1e6));
    };
    for (let rep = 0; rep < REPEATS; rep++) {
      table = new FlowTable({ initialFlows }, () => records++);
      timed(table, 0, rates, cpuRates);
      live = table.counters.liveFlows;
    }
    const c = table!.counters;
    // Warm: one table that has already carried the traffic (then flushed, its slots free again and its
    // memory mapped) takes it again, an hour later in capture time, REPEATS times: the steady state of a
    // long-running gateway, whose table reuses its slots. The fresh figure above also pays the first
    // touch of every new slot's memory (page faults for ~80 MB of flow records).
    const warmRates: number[] = [];
    const warmCpuRates: number[] = [];
    const warm = new FlowTable({ initialFlows }, () => records++);
    timed(warm, 0, [], []);
    warm.flush();
    for (let rep = 1; rep <= REPEATS; rep++) {
      timed(warm, rep * 3600e6, warmRates, warmCpuRates);
      warm.flush();
    }
    return {
      packets: t.n,
      flows_generated: t.flows,
      flow_table_packets_per_s: Math.round(median(rates)),
      flow_table_packets_per_s_best: Math.round(Math.max(...rates)),
      flow_table_packets_per_cpu_s: Math.round(median(cpuRates)),
      flow_table_warm_packets_per_s: Math.round(median(warmRates)),
      flow_table_warm_packets_per_s_best: Math.round(Math.max(...warmRates)),
      flow_table_warm_packets_per_cpu_s: Math.round(median(warmCpuRates)),
      flows_live_at_end: live,
      flows_emitted_during_run: c.flowsEmitted,
      peak_flows: c.peakFlows,
      peak_rss_mb: peakRssMB(),
    };
  }
  if (name === "pipeline" || name === "decode") {
    const rates: number[] = [];
    const cpuRates: number[] = [];
    let flows = 0;
    for (let rep = 0; rep < REPEATS; rep++) {
      const p = new Packet();
      const table = new FlowTable({}, () => flows++);
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const stats = await openCapture(pcap).run((f) => {
        decodeFrame(f, p);
        if (name === "pipeline") table.add(p);
      });
      if (name === "pipeline") table.flush();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.cpuUsage(c0);
      rates.push(stats.framesRead / s);
      cpuRates.push(stats.framesRead / ((c.user + c.system) / 1e6));
    }
    return {
      packets_per_s: Math.round(median(rates)),
      packets_per_cpu_s: Math.round(median(cpuRates)),
      peak_rss_mb: peakRssMB(),
    };
  }
  // emit: records built at flush (handed to a consumer that keeps none, as a streaming writer would),
  // then, from a second identical table whose records are kept, their serialisation
  const t = generate(PACKETS);
  const p = new Packet();
  const lingering = { udpIdleTimeoutS: 3600, tcpClosedLingerS: 3600, tcpIdleTimeoutS: 3600 };
  let built = 0;
  const counting = new FlowTable(lingering, () => built++);
  for (let k = 0; k < t.n; k++) {
    fill(p, t, k);
    counting.add(p);
  }
  const t0 = process.hrtime.bigint();
  counting.flush();
  const buildS = Number(process.hrtime.bigint() - t0) / 1e9;
  const recs: FlowRecord[] = [];
  const keeping = new FlowTable(lingering, (r) => recs.push(r));
  for (let k = 0; k < t.n; k++) {
    fill(p, t, k);
    keeping.add(p);
  }
  keeping.flush();
  const t1 = process.hrtime.bigint();
  let zeekChars = 0;
  for (const r of recs) zeekChars += zeekLine(r).length;
  const zeekS = Number(process.hrtime.bigint() - t1) / 1e9;
  const t2 = process.hrtime.bigint();
  let jsonChars = 0;
  for (const r of recs) jsonChars += JSON.stringify(r).length;
  const jsonS = Number(process.hrtime.bigint() - t2) / 1e9;
  return {
    records: recs.length,
    record_build_per_s: Math.round(built / buildS),
    zeek_lines_per_s: Math.round(recs.length / zeekS),
    json_lines_per_s: Math.round(recs.length / jsonS),
    zeek_bytes_per_record: Math.round(zeekChars / recs.length),
    json_bytes_per_record: Math.round(jsonChars / recs.length),
    peak_rss_mb: peakRssMB(),
  };
}

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function runStage(
  name: string,
  pcap: string,
  pinned: boolean,
  env: Record<string, string> = {},
): Record<string, number> {
  const self = fileURLToPath(import.meta.url);
  const args = [process.execPath, "--max-old-space-size=4096", self, "stage", name, pcap];
  const opts = { encoding: "utf8" as const, maxBuffer: 1 << 24, env: { ...process.env, ...env } };
  const out = pinned
    ? execFileSync("taskset", ["-c", "0", ...args], opts)
    : execFileSync(args[0], args.slice(1), opts);
  return JSON.parse(out.trim().split("\n").pop() as string);
}

async function main(): Promise<void> {
  if (process.argv[2] === "stage") {
    const r = await stage(process.argv[3], process.argv[4]);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-flows-"));
  try {
    const pcap = join(dir, "flows.pcap");
    const loadAtStart = Math.round(loadavg()[0] * 100) / 100;
    const g0 = Date.now();
    await writePcap(pcap, generate(PACKETS));
    const genS = (Date.now() - g0) / 1000;
    const pinned = hasTaskset();
    const table = runStage("table", pcap, pinned);
    // the same, with a table that starts at 4,096 slots and doubles five times on the way
    const growing = runStage("table", pcap, pinned, { BENCH_FLOW_INITIAL: "4096" });
    const pipeline = runStage("pipeline", pcap, pinned);
    const decode = runStage("decode", pcap, pinned);
    const emit = runStage("emit", pcap, pinned);
    const result = {
      bench: "flows",
      node: process.version,
      pinned_one_core: pinned,
      load_average_1m_at_start: loadAtStart,
      load_average_1m_at_end: Math.round(loadavg()[0] * 100) / 100,
      repeats_median_of: REPEATS,
      packets: table.packets,
      flows_generated: table.flows_generated,
      concurrent_flows: CONCURRENT,
      capture_bytes: statSync(pcap).size,
      capture_generation_s: genS,
      flow_table_packets_per_s: table.flow_table_packets_per_s,
      flow_table_packets_per_s_best: table.flow_table_packets_per_s_best,
      flow_table_peak_flows: table.peak_flows,
      flow_table_peak_rss_mb: table.peak_rss_mb,
      flow_table_packets_per_cpu_s: table.flow_table_packets_per_cpu_s,
      flow_table_warm_packets_per_s: table.flow_table_warm_packets_per_s,
      flow_table_warm_packets_per_s_best: table.flow_table_warm_packets_per_s_best,
      flow_table_warm_packets_per_cpu_s: table.flow_table_warm_packets_per_cpu_s,
      flow_table_growing_from_4096_packets_per_s: growing.flow_table_packets_per_s,
      flow_table_growing_from_4096_peak_rss_mb: growing.peak_rss_mb,
      read_decode_flow_packets_per_s: pipeline.packets_per_s,
      read_decode_flow_packets_per_cpu_s: pipeline.packets_per_cpu_s,
      read_decode_flow_peak_rss_mb: pipeline.peak_rss_mb,
      read_decode_only_packets_per_s: decode.packets_per_s,
      read_decode_only_packets_per_cpu_s: decode.packets_per_cpu_s,
      emit_records: emit.records,
      emit_record_build_per_s: emit.record_build_per_s,
      emit_zeek_lines_per_s: emit.zeek_lines_per_s,
      emit_json_lines_per_s: emit.json_lines_per_s,
      emit_zeek_bytes_per_record: emit.zeek_bytes_per_record,
      emit_json_bytes_per_record: emit.json_bytes_per_record,
      emit_peak_rss_mb: emit.peak_rss_mb,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
