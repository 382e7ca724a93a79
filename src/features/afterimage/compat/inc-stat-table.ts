/**
 * Compatibility port of Kitsune's `incStatDB`: one table of streams keyed by the plain string
 * `id + "_" + lambda` (behaviour 5: ids are concatenations without separators, so two different
 * endpoints can share one stream, as in the reference). Nothing is ever evicted.
 */
import { CompatIncStat, CompatIncStatLink } from "./inc-stat.js";

export class CompatIncStatTable {
  private readonly streams = new Map<string, CompatIncStat>();

  get size(): number {
    return this.streams.size;
  }

  register(id: string, lambda: number, lambdaText: string, t: number, isTypeDiff: boolean): CompatIncStat {
    const key = `${id}_${lambdaText}`;
    let s = this.streams.get(key);
    if (s === undefined) {
      s = new CompatIncStat(id, lambda, t, isTypeDiff);
      this.streams.set(key, s);
    }
    return s;
  }

  /** update_get_1D_Stats: insert (v, t) into stream `id`, write [w, mean, var] at out[o]. */
  update1D(
    id: string,
    t: number,
    v: number,
    lambda: number,
    lambdaText: string,
    isTypeDiff: boolean,
    out: Float64Array,
    o: number,
  ): void {
    const s = this.register(id, lambda, lambdaText, t, isTypeDiff);
    s.insert(v, t);
    s.stats1D(out, o);
  }

  /**
   * update_get_1D2D_Stats: insert into stream id1 (which updates all its links), then update the
   * (id1, id2) link once more (behaviour 6) and write [w, mean, var, radius, magnitude, cov, pcc].
   */
  update1D2D(
    id1: string,
    id2: string,
    t: number,
    v: number,
    lambda: number,
    lambdaText: string,
    out: Float64Array,
    o: number,
  ): void {
    this.update1D(id1, t, v, lambda, lambdaText, false, out, o);
    const s1 = this.register(id1, lambda, lambdaText, t, false);
    const s2 = this.register(id2, lambda, lambdaText, t, false);
    let link = s1.findLink(id2);
    if (link === undefined) {
      link = new CompatIncStatLink(s1, s2, t);
      s1.links.push(link);
      s2.links.push(link);
    }
    link.updateCov(id1, v, t);
    link.stats2D(out, o + 3);
  }
}
