# Shared by bench/reshard and bench/rangemove, which time moving the slots of one master of a two-master cluster
# to the other, slotkv against redis-server: the nodes, the cluster, the keys, the check afterwards and the
# results file. Sourced after bin/lib/common.sh, not run.
#
# The sourcing script sets ENGINE (memory|rocksdb), and SELF_CHECK=1 to run redis-server in place of slotkv, then
# calls bench_begin NAME. That makes WORK, a new directory for the servers' data and logs (removed on success,
# kept and named when the script fails), RESULTS (bench/results) and REDIS_SETUP, the redis-server set up like
# the slotkv engine: with the AOF fsynced every second for rocksdb (slotkv syncs its WAL every second), without
# persistence for memory. redis-server runs with cluster-allow-replica-migration no, so the master it empties stays
# a master instead of becoming a replica (and copying the moved keys back) while the clock runs.

SLOTS=8192         # the first master's half of the 16384 slots: the ones loaded with keys and moved
PIPELINE=100       # redis-cli --cluster reshard --cluster-pipeline
MOVE_TIMEOUT=1800  # seconds any one move may take before it counts as failed
BENCH_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PIDS=()
PORTS=()

bench_begin() {
  WORK=$(mktemp -d "/tmp/slotkv-$1.XXXXXX")
  RESULTS="$SLOTKV_HOME/bench/results"
  mkdir -p "$RESULTS"
  REDIS_PERSISTENCE=(--appendonly no)
  [ "$ENGINE" = rocksdb ] && REDIS_PERSISTENCE=(--appendonly yes --appendfsync everysec)
  REDIS_SETUP="redis-server ${REDIS_PERSISTENCE[*]}"
  trap bench_cleanup EXIT
}

stop_nodes() {
  local port pid
  for port in "${PORTS[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  PIDS=()
  PORTS=()
}

bench_cleanup() {
  local status=$?
  stop_nodes
  rm -f "$WORK"/*.resp
  if [ "$status" = 0 ]; then
    rm -rf "$WORK"
  else
    echo "The servers' logs and the movers' output are in $WORK" >&2
  fi
}

# A port free on loopback whose cluster bus port (+10000) is free too, below the ephemeral range.
free_cluster_port() {
  python3 - <<'PY'
import random, socket
for _ in range(1000):
    port = random.randrange(20000, 45000)
    try:
        for p in (port, port + 10000):
            with socket.socket() as s:
                s.bind(("127.0.0.1", p))
        print(port)
        break
    except OSError:
        pass
PY
}

await_ping() {
  for _ in $(seq 1 300); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2
  return 1
}

# redis-cli -p port args..., which must answer OK.
expect_ok() {
  local port=$1 reply
  shift
  reply=$(redis-cli -p "$port" "$@")
  [ "$reply" = OK ] || { echo "redis-cli -p $port $* answered: $reply" >&2; return 1; }
}

# Starts one cluster node of kind redis|slotkv, its port in NODE_PORT.
start_node() {
  local kind=$1 port dir
  port=$(free_cluster_port)
  dir="$WORK/$kind-$port"
  mkdir -p "$dir"
  if [ "$kind" = redis ] || [ "${SELF_CHECK:-0}" = 1 ]; then
    redis-server --port "$port" --bind 127.0.0.1 --save "" "${REDIS_PERSISTENCE[@]}" --daemonize no --dir "$dir" \
      --cluster-enabled yes --cluster-allow-replica-migration no --logfile "$dir/log" >/dev/null &
  else
    "$SLOTKV_HOME/bin/slotkv-server" --port "$port" --bind 127.0.0.1 --dir "$dir" --storage-engine "$ENGINE" \
      --appendfsync everysec --cluster-enabled yes --logfile "$dir/log" >/dev/null &
  fi
  PIDS+=($!)
  PORTS+=("$port")
  NODE_PORT=$port
  await_ping "$port"
}

# Makes a cluster of two masters, the first with slots 0-8191, the second with the rest, the way redis-cli
# --cluster create would (it insists on three masters); waits until both nodes report it ok.
make_cluster() {
  local first=$1 second=$2 port
  expect_ok "$first" cluster addslotsrange 0 $((SLOTS - 1)) || return 1
  expect_ok "$second" cluster addslotsrange "$SLOTS" 16383 || return 1
  expect_ok "$first" cluster set-config-epoch 1 || return 1
  expect_ok "$second" cluster set-config-epoch 2 || return 1
  expect_ok "$first" cluster meet 127.0.0.1 "$second" || return 1
  for port in "$first" "$second"; do
    for _ in $(seq 1 300); do
      [ "$(redis-cli -p "$port" cluster info | tr -d '\r' \
        | grep -c -e '^cluster_state:ok$' -e '^cluster_slots_assigned:16384$' -e '^cluster_known_nodes:2$')" = 3 ] \
        && continue 2
      sleep 0.1
    done
    echo "the cluster of $first and $second did not become ok" >&2
    return 1
  done
}

# write_load FILE KEYS VALUE_BYTES: KEYS SET commands in RESP, for redis-cli --pipe, of strings of VALUE_BYTES
# bytes spread evenly over slots 0-8191 by hash tags (so a key's slot is known without hashing it here).
write_load() {
  python3 "$BENCH_LIB/keys.py" "$2" "$SLOTS" "$3" > "$1"
}

# cluster_with_keys KIND FILE KEYS: a new two-master cluster of kind redis|slotkv, its first master loaded with
# the KEYS keys of FILE (from write_load); the masters' ports in FIRST and SECOND.
cluster_with_keys() {
  local kind=$1 file=$2 keys=$3 out
  start_node "$kind" || return 1; FIRST=$NODE_PORT
  start_node "$kind" || return 1; SECOND=$NODE_PORT
  make_cluster "$FIRST" "$SECOND" || return 1
  out=$(redis-cli -p "$FIRST" --pipe < "$file" 2>&1)
  if ! grep -q "errors: 0, replies: $keys" <<< "$out"; then
    echo "$kind: loading the keys failed: $(tail -n 1 <<< "$out")" >&2
    return 1
  fi
}

# redis_cli_reshard KIND FIRST SECOND [COUNT]: moves COUNT slots (default 8192: slots 0-8191) from the first master
# to the second, its lowest-numbered first, with
#   redis-cli --cluster reshard --cluster-slots COUNT --cluster-yes --cluster-pipeline 100
# its output in $WORK/KIND-reshard.out.
redis_cli_reshard() {
  local kind=$1 first=$2 second=$3 count=${4:-$SLOTS} first_id second_id
  first_id=$(redis-cli -p "$first" cluster myid)
  second_id=$(redis-cli -p "$second" cluster myid)
  if ! timeout "$MOVE_TIMEOUT" redis-cli --cluster reshard "127.0.0.1:$first" --cluster-from "$first_id" \
      --cluster-to "$second_id" --cluster-slots "$count" --cluster-yes --cluster-pipeline "$PIPELINE" \
      > "$WORK/$kind-reshard.out" 2>&1; then
    echo "$kind: the reshard failed: $(grep -m 1 -A 1 'replied with error' "$WORK/$kind-reshard.out" | tail -n 1)" >&2
    return 1
  fi
}

# check_moved KIND FIRST SECOND KEYS: after a move the second master must hold the KEYS keys in slots 0-8191
# (CLUSTER COUNTKEYSINSLOT of each) and the first no key at all.
check_moved() {
  local kind=$1 first=$2 second=$3 keys=$4 moved left
  moved=$(seq 0 $((SLOTS - 1)) | sed 's/^/cluster countkeysinslot /' | redis-cli -p "$second" \
    | awk '{ n += $1 } END { print n + 0 }')
  left=$(redis-cli -p "$first" dbsize)
  if [ "$moved" != "$keys" ] || [ "$left" != 0 ]; then
    echo "$kind: after the move the second master holds $moved keys in slots 0-$((SLOTS - 1)) (not $keys)," \
      "the first $left" >&2
    return 1
  fi
}

# Seconds since STARTED (a date +%s.%N), to the millisecond.
elapsed_since() {
  awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
}

# keep_result NAME REPORT: prints the markdown REPORT and appends it to bench/results/NAME.md, unless SELF_CHECK.
keep_result() {
  cat "$2"
  [ "${SELF_CHECK:-0}" = 1 ] || cat "$2" >> "$RESULTS/$1.md"
}
