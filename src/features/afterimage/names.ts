/**
 * Column names of the AfterImage feature vector, in Kitsune's order (netStat.getNetStatHeaders).
 *
 * Blocks, each repeated for lambda in 5, 3, 1, 0.1, 0.01 (see ./lambdas.ts):
 * - `MI_dir_{l}_{weight,mean,std}`: 1-D stream keyed by source MAC + source IP; value = frame length
 *   (bytes on the wire). weight = decayed packet count, mean = decayed mean size, "std" = decayed
 *   VARIANCE of the size (Kitsune's name, kept for compatibility).
 * - `H_{l}_{weight,mean,std}` (115-feature variant only): 1-D stream of the source host; value = frame length.
 * - `HH_{l}_{weight_0,mean_0,std_0}`: source-host stream (100 variant) or source->destination channel
 *   (115 variant, default mode); `HH_{l}_{radius_0_1,magnitude_0_1,covariance_0_1,pcc_0_1}`: 2-D
 *   statistics between the source-host and destination-host streams: radius = sqrt(var0^2 + var1^2),
 *   magnitude = sqrt(mean0^2 + mean1^2), covariance = decayed sum of residual products / its weight,
 *   pcc = covariance / (std0 * std1) (0 when that product is 0).
 * - `HH_jit_{l}_{weight,mean,std}`: 1-D stream keyed by (source host, destination host); value =
 *   inter-arrival time in seconds (0 for the first packet).
 * - `HpHp_{l}_...`: like HH over sockets (host + transport port; ARP uses the MAC addresses).
 */
import { LAMBDA_TEXT } from "./lambdas.js";

/** 100 = Kitsune's published code; 115 = with the per-host "H" block (paper, N-BaIoT). */
export type AfterImageVariant = 100 | 115;

export function afterImageFeatureNames(variant: AfterImageVariant): string[] {
  const mi: string[] = [];
  const h: string[] = [];
  const hh: string[] = [];
  const jit: string[] = [];
  const hphp: string[] = [];
  const oneD = ["weight", "mean", "std"];
  const twoD = ["weight_0", "mean_0", "std_0", "radius_0_1", "magnitude_0_1", "covariance_0_1", "pcc_0_1"];
  for (const l of LAMBDA_TEXT) {
    for (const s of oneD) mi.push(`MI_dir_${l}_${s}`);
    for (const s of oneD) h.push(`H_${l}_${s}`);
    for (const s of twoD) hh.push(`HH_${l}_${s}`);
    for (const s of oneD) jit.push(`HH_jit_${l}_${s}`);
    for (const s of twoD) hphp.push(`HpHp_${l}_${s}`);
  }
  return variant === 115 ? [...mi, ...h, ...hh, ...jit, ...hphp] : [...mi, ...hh, ...jit, ...hphp];
}
