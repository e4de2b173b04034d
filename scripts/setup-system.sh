#!/usr/bin/env bash
# Installs the Debian packages that the tests and figures need, only those that are missing:
# real Jupyter clients (nbclient, jupyter_kernel_test, classic notebook), Chromium for the browser test,
# DejaVu fonts for PNG rendering. Needs root (or sudo) and Debian's apt; a no-op when all are present.
set -euo pipefail
packages=(
  jupyter-client python3-nbclient jupyter-nbconvert python3-jupyter-kernel-test jupyter-console
  jupyter-notebook chromium fonts-dejavu-core
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "setup-system: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=900 "${missing[@]}" >/dev/null
