/**
 * Reads vigil.yaml: YAML (the `yaml` package, with a LineCounter so every error names its line), then
 * the zod schema. A wrong key, a wrong type or a missing field becomes a VigilError E_CONFIG whose
 * context names the file, the line and the dotted field path ("sinks.1.rotate_byts").
 */
import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { VigilError } from "../../errors.js";
import { type ServiceConfig, ServiceConfigSchema } from "./schema.js";

/** Parses config text; `file` only names it in errors. */
export function parseServiceConfig(text: string, file = "vigil.yaml"): ServiceConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lc.linePos(e.pos[0]).line;
    throw new VigilError("E_CONFIG", `not valid YAML: ${e.message.split("\n")[0]}`, { file, line });
  }
  const value = doc.toJS() as unknown;
  const parsed = ServiceConfigSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const { field, offset } = locate(doc.contents, issue);
  const line = offset >= 0 ? lc.linePos(offset).line : undefined;
  const what =
    issue.code === "unrecognized_keys"
      ? `unknown key "${issue.keys[0]}"${field.includes(".") ? ` in ${field.slice(0, field.lastIndexOf("."))}` : ""}`
      : `${field === "" ? "config" : field}: ${issue.message}`;
  throw new VigilError("E_CONFIG", what, { file, line, field });
}

export function loadServiceConfig(path: string): ServiceConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new VigilError("E_IO", `cannot read config: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  return parseServiceConfig(text, path);
}

/** The dotted path of an issue and the source offset of the node (or unknown key) it is about. */
function locate(root: unknown, issue: z.core.$ZodIssue): { field: string; offset: number } {
  const path = issue.path.map((p) => String(p));
  let node = root as Node | null | undefined;
  let offset = rangeStart(node);
  for (const key of path) {
    const next = child(node, key);
    if (next === undefined) break;
    offset = next.keyOffset >= 0 ? next.keyOffset : offset;
    node = next.value;
    const v = rangeStart(node);
    if (v >= 0 && next.keyOffset < 0) offset = v;
  }
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const c = child(node, key);
    if (c !== undefined && c.keyOffset >= 0) offset = c.keyOffset;
    return { field: [...path, key].join("."), offset };
  }
  return { field: path.join("."), offset };
}

function rangeStart(n: unknown): number {
  const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? r[0] : -1;
}

function child(node: unknown, key: string): { value: Node | null; keyOffset: number } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key as { value?: unknown } | null;
      if (k !== null && String(k.value) === key)
        return { value: pair.value as Node, keyOffset: rangeStart(k) };
    }
    return undefined;
  }
  if (isSeq(node)) {
    const item = node.items[Number(key)];
    return item === undefined ? undefined : { value: item as Node, keyOffset: -1 };
  }
  return undefined;
}
