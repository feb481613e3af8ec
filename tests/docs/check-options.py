#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-options.py SOURCE-ROOT: every option of tix-server is documented.

Reads the GOptionEntry table of src/server/tix-server-cli.c and fails when an
option is missing from the man page (docs/tix-server.1) or from the README's
table of options.
"""

import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()


def read(*path):
    return open(os.path.join(root, *path), encoding='utf-8').read()


cli = read('src', 'server', 'tix-server-cli.c')
table = re.search(r'GOptionEntry\s+entries\[\]\s*=\s*\{(.*?)\n\s*\{\s*NULL\s*\}', cli, re.S)
if table is None:
    print('ERROR: no GOptionEntry table in src/server/tix-server-cli.c')
    sys.exit(1)
options = re.findall(r'\{\s*"([a-z0-9-]+)"\s*,', table.group(1))

# In troff a dash is written \- : "\-\-tls\-cert".
man = read('docs', 'tix-server.1').replace('\\-', '-')
readme = read('README.md')

errors = 0
for option in options:
    if not re.search(r'--%s\b' % re.escape(option), man):
        print('ERROR: --%s is not in docs/tix-server.1' % option)
        errors += 1
    if not re.search(r'`--%s\b' % re.escape(option), readme):
        print('ERROR: --%s is not in the README\'s table of tix-server options' % option)
        errors += 1

print('%d options of tix-server, %d documentation gaps' % (len(options), errors))
sys.exit(1 if errors else 0)
