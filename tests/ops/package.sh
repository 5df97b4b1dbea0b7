#!/usr/bin/env bash
# cpack -G DEB builds a package with the right control data; dpkg installs it into a
# temporary root (maintainer scripts included, through DPKG_ROOT), the user gets created and
# the executable runs; a reinstall keeps an edited conffile; a purge removes the files.
source "$(dirname "$0")/lib.sh"
for tool in dpkg dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (packages dpkg, dpkg-dev)"; exit 1; }
done

"$YTM_CPACK" --config "$YTM_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; echo "FAIL: cpack -G DEB failed"; exit 1; }
deb="$work/pkg/ytmonitor_${YTM_VERSION}_$(dpkg --print-architecture).deb"
[[ -f "$deb" ]] || { ls "$work/pkg"; echo "FAIL: no $(basename "$deb")"; exit 1; }
pass "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

field() { dpkg-deb -f "$deb" "$1"; }
[[ "$(field Package)" == ytmonitor ]] || fail "Package: $(field Package)"
[[ "$(field Version)" == "$YTM_VERSION" ]] || fail "Version: $(field Version)"
depends=$(field Depends)
echo "Depends: $depends"
echo "Recommends: $(field Recommends)"
names() { tr ',|' '\n\n' <<<"$1" | sed 's/(.*//; s/ //g'; }
for dep in libc6 libstdc++6 systemd ca-certificates; do
  names "$depends" | grep -qxF "$dep" || fail "Depends lacks $dep"
done
for dep in yt-dlp ffmpeg; do
  names "$(field Recommends)" | grep -qxF "$dep" || fail "Recommends lacks $dep"
done
# Every dependency is a Debian 12 package: this machine (Debian 12) has each one installed, or
# one that provides it (libspdlog1.10 provides the libspdlog1.10-fmt9 its shlibs file names).
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}, ${Provides}\n' | sed -n 's/^installed //p' |
  tr ',' '\n' | sed 's/(.*//; s/ //g')
for dep in $(names "$depends"); do
  grep -qxF "$dep" <<<"$installed" || fail "dependency $dep is neither installed here nor provided by what is"
done

# Debian's own checker: no error and no warning (informational tags are overridden in
# packaging/lintian-overrides only where lintian misreads the binary).
command -v lintian >/dev/null || fail "lintian not found (package lintian)"
if command -v lintian >/dev/null; then
  lintian --fail-on error,warning "$deb" >"$work/lintian.log" 2>&1 ||
    fail "lintian found errors or warnings: $(grep -E '^[EW]: ' "$work/lintian.log" | tr '\n' ' ')"
  pass "lintian: no errors, no warnings"
fi

dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$work" ./conffiles
for f in /etc/ytmonitor/config.yaml /etc/ytmonitor/subscriptions.yaml; do
  grep -qx "$f" "$work/conffiles" || fail "$f is not a conffile"
done
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's#^\./##' >"$work/contents"
while read -r f; do
  grep -qx "$f" "$work/contents" || fail "package lacks /$f"
done < <(expected_files)
for f in usr/share/doc/ytmonitor/copyright usr/share/doc/ytmonitor/changelog.gz; do
  grep -qx "$f" "$work/contents" || fail "package lacks /$f"
done

# A throwaway dpkg root; the maintainer scripts run outside it with DPKG_ROOT set.
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg_root() {
  local force=(--force-script-chrootless --force-depends)
  ((EUID == 0)) || force+=(--force-not-root)
  dpkg --root="$root" "${force[@]}" "$@" >>"$work/dpkg.log" 2>&1 ||
    { cat "$work/dpkg.log"; fail "dpkg $*"; return 1; }
}
if dpkg_root -i "$deb"; then
  version=$("$root/usr/bin/ytmonitor" --version 2>&1) || true
  [[ "$version" == "ytmonitor $YTM_VERSION" ]] || fail "installed ytmonitor --version printed '$version'"
  grep -q '^ytmonitor:x:[0-9]*:[0-9]*:[^:]*:/var/lib/ytmonitor:' "$root/etc/passwd" ||
    fail "postinst did not create the user ytmonitor"
  grep -q '^ExecStart=/usr/bin/ytmonitor ' "$root/usr/lib/systemd/system/ytmonitor.service" ||
    fail "packaged ytmonitor.service does not start /usr/bin/ytmonitor"

  echo "# edited by the owner" >>"$root/etc/ytmonitor/config.yaml"
  dpkg_root -i "$deb" && grep -q '^# edited by the owner$' "$root/etc/ytmonitor/config.yaml" ||
    fail "reinstalling the package lost the edited /etc/ytmonitor/config.yaml"

  dpkg_root -P ytmonitor
  for f in usr/bin/ytmonitor usr/lib/systemd/system/ytmonitor.service etc/ytmonitor/config.yaml; do
    [[ ! -e "$root/$f" ]] || fail "/$f is still there after dpkg -P"
  done
fi

finish
