#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432, lets user `postgres` in from
# 127.0.0.1 without a password, and that the database named as the first argument exists.
# Used by .ci/run (the test database) and `make load` (a throwaway database for the load test).
#
# When no server answers and we are root (or have password-less sudo) on Debian, it installs
# Debian's `postgresql` and starts its cluster; otherwise it says what to do and fails.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
PG_DATABASE="${1:?usage: postgres-ensure.sh <database>}"

die() { printf 'PostgreSQL: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "need root to run: $* (or start a PostgreSQL server on ${PG_HOST}:${PG_PORT} yourself)"
  fi
}

apt_updated=0
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "not a Debian system: install ${missing[*]} yourself"
  echo "Installing Debian packages: ${missing[*]}"
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/${PG_HOST}/${PG_PORT}" 2>/dev/null
  fi
}

pg_wait() {
  local i
  for i in $(seq 1 30); do
    pg_answers && return 0
    sleep 1
  done
  return 1
}

pg_connects() {
  # The connection the tests and the load test make: TCP, user postgres, no password.
  PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
    -Atc 'select 1' >/dev/null 2>&1
}

pg_local_cluster() {
  # "<version> <name>" of the local Debian cluster on PG_PORT, if there is one.
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }' | grep .
}

pg_trust_local_postgres() {
  # Lets user postgres in from 127.0.0.1 without a password: a `trust` rule first in
  # pg_hba.conf (the first matching rule wins), then a reload.
  local version name hba rule="host all postgres 127.0.0.1/32 trust"
  read -r version name < <(pg_local_cluster) || return 1
  hba="/etc/postgresql/${version}/${name}/pg_hba.conf"
  [ -f "$hba" ] || return 1
  if ! grep -qxF "$rule" "$hba"; then
    echo "Allowing postgres@127.0.0.1 without a password in $hba"
    as_root sed -i "1i $rule" "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload
}

pg_start_debian_cluster() {
  apt_install postgresql
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$version" ]; then
    # the package is installed but no cluster exists (e.g. it was dropped): make one
    version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$version" ] || die "postgresql is installed but /usr/lib/postgresql is empty"
    as_root pg_createcluster "$version" main
  elif [ ! -d "/etc/postgresql/${version}/main" ]; then
    as_root pg_createcluster "$version" main
  fi
  local port
  port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }' || true)"
  [ "$port" = "$PG_PORT" ] || die "cluster ${version}/main listens on port ${port:-?}, not ${PG_PORT}"
  if ! pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
    echo "Starting PostgreSQL ${version}/main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  pg_wait || die "${version}/main started but does not answer on ${PG_HOST}:${PG_PORT}"
}

if pg_answers; then
  echo "PostgreSQL answers on ${PG_HOST}:${PG_PORT}"
else
  echo "No PostgreSQL answers on ${PG_HOST}:${PG_PORT}: installing and starting Debian's postgresql"
  pg_start_debian_cluster
fi
command -v psql >/dev/null 2>&1 || apt_install postgresql-client
if ! pg_connects; then
  pg_trust_local_postgres || true
  pg_connects || die "cannot connect to ${PG_HOST}:${PG_PORT} as postgres without a password"
fi
if ! psql -X -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atc \
  "select 1 from pg_database where datname = '${PG_DATABASE}'" | grep -q 1; then
  createdb -w -h "$PG_HOST" -p "$PG_PORT" -U postgres "$PG_DATABASE"
  echo "Created database ${PG_DATABASE}"
fi
