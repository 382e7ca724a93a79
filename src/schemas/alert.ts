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

/** One feature of an explanation (src/explain/reason.ts). */
export const ExplainedFeatureSchema = z.object({
  name: z.string(),
  /** The feature's value in the alerted row (flow). */
  value: z.number(),
  /** Its attribution to the explained output (same unit as that output). */
  attribution: z.number(),
  /** "raises": pushes the explained output towards the alerted class; "lowers": against it. */
  direction: z.enum(["raises", "lowers"]),
  /** The usual value it is compared with (median of the reference traffic), when known. */
  usual: z.number().optional(),
});

/** Why the model raised the alert: feature attributions, a sentence and, for trees, a decision rule. */
export const AlertExplanationSchema = z.object({
  /** Explainer ("tree-path", "kernel", ...; src/explain/explainer.ts). */
  method: z.string(),
  /** What was explained, e.g. "probability of class 3 (mean over 100 trees)". */
  output: z.string(),
  /** The reference value (E[f] for SHAP); attributions of additive methods sum to value − base. */
  base: z.number(),
  value: z.number(),
  /** Largest |attribution| first. */
  features: z.array(ExplainedFeatureSchema),
  reason: z.string(),
  /** For tree models: the decision path as a rule ("orig_pkts > 35 and duration_s <= 2.1 ⇒ port-scan"). */
  rule: z.string().optional(),
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
    /** Flow-model alerts: the predicted class name. */
    class: z.string().optional(),
    explanation: AlertExplanationSchema.optional(),
  }),
});

export type Alert = z.infer<typeof AlertSchema>;
export type Contribution = z.infer<typeof ContributionSchema>;
export type AlertExplanation = z.infer<typeof AlertExplanationSchema>;
