/**
 * What NetFlow v9 and IPFIX share: template records (field id + length, IPFIX's enterprise bit) and
 * data records decoded through a template. Every loop is bounded by the set's length.
 */
import type { ByteReader } from "./byte-reader.js";
import { applyElement, type RecordTimes } from "./information-elements.js";
import { emptyNetflowFlow, type NetflowFlow } from "./netflow-flow.js";
import {
  makeTemplate,
  type Template,
  type TemplateCache,
  type TemplateField,
  VARIABLE_LENGTH,
} from "./templates.js";

export interface SetContext {
  version: 9 | 10;
  exporter: string;
  domain: number;
  cache: TemplateCache;
  /** Per exporter/domain systemInitTimeMilliseconds learned from options data (IPFIX). */
  sysInit: Map<string, number>;
  /** Resolves a record's times once all its fields are read. */
  resolveTimes(f: NetflowFlow, t: RecordTimes): void;
}

/** Reads `count` field specifiers at `off`; returns the fields and the offset after them. */
function readFields(
  r: ByteReader,
  off: number,
  end: number,
  count: number,
  ipfix: boolean,
): [TemplateField[], number] {
  const fields: TemplateField[] = [];
  for (let i = 0; i < count; i++) {
    if (off + 4 > end)
      throw r.fail(`template field ${i} of ${count} runs past its set`, off, "template.field");
    let id = r.u16(off, "template.field.id");
    const length = r.u16(off + 2, "template.field.length");
    off += 4;
    let enterprise = 0;
    if (ipfix && id & 0x8000) {
      id &= 0x7fff;
      if (off + 4 > end)
        throw r.fail("enterprise number runs past its set", off, "template.field.enterprise");
      enterprise = r.u32(off, "template.field.enterprise");
      off += 4;
    }
    if (length === 0) throw r.fail(`template field ${id} has length 0`, off - 2, "template.field.length");
    if (length === VARIABLE_LENGTH && !ipfix)
      throw r.fail("variable-length field in a v9 template", off - 2, "template.field.length");
    fields.push({ id, length, enterprise });
  }
  return [fields, off];
}

/** Template set (v9 id 0, IPFIX id 2): learns every template in [off, end). Returns templates read. */
export function readTemplateSet(r: ByteReader, off: number, end: number, ctx: SetContext): number {
  let n = 0;
  while (off + 4 <= end) {
    const id = r.u16(off, "template.id");
    const count = r.u16(off + 2, "template.fieldCount");
    off += 4;
    if (id < 256) throw r.fail(`template id ${id} < 256`, off - 4, "template.id");
    if (count === 0) {
      ctx.cache.delete(ctx.exporter, ctx.domain, id); // IPFIX template withdrawal
      continue;
    }
    const [fields, next] = readFields(r, off, end, count, ctx.version === 10);
    off = next;
    ctx.cache.set(ctx.exporter, ctx.domain, id, makeTemplate(fields, false));
    n++;
  }
  return n;
}

/** Options template set (v9 id 1, IPFIX id 3): learned so its data can be read for IE 160 or skipped. */
export function readOptionsTemplateSet(r: ByteReader, off: number, end: number, ctx: SetContext): number {
  let n = 0;
  while (off + 6 <= end) {
    const id = r.u16(off, "optionsTemplate.id");
    let fields: TemplateField[];
    if (ctx.version === 9) {
      const scopeBytes = r.u16(off + 2, "optionsTemplate.scopeLength");
      const optionBytes = r.u16(off + 4, "optionsTemplate.optionLength");
      off += 6;
      if (scopeBytes % 4 !== 0 || optionBytes % 4 !== 0)
        throw r.fail("options template lengths not multiples of 4", off - 4, "optionsTemplate.length");
      const count = (scopeBytes + optionBytes) / 4;
      [fields, off] = readFields(r, off, end, count, false);
    } else {
      const count = r.u16(off + 2, "optionsTemplate.fieldCount");
      off += 6; // template id, field count, scope field count
      if (count === 0) {
        ctx.cache.delete(ctx.exporter, ctx.domain, id);
        continue;
      }
      [fields, off] = readFields(r, off, end, count, true);
    }
    if (id < 256) throw r.fail(`options template id ${id} < 256`, off, "optionsTemplate.id");
    ctx.cache.set(ctx.exporter, ctx.domain, id, makeTemplate(fields, true));
    n++;
    if (ctx.version === 9) break; // v9 options flowsets carry one template then padding
  }
  return n;
}

/** Data set through `t`: one NetflowFlow per record (options data only updates sysInit). Returns flows emitted. */
export function readDataSet(
  r: ByteReader,
  off: number,
  end: number,
  t: Template,
  ctx: SetContext,
  onFlow: (f: NetflowFlow) => void,
): number {
  let n = 0;
  const key = `${ctx.exporter}|${ctx.domain}`;
  while (end - off >= t.minRecordLength && t.minRecordLength > 0) {
    const f = emptyNetflowFlow(ctx.version, ctx.exporter, ctx.domain);
    const times: RecordTimes = {
      startUptimeMs: Number.NaN,
      endUptimeMs: Number.NaN,
      sysInitMs: ctx.sysInit.get(key) ?? Number.NaN,
    };
    for (const field of t.fields) {
      let len = field.length;
      if (len === VARIABLE_LENGTH) {
        len = r.u8(off, "variableLength");
        off += 1;
        if (len === 255) {
          len = r.u16(off, "variableLength");
          off += 2;
        }
      }
      if (off + len > end)
        throw r.fail(`field ${field.id} (${len} bytes) runs past its set`, off, `ie${field.id}`);
      applyElement(f, times, field.id, field.enterprise, r, off, len);
      off += len;
    }
    if (t.isOptions) {
      if (Number.isFinite(times.sysInitMs)) ctx.sysInit.set(key, times.sysInitMs);
      continue;
    }
    ctx.resolveTimes(f, times);
    onFlow(f);
    n++;
  }
  return n;
}
