/**
 * Capture benchmark: frames/s of reading, and of reading + decoding, a generated pcap on one core,
 * against libpcap (`tcpdump -r FILE` with a filter that matches nothing: libpcap read + BPF, no output).
 * Prints one JSON object. Environment: BENCH_PACKETS (default 1,000,000), BENCH_RUNS (default 5, median).
 *
 *   npm run bench:capture
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { openCapture } from "../src/capture/open.js";
import { PcapWriter } from "../src/capture/pcap-writer.js";
import { buildArpFrame, buildEthernetFrame } from "../src/capture/synth.js";
import { decodeFrame } from "../src/decode/decode.js";
import { Packet } from "../src/decode/packet.js";

const PACKETS = Number(process.env.BENCH_PACKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** 1024 distinct frames (TCP/UDP/ICMP over IPv4 and IPv6, some VLAN-tagged, ARP), cycled. */
function framePool(): Uint8Array[] {
  const pool: Uint8Array[] = [];
  for (let i = 0; i < 1024; i++) {
    const v6 = i % 8 === 0;
    const src = v6 ? `2001:db8::${(i % 200) + 1}` : `10.${i % 4}.${i % 250}.${(i * 7) % 250}`;
    const dst = v6 ? "2001:db8::1" : "192.168.0.10";
    const kind = i % 10;
    if (kind === 9) {
      pool.push(
        buildArpFrame({
          op: 1,
          senderMac: "02:00:00:00:00:01",
          senderIp: "10.0.0.1",
          targetMac: "00:00:00:00:00:00",
          targetIp: "10.0.0.2",
        }),
      );
      continue;
    }
    const proto = kind < 6 ? "tcp" : kind < 8 ? "udp" : "icmp";
    const payload = [0, 0, 20, 60, 200, 1200][i % 6];
    pool.push(
      buildEthernetFrame({
        src,
        dst,
        proto,
        srcPort: 1024 + i,
        dstPort: 1883,
        payload,
        vlans: i % 16 === 5 ? [100] : undefined,
      }),
    );
  }
  return pool;
}

async function generate(path: string): Promise<void> {
  const pool = framePool();
  const w = PcapWriter.toFile(path);
  for (let i = 0; i < PACKETS; i++)
    w.writePacket(1_700_000_000 + Math.floor(i / 10_000), (i % 10_000) * 100_000, pool[i & 1023]);
  await w.close();
}

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of this process (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  frames: number;
  withTransport: number;
}

async function timeRead(path: string, decode: boolean): Promise<Timing> {
  const p = new Packet();
  let withTransport = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const stats = await openCapture(path).run(
    decode
      ? (f) => {
          decodeFrame(f, p);
          if (p.l4Offset >= 0) withTransport++;
        }
      : () => {},
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, frames: stats.framesRead, withTransport };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** tcpdump's wall and CPU seconds (CPU from the shell's `times` for its children); null without tcpdump. */
function timeTcpdump(path: string): { seconds: number; cpuSeconds: number } | null {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    "bash",
    ["-c", 'tcpdump -n -r "$1" less 1 >/dev/null 2>&1 || exit 3; times', "bench", path],
    {
      encoding: "utf8",
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) return null;
  // `times` prints the shell's own user/sys, then its children's: "0m0.512s 0m0.100s".
  const m = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout);
  if (m === null) return null;
  const cpuSeconds = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
  return { seconds, cpuSeconds };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-capture-"));
  const path = join(dir, "bench.pcap");
  try {
    await generate(path);
    const bytes = statSync(path).size;
    const read: number[] = [];
    const both: number[] = [];
    const readCpu: number[] = [];
    const bothCpu: number[] = [];
    const peer: Array<{ seconds: number; cpuSeconds: number }> = [];
    let frames = 0;
    let withTransport = 0;
    await timeRead(path, true); // warm-up: JIT and page cache
    for (let r = 0; r < RUNS; r++) {
      // Alternate which goes first: on a busy machine the first read after another process tends to be slower.
      const readFirst = r % 2 === 0;
      const a0 = readFirst ? await timeRead(path, false) : null;
      const b = await timeRead(path, true);
      const a = a0 ?? (await timeRead(path, false));
      read.push(a.seconds);
      both.push(b.seconds);
      readCpu.push(a.cpuSeconds);
      bothCpu.push(b.cpuSeconds);
      frames = b.frames;
      withTransport = b.withTransport;
      const t = timeTcpdump(path);
      if (t !== null) peer.push(t);
    }
    const rs = median(read);
    const bs = median(both);
    const out = {
      bench: "capture",
      node: process.version,
      cpu: cpus()[0]?.model ?? "unknown",
      packets: frames,
      fileBytes: bytes,
      runs: RUNS,
      read: {
        seconds: rs,
        framesPerSec: Math.round(frames / rs),
        megabytesPerSec: Math.round(bytes / rs / 1e6),
        cpuSeconds: median(readCpu),
        framesPerCpuSec: Math.round(frames / median(readCpu)),
      },
      readDecode: {
        seconds: bs,
        framesPerSec: Math.round(frames / bs),
        cpuSeconds: median(bothCpu),
        framesPerCpuSec: Math.round(frames / median(bothCpu)),
        framesWithTransport: withTransport,
      },
      peer:
        peer.length > 0
          ? {
              name: "libpcap: tcpdump -n -r FILE 'less 1' (read + BPF, prints nothing)",
              seconds: median(peer.map((x) => x.seconds)),
              framesPerSec: Math.round(frames / median(peer.map((x) => x.seconds))),
              cpuSeconds: median(peer.map((x) => x.cpuSeconds)),
              framesPerCpuSec: Math.round(frames / median(peer.map((x) => x.cpuSeconds))),
            }
          : null,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
