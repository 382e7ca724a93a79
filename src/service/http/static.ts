/** Locates the dashboard's static files (src/dashboard, shipped beside dist/) and serves them. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** The dashboard folder: walks up from this module to the project root. */
export function dashboardDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const cand = join(dir, "src", "dashboard");
    if (existsSync(join(cand, "index.html"))) return cand;
    dir = dirname(dir);
  }
  return undefined;
}

/** A file of the dashboard by URL path ("/" = index.html), or undefined (never outside the folder). */
export function dashboardFile(dir: string, urlPath: string): { body: Buffer; type: string } | undefined {
  const rel = urlPath === "/" || urlPath === "" ? "index.html" : urlPath.replace(/^\/+/, "");
  const full = normalize(join(dir, rel));
  if (!full.startsWith(dir) || !existsSync(full)) return undefined;
  const type = TYPES[extname(full)];
  if (type === undefined) return undefined;
  return { body: readFileSync(full), type };
}
