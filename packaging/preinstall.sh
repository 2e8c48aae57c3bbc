#!/bin/sh
# The service runs as the system user kijun, which owns /var/lib/kijun.
set -e
if ! getent group kijun >/dev/null; then
  groupadd --system kijun
fi
if ! getent passwd kijun >/dev/null; then
  useradd --system --gid kijun --home-dir /var/lib/kijun --no-create-home --shell /usr/sbin/nologin kijun
fi
