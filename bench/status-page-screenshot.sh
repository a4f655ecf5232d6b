#!/usr/bin/env bash
# Not a benchmark: opens the management endpoint's status page (/status) in headless Chromium
# against a server under load (triple-micrometer's StatusPageBrowserTest), checks what the page
# shows and drew, and saves a screenshot to docs/status-page.png. Installs Debian's chromium when
# it is missing (needs root or sudo). Not part of the default test command.
#
#   bench/status-page-screenshot.sh                  # 30 s under load, then the screenshot
#   SECONDS_UNDER_LOAD=90 bench/status-page-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y chromium
  else
    sudo apt-get install -y chromium
  fi
fi

./mvnw -B -o -q verify -pl triple-micrometer -am -Dinvoker.skip -Dmaven.javadoc.skip \
  -Dtest=StatusPageBrowserTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dstatus.browser="$(command -v chromium)" \
  -Dstatus.seconds="${SECONDS_UNDER_LOAD:-30}" \
  -Dstatus.screenshot="$PWD/docs/status-page.png"
echo "screenshot: docs/status-page.png"
