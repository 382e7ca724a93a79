/**
 * Builds pcapng bytes block by block, in either byte order, for tests and fixtures: section headers,
 * interface descriptions (with if_tsresol / if_tsoffset), enhanced and simple packet blocks, and any
 * other block type (to check that readers skip it). Not a general pcapng writer.
 *
 *   const b = new PcapngBuilder();            // little-endian
 *   b.shb().idb(1, 65535, 9).epb(0, 1700000000n * 1_000_000_000n, frame).spb(frame);
 *   const bytes = b.bytes();
 */

export class PcapngBuilder {
  private readonly parts: Uint8Array[] = [];
  private le: boolean;

  constructor(opts: { bigEndian?: boolean } = {}) {
    this.le = !opts.bigEndian;
  }

  /** Section Header Block; `bigEndian` switches the byte order from this section on. */
  shb(opts: { bigEndian?: boolean } = {}): this {
    if (opts.bigEndian !== undefined) this.le = !opts.bigEndian;
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint32(0, 0x1a2b3c4d, this.le);
    v.setUint16(4, 1, this.le);
    v.setUint16(6, 0, this.le);
    v.setInt32(8, -1, this.le); // section length unknown
    v.setInt32(12, -1, this.le);
    return this.block(0x0a0d0d0a, body);
  }

  /** Interface Description Block; `tsresol` is the if_tsresol byte (omitted when undefined). */
  idb(linkType: number, snaplen: number, tsresol?: number, tsoffsetSec?: number): this {
    const opts: Uint8Array[] = [];
    if (tsresol !== undefined) opts.push(this.option(9, Uint8Array.of(tsresol)));
    if (tsoffsetSec !== undefined) {
      const o = new Uint8Array(8);
      new DataView(o.buffer).setBigInt64(0, BigInt(tsoffsetSec), this.le);
      opts.push(this.option(14, o));
    }
    if (opts.length > 0) opts.push(new Uint8Array(4)); // opt_endofopt
    const optLen = opts.reduce((a, o) => a + o.length, 0);
    const body = new Uint8Array(8 + optLen);
    const v = new DataView(body.buffer);
    v.setUint16(0, linkType, this.le);
    v.setUint32(4, snaplen, this.le);
    let o = 8;
    for (const p of opts) {
      body.set(p, o);
      o += p.length;
    }
    return this.block(1, body);
  }

  /** Enhanced Packet Block; `ts` counts the interface's timestamp units. */
  epb(ifId: number, ts: bigint, data: Uint8Array, wireLen = data.length): this {
    const body = new Uint8Array(20 + pad4(data.length));
    const v = new DataView(body.buffer);
    v.setUint32(0, ifId, this.le);
    v.setUint32(4, Number(ts >> 32n), this.le);
    v.setUint32(8, Number(ts & 0xffffffffn), this.le);
    v.setUint32(12, data.length, this.le);
    v.setUint32(16, wireLen, this.le);
    body.set(data, 20);
    return this.block(6, body);
  }

  /** Simple Packet Block (interface 0; wire length = data length unless given). */
  spb(data: Uint8Array, wireLen = data.length): this {
    const body = new Uint8Array(4 + pad4(data.length));
    new DataView(body.buffer).setUint32(0, wireLen, this.le);
    body.set(data, 4);
    return this.block(3, body);
  }

  /** Any block type with an opaque body (padded to 32 bits). */
  block(type: number, body: Uint8Array): this {
    const len = 12 + pad4(body.length);
    const b = new Uint8Array(len);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, this.le);
    v.setUint32(4, len, this.le);
    b.set(body, 8);
    v.setUint32(len - 4, len, this.le);
    this.parts.push(b);
    return this;
  }

  /** Everything built so far, concatenated. */
  bytes(): Uint8Array {
    const total = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const o = new Uint8Array(4 + pad4(value.length));
    const v = new DataView(o.buffer);
    v.setUint16(0, code, this.le);
    v.setUint16(2, value.length, this.le);
    o.set(value, 4);
    return o;
  }
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}
