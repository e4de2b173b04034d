#!/usr/bin/env bash
# Installs the Debian packages Kazami needs, only those that are missing (a no-op when all are present).
#   setup-system.sh figures   DejaVu fonts for PNG rendering (what `npm run figures` needs)
#   setup-system.sh test      + real Jupyter clients (nbclient, jupyter_kernel_test, classic notebook,
#                             console), Chromium for the browser test, and a one-node Slurm (slurmctld,
#                             slurmd, client, munge) for the `--executor slurm` test (what `npm test` needs)
#   setup-system.sh bench     + PyTorch, numpy, SciPy, matplotlib and ipykernel for the side-by-side benchmarks
# Needs root (or sudo) and Debian's apt.
set -euo pipefail
profile="${1:-test}"
packages=(fonts-dejavu-core)
case "$profile" in
  figures) ;;
  test) packages+=(jupyter-client python3-nbclient jupyter-nbconvert python3-jupyter-kernel-test
                   jupyter-console jupyter-notebook python3-ipykernel chromium
                   slurmctld slurmd slurm-client munge) ;;
  bench) packages+=(python3-torch python3-numpy python3-scipy python3-matplotlib jupyter-client python3-ipykernel) ;;
  *) echo "setup-system: unknown profile '$profile'; expected figures, test or bench" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "setup-system: missing Debian packages ${missing[*]} and no apt-get here; install them by hand" >&2
  exit 1
fi
echo "setup-system: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=900 "${missing[@]}" >/dev/null
