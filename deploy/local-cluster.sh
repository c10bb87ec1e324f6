#!/usr/bin/env bash
# Three nodes on this machine, one PostgreSQL database: remoting on 4053-4055, HTTP on 8080-8082.
#   PG="Host=127.0.0.1;Database=neuroactors;Username=neuro;Password=..." deploy/local-cluster.sh
# Then: dotnet run --project src/NeuroActors.Cli -- cluster show    (loopback callers need no token)
# Ctrl+C (or SIGTERM to this script) stops the three nodes gracefully.
# Optional: HTTP_PORTS="8080 8081 8082", REMOTING_PORTS="4053 4054 4055" (three each), NEUROACTORS_HOST_DLL (skip the
# Release build and run this dll), and any node setting as environment variables (e.g. Telegram__BotToken).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PG:?set PG to a PostgreSQL connection string}"
read -r -a http_ports <<< "${HTTP_PORTS:-8080 8081 8082}"
read -r -a remoting_ports <<< "${REMOTING_PORTS:-4053 4054 4055}"
if [ "${#http_ports[@]}" -ne 3 ] || [ "${#remoting_ports[@]}" -ne 3 ]; then
  echo "local-cluster.sh: HTTP_PORTS and REMOTING_PORTS need three ports each" >&2
  exit 2
fi
bin="${NEUROACTORS_HOST_DLL:-}"
if [ -z "$bin" ]; then
  dotnet build src/NeuroActors.Host -c Release -v q
  bin=src/NeuroActors.Host/bin/Release/net10.0/NeuroActors.Host.dll
fi
seeds="127.0.0.1:${remoting_ports[0]},127.0.0.1:${remoting_ports[1]}"
pids=()
stop() {
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait
}
trap stop INT TERM
for i in 0 1 2; do
  dotnet "$bin" --Persistence:Provider=postgres "--Persistence:ConnectionString=$PG" \
    "--Cluster:Port=${remoting_ports[$i]}" "--Cluster:Seeds=$seeds" "--Http:Urls=http://127.0.0.1:${http_ports[$i]}" &
  pids+=($!)
  sleep 2
done
wait
