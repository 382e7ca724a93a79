/**
 * Labeled IoT Dataset (Campos & O'Connor, CSET 2021): one capture per smart-home device, benign only.
 * For device identification: the fine label is the device (file name), flows from vigil's flow engine.
 * Every row is benign in the taxonomy. 7 of the 32 device captures are present.
 */
import { join } from "node:path";
import { FLOW_NUMERIC_FEATURES } from "../../features/flows/index.js";
import { parseCategoricalAsFloat64 } from "../../table/column.js";
import { getCategorical } from "../../table/table.js";
import { FLOW_IDENTIFIERS, flowTableFromCaptures } from "../flow-table.js";
import type { DatasetSpec } from "../spec.js";

const DIR = "labeled-iot-ondemand-cset2021";

export const CSET2021_DEVICES = [
  "blink-cam-01",
  "blink-cam-02",
  "blink-cam-03",
  "lockly-hub-01",
  "schlage-lock-01",
  "sifely-hub-01",
  "ultraloq-hub-01",
] as const;

export const cset2021Devices: DatasetSpec = {
  id: "cset2021-devices",
  title: "Labeled IoT Dataset (CSET 2021): flows per device",
  files: CSET2021_DEVICES.map((d) => `${DIR}/${d}.pcap`),
  notes:
    "Benign traffic of 7 smart-home devices; class = device, for device identification. Flows from vigil's flow engine.",
  numeric: FLOW_NUMERIC_FEATURES,
  categorical: [],
  identifiers: FLOW_IDENTIFIERS,
  labelDerived: [],
  label: "class",
  toTaxonomy: () => "benign",
  timeOf: (t) => parseCategoricalAsFloat64(getCategorical(t, "ts")),
  read: (ctx) =>
    flowTableFromCaptures(
      join(ctx.datasetsDir, DIR),
      CSET2021_DEVICES.map((d) => ({ file: `${d}.pcap`, cls: d })),
    ),
};
