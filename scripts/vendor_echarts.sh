#!/bin/sh
# Vendor Apache ECharts from npm into src/pacesetter/web/static/echarts/ (run by hand to upgrade;
# the files are committed so that neither users nor CI need npm). Checks the tarball's sha256.
set -eu
VERSION=6.1.0
SHA256=681aff88cc1038c3fa941a3a53d1b177a52250b05335efc607d6105ae13be481
DEST="$(dirname "$0")/../src/pacesetter/web/static/echarts"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack "echarts@$VERSION" --silent >/dev/null)
echo "$SHA256  $TMP/echarts-$VERSION.tgz" | sha256sum -c -
tar -xzf "$TMP/echarts-$VERSION.tgz" -C "$TMP"
mkdir -p "$DEST"
cp "$TMP/package/dist/echarts.min.js" "$TMP/package/LICENSE" "$TMP/package/NOTICE" "$DEST/"
cp "$TMP/package/licenses/LICENSE-d3" "$DEST/"
echo "echarts $VERSION (npm, sha256 $SHA256)" > "$DEST/VERSION"
