/**
 * Every shared dataset loads through its spec with the class counts of ../shared/datasets/README.md
 * (row counts per file where the README gives only a range were counted with awk on the files).
 */
import { describe, expect, it } from "vitest";
import { describeWithShared, SHARED_DIR } from "../../test/helpers/shared.js";
import { classCounts, type Dataset, listDatasets, loadDataset } from "./index.js";
import { allSpecs } from "./registry.js";

const opts = { sharedDir: SHARED_DIR };
const counts = (d: Dataset) => classCounts(d.y, d.classes);
const taxonomyCounts = (d: Dataset) => classCounts(d.taxonomyLabels.codes, d.taxonomyLabels.names);

function expectNoLeaks(d: Dataset, leaky: string[]): void {
  for (const name of leaky) {
    expect(d.featureNames.some((f) => f === name || f.startsWith(`${name}=`))).toBe(false);
  }
}

function specOf(id: string) {
  return allSpecs().find((s) => s.id === id)!;
}

describeWithShared("ton-iot-network", ["datasets/ton-iot-network/train_test_network.zip"], () => {
  it("loads 211,043 flows from the zip with the README's class counts", async () => {
    const d = await loadDataset("ton-iot-network", opts);
    expect(d.X.rows).toBe(211_043);
    expect(counts(d)).toEqual({
      normal: 50_000,
      backdoor: 20_000,
      ddos: 20_000,
      dos: 20_000,
      injection: 20_000,
      mitm: 1_043,
      password: 20_000,
      ransomware: 20_000,
      scanning: 20_000,
      xss: 20_000,
    });
    expect(taxonomyCounts(d)).toMatchObject({
      benign: 50_000,
      malware: 40_000,
      injection: 40_000,
      spoofing: 1_043,
    });
    expectNoLeaks(d, [...specOf("ton-iot-network").identifiers, "label", "type"]);
    expect(d.X.data.length).toBe(d.X.rows * d.X.cols);
    expect(d.groupKind).toBe("host");
    const binary = await loadDataset("ton-iot-network", {
      ...opts,
      labelLevel: "binary",
      keepIdentifiers: true,
    });
    expect(counts(binary)).toEqual({ benign: 50_000, attack: 161_043 });
    expect(binary.featureNames).toContain("src_port");
  });
});

describeWithShared("ton-iot-telemetry", ["datasets/ton-iot-telemetry"], () => {
  const rows: Record<string, number> = {
    fridge: 39_944,
    "gps-tracker": 38_960,
    "garage-door": 39_587,
    modbus: 31_106,
    "motion-light": 39_488,
    thermostat: 32_774,
    weather: 39_260,
  };
  it("loads each device file with normal = 15,000", async () => {
    for (const [device, n] of Object.entries(rows)) {
      const d = await loadDataset(`ton-iot-telemetry-${device}`, opts);
      expect(d.X.rows, device).toBe(n);
      expect(counts(d).normal, device).toBe(15_000);
      expect(
        d.time!.every((t) => t > 1.5e9 && t < 1.6e9),
        device,
      ).toBe(true);
      expectNoLeaks(d, ["date", "time", "label", "type"]);
    }
  });
  it("stacks the seven devices with the device as group; garage sphone_signal normalised", async () => {
    const d = await loadDataset("ton-iot-telemetry", opts);
    expect(d.X.rows).toBe(Object.values(rows).reduce((a, b) => a + b, 0));
    expect(counts(d).normal).toBe(7 * 15_000);
    expect(d.groupNames!.sort()).toEqual(Object.keys(rows).sort());
    expect(d.featureNames.filter((f) => f.startsWith("sphone_signal="))).toHaveLength(2);
  });
});

describeWithShared("ciciot2023-sample", ["datasets/ciciot2023-sample/CICIoT2023_sample.csv"], () => {
  it("loads 19,252 rows, 2,000 per class, Uploading 1,252", async () => {
    const d = await loadDataset("ciciot2023-sample", opts);
    expect(d.X.cols).toBe(39);
    const c = counts(d);
    expect(Object.keys(c)).toHaveLength(10);
    for (const [k, v] of Object.entries(c)) expect(v, k).toBe(k === "Uploading" ? 1_252 : 2_000);
    expect(d.classes[0]).toBe("Benign");
    expectNoLeaks(d, ["label_binary", "label_multiclass"]);
    expect(taxonomyCounts(d).other).toBeUndefined();
  });
});

describeWithShared("ciciot2023-per-attack", ["datasets/ciciot2023-per-attack"], () => {
  it("loads the 12 capture files, class = file name, capture = group", async () => {
    const d = await loadDataset("ciciot2023-per-attack", opts);
    expect(counts(d)).toEqual({
      Backdoor_Malware: 3_218,
      BrowserHijacking: 5_859,
      CommandInjection: 5_409,
      "DDoS-ACK_Fragmentation": 9_482,
      "DDoS-UDP_Fragmentation": 15_532,
      DictionaryBruteForce: 13_064,
      "Mirai-greip_flood": 11_991,
      "Mirai-udpplain": 15_090,
      "Recon-PingSweep": 2_262,
      SqlInjection: 5_245,
      Uploading_Attack: 1_252,
      XSS: 3_846,
    });
    expect(d.groupNames).toHaveLength(12);
    expect(taxonomyCounts(d).other).toBeUndefined();
    expect(taxonomyCounts(d).benign).toBeUndefined();
  });
});

describeWithShared("iot23-34-1", ["datasets/iot23-ctu-iot-malware-capture-34-1/conn.log.labeled"], () => {
  it("loads 23,145 Zeek flows with the README's label counts", async () => {
    const d = await loadDataset("iot23-34-1", opts);
    expect(counts(d)).toEqual({ Benign: 1_923, "C&C": 6_706, DDoS: 14_394, PartOfAHorizontalPortScan: 122 });
    expect(taxonomyCounts(d)).toEqual({ benign: 1_923, ddos: 14_394, scan: 122, botnet: 6_706 });
    expectNoLeaks(d, [
      "ts",
      "uid",
      "id.orig_h",
      "id.orig_p",
      "id.resp_h",
      "id.resp_p",
      "label",
      "detailed-label",
    ]);
    expect(d.time![0]).toBeCloseTo(1545403816.962094, 5);
  });
});

describeWithShared(
  "wustl-ehms-2020",
  ["datasets/wustl-ehms-2020/wustl-ehms-2020_with_attacks_categories.csv"],
  () => {
    it("loads 16,318 rows with the README's class counts", async () => {
      const d = await loadDataset("wustl-ehms-2020", opts);
      expect(counts(d)).toEqual({ normal: 14_272, "Data Alteration": 922, Spoofing: 1_124 });
      expectNoLeaks(d, ["SrcAddr", "DstAddr", "Sport", "Dport", "SrcMac", "DstMac", "Packet_num", "Label"]);
    });
  },
);

describeWithShared("unsw-nb15", ["datasets/unsw-nb15/UNSW_NB15_training-set.zip"], () => {
  it("loads 82,332 rows from the zip, 10 attack_cat classes", async () => {
    const d = await loadDataset("unsw-nb15", opts);
    expect(d.X.rows).toBe(82_332);
    expect(counts(d)).toEqual({
      Normal: 37_000,
      Analysis: 677,
      Backdoor: 583,
      DoS: 4_089,
      Exploits: 11_132,
      Fuzzers: 6_062,
      Generic: 18_871,
      Reconnaissance: 3_496,
      Shellcode: 378,
      Worms: 44,
    });
    expectNoLeaks(d, ["id", "label", "attack_cat"]);
  });
});

describeWithShared("nsl-kdd", ["datasets/nsl-kdd"], () => {
  it("loads the three files (no header) with their row counts and five categories", async () => {
    for (const [id, n] of [
      ["nsl-kdd-train", 25_192],
      ["nsl-kdd-test", 22_544],
      ["nsl-kdd-test-21", 11_850],
    ] as const) {
      const d = await loadDataset(id, opts);
      expect(d.X.rows, id).toBe(n);
      expect(d.classes, id).toEqual(["normal", "DoS", "Probe", "R2L", "U2R"]);
      expectNoLeaks(d, ["attack", "difficulty", "category"]);
    }
    const train = await loadDataset("nsl-kdd", opts);
    expect(counts(train)).toEqual({ normal: 13_449, DoS: 9_234, Probe: 2_289, R2L: 209, U2R: 11 });
  });
});

describeWithShared("mqttset", ["datasets/mqttset-reduced"], () => {
  it("turns the six class captures into flows, one capture group each", async () => {
    for (const id of ["mqttset", "mqttset-train", "mqttset-test"]) {
      const d = await loadDataset(id, opts);
      const c = counts(d);
      expect(Object.keys(c).sort(), id).toEqual([
        "benign",
        "bruteforce",
        "flood",
        "malariados",
        "malformed",
        "slowite",
      ]);
      for (const [k, v] of Object.entries(c)) expect(v, `${id} ${k}`).toBeGreaterThan(0);
      expect(d.groupNames, id).toHaveLength(6);
      expectNoLeaks(d, ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"]);
    }
  });
});

describeWithShared("cset2021-devices", ["datasets/labeled-iot-ondemand-cset2021"], () => {
  it("turns the seven device captures into flows, class = device, all benign", async () => {
    const d = await loadDataset("cset2021-devices", opts);
    expect(d.classes).toEqual([
      "blink-cam-01",
      "blink-cam-02",
      "blink-cam-03",
      "lockly-hub-01",
      "schlage-lock-01",
      "sifely-hub-01",
      "ultraloq-hub-01",
    ]);
    for (const [k, v] of Object.entries(counts(d))) expect(v, k).toBeGreaterThan(0);
    expect(taxonomyCounts(d)).toEqual({ benign: d.X.rows });
  });
});

describe("dataset registry", () => {
  it("lists every id, each spec's files, and refuses unknown ids", async () => {
    const ids = listDatasets(opts).map((d) => d.id);
    for (const id of [
      "ton-iot-network",
      "ton-iot-telemetry",
      "ciciot2023-sample",
      "ciciot2023-per-attack",
      "iot23-34-1",
      "wustl-ehms-2020",
      "unsw-nb15",
      "nsl-kdd",
      "mqttset",
    ]) {
      expect(ids).toContain(id);
    }
    await expect(loadDataset("no-such-set", opts)).rejects.toMatchObject({ code: "E_CONFIG" });
  });

  it("names the absent file when the shared dir lacks a dataset", async () => {
    await expect(loadDataset("ciciot2023-sample", { sharedDir: "/nonexistent" })).rejects.toThrow(
      /CICIoT2023_sample.csv/,
    );
  });

  it("never lists a column both as feature and as identifier or label", () => {
    for (const s of allSpecs()) {
      const features = new Set([...s.numeric, ...s.categorical]);
      for (const c of [...s.identifiers, ...s.labelDerived, s.label])
        expect(features.has(c), `${s.id} ${c}`).toBe(false);
    }
  });
});
