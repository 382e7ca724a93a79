/**
 * Compatibility port of Kitsune's netStat.updateGetStats: the feature vector of one packet from its
 * text keys (./../kitsune-keys.ts), with the reference's four tables (MI, H, jit, Hp) and column order.
 * The 115 variant adds the per-host block the reference has commented out, as that code would run:
 * H inserts into the same HT_H source-host stream that HH then inserts into again.
 */
import type { KitsuneKeys } from "../kitsune-keys.js";
import { LAMBDA_TEXT, LAMBDAS, N_LAMBDAS } from "../lambdas.js";
import { CompatIncStatTable } from "./inc-stat-table.js";

export class CompatNetStat {
  private readonly mi = new CompatIncStatTable();
  private readonly h = new CompatIncStatTable();
  private readonly jit = new CompatIncStatTable();
  private readonly hp = new CompatIncStatTable();

  constructor(readonly withHostBlock: boolean) {}

  /** Number of 1-D streams held (all lambdas counted). */
  get streams(): number {
    return this.mi.size + this.h.size + this.jit.size + this.hp.size;
  }

  update(k: KitsuneKeys, out: Float64Array): void {
    const t = k.ts;
    const size = k.frameLen;
    let o = 0;
    for (let i = 0; i < N_LAMBDAS; i++, o += 3) {
      this.mi.update1D(k.srcMac + k.srcIp, t, size, LAMBDAS[i], LAMBDA_TEXT[i], false, out, o);
    }
    if (this.withHostBlock) {
      for (let i = 0; i < N_LAMBDAS; i++, o += 3) {
        this.h.update1D(k.srcIp, t, size, LAMBDAS[i], LAMBDA_TEXT[i], false, out, o);
      }
    }
    for (let i = 0; i < N_LAMBDAS; i++, o += 7) {
      this.h.update1D2D(k.srcIp, k.dstIp, t, size, LAMBDAS[i], LAMBDA_TEXT[i], out, o);
    }
    for (let i = 0; i < N_LAMBDAS; i++, o += 3) {
      this.jit.update1D(k.srcIp + k.dstIp, t, 0, LAMBDAS[i], LAMBDA_TEXT[i], true, out, o);
    }
    const arp = k.srcProto === "arp";
    const src = arp ? k.srcMac : k.srcIp + k.srcProto;
    const dst = arp ? k.dstMac : k.dstIp + k.dstProto;
    for (let i = 0; i < N_LAMBDAS; i++, o += 7) {
      this.hp.update1D2D(src, dst, t, size, LAMBDAS[i], LAMBDA_TEXT[i], out, o);
    }
  }
}
