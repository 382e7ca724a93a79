/**
 * Templates of NetFlow v9 / IPFIX, kept per exporter (address:port) + observation domain (v9: source
 * id) + template id, as RFC 7011 section 8 scopes them. The cache is bounded: past `maxTemplates` the
 * oldest entry is dropped (and counted), so a hostile exporter cannot grow memory without limit.
 */

export interface TemplateField {
  /** Information element id (enterprise bit removed). */
  id: number;
  /** Length in bytes; 65535 = variable length (IPFIX). */
  length: number;
  /** Private enterprise number, 0 for IANA elements. */
  enterprise: number;
}

export interface Template {
  fields: TemplateField[];
  /** Bytes of one record when no field is variable-length; minimum otherwise (1 byte per variable field). */
  minRecordLength: number;
  hasVariable: boolean;
  /** Options templates describe exporter metadata, not flows: their data is skipped. */
  isOptions: boolean;
}

export const VARIABLE_LENGTH = 65535;

export function makeTemplate(fields: TemplateField[], isOptions: boolean): Template {
  let min = 0;
  let hasVariable = false;
  for (const f of fields) {
    if (f.length === VARIABLE_LENGTH) {
      hasVariable = true;
      min += 1;
    } else min += f.length;
  }
  return { fields, minRecordLength: min, hasVariable, isOptions };
}

export class TemplateCache {
  private readonly map = new Map<string, Template>();
  /** Templates dropped because the cache was full. */
  evicted = 0;

  constructor(readonly maxTemplates = 4096) {}

  private static key(exporter: string, domain: number, id: number): string {
    return `${exporter}|${domain}|${id}`;
  }

  get(exporter: string, domain: number, id: number): Template | undefined {
    return this.map.get(TemplateCache.key(exporter, domain, id));
  }

  set(exporter: string, domain: number, id: number, t: Template): void {
    const k = TemplateCache.key(exporter, domain, id);
    this.map.delete(k);
    if (this.map.size >= this.maxTemplates) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
      this.evicted++;
    }
    this.map.set(k, t);
  }

  delete(exporter: string, domain: number, id: number): void {
    this.map.delete(TemplateCache.key(exporter, domain, id));
  }

  get size(): number {
    return this.map.size;
  }
}
