/**
 * Flow table settings (schema first: the CLI and config files parse into this). Defaults follow Zeek
 * where Zeek has a matching knob (tcp_inactivity_timeout 5 min, udp/icmp_inactivity_timeout 1 min,
 * tcp_attempt_delay 5 s, tcp_close_delay / tcp_reset_delay 5 s) and NetFlow exporters for the active
 * timeout (30 min, as softflowd's maximum life).
 */
import { z } from "zod";

export const FlowTableOptionsSchema = z.object({
  /** Idle timeout of an open TCP connection, seconds. */
  tcpIdleTimeoutS: z.number().positive().default(300),
  /** Idle timeout of UDP, ICMP and other-protocol flows, seconds. */
  udpIdleTimeoutS: z.number().positive().default(60),
  /** A TCP attempt (SYN seen, nothing back) ends this long after its first packet, seconds. */
  tcpAttemptTimeoutS: z.number().positive().default(5),
  /** A TCP connection both of whose sides closed (or one reset) ends this long after its last packet, seconds. */
  tcpClosedLingerS: z.number().positive().default(5),
  /** A flow older than this (first to current packet) is emitted and restarted, seconds. */
  activeTimeoutS: z.number().positive().default(1800),
  /** Most flows held at once; past it the least recently seen flow is emitted (end_reason "cap"). */
  maxFlows: z
    .number()
    .int()
    .min(16)
    .max(1 << 24)
    .default(1 << 20),
  /**
   * Flow slots allocated up front (capped at maxFlows); the table doubles past it. Large allocations
   * are zero pages that cost memory only once used, and skipping early doublings saves their copies.
   */
  initialFlows: z
    .number()
    .int()
    .min(16)
    .max(1 << 24)
    .default(1 << 17),
  /** How many leading packets' sizes and directions each record keeps. */
  firstPackets: z.number().int().min(0).max(64).default(8),
  /** Local networks as IPv4/IPv6 CIDRs; sets local_orig/local_resp (null when empty, as Zeek). */
  localNets: z.array(z.string()).default([]),
  /** Seed of the uid generator (uids are deterministic per seed and flow order). */
  uidSeed: z.number().int().default(0),
  /** Community ID seed. */
  communityIdSeed: z.number().int().min(0).max(65535).default(0),
});
export type FlowTableOptions = z.infer<typeof FlowTableOptionsSchema>;
export type FlowTableOptionsInput = z.input<typeof FlowTableOptionsSchema>;
