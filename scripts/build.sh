#!/usr/bin/env bash
# Configures and builds one flavour of Meute.
#   scripts/build.sh [release|asan]   (default: release)
# release: Release (-O3) in build/; asan: Debug with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/. Warnings are errors in both.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
case "$flavour" in
  release) dir=build; args=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan) dir=build-asan; args=(-DCMAKE_BUILD_TYPE=Debug -DMEUTE_SANITIZE=address,undefined) ;;
  *) echo "build.sh: unknown flavour \"$flavour\" (release or asan)" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja -DMEUTE_WERROR=ON "${args[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"
