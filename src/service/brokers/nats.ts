/** The one module that imports the NATS client and JetStream (DESIGN.md convention 8). */
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
} from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { VigilError } from "../../errors.js";

export type { JetStreamClient, JsMsg, NatsConnection };
export { headers, jetstream };

export async function connectNats(servers: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({
      servers: servers.split(",").map((s) => s.trim()),
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  } catch (e) {
    throw new VigilError("E_NETWORK", `cannot connect to NATS: ${(e as Error).message}`, { file: servers });
  }
}

/**
 * Makes sure a work-queue stream over `subject` and a durable pull consumer exist (idempotent): every
 * worker binding to the same consumer shares its messages, each delivered to one of them and
 * redelivered after `ackWaitMs` when not acknowledged (a worker died).
 */
export async function ensureWorkQueue(
  nc: NatsConnection,
  stream: string,
  subject: string,
  consumer: string,
  ackWaitMs: number,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(stream);
  } catch {
    try {
      await jsm.streams.add({ name: stream, subjects: [subject], retention: RetentionPolicy.Workqueue });
    } catch (e) {
      // Another worker created it at the same moment.
      await jsm.streams.info(stream).catch(() => {
        throw new VigilError(
          "E_NETWORK",
          `cannot create JetStream stream ${stream}: ${(e as Error).message}`,
        );
      });
    }
  }
  try {
    await jsm.consumers.info(stream, consumer);
  } catch {
    await jsm.consumers
      .add(stream, {
        durable_name: consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ackWaitMs * 1_000_000,
        max_ack_pending: 10_000,
      })
      .catch(async (e) => {
        await jsm.consumers.info(stream, consumer).catch(() => {
          throw new VigilError("E_NETWORK", `cannot create consumer ${consumer}: ${(e as Error).message}`);
        });
      });
  }
}

/** Makes sure a stream with de-duplication (Nats-Msg-Id window) captures `subject` (alerts). */
export async function ensureStream(nc: NatsConnection, stream: string, subject: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams
      .add({ name: stream, subjects: [subject], duplicate_window: 120 * 1_000_000_000 })
      .catch(() => undefined);
  }
}
