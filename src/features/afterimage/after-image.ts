/**
 * AfterImage: Kitsune's per-packet damped incremental statistics (Mirsky et al., NDSS 2018), the
 * feature extractor in front of KitNET. Two modes:
 * - "compat": a literal port of Kitsune-py's AfterImage/netStat/FeatureExtractor that reproduces the
 *   reference's numbers bit for bit (string keys, unbounded memory, every quirk; see ./compat);
 * - "default": numeric keys, bounded memory, O(1) work per packet (see ./fast/fast-after-image.ts
 *   for what it changes and why).
 * Column names and order are Kitsune's in both (./names.ts documents each feature).
 */
import type { Packet } from "../../decode/packet.js";
import { VigilError } from "../../errors.js";
import { CompatNetStat } from "./compat/net-stat.js";
import { FastAfterImage } from "./fast/fast-after-image.js";
import { emptyKitsuneKeys, type KitsuneKeys, kitsuneKeysFromPacket } from "./kitsune-keys.js";
import { type AfterImageVariant, afterImageFeatureNames } from "./names.js";

export interface AfterImageParams {
  /** "default" (fast, bounded) or "compat" (Kitsune's numbers exactly). Default "default". */
  mode?: "compat" | "default";
  /** 100 (Kitsune's code) or 115 (with the per-host H block). Default 100. */
  variant?: AfterImageVariant;
  /** Default mode: most entries per state table (streams, links). Default 100,000. */
  maxStreams?: number;
  /** Default mode: evict entries unused for this many seconds of capture time. Default 600 s. */
  idleTimeoutS?: number;
}

export interface AfterImageStats {
  /** Entries (streams and links) held now; compat mode counts its 1-D streams. */
  streamsAlive: number;
  /** Entries evicted because they were idle longer than idleTimeoutS (default mode). */
  evictedIdle: number;
  /** Entries evicted because a table was full (default mode). */
  evictedByCount: number;
  /** Default mode: bytes of state (typed arrays) held now; compat mode: -1 (not tracked). */
  stateBytes: number;
}

export class AfterImage {
  readonly mode: "compat" | "default";
  readonly variant: AfterImageVariant;
  readonly nFeatures: number;
  private readonly compat: CompatNetStat | null;
  private readonly fast: FastAfterImage | null;
  private readonly keys: KitsuneKeys = emptyKitsuneKeys();

  constructor(params: AfterImageParams = {}) {
    const mode = params.mode ?? "default";
    const variant = params.variant ?? 100;
    const maxStreams = params.maxStreams ?? 100_000;
    const idleTimeoutS = params.idleTimeoutS ?? 600;
    if (mode !== "compat" && mode !== "default") {
      throw new VigilError("E_CONFIG", `unknown AfterImage mode ${JSON.stringify(mode)}`, { field: "mode" });
    }
    if (variant !== 100 && variant !== 115) {
      throw new VigilError("E_CONFIG", `AfterImage variant must be 100 or 115, got ${variant}`, {
        field: "variant",
      });
    }
    if (!Number.isInteger(maxStreams) || maxStreams < 2) {
      throw new VigilError("E_CONFIG", `maxStreams must be an integer >= 2, got ${maxStreams}`, {
        field: "maxStreams",
      });
    }
    if (!(idleTimeoutS > 0)) {
      throw new VigilError("E_CONFIG", `idleTimeoutS must be > 0, got ${idleTimeoutS}`, {
        field: "idleTimeoutS",
      });
    }
    this.mode = mode;
    this.variant = variant;
    this.nFeatures = variant;
    this.compat = mode === "compat" ? new CompatNetStat(variant === 115) : null;
    this.fast = mode === "default" ? new FastAfterImage({ variant, maxStreams, idleTimeoutS }) : null;
  }

  featureNames(): string[] {
    return afterImageFeatureNames(this.variant);
  }

  /** Writes the feature vector of packet `p` into out[0..nFeatures-1]. */
  update(p: Packet, out: Float64Array): void {
    this.checkOut(out);
    if (this.fast) this.fast.update(p, out);
    else this.compat!.update(kitsuneKeysFromPacket(p, this.keys), out);
  }

  /** Compat mode only: the feature vector from Kitsune's text keys (e.g. a Kitsune TSV row). */
  updateKeys(k: KitsuneKeys, out: Float64Array): void {
    this.checkOut(out);
    if (!this.compat) {
      throw new VigilError("E_CONFIG", "updateKeys() needs mode 'compat' (text keys)", { field: "mode" });
    }
    this.compat.update(k, out);
  }

  stats(): AfterImageStats {
    if (this.fast) {
      const s = this.fast.stats();
      return {
        streamsAlive: s.streamsAlive,
        evictedIdle: s.evictedIdle,
        evictedByCount: s.evictedByCount,
        stateBytes: this.fast.stateBytes(),
      };
    }
    return { streamsAlive: this.compat!.streams, evictedIdle: 0, evictedByCount: 0, stateBytes: -1 };
  }

  /** Default mode: the largest number of entries one state table holds (bounded by maxStreams). */
  largestTable(): number {
    return this.fast ? this.fast.largestTable() : this.compat!.streams;
  }

  private checkOut(out: Float64Array): void {
    if (out.length < this.nFeatures) {
      throw new VigilError(
        "E_CONFIG",
        `output vector holds ${out.length} values, AfterImage writes ${this.nFeatures}`,
        {
          field: "out",
        },
      );
    }
  }
}
