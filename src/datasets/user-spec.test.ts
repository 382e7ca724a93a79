import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { identifierReason, inspectCsv } from "./infer-spec.js";
import { classCounts } from "./labels.js";
import { loadUserDataset, readUserSpec } from "./user-spec.js";

const CSV = [
  "id,src_ip,Sport,proto,bytes,rate,note,type,label",
  ...Array.from({ length: 60 }, (_, i) =>
    [
      i + 1,
      `10.0.0.${i % 7}`,
      1000 + i,
      i % 3 === 0 ? "udp" : "tcp",
      i * 10,
      (i % 5) / 2,
      `"free, text ${i}"`,
      i % 4 === 0 ? "dos" : "normal",
      i % 4 === 0 ? 1 : 0,
    ].join(","),
  ),
].join("\n");

describe("inspectCsv", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-inspect-"));
  const file = join(dir, "flows.csv");
  writeFileSync(file, CSV);

  it("infers types and roles, picks the multi-class label and counts its classes", async () => {
    const r = await inspectCsv(file);
    const role = Object.fromEntries(r.columns.map((c) => [c.name, c.role]));
    expect(role).toEqual({
      id: "identifier",
      src_ip: "identifier",
      Sport: "identifier",
      proto: "categorical",
      bytes: "numeric",
      rate: "numeric",
      note: "categorical",
      type: "ignore",
      label: "ignore",
    });
    expect(r.label).toBe("type");
    expect(r.classCounts).toEqual({ dos: 15, normal: 45 });
    expect(r.spec.file).toBe("flows.csv");
  });

  it("writes a spec that loads back into a dataset", async () => {
    const r = await inspectCsv(file);
    const specPath = join(dir, "flows.spec.json");
    writeFileSync(specPath, JSON.stringify({ ...r.spec, taxonomy: { dos: "dos" } }));
    const spec = await readUserSpec(specPath);
    const { dataset } = await loadUserDataset(spec, specPath, { labelLevel: "taxonomy" });
    expect(dataset.X.rows).toBe(60);
    expect(classCounts(dataset.y, dataset.classes)).toEqual({ benign: 45, dos: 15 });
    expect(dataset.featureNames).toContain("bytes");
    expect(dataset.featureNames.some((f) => f.startsWith("src_ip"))).toBe(false);
  });

  it("rejects a spec file with a bad field, naming it", async () => {
    const specPath = join(dir, "bad.spec.json");
    writeFileSync(
      specPath,
      JSON.stringify({
        format: "vigil-dataset-spec",
        version: 1,
        file: "x.csv",
        columns: { a: "number" },
        label: "y",
      }),
    );
    await expect(readUserSpec(specPath)).rejects.toMatchObject({
      code: "E_SCHEMA",
      context: { field: "columns.a" },
    });
    writeFileSync(specPath, "{ not json");
    await expect(readUserSpec(specPath)).rejects.toMatchObject({ code: "E_FORMAT" });
  });

  it("reports a bad data row by line and column, or skips and counts it", async () => {
    const badFile = join(dir, "bad.csv");
    writeFileSync(badFile, "bytes,label\n1,normal\nxx,dos\n3,dos\n");
    const specPath = join(dir, "bad-data.spec.json");
    writeFileSync(
      specPath,
      JSON.stringify({
        format: "vigil-dataset-spec",
        version: 1,
        file: "bad.csv",
        columns: { bytes: "numeric" },
        label: "label",
      }),
    );
    const spec = await readUserSpec(specPath);
    await expect(loadUserDataset(spec, specPath)).rejects.toMatchObject({
      context: { line: 3, field: "bytes" },
    });
    const res = await loadUserDataset(spec, specPath, { badRows: "skip" });
    expect(res.skippedRows).toBe(1);
    expect(res.dataset.X.rows).toBe(2);
  });
});

describe("identifierReason", () => {
  it("flags addresses, ports, times and Zeek endpoints but not look-alike features", () => {
    for (const n of [
      "src_ip",
      "DstAddr",
      "Sport",
      "dst_port",
      "SrcMac",
      "ts",
      "Timestamp",
      "id.orig_h",
      "Flow ID",
      "uid",
    ]) {
      expect(identifierReason(n), n).toBeDefined();
    }
    for (const n of [
      "Time_To_Live",
      "pLoss",
      "is_sm_ips_ports",
      "duration",
      "Header_Length",
      "dst_host_count",
    ]) {
      expect(identifierReason(n), n).toBeUndefined();
    }
  });
});
