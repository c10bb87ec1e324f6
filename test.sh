#!/usr/bin/env bash
# The one test command: installs and starts PostgreSQL when missing, gives this run a database of its own,
# runs every test project of the solution, drops the run's databases, and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

as_postgres() { su postgres -c "$1"; }

start_postgres() {
  if ! { command -v pg_ctlcluster >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; }; then
    echo "== installing PostgreSQL"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null || return 1
  fi
  local ver
  ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$" || pg_createcluster "$ver" main >/dev/null
  pg_ctlcluster "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main status >/dev/null
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && return 0; sleep 1; done
  return 1
}

install_chromium() {
  command -v chromium >/dev/null && return 0
  echo "== installing Chromium (browser tests)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
}

# The metrics chart (ScottPlot on SkiaSharp) draws its words with a system font.
install_fonts() {
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && return 0
  echo "== installing fonts (metrics chart)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
}

if ! start_postgres; then echo "PostgreSQL could not be installed or started"; echo "0 passed, 1 failed"; exit 1; fi
install_chromium || echo "warning: Chromium is not available; browser tests will fail"
install_fonts || echo "warning: no fonts; the metrics chart renders without its words"

run_id="na_test_$$_$(date +%s)"
password="pw_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
as_postgres "psql -q -v ON_ERROR_STOP=1 -c \"CREATE ROLE $run_id LOGIN CREATEDB PASSWORD '$password';\" -c \"CREATE DATABASE $run_id OWNER $run_id;\"" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
export NEUROACTORS_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Database=$run_id;Username=$run_id;Password=$password"

cleanup() {
  # Tests create databases named after the run; drop them all, then the role.
  for db in $(as_postgres "psql -Atq -c \"SELECT datname FROM pg_database WHERE datname LIKE '${run_id}%'\""); do
    as_postgres "psql -q -c \"DROP DATABASE IF EXISTS \\\"$db\\\" WITH (FORCE);\"" >/dev/null
  done
  as_postgres "psql -q -c \"DROP ROLE IF EXISTS $run_id;\"" >/dev/null
}
trap cleanup EXIT

results=$(mktemp -d)
dotnet build NeuroActors.sln -c Debug -warnaserror 2>&1 | tail -3
build_rc=${PIPESTATUS[0]}
if [ "$build_rc" -ne 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

# Screenshots of the browser tests and other test artifacts land here (artifacts/ is ignored by git).
export NEUROACTORS_TEST_ARTIFACTS="${NEUROACTORS_TEST_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$NEUROACTORS_TEST_ARTIFACTS"
dotnet test NeuroActors.sln --no-build --logger "trx;LogFilePrefix=run" --results-directory "$results" "$@"
test_rc=$?

# One closing line for the whole run, summed from the TRX files.
read -r passed failed skipped < <(python3 - "$results" <<'PY' 2>/dev/null || echo "0 0 0"
import sys, glob, re
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*>', text)
    if not m: continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
if [ "$test_rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "test artifacts (screenshots): $NEUROACTORS_TEST_ARTIFACTS"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$test_rc" -eq 0 ] && [ "${failed:-0}" -eq 0 ] && [ "${passed:-0}" -gt 0 ]
