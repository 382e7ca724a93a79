/**
 * Service metrics in Prometheus' text exposition format (version 0.0.4), written by hand: counters and
 * gauges are read from the stages when scraped (no double bookkeeping), latencies go to a fixed
 * geometric-bucket histogram (bounded memory whatever the run length) that also answers quantiles.
 */

/** Latency histogram: buckets grow by 10% from 1 microsecond to ~17 minutes (~220 buckets). */
export class LatencyHistogram {
  static readonly GROWTH = 1.1;
  static readonly FIRST_MS = 0.001;
  readonly counts: Float64Array;
  readonly uppersMs: Float64Array;
  count = 0;
  sumMs = 0;
  maxMs = 0;

  constructor() {
    const n = Math.ceil(Math.log(1e6 / LatencyHistogram.FIRST_MS) / Math.log(LatencyHistogram.GROWTH)) + 1;
    this.counts = new Float64Array(n);
    this.uppersMs = new Float64Array(n);
    let u = LatencyHistogram.FIRST_MS;
    for (let i = 0; i < n; i++, u *= LatencyHistogram.GROWTH) this.uppersMs[i] = u;
  }

  observe(ms: number): void {
    const v = ms > 0 ? ms : 0;
    let i =
      v <= LatencyHistogram.FIRST_MS ? 0 : Math.ceil(Math.log(v / LatencyHistogram.FIRST_MS) / Math.log(1.1));
    if (i >= this.counts.length) i = this.counts.length - 1;
    this.counts[i]++;
    this.count++;
    this.sumMs += v;
    if (v > this.maxMs) this.maxMs = v;
  }

  /** Upper bound of the bucket holding quantile q (at most 10% above the true value). */
  quantileMs(q: number): number {
    if (this.count === 0) return 0;
    const target = q * this.count;
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i];
      if (acc >= target) return Math.min(this.uppersMs[i], this.maxMs);
    }
    return this.maxMs;
  }
}

type Labels = Record<string, string>;
interface Sample {
  labels?: Labels;
  value: number;
}
interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge";
  read: () => Sample[];
}

export class MetricsRegistry {
  private readonly families: Family[] = [];
  private readonly histograms: { name: string; help: string; h: LatencyHistogram; labels?: Labels }[] = [];

  counter(name: string, help: string, read: () => number | Sample[]): void {
    this.families.push({ name, help, type: "counter", read: wrap(read) });
  }

  gauge(name: string, help: string, read: () => number | Sample[]): void {
    this.families.push({ name, help, type: "gauge", read: wrap(read) });
  }

  histogram(name: string, help: string, h: LatencyHistogram, labels?: Labels): void {
    this.histograms.push({ name, help, h, labels });
  }

  /** The exposition text (Content-Type: text/plain; version=0.0.4). */
  render(): string {
    const out: string[] = [];
    for (const f of this.families) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of f.read()) out.push(`${f.name}${fmtLabels(s.labels)} ${fmtValue(s.value)}`);
    }
    const seen = new Set<string>();
    for (const { name, help, h, labels } of this.histograms) {
      if (!seen.has(name)) {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
        seen.add(name);
      }
      // Exposed buckets in seconds at decade-ish steps (the fine buckets stay internal).
      const les = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60];
      let acc = 0;
      let i = 0;
      for (const le of les) {
        while (i < h.counts.length && h.uppersMs[i] <= le * 1000) acc += h.counts[i++];
        out.push(`${name}_bucket${fmtLabels({ ...labels, le: String(le) })} ${acc}`);
      }
      out.push(`${name}_bucket${fmtLabels({ ...labels, le: "+Inf" })} ${h.count}`);
      out.push(`${name}_sum${fmtLabels(labels)} ${fmtValue(h.sumMs / 1000)}`);
      out.push(`${name}_count${fmtLabels(labels)} ${h.count}`);
    }
    return `${out.join("\n")}\n`;
  }
}

function wrap(read: () => number | Sample[]): () => Sample[] {
  return () => {
    const v = read();
    return typeof v === "number" ? [{ value: v }] : v;
  };
}

function fmtLabels(l?: Labels): string {
  if (!l) return "";
  const parts = Object.entries(l).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
  );
  return parts.length ? `{${parts.join(",")}}` : "";
}

function fmtValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(v);
}
