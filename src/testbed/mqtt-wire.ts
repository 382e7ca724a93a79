/**
 * Just enough MQTT 3.1.1 (OASIS standard, section 2-3) on raw bytes for the testbed's attack agents:
 * CONNECT, PUBLISH (QoS 0/1), PINGREQ, DISCONNECT out; CONNACK / PUBACK / any packet in, framed from a
 * TCP byte stream. No dependencies; the benign sensors use the mosquitto clients instead.
 */

export const MQTT_TYPE = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PUBACK: 4,
  SUBSCRIBE: 8,
  SUBACK: 9,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
} as const;

/** CONNACK return codes (3.1.1 table 3.1). */
export const CONNACK_RC = [
  "accepted",
  "bad protocol",
  "id rejected",
  "unavailable",
  "bad credentials",
  "not authorized",
];

/** Variable-length "remaining length" (1-4 bytes, 7 bits each, high bit = more). */
export function encodeRemainingLength(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 268_435_455)
    throw new RangeError(`MQTT remaining length ${n} out of range`);
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function utf8Field(s: string): Buffer {
  const b = Buffer.from(s, "utf8");
  if (b.length > 65535) throw new RangeError("MQTT string longer than 65535 bytes");
  const out = Buffer.alloc(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte, ...encodeRemainingLength(body.length)]), body]);
}

export interface ConnectOptions {
  clientId: string;
  username?: string;
  password?: string;
  /** Seconds; 0 disables keep-alive, 65535 is the maximum (SlowITe uses it). */
  keepAlive?: number;
  cleanSession?: boolean;
}

export function connectPacket(o: ConnectOptions): Buffer {
  let flags = o.cleanSession === false ? 0 : 0x02;
  if (o.username !== undefined) flags |= 0x80;
  if (o.password !== undefined) flags |= 0x40;
  const ka = Buffer.alloc(2);
  ka.writeUInt16BE(o.keepAlive ?? 60, 0);
  const parts = [utf8Field("MQTT"), Buffer.from([4, flags]), ka, utf8Field(o.clientId)];
  if (o.username !== undefined) parts.push(utf8Field(o.username));
  if (o.password !== undefined) parts.push(utf8Field(o.password));
  return packet(MQTT_TYPE.CONNECT << 4, Buffer.concat(parts));
}

export function publishPacket(topic: string, payload: Buffer | string, qos: 0 | 1 = 0, packetId = 1): Buffer {
  const parts = [utf8Field(topic)];
  if (qos > 0) {
    const id = Buffer.alloc(2);
    id.writeUInt16BE(packetId & 0xffff || 1, 0);
    parts.push(id);
  }
  parts.push(typeof payload === "string" ? Buffer.from(payload) : payload);
  return packet((MQTT_TYPE.PUBLISH << 4) | (qos << 1), Buffer.concat(parts));
}

export function pingreqPacket(): Buffer {
  return Buffer.from([MQTT_TYPE.PINGREQ << 4, 0]);
}

export function disconnectPacket(): Buffer {
  return Buffer.from([MQTT_TYPE.DISCONNECT << 4, 0]);
}

export interface MqttPacket {
  type: number;
  flags: number;
  body: Buffer;
}

/** Frames MQTT packets out of a TCP byte stream (feed chunks, get whole packets). */
export class MqttFramer {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): MqttPacket[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: MqttPacket[] = [];
    for (;;) {
      if (this.buf.length < 2) break;
      let len = 0;
      let mult = 1;
      let i = 1;
      let complete = false;
      for (; i < 5 && i < this.buf.length; i++) {
        const b = this.buf[i];
        len += (b & 0x7f) * mult;
        mult *= 128;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (i >= 5) throw new RangeError("malformed MQTT remaining length");
        break;
      }
      const start = i + 1;
      if (this.buf.length < start + len) break;
      out.push({
        type: this.buf[0] >> 4,
        flags: this.buf[0] & 0x0f,
        body: this.buf.subarray(start, start + len),
      });
      this.buf = this.buf.subarray(start + len);
    }
    return out;
  }
}
