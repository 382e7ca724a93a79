/**
 * pcapng parser (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng), fed chunk by chunk by
 * stream-source.ts. Handles several sections (each with its own byte order and interfaces), Interface
 * Description Blocks (link type, snaplen, if_tsresol, if_tsoffset), Enhanced Packet Blocks, Simple
 * Packet Blocks (interface 0) and the obsolete Packet Block; other blocks are skipped. A block whose
 * length fields cannot be trusted throws E_FORMAT with its byte offset; a packet block that is bad
 * inside a well-framed block, or a truncated final block, is skipped and counted.
 */
import { VigilError } from "../errors.js";
import { u16, u32 } from "./endian.js";
import { MAX_RECORD_LEN, PCAPNG_SHB } from "./pcap-format.js";
import { type PcapngInterface, parseIdb } from "./pcapng-idb.js";
import { splitTs, tsOut } from "./pcapng-ts.js";
import { addWarning, newFrame, type RecordParser } from "./record-parser.js";
import type { CaptureStats, Frame } from "./source.js";

/** Block types (pcapng §4, §11.1). */
export const BLOCK = { SHB: PCAPNG_SHB, IDB: 1, PB: 2, SPB: 3, NRB: 4, ISB: 5, EPB: 6, DSB: 0x0a } as const;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Largest block accepted: the largest record plus headers. */
const MAX_BLOCK_LEN = MAX_RECORD_LEN + 64;

export class PcapngParser implements RecordParser {
  needed = 12;
  private le = true;
  private sawShb = false;
  private ifaces: PcapngInterface[] = [];
  /** Sections read so far. */
  sections = 0;
  private readonly frame: Frame = newFrame();
  private readonly dropped = { dropped: 0 };

  constructor(
    private readonly name: string,
    private readonly stats: CaptureStats,
  ) {}

  /** Link type of each interface of the current section. */
  get linkTypes(): number[] {
    return this.ifaces.map((i) => i.linkType);
  }

  parse(
    buf: Uint8Array,
    start: number,
    end: number,
    streamOffset: number,
    onFrame: (f: Frame) => void,
  ): number {
    let o = start;
    for (;;) {
      if (end - o < 12) {
        this.needed = 12;
        return o;
      }
      const at = streamOffset + o;
      let type = u32(buf, o, this.le);
      if (type === BLOCK.SHB) {
        const magicLe = u32(buf, o + 8, true);
        if (magicLe === BYTE_ORDER_MAGIC) this.le = true;
        else if (u32(buf, o + 8, false) === BYTE_ORDER_MAGIC) this.le = false;
        else
          throw this.err(
            "E_FORMAT",
            `bad section byte-order magic 0x${magicLe.toString(16)}`,
            at + 8,
            "byte_order_magic",
          );
      } else if (!this.sawShb) {
        throw this.err(
          "E_FORMAT",
          `pcapng must start with a section header block, got type 0x${type.toString(16)}`,
          at,
          "block_type",
        );
      }
      type = u32(buf, o, this.le);
      const len = u32(buf, o + 4, this.le);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK_LEN || (type === BLOCK.SHB && len < 28)) {
        throw this.err(
          "E_FORMAT",
          `bad block length ${len} (block type 0x${type.toString(16)})`,
          at + 4,
          "block_total_length",
        );
      }
      if (end - o < len) {
        this.needed = len;
        return o;
      }
      const trailer = u32(buf, o + len - 4, this.le);
      if (trailer !== len) {
        throw this.err(
          "E_FORMAT",
          `block trailing length ${trailer} != leading length ${len}`,
          at + len - 4,
          "block_total_length",
        );
      }
      if (type === BLOCK.EPB || type === BLOCK.SPB || type === BLOCK.PB)
        this.packet(type, buf, o, len, at, onFrame);
      else if (type === BLOCK.IDB) this.interface(buf, o, len, at);
      else if (type === BLOCK.SHB) this.section(buf, o, at);
      o += len;
      this.stats.bytesRead = streamOffset + o;
    }
  }

  finish(leftover: number, streamOffset: number): void {
    if (!this.sawShb) {
      throw this.err(
        "E_TRUNCATED",
        `pcapng section header truncated (${leftover} bytes)`,
        0,
        "block_total_length",
      );
    }
    if (leftover > 0) {
      this.stats.framesSkipped++;
      addWarning(
        this.stats,
        `byte ${streamOffset}: truncated final block (${leftover} of ${this.needed} bytes), skipped`,
        this.dropped,
      );
      this.stats.bytesRead = streamOffset + leftover;
    }
  }

  private section(b: Uint8Array, o: number, at: number): void {
    const major = u16(b, o + 12, this.le);
    if (major !== 1)
      throw this.err("E_UNSUPPORTED", `pcapng version ${major} is not 1`, at + 12, "major_version");
    this.sawShb = true;
    this.sections++;
    this.ifaces = [];
  }

  private interface(b: Uint8Array, o: number, len: number, at: number): void {
    if (len < 20) {
      throw this.err(
        "E_FORMAT",
        `interface description block too short (${len} bytes)`,
        at + 4,
        "block_total_length",
      );
    }
    this.ifaces.push(parseIdb(b, o, len, this.le, at, (t) => addWarning(this.stats, t, this.dropped)));
  }

  private packet(
    type: number,
    b: Uint8Array,
    o: number,
    len: number,
    at: number,
    onFrame: (f: Frame) => void,
  ): void {
    let ifId: number;
    let capLen: number;
    let wireLen: number;
    let dataOff: number;
    let tsHi = 0;
    let tsLo = 0;
    if (type === BLOCK.SPB) {
      ifId = 0;
      dataOff = 12;
      wireLen = u32(b, o + 8, this.le);
      capLen = Math.min(wireLen, len - 16);
      const i0 = this.ifaces[0];
      if (i0 !== undefined && i0.snaplen > 0 && capLen > i0.snaplen) capLen = i0.snaplen;
    } else {
      if (len < 32) {
        this.skip(at, `packet block too short (${len} bytes)`);
        return;
      }
      ifId = type === BLOCK.PB ? u16(b, o + 8, this.le) : u32(b, o + 8, this.le);
      tsHi = u32(b, o + 12, this.le);
      tsLo = u32(b, o + 16, this.le);
      capLen = u32(b, o + 20, this.le);
      wireLen = u32(b, o + 24, this.le);
      dataOff = 28;
      if (dataOff + capLen + 4 > len) {
        this.skip(at, `captured length ${capLen} runs past its ${len}-byte block`);
        return;
      }
    }
    const iface = this.ifaces[ifId];
    if (iface === undefined) {
      this.skip(at, `packet for interface ${ifId}, but the section has ${this.ifaces.length} interface(s)`);
      return;
    }
    if (type !== BLOCK.SPB) {
      splitTs(tsHi, tsLo, iface.ts);
    } else {
      tsOut.sec = 0;
      tsOut.nsec = 0;
    }
    const f = this.frame;
    f.index = this.stats.framesRead;
    f.byteOffset = at;
    f.tsSec = tsOut.sec;
    f.tsNsec = tsOut.nsec;
    f.capLen = capLen;
    f.wireLen = wireLen;
    f.linkType = iface.linkType;
    f.interfaceId = ifId;
    f.data = b.subarray(o + dataOff, o + dataOff + capLen);
    this.stats.framesRead++;
    onFrame(f);
  }

  private skip(at: number, why: string): void {
    this.stats.framesSkipped++;
    addWarning(this.stats, `byte ${at}: ${why}, skipped`, this.dropped);
  }

  private err(
    code: "E_FORMAT" | "E_TRUNCATED" | "E_UNSUPPORTED",
    msg: string,
    byteOffset: number,
    field: string,
  ): VigilError {
    return new VigilError(code, msg, { file: this.name, byteOffset, field });
  }
}
