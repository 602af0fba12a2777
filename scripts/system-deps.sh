#!/usr/bin/env bash
# Install the Debian packages the platform needs, if any are missing.
#   scripts/system-deps.sh            run-time: venv, WeasyPrint's Pango/HarfBuzz, fonts
#   scripts/system-deps.sh --test     also what the test suite uses (poppler-utils, Chromium)
#   scripts/system-deps.sh --pdf      also poppler-utils (the PDF checks of `make test-fast`)
# Needs root (or sudo) and apt-get; prints what to install by hand otherwise.
set -euo pipefail
pkgs=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(poppler-utils chromium)
elif [[ "${1:-}" == "--pdf" ]]; then
  pkgs+=(poppler-utils)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Please install these system packages: ${missing[*]}" >&2; exit 0
fi
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "Installing system packages: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
