#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite: start prints a DATABASE_URL, stop removes it.
# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` user.
#   eval "$(scripts/pg.sh start)"   ...   scripts/pg.sh stop
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
STATE=${PG_STATE_FILE:-/tmp/dxpilot-pg.state}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  available)
    [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && { [ "$(id -u)" != "0" ] || id postgres >/dev/null 2>&1; }
    ;;
  start)
    [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL binaries not found" >&2; exit 1; }
    dir=$(mktemp -d /tmp/dxpilot-pg.XXXXXX)
    port=$(free_port)
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    echo "$dir $port" > "$STATE"
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/dxpilot"
    ;;
  stop)
    [ -f "$STATE" ] || exit 0
    read -r dir port < "$STATE"
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$STATE"
    ;;
  *)
    echo "usage: $0 available|start|stop" >&2; exit 2 ;;
esac
