#!/bin/sh
set -e
chown kijun:kijun /var/lib/kijun
chmod 0750 /var/lib/kijun
chgrp kijun /etc/kijun/kijun.toml
chmod 0640 /etc/kijun/kijun.toml
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
echo "kijun: start it with systemctl enable --now kijun; the first start prints the first administrator's password to the journal."
