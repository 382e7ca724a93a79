/** Where the shared datasets live: $VIGIL_SHARED_DIR, else ../shared next to the project root. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json "vigil-ids", found walking up from this module (src/ or dist/src/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "vigil-ids") return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

export function defaultSharedDir(): string {
  return process.env.VIGIL_SHARED_DIR ?? resolve(projectRoot(), "..", "shared");
}

/** The datasets folder inside a shared dir. */
export function datasetsDir(sharedDir = defaultSharedDir()): string {
  return join(sharedDir, "datasets");
}
