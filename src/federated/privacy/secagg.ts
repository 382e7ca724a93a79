/**
 * Secure aggregation after Bonawitz et al. 2017 ("Practical Secure Aggregation for Privacy-Preserving
 * Machine Learning"), semi-honest server, four steps per round:
 *  1. advertise: each client u makes two X25519 key pairs, c (encrypting shares) and s (masks), and
 *     sends both public keys; the server relays the roster U1.
 *  2. share: u draws a self-mask seed b_u, Shamir-shares b_u and its s private key (threshold t among
 *     U1) and sends each peer v its two shares encrypted with AES-256-GCM under HKDF(X25519(c_u, c_v));
 *     the server only routes ciphertexts. U2 = clients whose shares arrived.
 *  3. masked input: y_u = x_u + PRG(b_u) + sum_{v in U2, v != u} +-PRG(s_uv)  (mod 2^32, fixed point),
 *     + when u < v, - otherwise, s_uv = HKDF(X25519(s_u, s_v)); pairwise masks cancel in the sum.
 *     U3 = clients whose masked input arrived.
 *  4. unmask: each survivor returns, for every other v in U2, its share of b_v if v is in U3, else its
 *     share of v's s key (never both for one v). With t of them the server removes the self masks of
 *     U3 and the dangling pairwise masks of the dropped clients: it learns sum_{u in U3} x_u only.
 * Signatures (the paper's active-adversary variant) are out of scope: the transport's TLS and per-client
 * tokens authenticate clients to the server.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import { VigilError } from "../../errors.js";
import { addMask, agreedKey, DEFAULT_FRACTIONAL_BITS, decodeFixed, encodeFixed, prg } from "./masks.js";
import { combineShares, type Share, splitSecret } from "./shamir.js";

export interface AdvertiseMsg {
  id: string;
  /** base64url raw X25519 public keys. */
  cPk: string;
  sPk: string;
}
export interface SealedShare {
  from: string;
  to: string;
  /** base64 of iv (12) | tag (16) | AES-GCM ciphertext of the JSON share pair. */
  box: string;
}
export interface ShareMsg {
  id: string;
  shares: SealedShare[];
}
export interface MaskedMsg {
  id: string;
  /** base64 of the Uint32 little-endian masked vector. */
  masked: string;
}
export interface UnmaskMsg {
  id: string;
  /** Shares of self-mask seeds of survivors, and of s keys of dropped clients. */
  bShares: { of: string; x: number; y: string }[];
  sShares: { of: string; x: number; y: string }[];
}

export interface SecAggOptions {
  round: number;
  threshold: number;
  fractionalBits?: number;
}

const pubKey = (x: string): KeyObject =>
  createPublicKey({ key: { kty: "OKP", crv: "X25519", x }, format: "jwk" });
const rawOf = (k: KeyObject): { x: string; d?: string } =>
  k.export({ format: "jwk" }) as { x: string; d?: string };

function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

export class SecAggClient {
  private readonly c = generateKeyPairSync("x25519");
  private readonly s = generateKeyPairSync("x25519");
  private readonly b = randomBytes(32);
  private roster = new Map<string, AdvertiseMsg>();
  private u1: string[] = [];
  private received = new Map<string, { b: Share; s: Share }>();
  private u2: string[] = [];

  constructor(
    readonly id: string,
    private readonly opts: SecAggOptions,
  ) {}

  advertise(): AdvertiseMsg {
    return { id: this.id, cPk: rawOf(this.c.publicKey).x, sPk: rawOf(this.s.publicKey).x };
  }

  share(roster: readonly AdvertiseMsg[]): ShareMsg {
    this.roster = new Map(roster.map((m) => [m.id, m]));
    this.u1 = sortedIds(this.roster.keys());
    if (!this.roster.has(this.id))
      throw new VigilError("E_SCHEMA", `secagg: ${this.id} missing from the roster`);
    if (this.roster.size !== roster.length)
      throw new VigilError("E_SCHEMA", "secagg: a client appears twice in the roster", { field: "roster" });
    const own = this.advertise();
    const listed = this.roster.get(this.id) as AdvertiseMsg;
    if (listed.cPk !== own.cPk || listed.sPk !== own.sPk) {
      throw new VigilError(
        "E_SCHEMA",
        `secagg: the roster lists other keys for ${this.id} than it advertised`,
        {
          field: "roster",
          client: this.id,
        },
      );
    }
    if (this.u1.length < this.opts.threshold) {
      throw new VigilError("E_CONFIG", `secagg: ${this.u1.length} clients, threshold ${this.opts.threshold}`);
    }
    const sD = Buffer.from(rawOf(this.s.privateKey).d ?? "", "base64url");
    const bShares = splitSecret(this.b, this.opts.threshold, this.u1.length);
    const sShares = splitSecret(sD, this.opts.threshold, this.u1.length);
    const shares: SealedShare[] = [];
    this.u1.forEach((v, k) => {
      const pair = { b: bShares[k].y.toString(16), s: sShares[k].y.toString(16), x: k + 1 };
      if (v === this.id) {
        this.received.set(v, { b: bShares[k], s: sShares[k] });
        return;
      }
      const key = agreedKey(this.c.privateKey, pubKey(this.peer(v).cPk), this.opts.round, "enc");
      const iv = randomBytes(12);
      const ci = createCipheriv("aes-256-gcm", key, iv);
      ci.setAAD(Buffer.from(`${this.id}>${v}`));
      const ct = Buffer.concat([ci.update(JSON.stringify(pair)), ci.final()]);
      shares.push({ from: this.id, to: v, box: Buffer.concat([iv, ci.getAuthTag(), ct]).toString("base64") });
    });
    return { id: this.id, shares };
  }

  /** `incoming`: the sealed shares addressed to this client by the clients of U2. */
  mask(x: ArrayLike<number>, incoming: readonly SealedShare[]): MaskedMsg {
    for (const sh of incoming) {
      if (sh.to !== this.id)
        throw new VigilError("E_SCHEMA", `secagg: share for ${sh.to} routed to ${this.id}`);
      const key = agreedKey(this.c.privateKey, pubKey(this.peer(sh.from).cPk), this.opts.round, "enc");
      const raw = Buffer.from(sh.box, "base64");
      let pair: { b: string; s: string; x: number };
      try {
        const de = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
        de.setAAD(Buffer.from(`${sh.from}>${this.id}`));
        de.setAuthTag(raw.subarray(12, 28));
        pair = JSON.parse(Buffer.concat([de.update(raw.subarray(28)), de.final()]).toString("utf8"));
      } catch (cause) {
        throw new VigilError(
          "E_SCHEMA",
          `secagg: share from ${sh.from} fails authentication`,
          { client: sh.from },
          { cause },
        );
      }
      this.received.set(sh.from, {
        b: { x: pair.x, y: BigInt(`0x${pair.b}`) },
        s: { x: pair.x, y: BigInt(`0x${pair.s}`) },
      });
    }
    this.u2 = sortedIds([this.id, ...incoming.map((s) => s.from)]);
    const bits = this.opts.fractionalBits ?? DEFAULT_FRACTIONAL_BITS;
    const y = encodeFixed(x, bits, this.u1.length);
    addMask(y, prg(this.b, y.length), 1);
    for (const v of this.u2) {
      if (v === this.id) continue;
      const seed = agreedKey(this.s.privateKey, pubKey(this.peer(v).sPk), this.opts.round, "mask");
      addMask(y, prg(seed, y.length), this.id < v ? 1 : -1);
    }
    return { id: this.id, masked: Buffer.from(y.buffer).toString("base64") };
  }

  unmask(u3: readonly string[]): UnmaskMsg {
    if (u3.length < this.opts.threshold) {
      throw new VigilError(
        "E_CONFIG",
        `secagg: only ${u3.length} survivors, below threshold ${this.opts.threshold}`,
      );
    }
    const alive = new Set(u3);
    const out: UnmaskMsg = { id: this.id, bShares: [], sShares: [] };
    for (const v of this.u2) {
      const r = this.received.get(v);
      if (r === undefined) continue;
      if (alive.has(v)) out.bShares.push({ of: v, x: r.b.x, y: r.b.y.toString(16) });
      else out.sShares.push({ of: v, x: r.s.x, y: r.s.y.toString(16) });
    }
    return out;
  }

  private peer(v: string): AdvertiseMsg {
    const p = this.roster.get(v);
    if (p === undefined) throw new VigilError("E_SCHEMA", `secagg: ${v} is not in the roster`, { client: v });
    return p;
  }
}

export class SecAggServer {
  private roster = new Map<string, AdvertiseMsg>();
  private u2 = new Set<string>();
  private masked = new Map<string, Uint32Array>();

  constructor(
    private readonly opts: SecAggOptions,
    readonly length: number,
  ) {}

  collectAdvertise(msgs: readonly AdvertiseMsg[]): AdvertiseMsg[] {
    this.roster = new Map(msgs.map((m) => [m.id, m]));
    return [...this.roster.values()];
  }

  /** Routes sealed shares: to -> shares from U2 members. */
  routeShares(msgs: readonly ShareMsg[]): Map<string, SealedShare[]> {
    const inbox = new Map<string, SealedShare[]>();
    for (const m of msgs) {
      if (!this.roster.has(m.id)) continue;
      this.u2.add(m.id);
      for (const s of m.shares) {
        if (s.from !== m.id)
          throw new VigilError("E_SCHEMA", `secagg: ${m.id} sent a share marked from ${s.from}`);
        const box = inbox.get(s.to) ?? [];
        box.push(s);
        inbox.set(s.to, box);
      }
    }
    return inbox;
  }

  /** Records masked inputs; returns U3. */
  collectMasked(msgs: readonly MaskedMsg[]): string[] {
    for (const m of msgs) {
      if (!this.u2.has(m.id)) continue;
      const bytes = Buffer.from(m.masked, "base64");
      if (bytes.length !== this.length * 4) {
        throw new VigilError(
          "E_SCHEMA",
          `secagg: masked input of ${bytes.length} bytes, expected ${this.length * 4}`,
          {
            client: m.id,
          },
        );
      }
      const v = new Uint32Array(this.length);
      new Uint8Array(v.buffer).set(bytes);
      this.masked.set(m.id, v);
    }
    return sortedIds(this.masked.keys());
  }

  /** The sum of the survivors' inputs. */
  unmaskSum(responses: readonly UnmaskMsg[]): Float64Array {
    const u3 = sortedIds(this.masked.keys());
    const ok = responses.filter((r) => this.masked.has(r.id));
    if (ok.length < this.opts.threshold) {
      throw new VigilError(
        "E_CONFIG",
        `secagg: ${ok.length} unmasking answers, threshold ${this.opts.threshold}`,
      );
    }
    const collect = (which: "bShares" | "sShares"): Map<string, Share[]> => {
      const m = new Map<string, Share[]>();
      for (const r of ok) {
        for (const s of r[which]) {
          const list = m.get(s.of) ?? [];
          list.push({ x: s.x, y: BigInt(`0x${s.y}`) });
          m.set(s.of, list);
        }
      }
      return m;
    };
    const bShares = collect("bShares");
    const sShares = collect("sShares");
    const acc = new Uint32Array(this.length);
    for (const u of u3) addMask(acc, this.masked.get(u) as Uint32Array, 1);
    for (const u of u3) {
      const b = combineShares((bShares.get(u) ?? []).slice(0, this.opts.threshold), 32);
      addMask(acc, prg(b, this.length), -1);
    }
    for (const v of this.u2) {
      if (this.masked.has(v)) continue;
      const shares = (sShares.get(v) ?? []).slice(0, this.opts.threshold);
      if (shares.length < this.opts.threshold)
        throw new VigilError("E_CONFIG", `secagg: too few shares to recover ${v}`);
      const d = Buffer.from(combineShares(shares, 32)).toString("base64url");
      const peer = this.roster.get(v) as AdvertiseMsg;
      const sk = createPrivateKey({ key: { kty: "OKP", crv: "X25519", x: peer.sPk, d }, format: "jwk" });
      for (const u of u3) {
        const seed = agreedKey(sk, pubKey((this.roster.get(u) as AdvertiseMsg).sPk), this.opts.round, "mask");
        // u added +PRG when u < v: remove what u added
        addMask(acc, prg(seed, this.length), u < v ? -1 : 1);
      }
    }
    return decodeFixed(acc, this.opts.fractionalBits ?? DEFAULT_FRACTIONAL_BITS);
  }
}

/**
 * Runs the four steps in one process (simulation, benchmark): `dropAfterShare` clients vanish after
 * step 2 (their pairwise masks are then recovered from shares). Returns the survivors' sum, who
 * survived, and the bytes every message would take on the wire (JSON).
 */
export function secureSum(
  inputs: ReadonlyMap<string, ArrayLike<number>>,
  opts: SecAggOptions & { dropAfterShare?: readonly string[] },
): { sum: Float64Array; survivors: string[]; bytesUp: number; bytesDown: number } {
  const ids = sortedIds(inputs.keys());
  const length = (inputs.get(ids[0]) as ArrayLike<number>).length;
  const clients = new Map(ids.map((id) => [id, new SecAggClient(id, opts)]));
  const server = new SecAggServer(opts, length);
  let up = 0;
  let down = 0;
  const size = (m: unknown): number => Buffer.byteLength(JSON.stringify(m));
  const adv = ids.map((id) => (clients.get(id) as SecAggClient).advertise());
  up += adv.reduce((s, m) => s + size(m), 0);
  const roster = server.collectAdvertise(adv);
  down += size(roster) * ids.length;
  const shareMsgs = ids.map((id) => (clients.get(id) as SecAggClient).share(roster));
  up += shareMsgs.reduce((s, m) => s + size(m), 0);
  const inbox = server.routeShares(shareMsgs);
  const dropped = new Set(opts.dropAfterShare ?? []);
  const live = ids.filter((id) => !dropped.has(id));
  const masked = live.map((id) => {
    const box = inbox.get(id) ?? [];
    down += size(box);
    return (clients.get(id) as SecAggClient).mask(inputs.get(id) as ArrayLike<number>, box);
  });
  up += masked.reduce((s, m) => s + size(m), 0);
  const u3 = server.collectMasked(masked);
  down += size(u3) * u3.length;
  const answers = u3.map((id) => (clients.get(id) as SecAggClient).unmask(u3));
  up += answers.reduce((s, m) => s + size(m), 0);
  return { sum: server.unmaskSum(answers), survivors: u3, bytesUp: up, bytesDown: down };
}
