#!/usr/bin/env bash
# Install the Debian packages Madoguchi needs, only those missing. Usage: tools/system-packages.sh demo|test
set -euo pipefail

packages=(python3 python3-venv fonts-ipaexfont fonts-ipamj-mincho)
if [ "${1:-demo}" = "test" ]; then
  packages+=(chromium poppler-utils)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The browser tests' axe-core comes from npm; any installed npm will do (Debian's, or one bundled with nodejs).
if [ "${1:-demo}" = "test" ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "次のパッケージが必要です。root で実行するか、管理者に導入を依頼してください: ${missing[*]}" >&2
  exit 1
fi
echo "不足しているパッケージを導入します: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
