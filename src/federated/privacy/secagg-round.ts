/**
 * The server's side of one secure-aggregation round over the federated transport (privacy/secagg.ts
 * does the cryptography). Four phases, each closed when every expected client answered or when the
 * server's phase timeout passes:
 *   advertise (sampled clients post their two X25519 public keys)  -> U1, the roster
 *   share     (U1 members post one AES-GCM sealed share pair per peer; the server only routes them) -> U2
 *   mask      (U2 members get the shares addressed to them, train, post their masked input)        -> U3
 *   unmask    (U3 members post shares of survivors' self-mask seeds and of dropped clients' keys)
 * A phase that closes with fewer than `threshold` clients fails the round (the server retries it with
 * fresh keys). The result is only the sum of U3's inputs: x_u = [numExamples_u * delta_u, numExamples_u],
 * so sum[0..P) / sum[P] is the example-weighted mean delta (FedAvg's) and the per-client deltas and
 * example counts are never seen.
 */
import type { z } from "zod";
import type {
  ackSchema,
  Evaluation,
  secAggAdvertiseMessageSchema,
  secAggMaskedMessageSchema,
  secAggShareMessageSchema,
  secAggUnmaskMessageSchema,
} from "../../schemas/federated.js";
import { type AdvertiseMsg, type SealedShare, SecAggServer } from "./secagg.js";

export type SecAggPhase = "advertise" | "share" | "mask" | "unmask" | "done" | "failed";
type Ack = z.infer<typeof ackSchema>;

export interface SecAggRoundOptions {
  round: number;
  threshold: number;
  fractionalBits: number;
  /** Model parameter count P (inputs are P + 1 long: the example count rides along). */
  parameters: number;
  /** Fewest survivors whose sum the server accepts (max of threshold and the server's minClients). */
  minSurvivors: number;
}

export class SecAggRound {
  phase: SecAggPhase = "advertise";
  /** Why the round failed (phase "failed"). */
  failure = "";
  private readonly server: SecAggServer;
  private readonly advertised = new Map<string, AdvertiseMsg>();
  private readonly shared = new Map<string, SealedShare[]>();
  private readonly masked = new Map<string, string>();
  private readonly unmasks = new Map<string, z.infer<typeof secAggUnmaskMessageSchema>>();
  readonly evaluations = new Map<string, Evaluation>();
  private roster: AdvertiseMsg[] = [];
  private inbox = new Map<string, SealedShare[]>();
  private u3: string[] = [];
  private sumOut: Float64Array | null = null;

  constructor(
    readonly sampled: ReadonlySet<string>,
    private readonly o: SecAggRoundOptions,
  ) {
    this.server = new SecAggServer(
      { round: o.round, threshold: o.threshold, fractionalBits: o.fractionalBits },
      o.parameters + 1,
    );
  }

  /** Who the current phase waits for. */
  expected(): string[] {
    switch (this.phase) {
      case "advertise":
        return [...this.sampled];
      case "share":
        return this.roster.map((m) => m.id);
      case "mask":
        return [...this.shared.keys()];
      case "unmask":
        return this.u3;
      default:
        return [];
    }
  }

  answered(id: string): boolean {
    switch (this.phase) {
      case "advertise":
        return this.advertised.has(id);
      case "share":
        return this.shared.has(id);
      case "mask":
        return this.masked.has(id);
      case "unmask":
        return this.unmasks.has(id);
      default:
        return true;
    }
  }

  complete(): boolean {
    return this.expected().every((id) => this.answered(id));
  }

  /** U1, U2, U3 so far (for logs). */
  sets(): { u1: string[]; u2: string[]; u3: string[] } {
    return { u1: this.roster.map((m) => m.id), u2: [...this.shared.keys()].sort(), u3: this.u3 };
  }

  /** The survivors' input sum once the round is done (P + 1 values). */
  sum(): Float64Array | null {
    return this.sumOut;
  }

  survivors(): string[] {
    return this.phase === "done" ? this.u3 : [];
  }

  /** Ends the current phase with the answers so far; moves on or fails. */
  close(): SecAggPhase {
    const need = this.o.threshold;
    const fail = (why: string): SecAggPhase => {
      this.failure = why;
      this.phase = "failed";
      return this.phase;
    };
    if (this.phase === "advertise") {
      if (this.advertised.size < need)
        return fail(`${this.advertised.size} clients advertised keys, threshold ${need}`);
      this.roster = this.server.collectAdvertise(
        [...this.advertised.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      this.phase = "share";
    } else if (this.phase === "share") {
      if (this.shared.size < need) return fail(`${this.shared.size} clients shared, threshold ${need}`);
      this.inbox = this.server.routeShares([...this.shared].map(([id, shares]) => ({ id, shares })));
      this.phase = "mask";
    } else if (this.phase === "mask") {
      this.u3 = this.server.collectMasked([...this.masked].map(([id, masked]) => ({ id, masked })));
      const floor = Math.max(need, this.o.minSurvivors);
      if (this.u3.length < floor) return fail(`${this.u3.length} masked inputs arrived, need ${floor}`);
      this.phase = "unmask";
    } else if (this.phase === "unmask") {
      if (this.unmasks.size < need) return fail(`${this.unmasks.size} unmasking answers, threshold ${need}`);
      try {
        this.sumOut = this.server.unmaskSum(
          [...this.unmasks].map(([id, m]) => ({ id, bShares: m.bShares, sShares: m.sShares })),
        );
      } catch (e) {
        return fail(`unmasking failed: ${(e as Error).message}`);
      }
      this.phase = "done";
    }
    return this.phase;
  }

  /** What client `id` should do now (null: wait). */
  task(
    id: string,
  ):
    | { action: "secagg-advertise"; secAgg: { threshold: number; fractionalBits: number } }
    | { action: "secagg-share"; roster: AdvertiseMsg[] }
    | { action: "secagg-train"; inbox: SealedShare[] }
    | { action: "secagg-unmask"; survivors: string[] }
    | null {
    if (!this.expected().includes(id) || this.answered(id)) return null;
    switch (this.phase) {
      case "advertise":
        return {
          action: "secagg-advertise",
          secAgg: { threshold: this.o.threshold, fractionalBits: this.o.fractionalBits },
        };
      case "share":
        return { action: "secagg-share", roster: this.roster };
      case "mask":
        return { action: "secagg-train", inbox: this.inbox.get(id) ?? [] };
      case "unmask":
        return { action: "secagg-unmask", survivors: this.u3 };
      default:
        return null;
    }
  }

  acceptAdvertise(id: string, m: z.infer<typeof secAggAdvertiseMessageSchema>): Ack {
    const bad = this.check(id, m.round, "advertise");
    if (bad) return bad;
    this.advertised.set(id, { id, cPk: m.cPk, sPk: m.sPk });
    return { accepted: true };
  }

  acceptShares(id: string, m: z.infer<typeof secAggShareMessageSchema>): Ack {
    const bad = this.check(id, m.round, "share");
    if (bad) return bad;
    const peers = new Set(this.roster.map((r) => r.id).filter((v) => v !== id));
    const to = new Set<string>();
    for (const s of m.shares) {
      if (s.from !== id) return { accepted: false, reason: `share marked from ${s.from}, sent by ${id}` };
      if (!peers.has(s.to) || to.has(s.to))
        return { accepted: false, reason: `share addressed to ${s.to}: not a peer, or twice` };
      to.add(s.to);
    }
    if (to.size !== peers.size)
      return { accepted: false, reason: `${to.size} shares, expected one for each of ${peers.size} peers` };
    this.shared.set(id, m.shares);
    return { accepted: true };
  }

  acceptMasked(id: string, m: z.infer<typeof secAggMaskedMessageSchema>): Ack {
    const bad = this.check(id, m.round, "mask");
    if (bad) return bad;
    const want = this.o.parameters + 1;
    if (m.masked.length !== want)
      return { accepted: false, reason: `masked input of ${m.masked.length} values, expected ${want}` };
    if (Buffer.byteLength(m.masked.base64, "base64") !== want * 4)
      return { accepted: false, reason: `masked input is not ${want * 4} bytes` };
    this.masked.set(id, m.masked.base64);
    this.evaluations.set(id, m.evaluation);
    return { accepted: true };
  }

  acceptUnmask(id: string, m: z.infer<typeof secAggUnmaskMessageSchema>): Ack {
    const bad = this.check(id, m.round, "unmask");
    if (bad) return bad;
    // a survivor reveals self-mask shares of survivors only and key shares of dropped clients only:
    // never both for one client (that would unmask its input)
    const alive = new Set(this.u3);
    const u2 = new Set(this.shared.keys());
    for (const s of m.bShares)
      if (!alive.has(s.of)) return { accepted: false, reason: `self-mask share of ${s.of}, not a survivor` };
    for (const s of m.sShares)
      if (alive.has(s.of) || !u2.has(s.of))
        return { accepted: false, reason: `key share of ${s.of}: a survivor, or it never shared` };
    this.unmasks.set(id, m);
    return { accepted: true };
  }

  private check(id: string, round: number, phase: SecAggPhase): Ack | null {
    if (round !== this.o.round || this.phase !== phase)
      return {
        accepted: false,
        reason: `secure aggregation of round ${this.o.round} is in phase ${this.phase}`,
      };
    if (!this.expected().includes(id))
      return { accepted: false, reason: `${id} is not expected in the ${phase} phase` };
    if (this.answered(id)) return { accepted: false, reason: `${id} already answered the ${phase} phase` };
    return null;
  }
}
