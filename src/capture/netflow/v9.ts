/**
 * NetFlow v9 (RFC 3954): a 20-byte header (version, count, sysUptime ms, unix secs, sequence, source
 * id) then FlowSets: 0 = templates, 1 = options templates, >= 256 = data through a learned template.
 * Data whose template is unknown yet is skipped and counted (the exporter resends templates).
 */
import type { ByteReader } from "./byte-reader.js";
import type { NetflowFlow } from "./netflow-flow.js";
import { readDataSet, readOptionsTemplateSet, readTemplateSet, type SetContext } from "./template-sets.js";
import type { TemplateCache } from "./templates.js";

export interface SetCounters {
  templates: number;
  flows: number;
  /** Data sets skipped because their template was not (yet) known. */
  setsWithoutTemplate: number;
}

export function decodeV9(
  r: ByteReader,
  cache: TemplateCache,
  sysInit: Map<string, number>,
  onFlow: (f: NetflowFlow) => void,
  counters: SetCounters,
): void {
  r.need(0, 20, "v9.header");
  const uptimeMs = r.u32(4, "v9.sysUptime");
  const unixMs = r.u32(8, "v9.unix_secs") * 1000;
  const domain = r.u32(16, "v9.source_id");
  const ctx: SetContext = {
    version: 9,
    exporter: r.source,
    domain,
    cache,
    sysInit,
    resolveTimes(f, t) {
      if (Number.isFinite(t.startUptimeMs)) f.startMs = unixMs - ((uptimeMs - t.startUptimeMs) >>> 0);
      if (Number.isFinite(t.endUptimeMs)) f.endMs = unixMs - ((uptimeMs - t.endUptimeMs) >>> 0);
    },
  };
  let off = 20;
  const len = r.buf.length;
  while (off + 4 <= len) {
    const id = r.u16(off, "v9.flowset.id");
    const setLen = r.u16(off + 2, "v9.flowset.length");
    if (setLen < 4) throw r.fail(`flowset length ${setLen} < 4`, off + 2, "v9.flowset.length");
    const end = off + setLen;
    if (end > len)
      throw r.fail(`flowset of ${setLen} bytes runs past the datagram`, off + 2, "v9.flowset.length");
    if (id === 0) counters.templates += readTemplateSet(r, off + 4, end, ctx);
    else if (id === 1) counters.templates += readOptionsTemplateSet(r, off + 4, end, ctx);
    else if (id >= 256) {
      const t = cache.get(r.source, domain, id);
      if (t === undefined) counters.setsWithoutTemplate++;
      else counters.flows += readDataSet(r, off + 4, end, t, ctx, onFlow);
    }
    off = end;
  }
}
