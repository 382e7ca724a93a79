/** Saving and loading a trained packet detector as a JSON artifact (schema-checked when read). */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { VigilError } from "../errors.js";
import type { ModelArtifact } from "../models/base.js";
import { PacketDetector } from "./packet-detector.js";

const ArtifactSchema = z.object({
  format: z.literal("vigil-model"),
  version: z.number().int(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()),
});

export function saveDetector(d: PacketDetector, path: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(d.toArtifact()));
    renameSync(tmp, path); // a reader never sees half a file
  } catch (e) {
    if (e instanceof VigilError) throw e;
    throw new VigilError(
      "E_IO",
      `cannot write detector: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  }
}

export async function loadDetector(path: string): Promise<PacketDetector> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new VigilError(
      "E_IO",
      `cannot read detector: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new VigilError(
      "E_MODEL",
      `detector file is not JSON: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  }
  const parsed = ArtifactSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VigilError("E_MODEL", `detector file is not a vigil model: ${issue.message}`, {
      file: path,
      field: issue.path.join("."),
    });
  }
  try {
    return PacketDetector.fromArtifact(parsed.data as ModelArtifact);
  } catch (e) {
    if (e instanceof VigilError) throw e.withContext({ file: path });
    throw e;
  }
}
