/**
 * The WebAssembly SIMD GEMM kernel, emitted at load time:
 *   gemm(a, b, c, M, N, K, aRow, aRed, ldb, ldc):  C[M x N] += A' · B[K x N]
 * where A'[i, p] is the f32 at byte address a + i*aRow + p*aRed (so one kernel does both A·B, with
 * aRow = lda*4, aRed = 4, and Aᵀ·B, with aRow = 4, aRed = lda*4), B[p, j] at b + p*ldb + j*4 and C[i, j]
 * at c + i*ldc + j*4 (strides in bytes, all pointers into the imported memory).
 * Register blocking: ROWS rows x VECS f32x4 vectors of C live in v128 locals over the whole K loop
 * (the B row is loaded once per step and each A value is loaded-and-splatted once), then narrower
 * column tails (one vector, then scalar) and a one-row tail.
 */
import { addTo, emitModule, F32, I32, op, V128, whileNot } from "./emit.js";

const ROWS = 4;
const VECS = 2;

// Param and local indices.
const A = 0;
const B = 1;
const C = 2;
const M = 3;
const N = 4;
const K = 5;
const AROW = 6;
const ARED = 7;
const LDB = 8;
const LDC = 9;
const I = 10;
const J = 11;
const P = 12;
const PB = 13;
const PC = 14;
const PAK = 15; // ROWS locals
const ACC = PAK + ROWS; // ROWS*VECS v128 locals
const BV = ACC + ROWS * VECS; // VECS v128 locals
const S = BV + VECS; // v128
const FACC = S + 1; // ROWS f32 locals
const FB = FACC + ROWS; // f32

const load32Splat = [0xfd, 9, 2, 0];

/** C-block address of row r: pc + r*ldc. */
function rowAddr(r: number): number[] {
  return r === 0 ? op.get(PC) : [...op.get(PC), ...op.get(LDC), ...op.i32(r), ...op.mul, ...op.add];
}

/** One column loop over j for a block of `rows` rows and `vecs` vectors (0 = one scalar column). */
function columnLoop(rows: number, vecs: number): number[] {
  const width = vecs === 0 ? 1 : 4 * vecs;
  const body: number[] = [];
  // pc = c + i*ldc + j*4
  body.push(...op.get(C), ...op.get(I), ...op.get(LDC), ...op.mul, ...op.add);
  body.push(...op.get(J), ...op.i32(4), ...op.mul, ...op.add, ...op.set(PC));
  for (let r = 0; r < rows; r++) {
    body.push(...op.get(A), ...op.get(I), ...op.i32(r), ...op.add, ...op.get(AROW), ...op.mul, ...op.add);
    body.push(...op.set(PAK + r));
  }
  for (let r = 0; r < rows; r++) {
    if (vecs === 0) body.push(...rowAddr(r), ...op.f32Load(0), ...op.set(FACC + r));
    else
      for (let v = 0; v < vecs; v++)
        body.push(...rowAddr(r), ...op.v128Load(16 * v), ...op.set(ACC + r * VECS + v));
  }
  body.push(...op.get(B), ...op.get(J), ...op.i32(4), ...op.mul, ...op.add, ...op.set(PB));
  body.push(...op.get(K), ...op.set(P));
  const inner: number[] = [];
  if (vecs === 0) {
    inner.push(...op.get(PB), ...op.f32Load(0), ...op.set(FB));
    for (let r = 0; r < rows; r++) {
      inner.push(...op.get(FACC + r), ...op.get(PAK + r), ...op.f32Load(0), ...op.get(FB), ...op.f32Mul);
      inner.push(...op.f32Add, ...op.set(FACC + r));
    }
  } else {
    for (let v = 0; v < vecs; v++) inner.push(...op.get(PB), ...op.v128Load(16 * v), ...op.set(BV + v));
    for (let r = 0; r < rows; r++) {
      inner.push(...op.get(PAK + r), ...load32Splat, ...op.set(S));
      for (let v = 0; v < vecs; v++) {
        const acc = ACC + r * VECS + v;
        inner.push(...op.get(acc), ...op.get(S), ...op.get(BV + v), ...op.f32x4Mul, ...op.f32x4Add);
        inner.push(...op.set(acc));
      }
    }
  }
  for (let r = 0; r < rows; r++) inner.push(...addTo(PAK + r, op.get(ARED)));
  inner.push(...addTo(PB, op.get(LDB)));
  inner.push(...op.get(P), ...op.i32(1), ...op.sub, ...op.set(P));
  body.push(...whileNot([...op.get(P), ...op.eqz], inner));
  for (let r = 0; r < rows; r++) {
    if (vecs === 0) body.push(...rowAddr(r), ...op.get(FACC + r), ...op.f32Store(0));
    else
      for (let v = 0; v < vecs; v++)
        body.push(...rowAddr(r), ...op.get(ACC + r * VECS + v), ...op.v128Store(16 * v));
  }
  body.push(...addTo(J, op.i32(width)));
  // exit when j + width > N
  return whileNot([...op.get(J), ...op.i32(width), ...op.add, ...op.get(N), ...op.gtS], body);
}

function rowLoop(rows: number): number[] {
  const body = [
    ...op.i32(0),
    ...op.set(J),
    ...columnLoop(rows, VECS),
    ...(VECS > 1 ? columnLoop(rows, 1) : []),
    ...columnLoop(rows, 0),
    ...addTo(I, op.i32(rows)),
  ];
  return whileNot([...op.get(I), ...op.i32(rows), ...op.add, ...op.get(M), ...op.gtS], body);
}

/** The module bytes (exports "gemm"). */
export function gemmModuleBytes(): Uint8Array {
  const body = [...op.i32(0), ...op.set(I), ...rowLoop(ROWS), ...rowLoop(1)];
  const locals = [
    ...new Array(PAK - I).fill(I32),
    ...new Array(ROWS).fill(I32),
    ...new Array(ROWS * VECS + VECS + 1).fill(V128),
    ...new Array(ROWS + 1).fill(F32),
  ];
  return emitModule([{ name: "gemm", params: new Array(10).fill(I32), locals, body }]);
}
