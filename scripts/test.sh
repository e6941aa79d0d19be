#!/usr/bin/env bash
# The README's second command: install what is missing, build and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
