#!/usr/bin/env bash
# Regenerates the example records in Transcripts/: brings up a lab (docs/lab.md), replays the
# audit report's incident and runs every runbook with its scenario, one after another, copies each
# run's transcript (.jsonl) and report (.md) into Transcripts/ under the names lifeline gave them,
# and brings the lab down again, also when a step fails.
#
#   scripts/regenerate-transcripts.sh [LIFELINE_BINARY]     (default: .build/debug/lifeline)
#
# Scenarios, in this order on one lab:
#   ha-audit         every node on the softdog and proxmox cut off by the report's network fault
#   node-recovery    proxmox brought back (the network branch: the source line restored)
#   fencing-setup    proxmox moved from the softdog to iTCO_wdt (no BMC), with a planned reboot
#   storage-cleanup  TrueNas_NVMe filled to 92 % with old backups, pruned by its retention
#   failover-drill   proxmox2 (which runs the services recovered from proxmox) drained and back
#   delnode-readd    proxmox3 dead: removed (first record), reinstalled, joined again (second record)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-${LIFELINE_BINARY:-.build/debug/lifeline}}
# `lifeline lab` runs the lifeline-lab built next to it.
if [ ! -x "$BIN" ]; then swift build --product lifeline && swift build --product lifeline-lab; fi
BIN=$(realpath "$BIN")
OUT=$PWD/Transcripts
LAB=$(mktemp -d /tmp/lifeline-transcripts-lab.XXXXXX)
WORK=$(mktemp -d /tmp/lifeline-transcripts-work.XXXXXX)
cleanup() {
  "$BIN" lab down --dir "$LAB" >/dev/null 2>&1 || true
  rm -rf "$LAB" "$WORK"
}
trap cleanup EXIT

INVENTORY=$("$BIN" lab up --dir "$LAB" --time-scale 0.05 --first-address 127.81.0.1)
USER_NAME=$(sed -n 's/^defaults: {user: \([^,]*\),.*/\1/p' "$INVENTORY")
PORT=$(sed -n 's/^defaults: {.*port: \([0-9]*\),.*/\1/p' "$INVENTORY")
address() { sed -n "s/^  $1: *{host: \([^,}]*\).*/\1/p" "$INVENTORY"; }

# A simulated command on a node, without SSH (the same code the node's commands run).
sim() {
  local node=$1
  shift
  "$BIN" lab sim --state "$LAB" --node "$node" -- "$@"
}

# Waits (at most 2 minutes) until the command succeeds.
wait_until() {
  local what=$1
  shift
  for _ in $(seq 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "gave up waiting: $what" >&2
  return 1
}

ha_settled() {
  local status
  status=$(sim proxmox2 ha-manager status)
  ! grep -Eq "\\(($1),|, (fence|recovery|migrate|relocate)\\)" <<<"$status"
}

run() {
  echo "== lifeline run $*" >&2
  "$BIN" run "$@" --inventory "$INVENTORY" --transcripts "$WORK" --yes >"$WORK/last-run.log" 2>&1 || {
    tail -n 30 "$WORK/last-run.log" >&2
    return 1
  }
}

latest() { ls -t "$WORK"/*_"$1"_*.jsonl | head -n 1; }

keep() {
  local record
  record=$(latest "$1")
  "$BIN" transcript verify "$record" >&2
  cp "$record" "${record%.jsonl}.md" "$OUT/"
  echo "kept $(basename "$record")" >&2
}

mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl "$OUT"/*.md

# The report's cluster: softdog everywhere, and proxmox cut off by its network configuration.
"$BIN" lab fail all --mode no-watchdog --dir "$LAB"
"$BIN" lab fail proxmox --mode network --dir "$LAB"
wait_until "the HA services of proxmox recovered" ha_settled proxmox
run ha-audit
keep ha-audit

run node-recovery --node proxmox --set healthy=proxmox2
keep node-recovery

run fencing-setup --node proxmox --set module=iTCO_wdt --answer ask-install-ipmitool=no-bmc \
  --answer ask-other-watchdog=use-module --answer ask-reboot=reboot
keep fencing-setup

"$BIN" lab fail all --mode storage-full --dir "$LAB"
run storage-cleanup --node proxmox --set storage=TrueNas_NVMe --answer ask-disks=continue
keep storage-cleanup

wait_until "HA settled" ha_settled none
run failover-drill --node proxmox2 --set via=proxmox3
keep failover-drill

# proxmox3 dies for good: its HA services are recovered, its other guests' configs moved away
# by hand (as the runbook demands), and it is removed.
LINK0=$(address proxmox3)
"$BIN" lab fail proxmox3 --mode down --dir "$LAB"
wait_until "the HA services of proxmox3 recovered" ha_settled proxmox3
for kind in lxc qemu-server; do
  for conf in "$LAB"/pve/nodes/proxmox3/$kind/*.conf; do
    [ -e "$conf" ] && mv "$conf" "$LAB/pve/nodes/proxmox2/$kind/"
  done
done
run delnode-readd --node proxmox3 --set healthy=proxmox2 --set link0="$LINK0" --confirm-node proxmox3 \
  --answer ask-powered-off=off-for-good --answer ask-leftover=remove --answer ask-reinstall=later
keep delnode-readd

# Reinstalled: a new host key to trust, then the same runbook again; the operator joins the node
# in a terminal while the runbook waits for it.
"$BIN" lab fail proxmox3 --mode reinstall --dir "$LAB"
KNOWN_HOSTS=$LAB/known_hosts
if [ "$PORT" = 22 ]; then host_entry=$LINK0; else host_entry="[$LINK0]:$PORT"; fi
ssh-keygen -R "$host_entry" -f "$KNOWN_HOSTS" >/dev/null 2>&1
"$BIN" trust proxmox3 --inventory "$INVENTORY" --transcripts "$WORK" --yes >&2
before=$(latest delnode-readd)
run delnode-readd --node proxmox3 --set healthy=proxmox2 --set link0="$LINK0" \
  --answer ask-reinstall=ready --answer ask-join=joined &
runner=$!
joined_waiting() {
  local record
  record=$(latest delnode-readd)
  [ "$record" != "$before" ] && grep -q '"type":"step.start","step":"wait-joined"' "$record"
}
wait_until "the runbook waiting for the join" joined_waiting
printf 'root-password\nyes\n' | ssh -i "$LAB/client_ed25519" -o UserKnownHostsFile="$KNOWN_HOSTS" \
  -o BatchMode=yes -p "$PORT" "$USER_NAME@$LINK0" "cd / && pvecm add $(address proxmox2) --link0 $LINK0" >&2
wait "$runner"
keep delnode-readd

echo "Transcripts/ now holds:" >&2
ls -1 "$OUT" >&2
