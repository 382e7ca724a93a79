/**
 * numpy's float64 sum of a contiguous vector (pairwise_sum as add.reduce uses it for < 8192 values):
 * fewer than 8 values are added in order; otherwise eight running sums over strides of 8, combined as
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the remainder in order. KitNET's compatibility mode uses
 * it for numpy.mean so its last bits follow the reference.
 */
export function npSum(a: Float64Array, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[i];
    return res;
  }
  let r0 = a[0];
  let r1 = a[1];
  let r2 = a[2];
  let r3 = a[3];
  let r4 = a[4];
  let r5 = a[5];
  let r6 = a[6];
  let r7 = a[7];
  let i = 8;
  const end = n - (n % 8);
  for (; i < end; i += 8) {
    r0 += a[i];
    r1 += a[i + 1];
    r2 += a[i + 2];
    r3 += a[i + 3];
    r4 += a[i + 4];
    r5 += a[i + 5];
    r6 += a[i + 6];
    r7 += a[i + 7];
  }
  let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) res += a[i];
  return res;
}
