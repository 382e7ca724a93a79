/**
 * Constants of the classic pcap file format (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap):
 * a 24-byte file header, then records of a 16-byte header + captured bytes.
 */

/** Magic number of microsecond-resolution files, as read in the writer's byte order. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Magic number of nanosecond-resolution files. */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** pcapng Section Header Block type (the first 4 bytes of every pcapng file; a palindrome). */
export const PCAPNG_SHB = 0x0a0d0d0a;
/** File header length in bytes. */
export const PCAP_FILE_HEADER_LEN = 24;
/** Record header length in bytes. */
export const PCAP_RECORD_HEADER_LEN = 16;
/** Default snap length written by the pcap writer (tcpdump's default). */
export const DEFAULT_SNAPLEN = 262144;
/**
 * Records larger than this are corrupt rather than merely over the snap length (libpcap's largest
 * per-link-type limit, for D-Bus, is 128 MiB; every other link type is 256 KiB).
 */
export const MAX_RECORD_LEN = 128 * 1024 * 1024;
