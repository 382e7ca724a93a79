/**
 * TCP connection tracking with Zeek's semantics (src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc
 * and analyzer/protocol/tcp/TCP_Endpoint.cc, re-expressed over typed-array columns): one state machine
 * per endpoint (INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED, CLOSED, RESET), relative
 * sequence numbers for the payload size, and the history letters with Zeek's repeat rules:
 * 'a','d','i','q' once per direction; 's','h','f','r' again only when the sequence number differs from
 * the last packet of that flag; 't','w' logarithmically (1st, 10th, 100th, ... occurrence).
 */
import { TCP_FLAG } from "../../decode/packet.js";
import { EPU, type FlowStore } from "./flow-store.js";

export const TCP_STATE = {
  INACTIVE: 0,
  SYN_SENT: 1,
  SYN_ACK_SENT: 2,
  PARTIAL: 3,
  ESTABLISHED: 4,
  CLOSED: 5,
  RESET: 6,
} as const;

/** History bits (responder's are these << 16), as Zeek's HIST_* masks. */
export const HIST = {
  SYN: 0x1,
  FIN: 0x2,
  RST: 0x4,
  FIN_RST: 0x8,
  DATA: 0x10,
  ACK: 0x20,
  MULTI_FLAG: 0x40,
} as const;

const TOO_LARGE_SEQ_DELTA = 1048576;
const CH = (c: string) => c.charCodeAt(0);
const L_S = CH("S");
const L_H = CH("H");
const L_A = CH("A");
const L_D = CH("D");
const L_F = CH("F");
const L_R = CH("R");
const L_I = CH("I");
const L_Q = CH("Q");
const L_T = CH("T");
const L_W = CH("W");

function setState(st: FlowStore, e: number, s: number): void {
  if (st.epu[e * 2 + EPU + 0 /* state */] !== s) {
    st.epu[e * 2 + EPU + 1 /* prevState */] = st.epu[e * 2 + EPU + 0 /* state */];
    st.epu[e * 2 + EPU + 0 /* state */] = s;
  }
}

/** CheckHistory for one direction: upper-case letter for the originator, lower-case for the responder. */
export function checkHistoryDir(
  st: FlowStore,
  slot: number,
  dir: number,
  mask: number,
  upper: number,
): boolean {
  return dir === 0
    ? st.checkHistory(slot, mask, upper)
    : st.checkHistory(slot, (mask << 16) >>> 0, upper + 32);
}

function addHistoryDir(st: FlowStore, slot: number, dir: number, upper: number): void {
  st.addHistory(slot, dir === 0 ? upper : upper + 32);
}

/** Zeek's ScaledHistoryEntry: the letter at the 1st, 10th, 100th, ... occurrence (count/threshold in epu). */
function scaledHistory(
  st: FlowStore,
  slot: number,
  dir: number,
  upper: number,
  e: number,
  countField: number,
): void {
  const c = e * 2 + EPU + countField;
  const t = c + 1; // the threshold follows its count
  st.epu[c] += 1;
  if (st.epu[c] === st.epu[t]) {
    addHistoryDir(st, slot, dir, upper);
    const next = st.epu[t] * 10;
    if (next <= 0xffffffff) st.epu[t] = next;
  }
}

function initSyn(st: FlowStore, e: number, seq: number, seqOnePast: number, segLen: number): void {
  st.epu[e * 2 + EPU + 2 /* startSeq */] = seq;
  st.epu[e * 2 + EPU + 4 /* ackSeqRaw */] = seq;
  st.epf[e + 9 /* ackSeqRel */] = 0;
  st.epu[e * 2 + EPU + 3 /* lastSeqRaw */] = seqOnePast;
  st.epf[e + 8 /* lastSeqRel */] = segLen;
}

function initEndpoint(
  st: FlowStore,
  e: number,
  syn: boolean,
  seq: number,
  seqOnePast: number,
  segLen: number,
): void {
  switch (st.epu[e * 2 + EPU + 0 /* state */]) {
    case TCP_STATE.INACTIVE:
      if (syn) initSyn(st, e, seq, seqOnePast, segLen);
      else {
        // partial connection: number as though a SYN had been seen one byte earlier
        st.epu[e * 2 + EPU + 2 /* startSeq */] = (seq - 1) >>> 0;
        st.epu[e * 2 + EPU + 4 /* ackSeqRaw */] = (seq - 1) >>> 0;
        st.epf[e + 9 /* ackSeqRel */] = 0;
        st.epu[e * 2 + EPU + 3 /* lastSeqRaw */] = seq;
        st.epf[e + 8 /* lastSeqRel */] = 1;
      }
      break;
    case TCP_STATE.SYN_SENT:
    case TCP_STATE.SYN_ACK_SENT:
      if (syn && seq !== st.epu[e * 2 + EPU + 2 /* startSeq */]) initSyn(st, e, seq, seqOnePast, segLen);
      break;
    case TCP_STATE.ESTABLISHED:
    case TCP_STATE.PARTIAL:
      if (syn) initSyn(st, e, seq, seqOnePast, segLen);
      break;
    case TCP_STATE.RESET:
      if (syn && st.epu[e * 2 + EPU + 1 /* prevState */] === TCP_STATE.INACTIVE)
        initSyn(st, e, seq, seqOnePast, segLen);
      break;
    default:
      break;
  }
}

/**
 * Feeds one TCP segment of flow `slot` sent by side `dir` (0 = originator) through the state machine.
 * Returns the sender's direction afterwards (it changes when Zeek's SYN/SYN-ACK reversal flips roles).
 */
export function tcpSegment(
  st: FlowStore,
  slot: number,
  dir: number,
  flags: number,
  seq: number,
  ack: number,
  window: number,
  len: number,
  ts: number,
): number {
  let e = st.endpoint(slot, dir);
  let p = st.endpoint(slot, 1 - dir);
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const fin = (flags & TCP_FLAG.FIN) !== 0;
  const rst = (flags & TCP_FLAG.RST) !== 0;
  const ackf = (flags & TCP_FLAG.ACK) !== 0;
  let segLen = len + (syn ? 1 : 0) + (fin ? 1 : 0);
  if (rst) segLen -= len;
  const seqOnePast = (seq + segLen) >>> 0;

  initEndpoint(st, e, syn, seq, seqOnePast, segLen);
  const relSeq = st.epf[e + 8 /* lastSeqRel */] + ((seq - st.epu[e * 2 + EPU + 3 /* lastSeqRaw */]) | 0);

  // ---- history ----
  const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
  if (bits > 1) {
    if (fin && rst) checkHistoryDir(st, slot, dir, HIST.FIN_RST, L_I);
    else checkHistoryDir(st, slot, dir, HIST.MULTI_FLAG, L_Q);
  } else if (bits === 1) {
    if (syn) {
      const code = ackf ? L_H : L_S;
      if (
        checkHistoryDir(st, slot, dir, HIST.SYN, code) &&
        relSeq >>> 0 !== st.epu[e * 2 + EPU + 6 /* histLastSyn */]
      )
        addHistoryDir(st, slot, dir, code);
      st.epu[e * 2 + EPU + 6 /* histLastSyn */] = relSeq >>> 0;
    }
    if (fin) {
      // a FIN's sequence number counts at the end of the data it carries
      if (
        checkHistoryDir(st, slot, dir, HIST.FIN, L_F) &&
        (relSeq + len) >>> 0 !== st.epu[e * 2 + EPU + 7 /* histLastFin */]
      )
        addHistoryDir(st, slot, dir, L_F);
      st.epu[e * 2 + EPU + 7 /* histLastFin */] = (relSeq + len) >>> 0;
    }
    if (rst) {
      if (
        checkHistoryDir(st, slot, dir, HIST.RST, L_R) &&
        relSeq >>> 0 !== st.epu[e * 2 + EPU + 8 /* histLastRst */]
      )
        addHistoryDir(st, slot, dir, L_R);
      st.epu[e * 2 + EPU + 8 /* histLastRst */] = relSeq >>> 0;
    }
  } else if (len > 0) checkHistoryDir(st, slot, dir, HIST.DATA, L_D);
  else if (ackf) checkHistoryDir(st, slot, dir, HIST.ACK, L_A);

  // ---- zero window (not with/after a RST, nor once the peer closed) ----
  if (
    window === 0 &&
    !rst &&
    st.epu[p * 2 + EPU + 0 /* state */] !== TCP_STATE.CLOSED &&
    st.epu[e * 2 + EPU + 0 /* state */] !== TCP_STATE.RESET
  ) {
    scaledHistory(st, slot, dir, L_W, e, 11 /* win0Count */);
  }

  // duration stops at the last packet before both sides closed (trailing ACKs are not productive)
  if (
    st.epu[st.endpoint(slot, 0) * 2 + EPU + 13 /* didClose */] === 0 ||
    st.epu[st.endpoint(slot, 1) * 2 + EPU + 13 /* didClose */] === 0
  )
    st.ff[slot * st.r8 + 2 /* lastProductiveTs */] = ts;

  if (fin) st.epu[e * 2 + EPU + 5 /* finCount */] += 1;

  // ---- acknowledgements: set up or advance the peer's acked sequence ----
  if (ackf) {
    if (st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.INACTIVE) {
      const base = (ack - 1) >>> 0;
      st.epu[p * 2 + EPU + 2 /* startSeq */] = base;
      st.epu[p * 2 + EPU + 4 /* ackSeqRaw */] = base;
      st.epf[p + 9 /* ackSeqRel */] = 0;
      st.epu[p * 2 + EPU + 3 /* lastSeqRaw */] = base;
      st.epf[p + 8 /* lastSeqRel */] = 0;
    } else if (!rst) {
      const delta = (ack - st.epu[p * 2 + EPU + 4 /* ackSeqRaw */]) | 0;
      const relAck = st.epf[p + 9 /* ackSeqRel */] + delta;
      if (relAck >= 0 && delta > 0 && !(ack === 0 && delta > TOO_LARGE_SEQ_DELTA)) {
        st.epu[p * 2 + EPU + 4 /* ackSeqRaw */] = ack;
        st.epf[p + 9 /* ackSeqRel */] = relAck;
      }
    }
  }

  // ---- last sequence number (retransmissions) ----
  const deltaLast = (seqOnePast - st.epu[e * 2 + EPU + 3 /* lastSeqRaw */]) | 0;
  if ((syn || rst) && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
    // implausible jump on a SYN/RST: ignore
  } else if (fin && st.epf[e + 8 /* lastSeqRel */] === 1) {
    st.epu[e * 2 + EPU + 3 /* lastSeqRaw */] = seqOnePast;
    st.epf[e + 8 /* lastSeqRel */] += deltaLast;
  } else if (st.epu[e * 2 + EPU + 0 /* state */] === TCP_STATE.RESET) {
    // sequence numbers after a RST are not trusted
  } else if (deltaLast > 0) {
    st.epu[e * 2 + EPU + 3 /* lastSeqRaw */] = seqOnePast;
    st.epf[e + 8 /* lastSeqRel */] += deltaLast;
  } else if (len > 0) {
    scaledHistory(st, slot, dir, L_T, e, 9 /* rxmtCount */);
  }

  // ---- the endpoint state machine ----
  const isOrig = dir === 0;
  let doClose = false;
  switch (st.epu[e * 2 + EPU + 0 /* state */]) {
    case TCP_STATE.INACTIVE: {
      if (syn) {
        if (isOrig) setState(st, e, ackf ? TCP_STATE.SYN_ACK_SENT : TCP_STATE.SYN_SENT);
        else {
          if (
            !ackf &&
            st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.SYN_ACK_SENT &&
            seq === st.epu[e * 2 + EPU + 2 /* startSeq */]
          ) {
            // SYN/SYN-ACK reversal: the "originator" sent the SYN-ACK; flip roles and establish
            st.flip(slot);
            dir = 1 - dir;
            const t = e;
            e = p;
            p = t;
            setState(st, p, TCP_STATE.ESTABLISHED);
          }
          if (st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.SYN_SENT)
            setState(st, p, TCP_STATE.ESTABLISHED);
          setState(st, e, TCP_STATE.ESTABLISHED);
        }
      }
      if (fin) {
        setState(st, e, TCP_STATE.CLOSED);
        doClose = true;
      }
      if (rst) {
        setState(st, e, TCP_STATE.RESET);
        doClose = true;
      }
      if (st.epu[e * 2 + EPU + 0 /* state */] === TCP_STATE.INACTIVE) {
        const origState = st.epu[st.endpoint(slot, 0) * 2 + EPU + 0 /* state */];
        if (dir === 1 && len === 0 && origState === TCP_STATE.SYN_SENT) {
          // an ACK of the SYN before the SYN-ACK: not a partial connection
        } else if (ackf && st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.ESTABLISHED) {
          setState(st, e, TCP_STATE.ESTABLISHED); // missed the initial SYN; SYN-ACK seen
        } else setState(st, e, TCP_STATE.PARTIAL);
      }
      break;
    }
    case TCP_STATE.SYN_SENT:
    case TCP_STATE.SYN_ACK_SENT:
      if (fin) {
        setState(st, e, TCP_STATE.CLOSED);
        doClose = true;
      }
      if (rst) {
        setState(st, e, TCP_STATE.RESET);
        doClose = true;
      }
      break;
    case TCP_STATE.ESTABLISHED:
    case TCP_STATE.PARTIAL:
      if (
        syn &&
        st.epu[e * 2 + EPU + 0 /* state */] === TCP_STATE.PARTIAL &&
        st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.INACTIVE &&
        !ackf
      ) {
        setState(st, e, TCP_STATE.SYN_SENT);
      }
      if (fin && !rst) {
        setState(st, e, TCP_STATE.CLOSED);
        // the peer's FIN then RST was a normal termination after all
        if (
          st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.RESET &&
          st.epu[p * 2 + EPU + 1 /* prevState */] === TCP_STATE.CLOSED
        )
          setState(st, p, TCP_STATE.CLOSED);
        doClose = true;
      }
      if (rst) {
        setState(st, e, TCP_STATE.RESET);
        doClose = true;
      }
      break;
    case TCP_STATE.CLOSED:
      if (rst && st.epu[p * 2 + EPU + 0 /* state */] !== TCP_STATE.CLOSED) {
        setState(st, e, TCP_STATE.RESET);
        doClose = true;
      }
      break;
    default:
      break;
  }
  if (doClose) st.epu[e * 2 + EPU + 13 /* didClose */] = 1;
  return dir;
}

/**
 * Payload bytes an endpoint sent, from sequence numbers (Zeek's TCP_Endpoint::Size): the larger of the
 * last sequence number sent and the last acked by the peer, less the SYN and FIN octets.
 */
export function tcpEndpointSize(st: FlowStore, slot: number, dir: number): number {
  const e = st.endpoint(slot, dir);
  const p = st.endpoint(slot, 1 - dir);
  if (
    st.epu[e * 2 + EPU + 1 /* prevState */] === TCP_STATE.SYN_SENT &&
    st.epu[e * 2 + EPU + 0 /* state */] === TCP_STATE.RESET &&
    st.epu[p * 2 + EPU + 0 /* state */] === TCP_STATE.INACTIVE &&
    st.epf[e + 9 /* ackSeqRel */] > 1
  ) {
    return 0; // a half-open connection discovered and aborted: the sequence numbers mean nothing
  }
  let size = Math.max(st.epf[e + 8 /* lastSeqRel */], st.epf[e + 9 /* ackSeqRel */]);
  if (size <= 0) return 0;
  size -= 1; // the SYN octet
  if (st.epu[e * 2 + EPU + 5 /* finCount */] > 0 && size !== 0) size -= 1; // the FIN octet
  return size;
}
