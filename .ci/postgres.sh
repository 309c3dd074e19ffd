# Sourced by .ci/run: starts a throwaway PostgreSQL server on 127.0.0.1 for the feedback
# store's tests and exports its URL as FACTDESK_TEST_DATABASE_URL. Installs Debian's
# postgresql package when no server binaries are there. Fails (and so fails CI) when it
# cannot start one: the PostgreSQL tests must never be skipped in CI.

start_test_postgres() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    echo "ci: installing postgresql"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local bin
  bin="$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")"
  PG_TEST_DIR="$(mktemp -d)"
  local port
  port="$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  # initdb refuses to run as root: the server runs as the postgres user the package created.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_TEST_DIR"
    as=(runuser -u postgres --)
  fi
  PG_TEST_CTL=("${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data")
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  # Loopback only, socket in the temp dir; fsync off: the data is thrown away after the run.
  "${PG_TEST_CTL[@]}" -w -t 60 -l "$PG_TEST_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PG_TEST_DIR/server.log" >&2; echo "ci: could not start PostgreSQL" >&2; return 1; }
  export FACTDESK_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export FACTDESK_REQUIRE_POSTGRES=1
  echo "ci: PostgreSQL running on 127.0.0.1:$port"
  trap stop_test_postgres EXIT
}

stop_test_postgres() {
  "${PG_TEST_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
