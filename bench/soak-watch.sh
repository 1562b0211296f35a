#!/usr/bin/env bash
# Watches a long run's gateway (bench: kz.qaqpa.bench.Soak; docs/operations.md, "Long run") once a minute: heap after
# a full GC (KiB), threads, open descriptors, the data directory (KiB), the message log's records (the console's
# whole-log verify: it takes longer as the log grows), channel requests answered and the callbacks owed.
#   bench/soak-watch.sh <soak.out directory>     (until the gateway ends; a table on stdout)
set -uo pipefail
out="$1"
until [ -f "$out/soak.env" ]; do sleep 2; done
# shellcheck disable=SC1091
. "$out/soak.env"
metric() { curl -s "http://localhost:$MONITORING_PORT/metrics" | awk -v m="$1" '$1 ~ "^"m {s += $2} END {print s+0}'; }
printf '%-8s %8s %7s %4s %8s %9s %8s %8s\n' time heap_kb threads fds store_kb log_rows requests backlog
while kill -0 "$PID" 2>/dev/null; do
  jcmd "$PID" GC.run >/dev/null 2>&1
  heap=$(jcmd "$PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|heap/ && /used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}')
  threads=$(jcmd "$PID" Thread.print 2>/dev/null | grep -c '^"')
  fds=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l)
  store=$(du -sk "$DATA_DIR" 2>/dev/null | cut -f1)
  # the console asks for its token (ops45), which the gateway wrote into its data directory
  rows=$(curl -s -H "Authorization: Bearer $(cat "$DATA_DIR/operator.token")" "http://localhost:$OPERATOR_PORT/message-log/verify" | grep -o '[0-9]* records' | head -1 | cut -d' ' -f1)
  printf '%-8s %8s %7s %4s %8s %9s %8s %8s\n' "$(date -u +%H:%M:%S)" "${heap%K}" "$threads" "$fds" "$store" "${rows:-?}" \
    "$(metric qaqpa_requests_total)" "$(metric qaqpa_outbox_backlog)"
  sleep 60
done
