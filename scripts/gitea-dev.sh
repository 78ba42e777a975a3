#!/usr/bin/env bash
# Starts the local git forge the publishing templates push to: Gitea
# (scripts/ensure-gitea.sh) on 127.0.0.1 only, sqlite and repositories under
# .data/gitea, no registration, no SSH, no outbound traffic. Idempotent: the
# first start creates the database, an admin (`ql-admin`), the `quantumlayer`
# organisation the templates publish into and an API token for Backstage; a
# forge already answering on the port is reused.
#
# Gitea refuses to run as root: as root this runs it as the system user
# `quantumlayer-gitea` (created here, no login shell), with its own copy of the
# binary, since the build cache under root's home is not readable to it.
#
# Prints `QL_GITEA_URL=…` and `QL_GITEA_TOKEN_FILE=…` for app-config.gitea.yaml
# (the token itself stays in that file, mode 0600, never on the output).
# `bash scripts/gitea-dev.sh stop` stops the forge this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${QL_GITEA_PORT:-3300}"
url="http://127.0.0.1:$port"
data="$PWD/.data/gitea"
if [[ "${1:-}" == stop ]]; then
  pid=$(cat "$data/gitea.pid" 2>/dev/null) || exit 0
  # The pid is runuser's (as root) or Gitea's: stop the process and its children.
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$data/gitea.pid"
  exit 0
fi
token_file="$data/backstage-token"
admin=ql-admin
org=quantumlayer

api() { # method path [json-body]: prints the body, fails on HTTP >= 400
  curl -sS --fail-with-body -m 20 -X "$1" -H "authorization: token $(cat "$token_file")" \
    -H 'content-type: application/json' ${3:+--data "$3"} "$url/api/v1$2"
}
answers() { curl -s -m 2 -o /dev/null -w '%{http_code}' "$url/api/healthz" 2>/dev/null | grep -q '^200$'; }
token_works() { [[ -s "$token_file" ]] && api GET /user >/dev/null 2>&1; }

if answers; then
  token_works || { echo "gitea-dev: a server answers on :$port but not to the token in $token_file; stop it first" >&2; exit 1; }
  printf 'QL_GITEA_URL=%s\nQL_GITEA_TOKEN_FILE=%s\n' "$url" "$token_file"
  exit 0
fi

read -r gitea static < <(bash scripts/ensure-gitea.sh | paste -sd' ')
mkdir -p "$data"/{data,repositories,log}
run_as=()
if [[ $(id -u) == 0 ]]; then
  user=quantumlayer-gitea
  id "$user" >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir "$data/data/home" --shell /usr/sbin/nologin "$user"
  # Its own copy of the build: root's home is closed to other users.
  runtime="$data/runtime"
  if [[ ! -x "$runtime/gitea" || "$(cat "$runtime/.source" 2>/dev/null)" != "$gitea $(stat -c %Y "$gitea")" ]]; then
    rm -rf "$runtime" && mkdir -p "$runtime"
    cp "$gitea" "$runtime/gitea" && cp -r "$static" "$runtime/static"
    echo "$gitea $(stat -c %Y "$gitea")" > "$runtime/.source"
  fi
  gitea="$runtime/gitea" static="$runtime/static"
  chown -R "$user:$user" "$data"
  run_as=(runuser -u "$user" --)
  "${run_as[@]}" test -w "$data" -a -x "$gitea" || {
    echo "gitea-dev: $user cannot reach $data (a parent folder is closed to other users, e.g. mode 0700); open it with chmod o+x or clone elsewhere" >&2
    exit 1; }
else
  user=$(id -un)
fi
ini="$data/app.ini"
as_gitea() { "${run_as[@]}" env HOME="$data/data/home" GITEA_WORK_DIR="$data" "$gitea" --config "$ini" "$@"; }

if [[ ! -f "$ini" ]]; then
  secret() { "$gitea" generate secret "$1"; }
  cat > "$ini.tmp" <<EOF
APP_NAME = QuantumLayer local forge
RUN_USER = $user
RUN_MODE = prod
WORK_PATH = $data

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = $port
DOMAIN = 127.0.0.1
ROOT_URL = $url/
STATIC_ROOT_PATH = $static
APP_DATA_PATH = $data/data
DISABLE_SSH = true
START_SSH_SERVER = false
OFFLINE_MODE = true
LFS_START_SERVER = false

[database]
DB_TYPE = sqlite3
PATH = $data/data/gitea.db

[repository]
ROOT = $data/repositories
DEFAULT_BRANCH = main

[security]
INSTALL_LOCK = true
SECRET_KEY = $(secret SECRET_KEY)
INTERNAL_TOKEN = $(secret INTERNAL_TOKEN)

[oauth2]
JWT_SECRET = $(secret JWT_SECRET)

[service]
DISABLE_REGISTRATION = true
DEFAULT_ALLOW_CREATE_ORGANIZATION = true

[mailer]
ENABLED = false

[cron]
ENABLED = false

[webhook]
ALLOWED_HOST_LIST = loopback

[log]
MODE = file
LEVEL = Warn
ROOT_PATH = $data/log
EOF
  chmod 600 "$ini.tmp"
  [[ -n "${run_as[*]}" ]] && chown "$user:$user" "$ini.tmp"
  mv "$ini.tmp" "$ini"
fi
# Keeps the static root and the port current (a new Gitea version moves the
# build; QL_GITEA_PORT may differ from the first start's).
sed -i -e "s|^STATIC_ROOT_PATH = .*|STATIC_ROOT_PATH = $static|" \
  -e "s|^HTTP_PORT = .*|HTTP_PORT = $port|" -e "s|^ROOT_URL = .*|ROOT_URL = $url/|" "$ini"

as_gitea migrate > "$data/log/migrate.log" 2>&1 || {
  tail -20 "$data/log/migrate.log" >&2; echo "gitea-dev: migrate failed" >&2; exit 1; }
if ! as_gitea admin user list --admin 2>/dev/null | awk '{print $2}' | grep -qx "$admin"; then
  as_gitea admin user create --username "$admin" --email "$admin@quantumlayer.local" \
    --random-password --admin --must-change-password=false > /dev/null
fi

nohup "${run_as[@]}" env HOME="$data/data/home" GITEA_WORK_DIR="$data" \
  "$gitea" --config "$ini" web > "$data/log/web.out" 2>&1 &
echo $! > "$data/gitea.pid"
for _ in $(seq 1 150); do answers && break; sleep 0.2; done
answers || { tail -20 "$data/log/web.out" >&2; echo "gitea-dev: Gitea did not answer on :$port; see $data/log" >&2; exit 1; }

if ! token_works; then
  ( umask 077
    as_gitea admin user generate-access-token --username "$admin" \
      --token-name "backstage-$(date +%s)" --raw \
      --scopes write:repository,write:organization,read:user > "$token_file.tmp" )
  mv "$token_file.tmp" "$token_file"
fi
if ! api GET "/orgs/$org" >/dev/null 2>&1; then
  api POST /orgs "{\"username\":\"$org\",\"full_name\":\"QuantumLayer\",\"visibility\":\"public\"}" >/dev/null
fi
printf 'QL_GITEA_URL=%s\nQL_GITEA_TOKEN_FILE=%s\n' "$url" "$token_file"
