#!/usr/bin/env bash
# Three nodes on this machine, one PostgreSQL database: ports 4053-4055 (remoting) and 8080-8082 (HTTP).
# Usage: PG="Host=127.0.0.1;Database=neuroactors;Username=neuro;Password=..." deploy/local-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PG:?set PG to a PostgreSQL connection string}"
dotnet build src/NeuroActors.Host -c Release -v q
bin=src/NeuroActors.Host/bin/Release/net10.0/NeuroActors.Host.dll
pids=()
for i in 0 1 2; do
  dotnet "$bin" --Persistence:Provider=postgres "--Persistence:ConnectionString=$PG" \
    --Cluster:Port=$((4053 + i)) --Cluster:Seeds=127.0.0.1:4053 --Http:Urls=http://127.0.0.1:$((8080 + i)) &
  pids+=($!)
  sleep 2
done
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' INT TERM
wait
