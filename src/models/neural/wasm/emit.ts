/**
 * A tiny WebAssembly binary emitter: just the opcodes the neural kernels need (i32 arithmetic, f32 and
 * SIMD128 f32x4 loads, stores, splat, add, mul, block/loop/br_if). A module imports one memory
 * ("env"."mem") and exports functions; the bytes are built at load time, so no .wasm file ships.
 * Encoding follows the WebAssembly core spec (binary format, section ids 1/2/3/7/10) and the SIMD
 * proposal (0xfd prefix, LEB128 opcode).
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (i32 range). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function simd(op: number): number[] {
  return [0xfd, ...uleb(op)];
}

/** Instruction helpers: each returns the encoded bytes. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  eqz: [0x45],
  gtS: [0x4a],
  leS: [0x4c],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  f32Load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  f32Add: [0x92],
  f32Mul: [0x94],
  v128Load: (offset = 0) => [...simd(0), 4, ...uleb(offset)],
  v128Store: (offset = 0) => [...simd(11), 4, ...uleb(offset)],
  f32x4Splat: simd(19),
  f32x4Add: simd(228),
  f32x4Mul: simd(230),
};

/** `local[i] += delta` for an i32 local, delta from the instruction sequence `delta`. */
export function addTo(i: number, delta: number[]): number[] {
  return [...op.get(i), ...delta, ...op.add, ...op.set(i)];
}

/**
 * `block; loop; <exitIf> br_if 1; <body>; br 0; end; end`: a while loop that exits when `exitIf` leaves a
 * non-zero i32 on the stack.
 */
export function whileNot(exitIf: number[], body: number[]): number[] {
  return [...op.block, ...op.loop, ...exitIf, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

export interface FuncDef {
  name: string;
  params: number[];
  /** Extra locals, in order after the params. */
  locals: number[];
  body: number[];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = [...Buffer.from(s, "utf8")];
  return [...uleb(b.length), ...b];
}

/** A module importing memory env.mem (min `pages`) and exporting the given void functions. */
export function emitModule(funcs: FuncDef[], pages = 1): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]);
  const imports = [[...name("env"), ...name("mem"), 0x02, 0x00, ...uleb(pages)]];
  const exports = funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  const bodies = funcs.map((f) => {
    // Run-length groups of equal local types.
    const groups: number[][] = [];
    for (const t of f.locals) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const code = [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n), t]), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
