/**
 * The packet-level part of npm run bench:robust: a flow random forest is trained on vigil's flows of the
 * committed testbed captures (real hosts and tools, test/fixtures/testbed; attack = the attacker's
 * address on either side within the attack window, as the manifest's label rule), then captures are
 * mutated (./../src/adversarial/pcap-mutate.ts: gap stretch and attacker payload padding at three
 * bounds) and re-scored end to end: the share of the attacker's flows detected, before and after.
 * demo.pcap (a port scan after 90 s of benign traffic) is not used for training; mqtt-brute-force is.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mutateCapture, type PcapMutation } from "../src/adversarial/pcap-mutate.js";
import { flowMatrix, rescoreCapture } from "../src/adversarial/pcap-rescore.js";
import { flowRecordsFromCapture } from "../src/features/flows/index.js";
import { RandomForestClassifier } from "../src/models/forest/random-forest.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "testbed");
const TRAIN = [
  "benign",
  "syn-flood",
  "udp-flood",
  "port-scan",
  "host-scan",
  "mqtt-brute-force",
  "mqtt-publish-flood",
];
const MUTATIONS: Omit<PcapMutation, "attackerIp">[] = [
  { timeStretch: 1.5, padBytes: 50 },
  { timeStretch: 3, padBytes: 200 },
  { timeStretch: 10, padBytes: 1000 },
];

export async function pcapStudy(): Promise<unknown> {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, "MANIFEST.json"), "utf8"));
  const attacker: string = manifest.hosts.find((h: { role: string }) => h.role === "attacker").ip;
  const classes = ["benign"];
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  let cols = 0;
  for (const name of TRAIN) {
    const s = manifest.scenarios[name];
    const recs = await flowRecordsFromCapture(join(FIXTURES, s.pcap));
    const X = flowMatrix(recs);
    cols = X.cols;
    parts.push(X.data);
    for (const r of recs) {
      const attack =
        s.window !== null &&
        (r["id.orig_h"] === attacker || r["id.resp_h"] === attacker) &&
        r.ts + (r.duration ?? 0) >= s.window.start;
      let k = 0;
      if (attack) {
        k = classes.indexOf(s.label);
        if (k < 0) k = classes.push(s.label) - 1;
      }
      labels.push(k);
    }
  }
  const data = new Float32Array(labels.length * cols);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  const model = new RandomForestClassifier({ nEstimators: 30, maxDepth: 8, seed: 1 }).fit(
    { rows: labels.length, cols, data },
    Int32Array.from(labels),
  );
  const dir = mkdtempSync(join(tmpdir(), "vigil-robust-pcap-"));
  try {
    const captures = [];
    for (const name of ["demo", "mqtt-brute-force"]) {
      const pcap = join(FIXTURES, manifest.scenarios[name].pcap);
      const original = await rescoreCapture(model, pcap, attacker, 0);
      const mutated = [];
      for (const [i, m] of MUTATIONS.entries()) {
        const out = join(dir, `${name}-${i}.pcap`);
        const stats = await mutateCapture(pcap, out, { attackerIp: attacker, ...m });
        mutated.push({ mutation: m, stats, rescored: await rescoreCapture(model, out, attacker, 0) });
      }
      captures.push({ capture: name, usedForTraining: TRAIN.includes(name), original, mutated });
    }
    return {
      protocol: `flow random forest (30 trees, depth 8) on vigil flows of testbed captures ${TRAIN.join(", ")}; detection = attacker flows predicted non-benign`,
      trainFlows: labels.length,
      classes,
      captures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
