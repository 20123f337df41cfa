# Sourced by test.sh and bench/run.sh: starts a throwaway PostgreSQL on 127.0.0.1 and a free port, removed on exit.
# Usage: start_throwaway_postgres [server settings...]; then $PG_CONNECTION holds its connection string.
# With PG_HUGE_PAGES=on the server's shared memory is mapped in huge pages, reserved for it and given back on exit.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

run_pg() {
  # PostgreSQL refuses to run as root; use the postgres account when we are root.
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi
}

# A backend's first touch of each 4 kB page of shared buffers is a page fault, which on a virtual machine costs
# tens of microseconds; with 2 MB pages a backend takes a few hundred faults instead of a hundred thousand.
reserve_huge_pages() {
  local need before
  need=$(run_pg "$pg_bin/postgres" -D "$pg_dir/data" -C shared_memory_size_in_huge_pages "$@" 2>/dev/null) || return 1
  before=$(cat /proc/sys/vm/nr_hugepages)
  set_huge_pages $((before + need)) || return 1
  pg_hugepages_before=$before
  if [ "$(cat /proc/sys/vm/nr_hugepages)" -lt $((before + need)) ]; then release_huge_pages; return 1; fi
}

release_huge_pages() {
  if [ -n "${pg_hugepages_before:-}" ]; then set_huge_pages "$pg_hugepages_before" || true; fi
}

set_huge_pages() {
  if [ "$(id -u)" -eq 0 ]; then sysctl -q -w vm.nr_hugepages="$1" 2>/dev/null; else sudo -n sysctl -q -w vm.nr_hugepages="$1" 2>/dev/null; fi
}

start_throwaway_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing postgresql..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/allyward-pg.XXXXXX)
  pg_port=$(for p in $(seq 54330 54400); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
  pg_hugepages_before=""
  trap 'run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; release_huge_pages' EXIT
  run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >/dev/null
  if [ "${PG_HUGE_PAGES:-}" = on ]; then
    if reserve_huge_pages -c max_connections=300 "$@"; then
      set -- "$@" -c huge_pages=on
      echo "PostgreSQL's shared memory is in huge pages."
    else
      echo "Huge pages could not be reserved (needs root or sudo): PostgreSQL maps its shared memory in 4 kB pages."
    fi
  fi
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-h 127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=300 $*" start >/dev/null
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') is running on 127.0.0.1:$pg_port"
  PG_CONNECTION="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=unused"
}
