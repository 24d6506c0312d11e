#!/usr/bin/env bash
# Makes sure a Redis server answers on 127.0.0.1:6379: used by .ci/run, whose tests check that
# rate limits and sessions hold across workers when Redis is the shared cache. When none
# answers and we are root (or have password-less sudo) on Debian, it installs Debian's
# `redis-server` and starts it in the background, keeping nothing on disk.
set -euo pipefail

HOST=127.0.0.1
PORT=6379

die() { printf 'Redis: %s\n' "$*" >&2; exit 1; }

answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null)" = "PONG" ]
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/${HOST}/${PORT}; printf 'PING\r\n' >&3; head -c 5 <&3 | grep -q PONG" 2>/dev/null
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "need root to run: $* (or start a Redis server on ${HOST}:${PORT} yourself)"
  fi
}

if answers; then
  echo "Redis answers on ${HOST}:${PORT}"
  exit 0
fi
echo "No Redis answers on ${HOST}:${PORT}: installing and starting Debian's redis-server"
if ! command -v redis-server >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "not a Debian system: install redis-server yourself"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    redis-server >/dev/null
fi
as_root mkdir -p /var/lib/redis /var/log/redis
as_root redis-server --daemonize yes --bind "$HOST" --port "$PORT" --save "" --appendonly no \
  --dir /var/lib/redis --logfile /var/log/redis/camino.log
for _ in $(seq 1 30); do
  answers && { echo "Redis started"; exit 0; }
  sleep 0.5
done
die "redis-server started but does not answer on ${HOST}:${PORT}"
