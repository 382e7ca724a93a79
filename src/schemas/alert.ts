/**
 * The alert record vigil writes: one JSON object per line, compatible with Suricata's EVE JSON
 * (`event_type: "alert"`, the same top-level names), so SIEM pipelines built for Suricata ingest it.
 * vigil adds `community_id` (as Suricata and Zeek do) and a `vigil` object with the anomaly score,
 * the threshold it crossed and what contributed most.
 */
import { z } from "zod";

export const ContributionSchema = z.object({
  /** Index of the autoencoder (KitNET) or feature. */
  index: z.number().int(),
  /** Human-readable name: "AE 3" or a feature name such as "HH_jit_0.1_mean". */
  name: z.string(),
  /** Share of the anomaly attributed to it (0..1), or its reconstruction error. */
  value: z.number(),
});

export const AlertSchema = z.object({
  /** ISO-8601 with microseconds and a numeric offset, as Suricata writes it. */
  timestamp: z.string(),
  /** 64-bit flow hash, kept below 2^53 so every JSON parser reads it exactly. */
  flow_id: z.number().int().nonnegative(),
  in_iface: z.string().optional(),
  event_type: z.literal("alert"),
  src_ip: z.string(),
  src_port: z.number().int().optional(),
  dest_ip: z.string(),
  dest_port: z.number().int().optional(),
  /** "TCP", "UDP", "ICMP", "IPv6-ICMP", "ARP", or the protocol number as text. */
  proto: z.string(),
  community_id: z.string().optional(),
  alert: z.object({
    action: z.literal("allowed"),
    gid: z.number().int(),
    signature_id: z.number().int(),
    rev: z.number().int(),
    signature: z.string(),
    category: z.string(),
    /** 1 (high) .. 3 (low), Suricata's convention. */
    severity: z.number().int().min(1).max(4),
  }),
  vigil: z.object({
    /** Which detector raised it ("kitnet", a model kind, ...). */
    detector: z.string(),
    /** Anomaly score (KitNET: RMSE of the output autoencoder). */
    score: z.number(),
    threshold: z.number(),
    /** 0-based index of the packet (or record) that raised it. */
    packet_index: z.number().int().nonnegative(),
    /** Packets of this host pair over the threshold since its previous alert (rate limiting). */
    packets_over_threshold: z.number().int().positive(),
    /** Largest contributors first. */
    top_autoencoders: z.array(ContributionSchema).optional(),
    top_features: z.array(ContributionSchema).optional(),
    reason: z.string().optional(),
  }),
});

export type Alert = z.infer<typeof AlertSchema>;
export type Contribution = z.infer<typeof ContributionSchema>;
