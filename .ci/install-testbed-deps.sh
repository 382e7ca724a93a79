#!/usr/bin/env bash
# Installs the Debian packages the IoT testbed (src/testbed, `vigil testbed`, test/e2e/testbed*.test.ts)
# needs: iproute2 (ip netns, ss, bridge), procps (sysctl, kill), mosquitto + clients, tcpdump, hping3,
# nmap, python3 (raw-socket ARP sender). Called by .ci/run. Without root or apt-get it only reports
# what is missing: the testbed tests then skip visibly.
set -euo pipefail
pkgs=(iproute2 procps mosquitto mosquitto-clients tcpdump hping3 nmap python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-testbed-deps: all present (${pkgs[*]})"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  echo "install-testbed-deps: installing ${missing[*]}"
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  # Debian enables and starts the packaged broker; the testbed runs its own inside a namespace.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now mosquitto >/dev/null 2>&1 || true; fi
else
  echo "install-testbed-deps: cannot install ${missing[*]} (not root or no apt-get); testbed tests skip visibly"
fi
