/**
 * The NetFlow v5 / v9 / IPFIX collector: a UDP socket (node:dgram) whose datagrams are decoded into
 * flow records. A malformed datagram never stops the collector: it is counted and its error (exporter,
 * byte offset, field) kept in `warnings` (bounded). `waitForRecords` is bounded in time.
 */
import { createSocket, type Socket } from "node:dgram";
import { isIP } from "node:net";
import { VigilError } from "../../errors.js";
import type { FlowRecord } from "../../schemas/flow.js";
import { NetflowDecoder, type NetflowDecoderCounters } from "./decode.js";
import { type NetflowFlow, netflowToFlowRecord } from "./netflow-flow.js";

export interface NetflowCollectorOptions {
  /** Address to bind (default 127.0.0.1; "0.0.0.0" or "::" for every interface). */
  host?: string;
  /** UDP port (default 2055; 0 = any free port, see `address()`). */
  port?: number;
  /** Template cache bound (default 4096). */
  maxTemplates?: number;
  /** Most warning messages kept (default 100). */
  maxWarnings?: number;
  /** Seed of record uids. */
  uidSeed?: number;
}

export class NetflowCollector {
  private socket: Socket | undefined;
  private readonly decoder: NetflowDecoder;
  private readonly onRecord: (rec: FlowRecord, raw: NetflowFlow) => void;
  private readonly opts: Required<NetflowCollectorOptions>;
  private seq = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  readonly warnings: string[] = [];
  /** Records emitted. */
  records = 0;

  constructor(onRecord: (rec: FlowRecord, raw: NetflowFlow) => void, opts: NetflowCollectorOptions = {}) {
    this.onRecord = onRecord;
    this.opts = {
      host: opts.host ?? "127.0.0.1",
      port: opts.port ?? 2055,
      maxTemplates: opts.maxTemplates ?? 4096,
      maxWarnings: opts.maxWarnings ?? 100,
      uidSeed: opts.uidSeed ?? 0,
    };
    if (isIP(this.opts.host) === 0)
      throw new VigilError("E_CONFIG", `bad bind address "${this.opts.host}"`, { field: "host" });
    if (!Number.isInteger(this.opts.port) || this.opts.port < 0 || this.opts.port > 65535) {
      throw new VigilError("E_CONFIG", `bad UDP port ${this.opts.port}`, { field: "port" });
    }
    this.decoder = new NetflowDecoder(this.opts.maxTemplates);
  }

  get counters(): NetflowDecoderCounters {
    return this.decoder.counters;
  }

  /** Handles one datagram (also usable without a socket, e.g. for replayed exports). */
  handleDatagram(buf: Uint8Array, exporter: string): void {
    try {
      this.decoder.decode(buf, exporter, (f) => {
        const rec = netflowToFlowRecord(f, this.seq++, this.opts.uidSeed);
        if (rec === null) return;
        this.records++;
        this.onRecord(rec, f);
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (this.warnings.length < this.opts.maxWarnings) this.warnings.push(msg);
    }
    this.waiters = this.waiters.filter((w) => {
      if (this.records >= w.n) w.resolve();
      return this.records < w.n;
    });
  }

  /** Binds the socket; resolves with the bound address and port. */
  start(): Promise<{ address: string; port: number }> {
    if (this.socket !== undefined) throw new VigilError("E_CONFIG", "collector already started");
    const sock = createSocket({ type: isIP(this.opts.host) === 6 ? "udp6" : "udp4" });
    this.socket = sock;
    sock.on("message", (msg, rinfo) => this.handleDatagram(msg, `${rinfo.address}:${rinfo.port}`));
    return new Promise((resolve, reject) => {
      sock.once("error", (e) =>
        reject(
          new VigilError(
            "E_NETWORK",
            `cannot bind UDP ${this.opts.host}:${this.opts.port}: ${e.message}`,
            { field: "port" },
            { cause: e },
          ),
        ),
      );
      sock.bind(this.opts.port, this.opts.host, () => {
        const a = sock.address();
        resolve({ address: a.address, port: a.port });
      });
    });
  }

  /** Resolves once `n` records arrived in total, or after `timeoutMs` (resolves false then). */
  waitForRecords(n: number, timeoutMs: number): Promise<boolean> {
    if (this.records >= n) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }

  close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s === undefined) return Promise.resolve();
    return new Promise((resolve) => s.close(() => resolve()));
  }
}
