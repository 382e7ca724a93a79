/**
 * Zeek's conn_state (scripts/base/protocols/conn/main.zeek, function conn_state) from the two TCP
 * endpoint states; UDP from which sides sent anything; everything else "OTH".
 */
import type { ConnState } from "../../schemas/flow.js";
import { TCP_STATE } from "./tcp-state.js";

/** The RSTOS0 history test: optional '^', 'S', no H/A/F/G/I/Q before an 'R'. */
const RSTOS0_HISTORY = /^\^?S[^HAFGIQ]*R.*$/;

export function tcpConnState(
  origState: number,
  respState: number,
  origSize: number,
  respSize: number,
  history: string,
): ConnState {
  const oInactive = origState === TCP_STATE.INACTIVE || origState === TCP_STATE.PARTIAL;
  const rInactive = respState === TCP_STATE.INACTIVE || respState === TCP_STATE.PARTIAL;
  if (respState === TCP_STATE.RESET) {
    if (
      origState === TCP_STATE.SYN_SENT ||
      origState === TCP_STATE.SYN_ACK_SENT ||
      (origState === TCP_STATE.RESET && origSize === 0 && respSize === 0)
    ) {
      return "REJ";
    }
    return oInactive ? "RSTRH" : "RSTR";
  }
  if (origState === TCP_STATE.RESET) {
    if (rInactive) return RSTOS0_HISTORY.test(history) ? "RSTOS0" : "OTH";
    return "RSTO";
  }
  if (respState === TCP_STATE.CLOSED && origState === TCP_STATE.CLOSED) return "SF";
  if (origState === TCP_STATE.CLOSED) return rInactive ? "SH" : "S2";
  if (respState === TCP_STATE.CLOSED) return oInactive ? "SHR" : "S3";
  if (origState === TCP_STATE.SYN_SENT && respState === TCP_STATE.INACTIVE) return "S0";
  if (origState === TCP_STATE.ESTABLISHED && respState === TCP_STATE.ESTABLISHED) return "S1";
  return "OTH";
}

/** UDP: a side is active when it sent at least one packet. */
export function udpConnState(origPkts: number, respPkts: number): ConnState {
  if (origPkts > 0) return respPkts > 0 ? "SF" : "S0";
  return respPkts > 0 ? "SHR" : "OTH";
}
