/**
 * Resume without duplicates: per resumable input (a pcap file by path, size and mtime) the highest
 * record number whose alerts every sink confirmed. A restart replays the input (the detector rebuilds
 * its state) and does not hand alerts at or below that mark to the sinks again. Written atomically
 * (temp file + rename) after each flush of all sinks.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { VigilError } from "../errors.js";

const CheckpointSchema = z.object({
  version: z.literal(1),
  inputs: z.record(z.string(), z.object({ delivered_through: z.number().int(), updated: z.string() })),
});
type CheckpointFile = z.infer<typeof CheckpointSchema>;

export class Checkpoint {
  private data: CheckpointFile = { version: 1, inputs: {} };
  readonly path: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, "checkpoint.json");
    let text: string | undefined;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return; // first run
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new VigilError("E_FORMAT", `checkpoint is not JSON: ${(e as Error).message}`, {
        file: this.path,
      });
    }
    const r = CheckpointSchema.safeParse(json);
    if (!r.success) {
      throw new VigilError("E_SCHEMA", `bad checkpoint: ${r.error.issues[0].message}`, {
        file: this.path,
        field: r.error.issues[0].path.join("."),
      });
    }
    this.data = r.data;
  }

  /** Highest record already delivered for this input, or -1. */
  deliveredThrough(key: string): number {
    return this.data.inputs[key]?.delivered_through ?? -1;
  }

  save(key: string, through: number): void {
    const cur = this.deliveredThrough(key);
    if (through <= cur) return;
    this.data.inputs[key] = { delivered_through: through, updated: new Date().toISOString() };
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}
