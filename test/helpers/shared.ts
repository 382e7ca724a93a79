/**
 * Where the shared datasets and reference outputs live (../shared from the project root), and a
 * describe() that skips VISIBLY when they are absent (a fresh clone without ../shared still passes).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED_DIR = process.env.VIGIL_SHARED_DIR ?? resolve(PROJECT_ROOT, "..", "shared");

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/** describe() when every path exists under ../shared; otherwise a skipped describe with a printed reason. */
export function describeWithShared(name: string, paths: string[], fn: () => void): void {
  const missing = paths.filter((p) => !existsSync(sharedPath(p)));
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const msg = `SKIPPED (needs ../shared data, absent here: ${missing.join(", ")}): ${name}`;
  process.stderr.write(`${msg}\n`);
  describe.skip(msg, fn);
}
