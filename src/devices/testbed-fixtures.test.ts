/**
 * The device inventory on the committed testbed captures (test/fixtures/testbed, made by the project's
 * own testbed): trained on benign traffic (benign.pcap + demo.pcap, the attacker left out by the names
 * list), the rogue-device capture's unapproved MAC is flagged unknown and its duplicated IP is an ARP
 * conflict; the benign capture raises nothing; the ARP-spoofing capture is an IP conflict.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../test/helpers/shared.js";
import { openCapture } from "../capture/open.js";
import { decodeFrame } from "../decode/decode.js";
import { Packet } from "../decode/packet.js";
import { host } from "../testbed/plan.js";
import { approvedDevicesCsv } from "../testbed/rogue-device.js";
import { DeviceInventory } from "./inventory.js";
import type { TrainedDevices } from "./model-file.js";
import { parseDeviceNames } from "./names.js";
import { type InventorySnapshot, inventorySnapshotSchema } from "./schemas.js";
import { trainFromCaptures } from "./train.js";

const DIR = join(PROJECT_ROOT, "test", "fixtures", "testbed");
const present = ["benign", "demo", "rogue-device", "arp-spoof"].every((s) =>
  existsSync(join(DIR, `${s}.pcap`)),
);
if (!present)
  process.stderr.write("SKIPPED (testbed fixtures absent): device inventory on testbed captures\n");

async function inventory(pcap: string, model?: TrainedDevices): Promise<InventorySnapshot> {
  const inv = new DeviceInventory({ model });
  const p = new Packet();
  await openCapture(join(DIR, pcap)).run((f) => {
    decodeFrame(f, p);
    inv.observe(p);
  });
  inv.flush();
  return inventorySnapshotSchema.parse(inv.snapshot());
}

describe.skipIf(!present)("device inventory on testbed captures", () => {
  let model: TrainedDevices;
  const rogue = host("attacker").mac;
  beforeAll(async () => {
    model = await trainFromCaptures([join(DIR, "benign.pcap"), join(DIR, "demo.pcap")], {
      names: parseDeviceNames(approvedDevicesCsv()),
      labelBy: "type",
      extractor: { windowS: 10, minPackets: 3 },
      model: { nEstimators: 50 },
    });
  });

  it("enrols the named devices and never the attacker", () => {
    expect(model.model.classes).toEqual(["broker", "camera", "hub", "motion", "plug", "thermo"]);
    expect(model.enrolled.map((e) => e.mac)).not.toContain(rogue);
    expect(model.enrolled.find((e) => e.name === "gw")?.trained).toBe(false);
  });

  it("flags the rogue device (unknown, not enrolled) and its duplicated IP", async () => {
    const s = await inventory("rogue-device.pcap", model);
    const rec = s.devices.find((d) => d.mac === rogue);
    expect(rec).toMatchObject({ enrolled: false, name: null, type: "unknown" });
    expect(rec?.ips).toContain("10.77.0.66");
    const kinds = s.alerts.filter((a) => a.macs.includes(rogue)).map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(["new-device", "unknown-device", "ip-conflict"]));
    const conflict = s.alerts.find((a) => a.kind === "ip-conflict");
    expect(conflict?.ips).toEqual([host("thermo2").ip]);
    expect(conflict?.macs.sort()).toEqual([host("thermo2").mac, rogue].sort());
    // the approved devices keep their identity
    const named = s.devices.filter((d) => d.enrolled && d.name !== "gw");
    const right = named.filter((d) => d.type === d.name?.replace(/\d$/, ""));
    expect(right.length).toBeGreaterThanOrEqual(named.length - 1);
  });

  it("raises nothing on benign traffic", async () => {
    const s = await inventory("benign.pcap", model);
    expect(s.alerts).toEqual([]);
    expect(s.devices.every((d) => d.enrolled)).toBe(true);
  });

  it("sees ARP spoofing as an IP conflict on the broker's address", async () => {
    const s = await inventory("arp-spoof.pcap", model);
    const c = s.alerts.find((a) => a.kind === "ip-conflict" && a.ips[0] === host("broker").ip);
    expect(c?.macs.sort()).toEqual([host("broker").mac, rogue].sort());
  });

  it("without a model still finds the conflict and the device that joined mid-capture", async () => {
    const s = await inventory("rogue-device.pcap");
    expect(s.model).toBeNull();
    expect(s.devices.every((d) => d.type === "unclassified")).toBe(true);
    const kinds = s.alerts.filter((a) => a.macs.includes(rogue)).map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(["new-device", "ip-conflict"]));
  });
});
