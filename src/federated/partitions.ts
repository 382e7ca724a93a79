/**
 * Splitting a dataset's rows among simulated clients (each client's rows, ascending):
 * - "iid": uniform random shares;
 * - "dirichlet:ALPHA": per class, shares drawn from Dirichlet(ALPHA) (Hsu et al. 2019); small ALPHA =
 *   strongly non-IID label mixes; redrawn until every client has at least `minRows` rows;
 * - "group": natural partition, whole groups (hosts, devices: the dataset's groups) per client, largest
 *   group first to the client with the fewest rows;
 * - "class-skew:C": each client holds C classes (the CICIoT2023 style of one site seeing a few attacks),
 *   every class held by at least one client; a class's rows are dealt evenly among its holders.
 */
import { VigilError } from "../errors.js";
import { dirichlet, Rng, shuffle } from "./random.js";

export type PartitionSpec =
  | { kind: "iid" }
  | { kind: "dirichlet"; alpha: number }
  | { kind: "group" }
  | { kind: "class-skew"; classesPerClient: number };

export function parsePartitionSpec(text: string): PartitionSpec {
  const [kind, arg] = text.split(":");
  const num = Number(arg);
  if (kind === "iid" && arg === undefined) return { kind };
  if (kind === "group" && arg === undefined) return { kind };
  if (kind === "dirichlet" && num > 0) return { kind, alpha: num };
  if (kind === "class-skew" && Number.isInteger(num) && num > 0) return { kind, classesPerClient: num };
  throw new VigilError(
    "E_CONFIG",
    `bad partition "${text}" (iid | dirichlet:ALPHA | group | class-skew:CLASSES_PER_CLIENT)`,
    { field: "partition" },
  );
}

export interface PartitionInput {
  /** Rows to split (indices into y / groups). */
  rows: Int32Array;
  y: Int32Array;
  groups?: Int32Array;
  nClients: number;
  seed: number;
  /** Dirichlet: every client gets at least this many rows (default 10). */
  minRows?: number;
}

export function partitionRows(spec: PartitionSpec, input: PartitionInput): Int32Array[] {
  const { nClients } = input;
  if (!Number.isInteger(nClients) || nClients < 1 || nClients > input.rows.length) {
    throw new VigilError("E_CONFIG", `cannot split ${input.rows.length} rows among ${nClients} clients`, {
      field: "clients",
    });
  }
  const rng = new Rng(input.seed);
  let parts: number[][];
  switch (spec.kind) {
    case "iid":
      parts = iid(input, rng);
      break;
    case "dirichlet":
      parts = byDirichlet(input, spec.alpha, rng);
      break;
    case "group":
      parts = byGroup(input);
      break;
    case "class-skew":
      parts = byClassSkew(input, spec.classesPerClient, rng);
      break;
  }
  return parts.map((p) => Int32Array.from(p).sort());
}

function iid(input: PartitionInput, rng: Rng): number[][] {
  const rows = shuffle(input.rows.slice(), rng);
  const parts: number[][] = Array.from({ length: input.nClients }, () => []);
  for (let i = 0; i < rows.length; i++) parts[i % input.nClients].push(rows[i]);
  return parts;
}

function rowsByClass(input: PartitionInput): number[][] {
  const out: number[][] = [];
  for (const r of input.rows) {
    const c = input.y[r];
    while (out.length <= c) out.push([]);
    out[c].push(r);
  }
  return out;
}

function byDirichlet(input: PartitionInput, alpha: number, rng: Rng): number[][] {
  const byClass = rowsByClass(input);
  const minRows = Math.min(input.minRows ?? 10, Math.floor(input.rows.length / input.nClients));
  for (let attempt = 0; attempt < 1000; attempt++) {
    const parts: number[][] = Array.from({ length: input.nClients }, () => []);
    for (const cls of byClass) {
      if (cls.length === 0) continue;
      const rows = shuffle(Int32Array.from(cls), rng);
      const p = dirichlet(rng, alpha, input.nClients);
      let start = 0;
      let cum = 0;
      for (let k = 0; k < input.nClients; k++) {
        cum += p[k];
        const end = k === input.nClients - 1 ? rows.length : Math.round(cum * rows.length);
        for (let i = start; i < end; i++) parts[k].push(rows[i]);
        start = Math.max(start, end);
      }
    }
    if (parts.every((p) => p.length >= minRows)) return parts;
  }
  throw new VigilError("E_CONFIG", `dirichlet:${alpha} left a client below ${minRows} rows in 1000 draws`, {
    field: "partition",
  });
}

function byGroup(input: PartitionInput): number[][] {
  const groups = input.groups;
  if (groups === undefined) {
    throw new VigilError("E_CONFIG", "partition 'group' needs a dataset with groups (hosts or devices)", {
      field: "partition",
    });
  }
  const members = new Map<number, number[]>();
  for (const r of input.rows) {
    const g = groups[r];
    let m = members.get(g);
    if (m === undefined) {
      m = [];
      members.set(g, m);
    }
    m.push(r);
  }
  if (members.size < input.nClients) {
    throw new VigilError("E_CONFIG", `${members.size} groups cannot fill ${input.nClients} clients`, {
      field: "clients",
    });
  }
  const sorted = [...members.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const parts: number[][] = Array.from({ length: input.nClients }, () => []);
  for (const [, rows] of sorted) {
    let best = 0;
    for (let k = 1; k < parts.length; k++) if (parts[k].length < parts[best].length) best = k;
    for (const r of rows) parts[best].push(r);
  }
  return parts;
}

function byClassSkew(input: PartitionInput, perClient: number, rng: Rng): number[][] {
  const byClass = rowsByClass(input);
  const present = byClass.map((c, i) => (c.length > 0 ? i : -1)).filter((i) => i >= 0);
  const holders: number[][] = byClass.map(() => []);
  const order = shuffle(Int32Array.from(present), rng);
  let next = 0;
  for (let k = 0; k < input.nClients; k++) {
    for (let j = 0; j < Math.min(perClient, present.length); j++) {
      holders[order[next % order.length]].push(k);
      next++;
    }
  }
  const parts: number[][] = Array.from({ length: input.nClients }, () => []);
  byClass.forEach((rows, c) => {
    const hs = holders[c];
    if (rows.length === 0) return;
    if (hs.length === 0) hs.push(c % input.nClients);
    shuffle(Int32Array.from(rows), rng).forEach((r, i) => {
      parts[hs[i % hs.length]].push(r);
    });
  });
  return parts;
}
