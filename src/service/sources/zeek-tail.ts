/**
 * A growing Zeek conn.log (Zeek writing it now): read what is there, then poll for appended lines
 * (tail -f). A line that does not parse is counted and skipped (its line number kept in the last
 * warning); a file that shrank (rotated) is read again from its start with a fresh header.
 */
import { open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ZeekConnLogParser } from "../../capture/zeek-log.js";
import { VigilError } from "../../errors.js";
import type { FlowRecord } from "../../schemas/flow.js";
import type { FlowSource } from "./source.js";

export class ZeekTailSource implements FlowSource {
  readonly kind = "flows";
  readonly canWait = true;
  readonly name: string;
  readonly resumeKey: string;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly c = { records: 0, malformed: 0, rotations: 0 };
  lastWarning = "";

  constructor(
    readonly path: string,
    readonly follow: boolean,
    readonly pollMs: number,
  ) {
    this.name = `zeek:${path}`;
    this.resumeKey = `zeek:${resolve(path)}`;
  }

  async run(deliver: (rec: FlowRecord) => Promise<boolean> | boolean): Promise<void> {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(this.path, "r");
    } catch (e) {
      throw new VigilError("E_IO", `cannot read Zeek log: ${(e as Error).message}`, { file: this.path });
    }
    let parser = new ZeekConnLogParser(this.path);
    let pos = 0;
    let line = 0;
    let rest = "";
    const buf = Buffer.alloc(1 << 20);
    try {
      while (!this.stopped) {
        const size = (await stat(this.path)).size;
        if (size < pos) {
          pos = 0;
          line = 0;
          rest = "";
          parser = new ZeekConnLogParser(this.path);
          this.c.rotations++;
        }
        if (size > pos) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
          pos += bytesRead;
          const text = rest + buf.toString("utf8", 0, bytesRead);
          const lines = text.split("\n");
          rest = lines.pop() ?? "";
          for (const l of lines) {
            line++;
            let rec: FlowRecord | null = null;
            try {
              rec = parser.push(l.endsWith("\r") ? l.slice(0, -1) : l, line);
            } catch (e) {
              this.c.malformed++;
              this.lastWarning = (e as Error).message;
              continue;
            }
            if (rec === null) continue;
            this.c.records++;
            const r = deliver(rec);
            if (typeof r !== "boolean") await r;
          }
          continue;
        }
        if (!this.follow) break;
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, this.pollMs);
        });
      }
    } finally {
      await fh.close();
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  counters(): Record<string, number> {
    return { ...this.c };
  }
}
