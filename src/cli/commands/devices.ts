/**
 * `vigil devices <pcap|-> | --interface IF`: the device inventory and identity alerts of a capture.
 * With --train (benign captures) or --model (a saved device model) each device is identified (or called
 * unknown) and MACs that were not enrolled are flagged; without either, the model-free checks run
 * (ARP/IP conflicts, ARP floods, behaviour change, Sybil). Prints one JSON object (the inventory
 * snapshot) on stdout, or a table with --format table; alerts also go to stderr as they happen.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { openLive } from "../../capture/live.js";
import { openCapture } from "../../capture/open.js";
import type { CaptureSource } from "../../capture/source.js";
import { decodeFrame } from "../../decode/decode.js";
import { Packet } from "../../decode/packet.js";
import { DeviceInventory } from "../../devices/inventory.js";
import { loadDeviceModel, saveDeviceModel, type TrainedDevices } from "../../devices/model-file.js";
import { readDeviceNames } from "../../devices/names.js";
import type { InventorySnapshot } from "../../devices/schemas.js";
import { trainFromCaptures } from "../../devices/train.js";
import { VigilError } from "../../errors.js";
import { intOption, numberOption } from "../options.js";

interface DevicesFlags {
  interface?: string;
  netns?: string;
  filter?: string;
  duration?: string;
  model?: string;
  train?: string;
  names?: string;
  labelBy: string;
  saveModel?: string;
  window?: string;
  minPackets?: string;
  alpha: string;
  trees: string;
  format: string;
  output?: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command("devices")
    .description(
      "device inventory, identification (open set) and identity alerts: spoofing, Sybil, ARP conflicts",
    )
    .argument("[input]", "pcap or pcapng file, or - for stdin")
    .option("-i, --interface <if>", "capture live from this interface (tcpdump)")
    .option("--netns <name>", "run the live capture inside this network namespace")
    .option("--filter <bpf>", "BPF filter for live capture")
    .option("--duration <s>", "live capture: stop after this many seconds (default: until Ctrl-C)")
    .option("--model <file>", "a device model saved with --save-model")
    .option("--train <pcaps>", "comma-separated benign captures to train the device model on")
    .option(
      "--names <csv>",
      "device names CSV (mac, device or name, optional type); only these MACs are trained",
    )
    .option("--label-by <what>", "train classes by device name or by type (names file column)", "name")
    .option("--save-model <file>", "save the trained device model")
    .option("--window <s>", "fingerprint window, seconds (default 300, or the model's)")
    .option("--min-packets <n>", "frames a window needs to be fingerprinted (default 3)")
    .option("--alpha <p>", "target false-unknown rate on known devices (open-set calibration)", "0.05")
    .option("--trees <n>", "random forest trees", "100")
    .option("--format <f>", "json (the inventory snapshot) or table", "json")
    .option("-o, --output <file>", "write the result here instead of stdout")
    .option("-q, --quiet", "no alert lines on stderr")
    .action(async (input: string | undefined, f: DevicesFlags) => {
      await devicesCommand(input, f);
    });
}

async function trainedModel(f: DevicesFlags): Promise<TrainedDevices | undefined> {
  if (f.model !== undefined && f.train !== undefined) {
    throw new VigilError("E_CONFIG", "give --model or --train, not both", { field: "--model" });
  }
  if (f.model !== undefined) return loadDeviceModel(f.model);
  if (f.train === undefined) {
    if (f.saveModel !== undefined)
      throw new VigilError("E_CONFIG", "--save-model needs --train", { field: "--save-model" });
    return undefined;
  }
  if (f.labelBy !== "name" && f.labelBy !== "type") {
    throw new VigilError("E_CONFIG", `--label-by must be name or type, not "${f.labelBy}"`, {
      field: "--label-by",
    });
  }
  const t = await trainFromCaptures(
    f.train.split(",").filter((s) => s !== ""),
    {
      names: f.names !== undefined ? readDeviceNames(f.names) : undefined,
      labelBy: f.labelBy,
      extractor: {
        windowS: f.window !== undefined ? numberOption(f.window, "--window", 0.001, 86400) : 300,
        minPackets: f.minPackets !== undefined ? intOption(f.minPackets, "--min-packets", 1) : 3,
      },
      model: {
        alpha: numberOption(f.alpha, "--alpha", 1e-6, 0.5),
        nEstimators: intOption(f.trees, "--trees", 1, 10000),
      },
    },
  );
  if (f.saveModel !== undefined) saveDeviceModel(t, f.saveModel);
  return t;
}

function table(s: InventorySnapshot): string {
  const rows = [
    [
      "mac",
      "ips",
      "name",
      "type",
      "conf",
      "first_seen",
      "last_seen",
      "sent",
      "recv",
      "windows",
      "unknown",
      "alerts",
    ],
  ];
  for (const d of s.devices) {
    rows.push([
      d.mac,
      d.ips.join(" ") || "-",
      d.name ?? "-",
      d.type,
      d.confidence.toFixed(2),
      new Date(d.firstSeenS * 1000).toISOString(),
      new Date(d.lastSeenS * 1000).toISOString(),
      String(d.packetsSent),
      String(d.packetsReceived),
      String(d.windows),
      String(d.unknownWindows),
      String(d.alerts),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) =>
    r
      .map((x, c) => x.padEnd(widths[c]))
      .join("  ")
      .trimEnd(),
  );
  const alerts = s.alerts.map((a) => `[${a.kind}] ${a.message}`);
  return `${lines.join("\n")}\n${alerts.length > 0 ? `\nalerts:\n${alerts.join("\n")}\n` : "\nno alerts\n"}`;
}

async function devicesCommand(input: string | undefined, f: DevicesFlags): Promise<void> {
  if (f.format !== "json" && f.format !== "table") {
    throw new VigilError("E_CONFIG", `--format must be json or table, not "${f.format}"`, {
      field: "--format",
    });
  }
  const model = await trainedModel(f);
  if (input === undefined && f.interface === undefined) {
    if (f.saveModel !== undefined && model) {
      process.stderr.write(
        `vigil: saved device model (${model.model.classes.length} classes) to ${f.saveModel}\n`,
      );
      return;
    }
    throw new VigilError("E_CONFIG", "give an input file (or - for stdin), or --interface IF");
  }
  if (input !== undefined && f.interface !== undefined) {
    throw new VigilError("E_CONFIG", "give an input file or --interface, not both");
  }
  const inv = new DeviceInventory({
    model,
    params: {
      windowS: model || f.window === undefined ? undefined : numberOption(f.window, "--window", 0.001, 86400),
      minPackets:
        model || f.minPackets === undefined ? undefined : intOption(f.minPackets, "--min-packets", 1),
    },
    onAlert: (a) => {
      if (!f.quiet) process.stderr.write(`vigil devices: [${a.kind}] ${a.message}\n`);
    },
  });
  const source: CaptureSource =
    f.interface !== undefined
      ? openLive({ iface: f.interface, netns: f.netns, bpf: f.filter })
      : openCapture(input as string);
  const stop = () => source.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const timer =
    f.duration !== undefined
      ? setTimeout(stop, numberOption(f.duration, "--duration", 0, 86400 * 365) * 1000)
      : undefined;
  const p = new Packet();
  try {
    const stats = await source.run((frame) => {
      decodeFrame(frame, p);
      inv.observe(p);
    });
    for (const w of stats.warnings) process.stderr.write(`vigil: warning: ${source.name}: ${w}\n`);
  } finally {
    if (timer) clearTimeout(timer);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
  inv.flush();
  const snap = inv.snapshot();
  const text = f.format === "json" ? `${JSON.stringify(snap, null, 2)}\n` : table(snap);
  if (f.output !== undefined) writeFileSync(f.output, text);
  else process.stdout.write(text);
}
