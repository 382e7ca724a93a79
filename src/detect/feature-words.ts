/**
 * Readable words for AfterImage feature names, so an alert can say why in a sentence:
 * "HH_jit_0.1_mean" -> "mean inter-arrival time between this host pair over the last ~10 s".
 * Kitsune's decay rates correspond to time windows of about 100 ms, 500 ms, 1.5 s, 10 s and 1 min
 * (Mirsky et al. 2018, section IV-B): a stream's weight halves after 1/lambda seconds.
 */
const WINDOW: Record<string, string> = {
  "5": "~100 ms",
  "3": "~500 ms",
  "1": "~1.5 s",
  "0.1": "~10 s",
  "0.01": "~1 min",
};

const STAT: Record<string, string> = {
  weight: "packet rate",
  weight_0: "packet rate",
  mean: "mean packet size",
  mean_0: "mean packet size",
  std: "packet-size variance",
  std_0: "packet-size variance",
  radius_0_1: "combined size variance of both directions",
  magnitude_0_1: "combined mean size of both directions",
  covariance_0_1: "size covariance between the two directions",
  pcc_0_1: "size correlation between the two directions",
};

const SCOPE: Record<string, string> = {
  MI_dir: "sent by this MAC/IP",
  H: "sent by this host",
  HH: "between this host pair",
  HpHp: "between these two sockets (address+port)",
};

/** One line of words for a feature name; the name itself when it is not an AfterImage name. */
export function describeFeature(name: string): string {
  const jit = /^HH_jit_([0-9.]+)_(\w+)$/.exec(name);
  if (jit) {
    const stat =
      jit[2] === "weight"
        ? "packet rate"
        : jit[2] === "mean"
          ? "mean inter-arrival time"
          : "inter-arrival variance";
    return `${stat} between this host pair over the last ${WINDOW[jit[1]] ?? `1/${jit[1]} s`}`;
  }
  const m = /^(MI_dir|H|HH|HpHp)_([0-9.]+)_(\w+)$/.exec(name);
  if (!m) return name;
  const stat = STAT[m[3]] ?? m[3];
  return `${stat} ${SCOPE[m[1]]} over the last ${WINDOW[m[2]] ?? `1/${m[2]} s`}`;
}
