#!/usr/bin/env bash
# A one-node Slurm on this machine, for the `kazami run --executor slurm` test (no systemd needed):
#
#   bash scripts/slurm.sh start [DIR]   start munged, slurmctld and slurmd with everything in DIR
#                                       (default $KAZAMI_SLURM_DIR, else /tmp/kazami-slurm); prints
#                                       SLURM_CONF=DIR/slurm.conf, which Slurm's clients need
#   bash scripts/slurm.sh stop [DIR]    cancel this cluster's jobs, stop the three daemons (by the
#                                       pids in DIR) and leave DIR with its logs
#
# The cluster is private to DIR: its own munge key and socket (/etc/munge is not used), its own
# slurm.conf, state, spool and logs, ports $KAZAMI_SLURM_PORT (default 6817) and the next one.
# The node is localhost with the CPUs and memory `slurmd -C` finds; one partition, "debug".
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge (scripts/setup-system.sh test).
# On failure it says why (the daemon's last log lines), stops what it started and exits 1.
set -euo pipefail
action="${1:-}"
dir="${2:-${KAZAMI_SLURM_DIR:-/tmp/kazami-slurm}}"
port="${KAZAMI_SLURM_PORT:-6817}"
say() { echo "slurm.sh: $*" >&2; }
die() { say "$*"; exit 1; }

pid_of() { [ -s "$dir/$1.pid" ] && cat "$dir/$1.pid" || true; }
alive() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# Stops the daemon whose pid is in $dir/$1.pid: TERM, then KILL after 10 s.
stop_daemon() {
  local name="$1" p
  p="$(pid_of "$name")"
  [ -n "$p" ] || return 0
  if kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then say "$name (pid $p) ignored SIGTERM; killing it"; kill -KILL "$p" 2>/dev/null || true; fi
  fi
  rm -f "$dir/$name.pid"
}

stop_all() {
  if [ -f "$dir/slurm.conf" ] && alive slurmctld; then
    # Jobs of this private cluster only (SLURM_CONF points at it); give their steps a moment to end.
    SLURM_CONF="$dir/slurm.conf" scancel --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
}

tail_log() { [ -f "$1" ] && { say "last lines of $1:"; tail -n 15 "$1" | sed 's/^/    /' >&2; } || say "$1 was not written"; }

fail_start() {
  say "$1"
  tail_log "$dir/$2.log"
  stop_all
  exit 1
}

start() {
  [ "$(id -u)" -eq 0 ] || die "start needs root (SlurmUser=root, munged runs as the munge user)"
  local cmd
  for cmd in munged munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol; do
    command -v "$cmd" >/dev/null || die "$cmd not found; install Debian's slurmctld slurmd slurm-client munge (bash scripts/setup-system.sh test)"
  done
  id munge >/dev/null 2>&1 || die "no 'munge' user; is Debian's munge package installed?"
  if alive slurmctld || alive slurmd || alive munged; then die "a cluster is already running from $dir; run 'bash scripts/slurm.sh stop $dir' first"; fi
  mkdir -p "$dir"
  chmod 755 "$dir"
  rm -rf "$dir/munge" "$dir/munge-run" "$dir/state" "$dir/spool"
  mkdir -p "$dir/munge" "$dir/munge-run" "$dir/state" "$dir/spool"

  # munge: a private key (in munge/, mode 700) and socket (in munge-run/), the daemon running as the munge user.
  head -c 1024 /dev/urandom > "$dir/munge/munge.key"
  chown -R munge:munge "$dir/munge" "$dir/munge-run"
  chmod 700 "$dir/munge"
  chmod 755 "$dir/munge-run" # the socket's folder must be searchable by every user
  chmod 400 "$dir/munge/munge.key"
  local sock="$dir/munge-run/munge.socket"
  su -s /bin/sh munge -c "munged --socket='$sock' --key-file='$dir/munge/munge.key' --pid-file='$dir/munge/munged.pid' \
    --log-file='$dir/munge/munged.log' --seed-file='$dir/munge/munged.seed'" \
    || fail_start "munged did not start" munge/munged
  for _ in $(seq 1 50); do [ -s "$dir/munge/munged.pid" ] && break; sleep 0.1; done
  cp "$dir/munge/munged.pid" "$dir/munged.pid" 2>/dev/null || fail_start "munged wrote no pid file" munge/munged
  munge -n --socket="$sock" | unmunge --socket="$sock" >/dev/null 2>&1 || fail_start "munge -n | unmunge failed" munge/munged

  # slurm.conf for this host only.
  local host node
  host="$(hostname)"
  node="$(slurmd -C | head -n 1)"
  case "$node" in NodeName=*) ;; *) fail_start "slurmd -C printed no node line: $node" slurmd ;; esac
  cat > "$dir/slurm.conf" <<EOF
# Written by scripts/slurm.sh: a one-node cluster on $host for kazami's tests.
ClusterName=kazami
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
KillWait=10
MinJobAge=600
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" -i || fail_start "slurmctld did not start" slurmctld
  slurmd -f "$SLURM_CONF" || fail_start "slurmd did not start" slurmd
  local state=""
  for _ in $(seq 1 150); do
    state="$(sinfo -h -n "$host" -o %T 2>/dev/null || true)"
    case "$state" in idle*|mixed*|allocated*) break ;; esac
    sleep 0.2
  done
  case "$state" in
    idle*|mixed*|allocated*) ;;
    *) say "node $host is '${state:-not listed}' after 30 s"; tail_log "$dir/slurmctld.log"; fail_start "slurmd did not register" slurmd ;;
  esac
  say "one-node cluster up: node $host ($state), partition debug, daemons' pids in $dir"
  echo "SLURM_CONF=$SLURM_CONF"
}

case "$action" in
  start) start ;;
  stop) stop_all; say "stopped the cluster of $dir" ;;
  *) die "usage: bash scripts/slurm.sh start|stop [DIR]" ;;
esac
