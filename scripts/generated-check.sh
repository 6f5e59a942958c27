#!/usr/bin/env bash
# Checks that every generated region of conv-core (the unrolled vector tiles, the LSTM cells:
# conv-core/src/main/scripts/gen_*.py, between do-not-edit markers) is what its script writes
# today: a hand edit of a generated region, or a script changed without being run, fails here
# instead of being undone by the next person who runs the script. Run by .ci/run, before the
# suites. Runs each script on a copy of the tree, so the working tree is never touched.
# Exits 1 when a region differs (the diff is printed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/conv-core/src/main"
cp -r "$here/conv-core/src/main/scripts" "$here/conv-core/src/main/java" "$work/conv-core/src/main/"
status=0
for script in "$work"/conv-core/src/main/scripts/gen_*.py; do
  name="$(basename "$script")"
  [ "$name" = gen_common.py ] && continue
  if ! (cd "$work" && python3 "conv-core/src/main/scripts/$name" > /dev/null); then
    echo "generated-check: $name failed"
    status=1
  fi
done
if ! diff -ru "$here/conv-core/src/main/java" "$work/conv-core/src/main/java"; then
  echo "generated-check: the generated regions above differ from what their scripts write (run the scripts)"
  status=1
fi
[ "$status" = 0 ] && echo "generated-check: every generated region is what its script writes"
exit "$status"
