/**
 * KitNET scoring in WebAssembly (default mode): a frozen copy of the ensemble's weights in one wasm
 * memory and the SIMD kernel of ./wasm/kitnet-exec.wat, one call per autoencoder. It scores about twice
 * as fast as the JavaScript path (npm run bench:packets), whose small matrix-vector products are bound by
 * the latency of dependent additions and of Math.exp calls. The copy is taken when scoring starts and
 * dropped as soon as the model trains again (KitNET.train), so it never scores with stale weights.
 *
 * Memory layout (byte addresses, 16-byte aligned): bytes 0..255 hold the kernel's exp table (its data
 * segment); then the input vector x (nFeatures f64), then per
 * autoencoder its feature map (i32), normMin, normMax - normMin + 1e-16 (the divisor, as the JavaScript
 * path computes it), W (nVisible x nHiddenPadded, padding columns 0), hbias (padded with 0), vbias and
 * scratch (normalised input, hidden units, reconstruction errors); the output autoencoder reads the
 * ensemble's RMSE vector. Compat mode keeps the JavaScript path: its bits must match Kitsune's.
 */
import type { Autoencoder } from "./autoencoder.js";
import { KITNET_EXEC_WASM_BASE64 } from "./wasm/kitnet-exec-bytes.js";

type AeKernel = (
  nv: number,
  nhp: number,
  x: number,
  map: number,
  min: number,
  den: number,
  w: number,
  hb: number,
  vb: number,
  xn: number,
  y: number,
  err: number,
  nh: number,
) => number;

interface AeLayout {
  nv: number;
  nh: number;
  nhp: number;
  map: number;
  min: number;
  den: number;
  w: number;
  hb: number;
  vb: number;
  xn: number;
  y: number;
  err: number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this Node lacks WebAssembly SIMD (the caller keeps JavaScript). */
function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(KITNET_EXEC_WASM_BASE64, "base64"));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export class WasmKitnetExec {
  private readonly kernel: AeKernel;
  private readonly f64: Float64Array;
  private readonly xAddr: number;
  private readonly s1Addr: number;
  private readonly ens: AeLayout[];
  private readonly out: AeLayout;
  private readonly nFeatures: number;

  /** Null when WebAssembly SIMD is unavailable. */
  static create(nFeatures: number, ensemble: Autoencoder[], maps: Int32Array[], output: Autoencoder) {
    const mod = wasmModule();
    return mod ? new WasmKitnetExec(mod, nFeatures, ensemble, maps, output) : null;
  }

  private constructor(
    mod: WebAssembly.Module,
    nFeatures: number,
    ensemble: Autoencoder[],
    maps: Int32Array[],
    output: Autoencoder,
  ) {
    let bytes = 256 + align(8 * nFeatures) + align(8 * ensemble.length);
    for (const ae of [...ensemble, output]) bytes += aeBytes(ae);
    // made at its full size, never grown: a grow detaches the memory's ArrayBuffer, and one detached
    // buffer makes V8 add a check to every typed-array access of this thread from then on (measured 30%
    // slower on a gather loop): the AfterImage and flow code beside this would pay for it
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const instance = new WebAssembly.Instance(mod, { env: { memory } });
    this.kernel = instance.exports.ae as AeKernel;
    this.nFeatures = nFeatures;
    this.f64 = new Float64Array(memory.buffer);
    const i32 = new Int32Array(memory.buffer);
    let top = 256; // bytes 0..255: the kernel's exp table (a data segment)
    const alloc = (n: number) => {
      const a = top;
      top += align(n);
      return a;
    };
    this.xAddr = alloc(8 * nFeatures);
    this.s1Addr = alloc(8 * ensemble.length);
    const place = (ae: Autoencoder, map: Int32Array | null): AeLayout => {
      const nv = ae.nVisible;
      const nh = ae.nHidden;
      const nhp = nh + (nh & 1);
      const l: AeLayout = {
        nv,
        nh,
        nhp,
        map: map ? alloc(4 * nv) : -1,
        min: alloc(8 * nv),
        den: alloc(8 * nv),
        w: alloc(8 * nv * nhp),
        hb: alloc(8 * nhp),
        vb: alloc(8 * nv),
        xn: alloc(8 * nv),
        y: alloc(8 * nhp),
        err: alloc(8 * nv),
      };
      const f = this.f64;
      if (map) i32.set(map, l.map >> 2);
      f.set(ae.normMin, l.min >> 3);
      for (let i = 0; i < nv; i++) f[(l.den >> 3) + i] = ae.normMax[i] - ae.normMin[i] + 1e-16;
      for (let i = 0; i < nv; i++) {
        for (let j = 0; j < nh; j++) f[(l.w >> 3) + i * nhp + j] = ae.w[i * nh + j];
      }
      f.set(ae.hbias, l.hb >> 3);
      f.set(ae.vbias, l.vb >> 3);
      return l;
    };
    this.ens = ensemble.map((ae, a) => place(ae, maps[a]));
    this.out = place(output, null);
  }

  /** The anomaly score of x (the output autoencoder's RMSE); fills the per-autoencoder RMSEs in s1. */
  score(x: Float64Array, s1: Float64Array): number {
    const f = this.f64;
    f.set(x.length === this.nFeatures ? x : x.subarray(0, this.nFeatures), this.xAddr >> 3);
    const k = this.kernel;
    const xa = this.xAddr;
    const s1Base = this.s1Addr >> 3;
    const ens = this.ens;
    for (let a = 0; a < ens.length; a++) {
      const l = ens[a];
      const r = k(l.nv, l.nhp, xa, l.map, l.min, l.den, l.w, l.hb, l.vb, l.xn, l.y, l.err, l.nh);
      f[s1Base + a] = r;
      s1[a] = r;
    }
    const o = this.out;
    return k(o.nv, o.nhp, this.s1Addr, -1, o.min, o.den, o.w, o.hb, o.vb, o.xn, o.y, o.err, o.nh);
  }

  /** After score(): autoencoder a's normalised input minus reconstruction (a view; copy to keep). */
  lastErrors(a: number): Float64Array {
    const l = a < 0 ? this.out : this.ens[a];
    return this.f64.subarray(l.err >> 3, (l.err >> 3) + l.nv);
  }
}

function align(n: number): number {
  return (n + 15) & ~15;
}

function aeBytes(ae: Autoencoder): number {
  const nv = ae.nVisible;
  const nhp = ae.nHidden + (ae.nHidden & 1);
  return align(4 * nv) + 5 * align(8 * nv) + align(8 * nv * nhp) + 2 * align(8 * nhp);
}
