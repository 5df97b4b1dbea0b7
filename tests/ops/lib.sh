# Shared by the tests/ops scripts: environment from tests/ops/CMakeLists.txt, a temporary
# folder removed on exit, assertions that say what was expected.
set -euo pipefail
shopt -s nullglob

for var in YTM_CMAKE YTM_CPACK YTM_BUILD_DIR YTM_SOURCE_DIR YTM_BINARY YTM_VERSION; do
  [[ -n "${!var:-}" ]] || { echo "FAIL: $var is not set (run through ctest)"; exit 1; }
done
[[ -x "$YTM_BINARY" ]] || { echo "FAIL: $YTM_BINARY is not built: cmake --build BUILD --target ytmonitor"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ytm-ops.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() {
  if ((failures)); then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"
}

# install_into ROOT PREFIX: cmake --install of the build folder into ROOT (as DESTDIR).
install_into() {
  DESTDIR="$1" "$YTM_CMAKE" --install "$YTM_BUILD_DIR" --prefix "$2" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log"; echo "FAIL: cmake --install into $1 failed"; exit 1; }
}

# The files an install must contain, relative to the root, for prefix /usr.
expected_files() {
  printf '%s\n' usr/bin/ytmonitor \
    usr/lib/systemd/system/ytmonitor.service usr/lib/systemd/system/ytmonitor@.service \
    usr/lib/systemd/user/ytmonitor.service usr/lib/sysusers.d/ytmonitor.conf \
    usr/share/man/man1/ytmonitor.1.gz \
    usr/share/doc/ytmonitor/operations.md usr/share/doc/ytmonitor/troubleshooting.md \
    usr/share/doc/ytmonitor/examples/config.yaml usr/share/doc/ytmonitor/examples/subscriptions.yaml \
    etc/ytmonitor/config.yaml etc/ytmonitor/subscriptions.yaml
  local f
  for f in "$YTM_SOURCE_DIR"/config/prompts/*; do
    echo "usr/share/doc/ytmonitor/examples/prompts/$(basename "$f")"
  done
  for f in "$YTM_SOURCE_DIR"/docs/*.md; do
    echo "usr/share/doc/ytmonitor/$(basename "$f")"
  done
}
