/**
 * Service names guessed from the responder's port (Zeek confirms services by payload analysis; vigil's
 * flow table only guesses, and only when the responder answered), and Zeek's "likely server port"
 * set used to pick the originator of a flow whose first packet is not a SYN.
 */
const TCP_SERVICES: ReadonlyMap<number, string> = new Map([
  [21, "ftp"],
  [22, "ssh"],
  [23, "telnet"],
  [25, "smtp"],
  [53, "dns"],
  [80, "http"],
  [102, "s7comm"],
  [110, "pop3"],
  [139, "smb"],
  [143, "imap"],
  [443, "ssl"],
  [445, "smb"],
  [502, "modbus"],
  [587, "smtp"],
  [993, "ssl"],
  [1883, "mqtt"],
  [3306, "mysql"],
  [3389, "rdp"],
  [5222, "xmpp"],
  [6379, "redis"],
  [8080, "http"],
  [8443, "ssl"],
  [8883, "ssl"],
  [20000, "dnp3"],
]);

const UDP_SERVICES: ReadonlyMap<number, string> = new Map([
  [53, "dns"],
  [67, "dhcp"],
  [68, "dhcp"],
  [69, "tftp"],
  [123, "ntp"],
  [137, "netbios-ns"],
  [161, "snmp"],
  [500, "ike"],
  [514, "syslog"],
  [1900, "ssdp"],
  [5060, "sip"],
  [5353, "dns"],
  [5355, "dns"],
  [5683, "coap"],
  [47808, "bacnet"],
]);

/** Service for protocol `proto` (6 or 17) and responder port, or null. */
export function guessService(proto: number, respPort: number): string | null {
  if (proto === 6) return TCP_SERVICES.get(respPort) ?? null;
  if (proto === 17) return UDP_SERVICES.get(respPort) ?? null;
  return null;
}

const LIKELY_SERVER = new Uint8Array(65536);
for (const p of TCP_SERVICES.keys()) LIKELY_SERVER[p] = 1;
for (const p of UDP_SERVICES.keys()) LIKELY_SERVER[p] = 1;

/** True for ports where a server usually listens (Zeek's likely_server_ports, approximated). */
export function isLikelyServerPort(port: number): boolean {
  return LIKELY_SERVER[port & 0xffff] === 1;
}
