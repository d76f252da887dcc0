#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build Documentation/ with Sphinx as the kernel does (its kerneldoc and
# cdomain extensions, against the kernel tree the cache holds), warnings
# as errors. Output: $CACHE/docs/html.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$CACHE/docs
rm -rf "$out"
mkdir -p "$out/src"
cp "$REPO"/Documentation/*.rst "$out/src/"
cat > "$out/src/conf.py" <<CONF
import os, sys
sys.path.insert(0, os.path.join('$KSRC', 'Documentation', 'sphinx'))
project = 'drm-regdata'
master_doc = 'index'
extensions = ['kerneldoc']
# The kernel's own Documentation/conf.py: the C attributes Sphinx must skip.
_conf = open(os.path.join('$KSRC', 'Documentation', 'conf.py')).read()
_start = _conf.index('c_id_attributes = [')
exec(_conf[_start:_conf.index(']', _start) + 1].replace('\\n        ', '\\n'))
kerneldoc_bin = os.path.join('$KSRC', 'scripts', 'kernel-doc')
kerneldoc_srctree = '$KSRC'
primary_domain = 'c'
highlight_language = 'none'
CONF
sphinx-build -q -W --keep-going -b html -d "$out/doctrees" "$out/src" "$out/html"
echo "docs: $(ls "$out/html"/*.html | wc -l) pages in $out/html, no warnings"
