#!/usr/bin/env bash
# A real Kubernetes API server on loopback, the way controller-runtime's envtest
# runs one: etcd plus kube-apiserver (scripts/ensure-kube.sh builds both once),
# no kubelet, scheduler or controller-manager, so objects are stored, defaulted,
# validated and admitted but nothing runs.
#   bash scripts/kube-dev.sh start   start (or reuse) it; writes $dir/kubeconfig
#   bash scripts/kube-dev.sh env     prints `export KUBECONFIG=...` for eval
#   bash scripts/kube-dev.sh stop    stops both processes, removes their data
# $dir is .data/kube, or KUBE_DEV_DIR (another dir is another, independent server).
# Serving cert, service-account keys and tokens are made fresh at each start:
# user "admin" (group system:masters) and user "reader" (no RBAC bindings, so
# RBAC denies it everything but discovery); contexts quantumlayer-dev and
# quantumlayer-dev-reader. Ports are picked free at start. Default admission.
# KUBE_APISERVER_ARGS adds flags, e.g. "--feature-gates=SomeGate=false".
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${KUBE_DEV_DIR:-.data/kube}"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
ready_timeout="${KUBE_DEV_READY_TIMEOUT:-90}"

alive() { [[ -f "$dir/$1.pid" ]] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }
readyz() { # 0 when /readyz answers ok
  [[ -f "$dir/kubeconfig" && -f "$dir/endpoint" ]] || return 1
  [[ "$(curl -s --max-time 2 --cacert "$dir/run/pki/ca.crt" \
    -H "Authorization: Bearer $(cat "$dir/run/admin-token")" "$(cat "$dir/endpoint")/readyz" 2>/dev/null)" == ok ]]
}
usage() {
  cat <<EOF
Kubernetes API server $(cat "$dir/endpoint") (kube-apiserver $(cat "$dir/run/version")); nothing schedules or runs pods.
  export KUBECONFIG=$dir/kubeconfig        # or: eval "\$(bash scripts/kube-dev.sh env)"
  kubectl get --raw /readyz                 # as admin (system:masters)
  kubectl --context quantumlayer-dev-reader auth can-i list pods   # no: a user without bindings
  bash scripts/apply-deploy.sh              # CRDs + deploy/ overlays into this server
  bash scripts/kube-dev.sh stop
kubectl: $(sed -n 3p "$dir/run/binaries")
EOF
}

stop() {
  local name pid
  for name in kube-apiserver etcd; do
    if alive "$name"; then
      pid=$(cat "$dir/$name.pid")
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$dir/$name.pid"
  done
  rm -rf "$dir/run" "$dir/kubeconfig" "$dir/endpoint"
}

free_ports() { # prints N distinct free loopback ports
  node -e '
    const net = require("net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map(s => new Promise(r => s.listen(0, "127.0.0.1", r)))).then(() => {
      console.log(servers.map(s => s.address().port).join(" "));
      servers.forEach(s => s.close());
    });' "$1"
}

pki() { # CA, serving cert for 127.0.0.1/localhost, service-account key pair
  local p="$dir/run/pki"
  mkdir -p "$p"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 \
    -subj /CN=quantumlayer-kube-dev-ca -keyout "$p/ca.key" -out "$p/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj /CN=kube-apiserver -keyout "$p/serving.key" -out "$p/serving.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$p/serving.ext"
  openssl x509 -req -in "$p/serving.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial \
    -days 7 -extfile "$p/serving.ext" -out "$p/serving.crt" 2>/dev/null
  openssl genrsa -out "$p/sa.key" 2048 2>/dev/null
  openssl rsa -in "$p/sa.key" -pubout -out "$p/sa.pub" 2>/dev/null
}

kubeconfig() { # server admin-token reader-token
  local ca
  ca=$(base64 -w0 < "$dir/run/pki/ca.crt")
  umask 077
  cat > "$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: quantumlayer-dev
    cluster: { server: "$1", certificate-authority-data: "$ca" }
users:
  - name: admin
    user: { token: "$2" }
  - name: reader
    user: { token: "$3" }
contexts:
  - name: quantumlayer-dev
    context: { cluster: quantumlayer-dev, user: admin }
  - name: quantumlayer-dev-reader
    context: { cluster: quantumlayer-dev, user: reader }
current-context: quantumlayer-dev
EOF
}

start() {
  if alive kube-apiserver && alive etcd && readyz; then usage; return; fi
  stop
  local bins etcd apiserver etcd_port peer_port api_port admin reader t0
  mapfile -t bins < <(bash scripts/ensure-kube.sh)
  etcd="${bins[0]}" apiserver="${bins[1]}"
  t0=$(date +%s.%N)
  mkdir -p "$dir/run" && mkdir -m 700 "$dir/run/etcd"
  printf '%s\n' "${bins[@]}" > "$dir/run/binaries"
  "$apiserver" --version | awk '{print $2}' > "$dir/run/version"
  pki
  read -r etcd_port peer_port api_port < <(free_ports 3)
  admin=$(openssl rand -hex 24) reader=$(openssl rand -hex 24)
  echo "$admin" > "$dir/run/admin-token"
  ( umask 077
    printf '%s,admin,admin-uid,"system:masters"\n%s,reader,reader-uid\n' "$admin" "$reader" > "$dir/run/tokens.csv" )

  nohup "$etcd" --name kube-dev --data-dir "$dir/run/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "kube-dev=http://127.0.0.1:$peer_port" --log-level warn \
    > "$dir/etcd.log" 2>&1 &
  echo $! > "$dir/etcd.pid"

  local p="$dir/run/pki"
  nohup "$apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --secure-port "$api_port" \
    --advertise-address 127.0.0.1 --endpoint-reconciler-type none \
    --service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true \
    --tls-cert-file "$p/serving.crt" --tls-private-key-file "$p/serving.key" \
    --service-account-key-file "$p/sa.pub" --service-account-signing-key-file "$p/sa.key" \
    --service-account-issuer "https://127.0.0.1:$api_port" \
    --token-auth-file "$dir/run/tokens.csv" --authorization-mode RBAC \
    ${KUBE_APISERVER_ARGS:-} \
    > "$dir/kube-apiserver.log" 2>&1 &
  echo $! > "$dir/kube-apiserver.pid"
  echo "https://127.0.0.1:$api_port" > "$dir/endpoint"
  kubeconfig "https://127.0.0.1:$api_port" "$admin" "$reader"

  local deadline=$(( $(date +%s) + ready_timeout ))
  until readyz; do
    for name in etcd kube-apiserver; do
      alive "$name" || { echo "kube-dev: $name exited during start; last lines of $dir/$name.log:" >&2
        tail -n 20 "$dir/$name.log" >&2; stop; exit 1; }
    done
    if (( $(date +%s) >= deadline )); then
      echo "kube-dev: /readyz not ok after ${ready_timeout}s; see $dir/kube-apiserver.log and $dir/etcd.log" >&2
      stop; exit 1
    fi
    sleep 0.25
  done
  echo "kube-dev: ready in $(awk -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }') s" >&2
  usage
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  env)
    readyz || { echo "kube-dev: no server running in $dir; run: bash scripts/kube-dev.sh start" >&2; exit 1; }
    echo "export KUBECONFIG=$dir/kubeconfig" ;;
  *) echo "usage: bash scripts/kube-dev.sh [start|stop|env]" >&2; exit 2 ;;
esac
