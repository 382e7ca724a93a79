/**
 * Training a DeviceModel from benign captures: window fingerprints per MAC, labelled by the names file
 * (device name or type; MACs not in the file are left out, e.g. the home router) or, without names, by
 * the MAC itself (each device its own class; MACs with fewer than `minWindows` windows are left out).
 * The enrolled (approved) devices are the MACs trained on plus, with a names file, every MAC it lists
 * (one that was silent in training is approved but has no class of its own: trained = false).
 */
import { formatIp4, formatMac } from "../decode/packet.js";
import { VigilError } from "../errors.js";
import { windowsFromCapture } from "./capture-windows.js";
import type { ExtractorParams } from "./extractor.js";
import { DeviceModel, type DeviceModelParams, type LabelledWindow } from "./model.js";
import type { EnrolledDevice, TrainedDevices } from "./model-file.js";
import type { DeviceName } from "./names.js";

export interface TrainOptions {
  extractor?: Partial<ExtractorParams>;
  model?: Partial<DeviceModelParams>;
  names?: DeviceName[];
  labelBy?: "name" | "type";
  minWindows?: number;
}

export async function trainFromCaptures(captures: string[], o: TrainOptions = {}): Promise<TrainedDevices> {
  if (captures.length === 0)
    throw new VigilError("E_CONFIG", "no training capture given", { field: "train" });
  const windowS = o.extractor?.windowS ?? 300;
  const minPackets = o.extractor?.minPackets ?? 3;
  const byMac = new Map<number, { windows: LabelledWindow[]; ips: Set<number> }>();
  for (const c of captures) {
    const r = await windowsFromCapture(c, { windowS, minPackets });
    for (const w of r.windows) {
      if (w.ip >= 0) continue;
      const e = byMac.get(w.mac) ?? { windows: [], ips: new Set<number>() };
      e.windows.push({ vector: w.vector, label: "", startS: w.startS });
      byMac.set(w.mac, e);
    }
    for (const [mac, ips] of r.sourceIps) for (const ip of ips) byMac.get(mac)?.ips.add(ip);
  }
  const names = new Map((o.names ?? []).map((n) => [n.mac, n]));
  const enrolled: EnrolledDevice[] = [];
  const windows: LabelledWindow[] = [];
  for (const [mac, e] of byMac) {
    const macText = formatMac(mac);
    const n = names.get(macText);
    if (o.names && !n) continue;
    if (!o.names && e.windows.length < (o.minWindows ?? 3)) continue;
    const label = n ? (o.labelBy === "type" ? n.type : n.name) : macText;
    for (const w of e.windows) windows.push({ ...w, label });
    enrolled.push({
      mac: macText,
      name: n?.name ?? macText,
      label,
      trained: true,
      ips: [...e.ips].sort((a, b) => a - b).map(formatIp4),
    });
  }
  for (const n of o.names ?? []) {
    if (enrolled.some((e) => e.mac === n.mac)) continue;
    const label = o.labelBy === "type" ? n.type : n.name;
    enrolled.push({ mac: n.mac, name: n.name, label, trained: false, ips: n.ip ? [n.ip] : [] });
  }
  const model = new DeviceModel(o.model).fit(windows);
  return {
    model,
    extractor: { windowS, minPackets },
    enrolled: enrolled.sort((a, b) => a.mac.localeCompare(b.mac)),
  };
}
