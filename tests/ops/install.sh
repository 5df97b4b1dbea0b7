#!/usr/bin/env bash
# cmake --install into a temporary root: every file where Debian expects it, units that name
# the installed executable, a man page that renders, a sysusers entry that creates the user,
# and an edited /etc/ytmonitor/config.yaml that a second install leaves alone.
source "$(dirname "$0")/lib.sh"

root="$work/root"
install_into "$root" /usr

missing=0
while read -r f; do
  [[ -f "$root/$f" ]] || { fail "missing after install: /$f"; missing=$((missing + 1)); }
done < <(expected_files)
((missing)) || pass "all $(expected_files | wc -l) expected files installed"
[[ -x "$root/usr/bin/ytmonitor" ]] || fail "/usr/bin/ytmonitor is not executable"

version=$("$root/usr/bin/ytmonitor" --version)
[[ "$version" == "ytmonitor $YTM_VERSION" ]] || fail "ytmonitor --version printed '$version'"

# The installed example configuration is valid as shipped.
if out=$("$root/usr/bin/ytmonitor" --config "$root/etc/ytmonitor/config.yaml" --state-dir "$work/state" \
  check-config 2>&1); then pass "installed config.yaml passes check-config"
else fail "installed config.yaml fails check-config: $out"; fi

for unit in usr/lib/systemd/system/ytmonitor.service usr/lib/systemd/system/ytmonitor@.service \
  usr/lib/systemd/user/ytmonitor.service; do
  grep -q '^ExecStart=/usr/bin/ytmonitor ' "$root/$unit" || fail "$unit does not start /usr/bin/ytmonitor"
done

# Man page: compressed, this version in its header, no groff warnings.
header=$(zcat "$root/usr/share/man/man1/ytmonitor.1.gz" | grep '^\.TH')
[[ "$header" == *"\"ytmonitor $YTM_VERSION\""* ]] || fail "man page header is '$header'"
if command -v groff >/dev/null; then
  warnings=$(zcat "$root/usr/share/man/man1/ytmonitor.1.gz" | groff -man -Tutf8 -ww -z 2>&1 || true)
  [[ -z "$warnings" ]] || fail "groff warns about the man page: $warnings"
else
  echo "skipped: man page rendering (no groff; package groff-base)"
fi
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS FILES "EXIT STATUS" SIGNALS "SEE ALSO"; do
  zcat "$root/usr/share/man/man1/ytmonitor.1.gz" | grep -q "^\.SH \"\?$section\"\?\$" || fail "man page has no $section"
done

# The sysusers entry creates a system user whose home is the state folder, without a shell.
if systemd-sysusers --root="$root" >"$work/sysusers.log" 2>&1; then
  entry=$(grep '^ytmonitor:' "$root/etc/passwd" || true)
  [[ "$entry" =~ ^ytmonitor:x:([0-9]+):[0-9]+:[^:]*:/var/lib/ytmonitor:/usr/sbin/nologin$ ]] ||
    fail "sysusers made '$entry'"
  ((${BASH_REMATCH[1]:-1000} < 1000)) || fail "ytmonitor is not a system user: $entry"
else
  fail "systemd-sysusers --root failed: $(cat "$work/sysusers.log")"
fi

# Installing again (an upgrade from source) keeps the owner's configuration.
echo "# edited by the owner" >>"$root/etc/ytmonitor/config.yaml"
install_into "$root" /usr
grep -q '^# edited by the owner$' "$root/etc/ytmonitor/config.yaml" ||
  fail "a second install overwrote /etc/ytmonitor/config.yaml"

# Another prefix: the units follow it.
install_into "$work/local" /usr/local
[[ -x "$work/local/usr/local/bin/ytmonitor" ]] || fail "prefix /usr/local: no usr/local/bin/ytmonitor"
grep -q '^ExecStart=/usr/local/bin/ytmonitor ' "$work/local/usr/local/lib/systemd/system/ytmonitor.service" ||
  fail "prefix /usr/local: ytmonitor.service does not start /usr/local/bin/ytmonitor"

finish
