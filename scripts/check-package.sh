#!/usr/bin/env bash
# Builds the .deb (target deb of the release build), validates it (desktop file, AppStream, lintian), installs it with apt,
# uses the installed binary (version, demo, summary, the window offscreen) and removes it again. CI only: it
# installs packaging tools and the package system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
COSTDASH_PACKAGES=(dpkg-dev lintian desktop-file-utils appstream)
costdash_ensure_packages
costdash_build release deb >/dev/null
deb=$(ls build/release/costdash_*_amd64.deb)
echo "check-package: built $deb" >&2

tree=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$tree" "$work"' EXIT
dpkg-deb -x "$deb" "$tree"
for f in usr/bin/costdash usr/share/applications/io.costdash.costdash.desktop \
         usr/share/metainfo/io.costdash.costdash.metainfo.xml usr/share/man/man1/costdash.1.gz \
         usr/share/icons/hicolor/scalable/apps/io.costdash.costdash.svg usr/share/doc/costdash/copyright \
         usr/share/icons/hicolor/16x16/apps/io.costdash.costdash.png \
         usr/share/icons/hicolor/256x256/apps/io.costdash.costdash.png; do
  [ -s "$tree/$f" ] || { echo "check-package: the package lacks /$f" >&2; exit 1; }
done
desktop-file-validate "$tree/usr/share/applications/io.costdash.costdash.desktop"
appstreamcli validate --no-net "$tree/usr/share/metainfo/io.costdash.costdash.metainfo.xml"
lintian --fail-on error "$deb"

apt-get install -y -qq "./$deb" >/dev/null
cd "$work"
costdash --version
costdash demo --rows 1000 --seed 7 --db x.db >/dev/null
costdash summary --db x.db | tee summary.txt
grep -q '^1,000 calls, cost \$' summary.txt
zcat /usr/share/man/man1/costdash.1.gz | grep -q '^\.TH COSTDASH'
# The window opens on the installed binary's platform plugin and stays up until it is closed.
QT_QPA_PLATFORM=offscreen costdash --db x.db >window.log 2>&1 &
pid=$!
sleep 5
kill -0 "$pid" || { cat window.log >&2; echo "check-package: the window did not stay open" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid" || true
cd - >/dev/null
apt-get remove -y -qq costdash >/dev/null
[ ! -e /usr/bin/costdash ] || { echo "check-package: /usr/bin/costdash is left after removal" >&2; exit 1; }
echo "check-package: built, validated, installed, used and removed $deb" >&2
