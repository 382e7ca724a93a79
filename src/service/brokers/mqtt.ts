/** The one module that imports the MQTT client (DESIGN.md convention 8). */
import mqtt, { type MqttClient } from "mqtt";
import { VigilError } from "../../errors.js";

export type { MqttClient };

/** Connects (rejects with E_NETWORK naming the URL after `timeoutMs`). Reconnects on its own later. */
export async function connectMqtt(url: string, clientId: string, timeoutMs = 5000): Promise<MqttClient> {
  try {
    return await mqtt.connectAsync(url, {
      clientId,
      connectTimeout: timeoutMs,
      reconnectPeriod: 1000,
      // Offline QoS 0 messages are not queued: the sink keeps its own bounded backlog.
      queueQoSZero: false,
    });
  } catch (e) {
    throw new VigilError("E_NETWORK", `cannot connect to MQTT broker: ${(e as Error).message}`, {
      file: url,
    });
  }
}
