#!/usr/bin/env bash
# Builds the solution (warnings are errors) and runs every test project.
# Needs the .NET SDK and kcat on PATH (`.ci/run` installs kcat on Debian).
# Prints a closing line "N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v kcat >/dev/null 2>&1; then
  echo "test.sh: kcat is not installed; run 'apt-get install -y kcat' (or .ci/run, which installs it)" >&2
  exit 1
fi

results="TestResults/run-$(date +%s)"
mkdir -p "$results"
dotnet build LzDQM.sln -c Release -nologo -v quiet
set +e
dotnet test LzDQM.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?
set -e

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
