/**
 * The device names file: a CSV with a header naming at least a MAC column ("mac") and a name column
 * ("device" or "name"); optional "type" (device type, e.g. "camera") and "ip" columns. The CSET 2021
 * devices.csv (device,description,ip,mac) is one. Fields are plain (no quoted commas); a bad MAC or a
 * MAC named twice is an E_FORMAT error naming the file, line and field.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseMac } from "../decode/packet.js";
import { VigilError } from "../errors.js";

export const deviceNameSchema = z.object({
  mac: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/),
  name: z.string().min(1),
  type: z.string().min(1),
  ip: z.string().optional(),
});
export type DeviceName = z.infer<typeof deviceNameSchema>;

export function parseDeviceNames(text: string, file = "<names>"): DeviceName[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase());
  const macCol = header.indexOf("mac");
  let nameCol = header.indexOf("device");
  if (nameCol < 0) nameCol = header.indexOf("name");
  const typeCol = header.indexOf("type");
  const ipCol = header.indexOf("ip");
  if (macCol < 0 || nameCol < 0) {
    throw new VigilError(
      "E_FORMAT",
      "device names CSV needs a header with mac and device (or name) columns",
      {
        file,
        line: 1,
      },
    );
  }
  const out: DeviceName[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = lines[i].split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    const mac = (cells[macCol] ?? "").toLowerCase();
    if (Number.isNaN(parseMac(mac))) {
      throw new VigilError("E_FORMAT", `bad MAC address "${cells[macCol] ?? ""}"`, {
        file,
        line: i + 1,
        field: "mac",
      });
    }
    if (seen.has(mac))
      throw new VigilError("E_FORMAT", `MAC ${mac} named twice`, { file, line: i + 1, field: "mac" });
    seen.add(mac);
    const name = cells[nameCol] ?? "";
    if (name === "")
      throw new VigilError("E_FORMAT", "empty device name", { file, line: i + 1, field: "device" });
    const type = typeCol >= 0 && cells[typeCol] ? cells[typeCol] : name;
    const ip = ipCol >= 0 && cells[ipCol] ? cells[ipCol] : undefined;
    out.push(deviceNameSchema.parse({ mac, name, type, ip }));
  }
  return out;
}

export function readDeviceNames(path: string): DeviceName[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new VigilError("E_IO", "cannot read the device names file", { file: path }, { cause });
  }
  return parseDeviceNames(text, path);
}
