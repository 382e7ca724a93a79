/**
 * Message bodies on the federated HTTP/2 streams: read with a byte limit (a larger body is refused
 * before it is buffered), parsed as JSON, checked with a zod schema; every failure is a VigilError
 * naming the field (and the client, where known).
 */
import type { Readable } from "node:stream";
import type { z } from "zod";
import { VigilError } from "../../errors.js";

export class BodyTooLarge extends VigilError {
  constructor(limit: number) {
    super("E_SCHEMA", `message exceeds ${limit} bytes`, { field: "body" });
  }
}

export function readBody(stream: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    stream.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBytes) {
        done = true;
        reject(new BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(c);
    });
    stream.on("end", () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    stream.on("error", (e) => {
      if (!done) {
        done = true;
        reject(new VigilError("E_NETWORK", `stream failed: ${e.message}`, {}, { cause: e }));
      }
    });
  });
}

export function parseMessage<T>(schema: z.ZodType<T>, body: Buffer, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch (cause) {
    throw new VigilError(
      "E_SCHEMA",
      `${what}: body is not JSON`,
      { field: "body", byteOffset: 0 },
      { cause },
    );
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field =
      issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(",") : "body");
    throw new VigilError("E_SCHEMA", `${what}: ${issue.message}`, { field });
  }
  return r.data;
}
