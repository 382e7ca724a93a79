/**
 * Classic pcap parser (both byte orders, microsecond and nanosecond magic), fed chunk by chunk by
 * stream-source.ts. Framing errors it cannot get past (bad magic, a record length beyond any snap
 * length) throw E_FORMAT with the byte offset; a truncated final record is skipped and counted.
 */
import { VigilError } from "../errors.js";
import { u16, u32 } from "./endian.js";
import {
  MAX_RECORD_LEN,
  PCAP_FILE_HEADER_LEN,
  PCAP_MAGIC_NS,
  PCAP_MAGIC_US,
  PCAP_RECORD_HEADER_LEN,
  PCAPNG_SHB,
} from "./pcap-format.js";
import { addWarning, newFrame, type RecordParser } from "./record-parser.js";
import type { CaptureStats, Frame } from "./source.js";

/** libpcap's usual largest snap length: records up to this are accepted even over the file's snaplen. */
const LIBPCAP_MAX_SNAPLEN = 262144;

export class PcapParser implements RecordParser {
  needed = PCAP_FILE_HEADER_LEN;
  private haveHeader = false;
  private le = true;
  private nano = false;
  /** Snap length from the file header. */
  snaplen = 0;
  /** LINKTYPE from the file header (low 16 bits; the upper bits carry FCS information). */
  linkType = 0;
  /** Records larger than this are corrupt: max(snaplen, 256 KiB), capped at 128 MiB. */
  private maxRecord = 0;
  private readonly frame: Frame = newFrame();
  private readonly dropped = { dropped: 0 };

  constructor(
    private readonly name: string,
    private readonly stats: CaptureStats,
  ) {}

  parse(
    buf: Uint8Array,
    start: number,
    end: number,
    streamOffset: number,
    onFrame: (f: Frame) => void,
  ): number {
    let o = start;
    if (!this.haveHeader) {
      if (end - o < PCAP_FILE_HEADER_LEN) {
        this.needed = PCAP_FILE_HEADER_LEN;
        return o;
      }
      this.readHeader(buf, o, streamOffset + o);
      o += PCAP_FILE_HEADER_LEN;
    }
    const le = this.le;
    const f = this.frame;
    const stats = this.stats;
    for (;;) {
      if (end - o < PCAP_RECORD_HEADER_LEN) {
        this.needed = PCAP_RECORD_HEADER_LEN;
        return o;
      }
      const capLen = u32(buf, o + 8, le);
      if (capLen > this.maxRecord) {
        throw new VigilError(
          "E_FORMAT",
          `pcap record length ${capLen} is larger than the snap length ${this.snaplen}: corrupt record header`,
          { file: this.name, byteOffset: streamOffset + o, record: stats.framesRead, field: "incl_len" },
        );
      }
      const total = PCAP_RECORD_HEADER_LEN + capLen;
      if (end - o < total) {
        this.needed = total;
        return o;
      }
      if (capLen > this.snaplen && this.snaplen > 0) {
        addWarning(
          stats,
          `byte ${streamOffset + o}: record length ${capLen} > snaplen ${this.snaplen}`,
          this.dropped,
        );
      }
      let sec = u32(buf, o, le);
      let sub = u32(buf, o + 4, le);
      if (!this.nano) sub *= 1000;
      if (sub >= 1e9) {
        sec += Math.floor(sub / 1e9);
        sub %= 1e9;
      }
      f.index = stats.framesRead;
      f.byteOffset = streamOffset + o;
      f.tsSec = sec;
      f.tsNsec = sub;
      f.capLen = capLen;
      f.wireLen = u32(buf, o + 12, le);
      f.data = buf.subarray(o + PCAP_RECORD_HEADER_LEN, o + total);
      stats.framesRead++;
      stats.bytesRead = streamOffset + o + total;
      onFrame(f);
      o += total;
    }
  }

  finish(leftover: number, streamOffset: number): void {
    if (!this.haveHeader) {
      const msg =
        leftover === 0
          ? "empty input: no pcap file header"
          : `pcap file header truncated (${leftover} of 24 bytes)`;
      throw new VigilError("E_TRUNCATED", msg, { file: this.name, byteOffset: 0 });
    }
    if (leftover > 0) {
      this.stats.framesSkipped++;
      addWarning(
        this.stats,
        `byte ${streamOffset}: truncated final record (${leftover} of ${this.needed} bytes), skipped`,
        this.dropped,
      );
      this.stats.bytesRead = streamOffset + leftover;
    }
  }

  private readHeader(b: Uint8Array, o: number, at: number): void {
    const magicLe = u32(b, o, true);
    if (magicLe === PCAP_MAGIC_US || magicLe === PCAP_MAGIC_NS) this.le = true;
    else if (u32(b, o, false) === PCAP_MAGIC_US || u32(b, o, false) === PCAP_MAGIC_NS) this.le = false;
    else {
      const hint = magicLe === PCAPNG_SHB ? " (this is a pcapng file)" : "";
      throw new VigilError(
        "E_FORMAT",
        `not a pcap file: magic 0x${magicLe.toString(16).padStart(8, "0")}${hint}`,
        {
          file: this.name,
          byteOffset: at,
          field: "magic",
        },
      );
    }
    this.nano = u32(b, o, this.le) === PCAP_MAGIC_NS;
    const major = u16(b, o + 4, this.le);
    if (major !== 2) {
      throw new VigilError("E_UNSUPPORTED", `pcap version ${major} is not 2`, {
        file: this.name,
        byteOffset: at + 4,
        field: "version_major",
      });
    }
    this.snaplen = u32(b, o + 16, this.le);
    this.linkType = u32(b, o + 20, this.le) & 0xffff;
    this.frame.linkType = this.linkType;
    this.maxRecord = Math.min(Math.max(this.snaplen, LIBPCAP_MAX_SNAPLEN), MAX_RECORD_LEN);
    this.haveHeader = true;
    this.stats.bytesRead = at + PCAP_FILE_HEADER_LEN;
  }
}
