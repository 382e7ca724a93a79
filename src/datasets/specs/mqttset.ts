/**
 * MQTTset-reduced: one capture per class (first ~1 MB of each MQTTset pcap), class = file name, turned
 * into flow records by vigil's flow engine. Variants: the whole files, and the repository's flow-disjoint
 * train / test splits. The capture file is the group.
 */
import { join } from "node:path";
import { FLOW_NUMERIC_FEATURES } from "../../features/flows/index.js";
import { parseCategoricalAsFloat64 } from "../../table/column.js";
import { getCategorical } from "../../table/table.js";
import { FLOW_IDENTIFIERS, flowTableFromCaptures } from "../flow-table.js";
import type { DatasetSpec } from "../spec.js";
import { taxonomyMapper } from "../taxonomy.js";

const DIR = "mqttset-reduced";

/** Class → capture file stem and extension (bruteforce is pcapng). */
export const MQTTSET_CLASSES: readonly { name: string; ext: string }[] = [
  { name: "benign", ext: "pcap" },
  { name: "bruteforce", ext: "pcapng" },
  { name: "flood", ext: "pcap" },
  { name: "malariados", ext: "pcap" },
  { name: "malformed", ext: "pcap" },
  { name: "slowite", ext: "pcap" },
];

const toTaxonomy = taxonomyMapper({
  benign: "benign",
  bruteforce: "bruteforce", // MQTT credential brute force
  flood: "dos", // MQTT publish flood
  malariados: "dos", // MQTT DoS (many connections)
  malformed: "injection", // malformed MQTT packets
  slowite: "dos", // SlowITe: slow DoS on MQTT
});

type Part = "all" | "train" | "test";

function fileOf(c: { name: string; ext: string }, part: Part): string {
  return part === "all" ? `${c.name}.${c.ext}` : `${c.name}-${part}.${c.ext}`;
}

function mqttsetSpec(part: Part): DatasetSpec {
  const files = MQTTSET_CLASSES.map((c) => `${DIR}/${fileOf(c, part)}`);
  return {
    id: part === "all" ? "mqttset" : `mqttset-${part}`,
    title: `MQTTset-reduced flows (${part === "all" ? "whole captures" : `${part} split`})`,
    files,
    notes:
      "First ~1 MB of each MQTTset capture (CC BY-NC-SA 4.0), flows from vigil's flow engine. flood is one flow split per packet in the train/test files.",
    numeric: FLOW_NUMERIC_FEATURES,
    categorical: [],
    identifiers: FLOW_IDENTIFIERS,
    labelDerived: [],
    label: "class",
    toTaxonomy,
    group: { column: "capture", kind: "capture" },
    timeOf: (t) => parseCategoricalAsFloat64(getCategorical(t, "ts")),
    read: (ctx) =>
      flowTableFromCaptures(
        join(ctx.datasetsDir, DIR),
        MQTTSET_CLASSES.map((c) => ({ file: fileOf(c, part), cls: c.name })),
      ),
  };
}

export const mqttset = mqttsetSpec("all");
export const mqttsetTrain = mqttsetSpec("train");
export const mqttsetTest = mqttsetSpec("test");
