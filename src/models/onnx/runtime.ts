/**
 * The one door to onnxruntime-node (DESIGN.md convention 8): no other module imports it. Loads ONNX bytes
 * into a session and runs float matrices through it.
 */
import { createRequire } from "node:module";
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";

type Ort = typeof import("onnxruntime-node");
let ort: Ort | null = null;

function runtime(): Ort {
  if (ort === null) {
    try {
      ort = createRequire(import.meta.url)("onnxruntime-node") as Ort;
    } catch (cause) {
      throw new VigilError("E_UNSUPPORTED", "onnxruntime-node is not available", {}, { cause });
    }
  }
  return ort;
}

export interface OnnxSessionOptions {
  /** Threads inside one operator (default: onnxruntime's choice). */
  intraOpThreads?: number;
}

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs X through the graph's first input; returns every output as a flat typed array. */
  run(X: Matrix): Promise<Record<string, Float32Array | BigInt64Array | Int32Array>>;
  release(): Promise<void>;
}

export async function createOnnxSession(
  bytes: Uint8Array,
  options: OnnxSessionOptions = {},
): Promise<OnnxSession> {
  const o = runtime();
  let session: import("onnxruntime-node").InferenceSession;
  try {
    session = await o.InferenceSession.create(bytes, {
      ...(options.intraOpThreads !== undefined ? { intraOpNumThreads: options.intraOpThreads } : {}),
    });
  } catch (cause) {
    throw new VigilError("E_MODEL", `onnxruntime rejected the model: ${String(cause)}`, {}, { cause });
  }
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(X: Matrix) {
      const feeds = { [session.inputNames[0]]: new o.Tensor("float32", X.data, [X.rows, X.cols]) };
      const res = await session.run(feeds);
      const out: Record<string, Float32Array | BigInt64Array | Int32Array> = {};
      for (const name of session.outputNames) {
        out[name] = res[name].data as Float32Array | BigInt64Array | Int32Array;
      }
      return out;
    },
    release: () => session.release(),
  };
}
