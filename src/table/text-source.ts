/**
 * Where table text comes from, as a stream of decoded chunks: a file, an entry of a zip archive
 * (inflated as it streams, with fflate) or an in-memory string. UTF-8, a leading BOM removed.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { VigilError } from "../errors.js";
import { Utf8ChunkDecoder } from "./utf8-chunks.js";

export interface TextSource {
  /** Shown in errors (file path, "zip!entry", "<string>"). */
  readonly name: string;
  chunks(): AsyncIterable<string>;
}

const CHUNK_BYTES = 1 << 20;

export function stringSource(text: string, name = "<string>", chunkChars = 1 << 20): TextSource {
  return {
    name,
    async *chunks() {
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      for (let i = 0; i < body.length; i += chunkChars) yield body.slice(i, i + chunkChars);
    },
  };
}

export function fileSource(path: string): TextSource {
  return {
    name: path,
    async *chunks() {
      await assertReadable(path);
      const decoder = new Utf8ChunkDecoder();
      try {
        for await (const buf of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
          yield decoder.decode(buf as Buffer);
        }
      } catch (e) {
        throw new VigilError(
          "E_IO",
          `cannot read ${path}: ${(e as Error).message}`,
          { file: path },
          { cause: e },
        );
      }
      const tail = decoder.end();
      if (tail.length > 0) yield tail;
    },
  };
}

/**
 * One entry of a zip archive, inflated while the archive streams in. `entry` picks the entry by
 * exact name or by suffix (".csv"); without it the archive must hold exactly one file.
 */
export function zipEntrySource(zipPath: string, entry?: string): TextSource {
  return {
    name: `${zipPath}!${entry ?? "*"}`,
    async *chunks() {
      await assertReadable(zipPath);
      const decoder = new Utf8ChunkDecoder();
      const queue: string[] = [];
      let failure: unknown;
      let found: string | undefined;
      let done = false;
      const unzip = new Unzip((file: UnzipFile) => {
        const wanted =
          entry === undefined ? !file.name.endsWith("/") : file.name === entry || file.name.endsWith(entry);
        if (!wanted) return;
        if (found !== undefined) {
          failure ??= new VigilError(
            "E_FORMAT",
            `zip holds more than one matching entry (${found}, ${file.name})`,
            {
              file: zipPath,
            },
          );
          return;
        }
        found = file.name;
        file.ondata = (err, data, final) => {
          if (err) {
            failure ??= new VigilError("E_FORMAT", `cannot inflate ${file.name}: ${err.message}`, {
              file: zipPath,
            });
          } else {
            queue.push(decoder.decode(data));
            if (final) {
              queue.push(decoder.end());
              done = true;
            }
          }
        };
        file.start();
      });
      unzip.register(UnzipInflate);
      const stream = createReadStream(zipPath, { highWaterMark: CHUNK_BYTES });
      try {
        for await (const buf of stream) {
          try {
            unzip.push(buf as Buffer);
          } catch (e) {
            throw new VigilError("E_FORMAT", `not a readable zip archive: ${(e as Error).message}`, {
              file: zipPath,
            });
          }
          if (failure) throw failure;
          while (queue.length > 0) yield queue.shift() as string;
        }
        try {
          unzip.push(new Uint8Array(0), true);
        } catch (e) {
          throw new VigilError("E_TRUNCATED", `zip ends early: ${(e as Error).message}`, { file: zipPath });
        }
      } finally {
        stream.destroy();
      }
      if (failure) throw failure;
      while (queue.length > 0) yield queue.shift() as string;
      if (found === undefined) {
        throw new VigilError("E_FORMAT", `zip has no entry ${entry ?? "(any file)"}`, { file: zipPath });
      }
      if (!done) throw new VigilError("E_TRUNCATED", `zip entry ${found} ends early`, { file: zipPath });
    },
  };
}

async function assertReadable(path: string): Promise<void> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error("not a regular file");
  } catch (e) {
    throw new VigilError(
      "E_IO",
      `cannot read ${path}: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  }
}
