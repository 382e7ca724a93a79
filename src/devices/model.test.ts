import { describe, expect, it } from "vitest";
import { isVigilError } from "../errors.js";
import { N_FEATURES } from "./features.js";
import { DeviceModel, type LabelledWindow } from "./model.js";
import { fromModelFile, toModelFile } from "./model-file.js";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Windows of a synthetic device: feature f ~ centre[f] + N(0, 0.3) (sum of uniforms). */
function device(label: string, centre: number, n: number, r: () => number, t0 = 0): LabelledWindow[] {
  return Array.from({ length: n }, (_, i) => {
    const v = new Float32Array(N_FEATURES);
    for (let f = 0; f < N_FEATURES; f++) v[f] = centre * ((f % 3) + 1) + (r() + r() + r() - 1.5) * 0.6;
    v[5] = Number.NaN; // an undefined statistic
    return { vector: v, label, startS: t0 + i * 60 };
  });
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isVigilError(e) ? e.code : "not a VigilError";
  }
  return "no error";
};

describe("DeviceModel (open set)", () => {
  const r = rng(11);
  const train = [...device("cam", 0, 150, r), ...device("lock", 3, 150, r), ...device("hub", 6, 150, r)];
  const model = new DeviceModel({ nEstimators: 20, alpha: 0.05 }).fit(train);

  it("names known devices and keeps the false-unknown rate near alpha", () => {
    const test = [...device("cam", 0, 100, r), ...device("lock", 3, 100, r), ...device("hub", 6, 100, r)];
    const v = model.classify(test.map((w) => w.vector));
    const correct = v.filter((x, i) => x.predicted === test[i].label).length;
    expect(correct / test.length).toBeGreaterThan(0.98);
    const unknown = v.filter((x) => x.unknown).length / test.length;
    expect(unknown).toBeLessThan(0.15);
  });

  it("calls a device unlike any known one unknown instead of forcing a class", () => {
    const alien = device("alien", 20, 50, r);
    const between = device("between", 1.5, 50, r);
    const v = model.classify([...alien, ...between].map((w) => w.vector));
    expect(v.slice(0, 50).every((x) => x.unknown && x.label === "unknown")).toBe(true);
    expect(v.slice(50).filter((x) => x.unknown).length).toBeGreaterThan(40);
  });

  it("round-trips through the model file with identical verdicts", () => {
    const file = toModelFile({ model, extractor: { windowS: 60, minPackets: 3 }, enrolled: [] });
    const back = fromModelFile(JSON.parse(JSON.stringify(file)));
    const probe = device("x", 2, 20, r).map((w) => w.vector);
    expect(back.model.classify(probe)).toEqual(model.classify(probe));
    expect(back.model.thresholds).toEqual(model.thresholds);
  });

  it("rejects bad params, bad input and bad files with typed errors", () => {
    expect(code(() => new DeviceModel({ alpha: 2 }))).toBe("E_CONFIG");
    expect(code(() => new DeviceModel({ nope: 1 } as never))).toBe("E_CONFIG");
    expect(code(() => new DeviceModel().classify([new Float32Array(N_FEATURES)]))).toBe("E_NOT_FITTED");
    expect(code(() => new DeviceModel().fit(device("one", 0, 10, r)))).toBe("E_CONFIG");
    expect(code(() => model.classify([new Float32Array(3)]))).toBe("E_SCHEMA");
    const file = toModelFile({ model, extractor: { windowS: 60, minPackets: 3 }, enrolled: [] });
    expect(code(() => fromModelFile({ ...file, version: 2 }))).toBe("E_MODEL");
    expect(code(() => fromModelFile({ ...file, features: ["a"] }))).toBe("E_MODEL");
    const broken = JSON.parse(JSON.stringify(file));
    broken.state.forest.state = {};
    expect(code(() => fromModelFile(broken))).toBe("E_MODEL");
  });
});
