#!/bin/sh
# Measures the lab with real corosync, for docs/lab.md: how long `lab up --nodes N` takes, and
# how long after `lab fail proxmox --mode network` the survivors' corosync shows the new
# membership (Proxmox VE's real timing: --time-scale 1). Needs root. Usage:
#   scripts/lab-timing.sh [LIFELINE_BINARY] [NODES...]
set -eu
lifeline=${1:-.build/debug/lifeline}
shift || true
[ $# -gt 0 ] || set -- 3 16
for nodes in "$@"; do
  dir=$(mktemp -d /tmp/lifeline-lab-timing.XXXXXX)
  first="127.$((150 + $$ % 50)).$((nodes % 250)).1"
  start=$(date +%s.%N)
  "$lifeline" lab up --dir "$dir" --nodes "$nodes" --first-address "$first" >/dev/null 2>&1
  up=$(date +%s.%N)
  "$lifeline" lab fail proxmox --mode network --dir "$dir" >/dev/null
  failed=$(date +%s.%N)
  until nsenter --net="$dir/netns/proxmox2" corosync-quorumtool -s -p | grep -q "^Total votes: *$((nodes - 1))\$"; do
    sleep 0.05
  done
  seen=$(date +%s.%N)
  "$lifeline" lab down --dir "$dir" >/dev/null
  awk -v n="$nodes" -v a="$start" -v b="$up" -v c="$failed" -v d="$seen" \
    'BEGIN { printf "nodes=%d lab_up=%.1fs membership_after_network_fault=%.1fs\n", n, b - a, d - c }'
done
