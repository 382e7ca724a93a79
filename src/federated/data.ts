/**
 * A federation's data as the experiments see it: a dataset loaded and transformed (./model.ts's
 * signedLog1p), its rows partitioned among clients (./partitions.ts), and each client's rows split into
 * local train and test rows (per class, seeded). The global test set is the union of the clients' test
 * rows, and the centralised baseline trains on the union of their training rows: same rows, same model.
 * A real client process calls this too and keeps only its own part.
 */
import { type Dataset, type LabelLevel, loadDataset } from "../datasets/index.js";
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import { signedLog1p } from "./model.js";
import { type PartitionSpec, partitionRows } from "./partitions.js";
import { Rng, shuffle } from "./random.js";

export interface FederatedData {
  dataset: Dataset;
  X: Matrix;
  y: Int32Array;
  nClasses: number;
  clients: { train: Int32Array; test: Int32Array }[];
}

export interface FederatedDataOptions {
  dataset: string;
  partition: PartitionSpec;
  nClients: number;
  testFraction?: number;
  seed?: number;
  /** Use a seeded random subset of this many rows (faster experiments). */
  sample?: number;
  labelLevel?: LabelLevel;
  sharedDir?: string;
}

export async function loadFederatedData(o: FederatedDataOptions): Promise<FederatedData> {
  const ds = await loadDataset(o.dataset, { labelLevel: o.labelLevel ?? "fine", sharedDir: o.sharedDir });
  return federate(ds, o);
}

export function federate(
  ds: Dataset,
  o: Omit<FederatedDataOptions, "dataset" | "sharedDir" | "labelLevel">,
): FederatedData {
  const seed = o.seed ?? 0;
  const rng = new Rng(seed ^ 0x5eed);
  let rows = Int32Array.from({ length: ds.X.rows }, (_, i) => i);
  if (o.sample !== undefined && o.sample < rows.length) rows = shuffle(rows, rng).slice(0, o.sample).sort();
  const parts = partitionRows(o.partition, { rows, y: ds.y, groups: ds.groups, nClients: o.nClients, seed });
  const testFraction = o.testFraction ?? 0.25;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new VigilError("E_CONFIG", `testFraction ${testFraction} not in (0, 1)`, { field: "testFraction" });
  }
  const clients = parts.map((p) => splitClientRows(p, ds.y, testFraction, rng));
  return { dataset: ds, X: signedLog1p(ds.X), y: ds.y, nClasses: ds.classes.length, clients };
}

function splitClientRows(
  rows: Int32Array,
  y: Int32Array,
  testFraction: number,
  rng: Rng,
): { train: Int32Array; test: Int32Array } {
  const byClass = new Map<number, number[]>();
  for (const r of rows) {
    const list = byClass.get(y[r]) ?? [];
    list.push(r);
    byClass.set(y[r], list);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = shuffle(Int32Array.from(byClass.get(c) as number[]), rng);
    const nTest = list.length < 2 ? 0 : Math.round(testFraction * list.length);
    for (let i = 0; i < list.length; i++) (i < nTest ? test : train).push(list[i]);
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** Row indices of all clients' training (or test) rows. */
export function unionRows(clients: FederatedData["clients"], which: "train" | "test"): Int32Array {
  const total = clients.reduce((s, c) => s + c[which].length, 0);
  const out = new Int32Array(total);
  let o = 0;
  for (const c of clients) {
    out.set(c[which], o);
    o += c[which].length;
  }
  return out.sort();
}
