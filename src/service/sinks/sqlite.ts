/**
 * SQLite alert store (better-sqlite3, WAL): the sink the HTTP API queries. Alerts are keyed by their
 * stable id (INSERT OR IGNORE: a restart never stores one twice), written in one transaction per
 * batch (every `flushMs` and on flush()), and trimmed to `max_alerts` rows. Also keeps processed
 * flow records (the API's /flows and the scale-out accounting), trimmed to `keepFlows`.
 */
import Database from "better-sqlite3";
import type { z } from "zod";
import { VigilError } from "../../errors.js";
import type { FlowRecord } from "../../schemas/flow.js";
import type { SqliteSinkSchema } from "../config/schema.js";
import { emptySinkStats, type ServiceAlert, type Sink, type SinkStats } from "./sink.js";

type SqliteConfig = z.infer<typeof SqliteSinkSchema>;

export interface AlertQuery {
  /** Either address equals it. */
  ip?: string;
  src_ip?: string;
  dest_ip?: string;
  signature_id?: number;
  /** Severity at most this (1 = high). */
  severity?: number;
  detector?: string;
  /** Alert time (capture time) bounds, ms since the epoch. */
  since_ms?: number;
  until_ms?: number;
  /** Keyset paging: rows older than this cursor (from a previous page). */
  cursor?: number;
  limit?: number;
}

export interface AlertPage {
  alerts: ServiceAlert[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  next_cursor: number | null;
  total: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  ts_ms REAL NOT NULL,
  src_ip TEXT NOT NULL,
  dest_ip TEXT NOT NULL,
  signature_id INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  detector TEXT NOT NULL,
  score REAL NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_ts ON alerts(ts_ms);
CREATE INDEX IF NOT EXISTS alerts_src ON alerts(src_ip);
CREATE INDEX IF NOT EXISTS alerts_dst ON alerts(dest_ip);
CREATE TABLE IF NOT EXISTS flows (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  uid TEXT NOT NULL UNIQUE,
  ts REAL NOT NULL,
  worker TEXT NOT NULL,
  score REAL,
  json TEXT NOT NULL
);
`;

export class SqliteSink implements Sink {
  readonly name: string;
  private db: Database.Database | undefined;
  private pending: ServiceAlert[] = [];
  private flowsPending: {
    rec: FlowRecord;
    worker: string;
    score: number | null;
    onCommitted?: () => void;
  }[] = [];
  private readonly st: SinkStats = emptySinkStats();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private insert!: Database.Statement;
  private insertFlow!: Database.Statement;

  constructor(
    private readonly cfg: SqliteConfig,
    private readonly keepFlows = 10_000,
    private readonly flushMs = 100,
    private readonly maxPending = 10_000,
  ) {
    this.name = `sqlite:${cfg.path}`;
  }

  async open(): Promise<void> {
    try {
      this.db = new Database(this.cfg.path);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.exec(SCHEMA);
    } catch (e) {
      throw new VigilError("E_IO", `cannot open SQLite store: ${(e as Error).message}`, {
        file: this.cfg.path,
      });
    }
    this.insert = this.db.prepare(
      "INSERT OR IGNORE INTO alerts (id, ts_ms, src_ip, dest_ip, signature_id, severity, detector, score, json) VALUES (?,?,?,?,?,?,?,?,?)",
    );
    this.insertFlow = this.db.prepare(
      "INSERT OR IGNORE INTO flows (uid, ts, worker, score, json) VALUES (?,?,?,?,?)",
    );
    this.timer = setInterval(() => this.commit(), this.flushMs);
    this.timer.unref();
  }

  write(a: ServiceAlert): boolean {
    if (this.closed || this.db === undefined || this.pending.length >= this.maxPending) {
      this.st.dropped++;
      return false;
    }
    this.pending.push(a);
    this.st.pending++;
    if (this.pending.length >= 1000) this.commit();
    return true;
  }

  /** Records a processed flow (committed with the next batch; `onCommitted` runs after the commit). */
  writeFlow(rec: FlowRecord, worker: string, score: number | null, onCommitted?: () => void): void {
    if (this.closed || this.db === undefined) return;
    this.flowsPending.push({ rec, worker, score, onCommitted });
    if (this.flowsPending.length >= 1000) this.commit();
  }

  private commit(): void {
    const db = this.db;
    if (db === undefined || (this.pending.length === 0 && this.flowsPending.length === 0)) return;
    const batch = this.pending;
    const flows = this.flowsPending;
    this.pending = [];
    this.flowsPending = [];
    let added = 0;
    try {
      db.transaction(() => {
        for (const a of batch) {
          const r = this.insert.run(
            a.alert_id,
            Date.parse(a.timestamp.replace(/([+-]\d\d)(\d\d)$/, "$1:$2")),
            a.src_ip,
            a.dest_ip,
            a.alert.signature_id,
            a.alert.severity,
            a.vigil.detector,
            a.vigil.score,
            JSON.stringify(a),
          );
          added += r.changes;
        }
        for (const f of flows)
          this.insertFlow.run(f.rec.uid, f.rec.ts, f.worker, f.score, JSON.stringify(f.rec));
      })();
      this.st.written += added;
      this.st.duplicates += batch.length - added;
      for (const f of flows) f.onCommitted?.();
    } catch (e) {
      this.st.failed += batch.length;
      process.stderr.write(`vigil: SQLite write failed (${this.cfg.path}): ${(e as Error).message}\n`);
    }
    this.st.pending -= batch.length;
    this.trim(db);
  }

  private trimCounter = 0;
  private trim(db: Database.Database): void {
    if (++this.trimCounter % 50 !== 0) return;
    db.prepare("DELETE FROM alerts WHERE seq <= (SELECT MAX(seq) FROM alerts) - ?").run(this.cfg.max_alerts);
    db.prepare("DELETE FROM flows WHERE seq <= (SELECT MAX(seq) FROM flows) - ?").run(this.keepFlows);
  }

  async flush(): Promise<void> {
    this.commit();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commit();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.db?.close();
    this.db = undefined;
  }

  stats(): SinkStats {
    return { ...this.st };
  }

  /** Alerts, newest first, filtered and paged (keyset on the insertion order). */
  query(q: AlertQuery): AlertPage {
    const db = this.requireDb();
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.ip !== undefined) {
      where.push("(src_ip = ? OR dest_ip = ?)");
      args.push(q.ip, q.ip);
    }
    if (q.src_ip !== undefined) {
      where.push("src_ip = ?");
      args.push(q.src_ip);
    }
    if (q.dest_ip !== undefined) {
      where.push("dest_ip = ?");
      args.push(q.dest_ip);
    }
    if (q.signature_id !== undefined) {
      where.push("signature_id = ?");
      args.push(q.signature_id);
    }
    if (q.severity !== undefined) {
      where.push("severity <= ?");
      args.push(q.severity);
    }
    if (q.detector !== undefined) {
      where.push("detector = ?");
      args.push(q.detector);
    }
    if (q.since_ms !== undefined) {
      where.push("ts_ms >= ?");
      args.push(q.since_ms);
    }
    if (q.until_ms !== undefined) {
      where.push("ts_ms < ?");
      args.push(q.until_ms);
    }
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (db.prepare(`SELECT COUNT(*) AS n FROM alerts ${filter}`).get(...args) as { n: number }).n;
    const pageWhere = q.cursor !== undefined ? [...where, "seq < ?"] : where;
    const pageArgs = q.cursor !== undefined ? [...args, q.cursor] : args;
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
    const rows = db
      .prepare(
        `SELECT seq, json FROM alerts ${pageWhere.length ? `WHERE ${pageWhere.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...pageArgs, limit + 1) as { seq: number; json: string }[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return {
      alerts: page.map((r) => JSON.parse(r.json) as ServiceAlert),
      next_cursor: more ? page[page.length - 1].seq : null,
      total,
    };
  }

  getAlert(id: string): ServiceAlert | undefined {
    const r = this.requireDb().prepare("SELECT json FROM alerts WHERE id = ?").get(id) as
      | { json: string }
      | undefined;
    return r ? (JSON.parse(r.json) as ServiceAlert) : undefined;
  }

  /** Most recent processed flows. */
  recentFlows(limit: number, ip?: string): { worker: string; score: number | null; flow: FlowRecord }[] {
    const db = this.requireDb();
    const rows = (
      ip !== undefined
        ? db
            .prepare("SELECT worker, score, json FROM flows WHERE json LIKE ? ORDER BY seq DESC LIMIT ?")
            .all(`%"${ip}"%`, limit)
        : db.prepare("SELECT worker, score, json FROM flows ORDER BY seq DESC LIMIT ?").all(limit)
    ) as { worker: string; score: number | null; json: string }[];
    return rows.map((r) => ({ worker: r.worker, score: r.score, flow: JSON.parse(r.json) as FlowRecord }));
  }

  flowCount(): number {
    return (this.requireDb().prepare("SELECT COUNT(*) AS n FROM flows").get() as { n: number }).n;
  }

  private requireDb(): Database.Database {
    if (this.db === undefined)
      throw new VigilError("E_IO", "SQLite store is closed", { file: this.cfg.path });
    return this.db;
  }
}
