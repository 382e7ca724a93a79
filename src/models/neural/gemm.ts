/**
 * Matrix products for the neural layers, on an Arena: one block of f32 memory that holds a network's
 * parameters, gradients and activation buffers as Float32Array views. With WebAssembly SIMD (Node 20),
 * the arena is a WebAssembly.Memory and products run in the emitted SIMD kernel (./wasm/gemm-module.ts)
 * on the views in place, no copying per batch; otherwise (or with VIGIL_NEURAL_WASM=0) the plain-JS
 * reference kernel below runs on the same views. Both accumulate: C += A·B.
 */
import { gemmModuleBytes } from "./wasm/gemm-module.js";

type GemmFn = (
  a: number,
  b: number,
  c: number,
  m: number,
  n: number,
  k: number,
  aRow: number,
  aRed: number,
  ldb: number,
  ldc: number,
) => void;

/** The slice of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled kernel module, or null where WebAssembly SIMD is unavailable or disabled. */
function kernelModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (process.env.VIGIL_NEURAL_WASM === "0" || wasmApi === undefined) return compiled;
  const bytes = gemmModuleBytes();
  if (wasmApi.validate(bytes)) compiled = new wasmApi.Module(bytes);
  return compiled;
}

let enabled = true;

/** Turns the WebAssembly kernels off (plain-JS reference) for arenas created afterwards; for tests and A/B timing. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

/** Whether products run in WebAssembly SIMD in this process. */
export function wasmGemmAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * Reference kernel: C[i, j] += sum_p A'[i, p] * B[p, j], with A'[i, p] = a[aOff + i*aRow + p*aRed],
 * B[p, j] = b[bOff + p*ldb + j], C[i, j] = c[cOff + i*ldc + j] (strides in elements).
 */
export function gemmReference(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  aRow: number,
  aRed: number,
  ldb: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    const ci = i * ldc;
    const ai = i * aRow;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p * aRed];
      if (av === 0) continue;
      const bp = p * ldb;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
    }
  }
}

const ALIGN_FLOATS = 4;

/** A block of f32 memory handing out aligned views; products on views of it run in the fastest kernel. */
export class Arena {
  readonly buffer: ArrayBuffer;
  private readonly wasmGemm: GemmFn | null;
  private next = 0;
  private readonly capacity: number;

  /** `floats`: the total the caller will allocate (each view is rounded up to 4 floats). */
  constructor(floats: number, useWasm = true) {
    this.capacity = floats + 64;
    const mod = useWasm && enabled ? kernelModule() : null;
    if (mod !== null && wasmApi !== undefined) {
      const pages = Math.ceil((this.capacity * 4) / 65536) + 1;
      const mem = new wasmApi.Memory({ initial: pages });
      const inst = new wasmApi.Instance(mod, { env: { mem } });
      this.buffer = mem.buffer;
      this.wasmGemm = inst.exports.gemm as GemmFn;
    } else {
      this.buffer = new ArrayBuffer(this.capacity * 4);
      this.wasmGemm = null;
    }
  }

  /** Floats a view of n floats takes (alignment included): sum these to size an arena. */
  static size(n: number): number {
    return Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;
  }

  get usesWasm(): boolean {
    return this.wasmGemm !== null;
  }

  /** A zeroed view of n floats. */
  alloc(n: number): Float32Array {
    const len = Arena.size(n);
    if (this.next + len > this.capacity) {
      throw new RangeError(`arena of ${this.capacity} floats cannot hold ${len} more (at ${this.next})`);
    }
    const v = new Float32Array(this.buffer, this.next * 4, n);
    this.next += len;
    return v;
  }

  /**
   * C += A'·B (see gemmReference for the index maps; strides in elements). a, b, c are views; the
   * products run in WebAssembly when all three live in this arena.
   */
  gemm(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    n: number,
    k: number,
    aRow: number,
    aRed: number,
    ldb: number,
    ldc: number,
  ): void {
    if (m === 0 || n === 0 || k === 0) return;
    const w = this.wasmGemm;
    if (w !== null && a.buffer === this.buffer && b.buffer === this.buffer && c.buffer === this.buffer) {
      w(a.byteOffset, b.byteOffset, c.byteOffset, m, n, k, aRow * 4, aRed * 4, ldb * 4, ldc * 4);
    } else {
      gemmReference(a, b, c, m, n, k, aRow, aRed, ldb, ldc);
    }
  }

  /** C[m x n] += A[m x k] · B[k x n] (row-major, leading dimensions lda, ldb, ldc). */
  matmul(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    n: number,
    k: number,
    lda = k,
    ldb = n,
    ldc = n,
  ): void {
    this.gemm(a, b, c, m, n, k, lda, 1, ldb, ldc);
  }

  /** C[k x n] += A[m x k]ᵀ · B[m x n] (a weight gradient: inputsᵀ · output gradients). */
  matmulTN(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    lda = k,
    ldb = n,
    ldc = n,
  ): void {
    this.gemm(a, b, c, k, n, m, 1, lda, ldb, ldc);
  }
}

/** dst[c x r] = src[r x c]ᵀ. */
export function transpose(src: Float32Array, dst: Float32Array, r: number, c: number): void {
  for (let i = 0; i < r; i++) {
    const si = i * c;
    for (let j = 0; j < c; j++) dst[j * r + i] = src[si + j];
  }
}
