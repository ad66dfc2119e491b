#!/usr/bin/env bash
# Installs everything, then reads and checks the bundled sample reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
samples=src/ogi/samples/reports
echo "== ogi check $samples"
.venv/bin/ogi check "$samples" || true
first=$(ls "$samples" | head -1)
echo "== ogi parse --format table $samples/$first"
.venv/bin/ogi parse --format table "$samples/$first" || true
