/**
 * EVE JSON file sink: one alert per line, appended with synchronous writes from a small buffer (flushed
 * every `flushMs` and on flush()), rotated by size (eve.json -> eve.json.1 -> ... keep N). On open it
 * reads the ids of the last lines of the current file, so alerts re-raised after a crash are not
 * written twice.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import type { z } from "zod";
import { VigilError } from "../../errors.js";
import type { EveSinkSchema } from "../config/schema.js";
import { emptySinkStats, type ServiceAlert, type Sink, type SinkStats } from "./sink.js";

type EveConfig = z.infer<typeof EveSinkSchema>;

/** Bytes read back from the end of the current file on open (ids of recent alerts). */
const TAIL_BYTES = 4 * 1024 * 1024;

export class EveFileSink implements Sink {
  readonly name: string;
  private fd = -1;
  private size = 0;
  private buf: string[] = [];
  private bufBytes = 0;
  private readonly st: SinkStats = emptySinkStats();
  private recent = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  rotations = 0;

  constructor(
    private readonly cfg: EveConfig,
    private readonly flushMs = 100,
  ) {
    this.name = `eve:${cfg.path}`;
  }

  async open(): Promise<void> {
    try {
      this.fd = openSync(this.cfg.path, "a+");
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      throw new VigilError("E_IO", `cannot open EVE file: ${(e as Error).message}`, { file: this.cfg.path });
    }
    this.recent = readTailIds(this.fd, this.size);
    this.timer = setInterval(() => this.drain(), this.flushMs);
    this.timer.unref();
  }

  write(a: ServiceAlert): boolean {
    if (this.closed || this.fd < 0) {
      this.st.dropped++;
      return false;
    }
    if (this.recent.size > 0 && this.recent.has(a.alert_id)) {
      this.st.duplicates++;
      return true;
    }
    const line = `${JSON.stringify(a)}\n`;
    this.buf.push(line);
    this.bufBytes += Buffer.byteLength(line);
    this.st.pending++;
    if (this.bufBytes >= 64 * 1024) this.drain();
    return true;
  }

  private drain(): void {
    if (this.buf.length === 0 || this.fd < 0) return;
    const lines = this.buf;
    this.buf = [];
    this.bufBytes = 0;
    let chunk = "";
    let chunkBytes = 0;
    let n = 0;
    for (const line of lines) {
      const b = Buffer.byteLength(line);
      if (this.size + chunkBytes + b > this.cfg.rotate_bytes && this.size + chunkBytes > 0) {
        this.writeOut(chunk, n);
        chunk = "";
        chunkBytes = 0;
        n = 0;
        this.rotate();
      }
      chunk += line;
      chunkBytes += b;
      n++;
    }
    this.writeOut(chunk, n);
  }

  private writeOut(chunk: string, n: number): void {
    if (n === 0) return;
    try {
      const b = Buffer.from(chunk);
      let off = 0;
      while (off < b.length) off += writeSync(this.fd, b, off);
      this.size += b.length;
      this.st.written += n;
    } catch (e) {
      this.st.failed += n;
      process.stderr.write(`vigil: EVE write failed (${this.cfg.path}): ${(e as Error).message}\n`);
    }
    this.st.pending -= n;
  }

  private rotate(): void {
    closeSync(this.fd);
    const p = this.cfg.path;
    if (this.cfg.keep === 0) rmSync(p, { force: true });
    else {
      rmSync(`${p}.${this.cfg.keep}`, { force: true });
      for (let i = this.cfg.keep - 1; i >= 1; i--)
        if (existsSync(`${p}.${i}`)) renameSync(`${p}.${i}`, `${p}.${i + 1}`);
      renameSync(p, `${p}.1`);
    }
    this.fd = openSync(p, "a+");
    this.size = 0;
    this.rotations++;
  }

  async flush(): Promise<void> {
    this.drain();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.drain();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  stats(): SinkStats {
    return { ...this.st };
  }
}

/** alert_id of every whole line in the last TAIL_BYTES of the file. */
function readTailIds(fd: number, size: number): Set<string> {
  const ids = new Set<string>();
  if (size === 0) return ids;
  const n = Math.min(size, TAIL_BYTES);
  const b = Buffer.alloc(n);
  readSync(fd, b, 0, n, size - n);
  const lines = b.toString("utf8").split("\n");
  if (n < size) lines.shift(); // partial first line
  for (const l of lines) {
    const m = /"alert_id":"([0-9a-f]+)"/.exec(l);
    if (m) ids.add(m[1]);
  }
  return ids;
}
