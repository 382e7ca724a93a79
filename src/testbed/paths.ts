/**
 * Where the testbed's own programs are: the compiled agent (dist/src/testbed/agent.js) that runs
 * inside namespaces. Works from the compiled CLI and from tests running the TypeScript sources (which
 * need `npm run build` first, as `npm test` does).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { VigilError } from "../errors.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The project root (the directory holding package.json). */
export const PROJECT_ROOT = here.includes(`${join("dist", "src")}`)
  ? resolve(here, "..", "..", "..")
  : resolve(here, "..", "..");

export function agentPath(): string {
  const p = join(PROJECT_ROOT, "dist", "src", "testbed", "agent.js");
  if (!existsSync(p)) {
    throw new VigilError("E_CONFIG", "the testbed agent is not built: run `npm run build`", { file: p });
  }
  return p;
}

/** [node, args] that run agent KIND with JSON arguments. */
export function agentCommand(kind: string, args: Record<string, unknown>): [string, string[]] {
  return [process.execPath, [agentPath(), kind, JSON.stringify(args)]];
}
