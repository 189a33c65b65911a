#!/usr/bin/env bash
# Docs check: every relative link, repository path, Java class/test name and Class.member in README.md,
# */README.md and docs/**/*.md exists, and Mermaid blocks pass a light lint (not a renderer). Rules and the
# allow-list of library names: .ci/docs_check.py. Runs its self-test first, so a check that can no longer fail
# fails CI. Standard-library python3 only, no network. Exits non-zero on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 .ci/docs_check.py --self-test
python3 .ci/docs_check.py
