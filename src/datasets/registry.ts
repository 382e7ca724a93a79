/** Every built-in dataset spec, by id. */
import type { DatasetSpec } from "./spec.js";
import { ciciot2023PerAttack } from "./specs/ciciot2023-per-attack.js";
import { ciciot2023Sample } from "./specs/ciciot2023-sample.js";
import { cset2021Devices } from "./specs/cset2021-devices.js";
import { iot23_34_1 } from "./specs/iot23.js";
import { mqttset, mqttsetTest, mqttsetTrain } from "./specs/mqttset.js";
import { nslKdd, nslKddTest, nslKddTest21, nslKddTrain } from "./specs/nsl-kdd.js";
import { tonIotNetwork } from "./specs/ton-iot-network.js";
import { tonIotTelemetry, tonIotTelemetryPerDevice } from "./specs/ton-iot-telemetry.js";
import { unswNb15 } from "./specs/unsw-nb15.js";
import { wustlEhms2020 } from "./specs/wustl-ehms-2020.js";

const SPECS: DatasetSpec[] = [
  tonIotNetwork,
  tonIotTelemetry,
  ...tonIotTelemetryPerDevice,
  ciciot2023Sample,
  ciciot2023PerAttack,
  iot23_34_1,
  wustlEhms2020,
  unswNb15,
  nslKdd,
  nslKddTrain,
  nslKddTest,
  nslKddTest21,
  mqttset,
  mqttsetTrain,
  mqttsetTest,
  cset2021Devices,
];

const BY_ID = new Map(SPECS.map((s) => [s.id, s]));

export function allSpecs(): readonly DatasetSpec[] {
  return SPECS;
}

export function findSpec(id: string): DatasetSpec | undefined {
  return BY_ID.get(id);
}
