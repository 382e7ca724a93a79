/**
 * TON_IoT telemetry: one CSV per IIoT device (date, time, the device's readings, label, type). The
 * all-devices dataset stacks them (a reading a device does not have is missing) with the device as the
 * group; one dataset per device too. `date`/`time` are identifiers; their parsed value is the time.
 */
import { parseCategoricalAsFloat64 } from "../../table/column.js";
import {
  concatTables,
  constantCategorical,
  getCategorical,
  recodeCategorical,
  type Table,
  withColumn,
} from "../../table/table.js";
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec, SpecReadContext } from "../spec.js";
import { taxonomyMapper } from "../taxonomy.js";

interface Device {
  /** Short id ("fridge"). */
  key: string;
  file: string;
  numeric: string[];
  categorical: string[];
}

export const TELEMETRY_DEVICES: readonly Device[] = [
  {
    key: "fridge",
    file: "Train_Test_IoT_Fridge.csv",
    numeric: ["fridge_temperature"],
    categorical: ["temp_condition"],
  },
  {
    key: "gps-tracker",
    file: "Train_Test_IoT_GPS_Tracker.csv",
    numeric: ["latitude", "longitude"],
    categorical: [],
  },
  // sphone_signal is written "0"/"1" in some rows and "false"/"true" in others: normalised to 0/1 below
  {
    key: "garage-door",
    file: "Train_Test_IoT_Garage_Door.csv",
    numeric: [],
    categorical: ["door_state", "sphone_signal"],
  },
  {
    key: "modbus",
    file: "Train_Test_IoT_Modbus.csv",
    numeric: [
      "FC1_Read_Input_Register",
      "FC2_Read_Discrete_Value",
      "FC3_Read_Holding_Register",
      "FC4_Read_Coil",
    ],
    categorical: [],
  },
  {
    key: "motion-light",
    file: "Train_Test_IoT_Motion_Light.csv",
    numeric: ["motion_status"],
    categorical: ["light_status"],
  },
  {
    key: "thermostat",
    file: "Train_Test_IoT_Thermostat.csv",
    numeric: ["current_temperature", "thermostat_status"],
    categorical: [],
  },
  {
    key: "weather",
    file: "Train_Test_IoT_Weather.csv",
    numeric: ["temperature", "pressure", "humidity"],
    categorical: [],
  },
];

const DIR = "ton-iot-telemetry";
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const toTaxonomy = taxonomyMapper({
  normal: "benign",
  backdoor: "malware",
  ddos: "ddos",
  injection: "injection",
  password: "bruteforce",
  ransomware: "malware",
  scanning: "scan",
  xss: "injection",
});

/** "25-Apr-19" → epoch seconds of that day (UTC); NaN when malformed. */
export function parseTelemetryDate(s: string): number {
  const m = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{2,4})\s*$/.exec(s);
  if (m === null) return Number.NaN;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return Number.NaN;
  const y = Number(m[3]);
  return Date.UTC(y < 100 ? 2000 + y : y, month, Number(m[1])) / 1000;
}

/** " 19:19:40 " → seconds since midnight; NaN when malformed. */
export function parseTelemetryTime(s: string): number {
  const m = /^\s*(\d{1,2}):(\d{2}):(\d{2})\s*$/.exec(s);
  return m === null ? Number.NaN : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

async function readDevice(ctx: SpecReadContext, d: Device): Promise<Table> {
  let t = await readSpecCsv(
    ctx,
    `${DIR}/${d.file}`,
    { numeric: d.numeric, categorical: [...d.categorical, "date", "time", "type", "label"] },
    { header: true, expectedRows: 40_000 },
  );
  if (d.categorical.includes("sphone_signal")) {
    const norm = (v: string) => ({ true: "1", false: "0" })[v.toLowerCase()] ?? v;
    t = withColumn(t, recodeCategorical(getCategorical(t, "sphone_signal"), norm));
  }
  return withColumn(t, constantCategorical("device", d.key, t.rowCount));
}

function timeOf(t: Table): Float64Array {
  const day = parseCategoricalAsFloat64(getCategorical(t, "date"), parseTelemetryDate);
  const sec = parseCategoricalAsFloat64(getCategorical(t, "time"), parseTelemetryTime);
  const out = new Float64Array(day.length);
  for (let i = 0; i < out.length; i++) out[i] = day[i] + sec[i];
  return out;
}

const common = {
  identifiers: ["date", "time"],
  labelDerived: ["label"],
  label: "type",
  toTaxonomy,
  timeOf,
} as const;

export const tonIotTelemetry: DatasetSpec = {
  ...common,
  id: "ton-iot-telemetry",
  title: "TON_IoT telemetry, all seven devices",
  files: TELEMETRY_DEVICES.map((d) => `${DIR}/${d.file}`),
  notes:
    "Seven device CSVs stacked (31k-40k rows each); each device has its own readings, missing (NaN) on the others' rows. Group = device.",
  numeric: TELEMETRY_DEVICES.flatMap((d) => d.numeric),
  categorical: TELEMETRY_DEVICES.flatMap((d) => d.categorical),
  group: { column: "device", kind: "device" },
  async read(ctx) {
    const parts: Table[] = [];
    for (const d of TELEMETRY_DEVICES) parts.push(await readDevice(ctx, d));
    return concatTables(parts, { union: true });
  },
};

export const tonIotTelemetryPerDevice: DatasetSpec[] = TELEMETRY_DEVICES.map((d) => ({
  ...common,
  id: `ton-iot-telemetry-${d.key}`,
  title: `TON_IoT telemetry, ${d.key}`,
  files: [`${DIR}/${d.file}`],
  notes: `One device's telemetry (${d.file}).`,
  numeric: d.numeric,
  categorical: d.categorical,
  read: (ctx) => readDevice(ctx, d),
}));
