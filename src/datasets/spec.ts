/**
 * A dataset spec: where a public dataset's files are, how to read them into a Table, and which
 * columns are features, identifiers (dropped by default: addresses, ports, timestamps, flow ids and
 * free-text endpoint names leak labels in these datasets), labels and groups.
 */
import type { Table } from "../table/table.js";
import type { TaxonomyLabel } from "./taxonomy.js";

export interface SpecReadContext {
  /** The folder holding the dataset folders (…/shared/datasets). */
  datasetsDir: string;
  /** Bad-row policy passed to the readers. */
  badRows: "error" | "skip";
}

export interface DatasetSpec {
  /** Registry id ("ton-iot-network"). */
  readonly id: string;
  readonly title: string;
  /** Files under the datasets dir the spec reads (tests skip visibly when one is absent). */
  readonly files: readonly string[];
  /** What the rows are, caveats (samples, partitions, relabelling). */
  readonly notes: string;
  /** Reads every column the spec names into one table. */
  read(ctx: SpecReadContext): Promise<Table>;
  /** Numeric feature columns. */
  readonly numeric: readonly string[];
  /** Categorical feature columns (one-hot or codes in the matrix). */
  readonly categorical: readonly string[];
  /** Identifier-like columns: kept in the table, out of the features unless asked for. */
  readonly identifiers: readonly string[];
  /** Label-derived columns that must never be features (a binary twin of the label, difficulty, ...). */
  readonly labelDerived: readonly string[];
  /** The fine label column (categorical). */
  readonly label: string;
  /** Column whose value maps to the taxonomy (default: `label`). */
  readonly taxonomySource?: string;
  toTaxonomy(value: string): TaxonomyLabel;
  /** Column naming the group of each row, for grouped splits. */
  readonly group?: { column: string; kind: "device" | "capture" | "host" };
  /**
   * Epoch seconds per row, for temporal splits (Float64: a Float32 column cannot hold epoch seconds).
   * Time columns are identifiers, read as categorical text and parsed here.
   */
  timeOf?(table: Table): Float64Array;
}
