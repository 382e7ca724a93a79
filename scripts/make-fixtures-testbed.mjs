#!/usr/bin/env node
// Regenerates test/fixtures/testbed/ (every scenario's capture + labels, the README demo capture, and
// MANIFEST.json) by running the IoT testbed. Needs Linux, root and the tools that
// .ci/install-testbed-deps.sh installs. Run it as `npm run fixtures:testbed` (which builds first);
// `-- --only syn-flood,demo` regenerates a subset and replaces only their MANIFEST.json entries. About 7 minutes.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { makeFixtures, FIXTURE_PLANS } = await import(join(root, "dist/src/testbed/fixtures.js"));
const { unavailableReason } = await import(join(root, "dist/src/testbed/topology.js"));

const i = process.argv.indexOf("--only");
const only = i > 0 ? process.argv[i + 1]?.split(",") : undefined;
const known = new Set(FIXTURE_PLANS.map((p) => p.stem));
for (const s of only ?? []) {
  if (!known.has(s)) {
    console.error(`make-fixtures-testbed: unknown fixture "${s}" (known: ${[...known].join(", ")})`);
    process.exit(2);
  }
}
const why = unavailableReason();
if (why) {
  console.error(`make-fixtures-testbed: cannot run the testbed here: ${why}`);
  process.exit(2);
}
const entries = await makeFixtures(join(root, "test/fixtures/testbed"), {
  only,
  signals: true,
  log: (m) => console.error(`fixtures: ${m}`),
});
for (const [stem, e] of Object.entries(entries)) {
  console.log(`${stem.padEnd(20)} packets=${e.packets} attack=${e.attackPackets} bytes=${e.bytes}`);
}
