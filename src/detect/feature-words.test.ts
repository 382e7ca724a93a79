import { describe, expect, it } from "vitest";
import { describeFeature } from "./feature-words.js";

describe("describeFeature", () => {
  it("reads jitter, socket and host names", () => {
    expect(describeFeature("HH_jit_0.1_mean")).toBe(
      "mean inter-arrival time between this host pair over the last ~10 s",
    );
    expect(describeFeature("HpHp_5_weight_0")).toBe(
      "packet rate between these two sockets (address+port) over the last ~100 ms",
    );
    expect(describeFeature("MI_dir_0.01_std")).toBe(
      "packet-size variance sent by this MAC/IP over the last ~1 min",
    );
  });
  it("returns unknown names unchanged", () => {
    expect(describeFeature("orig_bytes")).toBe("orig_bytes");
  });
});
