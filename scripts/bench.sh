#!/usr/bin/env bash
# `make bench`: Lifeline's performance against OpenSSH, Ansible, asyncssh and a bare libssh
# loop, on sshd servers of its own on loopback addresses. See BENCHMARKS.md.
#
#   scripts/bench.sh [PATH/TO/lifeline]          (default: .build/release/lifeline)
#
# Needs root (it starts sshd, creates the login user and installs missing Debian packages).
# Exits 0 when every target is met, 1 when any is missed (each one is named), 2 when the
# benchmark itself could not run. Settings (environment):
#   BENCH_RUNS=7          runs of each Lifeline measurement, the floor and the fast comparisons
#                         (at least 5), interleaved in rounds
#   BENCH_SLOW_RUNS=3     runs of the slow comparisons: ssh per command, ansible-playbook
#   BENCH_STEPS=200       steps of the per-step and transcript runbooks
#   BENCH_STREAM_MB=200   megabytes (10^6 bytes) of the streaming step
#   BENCH_ONLY="steps fanout stream startup transcript"   a subset of the sections
#                         ("serve": only start the servers and wait, for profiling by hand;
#                          "profile": perf and strace of Lifeline, see BENCHMARKS.md)
#   BENCH_USER=lifeline-bench   the login user (shell /bin/sh), created if missing
#   BENCH_PORT_BASE=22200 node i listens on 127.0.0.i, port BASE+i (i = 1..16)
#   BENCH_TMPDIR=/var/tmp where the scratch folder goes (a real disk, so fsync costs what it costs)
#   BENCH_REPORT=FILE     also write the Markdown results there
#   BENCH_KEEP=1          keep the scratch folder (logs, transcripts) for a post-mortem
set -euo pipefail
export LC_ALL=C.UTF-8 # one number format ($EPOCHREALTIME, awk, sort) and a UTF-8 locale for every tool

# ---------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HELPERS="$ROOT/scripts/bench"
BIN_ARG="${1:-.build/release/lifeline}"
case "$BIN_ARG" in /*) BIN="$BIN_ARG" ;; *) BIN="$(pwd)/$BIN_ARG" ;; esac
RUNS="${BENCH_RUNS:-7}"
SLOW_RUNS="${BENCH_SLOW_RUNS:-3}"
STEPS="${BENCH_STEPS:-200}"
STREAM_MB="${BENCH_STREAM_MB:-200}"
STREAM_BYTES=$((STREAM_MB * 1000000))
ONLY=" ${BENCH_ONLY:-steps fanout stream startup transcript} "
BENCH_USER="${BENCH_USER:-lifeline-bench}"
PORT_BASE="${BENCH_PORT_BASE:-22200}"
MAX_NODES=16
FANOUT_SIZES=(1 4 8 16)

# Targets (issue 9).
TARGET_FLOOR_RATIO=1.15    # Lifeline per 200 steps <= 1.15 x the bare libssh loop
TARGET_FANOUT_RATIO=3      # 16 nodes <= 3 x one node
TARGET_STREAM_SHARE=0.80   # >= 80 % of `ssh node cat` throughput
TARGET_STREAM_RSS_KB=$((64 * 1024))
TARGET_TRANSCRIPT_TEXT=1.1     # transcript bytes per output byte, text
TARGET_TRANSCRIPT_BINARY=1.4   # and binary (base64)
TARGET_STARTUP_MS=100

die() { echo "bench: $*" >&2; exit 2; }
note() { printf '\033[2m%s\033[0m\n' "$*" >&2; }
section() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
wants() { [[ "$ONLY" == *" $1 "* ]]; }

[ "$(id -u)" = 0 ] || die "run as root: it starts sshd servers, creates the user '$BENCH_USER' and installs packages"
[ "$RUNS" -ge 5 ] || die "BENCH_RUNS must be at least 5"
[ "$SLOW_RUNS" -ge 3 ] || die "BENCH_SLOW_RUNS must be at least 3"
[ -x "$BIN" ] || die "$BIN: no such executable (build it: swift build -c release --product lifeline)"
cd "$ROOT"
LOAD_START="$(cut -d' ' -f1 /proc/loadavg)"
unset SSH_AUTH_SOCK SSH_AGENT_PID # every client authenticates with the bench key only

# ---------------------------------------------------------------------------------------
# Debian packages: only the missing ones
# ---------------------------------------------------------------------------------------
PACKAGES=(openssh-server openssh-client time python3 python3-venv gcc libc6-dev libssh-dev pkg-config procps)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  section "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
SSHD=/usr/sbin/sshd # sshd re-execs itself: it must be started by its absolute path

# ---------------------------------------------------------------------------------------
# Scratch folder, clean-up
# ---------------------------------------------------------------------------------------
SCRATCH_PARENT="${BENCH_TMPDIR:-/var/tmp}"
W="$(mktemp -d "$SCRATCH_PARENT/lifeline-bench.XXXXXX")"
chmod 755 "$W" # the login user reads authorized_keys and the streaming file from here
SSHD_PIDS=()
CREATED_USER=""
cleanup() {
  local status=$?
  set +e
  for cp in "$W"/cm/* "$W"/ansible/cp-*/*; do
    [ -S "$cp" ] && ssh -o ControlPath="$cp" -O exit node1 >/dev/null 2>&1
  done
  for pid in "${SSHD_PIDS[@]}"; do
    # The listener, then any connection process it left (by parent PID).
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill "$child" 2>/dev/null; done
    kill "$pid" 2>/dev/null
  done
  for pid in "${SSHD_PIDS[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  if [ -n "${BENCH_KEEP:-}" ]; then
    echo "bench: kept $W" >&2
  else
    rm -rf "$W"
  fi
  if [ -n "$CREATED_USER" ]; then
    # userdel refuses while a session process of the user is still exiting: retry briefly.
    for _ in 1 2 3 4 5 6 7 8 9 10; do userdel -r "$CREATED_USER" >/dev/null 2>&1 && break; sleep 0.3; done
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$W"/{keys,sshd,srv,runbooks,inventories,tx,logs,res,cm,xdg,ansible,bin}
LOG="$W/logs"
RES="$W/res"
# What one synchronous 4 KiB append costs on the scratch disk: the unit of the transcript's fsyncs.
t0="$EPOCHREALTIME"
dd if=/dev/zero of="$W/dsync.test" bs=4k count=200 oflag=dsync status=none
DSYNC_MS="$(awk "BEGIN { printf \"%.2f\", ($EPOCHREALTIME - $t0) * 1000 / 200 }")"
rm -f "$W/dsync.test"

# ---------------------------------------------------------------------------------------
# The login user: shell /bin/sh, so no .bashrc is read per command
# ---------------------------------------------------------------------------------------
if ! id "$BENCH_USER" >/dev/null 2>&1; then
  useradd --system --create-home --home-dir "/var/lib/$BENCH_USER" --shell /bin/sh "$BENCH_USER"
  CREATED_USER="$BENCH_USER"
fi
[ "$(getent passwd "$BENCH_USER" | cut -d: -f7)" = /bin/sh ] || usermod -s /bin/sh "$BENCH_USER"
# useradd leaves '!' in the shadow file; with UsePAM no, sshd then refuses the account.
case "$(getent shadow "$BENCH_USER" | cut -d: -f2)" in '!'*) usermod -p '*' "$BENCH_USER" ;; esac
BENCH_HOME="$(getent passwd "$BENCH_USER" | cut -d: -f6)"
[ -d "$BENCH_HOME" ] || { mkdir -p "$BENCH_HOME" && chown "$BENCH_USER:" "$BENCH_HOME"; }

# ---------------------------------------------------------------------------------------
# Keys and sshd servers: node i on 127.0.0.i:PORT_BASE+i
# ---------------------------------------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C bench-host -f "$W/keys/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -C bench-client -f "$W/keys/client_ed25519"
cp "$W/keys/client_ed25519.pub" "$W/keys/authorized_keys"
chmod 755 "$W/keys"
chmod 644 "$W/keys/authorized_keys"
mkdir -p /run/sshd && chmod 755 /run/sshd
KEY="$W/keys/client_ed25519"
KNOWN="$W/keys/known_hosts"
SSHCFG="$W/ssh_config"

port_busy() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
for attempt in 0 1 2 3 4 5 6 7 8 9; do
  busy=""
  for i in $(seq 1 $MAX_NODES); do port_busy "127.0.0.$i" $((PORT_BASE + i)) && busy=1 && break; done
  [ -z "$busy" ] && break
  PORT_BASE=$((PORT_BASE + 100))
done
[ -z "$busy" ] || die "no free ports near ${BENCH_PORT_BASE:-22200}; set BENCH_PORT_BASE"

node_host() { echo "127.0.0.$1"; }
node_port() { echo $((PORT_BASE + $1)); }

: >"$KNOWN"
{
  echo "Host *"
  echo "  User $BENCH_USER"
  echo "  IdentityFile $KEY"
  echo "  IdentitiesOnly yes"
  echo "  IdentityAgent none"
  echo "  UserKnownHostsFile $KNOWN"
  echo "  GlobalKnownHostsFile /dev/null"
  echo "  StrictHostKeyChecking yes"
  echo "  BatchMode yes"
  echo "  LogLevel ERROR"
} >"$SSHCFG.common"
: >"$SSHCFG"
for i in $(seq 1 $MAX_NODES); do
  h="$(node_host "$i")"
  p="$(node_port "$i")"
  cat >"$W/sshd/node$i.conf" <<EOF
Port $p
ListenAddress $h
HostKey $W/keys/host_ed25519
PidFile $W/sshd/node$i.pid
AuthorizedKeysFile $W/keys/authorized_keys
AllowUsers $BENCH_USER
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 100:30:200
MaxSessions 100
# One key exchange, host key type and cipher for every client (libssh 0.10 would not
# negotiate OpenSSH 9.2's default sntrup761x25519, which costs ~100 ms more CPU per handshake).
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
HostKeyAlgorithms ssh-ed25519
Ciphers chacha20-poly1305@openssh.com
LogLevel INFO
EOF
  "$SSHD" -t -f "$W/sshd/node$i.conf" || die "sshd -t rejected $W/sshd/node$i.conf"
  "$SSHD" -D -f "$W/sshd/node$i.conf" -E "$W/sshd/node$i.log" &
  SSHD_PIDS+=($!)
  printf '[%s]:%s %s\n' "$h" "$p" "$(cut -d' ' -f1,2 "$W/keys/host_ed25519.pub")" >>"$KNOWN"
  printf 'Host node%s\n  HostName %s\n  Port %s\n' "$i" "$h" "$p" >>"$SSHCFG"
done
cat "$SSHCFG.common" >>"$SSHCFG"
for i in $(seq 1 $MAX_NODES); do
  for _ in $(seq 1 100); do port_busy "$(node_host "$i")" "$(node_port "$i")" && break; sleep 0.05; done
  port_busy "$(node_host "$i")" "$(node_port "$i")" || die "sshd node$i did not start: $(tail -3 "$W/sshd/node$i.log")"
done
SSH=(ssh -F "$SSHCFG")
"${SSH[@]}" -o ControlMaster=no -o ControlPath=none node1 true ||
  die "ssh to node1 fails: $(tail -5 "$W/sshd/node1.log")"

# ---------------------------------------------------------------------------------------
# Runbooks and inventories
# ---------------------------------------------------------------------------------------
write_inventory() { # N FILE
  {
    echo "cluster: bench"
    echo "defaults: {user: $BENCH_USER, identity: $KEY, known_hosts: $KNOWN, connect_timeout: 10s}"
    echo "nodes:"
    for i in $(seq 1 "$1"); do echo "  node$i: {host: $(node_host "$i"), port: $(node_port "$i")}"; done
  } >"$2"
}
for n in "${FANOUT_SIZES[@]}"; do write_inventory "$n" "$W/inventories/nodes$n.yaml"; done
INV1="$W/inventories/nodes1.yaml"

write_steps_runbook() { # NAME COUNT FILE
  {
    echo "name: $1"
    echo "title: $2 steps that each run true on one node"
    echo "steps:"
    for i in $(seq 1 "$2"); do printf '  - id: s%d\n    on: node1\n    run: "true"\n' "$i"; done
  } >"$3"
}
write_steps_runbook bench-smoke 3 "$W/runbooks/smoke.yaml"
write_steps_runbook bench-steps "$STEPS" "$W/runbooks/steps.yaml"
cat >"$W/runbooks/fanout.yaml" <<'EOF'
name: bench-fanout
title: One step on every node of the inventory
steps:
  - id: everywhere
    on: all
    run: "true"
EOF
DATA="$W/srv/stream.bin"
declare -A STREAM_SIZE=()
cat >"$W/runbooks/stream.yaml" <<EOF
name: bench-stream
title: One step that prints $STREAM_MB MB of incompressible bytes
steps:
  - id: stream
    on: node1
    run: cat $DATA
    timeout: 10m
EOF

# Lifeline's own state (history, config) stays in the scratch folder.
export XDG_CONFIG_HOME="$W/xdg/config" XDG_DATA_HOME="$W/xdg/data" XDG_STATE_HOME="$W/xdg/state" \
  XDG_CACHE_HOME="$W/xdg/cache"
LIFELINE=("$BIN")
lifeline() { "$BIN" "$@"; }
lifeline check "$W/runbooks/smoke.yaml" "$W/runbooks/steps.yaml" "$W/runbooks/fanout.yaml" \
  "$W/runbooks/stream.yaml" >"$LOG/check-generated.log" 2>&1 ||
  die "lifeline check rejects the generated runbooks: $(cat "$LOG/check-generated.log")"

# ---------------------------------------------------------------------------------------
# Timing: whole wall time of each command, in microseconds, appended to $RES/NAME
# ---------------------------------------------------------------------------------------
declare -A FAILED=() CAPPED=()
now_us() { local t="$EPOCHREALTIME"; echo "${t/./}"; }
# timed NAME RUNS COMMAND...   (BEFORE=/AFTER= functions run untimed around each run;
# OUT=FILE sends stdout there instead of the log; CAP_SECONDS=N skips the remaining runs once
# one run took longer than N s, so a pathological case cannot hold the whole benchmark hostage)
timed() {
  local name="$1" runs="$2"
  shift 2
  local i t0 t1 status
  for ((i = 1; i <= runs; i++)); do
    [ -n "${FAILED[$name]:-}${CAPPED[$name]:-}" ] && return 0
    [ -n "${BEFORE:-}" ] && "$BEFORE"
    t0=$(now_us)
    status=0
    "$@" >"${OUT:-$LOG/$name.out}" 2>"$LOG/$name.err" || status=$?
    t1=$(now_us)
    [ -n "${AFTER:-}" ] && "$AFTER"
    if [ "$status" != 0 ]; then
      FAILED[$name]="exit $status: $(tail -c 600 "$LOG/$name.err" | tail -3 | tr '\n' ' ')"
      return 0
    fi
    echo $((t1 - t0)) >>"$RES/$name"
    if [ -n "${CAP_SECONDS:-}" ] && [ $((t1 - t0)) -gt $((CAP_SECONDS * 1000000)) ]; then
      CAPPED[$name]="a run took more than ${CAP_SECONDS} s, so no further runs were made"
      break
    fi
  done
  [ -n "${SILENT:-}" ] || show_stat "$name"
}
show_stat() { # NAME: one line on stderr
  if [ -n "${FAILED[$1]:-}" ]; then
    note "  $1: FAILED (${FAILED[$1]})"
  else
    note "  $1: $(stat_line "$1")${CAPPED[$1]:+ ($1: ${CAPPED[$1]})}"
  fi
}
# min median max in milliseconds
stats() {
  [ -s "$RES/$1" ] || { echo "- - - 0"; return; }
  sort -n "$RES/$1" | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "%.1f %.1f %.1f %d\n", v[1]/1000, m/1000, v[NR]/1000, NR }'
}
median_ms() { stats "$1" | cut -d' ' -f2; }
stat_line() { stats "$1" | awk '{printf "min %s ms, median %s ms, max %s ms (%d runs)", $1, $2, $3, $4}'; }
ok() { [ -s "$RES/$1" ] && [ -z "${FAILED[$1]:-}" ]; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
MISSED=()
miss() { MISSED+=("$*"); }

# ---------------------------------------------------------------------------------------
# Tools for the comparisons
# ---------------------------------------------------------------------------------------
section "Setting up"
gcc -O2 -o "$W/bin/bare_libssh" "$HELPERS/bare_libssh.c" -lssh || die "cannot compile the bare libssh loop"
FLOOR=("$W/bin/bare_libssh")
floor() { "${FLOOR[@]}" "$(node_host "$1")" "$(node_port "$1")" "$BENCH_USER" "$KEY" "$KNOWN" "$2" "$3"; }
floor 1 1 true 2>/dev/null || die "the bare libssh loop cannot run a command on node1"

SMOKE_ERROR=""
if ! lifeline run "$W/runbooks/smoke.yaml" --inventory "$INV1" --transcripts "$W/tx" --yes \
  >"$LOG/smoke.out" 2>&1; then
  SMOKE_ERROR="$(grep -m1 -iE 'fail|error|✗' "$LOG/smoke.out" || tail -1 "$LOG/smoke.out")"
  note "lifeline run fails a 3-step runbook: $SMOKE_ERROR"
  note "(measuring the comparisons anyway; every Lifeline target counts as missed)"
fi
lifeline_ok() { [ -z "$SMOKE_ERROR" ]; }
rm -f "$W"/tx/*

VENV=""
if wants steps; then
  VENV="$W/venv"
  note "virtualenv with ansible-core and asyncssh (pip, into $VENV)"
  "$PYTHON" -m venv "$VENV" >/dev/null || die "python3 -m venv failed"
  "$VENV/bin/pip" install -q --no-cache-dir --disable-pip-version-check ansible-core asyncssh \
    >"$LOG/pip.log" 2>&1 || die "pip install failed: $(tail -5 "$LOG/pip.log")"
  # Ansible: 200 command tasks and 200 raw tasks; pipelining and ControlPersist on.
  A="$W/ansible"
  echo "node1" >"$A/hosts.ini"
  cat >"$A/ansible.cfg" <<EOF
[defaults]
inventory = $A/hosts.ini
gathering = explicit
retry_files_enabled = False
interpreter_python = /usr/bin/python3
local_tmp = $A/tmp
host_key_checking = True
forks = 5

[ssh_connection]
pipelining = True
ssh_args = -F $SSHCFG -o ControlMaster=auto -o ControlPersist=60s
EOF
  for module in command raw; do
    {
      echo "- hosts: node1"
      echo "  gather_facts: false"
      echo "  tasks:"
      for i in $(seq 1 "$STEPS"); do printf '    - name: s%d\n      %s: "true"\n' "$i" "$module"; done
    } >"$A/$module.yaml"
  done
fi

# A fresh ControlPersist folder per ansible run (no master survives from the last run), and
# the master stopped afterwards: every run pays its own connection.
ansible_fresh() { ANSIBLE_RUN_DIR="$(mktemp -d "$W/ansible/cp-XXXX")"; }
ansible_stop() {
  local s
  for s in "$ANSIBLE_RUN_DIR"/*; do
    [ -S "$s" ] && ssh -o ControlPath="$s" -O exit node1 >/dev/null 2>&1
  done
  return 0
}
ansible_run() { # MODULE
  env ANSIBLE_CONFIG="$W/ansible/ansible.cfg" ANSIBLE_HOME="$W/ansible/home" \
    ANSIBLE_SSH_CONTROL_PATH_DIR="$ANSIBLE_RUN_DIR" LC_ALL=C.UTF-8 \
    "$VENV/bin/ansible-playbook" "$W/ansible/$1.yaml"
}
ssh_each() { # COUNT COMMAND: a new connection per command
  local i
  for ((i = 0; i < $1; i++)); do "${SSH[@]}" -o ControlMaster=no -o ControlPath=none node1 "$2" || return 1; done
}
ssh_master() { # COUNT COMMAND: one ControlMaster, started and stopped inside the timing
  local i cp="$W/cm/m$RANDOM"
  "${SSH[@]}" -o ControlMaster=yes -o ControlPath="$cp" -o ControlPersist=yes -N -f node1 || return 1
  for ((i = 0; i < $1; i++)); do
    "${SSH[@]}" -o ControlMaster=no -o ControlPath="$cp" node1 "$2" || { "${SSH[@]}" -o ControlPath="$cp" -O exit node1 2>/dev/null; return 1; }
  done
  "${SSH[@]}" -o ControlPath="$cp" -O exit node1 2>/dev/null
}
asyncssh_loop() { # COUNT COMMAND
  "$VENV/bin/python" "$HELPERS/asyncssh_loop.py" "$(node_host 1)" "$(node_port 1)" "$BENCH_USER" "$KEY" "$KNOWN" "$1" "$2"
}
lifeline_run() { # RUNBOOK INVENTORY [FLAGS]
  local runbook="$1" inventory="$2"
  shift 2
  lifeline run "$runbook" --inventory "$inventory" --transcripts "$W/tx" --yes "$@"
}
clear_transcripts() { rm -f "$W"/tx/*; } # transcripts and the reports written next to them

# BENCH_ONLY=serve: set everything up, say where, and wait (for profiling by hand).
if wants serve; then
  head -c "$STREAM_BYTES" /dev/urandom >"$DATA" && chmod 644 "$DATA"
  echo "bench: serving; scratch folder $W (runbooks/, inventories/, ssh_config); stop with kill $$" >&2
  while :; do sleep 1; done
fi

# ---------------------------------------------------------------------------------------
# 1. Per-step overhead
# ---------------------------------------------------------------------------------------
if wants steps; then
  section "1. Per-step overhead: $STEPS steps of 'true' on one node"
  # The fast ones in rounds, so a burst of load from elsewhere hits them all alike.
  for ((round = 1; round <= RUNS; round++)); do
    SILENT=1 timed floor_steps 1 floor 1 "$STEPS" true
    if lifeline_ok; then
      SILENT=1 AFTER=clear_transcripts timed lifeline_steps 1 lifeline_run "$W/runbooks/steps.yaml" "$INV1"
    fi
    SILENT=1 timed asyncssh 1 asyncssh_loop "$STEPS" true
    SILENT=1 timed ssh_master 1 ssh_master "$STEPS" true
  done
  for name in floor_steps lifeline_steps asyncssh ssh_master; do show_stat "$name"; done
  BEFORE=ansible_fresh AFTER=ansible_stop timed ansible_raw "$SLOW_RUNS" ansible_run raw
  BEFORE=ansible_fresh AFTER=ansible_stop timed ansible_command "$SLOW_RUNS" ansible_run command
  timed ssh_each "$SLOW_RUNS" ssh_each "$STEPS" true
fi

# ---------------------------------------------------------------------------------------
# 2. Fan-out: one step on 1, 4, 8, 16 nodes
# ---------------------------------------------------------------------------------------
floor_parallel() { # N: N bare libssh processes, one command each, in parallel
  local i pids=() status=0
  for ((i = 1; i <= $1; i++)); do floor "$i" 1 true 2>/dev/null & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  return $status
}
ssh_parallel() { # N: N ssh clients, one command each, in parallel
  local i pids=() status=0
  for ((i = 1; i <= $1; i++)); do "${SSH[@]}" -o ControlMaster=no -o ControlPath=none "node$i" true & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  return $status
}
if wants fanout; then
  section "2. Fan-out: one step on ${FANOUT_SIZES[*]} nodes"
  for ((round = 1; round <= RUNS; round++)); do
    for n in "${FANOUT_SIZES[@]}"; do
      if lifeline_ok; then
        SILENT=1 AFTER=clear_transcripts timed "lifeline_fanout_$n" 1 lifeline_run "$W/runbooks/fanout.yaml" \
          "$W/inventories/nodes$n.yaml"
      fi
      SILENT=1 timed "floor_fanout_$n" 1 floor_parallel "$n"
      SILENT=1 timed "ssh_fanout_$n" 1 ssh_parallel "$n"
    done
  done
  for n in "${FANOUT_SIZES[@]}"; do
    for tool in lifeline floor ssh; do show_stat "${tool}_fanout_$n"; done
  done
fi

# ---------------------------------------------------------------------------------------
# 3. Streaming: one step printing STREAM_MB MB
# ---------------------------------------------------------------------------------------
# Two kinds of output, each in its own rounds: random bytes (binary: base64 in the transcript)
# and base64 text in lines of 76 (text: JSON-escaped newlines only). Names: *_stream (binary),
# *_stream_text (text).
declare -A STREAM_TRANSCRIPT_BYTES=()
STREAM_KIND=""
stream_after() {
  local f
  for f in "$W"/tx/*bench-stream*.jsonl; do
    [ -f "$f" ] && [ -z "${STREAM_TRANSCRIPT_BYTES[$STREAM_KIND]:-}" ] &&
      STREAM_TRANSCRIPT_BYTES[$STREAM_KIND]="$(stat -c %s "$f")"
  done
  clear_transcripts
}
rss() { # NAME COMMAND...: peak RSS (KiB) of COMMAND appended to $RES/NAME.rss
  local name="$1"
  shift
  /usr/bin/time -f %M -a -o "$RES/$name.rss" "$@"
}
make_stream_data() { # KIND: STREAM_BYTES of it in $DATA, in the page cache
  if [ "$1" = text ]; then
    head -c $((STREAM_BYTES / 77 * 57)) /dev/urandom | base64 -w 76 >"$DATA"
  else
    head -c "$STREAM_BYTES" /dev/urandom >"$DATA"
  fi
  chmod 644 "$DATA"
  cat "$DATA" >/dev/null
}
if wants stream; then
  for STREAM_KIND in binary text; do
    suffix=""
    [ "$STREAM_KIND" = text ] && suffix="_text"
    section "3. Streaming: $STREAM_MB MB of $STREAM_KIND output from one step"
    make_stream_data "$STREAM_KIND"
    STREAM_SIZE["$STREAM_KIND"]="$(stat -c %s "$DATA")"
    for ((round = 1; round <= RUNS; round++)); do
      SILENT=1 OUT=/dev/null timed "ssh_stream$suffix" 1 rss "ssh_stream$suffix" "${SSH[@]}" -o ControlMaster=no \
        -o ControlPath=none node1 cat "$DATA"
      SILENT=1 OUT=/dev/null timed "floor_stream$suffix" 1 rss "floor_stream$suffix" "${FLOOR[@]}" "$(node_host 1)" \
        "$(node_port 1)" "$BENCH_USER" "$KEY" "$KNOWN" 1 "cat $DATA"
      if lifeline_ok; then
        # CAP: a pathologically slow streaming path must not hold the whole benchmark hostage.
        SILENT=1 OUT=/dev/null AFTER=stream_after CAP_SECONDS=30 timed "lifeline_stream$suffix" 1 \
          rss "lifeline_stream$suffix" "${LIFELINE[@]}" run "$W/runbooks/stream.yaml" --inventory "$INV1" \
          --transcripts "$W/tx" --yes
      fi
    done
    for name in ssh_stream floor_stream lifeline_stream; do show_stat "$name$suffix"; done
    rm -f "$DATA"
  done
fi

# ---------------------------------------------------------------------------------------
# 4. Start-up
# ---------------------------------------------------------------------------------------
PROMPT_MODE=""
prompt_time() { # appends microseconds to $RES/lifeline_prompt
  local s
  s="$("$PYTHON" "$HELPERS/prompt_time.py" --timeout 5 -- "$@")" || return 3
  echo "$s" | awk '{ printf "%d\n", $1 * 1000000 }' >>"$RES/lifeline_prompt"
}
piped_quit() { printf 'quit\n' | lifeline --inventory "$INV1" --transcripts "$W/tx"; }
if wants startup; then
  section "4. Start-up"
  timed lifeline_version 10 lifeline --version
  if prompt_time "${LIFELINE[@]}" --inventory "$INV1" --transcripts "$W/tx" 2>"$LOG/prompt.err"; then
    PROMPT_MODE="pty"
    rm -f "$RES/lifeline_prompt" # the first run warmed the caches; measure 10 more
    for _ in $(seq 1 10); do
      prompt_time "${LIFELINE[@]}" --inventory "$INV1" --transcripts "$W/tx" 2>>"$LOG/prompt.err" ||
        { FAILED[lifeline_prompt]="no prompt"; break; }
    done
    note "  lifeline_prompt (pseudo-terminal, until the prompt shows): $(stat_line lifeline_prompt)"
  else
    PROMPT_MODE="piped"
    note "  no prompt on a terminal within 5 s ($(tail -c 300 "$LOG/prompt.err" | tr '\n' ' '))"
    note "  proxy: printf 'quit\\n' | lifeline --inventory … (whole run)"
    timed lifeline_prompt 10 piped_quit
  fi
  timed lifeline_check 10 lifeline check Runbooks/
  CHECK_STATUS=0
  lifeline check Runbooks/ >/dev/null 2>&1 || CHECK_STATUS=$?
  RUNBOOK_COUNT="$(find Runbooks -maxdepth 1 \( -name '*.yaml' -o -name '*.yml' \) | wc -l)"
fi

# ---------------------------------------------------------------------------------------
# 5. Transcript cost: with and without fsync, runs interleaved
# ---------------------------------------------------------------------------------------
if wants transcript && lifeline_ok; then
  section "5. Transcript cost: $STEPS steps with and without fsync"
  for _ in $(seq 1 "$RUNS"); do
    SILENT=1 AFTER=clear_transcripts timed lifeline_fsync 1 lifeline_run "$W/runbooks/steps.yaml" "$INV1"
    SILENT=1 AFTER=clear_transcripts timed lifeline_nofsync 1 lifeline_run "$W/runbooks/steps.yaml" "$INV1" --no-fsync
  done
  show_stat lifeline_fsync
  show_stat lifeline_nofsync
fi

# ---------------------------------------------------------------------------------------
# BENCH_ONLY=profile (not in the default run): where Lifeline's time goes, for BENCHMARKS.md.
# perf (software clock, works in VMs without hardware counters) on the streaming step at
# BENCH_PROFILE_MB (default 20) MB, its RSS over time, and strace on the 200-step runbook.
# Written to BENCH_PROFILE_DIR (default: the scratch folder, printed).
# ---------------------------------------------------------------------------------------
if wants profile && lifeline_ok; then
  section "Profile"
  command -v perf >/dev/null || { apt-get install -y -qq linux-perf >/dev/null 2>&1 || true; }
  command -v strace >/dev/null || { apt-get install -y -qq strace >/dev/null 2>&1 || true; }
  P="${BENCH_PROFILE_DIR:-$W/profile}"
  mkdir -p "$P"
  PROFILE_MB="${BENCH_PROFILE_MB:-20}"
  head -c $((PROFILE_MB * 1000000)) /dev/urandom >"$DATA" && chmod 644 "$DATA"
  if command -v perf >/dev/null && perf stat -e cpu-clock true >/dev/null 2>&1; then
    perf record -q -F 499 -g -o "$P/stream.perf" -- "$BIN" run "$W/runbooks/stream.yaml" --inventory "$INV1" \
      --transcripts "$W/tx" --yes >/dev/null 2>"$LOG/profile-perf.err" || true
    clear_transcripts
    # Inclusive share of the frames of Lifeline's own modules (and the regex engine).
    perf report -i "$P/stream.perf" --children --sort symbol -g none --stdio 2>/dev/null |
      grep -E '^ +[0-9.]+%' | grep -E 'Lifeline|lifeline|NSRegularExpression|ssh_channel_read|start_thread' |
      head -60 | cut -c1-200 >"$P/stream-perf.txt"
    note "  perf, streaming $PROFILE_MB MB: $P/stream-perf.txt"
  else
    note "  perf does not work here; skipped"
  fi
  # RSS every 100 ms while the streaming step runs and while the report is written afterwards.
  "$BIN" run "$W/runbooks/stream.yaml" --inventory "$INV1" --transcripts "$W/tx" --yes >/dev/null 2>&1 &
  pid=$!
  t0=$(now_us)
  : >"$P/stream-rss.txt"
  while kill -0 "$pid" 2>/dev/null; do
    echo "$(( ($(now_us) - t0) / 1000 )) ms $(awk '/VmRSS/ {print $2, $3}' "/proc/$pid/status" 2>/dev/null) transcript $(cat "$W"/tx/*.jsonl 2>/dev/null | wc -c) bytes" >>"$P/stream-rss.txt"
    sleep 0.1
  done
  wait "$pid" || true
  clear_transcripts
  rm -f "$DATA"
  note "  RSS over time: $P/stream-rss.txt"
  if command -v strace >/dev/null; then
    strace -f -c -w -o "$P/steps-strace-c.txt" "$BIN" run "$W/runbooks/steps.yaml" --inventory "$INV1" \
      --transcripts "$W/tx" --yes >/dev/null 2>&1 || true
    clear_transcripts
    strace -f -e trace=fsync,fdatasync -T -o "$P/steps-fsync.txt" "$BIN" run "$W/runbooks/steps.yaml" \
      --inventory "$INV1" --transcripts "$W/tx" --yes >/dev/null 2>&1 || true
    clear_transcripts
    awk -F'<' '/fsync/ {n++; t += $2} END {printf "%d fsync calls, %.1f ms in all, %.3f ms each on average\n", n, t*1000, n ? t*1000/n : 0}' \
      "$P/steps-fsync.txt" >"$P/steps-fsync-summary.txt"
    note "  strace, $STEPS steps: $P/steps-strace-c.txt, $(cat "$P/steps-fsync-summary.txt")"
  fi
  [ -z "${BENCH_PROFILE_DIR:-}" ] && BENCH_KEEP=1
fi

# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------
REPORT="$W/report.md"
cell() { # NAME: "min / median / max" in ms, or why not
  if [ -n "${FAILED[$1]:-}" ]; then
    echo "failed: ${FAILED[$1]}"
  elif [ -s "$RES/$1" ]; then
    stats "$1" | awk '{printf "%s / **%s** / %s", $1, $2, $3}'
  else
    echo "not measured"
  fi
}
runs_of() { stats "$1" | cut -d' ' -f4; }
{
  echo "### Machine"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| Date | $(date -u +%Y-%m-%dT%H:%MZ) |"
  echo "| CPU | $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores |"
  echo "| Memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) |"
  echo "| Kernel | $(uname -sr) |"
  echo "| Load average (1 min) at start / end | $LOAD_START / $(cut -d' ' -f1 /proc/loadavg) |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME") ($(cat /etc/debian_version 2>/dev/null)) |"
  echo "| Scratch filesystem | $(df -T "$W" | awk 'NR==2 {print $2}') on $(df "$W" | awk 'NR==2 {print $1}'), $DSYNC_MS ms per synchronous 4 KiB write (\`dd oflag=dsync\`) |"
  echo "| Swift | $(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*' || echo unknown) |"
  echo "| Lifeline | $(lifeline --version 2>&1 | head -1), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + uncommitted changes') |"
  echo "| OpenSSH | $(ssh -V 2>&1) (client and server) |"
  echo "| libssh | $(dpkg-query -W -f='${Version}' libssh-4 2>/dev/null) |"
  if [ -n "$VENV" ]; then
    echo "| ansible-core | $("$VENV/bin/ansible" --version 2>/dev/null | head -1 | sed 's/.*core \([^]]*\)\]/\1/') (Python $("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')) |"
    echo "| asyncssh | $("$VENV/bin/python" -c 'import asyncssh; print(asyncssh.__version__)' 2>/dev/null) |"
  fi
  echo "| Key exchange / cipher | curve25519-sha256, ssh-ed25519 host key, chacha20-poly1305 (pinned in sshd_config for every client) |"
  echo "| Login shell | /bin/sh (dash) for the user $BENCH_USER |"
  echo
  echo "Times are whole wall-clock times of each tool's process (start-up and connection included), in ms: min / **median** / max."
  echo

  if wants steps; then
    echo "### 1. Per-step overhead: $STEPS steps of \`true\` on one node"
    echo
    echo "| Tool | Runs | Total (ms) min / **median** / max | ms per step (median) | Lifeline ÷ tool |"
    echo "|---|---|---|---|---|"
    lm="$(ok lifeline_steps && median_ms lifeline_steps || echo)"
    for row in "lifeline_steps|Lifeline \`lifeline run\` (transcript with fsync)" \
      "floor_steps|(e) bare libssh loop, one session (floor)" \
      "ssh_each|(a) OpenSSH \`ssh\`, new connection per command" \
      "ssh_master|(b) OpenSSH ControlMaster (master start and stop included)" \
      "ansible_command|(c) ansible-playbook, $STEPS \`command\` tasks" \
      "ansible_raw|(c) ansible-playbook, $STEPS \`raw\` tasks" \
      "asyncssh|(d) asyncssh, one connection"; do
      name="${row%%|*}"
      label="${row#*|}"
      if ok "$name"; then
        m="$(median_ms "$name")"
        ratio="–"
        [ -n "$lm" ] && [ "$name" != lifeline_steps ] && ratio="$(calc "$lm / $m" 2)"
        echo "| $label | $(runs_of "$name") | $(cell "$name") | $(calc "$m / $STEPS" 2) | $ratio |"
      else
        echo "| $label | 0 | $(cell "$name") | – | – |"
      fi
    done
    echo
  fi

  if wants fanout; then
    echo "### 2. Fan-out: one step of \`true\` on N nodes (separate sshd processes), first connections included"
    echo
    echo "| Nodes | Lifeline (ms) min / **median** / max | Lifeline ÷ 1 node | bare libssh, N processes (ms) | ÷ 1 node | OpenSSH \`ssh\`, N in parallel (ms) | ÷ 1 node |"
    echo "|---|---|---|---|---|---|---|"
    for n in "${FANOUT_SIZES[@]}"; do
      row="| $n | $(cell "lifeline_fanout_$n") | "
      ok lifeline_fanout_1 && ok "lifeline_fanout_$n" && row+="$(calc "$(median_ms "lifeline_fanout_$n") / $(median_ms lifeline_fanout_1)" 2)×" || row+="–"
      row+=" | $(cell "floor_fanout_$n") | "
      ok floor_fanout_1 && ok "floor_fanout_$n" && row+="$(calc "$(median_ms "floor_fanout_$n") / $(median_ms floor_fanout_1)" 2)×" || row+="–"
      row+=" | $(cell "ssh_fanout_$n") | "
      ok ssh_fanout_1 && ok "ssh_fanout_$n" && row+="$(calc "$(median_ms "ssh_fanout_$n") / $(median_ms ssh_fanout_1)" 2)×" || row+="–"
      echo "$row |"
    done
    echo
  fi

  if wants stream; then
    for kind in binary text; do
      suffix=""
      label_kind="random bytes"
      [ "$kind" = text ] && suffix="_text" && label_kind="base64 text in lines of 76"
      echo "### 3. Streaming: one command printing $STREAM_MB MB ($label_kind, \`cat FILE\`), connection included"
      echo
      echo "| Tool | Time (ms) min / **median** / max | MB/s (median) | Share of OpenSSH | Peak RSS (MB) min–max |"
      echo "|---|---|---|---|---|"
      for row in "lifeline_stream|Lifeline \`lifeline run\` (transcript on, fsync on, output to /dev/null)" \
        "ssh_stream|OpenSSH \`ssh node cat FILE > /dev/null\`" \
        "floor_stream|bare libssh loop (one channel, output discarded)"; do
        name="${row%%|*}$suffix"
        label="${row#*|}"
        if ok "$name"; then
          m="$(median_ms "$name")"
          share="–"
          ok "ssh_stream$suffix" && share="$(calc "100 * $(median_ms "ssh_stream$suffix") / $m" 0) %"
          r="$(sort -n "$RES/$name.rss" | awk 'NR==1 {a=$1} {b=$1} END {printf "%.1f–%.1f", a/1024, b/1024}')"
          mbs="$(calc "${STREAM_SIZE[$kind]:-$STREAM_BYTES} / 1000 / $m" 1)"
          echo "| $label | $(cell "$name") | ${mbs%.0} | $share | $r |"
        else
          echo "| $label | $(cell "$name") | – | – | – |"
        fi
      done
      [ -n "${CAPPED[lifeline_stream$suffix]:-}" ] && {
        echo
        echo "Lifeline: ${CAPPED[lifeline_stream$suffix]} (BENCH_RUNS=$RUNS)."
      }
      if [ -n "${STREAM_TRANSCRIPT_BYTES[$kind]:-}" ]; then
        echo
        echo "Lifeline's transcript of that step: ${STREAM_TRANSCRIPT_BYTES[$kind]} bytes for ${STREAM_SIZE[$kind]} bytes of output ($(calc "${STREAM_TRANSCRIPT_BYTES[$kind]} / ${STREAM_SIZE[$kind]}" 3)×)."
      fi
      echo
    done
  fi

  if wants startup; then
    echo "### 4. Start-up"
    echo
    echo "| What | Runs | ms min / **median** / max |"
    echo "|---|---|---|"
    if [ "$PROMPT_MODE" = pty ]; then
      echo "| \`lifeline --inventory …\` on a pseudo-terminal until its prompt shows | $(runs_of lifeline_prompt) | $(cell lifeline_prompt) |"
    else
      echo "| \`printf 'quit\\n' \| lifeline --inventory …\` (proxy: no prompt on a terminal) | $(runs_of lifeline_prompt) | $(cell lifeline_prompt) |"
    fi
    echo "| \`lifeline check Runbooks/\` ($RUNBOOK_COUNT runbooks, exit status $CHECK_STATUS) | $(runs_of lifeline_check) | $(cell lifeline_check) |"
    echo "| \`lifeline --version\` (process start-up alone, for reference) | $(runs_of lifeline_version) | $(cell lifeline_version) |"
    echo
  fi

  if wants transcript; then
    echo "### 5. Transcript cost: $STEPS steps, runs interleaved"
    echo
    echo "| Transcript | Runs | Total (ms) min / **median** / max | ms per step (median) |"
    echo "|---|---|---|---|"
    for row in "lifeline_fsync|fsync'd (default)" "lifeline_nofsync|\`--no-fsync\`"; do
      name="${row%%|*}"
      if ok "$name"; then
        echo "| ${row#*|} | $(runs_of "$name") | $(cell "$name") | $(calc "$(median_ms "$name") / $STEPS" 2) |"
      else
        echo "| ${row#*|} | 0 | $(cell "$name") | – |"
      fi
    done
    if ok lifeline_fsync && ok lifeline_nofsync; then
      echo
      echo "fsync costs $(calc "($(median_ms lifeline_fsync) - $(median_ms lifeline_nofsync)) / $STEPS" 2) ms per step (difference of the medians)."
    fi
    echo
  fi
} >"$REPORT"

# ---------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------
[ -n "$SMOKE_ERROR" ] && miss "lifeline run does not work yet: $SMOKE_ERROR"
if wants steps; then
  if ok lifeline_steps && ok floor_steps; then
    r="$(calc "$(median_ms lifeline_steps) / $(median_ms floor_steps)" 2)"
    awk "BEGIN { exit !($r <= $TARGET_FLOOR_RATIO) }" ||
      miss "per-step: Lifeline takes ${r}× the bare libssh loop (target ≤ ${TARGET_FLOOR_RATIO}×)"
    for t in ssh_each ssh_master ansible_command ansible_raw asyncssh; do
      if ok "$t"; then
        awk "BEGIN { exit !($(median_ms lifeline_steps) < $(median_ms "$t")) }" ||
          miss "per-step: Lifeline ($(median_ms lifeline_steps) ms) is not faster than $t ($(median_ms "$t") ms)"
      fi
    done
  else
    miss "per-step: not measured (${FAILED[lifeline_steps]:-${FAILED[floor_steps]:-lifeline run unavailable}})"
  fi
fi
if wants fanout; then
  if ok lifeline_fanout_1 && ok lifeline_fanout_16; then
    r="$(calc "$(median_ms lifeline_fanout_16) / $(median_ms lifeline_fanout_1)" 2)"
    awk "BEGIN { exit !($r <= $TARGET_FANOUT_RATIO) }" ||
      miss "fan-out: 16 nodes take ${r}× one node (target ≤ ${TARGET_FANOUT_RATIO}×)"
  else
    miss "fan-out: not measured"
  fi
fi
if wants stream; then
  for kind in binary text; do
    suffix=""
    limit="$TARGET_TRANSCRIPT_BINARY"
    [ "$kind" = text ] && suffix="_text" && limit="$TARGET_TRANSCRIPT_TEXT"
    if ok "lifeline_stream$suffix" && ok "ssh_stream$suffix"; then
      share="$(calc "$(median_ms "ssh_stream$suffix") / $(median_ms "lifeline_stream$suffix")" 3)"
      awk "BEGIN { exit !($share >= $TARGET_STREAM_SHARE) }" ||
        miss "streaming ($kind): Lifeline reaches $(calc "100 * $share" 0) % of OpenSSH's throughput (target ≥ 80 %)"
      peak="$(sort -n "$RES/lifeline_stream$suffix.rss" | tail -1)"
      [ "$peak" -lt "$TARGET_STREAM_RSS_KB" ] ||
        miss "streaming ($kind): Lifeline's peak RSS is $(calc "$peak / 1024" 1) MB (target < 64 MB)"
      if [ -n "${STREAM_TRANSCRIPT_BYTES[$kind]:-}" ]; then
        t="$(calc "${STREAM_TRANSCRIPT_BYTES[$kind]} / ${STREAM_SIZE[$kind]}" 3)"
        awk "BEGIN { exit !($t <= $limit) }" ||
          miss "streaming ($kind): the transcript is ${t}× the output (target ≤ ${limit}×)"
      else
        miss "streaming ($kind): transcript size not measured"
      fi
    else
      miss "streaming ($kind): not measured (${FAILED[lifeline_stream$suffix]:-lifeline run unavailable})"
    fi
  done
fi
if wants startup; then
  for t in lifeline_prompt lifeline_check; do
    if ok "$t"; then
      awk "BEGIN { exit !($(median_ms "$t") < $TARGET_STARTUP_MS) }" ||
        miss "start-up: $t takes $(median_ms "$t") ms (target < $TARGET_STARTUP_MS ms)"
    else
      miss "start-up: $t not measured (${FAILED[$t]:-})"
    fi
  done
fi
if wants transcript && ! { ok lifeline_fsync && ok lifeline_nofsync; }; then
  miss "transcript cost: not measured"
fi
{
  echo "### Targets"
  echo
  if [ "${#MISSED[@]}" = 0 ] && ! wants steps && ! wants fanout && ! wants stream && ! wants startup; then
    echo "No target was measured in this run (BENCH_ONLY=${BENCH_ONLY:-})."
  elif [ "${#MISSED[@]}" = 0 ]; then
    echo "All targets met."
  else
    for m in "${MISSED[@]}"; do echo "- MISSED: $m"; done
  fi
  echo
  echo "### Every run (ms, in the order they ran)"
  echo
  echo "| Measurement | Runs |"
  echo "|---|---|"
  for f in "$RES"/*; do
    case "$f" in *.rss) continue ;; esac
    if [ -s "$f" ]; then echo "| $(basename "$f") | $(awk '{printf "%s%.0f", (NR > 1 ? ", " : ""), $1 / 1000}' "$f") |"; fi
  done
} >>"$REPORT"

echo
cat "$REPORT"
[ -n "${BENCH_REPORT:-}" ] && cp "$REPORT" "$BENCH_REPORT"
if [ "${#MISSED[@]}" -gt 0 ]; then
  echo >&2
  echo "bench: ${#MISSED[@]} target(s) missed:" >&2
  for m in "${MISSED[@]}"; do echo "  - $m" >&2; done
  exit 1
fi
exit 0
