#!/usr/bin/env bash
# The storefront's browser tests (system-tests' StorefrontBrowserIT and ConsoleBrowserIT) drive a real headless Chromium: Debian's
# chromium and chromium-driver packages (/usr/bin/chromium, /usr/bin/chromedriver), installed here when missing.
# Nothing is downloaded by the tests themselves (no browser or driver download). Where the packages cannot be
# installed (e.g. Ubuntu, whose chromium is a snap), the tests skip and say so; this script says it first.
# Usage: .ci/browser.sh (from anywhere).
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "browser: ok: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), chromedriver present"
  exit 0
fi
if [ -r /etc/os-release ] && grep -qE '^ID=debian' /etc/os-release; then
  echo "browser: chromium or chromium-driver missing; installing Debian's packages"
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver \
    >/dev/null
  echo "browser: ok: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
else
  echo "browser: not Debian: no chromium/chromium-driver packages installed; the browser tests will be skipped" >&2
fi
