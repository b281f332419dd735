#!/usr/bin/env bash
# Debian packages the build and the tests need: Chromium (browser tests and
# screenshots), the Noto CJK fonts (Chinese text in matplotlib figures),
# bubblewrap (the sandbox each submission is graded in), and for a class on
# JupyterHub (deploy/jupyterhub): PostgreSQL (the gradebook) and python3-venv
# (the hub's environment is built on Debian's own Python, which every account
# can read).
# Idempotent: installs only what is missing.
set -euo pipefail
packages=(chromium fonts-noto-cjk bubblewrap postgresql python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "error: ${missing[*]} missing and this is not a Debian/Ubuntu system; install them by hand" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# matplotlib caches the font list; drop it so the new CJK fonts are seen.
rm -rf "${HOME}/.cache/matplotlib"
