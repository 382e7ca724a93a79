/**
 * The client side of the federated transport: one HTTP/2 session over TLS that trusts only the pinned
 * CA, a bearer token on every request, JSON bodies parsed with the response schemas and a byte limit,
 * and reconnection after the server goes away (a restart from its checkpoint).
 */
import { type ClientHttp2Session, connect } from "node:http2";
import type { z } from "zod";
import { VigilError } from "../../errors.js";
import { parseMessage, readBody } from "./body.js";

export class FedHttpClient {
  private session: ClientHttp2Session | null = null;

  constructor(
    private readonly url: string,
    private readonly ca: string | Buffer,
    private readonly token: string,
    private readonly maxBytes: number,
    private readonly timeoutMs = 120_000,
  ) {}

  private open(): ClientHttp2Session {
    if (this.session !== null && !this.session.closed && !this.session.destroyed) return this.session;
    const s = connect(this.url, { ca: this.ca, rejectUnauthorized: true });
    s.on("error", () => {
      // surfaced through the pending request; the next request reconnects
    });
    s.on("close", () => {
      if (this.session === s) this.session = null;
    });
    this.session = s;
    return s;
  }

  /** POSTs `body` to `path` and parses the answer; non-2xx answers are VigilErrors with the server's reason. */
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      let session: ClientHttp2Session;
      try {
        session = this.open();
      } catch (e) {
        reject(new VigilError("E_NETWORK", `cannot connect to ${this.url}: ${String(e)}`));
        return;
      }
      const onSessionError = (e: Error): void => {
        reject(new VigilError("E_NETWORK", `${path}: ${e.message}`, { field: path }, { cause: e }));
      };
      session.once("error", onSessionError);
      const req = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/json",
        authorization: `Bearer ${this.token}`,
      });
      req.setTimeout(this.timeoutMs, () => {
        req.close();
        reject(new VigilError("E_NETWORK", `${path}: no answer in ${this.timeoutMs} ms`, { field: path }));
      });
      let status = 0;
      req.on("response", (h) => {
        status = Number(h[":status"]);
      });
      req.on("error", (e) =>
        reject(new VigilError("E_NETWORK", `${path}: ${e.message}`, { field: path }, { cause: e })),
      );
      readBody(req, this.maxBytes)
        .then((buf) => {
          session.off("error", onSessionError);
          if (status < 200 || status >= 300) {
            reject(
              new VigilError(
                status >= 500 ? "E_NETWORK" : "E_CONFIG",
                `${path}: HTTP ${status}: ${buf.toString("utf8").slice(0, 300)}`,
                { field: path, status },
              ),
            );
            return;
          }
          resolve(parseMessage(schema, buf, path));
        })
        .catch(reject);
      req.end(payload);
    });
  }

  close(): void {
    this.session?.close();
    this.session = null;
  }
}
