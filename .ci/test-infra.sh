#!/usr/bin/env bash
# Prepares this machine so that the Testcontainers 2 tests of bgtasks can run:
#   1. installs Debian's docker.io (+ debootstrap) if missing,
#   2. starts dockerd in the background (there is no systemd here),
#   3. builds the images local/redis:7 and local/postgres:15 from Debian
#      packages (no image registry is reachable from this machine).
# Everything is idempotent: a warm run only checks and takes a few seconds.
#
# Usage (CI):
#   eval "$(bash .ci/test-infra.sh)"      # set up, then export the test env
#   eval "$(bash .ci/test-infra.sh --env)" # only export the env, no set-up
# All progress goes to stderr; stdout carries nothing but the export lines,
# so the eval above is safe.
#
# Gotchas for the tests (also in the report that came with this script):
#   * /.dockerenv exists, so Testcontainers thinks it runs inside a container
#     and talks to mapped ports via the docker0 gateway (172.17.0.1), not
#     localhost. Always use container.getHost()/getMappedPort(), never
#     hard-code localhost:6379/5432 (a host Redis/PostgreSQL already listen
#     there).
#   * local/postgres:15 prints "database system is ready to accept
#     connections" exactly TWICE per start (see the entrypoint below), so the
#     stock PostgreSQLContainer wait strategy (times = 2) works unchanged.
#   * Ryuk is disabled (its image cannot be pulled): tests must stop their
#     containers themselves (try-with-resources / @Container lifecycle).
#   * A docker stop/start of a container with a random host port gets a NEW
#     host port, but Testcontainers' getMappedPort() keeps the old one
#     (cached). Restart tests must re-inspect the container or bind a fixed
#     host port.
set -euo pipefail

# ---------------------------------------------------------------- settings --
readonly DOCKER_SOCK=/var/run/docker.sock
readonly DOCKERD_LOG=/var/log/dockerd-bgtasks.log
# Explicit --bip makes the "bridge" network carry an IPAM gateway; without it
# Testcontainers (inside a "container" because of /.dockerenv) falls back to
# pulling alpine to find the gateway, which fails here.
readonly DOCKER_BIP=172.17.0.1/16
readonly DOCKERD_TIMEOUT=60
readonly REDIS_IMAGE=local/redis:7
readonly POSTGRES_IMAGE=local/postgres:15
readonly SUITE=bookworm
readonly MIRROR=http://deb.debian.org/debian
readonly CACHE_DIR=/var/cache/bgtasks-rootfs
readonly BASE_ROOTFS=$CACHE_DIR/$SUITE-minbase
readonly LOCK_FILE=/var/lock/bgtasks-test-infra.lock
# Bump a recipe version when the image recipe below changes: an existing
# image with another version is rebuilt instead of reused.
readonly REDIS_RECIPE=1
readonly POSTGRES_RECIPE=1

print_env() {
  cat <<EOF
export TESTCONTAINERS_RYUK_DISABLED=true
export DOCKER_HOST=unix://$DOCKER_SOCK
export BGTASKS_REDIS_IMAGE=$REDIS_IMAGE
export BGTASKS_POSTGRES_IMAGE=$POSTGRES_IMAGE
EOF
}

case "${1:-}" in
  --env) print_env; exit 0 ;;
  -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  '') ;;
  *) echo "[test-infra] unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

# Keep the real stdout on fd 3 for the final export lines and send everything
# else (including apt/docker chatter) to stderr.
exec 3>&1 1>&2

log() { echo "[test-infra] $*" >&2; }
die() { echo "[test-infra] ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, starts dockerd)"

# Serialise concurrent runs (two CI jobs building the same image would clash).
exec 9>"$LOCK_FILE"
flock -w 1800 9 || die "timed out waiting for $LOCK_FILE"

export DOCKER_HOST=unix://$DOCKER_SOCK
export DEBIAN_FRONTEND=noninteractive
START_TIME=$SECONDS

# ---------------------------------------------------------------- packages --
APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    log "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The docker CLI may already exist (/usr/local/bin/docker); what matters is the
# daemon, which only docker.io provides here.
if ! command -v dockerd >/dev/null 2>&1; then
  apt_install docker.io
fi
command -v docker >/dev/null 2>&1 || die "docker CLI missing after installing docker.io"

# ------------------------------------------------------------------ dockerd --
docker_ok() { docker info >/dev/null 2>&1; }

if docker_ok; then
  log "reusing the running docker daemon at $DOCKER_HOST"
else
  if pgrep -x dockerd >/dev/null 2>&1; then
    # Probably still starting (e.g. launched by a concurrent job): just wait.
    log "dockerd process exists but does not answer yet; waiting for it"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    # A pid file left by a dead daemon (e.g. restored VM snapshot) makes
    # dockerd refuse to start if that pid got reused by another process.
    rm -f /var/run/docker.pid
    # setsid: own session, survives the end of this script/CI step.
    # 3>&- 9>&-: must not inherit the captured stdout (the caller's $(...)
    # would hang until dockerd exits) nor the lock.
    setsid dockerd --host "unix://$DOCKER_SOCK" --bip "$DOCKER_BIP" \
      </dev/null >>"$DOCKERD_LOG" 2>&1 3>&- 9>&- &
  fi
  deadline=$((SECONDS + DOCKERD_TIMEOUT))
  until docker_ok; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
      die "docker daemon did not answer within ${DOCKERD_TIMEOUT}s (see $DOCKERD_LOG)"
    fi
    sleep 0.5
  done
  log "docker daemon is up"
fi

# A reused daemon may have been started without --bip; Testcontainers would
# then try to pull alpine. Warn loudly instead of failing obscurely later.
gw=$(docker network inspect bridge -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' 2>/dev/null || true)
if [ -z "$gw" ]; then
  log "WARNING: the bridge network has no explicit IPAM gateway (dockerd not started with --bip?);"
  log "WARNING: Testcontainers will try to pull alpine. Restart dockerd with --bip $DOCKER_BIP."
fi

# ------------------------------------------------------------------- images --
# True if the image exists and was built by the current recipe version.
image_current() { # <image> <recipe-env-name> <recipe>
  local env
  env=$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" 2>/dev/null) || return 1
  grep -qx "$2=$3" <<<"$env"
}

BUILD_DIR=
MOUNTS=()
cleanup() {
  local m i
  # Unmount in reverse order before deleting anything.
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    m=${MOUNTS[i]}
    mountpoint -q "$m" && umount -l "$m" || true
  done
  MOUNTS=()
  if [ -n "$BUILD_DIR" ] && [ -d "$BUILD_DIR" ]; then
    # --one-file-system: never descend into something still mounted.
    rm -rf --one-file-system "$BUILD_DIR"
  fi
  BUILD_DIR=
}
trap cleanup EXIT

ensure_base_rootfs() {
  [ -f "$BASE_ROOTFS/.bgtasks-complete" ] && return 0
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  log "debootstrap --variant=minbase $SUITE (cached in $BASE_ROOTFS; takes a minute or two)"
  mkdir -p "$CACHE_DIR"
  local tmp=$BASE_ROOTFS.tmp
  rm -rf --one-file-system "$tmp"
  debootstrap --variant=minbase "$SUITE" "$tmp" "$MIRROR" >/dev/null \
    || die "debootstrap failed (see $tmp/debootstrap/debootstrap.log)"
  # Security/point-release updates like the official images; keep the image
  # small and the chroot quiet.
  cat >"$tmp/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
EOF
  cat >"$tmp/etc/apt/apt.conf.d/90bgtasks" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Dpkg::Use-Pty "false";
EOF
  # Services must never be started inside the build chroot.
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  touch "$tmp/.bgtasks-complete"
  mv "$tmp" "$BASE_ROOTFS"   # atomic: an interrupted debootstrap is never reused
}

# Fresh copy of the cached base rootfs in $BUILD_DIR/rootfs, ready for chroot.
prepare_rootfs() {
  ensure_base_rootfs
  BUILD_DIR=$(mktemp -d /var/tmp/bgtasks-image.XXXXXX)
  local root=$BUILD_DIR/rootfs
  cp -a "$BASE_ROOTFS" "$root"
  rm -f "$root/.bgtasks-complete"
  cp /etc/resolv.conf "$root/etc/resolv.conf"   # DNS for apt inside the chroot
  # Resolvable hostname: quiets make-ssl-cert (pulled in by postgresql).
  printf '127.0.0.1 localhost %s\n' "$(hostname)" >"$root/etc/hosts"
  # Only self-contained mounts (never bind host dirs): proc for maintainer
  # scripts, tmpfs /dev/shm for PostgreSQL's shared memory.
  mount -t proc proc "$root/proc"; MOUNTS+=("$root/proc")
  mkdir -p "$root/dev/shm"
  mount -t tmpfs -o mode=1777 shm "$root/dev/shm"; MOUNTS+=("$root/dev/shm")
}

in_chroot() { # run a command in the build chroot with a clean environment
  chroot "$BUILD_DIR/rootfs" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive HOME=/root "$@"
}

# Shrink the rootfs, release mounts, and pipe it into docker import.
import_rootfs() { # <image> [docker import -c ...]...
  local image=$1; shift
  local root=$BUILD_DIR/rootfs
  in_chroot apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
    "$root"/var/log/apt/* "$root"/var/log/dpkg.log "$root"/tmp/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/*
  : >"$root/etc/resolv.conf"   # docker provides its own (and /etc/hosts)
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  cleanup_mounts_only
  log "docker import $image"
  tar --numeric-owner -C "$root" -c . | docker import "$@" - "$image" >/dev/null
}

cleanup_mounts_only() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount "${MOUNTS[i]}"; done
  MOUNTS=()
}

build_redis() {
  log "building $REDIS_IMAGE"
  prepare_rootfs
  local root=$BUILD_DIR/rootfs
  in_chroot apt-get update -qq
  in_chroot apt-get install -y -qq redis-server >/dev/null
  # /data: default working dir, so AOF/RDB land there (e.g. a test runs
  # "redis-server --appendonly yes --dir /data"). Redis runs as root in the
  # container, which keeps volume permissions trivial.
  mkdir -p "$root/data"
  # Like the official image's entrypoint: a command override such as
  # "redis-server --appendonly yes" would otherwise run with protected-mode
  # on and refuse every connection arriving through the port mapping.
  cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# bgtasks local/redis:7 entrypoint (generated by .ci/test-infra.sh)
set -e
# "docker run IMAGE --appendonly yes" -> redis-server --appendonly yes
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  case " $* " in
    *" --protected-mode "*) ;;
    *) set -- "$@" --protected-mode no ;;
  esac
fi
exec "$@"
EOF
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  in_chroot redis-server --version >&2
  import_rootfs "$REDIS_IMAGE" \
    -c "ENV BGTASKS_IMAGE_RECIPE_REDIS=$REDIS_RECIPE" \
    -c 'WORKDIR /data' \
    -c 'EXPOSE 6379' \
    -c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    -c 'CMD ["redis-server","--bind","0.0.0.0","--protected-mode","no"]'
  cleanup
}

build_postgres() {
  log "building $POSTGRES_IMAGE"
  prepare_rootfs
  local root=$BUILD_DIR/rootfs
  in_chroot apt-get update -qq
  # Same trick as the official image: no Debian "main" cluster, we run our
  # own PGDATA with a plain "postgres" process (no pg_ctlcluster wrappers).
  in_chroot apt-get install -y -qq postgresql-common >/dev/null
  sed -ri 's/#(create_main_cluster) .*$/\1 = false/' \
    "$root/etc/postgresql-common/createcluster.conf"
  in_chroot apt-get install -y -qq postgresql-15 >/dev/null
  mkdir -p "$root/var/lib/postgresql/data" "$root/run/postgresql"
  in_chroot chown -R postgres:postgres /var/lib/postgresql /run/postgresql
  chmod 700 "$root/var/lib/postgresql/data"
  chmod 2775 "$root/run/postgresql"
  cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/bash
# bgtasks local/postgres:15 entrypoint (generated by .ci/test-infra.sh).
# Mimics the official postgres image closely enough for Testcontainers:
#   * POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (default test/test/
#     $POSTGRES_USER); the test/test/test cluster is pre-built into the image,
#     other values re-run initdb at start (~1-2 s),
#   * "postgres -c fsync=off" style commands (what PostgreSQLContainer passes),
#   * password (md5) auth from any host, trust on the local socket.
# "database system is ready to accept connections" is logged exactly TWICE
# per start: once by postgres itself (already listening on 0.0.0.0:5432), and
# once by this script after it verified a TCP connection. The official image
# also prints it twice (its first one is from a temporary init server), and
# PostgreSQLContainer waits for 2 occurrences; waiting for 1 is also safe here.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
export PGDATA=${PGDATA:-/var/lib/postgresql/data}
want_user=${POSTGRES_USER:-test}
want_pass=${POSTGRES_PASSWORD:-test}
want_db=${POSTGRES_DB:-$want_user}
identity_file=$PGDATA/bgtasks-identity
want_identity="$want_user/$want_db/$(printf %s "$want_pass" | md5sum | cut -d' ' -f1)"

log() { echo "bgtasks-entrypoint: $*" >&2; }
sql_ident() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }
sql_lit() { local s=${1//\'/\'\'}; printf "'%s'" "$s"; }

init_cluster() {
  log "initialising $PGDATA (user=$want_user db=$want_db)"
  find "$PGDATA" -mindepth 1 -delete
  "$PGBIN/initdb" -D "$PGDATA" -U "$want_user" -E UTF8 --locale=C.UTF-8 \
    --auth=trust --no-sync >/dev/null
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
password_encryption = md5
dynamic_shared_memory_type = posix
CONF
  cat >"$PGDATA/pg_hba.conf" <<CONF
local all all trust
host  all all all md5
CONF
  local out
  out=$({
    echo "ALTER ROLE $(sql_ident "$want_user") PASSWORD $(sql_lit "$want_pass");"
    if [ "$want_db" != postgres ]; then echo "CREATE DATABASE $(sql_ident "$want_db");"; fi
  } | "$PGBIN/postgres" --single -D "$PGDATA" postgres 2>&1)
  if grep -q 'ERROR' <<<"$out"; then log "$out"; exit 1; fi
  printf '%s\n' "$want_identity" >"$identity_file"
}

[ $# -gt 0 ] || set -- postgres
case "$1" in -*) set -- postgres "$@" ;; esac   # "docker run IMAGE -c x=y"

case "$1" in
  init) init_cluster ;;   # used once at image build time
  postgres)
    shift
    [ "$(cat "$identity_file" 2>/dev/null || true)" = "$want_identity" ] || init_cluster
    "$PGBIN/postgres" -D "$PGDATA" "$@" &
    pid=$!
    # docker stop sends SIGTERM; use PostgreSQL's fast shutdown (SIGINT) like
    # the official image's STOPSIGNAL, instead of waiting for clients.
    trap 'kill -INT "$pid" 2>/dev/null || true' TERM INT
    for _ in $(seq 600); do
      kill -0 "$pid" 2>/dev/null || break
      if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "${PGPORT:-5432}"; then
        log "database system is ready to accept connections (TCP verified)"
        break
      fi
      sleep 0.1
    done
    set +e
    wait "$pid"; rc=$?
    while kill -0 "$pid" 2>/dev/null; do wait "$pid"; rc=$?; done
    exit "$rc"
    ;;
  *) exec "$@" ;;
esac
EOF
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  # Pre-build the default (test/test/test) cluster so containers start fast.
  local pg_ids
  pg_ids=$(in_chroot id -u postgres):$(in_chroot id -g postgres)  # uid in the rootfs, not the host's
  chroot --userspec="$pg_ids" "$root" /usr/bin/env -i \
    PATH=/usr/bin:/bin HOME=/var/lib/postgresql LANG=C.UTF-8 \
    /usr/local/bin/docker-entrypoint.sh init
  import_rootfs "$POSTGRES_IMAGE" \
    -c "ENV BGTASKS_IMAGE_RECIPE_POSTGRES=$POSTGRES_RECIPE" \
    -c 'ENV PG_MAJOR=15' \
    -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV PGDATA=/var/lib/postgresql/data' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'USER postgres' \
    -c 'WORKDIR /var/lib/postgresql' \
    -c 'EXPOSE 5432' \
    -c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    -c 'CMD ["postgres"]'
  cleanup
}

if image_current "$REDIS_IMAGE" BGTASKS_IMAGE_RECIPE_REDIS "$REDIS_RECIPE"; then
  log "reusing image $REDIS_IMAGE"
else
  build_redis
fi
if image_current "$POSTGRES_IMAGE" BGTASKS_IMAGE_RECIPE_POSTGRES "$POSTGRES_RECIPE"; then
  log "reusing image $POSTGRES_IMAGE"
else
  build_postgres
fi

log "ready in $((SECONDS - START_TIME))s; exporting:"
print_env >&2
print_env >&3
