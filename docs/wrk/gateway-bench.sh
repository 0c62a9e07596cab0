#!/bin/sh
# usage: docs/wrk/gateway-bench.sh CONNECTIONS SECONDS [up parameters...]
set -e
B=${INGEST_BIN:-.build/release/ingest}
C=$1; T=$2; shift 2
D=$(mktemp -d /tmp/ingest-bench-XXXX)
$B up --headless --data-dir $D --listen 127.0.0.1:0 "$@" > $D.log 2>&1 &
P=$!
for i in $(seq 200); do $B keys --json --data-dir $D > $D.keys 2>/dev/null && grep -q '://' $D.keys && break; sleep 0.1; done
S=$(python3 -c "import json;print(json.load(open('$D.keys'))['storeURL'])")
export TOPIC=$(python3 -c "import json;k=json.load(open('$D.keys'));print([t for t in k['topicArns'] if t.endswith(':demo-user-ingestion-topic')][0])")
export API_KEY=$(python3 -c "import json;print(json.load(open('$D.keys'))['keys'][0]['value'])")
wrk -t2 -c$C -d${T}s --latency -s "$(dirname "$0")/signups.lua" ${S%/prod/store}
kill $P; wait $P || true
echo "data dir $D: $(du -sh $D | cut -f1)"
