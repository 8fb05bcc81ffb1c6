#!/usr/bin/env bash
# A whole production topology on this machine, on loopback (issue #19):
#   PostgreSQL primary  127.0.0.1:$BASE+432   (initdb into $CLUSTER_DIR/primary, WAL for streaming replication)
#   PostgreSQL replica  127.0.0.1:$BASE+433   (pg_basebackup -R: a hot standby streaming from the primary)
#   PgBouncer           127.0.0.1:$BASE+400   (transaction pooling in front of the primary)
#   API nodes 1..N      127.0.0.1:$BASE+1..N  (dist/server/main.js, DATABASE_URL through PgBouncer)
#   HAProxy             127.0.0.1:$BASE       (round robin, health from /readyz; the URL to open)
#
#   npm run cluster            start (prints the URL)     npm run cluster:stop   stop and delete its folder
#   deploy/cluster.sh status   what runs
#
# PostgreSQL and PgBouncer refuse to run as root: as root they run as the `postgres` user (Debian's packages).
# Environment: CLUSTER_DIR (default /tmp/jagabaya-cluster), CLUSTER_BASE_PORT (default 7100; not 6000, which browsers and fetch refuse as an X11 port), CLUSTER_NODES (3),
# REDIS_URL (rate limits shared by the nodes; default redis://127.0.0.1:6379 when it answers), PUBLIC_RATE_LIMIT_SCALE
# (passed to the nodes: bench/cluster-drill.ts sends its load from one address), READ_REPLICA_MAX_LAG_MS (5000: past it the
# nodes read from the primary instead of the replica), PGBOUNCER_SERVER_LOGIN_RETRY (1 s; PgBouncer's default is 15).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CLUSTER_DIR:-/tmp/jagabaya-cluster}"
BASE="${CLUSTER_BASE_PORT:-7100}"
NODES="${CLUSTER_NODES:-3}"
PRIMARY_PORT=$((BASE + 432))
REPLICA_PORT=$((BASE + 433))
BOUNCER_PORT=$((BASE + 400))
LB_PORT=$BASE
PGBIN="$(dirname "$(readlink -f "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)")")"

as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() { # wait_for <what> <command…>: up to 30 s
  local what="$1"; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "cluster: $what did not come up; see $DIR/*.log" >&2
  return 1
}

start() {
  if [ -e "$DIR/state" ]; then echo "cluster: already running in $DIR (npm run cluster:stop first)" >&2; exit 1; fi
  for tool in haproxy pgbouncer pg_basebackup; do
    command -v "$tool" >/dev/null || { echo "cluster: $tool is missing (apt-get install -y haproxy pgbouncer postgresql)" >&2; exit 1; }
  done
  (cd "$ROOT" && node scripts/start.mjs --build-only)
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  touch "$DIR/state"

  # 1. The primary, set up for streaming replication.
  as_db_user "$PGBIN/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
  cat >>"$DIR/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 5
hot_standby = on
max_connections = 200
EOF
  echo "host replication postgres 127.0.0.1/32 trust" >>"$DIR/primary/pg_hba.conf"
  as_db_user "$PGBIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
  as_db_user psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "create database jagabaya" >/dev/null

  # 2. The replica: a base backup of the primary that streams from it (-R writes standby.signal and the connection).
  as_db_user pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream -c fast
  sed -i "s/^port = .*/port = $REPLICA_PORT/" "$DIR/replica/postgresql.conf"
  # The nodes' heavy reads run here: hot_standby_feedback keeps the primary's vacuum from cancelling a long list query.
  echo "hot_standby_feedback = on" >>"$DIR/replica/postgresql.conf"
  as_db_user "$PGBIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start >/dev/null

  # 3. PgBouncer in transaction mode. Jaga Baya sends no session SET and takes no session advisory lock (the job
  #    claims are rows, migrations lock inside their transaction); its one named prepared statement (the check-in
  #    batch) is sent unnamed with DATABASE_NAMED_STATEMENTS=0, which the nodes below get.
  cat >"$DIR/pgbouncer.ini" <<EOF
[databases]
jagabaya = host=127.0.0.1 port=$PRIMARY_PORT dbname=jagabaya
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir = $DIR
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
admin_users = postgres
# After a failed connection to the database PgBouncer waits server_login_retry before it tries again (default 15 s),
# even after a RELOAD has pointed it at the promoted replica: bench/failover-drill.ts measured a gap of more than 15 s
# with the default. 1 s here and in deploy/production/pgbouncer.ini.
server_login_retry = ${PGBOUNCER_SERVER_LOGIN_RETRY:-1}
default_pool_size = 40
max_client_conn = 1000
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
EOF
  echo '"postgres" ""' >"$DIR/userlist.txt"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR/pgbouncer.ini" "$DIR/userlist.txt"
  as_db_user pgbouncer -d "$DIR/pgbouncer.ini"
  wait_for "PgBouncer" as_db_user psql -h 127.0.0.1 -p "$BOUNCER_PORT" -U postgres -d jagabaya -qc "select 1"

  # 4. The API nodes: one secret key, one database (through PgBouncer), shared rate limits. The replica is the
  #    fail-over target (docs/operations.md) and takes the heavy reads (READ_DATABASE_URL, straight to it: a read
  #    pool needs no PgBouncer at three nodes); past READ_REPLICA_MAX_LAG_MS of lag the nodes read from the primary.
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/secret.key"
  local redis="${REDIS_URL:-}"
  if [ -z "$redis" ] && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then redis="redis://127.0.0.1:6379"; fi
  local admin_password
  admin_password="cluster-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  (umask 077 && echo "$admin_password" >"$DIR/admin-password")
  for i in $(seq 1 "$NODES"); do
    local port=$((BASE + i))
    (
      cd "$ROOT"
      env PORT="$port" HOST=127.0.0.1 NODE_NAME="node-$i" \
        DATABASE_URL="postgres://postgres@127.0.0.1:$BOUNCER_PORT/jagabaya" DATABASE_NAMED_STATEMENTS=0 \
        READ_DATABASE_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/jagabaya" READ_REPLICA_MAX_LAG_MS="${READ_REPLICA_MAX_LAG_MS:-5000}" \
        SECRET_KEY="$(cat "$DIR/secret.key")" PUBLIC_URL="http://127.0.0.1:$LB_PORT" TRUST_PROXY=127.0.0.1 \
        ${redis:+REDIS_URL="$redis"} ${PUBLIC_RATE_LIMIT_SCALE:+PUBLIC_RATE_LIMIT_SCALE="$PUBLIC_RATE_LIMIT_SCALE"} DRAIN_SECONDS=2 ADMIN_USERNAME=admin ADMIN_PASSWORD="$admin_password" \
        nohup node dist/server/main.js >"$DIR/node-$i.log" 2>&1 &
      echo $! >"$DIR/node-$i.pid"
    )
    # The first node migrates and creates the first administrator; the others start on a ready schema.
    if [ "$i" = 1 ]; then wait_for "node 1" curl -fsS "http://127.0.0.1:$port/readyz"; fi
  done
  for i in $(seq 2 "$NODES"); do wait_for "node $i" curl -fsS "http://127.0.0.1:$((BASE + i))/readyz"; done

  # 5. HAProxy: health from /readyz every second (a draining or dead node is out within about 2 s), /metrics not exposed.
  {
    cat <<EOF
global
  maxconn 4096
  pidfile $DIR/haproxy.pid
  # The runtime API: take a node out or put it back without a reload (bench/cluster-throughput.bench.ts):
  #   echo 'disable server api/node-2' | socat stdio $DIR/haproxy.sock
  stats socket $DIR/haproxy.sock mode 600 level admin
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option forwardfor
  retries 2
  option redispatch
frontend jagabaya
  bind 127.0.0.1:$LB_PORT
  http-request deny if { path_beg /metrics }
  default_backend api
backend api
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
EOF
    for i in $(seq 1 "$NODES"); do echo "  server node-$i 127.0.0.1:$((BASE + i)) check"; done
  } >"$DIR/haproxy.cfg"
  haproxy -D -f "$DIR/haproxy.cfg"
  wait_for "HAProxy" curl -fsS "http://127.0.0.1:$LB_PORT/readyz"

  cat <<EOF

  Jaga Baya cluster is running ($NODES API nodes behind HAProxy, PostgreSQL primary + streaming replica, PgBouncer).
  Open:       http://127.0.0.1:$LB_PORT/
  Log in:     admin / $admin_password
  Nodes:      $(for i in $(seq 1 "$NODES"); do printf 'http://127.0.0.1:%s ' $((BASE + i)); done)
  Primary:    postgres://postgres@127.0.0.1:$PRIMARY_PORT/jagabaya   Replica: port $REPLICA_PORT   PgBouncer: port $BOUNCER_PORT
  Files:      $DIR (logs: *.log)
  Stop:       npm run cluster:stop

EOF
}

stop() {
  [ -d "$DIR" ] || { echo "cluster: nothing in $DIR"; return 0; }
  [ -f "$DIR/haproxy.pid" ] && kill "$(cat "$DIR/haproxy.pid")" 2>/dev/null || true
  for pidfile in "$DIR"/node-*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  [ -f "$DIR/pgbouncer.pid" ] && kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null || true
  for db in replica primary; do
    [ -d "$DIR/$db" ] && as_db_user "$PGBIN/pg_ctl" -D "$DIR/$db" -m fast -w stop >/dev/null 2>&1 || true
  done
  sleep 1
  rm -rf "$DIR"
  echo "cluster: stopped, $DIR removed"
}

status() {
  [ -d "$DIR" ] || { echo "cluster: not running"; return 0; }
  for i in $(seq 1 "$NODES"); do
    printf 'node-%s: %s\n' "$i" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((BASE + i))/readyz" || true)"
  done
  printf 'load balancer: %s\n' "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LB_PORT/readyz" || true)"
  as_db_user psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d jagabaya -Atc "select 'replica ' || application_name || ': ' || state || ', replay lag ' || coalesce(replay_lag::text, '0') from pg_stat_replication" || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: deploy/cluster.sh start|stop|status" >&2; exit 2 ;;
esac
