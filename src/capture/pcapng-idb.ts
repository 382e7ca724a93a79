/**
 * The pcapng Interface Description Block (pcapng §4.2): link type, snap length, and the options that
 * set how its packets' timestamps read (if_tsresol, if_tsoffset). Other options are skipped.
 */
import { u16, u32 } from "./endian.js";
import { defaultTsUnit, type TsUnit, tsUnitFromResol } from "./pcapng-ts.js";

const OPT_ENDOFOPT = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

/** What an IDB says about one interface. */
export interface PcapngInterface {
  /** LINKTYPE_* of the interface's packets. */
  linkType: number;
  /** Snap length in bytes; 0 means no limit. */
  snaplen: number;
  /** Timestamp unit and offset. */
  ts: TsUnit;
}

/**
 * Reads the IDB of `len` bytes at `o` (the caller checked len >= 20). `at` is its input offset;
 * `warn` receives notes about options that are malformed (defaults are used for them).
 */
export function parseIdb(
  b: Uint8Array,
  o: number,
  len: number,
  le: boolean,
  at: number,
  warn: (t: string) => void,
): PcapngInterface {
  const iface: PcapngInterface = {
    linkType: u16(b, o + 8, le),
    snaplen: u32(b, o + 12, le),
    ts: defaultTsUnit(),
  };
  let resol = 6;
  let offsetSec = 0;
  // Options: code (16), length (16), value padded to 32 bits; end-of-options or the block end stops.
  let p = o + 16;
  const optEnd = o + len - 4;
  while (p + 4 <= optEnd) {
    const code = u16(b, p, le);
    const olen = u16(b, p + 2, le);
    if (code === OPT_ENDOFOPT) break;
    if (p + 4 + olen > optEnd) {
      warn(`byte ${at + (p - o)}: interface option ${code} runs past its block, ignored`);
      break;
    }
    if (code === OPT_IF_TSRESOL && olen >= 1) resol = b[p + 4];
    if (code === OPT_IF_TSOFFSET && olen >= 8) {
      const lo = u32(b, p + 4 + (le ? 0 : 4), le);
      const hi = u32(b, p + 4 + (le ? 4 : 0), le) | 0;
      offsetSec = hi * 4294967296 + lo;
    }
    p += 4 + ((olen + 3) & ~3);
  }
  if ((resol & 0x7f) > 63) {
    warn(`byte ${at}: if_tsresol ${resol} out of range, using microseconds`);
    resol = 6;
  }
  iface.ts = tsUnitFromResol(resol, offsetSec);
  return iface;
}
