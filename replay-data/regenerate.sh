#!/usr/bin/env bash
# Regenerates every replay and truth file in replay-data/ byte-for-byte with `lzdqm simulate`.
# The `gen SCENARIO SEED DURATION` lines below are the record of what is stored here: the test
# ReplayDataTests reads them and checks that the simulator still produces these exact bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dotnet build "$root/src/LzDQM.Cli" -c Release -v quiet -nologo >/dev/null
lzdqm=(dotnet "$root/src/LzDQM.Cli/bin/Release/net10.0/lzdqm.dll")

gen() {
  "${lzdqm[@]}" simulate --scenario "$1" --seed "$2" --duration "$3" --out "$here/$1.lzr" >/dev/null
  echo "wrote $1.lzr and $1.truth.json ($3, seed $2)"
}

gen science 1 8m
gen kr83m-calibration 1 2m
gen purity-loss 1 15m
gen cathode-hv-sag 1 11m
gen liquid-level-rise 1 11m
gen rate-spike 1 8m
gen daq-stall 1 8m
gen deadtime-burst 1 9m

du -cb "$here"/*.lzr "$here"/*.truth.json | tail -n 1
