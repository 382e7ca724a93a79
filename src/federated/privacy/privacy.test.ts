import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { DpAggregator } from "./dp.js";
import { DEFAULT_ORDERS, epsilonFromRdp, RdpAccountant, rdpSampledGaussian } from "./rdp.js";
import { SecAggClient, secureSum } from "./secagg.js";
import { SecAggRound } from "./secagg-round.js";
import { combineShares, splitSecret } from "./shamir.js";

/** D_a(q N(1, s^2) + (1-q) N(0, s^2) || N(0, s^2)) by direct numerical integration (independent of the series). */
function rdpByQuadrature(q: number, s: number, a: number): number {
  let A = 0;
  const h = 1e-3;
  for (let z = -40 * s; z <= 40 * s + 1; z += h) {
    const m0 = Math.exp(-(z * z) / (2 * s * s));
    const ratio = Math.exp((2 * z - 1) / (2 * s * s));
    A += m0 * (1 - q + q * ratio) ** a * h;
  }
  A /= Math.sqrt(2 * Math.PI) * s;
  return Math.log(A) / (a - 1);
}

describe("RDP accountant (sampled Gaussian)", () => {
  it("matches the closed form without sampling and numerical integration with it", () => {
    expect(rdpSampledGaussian(1, 2, 8)).toBeCloseTo(8 / 8, 12);
    for (const [q, s, a] of [
      [0.1, 1, 4],
      [0.3, 1.5, 8],
      [0.05, 0.8, 3],
    ]) {
      expect(rdpSampledGaussian(q, s, a)).toBeCloseTo(rdpByQuadrature(q, s, a), 6);
    }
  });

  it("grows with rounds and shrinks with noise; converts with the Balle et al. bound", () => {
    const acc = new RdpAccountant(0.1, 1.0);
    acc.step(10);
    const e10 = acc.epsilon(1e-5).epsilon;
    acc.step(90);
    const e100 = acc.epsilon(1e-5).epsilon;
    expect(e100).toBeGreaterThan(e10);
    const quiet = new RdpAccountant(0.1, 2.0);
    quiet.step(100);
    expect(quiet.epsilon(1e-5).epsilon).toBeLessThan(e100);
    // q = 1, one step, s = 1: eps = min_a a/2 + log((a-1)/a) - (log d + log a)/(a-1), by hand at the argmin
    const rdp = DEFAULT_ORDERS.map((a) => a / 2);
    const { epsilon, order } = epsilonFromRdp(rdp, DEFAULT_ORDERS, 1, 1e-5);
    const a = order;
    expect(epsilon).toBeCloseTo(a / 2 + Math.log((a - 1) / a) - (Math.log(1e-5) + Math.log(a)) / (a - 1), 12);
    expect(epsilon).toBeGreaterThan(4);
    expect(epsilon).toBeLessThan(6);
    expect(() => rdpSampledGaussian(1.5, 1, 2)).toThrow(VigilError);
  });

  it("DP aggregation clips, adds noise of the stated scale and counts rounds", () => {
    const dp = new DpAggregator({ clipNorm: 1, noiseMultiplier: 1, delta: 1e-5 }, 10, 1, 7);
    const d = 20000;
    const out = dp.aggregate(new Float32Array(d), [
      { clientId: "a", delta: new Float32Array(d).fill(100), numExamples: 1 },
    ]);
    let mean = 0;
    for (const v of out) mean += v / d;
    let v2 = 0;
    for (const v of out) v2 += (v - mean) ** 2 / d;
    // clipped sum per coordinate = 1/sqrt(d); noise std = 1; divided by q N = 10
    expect(mean).toBeCloseTo(1 / Math.sqrt(d) / 10, 2);
    expect(Math.sqrt(v2)).toBeCloseTo(0.1, 2);
    expect(dp.spent().rounds).toBe(1);
    expect(dp.spent().epsilon).toBeGreaterThan(0);
  });
});

describe("Shamir secret sharing", () => {
  it("recovers a 32-byte secret from any t shares and not from t-1", () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 5);
    expect(Buffer.from(combineShares([shares[4], shares[0], shares[2]], 32))).toEqual(secret);
    expect(Buffer.from(combineShares(shares.slice(1, 4), 32))).toEqual(secret);
    let wrong: Buffer | undefined;
    try {
      wrong = Buffer.from(combineShares(shares.slice(0, 2), 32));
    } catch (e) {
      expect((e as VigilError).code).toBe("E_FORMAT");
    }
    if (wrong !== undefined) expect(wrong.equals(secret)).toBe(false);
    expect(() => splitSecret(secret, 6, 5)).toThrow(VigilError);
  });
});

describe("secure aggregation", () => {
  const inputs = new Map(
    ["a", "b", "c", "d", "e"].map((id, k) => [
      id,
      Float32Array.from({ length: 300 }, (_, i) => Math.sin(i * (k + 1)) * 3),
    ]),
  );
  const plain = (ids: string[]): Float64Array => {
    const s = new Float64Array(300);
    for (const id of ids)
      (inputs.get(id) as Float32Array).forEach((v, i) => {
        s[i] += v;
      });
    return s;
  };

  it("gives the plain sum within 1e-6 (the server sees masked vectors only)", () => {
    const r = secureSum(inputs, { round: 1, threshold: 3 });
    const want = plain([...inputs.keys()]);
    let maxErr = 0;
    r.sum.forEach((v, i) => {
      maxErr = Math.max(maxErr, Math.abs(v - want[i]));
    });
    expect(maxErr).toBeLessThan(1e-6);
    expect(r.survivors).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("recovers the sum of the survivors when clients drop after sharing their keys", () => {
    const r = secureSum(inputs, { round: 2, threshold: 3, dropAfterShare: ["b", "e"] });
    const want = plain(["a", "c", "d"]);
    let maxErr = 0;
    r.sum.forEach((v, i) => {
      maxErr = Math.max(maxErr, Math.abs(v - want[i]));
    });
    expect(maxErr).toBeLessThan(1e-6);
  });

  it("fails loudly below the threshold and on values that would overflow the ring", () => {
    expect(() => secureSum(inputs, { round: 3, threshold: 4, dropAfterShare: ["a", "b"] })).toThrow(
      VigilError,
    );
    const big = new Map([...inputs].map(([k, v]) => [k, v.map((x) => x * 100)]));
    expect(() => secureSum(big, { round: 4, threshold: 3 })).toThrow(/outside/);
  });
});

describe("secure-aggregation round (the server's phases over the transport)", () => {
  const P = 50;
  const ids = ["a", "b", "c", "d"];
  const deltas = new Map(
    ids.map((id, k) => [id, Float32Array.from({ length: P }, (_, i) => Math.cos(i + k) / 3)]),
  );
  const counts = new Map(ids.map((id, k) => [id, 100 * (k + 1)]));
  const input = (id: string): Float64Array => {
    const x = new Float64Array(P + 1);
    const n = counts.get(id) as number;
    (deltas.get(id) as Float32Array).forEach((v, i) => {
      x[i] = n * v;
    });
    x[P] = n;
    return x;
  };

  function setUp(threshold: number) {
    const round = new SecAggRound(new Set(ids), {
      round: 7,
      threshold,
      fractionalBits: 12,
      parameters: P,
      minSurvivors: 2,
    });
    const clients = new Map(
      ids.map((id) => [id, new SecAggClient(id, { round: 7, threshold, fractionalBits: 12 })]),
    );
    for (const [id, c] of clients) {
      const { cPk, sPk } = c.advertise();
      expect(round.acceptAdvertise(id, { clientId: id, round: 7, cPk, sPk }).accepted).toBe(true);
    }
    expect(round.close()).toBe("share");
    return { round, clients };
  }

  it("unmasks the example-weighted mean of the survivors when a client drops between sharing and masking", () => {
    const { round, clients } = setUp(3);
    const task = round.task("a");
    const roster = task?.action === "secagg-share" ? task.roster : [];
    for (const [id, c] of clients)
      expect(
        round.acceptShares(id, { clientId: id, round: 7, shares: c.share(roster).shares }).accepted,
      ).toBe(true);
    expect(round.close()).toBe("mask");
    const evaluation = { rows: 1, confusion: [1, 0, 0, 1] };
    for (const id of ["a", "b", "c"]) {
      const t = round.task(id);
      const inbox = t?.action === "secagg-train" ? t.inbox : [];
      expect(inbox.map((s) => s.from).sort()).toEqual(ids.filter((v) => v !== id));
      const { masked } = (clients.get(id) as SecAggClient).mask(input(id), inbox);
      const ack = round.acceptMasked(id, {
        clientId: id,
        round: 7,
        masked: { length: P + 1, base64: masked },
        evaluation,
        trainSeconds: 0,
      });
      expect(ack.accepted).toBe(true);
    }
    expect(round.close()).toBe("unmask");
    expect(round.sets().u3).toEqual(["a", "b", "c"]);
    for (const id of ["a", "b", "c"]) {
      const m = (clients.get(id) as SecAggClient).unmask(round.sets().u3);
      // a self-mask share of the dropped client would unmask it if its input ever arrived: refused
      const forged = round.acceptUnmask(id, {
        clientId: id,
        round: 7,
        bShares: [...m.bShares, { of: "d", x: 1, y: "ab" }],
        sShares: m.sShares,
      });
      expect(forged.accepted).toBe(false);
      expect(round.acceptUnmask(id, { clientId: id, round: 7, ...m }).accepted).toBe(true);
    }
    expect(round.close()).toBe("done");
    const sum = round.sum() as Float64Array;
    const n = 100 + 200 + 300;
    expect(Math.abs(sum[P] - n)).toBeLessThan(1e-3);
    let maxErr = 0;
    for (let i = 0; i < P; i++) {
      let plain = 0;
      for (const id of ["a", "b", "c"])
        plain += (counts.get(id) as number) * (deltas.get(id) as Float32Array)[i];
      maxErr = Math.max(maxErr, Math.abs(sum[i] / sum[P] - plain / n));
    }
    expect(maxErr).toBeLessThan(1e-6);
    expect(round.survivors()).toEqual(["a", "b", "c"]);
  });

  it("refuses malformed shares, wrong phases and repeats; fails below the threshold", () => {
    const { round, clients } = setUp(3);
    const task = round.task("a");
    const roster = task?.action === "secagg-share" ? task.roster : [];
    const shares = (clients.get("a") as SecAggClient).share(roster).shares;
    const msg = (s: typeof shares) => ({ clientId: "a", round: 7, shares: s });
    expect(round.acceptShares("a", msg(shares.slice(1))).accepted).toBe(false); // a peer left out
    expect(round.acceptShares("a", msg([...shares.slice(1), { ...shares[0], from: "b" }])).accepted).toBe(
      false,
    );
    expect(round.acceptShares("a", msg([...shares.slice(1), shares[1]])).accepted).toBe(false); // twice
    expect(round.acceptShares("a", { ...msg(shares), round: 6 }).accepted).toBe(false);
    expect(round.acceptShares("a", msg(shares)).accepted).toBe(true);
    expect(round.acceptShares("a", msg(shares)).accepted).toBe(false);
    expect(
      round.acceptAdvertise("b", {
        clientId: "b",
        round: 7,
        ...(clients.get("b") as SecAggClient).advertise(),
      }).accepted,
    ).toBe(false);
    const b = clients.get("b") as SecAggClient;
    expect(
      round.acceptShares("b", { clientId: "b", round: 7, shares: b.share(roster).shares }).accepted,
    ).toBe(true);
    // a server that swaps a client's keys in the roster (to read the shares meant for it) is refused
    const c = clients.get("c") as SecAggClient;
    const forgedRoster = roster.map((r) => (r.id === "c" ? { ...r, cPk: roster[0].cPk } : r));
    expect(() => c.share(forgedRoster)).toThrow(/other keys/);
    // two of four shared, threshold three: the round fails (the server retries it with fresh keys)
    expect(round.close()).toBe("failed");
    expect(round.failure).toMatch(/2 clients shared, threshold 3/);
    expect(round.sum()).toBeNull();
  });
});
