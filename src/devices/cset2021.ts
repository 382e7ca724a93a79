/**
 * Device series from the Labeled IoT Dataset (CSET 2021, ../shared/datasets/labeled-iot-ondemand-cset2021):
 * one capture per device plus devices.csv (device, description, ip, mac). Each capture holds the device
 * and the home router (00:1c:7f:53:d0:28, not in devices.csv); only the named device's windows are kept.
 * Labels: the device name, or its type (the name without the trailing "-NN": blink-cam-01 -> blink-cam).
 */
import { join } from "node:path";
import { CSET2021_DEVICES } from "../datasets/specs/cset2021-devices.js";
import { formatMac } from "../decode/packet.js";
import { VigilError } from "../errors.js";
import { windowsFromCapture } from "./capture-windows.js";
import type { DeviceSeries } from "./evaluate.js";
import type { ExtractorParams } from "./extractor.js";
import { readDeviceNames } from "./names.js";

export const CSET2021_DIR = "labeled-iot-ondemand-cset2021";

export const deviceType = (name: string) => name.replace(/-\d+$/, "");

export async function cset2021Series(
  datasetsDir: string,
  params: Partial<ExtractorParams>,
  labelBy: "device" | "type" = "device",
  devices: readonly string[] = CSET2021_DEVICES,
): Promise<DeviceSeries[]> {
  const dir = join(datasetsDir, CSET2021_DIR);
  const names = readDeviceNames(join(dir, "devices.csv"));
  const out: DeviceSeries[] = [];
  for (const d of devices) {
    const entry = names.find((n) => n.name === d);
    if (!entry)
      throw new VigilError("E_FORMAT", `device ${d} is not in devices.csv`, {
        file: join(dir, "devices.csv"),
      });
    const file = join(dir, `${d}.pcap`);
    let firstTs = Number.POSITIVE_INFINITY;
    let lastTs = Number.NEGATIVE_INFINITY;
    const r = await windowsFromCapture(file, params);
    for (const w of r.windows) {
      if (w.startS < firstTs) firstTs = w.startS;
      if (w.startS + w.windowS > lastTs) lastTs = w.startS + w.windowS;
    }
    const label = labelBy === "device" ? d : deviceType(d);
    const windows = r.windows
      .filter((w) => w.ip < 0 && formatMac(w.mac) === entry.mac)
      .map((w) => ({ vector: w.vector, label, startS: w.startS }));
    out.push({ label, windows, firstTs, lastTs, windowS: r.windows[0]?.windowS ?? params.windowS ?? 300 });
  }
  return out;
}
