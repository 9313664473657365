#!/usr/bin/env bash
# Accuracy figures on the labelled public corpora in ../shared/eval (not a test: a fresh
# clone has no ../shared). Needs refcheck installed (README.md).
#   bash benchmarks/run_eval.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
export REFCHECK=${REFCHECK:-refcheck}
echo "== citation linking, author-date articles (linking_eval.py)"
python3 "$shared/tools/linking_eval.py" "$shared/eval/linking_author_date.jsonl" || true
echo "== reference parser, refstrings_anystyle_core (parse_eval.py, all entries)"
python3 "$shared/tools/parse_eval.py" "$shared/eval/refstrings_anystyle_core.jsonl"
echo "== reference parser, APA/Harvard-style subset (benchmarks/eval_parser.py)"
python3 benchmarks/eval_parser.py || true
echo "== author-date extraction spans (benchmarks/eval_extract.py)"
python3 benchmarks/eval_extract.py || true
