#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the whole pipeline on
# the bundled samples/ with pipelines/reference.yaml, writing out/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh
swift build -c release --product mmpipe
export MMPIPE_STUDY_KEY="${MMPIPE_STUDY_KEY:-demo-key-not-secret}"
# Exit status as `mmpipe validate` (SPEC 3): 1 = the upload has errors (the samples carry a few
# deliberate ones) — the dataset is written all the same; 2 = the run itself failed.
status=0
.build/release/mmpipe run "$@" || status=$?
if [ "$status" -ge 2 ]; then exit "$status"; fi
echo "demo: open out/report.html (validation report), out/sites/<SITEID>/ (what goes back to each site) and out/adsl.csv (the dataset)."
