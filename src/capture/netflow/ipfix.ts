/**
 * IPFIX (RFC 7011): a 16-byte message header (version 10, length, export time, sequence, observation
 * domain) then Sets: 2 = templates, 3 = options templates, >= 256 = data. Supports enterprise-specific
 * elements, variable-length fields, template withdrawal, and RFC 5103 biflows (reverse elements).
 * flowStart/EndSysUpTime are resolved through systemInitTimeMilliseconds (in the record or learned
 * from options data).
 */
import type { ByteReader } from "./byte-reader.js";
import type { NetflowFlow } from "./netflow-flow.js";
import { readDataSet, readOptionsTemplateSet, readTemplateSet, type SetContext } from "./template-sets.js";
import type { TemplateCache } from "./templates.js";
import type { SetCounters } from "./v9.js";

export function decodeIpfix(
  r: ByteReader,
  cache: TemplateCache,
  sysInit: Map<string, number>,
  onFlow: (f: NetflowFlow) => void,
  counters: SetCounters,
): void {
  r.need(0, 16, "ipfix.header");
  const msgLen = r.u16(2, "ipfix.length");
  if (msgLen < 16 || msgLen > r.buf.length) {
    throw r.fail(
      `message length ${msgLen} does not fit the ${r.buf.length}-byte datagram`,
      2,
      "ipfix.length",
    );
  }
  const domain = r.u32(12, "ipfix.observationDomainId");
  const ctx: SetContext = {
    version: 10,
    exporter: r.source,
    domain,
    cache,
    sysInit,
    resolveTimes(f, t) {
      if (Number.isFinite(t.sysInitMs)) {
        if (Number.isFinite(t.startUptimeMs)) f.startMs = t.sysInitMs + t.startUptimeMs;
        if (Number.isFinite(t.endUptimeMs)) f.endMs = t.sysInitMs + t.endUptimeMs;
      }
    },
  };
  let off = 16;
  while (off + 4 <= msgLen) {
    const id = r.u16(off, "ipfix.set.id");
    const setLen = r.u16(off + 2, "ipfix.set.length");
    if (setLen < 4) throw r.fail(`set length ${setLen} < 4`, off + 2, "ipfix.set.length");
    const end = off + setLen;
    if (end > msgLen)
      throw r.fail(`set of ${setLen} bytes runs past the message`, off + 2, "ipfix.set.length");
    if (id === 2) counters.templates += readTemplateSet(r, off + 4, end, ctx);
    else if (id === 3) counters.templates += readOptionsTemplateSet(r, off + 4, end, ctx);
    else if (id >= 256) {
      const t = cache.get(r.source, domain, id);
      if (t === undefined) counters.setsWithoutTemplate++;
      else counters.flows += readDataSet(r, off + 4, end, t, ctx, onFlow);
    }
    off = end;
  }
}
