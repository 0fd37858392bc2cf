#!/usr/bin/env bash
# The cost of guardrail checks (issue 8's target: a typical input check set adds ≤ 50 µs per 1 KB of text), measured with
# BenchmarkDotNet (bench/GuardrailBench, in process: its own generated project would clash with the private copy) on
# the data plane's real compiled checks, in Release, from a private copy.
# Writes bench/results/guardrails.md. Knobs: JOB (short | medium | default; BenchmarkDotNet's job, default "medium").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/bench/.work}/guardrails
RESULT=$ROOT/bench/results/guardrails.md
JOB=${JOB:-medium}
BENCH_NAME=guardrails
mkdir -p "$WORK/logs"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

log "building bench/GuardrailBench in Release (a private copy)"
rm -rf "$WORK/src"
mkdir -p "$WORK/src"
tar -C "$ROOT" --exclude=bin --exclude=obj -cf - Directory.Build.props Directory.Packages.props global.json \
  $(cd "$ROOT" && ls -d .editorconfig 2>/dev/null) Contracts ServiceDefaults DataPlane bench/GuardrailBench | tar -C "$WORK/src" -xf -
dotnet publish "$WORK/src/bench/GuardrailBench/GuardrailBench.csproj" -c Release -o "$WORK/bin" --nologo -v q \
  >"$WORK/logs/build.log" 2>&1 || { tail -30 "$WORK/logs/build.log"; die "build failed"; }

log "running (BenchmarkDotNet, $JOB job)"
(cd "$WORK" && dotnet bin/GuardrailBench.dll --filter '*' --job "$JOB" --inProcess --artifacts "$WORK/artifacts" >"$WORK/logs/run.log" 2>&1) ||
  { tail -30 "$WORK/logs/run.log"; die "benchmark failed"; }

report=$(ls "$WORK"/artifacts/results/*-report-github.md)
{
  echo "# Guardrail checks — $(date -u +%Y-%m-%d)"
  echo
  echo '`bench/guardrails.sh`: the data plane'"'"'s compiled checks, called as the engine calls them, on a chat request'
  echo 'whose two texts total 1 KB — a typical input set: `portkey.pii` (redact), `default.contains` (5 words, none),'
  echo '`default.regexMatch` (a prompt-injection rule, `not`), `default.wordCount`, `default.characterCount`.'
  echo '`clean`: prose full of numbers, dates and versions (nothing to redact); `with-pii`: the same with an email, a'
  echo 'phone number and a card number (three redactions). Target: ≤ 50 µs per 1 KB.'
  echo
  sed -n '/^```$/,$p' "$report"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load at start $(cut -d' ' -f1 /proc/loadavg)."
} >"$RESULT"
cat "$RESULT"
