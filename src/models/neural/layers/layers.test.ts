import { describe, expect, it } from "vitest";
import { gradCheck } from "../gradcheck.js";
import { Activation } from "./activation.js";
import { BatchNorm } from "./batchnorm.js";
import { Conv1D } from "./conv1d.js";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";
import { GRU } from "./gru.js";
import { LSTM } from "./lstm.js";
import { MaxPool1D } from "./pool.js";

const TOL = 2e-2;

describe("layer backward passes agree with finite differences", () => {
  for (const useWasm of [true, false]) {
    it(`dense + tanh + dense (${useWasm ? "wasm" : "plain JS"} kernels)`, () => {
      const r = gradCheck([new Dense(5, 7), new Activation("tanh", 7), new Dense(7, 3)], {
        rows: 6,
        useWasm,
      });
      expect(r.paramError).toBeLessThan(TOL);
      expect(r.inputError).toBeLessThan(TOL);
    });
  }

  it("sigmoid and relu activations", () => {
    const r = gradCheck(
      [new Dense(4, 6), new Activation("sigmoid", 6), new Dense(6, 6), new Activation("relu", 6)],
      {
        rows: 5,
        eps: 1e-3,
      },
    );
    expect(r.paramError).toBeLessThan(TOL);
    expect(r.inputError).toBeLessThan(TOL);
  });

  it("batch norm in training mode (batch statistics) and in inference mode", () => {
    for (const training of [true, false]) {
      const r = gradCheck([new Dense(4, 5), new BatchNorm(5), new Activation("tanh", 5), new Dense(5, 2)], {
        rows: 8,
        training,
      });
      expect(r.paramError).toBeLessThan(TOL);
      expect(r.inputError).toBeLessThan(TOL);
    }
  });

  it("dropout (same mask in every pass)", () => {
    const r = gradCheck([new Dense(4, 8), new Dropout(8, 0.5), new Dense(8, 3)], { rows: 6 });
    expect(r.paramError).toBeLessThan(TOL);
    expect(r.inputError).toBeLessThan(TOL);
  });

  it("the check fails on a wrong gradient (the harness can fail)", () => {
    class BrokenTanh extends Activation {
      override backward(
        x: Float32Array,
        y: Float32Array,
        dy: Float32Array,
        dx: Float32Array | null,
        n: number,
      ): void {
        super.backward(x, y, dy, dx, n);
        if (dx !== null) for (let i = 0; i < n * this.inSize; i++) dx[i] *= 1.5;
      }
    }
    const r = gradCheck([new Dense(3, 4), new BrokenTanh("tanh", 4), new Dense(4, 2)], { rows: 4 });
    expect(r.paramError).toBeGreaterThan(0.1);
  });
});

describe("sequence layers agree with finite differences", () => {
  it("conv1d (2 channels, stride 1 and 2) + max pooling", () => {
    for (const stride of [1, 2]) {
      const conv = new Conv1D(9, 2, 3, 3, stride);
      const r = gradCheck([conv, new Activation("tanh", conv.outSize), new Dense(conv.outSize, 2)], {
        rows: 4,
      });
      expect(r.paramError).toBeLessThan(TOL);
      expect(r.inputError).toBeLessThan(TOL);
    }
    const conv = new Conv1D(10, 1, 4, 3);
    const pool = new MaxPool1D(conv.outLength, 4, 2);
    const r = gradCheck([conv, pool, new Dense(pool.outSize, 3)], { rows: 3, eps: 1e-3 });
    expect(r.paramError).toBeLessThan(TOL);
    expect(r.inputError).toBeLessThan(TOL);
  });

  it("lstm (back-propagation through time)", () => {
    const r = gradCheck([new LSTM(5, 3, 4), new Dense(4, 2)], { rows: 3 });
    expect(r.paramError).toBeLessThan(TOL);
    expect(r.inputError).toBeLessThan(TOL);
  });

  it("gru (back-propagation through time)", () => {
    const r = gradCheck([new GRU(5, 3, 4), new Dense(4, 2)], { rows: 3 });
    expect(r.paramError).toBeLessThan(TOL);
    expect(r.inputError).toBeLessThan(TOL);
  });
});
