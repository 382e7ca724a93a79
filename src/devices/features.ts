/**
 * The device fingerprint: one vector per device (keyed by MAC) per time window, built from the packets
 * the device SENT (its Ethernet source MAC) and RECEIVED (unicast frames whose destination MAC is it).
 * No address, port number or timestamp enters the vector as such: ports become service-class shares,
 * peers become counts, DNS names become hash-bucket shares. Heavy-tailed counts are log1p-scaled so
 * that distances (open-set rejection, behaviour change) are meaningful after standardization.
 * NaN = not defined in this window (e.g. no inter-arrival time with fewer than two sent packets);
 * the forest sends NaN one way, distance code imputes the training median.
 */

/** Service classes of a TCP/UDP packet: the smaller of its two ports decides (clients use high ports). */
export const SERVICE_CLASSES = [
  "dns", // 53
  "dhcp", // 67, 68
  "ntp", // 123
  "http", // 80, 8080, 8000, 8008
  "https", // 443, 8443
  "mqtt", // 1883
  "mqtts", // 8883
  "coap", // 5683, 5684
  "mdns", // 5353
  "ssdp", // 1900
  "rtsp", // 554, 8554
  "other_wellknown", // any other port < 1024
  "other_registered", // any other port 1024..49151
  "ephemeral", // both ports >= 49152
] as const;

const SERVICE_OF_PORT = new Map<number, number>([
  [53, 0],
  [67, 1],
  [68, 1],
  [123, 2],
  [80, 3],
  [8080, 3],
  [8000, 3],
  [8008, 3],
  [443, 4],
  [8443, 4],
  [1883, 5],
  [8883, 6],
  [5683, 7],
  [5684, 7],
  [5353, 8],
  [1900, 9],
  [554, 10],
  [8554, 10],
]);

/** Service class index (into SERVICE_CLASSES) of a TCP/UDP packet's port pair. */
export function serviceClass(srcPort: number, dstPort: number): number {
  const p = srcPort < dstPort ? srcPort : dstPort;
  const known = SERVICE_OF_PORT.get(p);
  if (known !== undefined) return known;
  if (p < 1024) return 11;
  if (p < 49152) return 12;
  return 13;
}

/** Number of hash buckets DNS query names (registrable part: last two labels) are spread over. */
export const DNS_BUCKETS = 8;

/**
 * Feature names, in vector order. Units: counts are per window (log1p of the count), sizes are bytes on
 * the wire, times are seconds. "sent"/"recv" = frames from / to the device's MAC.
 */
export const FINGERPRINT_FEATURES: readonly string[] = [
  "sent_pkts_log1p", // log1p(frames sent in the window)
  "recv_pkts_log1p", // log1p(unicast frames received)
  "sent_bytes_log1p", // log1p(bytes sent, wire length)
  "recv_bytes_log1p", // log1p(bytes received)
  "sent_share", // sent / (sent + received) frames
  "active_span_share", // (last - first frame time) / window length
  "tcp_share", // share of the device's frames (both directions) that are TCP
  "udp_share",
  "icmp_share",
  "arp_share",
  "other_l2_share", // neither IP nor ARP (EAPOL, LLC, ...)
  "ipv6_share",
  "sent_group_share", // share of sent frames to a broadcast/multicast MAC
  ...SERVICE_CLASSES.map((s) => `svc_${s}_share`), // share of TCP/UDP frames in each service class
  "peers_log1p", // log1p(distinct peer IP addresses)
  "peers_private_share", // share of those peers in private / link-local ranges
  "peer_service_ports_log1p", // log1p(distinct ports on the peer side)
  "own_ports_log1p", // log1p(distinct ports on the device's side)
  "syn_per_sent", // TCP SYN without ACK sent, per sent frame (connection attempts)
  "fin_rst_per_sent", // TCP FIN or RST sent, per sent frame
  "sent_zero_payload_share", // sent TCP/UDP frames with no payload (pure ACKs, keep-alives)
  "sent_size_mean_bytes",
  "sent_size_std_bytes",
  "sent_size_max_bytes",
  "recv_size_mean_bytes",
  "recv_size_std_bytes",
  "sent_iat_log10_mean", // mean log10(seconds between consecutive sent frames, floored at 1 us); NaN < 2 sent
  "sent_iat_log10_std",
  "sent_ttl_mean", // mean IPv4 TTL / IPv6 hop limit of sent IP frames (initial TTL hints the OS); NaN none
  "sent_tcp_window_log1p", // mean log1p(TCP window) of sent TCP frames; NaN when none
  "dns_queries_log1p", // log1p(DNS queries sent, UDP to port 53)
  ...Array.from({ length: DNS_BUCKETS }, (_, b) => `dns_bucket${b}_share`), // share of query names per bucket
];

export const N_FEATURES = FINGERPRINT_FEATURES.length;

/** Index of a feature by name (throws on a typo: names are a contract). */
export function featureIndex(name: string): number {
  const i = FINGERPRINT_FEATURES.indexOf(name);
  if (i < 0) throw new Error(`no fingerprint feature "${name}"`);
  return i;
}

/** True for IPv4 addresses in 10/8, 172.16/12, 192.168/16, 169.254/16, 127/8 (unsigned 32-bit ints). */
export function isPrivate4(ip: number): boolean {
  const a = ip >>> 24;
  const b = (ip >>> 16) & 255;
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

/** True when the MAC's group bit is set (broadcast or multicast destination). */
export function isGroupMac(mac: number): boolean {
  return Math.floor(mac / 0x10000000000) % 2 === 1;
}
