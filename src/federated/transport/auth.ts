/** Per-client bearer tokens: constant-time comparison of SHA-256 digests, token -> client id. */
import { createHash, timingSafeEqual } from "node:crypto";

export class TokenTable {
  private readonly digests: { id: string; digest: Buffer }[];

  constructor(clients: readonly { id: string; token: string }[]) {
    this.digests = clients.map((c) => ({ id: c.id, digest: createHash("sha256").update(c.token).digest() }));
  }

  /** The client id an `authorization: Bearer <token>` header belongs to, or null. */
  identify(header: string | undefined): string | null {
    if (header === undefined || !header.startsWith("Bearer ")) return null;
    const d = createHash("sha256").update(header.slice(7)).digest();
    let found: string | null = null;
    for (const c of this.digests) if (timingSafeEqual(c.digest, d)) found = c.id;
    return found;
  }

  get size(): number {
    return this.digests.length;
  }
}
