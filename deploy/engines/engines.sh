#!/usr/bin/env bash
# Search engines on loopback for development and CI, from Maven Central only:
#   engines.sh start   build (first time) and start them, wait until they answer,
#                      print their URLs and write them to $ENGINES_DIR/env
#   engines.sh stop    stop them
#   engines.sh status  what runs
# A 3-node OpenSearch 2.19 cluster (HTTP 9201-9203, control 9290) and one
# Elasticsearch 9 node (HTTP 9250). Data lives under $REKOMSTAT_DATA_DIR/engines
# (var/engines by default) and is kept between runs.
#   engines.sh start-opensearch3 / stop-opensearch3   an OpenSearch 3.8 cluster
# beside them (HTTP 9401-9403, control 9490; Java 21+), URLs in engines/env3.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA_DIR="${REKOMSTAT_DATA_DIR:-$ROOT/var}"
ENGINES_DIR="$DATA_DIR/engines"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9201}"
OPENSEARCH_NODES="${OPENSEARCH_NODES:-3}"
OPENSEARCH_CONTROL_PORT="${OPENSEARCH_CONTROL_PORT:-9290}"
ELASTICSEARCH_PORT="${ELASTICSEARCH_PORT:-9250}"
ELASTICSEARCH_JAVA_HOME="${ELASTICSEARCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
START_TIMEOUT="${ENGINES_START_TIMEOUT:-120}"

log() { echo "== engines: $*"; }

build() {  # build <module dir> <file the build makes, under target/> [JAVA_HOME [maven args]]
  local dir="$1" made="$1/target/$2" java_home="${3:-}"
  shift 3 2>/dev/null || shift $#
  if [ ! -f "$made" ] || [ "$dir/pom.xml" -nt "$made" ] \
     || [ -n "$(find "$dir/src" -newer "$made" -type f 2>/dev/null)" ]; then
    log "building $(basename "$dir") (Maven Central)"
    if [ -n "$java_home" ]; then
      JAVA_HOME="$java_home" mvn -q -B -Dstyle.color=never -f "$dir/pom.xml" "$@" package -DskipTests
    else
      mvn -q -B -Dstyle.color=never -f "$dir/pom.xml" package -DskipTests
    fi
  fi
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_ready() {  # wait_ready <name> <log> <pidfile>
  local name="$1" logfile="$2" pidfile="$3" waited=0
  until grep -q "^$name " "$logfile" 2>/dev/null; do
    if ! running "$pidfile"; then
      log "$name failed to start; last lines of $logfile:"; tail -30 "$logfile" >&2; return 1
    fi
    if [ "$waited" -ge "$START_TIMEOUT" ]; then
      log "$name not ready after ${START_TIMEOUT}s; see $logfile"; return 1
    fi
    sleep 1; waited=$((waited + 1))
  done
  log "$(grep "^$name " "$logfile" | tail -1) — ready in ${waited}s"
}

start_opensearch() {  # start_opensearch <name> <target dir> <HTTP port> <control port> [JAVA_HOME]
  local name="$1" target="$2" port="$3" control="$4" java_home="${5:-}"
  local dir="$ROOT/deploy/engines/opensearch" pidfile="$ENGINES_DIR/$name.pid"
  local logfile="$ENGINES_DIR/$name.log" java="java"
  if running "$pidfile"; then log "$name already running (pid $(cat "$pidfile"))"; return; fi
  if [ -n "$java_home" ]; then
    java="$java_home/bin/java"
    build "$dir" "../$target/classpath.txt" "$java_home" -P opensearch3
  else
    build "$dir" classpath.txt
  fi
  mkdir -p "$ENGINES_DIR/$name"
  : > "$logfile"
  nohup "$java" -Xms1g -Xmx1536m -cp "$dir/$target/classes:$(cat "$dir/$target/classpath.txt")" \
    id.go.bps.rekomstat.engines.OpenSearchCluster "$ENGINES_DIR/$name" \
    "$port" "$OPENSEARCH_NODES" "$control" >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  wait_ready opensearch "$logfile" "$pidfile"
}

start_elasticsearch() {
  local dir="$ROOT/deploy/engines/elasticsearch" pidfile="$ENGINES_DIR/elasticsearch.pid"
  local logfile="$ENGINES_DIR/elasticsearch.log"
  [ -f "$dir/pom.xml" ] || { log "no Elasticsearch build in deploy/engines/elasticsearch"; return; }
  if running "$pidfile"; then log "elasticsearch already running (pid $(cat "$pidfile"))"; return; fi
  # Elasticsearch 9 needs Java 21 or newer: Temurin 25 lies beside the default Java 17.
  build "$dir" elasticsearch-node.jar "$ELASTICSEARCH_JAVA_HOME"
  mkdir -p "$ENGINES_DIR/elasticsearch"
  : > "$logfile"
  # Prints "elasticsearch <version> <url> …" when it answers.
  nohup "$ELASTICSEARCH_JAVA_HOME/bin/java" -Xms512m -Xmx1g \
    -jar "$dir/target/elasticsearch-node.jar" \
    --port "$ELASTICSEARCH_PORT" --home "$ENGINES_DIR/elasticsearch" >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  wait_ready elasticsearch "$logfile" "$pidfile"
}

write_env() {
  {
    echo "OPENSEARCH_URL=$(head -1 "$ENGINES_DIR/opensearch/urls" 2>/dev/null || true)"
    echo "OPENSEARCH_CONTROL_URL=http://127.0.0.1:$OPENSEARCH_CONTROL_PORT"
    if running "$ENGINES_DIR/elasticsearch.pid"; then
      echo "ELASTICSEARCH_URL=http://127.0.0.1:$ELASTICSEARCH_PORT"
    fi
  } >"$ENGINES_DIR/env"
  log "URLs (also in $ENGINES_DIR/env):"; sed 's/^/   /' "$ENGINES_DIR/env"
}

stop_one() {  # stop_one <name>
  local pidfile="$ENGINES_DIR/$1.pid"
  if running "$pidfile"; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    log "$1 stopped"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    mkdir -p "$ENGINES_DIR"
    start_opensearch opensearch target "$OPENSEARCH_PORT" "$OPENSEARCH_CONTROL_PORT"
    start_elasticsearch
    write_env ;;
  start-opensearch3)
    mkdir -p "$ENGINES_DIR"
    start_opensearch opensearch3 target-3 9401 9490 "$ELASTICSEARCH_JAVA_HOME"
    {
      echo "OPENSEARCH_URL=$(head -1 "$ENGINES_DIR/opensearch3/urls")"
      echo "OPENSEARCH_CONTROL_URL=http://127.0.0.1:9490"
    } >"$ENGINES_DIR/env3"
    log "OpenSearch 3 URLs in $ENGINES_DIR/env3" ;;
  stop-opensearch3)
    stop_one opensearch3; rm -f "$ENGINES_DIR/env3" ;;
  stop)
    stop_one opensearch; stop_one elasticsearch; stop_one opensearch3
    rm -f "$ENGINES_DIR/env" "$ENGINES_DIR/env3" ;;
  status)
    for name in opensearch elasticsearch opensearch3; do
      if running "$ENGINES_DIR/$name.pid"; then echo "$name: running (pid $(cat "$ENGINES_DIR/$name.pid"))"
      else echo "$name: stopped"; fi
    done ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
