#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the whole pipeline on
# the bundled samples/ with pipelines/reference.yaml, writing out/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh
swift build -c release --product mmpipe
export MMPIPE_STUDY_KEY="${MMPIPE_STUDY_KEY:-demo-key-not-secret}"
.build/release/mmpipe run "$@"
echo "demo: open out/report.html (validation report) and out/adsl.csv (the dataset)."
