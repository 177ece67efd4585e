#!/usr/bin/env bash
# Installs every build, test and run dependency of Meute from Debian 12's
# packages. Idempotent: does nothing (and needs no network) when all are there.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libicu-dev libxapian-dev xapian-tools xapian-omega libeigen3-dev libabsl-dev
  nlohmann-json3-dev libxml2-dev libtomlplusplus-dev libpoppler-cpp-dev libcli11-dev
  libcurl4-openssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format
  python3 python3-sklearn python3-jsonschema sqlite3 chromium poppler-utils
  zlib1g-dev dict-freedict-eng-fra dict-freedict-fra-eng mythes-fr librsvg2-dev
  libhunspell-dev hunspell-fr
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or with sudo) to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
