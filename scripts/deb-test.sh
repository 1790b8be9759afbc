#!/bin/sh
# Installs a lifeline .deb into a fresh Debian 12 root (debootstrap, minbase, from Debian's
# own mirror) with apt, as an operator would on a Proxmox VE 8 host, and tries it there:
# `lifeline --version`, `lifeline check` of the installed runbooks, the runbook library found
# without ./Runbooks, the completions and the man page, and `lifeline run` of a runbook whose
# steps run on the local machine. `make deb-test`; run as root.
set -eu

deb=${1:?usage: deb-test.sh lifeline_VERSION_ARCH.deb}
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}

dir=$(mktemp -d /var/tmp/lifeline-deb-test.XXXXXX)
chmod 0755 "$dir"   # apt's downloads run as _apt, who must reach the root's /var/cache
mounted=""
cleanup() {
  for m in $mounted; do umount "$m" 2>/dev/null || umount -l "$m" || true; done
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
in_root() { chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

echo "debootstrap --variant=minbase $suite into $dir"
debootstrap --variant=minbase "$suite" "$dir" "$mirror" > "$dir.log" 2>&1 || { tail -n 20 "$dir.log" >&2; rm -f "$dir.log"; fail "debootstrap"; }
rm -f "$dir.log"

mount -t proc proc "$dir/proc" && mounted="$dir/proc"
cp "$deb" "$dir/tmp/lifeline.deb"

echo "apt-get install ./lifeline.deb"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/lifeline.deb > /dev/null \
  || fail "apt-get install of the package"
[ ! -e "$dir/opt/swift" ] || fail "the root has /opt/swift"
in_root sh -c 'ldd /usr/bin/lifeline' | grep -q "not found" && fail "a shared library is missing"

echo "lifeline --version"
version=$(in_root lifeline --version) || fail "lifeline --version"
echo "  $version"
case $version in lifeline\ *libssh*) ;; *) fail "unexpected version line: $version" ;; esac

echo "lifeline check /usr/share/lifeline/runbooks"
in_root lifeline check /usr/share/lifeline/runbooks || fail "lifeline check of the installed runbooks"

echo "lifeline show ha-audit (from /tmp, no ./Runbooks)"
in_root sh -c 'cd /tmp && lifeline show ha-audit' | grep -q "ha-audit" || fail "the installed runbook library is not found"

echo "completions and man page"
for f in /usr/share/bash-completion/completions/lifeline /usr/share/zsh/vendor-completions/_lifeline \
  /usr/share/fish/vendor_completions.d/lifeline.fish /usr/share/man/man1/lifeline.1.gz; do
  [ -s "$dir$f" ] || fail "missing $f"
done
in_root bash -c '. /usr/share/bash-completion/completions/lifeline && complete -p lifeline' > /dev/null \
  || fail "the bash completion does not load"
zcat "$dir/usr/share/man/man1/lifeline.1.gz" | grep -q '^\.Dt LIFELINE 1' || fail "the man page has no .Dt header"

echo "lifeline run of a local runbook"
cat > "$dir/tmp/local-check.yaml" <<'RUNBOOK'
name: local-check
title: Read this machine's OS release
steps:
  - id: os-release
    on: local
    run: cat /etc/os-release
    expect: {stdout: 'ID=debian'}
    capture:
      codename: 'VERSION_CODENAME=(\w+)'
  - id: say
    on: local
    run: echo codename {{ codename }}
    expect: {stdout: 'codename \w+'}
RUNBOOK
# `lifeline run` wants an inventory even when every step is local.
printf 'cluster: chroot\nnodes:\n  here: {host: 127.0.0.1}\n' > "$dir/tmp/inventory.yaml"
output=$(in_root sh -c 'cd /tmp && lifeline run local-check.yaml --inventory inventory.yaml --yes' 2>&1) || { echo "$output" >&2; fail "lifeline run"; }
printf '%s\n' "$output" | grep -q "codename $suite" || { echo "$output" >&2; fail "the run did not print the codename"; }
find "$dir/tmp" "$dir/root" -name '*local-check*.jsonl' | grep -q . || { echo "$output" >&2; fail "the run left no transcript"; }
echo "deb-test: ok ($(basename "$deb") on Debian $suite)"
