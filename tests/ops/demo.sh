#!/usr/bin/env bash
# `make demo` as a newcomer runs it, end to end: the stand-ins start, the daemon polls both
# channels, two videos are published and come out as documents, and everything it started is
# gone afterwards (DEMO_ONCE=1 stops it once the documents are there).
source "$(dirname "$0")/lib.sh"
unset MAKEFLAGS MAKELEVEL MFLAGS  # ctest may run under `make test`: this make is a make of its own
demo="$work/demo"
started=$(date +%s)
if ! make -C "$YTM_SOURCE_DIR" --no-print-directory demo BUILD="$YTM_BUILD_DIR" DEMO_DIR="$demo" DEMO_ONCE=1 \
  >"$work/demo.log" 2>&1; then
  cat "$work/demo.log"
  echo "FAIL: make demo failed"
  exit 1
fi
seconds=$(($(date +%s) - started))
out=$(grep '^demo: ' "$work/demo.log")
echo "$out"
echo "make demo took ${seconds} s"
grep -q '^demo: status page on http://127.0.0.1:[0-9]*/$' <<<"$out" || fail "no status page address"
grep -q '^demo: 2 documents written:$' <<<"$out" || fail "not two documents"
mapfile -t documents < <(grep -A2 '^demo: 2 documents written:$' "$work/demo.log" | tail -n 2 | sed 's/^  //')
((${#documents[@]} == 2)) || fail "the document paths are not listed"
for d in "${documents[@]}"; do
  [[ -f "$d" && "$d" == "$demo/output/"*.md ]] || { fail "$d is not a document in $demo/output"; continue; }
  grep -q '^video_id: "\(creatorEN01\|japanese001\)"$' "$d" || fail "$d is not one of the two published videos"
  grep -q '^## .*' "$d" || fail "$d has no sections"
  pass "$(basename "$d"): $(wc -c <"$d") bytes"
done
grep -q "creatorEN01" "$demo/output/index.md" && grep -q "japanese001" "$demo/output/index.md" ||
  fail "index.md does not list both"
# Nothing the demo started is left running: no process has the demo's folder on its command line.
if pgrep -f -- "$demo/config.yaml" >/dev/null; then fail "a process of the demo still runs"; fi
finish
