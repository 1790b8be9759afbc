#!/usr/bin/env bash
# `make demo`: the report's incident, replayed in the lab and recovered with node-recovery.
#
# Brings up a three-node lab cluster (docs/lab.md), breaks node `proxmox` the way the audit
# report describes (its /etc/network/interfaces lost the `source /etc/network/interfaces.d/*`
# line, so its cluster link is down and it left the quorum), then:
# - on a terminal: opens the console with node-recovery loaded for proxmox;
# - without one: runs node-recovery with `lifeline run --yes` and prints the report's path.
# The lab stays up afterwards so you can look around; `lifeline lab down` removes it.
set -euo pipefail

BIN=${1:-.build/release/lifeline}
LAB_DIR=${LIFELINE_LAB_DIR:-$PWD/lab}
TRANSCRIPTS=${LIFELINE_DEMO_TRANSCRIPTS:-$LAB_DIR/transcripts}

"$BIN" lab down --dir "$LAB_DIR" >/dev/null 2>&1 || true
INVENTORY=$("$BIN" lab up --dir "$LAB_DIR" --time-scale 0.1)
"$BIN" lab fail proxmox --mode network --dir "$LAB_DIR"
mkdir -p "$TRANSCRIPTS"

echo
echo "The lab is up: $INVENTORY"
echo "proxmox has lost its cluster network, as in the audit report. Recovering it with node-recovery."
echo

if [ -t 0 ] && [ -t 1 ]; then
  exec "$BIN" repl --inventory "$INVENTORY" --transcripts "$TRANSCRIPTS" \
    --load node-recovery --node proxmox
fi

status=0
"$BIN" run node-recovery --node proxmox \
  --inventory "$INVENTORY" --transcripts "$TRANSCRIPTS" --yes || status=$?
report=$(ls -t "$TRANSCRIPTS"/*node-recovery*.md 2>/dev/null | head -n 1)
echo
echo "Rendered report: ${report:-none written}"
echo "The lab is still up (lifeline lab status --dir $LAB_DIR); remove it with: $BIN lab down --dir $LAB_DIR"
exit "$status"
