#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (apt), starts the
# real services they talk to on 127.0.0.1 with free ports and temp data, runs `dotnet test` for
# the solution, and stops everything it started, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/middleware-test.XXXXXX)
PIDS=()
log() { printf '[test.sh] %s\n' "$*" >&2; }

cleanup() {
  local code=$?
  if [[ -n "${PG_DATA:-}" && -f "$PG_DATA/postmaster.pid" ]]; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  fi
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  exit $code
}
trap cleanup EXIT INT TERM

# shellcheck source=lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

# ---- PostgreSQL (journal scale-out store) ------------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  apt_install postgresql
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi
PG_USER=$(id -un)
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && PG_USER=postgres
PG_DATA=$WORK/pg
PG_PORT=$(free_port)
mkdir -p "$PG_DATA" "$WORK/pgsock"
[[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$PG_DATA" "$WORK/pgsock" && chmod 755 "$WORK"
log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U "$PG_USER" --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_DATA/server.log" \
  -o "-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export MW_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Database=postgres;Pooling=true"

# ---- ActiveMQ 5.17 (the STOMP tests start and restart their own brokers from Debian's jar) ------
if [[ ! -f /usr/share/activemq/bin/activemq.jar ]]; then apt_install activemq; fi
command -v java >/dev/null || apt_install default-jre-headless

# ---- Chromium for the dashboard's browser tests (Playwright drives Debian's build) -------------
if [[ ! -x /usr/bin/chromium ]]; then apt_install chromium; fi
# A CJK font so Chinese labels render in screenshots.
if ! fc-list 2>/dev/null | grep -qiE 'wenquanyi|noto sans cjk|droid sans fallback'; then apt_install fonts-wqy-zenhei; fi
export MW_CHROMIUM=/usr/bin/chromium

# ---- Speech: PocketSphinx (5prealpha, P/Invoke) with its US English model; flite and sox make test audio
install_speech
command -v flite >/dev/null || apt_install flite
command -v sox >/dev/null || apt_install sox

# ---- SIP mirror: a real proxy mirroring HEP3, SIP user agents with G.711 RTP, loopback capture ---
# The tests start Kamailio, sipp and dumpcap themselves on free ports and stop them; SharpPcap reads
# capture files through libpcap.
if [[ ! -x /usr/sbin/kamailio ]]; then apt_install kamailio; fi
if [[ ! -x /usr/bin/sipp ]]; then apt_install sip-tester; fi
if [[ ! -x /usr/bin/dumpcap ]]; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | sudo_if_needed debconf-set-selections 2>/dev/null || true
  apt_install wireshark-common
fi
if ! ldconfig -p | grep -q 'libpcap.so'; then apt_install libpcap0.8; fi
# Loopback capture needs root or the capture capabilities; say so plainly instead of failing later.
if [[ $(id -u) -ne 0 ]] && ! getcap /usr/bin/dumpcap 2>/dev/null | grep -q cap_net_raw; then
  log "warning: not root and dumpcap lacks cap_net_raw: the capture-replay SIP test will fail"
fi

# ---- the suite -----------------------------------------------------------------------------------
log "building"
dotnet build "$ROOT/Middleware.sln" -c Release -nologo -v q
log "running tests"
dotnet test "$ROOT/Middleware.sln" -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --results-directory "$ROOT/TestResults" "$@"
