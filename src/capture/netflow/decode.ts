/**
 * One export datagram → flows, by version (5, 9 or 10 = IPFIX). Keeps the per-exporter state a
 * collector needs (templates, IPFIX system init times) in a NetflowDecoder.
 */
import { VigilError } from "../../errors.js";
import { ByteReader } from "./byte-reader.js";
import { decodeIpfix } from "./ipfix.js";
import type { NetflowFlow } from "./netflow-flow.js";
import { TemplateCache } from "./templates.js";
import { decodeV5 } from "./v5.js";
import { decodeV9, type SetCounters } from "./v9.js";

export interface NetflowDecoderCounters extends SetCounters {
  datagrams: number;
  /** Datagrams rejected as malformed (see the collector's warnings). */
  malformed: number;
  byVersion: { v5: number; v9: number; ipfix: number };
}

export class NetflowDecoder {
  readonly cache: TemplateCache;
  private readonly sysInit = new Map<string, number>();
  readonly counters: NetflowDecoderCounters = {
    datagrams: 0,
    malformed: 0,
    templates: 0,
    flows: 0,
    setsWithoutTemplate: 0,
    byVersion: { v5: 0, v9: 0, ipfix: 0 },
  };

  constructor(maxTemplates = 4096) {
    this.cache = new TemplateCache(maxTemplates);
  }

  /** Decodes one datagram from `exporter` ("ip:port"); throws E_FORMAT/E_UNSUPPORTED naming offset and field. */
  decode(buf: Uint8Array, exporter: string, onFlow: (f: NetflowFlow) => void): void {
    const r = new ByteReader(buf, exporter);
    this.counters.datagrams++;
    try {
      const version = r.u16(0, "version");
      if (version === 5) {
        this.counters.byVersion.v5++;
        this.counters.flows += decodeV5(r, onFlow);
      } else if (version === 9) {
        this.counters.byVersion.v9++;
        decodeV9(r, this.cache, this.sysInit, onFlow, this.counters);
      } else if (version === 10) {
        this.counters.byVersion.ipfix++;
        decodeIpfix(r, this.cache, this.sysInit, onFlow, this.counters);
      } else {
        throw new VigilError("E_UNSUPPORTED", `export version ${version} (vigil reads 5, 9 and 10/IPFIX)`, {
          file: exporter,
          byteOffset: 0,
          field: "version",
        });
      }
    } catch (e) {
      this.counters.malformed++;
      throw e;
    }
  }
}
