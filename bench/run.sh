#!/usr/bin/env bash
# The benchmark (README, "Benchmark"): builds the runnable jar, starts the gateway from it with its embedded mocks in
# a JVM of its own (free ports, a temporary data directory, the benchmark echo on), and measures from this client
# JVM paths (a)-(e) at 1, 8 and 32 clients. Results: bench/results/<UTC time>/results.{md,json} (+ gateway.log),
# and bench/results/latest pointing at them.
#
#   bench/run.sh                     full run (about 7-15 minutes on 2 cores)
#   BENCH_OPTS="-Dbench.requests=500 -Dbench.concurrency=1,8" bench/run.sh
#   SKIP_BUILD=1 bench/run.sh        reuse target/ as built
#
# Knobs (system properties in BENCH_OPTS): bench.requests (per step of a and b, default 2000),
# bench.intake-requests (c, 600), bench.applications (d, 150), bench.warmup (300 requests a warm-up round),
# bench.warmup-max (PT120S) and bench.jit-settled-percent (3: rounds repeat until the JIT compiles less than that share
# of a round's time), bench.intake-warmup-max (4500: (c) warms up with at most so many applications, each of which the
# provider mock then works through; it waits for that after each round), bench.concurrency (1,8,32),
# bench.paths (a,b,c,d,e), bench.signature-seconds (3), bench.provider-poll-interval (PT0.5S; the demo ships qaqpa.mocks.provider.poll-interval PT10S),
# bench.start-timeout (PT120S: how long the gateway may take to serve), bench.gateway-jvm-options (e.g. "-Xmx512m", or several quoted together: BENCH_OPTS='-Dbench.gateway-jvm-options="-Xmx512m
# -Xlog:gc"'), bench.quiet-timeout (PT300S), bench.profile (steps to record with JFR in the
# gateway, as path letter + clients: "b8,c8" writes profile-b8.jfr, profile-c8.jfr and a table of CPU samples by layer;
# the recording also holds collection pauses, safepoints, waits of 10 ms or more, the group commit's waits of 5 ms or
# more (Object.wait), the machine's CPU each second and allocation samples).
# Every closed-loop step writes latencies-<step>.csv (each request: sent_ms from the step's start, latency_ms).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/qaqpa-0.1.0-SNAPSHOT-all.jar
if [ -z "${SKIP_BUILD:-}" ]; then
  # -DskipTests still compiles the test classes, where the load client lives (it is not in the jar)
  mvn -B -q package -DskipTests
fi
[ -f "$jar" ] && [ -d target/test-classes/kz/qaqpa/bench ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
# BENCH_OPTS split as a shell splits words, quotes kept together (xargs' quoting): several gateway JVM options pass as
# one -Dbench.gateway-jvm-options="-Xmx512m -Xlog:gc" (split on spaces, it carried the first one only)
opts=()
if [ -n "${BENCH_OPTS:-}" ]; then
  # split first, so that an unmatched quote stops the run (a process substitution's failure would go unseen)
  split=$(printf '%s' "$BENCH_OPTS" | xargs -n1 printf '%s\n') || { echo "BENCH_OPTS: cannot split: $BENCH_OPTS" >&2; exit 1; }
  mapfile -t opts <<< "$split"
fi
java "${opts[@]}" -Dbench.out="$out" -Dbench.gateway="jar:$jar" \
  -cp "target/test-classes:$jar" kz.qaqpa.bench.Benchmark
ln -sfn "$(basename "$out")" bench/results/latest
echo "bench/results/latest -> $out"
