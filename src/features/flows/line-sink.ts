/**
 * A synchronous, buffered line writer to a file descriptor (a file or stdout). Flow records are emitted
 * from inside the capture callback, which cannot await, so output is buffered and written with
 * writeSync; a non-blocking pipe that is full (EAGAIN) is retried after a 1 ms sleep, at most
 * `maxRetries` times, so a stuck reader ends in an error instead of a hang.
 */
import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import { VigilError } from "../../errors.js";

const FLUSH_AT = 1 << 16;

export class LineSink {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  private readonly owned: boolean;

  constructor(
    readonly name: string,
    /** Write every line at once (live capture: records appear as flows end). */
    private readonly immediate = false,
    private readonly maxRetries = 60_000,
  ) {
    if (name === "-") {
      this.fd = 1;
      this.owned = false;
    } else {
      try {
        this.fd = openSync(name, "w");
      } catch (e) {
        throw new VigilError(
          "E_IO",
          `cannot open output: ${(e as Error).message}`,
          { file: name },
          { cause: e },
        );
      }
      this.owned = true;
    }
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.immediate || this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.size = 0;
    let off = 0;
    let retries = 0;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (off < buf.length) {
      try {
        off += writeSync(this.fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN" && retries++ < this.maxRetries) {
          Atomics.wait(pause, 0, 0, 1);
          continue;
        }
        throw new VigilError(
          "E_IO",
          `write failed: ${(e as Error).message}`,
          { file: this.name },
          { cause: e },
        );
      }
    }
  }

  /** Drops what is buffered and, for a file this sink created, removes it (after an error). */
  abort(): void {
    this.parts = [];
    this.size = 0;
    if (this.owned) {
      closeSync(this.fd);
      try {
        unlinkSync(this.name);
      } catch {
        // already gone
      }
    }
  }

  close(): void {
    this.flush();
    if (this.owned) closeSync(this.fd);
  }
}
