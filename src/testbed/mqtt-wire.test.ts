import { describe, expect, it } from "vitest";
import {
  connectPacket,
  encodeRemainingLength,
  MQTT_TYPE,
  MqttFramer,
  pingreqPacket,
  publishPacket,
} from "./mqtt-wire.js";

describe("MQTT 3.1.1 wire encoding", () => {
  it("encodes the remaining length as in the spec's table 2.4", () => {
    expect(encodeRemainingLength(0)).toEqual([0x00]);
    expect(encodeRemainingLength(127)).toEqual([0x7f]);
    expect(encodeRemainingLength(128)).toEqual([0x80, 0x01]);
    expect(encodeRemainingLength(16_383)).toEqual([0xff, 0x7f]);
    expect(encodeRemainingLength(16_384)).toEqual([0x80, 0x80, 0x01]);
    expect(encodeRemainingLength(268_435_455)).toEqual([0xff, 0xff, 0xff, 0x7f]);
    expect(() => encodeRemainingLength(268_435_456)).toThrow(RangeError);
    expect(() => encodeRemainingLength(-1)).toThrow(RangeError);
  });

  it("builds a CONNECT with user name, password and keep-alive", () => {
    const p = connectPacket({ clientId: "c1", username: "u", password: "pw", keepAlive: 65535 });
    const expected = Buffer.from([
      0x10,
      21, // CONNECT, remaining length
      0,
      4,
      0x4d,
      0x51,
      0x54,
      0x54, // "MQTT"
      4, // protocol level 3.1.1
      0xc2, // user name + password + clean session
      0xff,
      0xff, // keep-alive 65535
      0,
      2,
      0x63,
      0x31, // "c1"
      0,
      1,
      0x75, // "u"
      0,
      2,
      0x70,
      0x77, // "pw"
    ]);
    expect(p).toEqual(expected);
  });

  it("builds QoS 0 and QoS 1 PUBLISH packets", () => {
    expect(publishPacket("a/b", "hi", 0)).toEqual(Buffer.from([0x30, 7, 0, 3, 0x61, 0x2f, 0x62, 0x68, 0x69]));
    expect(publishPacket("t", "x", 1, 258)).toEqual(Buffer.from([0x32, 6, 0, 1, 0x74, 1, 2, 0x78]));
  });

  it("frames packets split across and packed into TCP chunks", () => {
    const big = publishPacket("t", Buffer.alloc(300, 7), 0);
    const stream = Buffer.concat([Buffer.from([0x20, 2, 0, 5]), big, pingreqPacket()]);
    const f = new MqttFramer();
    const got = [
      ...f.push(stream.subarray(0, 3)),
      ...f.push(stream.subarray(3, 6)),
      ...f.push(stream.subarray(6)),
    ];
    expect(got.map((p) => p.type)).toEqual([MQTT_TYPE.CONNACK, MQTT_TYPE.PUBLISH, MQTT_TYPE.PINGREQ]);
    expect(got[0].body[1]).toBe(5);
    expect(got[1].body.length).toBe(300 + 3);
  });

  it("rejects a remaining length longer than 4 bytes", () => {
    expect(() => new MqttFramer().push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(
      RangeError,
    );
  });
});
