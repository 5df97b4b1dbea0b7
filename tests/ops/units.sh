#!/usr/bin/env bash
# The installed units pass `systemd-analyze verify` (their executable and man page included)
# and keep their sandbox: `systemd-analyze security --offline=yes` exposure at most 1.5 for
# the system units, and none of them turns on what would break the claude CLI.
source "$(dirname "$0")/lib.sh"
command -v systemd-analyze >/dev/null || { echo "FAIL: systemd-analyze not found (package systemd)"; exit 1; }

root="$work/root"
install_into "$root" /usr
# verify runs `man ytmonitor(1)` for Documentation=: it finds the installed page here.
export MANPATH="$root/usr/share/man"
man_check=()
command -v man >/dev/null || { man_check=(--man=no); echo "skipped: Documentation=man: check (no man; package man-db)"; }
mkdir -p "$work/system" "$work/user" "$work/run"
chmod 700 "$work/run"
export XDG_RUNTIME_DIR="$work/run"  # a user manager needs one, even for verify

# Copies whose executable is the installed one: verify checks that ExecStart= exists.
for unit in ytmonitor.service ytmonitor@.service; do
  sed "s#/usr/bin/ytmonitor#$root/usr/bin/ytmonitor#g" "$root/usr/lib/systemd/system/$unit" >"$work/system/$unit"
done
sed "s#/usr/bin/ytmonitor#$root/usr/bin/ytmonitor#g" "$root/usr/lib/systemd/user/ytmonitor.service" \
  >"$work/user/ytmonitor.service"

# verify FILE [--user]: silent and successful, or a failure with what it said.
verify() {
  local out
  if out=$(systemd-analyze verify "${man_check[@]}" "${@:2}" "$1" 2>&1) && [[ -z "$out" ]]; then
    pass "verify ${1#"$work"/}"
  else
    fail "systemd-analyze verify ${1#"$work"/}: ${out:-exit status $?}"
  fi
}
verify "$work/system/ytmonitor.service"
verify "$work/system/ytmonitor@alice.service"  # an instance of the template beside it
verify "$work/user/ytmonitor.service" --user

# The check has teeth: a unit whose executable is missing does not pass.
sed "s#$root/usr/bin/ytmonitor#$work/missing/ytmonitor#" "$work/system/ytmonitor.service" >"$work/broken.service"
if systemd-analyze verify "$work/broken.service" >/dev/null 2>&1; then
  fail "verify accepted a unit whose executable does not exist"
fi

# exposure FILE [--user]: the "Overall exposure level" figure.
exposure() {
  local out
  out=$(systemd-analyze security --offline=yes "${@:2}" "$1" 2>&1) || true
  sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' <<<"$out"
}
check_exposure() {  # FILE LIMIT LABEL [--user]
  local figure
  figure=$(exposure "$1" "${@:4}")
  if [[ -z "$figure" ]]; then fail "no exposure figure for $3"; return; fi
  echo "exposure $3: $figure (limit $2)"
  awk -v f="$figure" -v l="$2" 'BEGIN { exit !(f <= l) }' || fail "$3 exposure $figure is above $2"
}
check_exposure "$work/system/ytmonitor.service" 1.5 "ytmonitor.service"
check_exposure "$work/system/ytmonitor@alice.service" 1.5 "ytmonitor@alice.service"
# The offline analysis scores a user unit as if it ran as root with every capability (3.6 here,
# 9.7 for the unit without its sandbox lines); the limit catches a lost sandbox.
check_exposure "$work/user/ytmonitor.service" 4.0 "user ytmonitor.service" --user

for unit in "$work"/system/ytmonitor.service "$work"/system/ytmonitor@.service "$work"/user/ytmonitor.service; do
  name=${unit#"$work"/}
  # Node.js (the claude CLI) and Deno need writable-executable memory.
  grep -Eiq '^MemoryDenyWriteExecute=(yes|true|on|1)' "$unit" && fail "$name sets MemoryDenyWriteExecute="
  grep -Eiq '^PrivateNetwork=(yes|true|on|1)' "$unit" && fail "$name sets PrivateNetwork="
  for setting in Type=notify NotifyAccess=main WatchdogSec= 'ExecReload=/bin/kill -HUP $MAINPID' \
    Restart=on-failure StartLimitBurst= ProtectSystem=strict NoNewPrivileges=yes; do
    grep -Fq "$setting" "$unit" || fail "$name lacks $setting"
  done
done
# In a system unit %h is /root, never the home of User=: the template must not use it.
grep -v '^#' "$work/system/ytmonitor@.service" | grep -q '%h' && fail "ytmonitor@.service uses %h"
grep -q '^User=ytmonitor$' "$work/system/ytmonitor.service" || fail "ytmonitor.service does not run as ytmonitor"
grep -q '^User=%i$' "$work/system/ytmonitor@.service" || fail "ytmonitor@.service does not run as %i"

finish
