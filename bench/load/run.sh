#!/usr/bin/env bash
# Load benchmark of the Portico builtin gateway against nginx and HAProxy on loopback
# (see bench/README.md). Starts everything on free ports in a temp directory, measures, prints
# one table per section, and stops everything it started on exit.
#
#   bench/load/run.sh            # full run: 5 s warm-up + 20 s per HTTP target
#   QUICK=1 bench/load/run.sh    # smoke run: 1 s warm-up + 3 s per target
#
# Settings (environment): DURATION, WARMUP, THREADS, CONNECTIONS (wrk), REDIS_REQUESTS,
# REDIS_CLIENTS (redis-benchmark), CONFIG_CHANGES (how many timed route changes), PROXY_CPUS (a
# taskset CPU list for every proxy under test, e.g. "1"; default: no pinning), KEEP_LOGS=1 (keep
# the temp directory after a successful run), JAVA_HOME (the JDK that runs Portico).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

QUICK="${QUICK:-0}"
if [[ "$QUICK" == "1" ]]; then
  DURATION="${DURATION:-3s}"
  WARMUP="${WARMUP:-1s}"
  REDIS_REQUESTS="${REDIS_REQUESTS:-20000}"
  CONFIG_CHANGES="${CONFIG_CHANGES:-3}"
else
  DURATION="${DURATION:-20s}"
  WARMUP="${WARMUP:-5s}"
  REDIS_REQUESTS="${REDIS_REQUESTS:-300000}"
  CONFIG_CHANGES="${CONFIG_CHANGES:-10}"
fi
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
REDIS_CLIENTS="${REDIS_CLIENTS:-50}"
PROXY_CPUS="${PROXY_CPUS:-}"
KEEP_LOGS="${KEEP_LOGS:-0}"
ROUTES="${ROUTES:-0}"

if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

for tool in java curl jq python3 wrk nginx haproxy redis-server redis-cli redis-benchmark; do
  command -v "$tool" >/dev/null || die "$tool is not installed (needed by this benchmark)"
done
for file in control-plane/target/control-plane.jar proxy/target/proxy.jar; do
  [[ -f "$root/$file" ]] || die "$file is missing: build first with ./mvnw -q verify -DskipTests"
done

work="$(mktemp -d -t portico-bench.XXXXXX)"
pids=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    local waited=0
    while kill -0 "${pids[i]}" 2>/dev/null && ((waited < 150)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    kill -KILL "${pids[i]}" 2>/dev/null || true
  done
  if ((rc != 0)); then
    log "FAILED (exit $rc); logs are in $work:"
    find "$work" -name '*.log' -printf '  %p\n' >&2 || true
  elif [[ "$KEEP_LOGS" == "1" ]]; then
    log "logs are in $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prefix for every proxy under test: pinned to PROXY_CPUS when set.
pin=()
if [[ -n "$PROXY_CPUS" ]]; then
  command -v taskset >/dev/null || die "PROXY_CPUS needs taskset"
  pin=(taskset -c "$PROXY_CPUS")
  proxy_cores="$(taskset -c "$PROXY_CPUS" nproc)"
else
  proxy_cores="$(nproc)"
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_until DESCRIPTION SECONDS PID COMMAND...: polls COMMAND every 100 ms.
wait_until() {
  local what="$1" seconds="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "$what: process $pid exited"
    ((SECONDS < deadline)) || die "$what: not ready after ${seconds}s"
    sleep 0.1
  done
}

redis_pong() { [[ "$(timeout 2 redis-cli -p "$1" ping 2>/dev/null)" == "PONG" ]]; }

http_ok() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1")" == "${2:-200}" ]]; }

# ---------------------------------------------------------------------------------------------
# Upstream: nginx answering a small static 200.
up_port="$(free_port)"
mkdir -p "$work/upstream"
cat >"$work/upstream/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/upstream/nginx.pid;
error_log $work/upstream/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/upstream/client_body;
  proxy_temp_path $work/upstream/proxy;
  fastcgi_temp_path $work/upstream/fastcgi;
  uwsgi_temp_path $work/upstream/uwsgi;
  scgi_temp_path $work/upstream/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:$up_port;
    location / { default_type text/plain; return 200 "hello from the upstream\n"; }
  }
}
EOF
nginx -e "$work/upstream/error.log" -p "$work/upstream" -c "$work/upstream/nginx.conf" \
  >"$work/upstream/stdout.log" 2>&1 &
pids+=($!)
up_pid="${pids[-1]}"
wait_until "upstream nginx" 10 "${pids[-1]}" http_ok "http://127.0.0.1:$up_port/"
log "upstream nginx on 127.0.0.1:$up_port"

# Redis for the TCP comparison.
redis_port="$(free_port)"
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$work/redis" --logfile "$work/redis/redis.log" --daemonize no &
pids+=($!)
wait_until "redis" 10 "${pids[-1]}" redis_pong "$redis_port"
log "redis on 127.0.0.1:$redis_port"

# ---------------------------------------------------------------------------------------------
# nginx as a reverse proxy (keep-alive upstream).
nginx_port="$(free_port)"
mkdir -p "$work/nginx-proxy"
cat >"$work/nginx-proxy/nginx.conf" <<EOF
worker_processes $proxy_cores;
daemon off;
pid $work/nginx-proxy/nginx.pid;
error_log $work/nginx-proxy/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx-proxy/client_body;
  proxy_temp_path $work/nginx-proxy/proxy;
  fastcgi_temp_path $work/nginx-proxy/fastcgi;
  uwsgi_temp_path $work/nginx-proxy/uwsgi;
  scgi_temp_path $work/nginx-proxy/scgi;
  keepalive_requests 1000000;
  upstream backend {
    server 127.0.0.1:$up_port;
    keepalive 128;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
"${pin[@]}" nginx -e "$work/nginx-proxy/error.log" -p "$work/nginx-proxy" \
  -c "$work/nginx-proxy/nginx.conf" >"$work/nginx-proxy/stdout.log" 2>&1 &
pids+=($!)
nginx_pid="${pids[-1]}"
wait_until "nginx proxy" 10 "${pids[-1]}" http_ok "http://127.0.0.1:$nginx_port/"
log "nginx reverse proxy on 127.0.0.1:$nginx_port ($proxy_cores workers)"

# HAProxy: mode http in front of the upstream, mode tcp in front of redis.
haproxy_port="$(free_port)"
haproxy_tcp_port="$(free_port)"
mkdir -p "$work/haproxy"
cat >"$work/haproxy/haproxy.cfg" <<EOF
global
  nbthread $proxy_cores
  maxconn 4096
defaults
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend http_in
  mode http
  option http-keep-alive
  bind 127.0.0.1:$haproxy_port
  default_backend upstream
backend upstream
  mode http
  http-reuse always
  server up1 127.0.0.1:$up_port
listen redis_tcp
  mode tcp
  bind 127.0.0.1:$haproxy_tcp_port
  server redis1 127.0.0.1:$redis_port
EOF
"${pin[@]}" haproxy -db -f "$work/haproxy/haproxy.cfg" >"$work/haproxy/haproxy.log" 2>&1 &
pids+=($!)
haproxy_pid="${pids[-1]}"
wait_until "haproxy" 10 "${pids[-1]}" http_ok "http://127.0.0.1:$haproxy_port/"
log "haproxy on 127.0.0.1:$haproxy_port (http), 127.0.0.1:$haproxy_tcp_port (tcp), $proxy_cores threads"

# ---------------------------------------------------------------------------------------------
# Portico control plane (as integration-tests' ControlPlaneProcess starts it).
mkdir -p "$work/cp"
PORTICO_GENERAL_WORK_DIR="$work/cp" \
  PORTICO_API_SERVER_HTTP_PORT=0 \
  PORTICO_API_SERVER_HTTPS_PORT=0 \
  PORTICO_DIAGNOSTICS_SERVER_PORT=0 \
  PORTICO_DP_SERVER_PORT=0 \
  "$root/bin/portico-cp" run >"$work/cp/portico-cp.log" 2>&1 &
pids+=($!)
cp_pid="${pids[-1]}"
wait_until "control plane ports.json" 90 "$cp_pid" test -s "$work/cp/ports.json"
sleep 0.2
api="http://127.0.0.1:$(jq -r .apiHttp "$work/cp/ports.json")"
diagnostics="http://127.0.0.1:$(jq -r .diagnostics "$work/cp/ports.json")"
dp_server_port="$(jq -r .dpServer "$work/cp/ports.json")"
wait_until "control plane ready" 60 "$cp_pid" http_ok "$diagnostics/ready"
wait_until "mesh default" 30 "$cp_pid" http_ok "$api/meshes/default"
log "control plane: API $api, DP server port $dp_server_port"

# put PATH JSON: creates or updates a resource through the REST API.
put() {
  local code
  printf '%s' "$2" >"$work/put.json"
  code="$(curl -s -o "$work/put.out" -w '%{http_code}' --max-time 20 -X PUT \
    -H 'Content-Type: application/json' --data-binary "@$work/put.json" "$api$1")"
  [[ "$code" == "200" || "$code" == "201" ]] || die "PUT $1 answered $code: $(cat "$work/put.out")"
}

gw_http_port="$(free_port)"
gw_tcp_port="$(free_port)"
gw_admin_port="$(free_port)"

put /meshes/default/external-services/upstream "$(jq -n --arg a "127.0.0.1:$up_port" '{
  type: "ExternalService", mesh: "default", name: "upstream",
  tags: {"kuma.io/service": "upstream", "kuma.io/protocol": "http"},
  networking: {address: $a}}')"
put /meshes/default/external-services/redis "$(jq -n --arg a "127.0.0.1:$redis_port" '{
  type: "ExternalService", mesh: "default", name: "redis",
  tags: {"kuma.io/service": "redis", "kuma.io/protocol": "tcp"},
  networking: {address: $a}}')"
put /meshes/default/meshgateways/bench-gw "$(jq -n --argjson h "$gw_http_port" \
  --argjson t "$gw_tcp_port" '{
  type: "MeshGateway", mesh: "default", name: "bench-gw",
  selectors: [{match: {"kuma.io/service": "bench-gateway"}}],
  conf: {listeners: [
    {port: $h, protocol: "HTTP", hostname: "*", tags: {listener: "http"}},
    {port: $t, protocol: "TCP", tags: {listener: "tcp"}}]}}')"

# The HTTP route: everything to the upstream; each timed config change adds one redirect rule.
http_route() {
  local changes="$1"
  jq -n --argjson n "$changes" --argjson routes "$ROUTES" '{
    type: "MeshGatewayRoute", mesh: "default", name: "bench-http",
    selectors: [{match: {"kuma.io/service": "bench-gateway", listener: "http"}}],
    conf: {http: {rules: (
      [range(1; $n + 1) | {
        matches: [{path: {match: "PREFIX", value: "/changed-\(.)"}}],
        filters: [{redirect: {scheme: "https", hostname: "example.org", statusCode: 301}}]}]
      + [range(0; $routes) | {
        matches: [{path: {match: "PREFIX", value: "/route-\(.)"}}],
        backends: [{destination: {"kuma.io/service": "upstream"}}]}]
      + [{matches: [{path: {match: "PREFIX", value: "/"}}],
          backends: [{destination: {"kuma.io/service": "upstream"}}]}])}}}'
}
put /meshes/default/meshgatewayroutes/bench-http "$(http_route 0)"
put /meshes/default/meshgatewayroutes/bench-tcp "$(jq -n '{
  type: "MeshGatewayRoute", mesh: "default", name: "bench-tcp",
  selectors: [{match: {"kuma.io/service": "bench-gateway", listener: "tcp"}}],
  conf: {tcp: {rules: [{backends: [{destination: {"kuma.io/service": "redis"}}]}]}}}')"

# The mesh path: /mesh through the gateway to service "web", a sidecar in front of the upstream.
put /meshes/default/meshgatewayroutes/bench-mesh "$(jq -n '{
  type: "MeshGatewayRoute", mesh: "default", name: "bench-mesh",
  selectors: [{match: {"kuma.io/service": "bench-gateway", listener: "http"}}],
  conf: {http: {rules: [{matches: [{path: {match: "PREFIX", value: "/mesh"}}],
    backends: [{destination: {"kuma.io/service": "web"}}]}]}}}')"

# The builtin gateway (as integration-tests' DataplaneProcess.builtinGateway starts it).
mkdir -p "$work/gateway"
cat >"$work/gateway/bench-gw-1.yaml" <<EOF
type: Dataplane
mesh: default
name: bench-gw-1
networking:
  address: 127.0.0.1
  admin: {port: $gw_admin_port}
  gateway:
    type: BUILTIN
    tags: {kuma.io/service: bench-gateway}
EOF
# start_dp DIR NAME: bin/portico-dp for the Dataplane DIR/NAME.yaml with a token of its own, its
# log in DIR; its pid is the last of pids.
start_dp() {
  local dir="$1" name="$2"
  curl -sf --max-time 20 -X POST -H 'Content-Type: application/json' \
    --data "{\"mesh\":\"default\",\"name\":\"$name\"}" "$api/tokens/dataplane" \
    >"$dir/$name.token" || die "no dataplane token for $name from $api/tokens/dataplane"
  "${pin[@]}" "$root/bin/portico-dp" run \
    "--cp-address=https://localhost:$dp_server_port/" \
    --dns-enabled=false \
    "--ca-cert-file=$work/cp/portico-cp.crt" \
    "--dataplane-token-file=$dir/$name.token" \
    "--dataplane-file=$dir/$name.yaml" \
    --drain-time=2s >"$dir/portico-dp.log" 2>&1 &
  pids+=($!)
}
start_dp "$work/gateway" bench-gw-1
dp_pid="${pids[-1]}"
wait_until "gateway ready" 60 "$dp_pid" http_ok "http://127.0.0.1:$gw_admin_port/ready"
wait_until "gateway routes to the upstream" 30 "$dp_pid" http_ok "http://127.0.0.1:$gw_http_port/"
wait_until "gateway TCP route to redis" 30 "$dp_pid" \
  redis_pong "$gw_tcp_port"
log "Portico gateway on 127.0.0.1:$gw_http_port (http), 127.0.0.1:$gw_tcp_port (tcp)"

# rss_mib PID: the resident set of PID and its children, MiB.
rss_mib() {
  local pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true
  done | awk '{ kib += $1 } END { printf "%.0f", kib / 1024 }'
}
# Idle means idle: the JIT's first burst is over and bin/portico-dp's periodic malloc_trim (every
# 5 s) has run at least once.
sleep 10
gw_rss_idle="$(rss_mib "$dp_pid")"

# ---------------------------------------------------------------------------------------------
echo
echo "== Setup"
echo "machine: $(nproc) cores ($(uname -srm)); proxies under test: $proxy_cores cores${PROXY_CPUS:+ (taskset -c $PROXY_CPUS)}"
echo "Portico JVM: $(java -version 2>&1 | head -1), $(java -version 2>&1 | sed -n 3p)"
echo "Portico gateway command: $(tr '\0' ' ' <"/proc/$dp_pid/cmdline")"
echo "Portico gateway log level: the proxy's own (INFO, io.netty/io.grpc WARN)"
echo "Portico gateway path: one hop, MeshGatewayRoute -> ExternalService 127.0.0.1:$up_port"
echo "nginx $(nginx -v 2>&1 | sed 's/.*\///'), $proxy_cores workers, keepalive upstream;" \
  "HAProxy $(haproxy -v | head -1 | awk '{print $3}'), $proxy_cores threads"
echo "wrk: -t$THREADS -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up per target"
echo "redis-benchmark: -c $REDIS_CLIENTS -n $REDIS_REQUESTS -t set,get"
[[ "$ROUTES" != "0" ]] && echo "ROUTES=$ROUTES: the HTTP route has $ROUTES more rules (PREFIX /route-N)"
[[ "$QUICK" == "1" ]] && echo "QUICK=1: smoke run, the numbers mean nothing"

# cpu_ticks PID: user and system clock ticks of PID and its children (nginx workers), all threads.
cpu_ticks() {
  local pid parent
  for pid in "$@" $(for parent in "$@"; do pgrep -P "$parent" || true; done); do
    awk '{ print $14, $15 }' "/proc/$pid/stat" 2>/dev/null || true
  done | awk '{ user += $1; sys += $2 } END { print user + 0, sys + 0 }'
}

# wrk_row NAME URL PID: warm-up, then one measured run; prints a table row. The CPU columns are
# the time PID (and its children) spent per request during the run: the machine's load changes
# the requests/s from run to run, the CPU a proxy spends on a request much less.
wrk_row() {
  local name="$1" url="$2" pid="$3" out="$work/wrk-$1.txt" before after
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null 2>&1 || true
  # shellcheck disable=SC2086 # PID may be several, separated by spaces
  before="$(cpu_ticks $pid)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out" 2>&1 ||
    die "wrk against $name failed: $(cat "$out")"
  # shellcheck disable=SC2086
  after="$(cpu_ticks $pid)"
  awk -v name="$name" -v before="$before" -v after="$after" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END {
      split(before, b, " "); split(after, a, " ")
      user = (a[1] - b[1]) / hz * 1e6 / requests; sys = (a[2] - b[2]) / hz * 1e6 / requests
      printf "%-22s %14s %10s %10s %8.1f %8.1f %8d / %d\n", name, rps, p50, p99, user, sys, non2xx, errors
    }
  ' "$out"
}

echo
echo "== HTTP: GET / (small static 200 from nginx), same wrk settings for every target"
echo "   (user/sys: CPU microseconds the target's processes spent per request)"
printf '%-22s %14s %10s %10s %8s %8s %s\n' target requests/s p50 p99 user sys "non-2xx / errors"
wrk_row "upstream (direct)" "http://127.0.0.1:$up_port/" "$up_pid"
wrk_row "portico gateway" "http://127.0.0.1:$gw_http_port/" "$dp_pid"
wrk_row "nginx proxy" "http://127.0.0.1:$nginx_port/" "$nginx_pid"
wrk_row "haproxy (http)" "http://127.0.0.1:$haproxy_port/" "$haproxy_pid"

echo
echo "== Memory: resident set (MiB), idle after the first config and after the HTTP load"
printf '%-22s %8s %12s\n' target idle "after load"
printf '%-22s %8s %12s\n' "portico gateway" "$gw_rss_idle" "$(rss_mib "$dp_pid")"
printf '%-22s %8s %12s\n' "nginx proxy" "-" "$(rss_mib "$nginx_pid")"
printf '%-22s %8s %12s\n' "haproxy" "-" "$(rss_mib "$haproxy_pid")"

# redis_rows NAME PORT: redis-benchmark SET and GET through one target.
redis_rows() {
  local name="$1" port="$2" out="$work/redis-$1.csv"
  redis-benchmark -p "$port" -c "$REDIS_CLIENTS" -n "$REDIS_REQUESTS" -t set,get --csv \
    >"$out" 2>"$work/redis-$1.err" || die "redis-benchmark against $name failed"
  awk -F'"' -v name="$name" '
    $2 == "SET" || $2 == "GET" {
      printf "%-22s %-4s %14s %10s %10s\n", name, $2, $4, $10, $14 }
  ' "$out"
}

echo
echo "== TCP: redis-benchmark SET/GET (latencies in ms)"
printf '%-22s %-4s %14s %10s %10s\n' target op requests/s p50 p99
redis_rows "redis (direct)" "$redis_port"
redis_rows "portico gateway (tcp)" "$gw_tcp_port"
redis_rows "haproxy (tcp)" "$haproxy_tcp_port"

# ---------------------------------------------------------------------------------------------
echo
echo "== Config change: PUT a route with one more redirect rule, poll the gateway until it answers"
echo "   301 on the new path (the time from sending the PUT to the first 301; 1 ms polls)"
for ((i = 1; i <= CONFIG_CHANGES; i++)); do
  http_route "$i" >"$work/route-$i.json"
  python3 - "$api/meshes/default/meshgatewayroutes/bench-http" "$work/route-$i.json" \
    "$gw_http_port" "/changed-$i" <<'EOF' || die "config change $i was not followed"
import http.client, sys, time, urllib.request
url, body_file, port, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
body = open(body_file, "rb").read()
request = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": "application/json"})
start = time.monotonic()
with urllib.request.urlopen(request, timeout=20) as response:
    if response.status not in (200, 201):
        sys.exit(f"PUT answered {response.status}")
put_done = time.monotonic()
deadline = start + 30
while True:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        status = connection.getresponse().status
    except OSError:
        status = -1
    finally:
        connection.close()
    now = time.monotonic()
    if status == 301:
        print(f"change {path}: {1000 * (now - start):8.1f} ms"
              f"  (PUT answered after {1000 * (put_done - start):.1f} ms)")
        break
    if now > deadline:
        sys.exit(f"{path} still answers {status} after 30 s")
    time.sleep(0.001)
EOF
done

# ---------------------------------------------------------------------------------------------
# The mesh path: gateway -> the sidecar of service "web" -> the upstream, without and with mesh
# mTLS (the gateway's client certificate, the sidecar's inbound requiring one).
sc_port="$(free_port)"
sc_admin_port="$(free_port)"
mkdir -p "$work/sidecar"
cat >"$work/sidecar/bench-web-1.yaml" <<YAML
type: Dataplane
mesh: default
name: bench-web-1
networking:
  address: 127.0.0.1
  admin: {port: $sc_admin_port}
  inbound:
    - port: $sc_port
      servicePort: $up_port
      tags: {kuma.io/service: web, kuma.io/protocol: http}
YAML
start_dp "$work/sidecar" bench-web-1
sc_pid="${pids[-1]}"
wait_until "sidecar ready" 60 "$sc_pid" http_ok "http://127.0.0.1:$sc_admin_port/ready"
wait_until "gateway routes /mesh through the sidecar" 30 "$dp_pid" \
  http_ok "http://127.0.0.1:$gw_http_port/mesh"

# inbound_requires_client_certificate: the sidecar's inbound asks for the mesh certificate.
inbound_requires_client_certificate() {
  curl -sf --max-time 2 "http://127.0.0.1:$sc_admin_port/listeners" |
    jq -e '[.. | objects | select(.client_certificate_required? == true)] | length > 0'
}

echo
echo "== Mesh path: GET /mesh through the gateway and the sidecar of service web to the upstream"
echo "   (user/sys: CPU microseconds of both proxies per request)"
printf '%-22s %14s %10s %10s %8s %8s %s\n' target requests/s p50 p99 user sys "non-2xx / errors"
wrk_row "gateway+sidecar" "http://127.0.0.1:$gw_http_port/mesh" "$dp_pid $sc_pid"
put /meshes/default "$(jq -n '{type: "Mesh", name: "default",
  mtls: {enabledBackend: "ca-1", backends: [{name: "ca-1", type: "builtin"}]}}')"
wait_until "mesh mTLS on the sidecar's inbound" 60 "$sc_pid" inbound_requires_client_certificate
wait_until "gateway routes /mesh with mTLS" 30 "$dp_pid" \
  http_ok "http://127.0.0.1:$gw_http_port/mesh"
wrk_row "gateway+sidecar mTLS" "http://127.0.0.1:$gw_http_port/mesh" "$dp_pid $sc_pid"

echo
log "done"
