/**
 * What the device inventory hands out (CLI output, service API, dashboard): one record per device and
 * identity alerts. zod schemas first; the types come from them.
 */
import { z } from "zod";

const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);

export const deviceRecordSchema = z.object({
  mac,
  /** Private IPv4 addresses the device sent from or claimed in ARP. */
  ips: z.array(z.string()),
  /** Enrolled name (from training), or null for a device the model never saw. */
  name: z.string().nullable(),
  /** True when the MAC was enrolled in the model's training captures (an approved device). */
  enrolled: z.boolean(),
  /** Current identification: a known class, "unknown" (open-set rejection) or "unclassified" (no model / no window yet). */
  type: z.string(),
  /** Share of the device's recent windows that agree with `type` times their mean forest probability (0..1). */
  confidence: z.number().min(0).max(1),
  firstSeenS: z.number(),
  lastSeenS: z.number(),
  packetsSent: z.number().int().nonnegative(),
  packetsReceived: z.number().int().nonnegative(),
  bytesSent: z.number().int().nonnegative(),
  bytesReceived: z.number().int().nonnegative(),
  /** Fingerprint windows seen, and how many of them were called unknown. */
  windows: z.number().int().nonnegative(),
  unknownWindows: z.number().int().nonnegative(),
  dnsNames: z.array(z.string()),
  alerts: z.number().int().nonnegative(),
});
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

export const IDENTITY_ALERT_KINDS = [
  "new-device", // a MAC that was not enrolled in training
  "unknown-device", // ... and whose behaviour matches no known device (open-set rejection)
  "identity-mismatch", // an enrolled MAC that no longer behaves as its own class (spoofing, compromise)
  "behaviour-change", // a device's fingerprint jumped away from its own recent history
  "ip-conflict", // two MACs claim one IPv4 address (ARP or on-link source address)
  "arp-flood", // gratuitous / unsolicited ARP at a high rate from one MAC
  "sybil-multi-identity", // one MAC sending as several IPs that behave as different devices
  "sybil-clones", // several new MACs appearing together with near-identical fingerprints
] as const;

export const identityAlertSchema = z.object({
  kind: z.enum(IDENTITY_ALERT_KINDS),
  /** Capture time of the evidence, epoch seconds. */
  ts: z.number(),
  macs: z.array(mac),
  ips: z.array(z.string()),
  /** 1 informational, 2 suspicious, 3 likely attack. */
  severity: z.number().int().min(1).max(3),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
});
export type IdentityAlert = z.infer<typeof identityAlertSchema>;

export const inventorySnapshotSchema = z.object({
  devices: z.array(deviceRecordSchema),
  alerts: z.array(identityAlertSchema),
  model: z.object({ classes: z.array(z.string()), enrolled: z.number().int() }).nullable(),
  windowS: z.number().positive(),
  packets: z.number().int().nonnegative(),
});
export type InventorySnapshot = z.infer<typeof inventorySnapshotSchema>;
