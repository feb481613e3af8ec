#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-options.py SOURCE-ROOT [TIX-SERVER]: every option of tix-server is documented.

Reads the GOptionEntry table of src/server/tix-server-cli.c and fails when an
option is missing from the man page (docs/tix-server.1) or from the README's
table of options, or when the man page describes an option the table does not
have. Given the program, its --help must list the same options (with the same
short forms) as the table and the man page.
"""

import os
import re
import subprocess
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
server = sys.argv[2] if len(sys.argv) > 2 else None


def read(*path):
    return open(os.path.join(root, *path), encoding='utf-8').read()


cli = read('src', 'server', 'tix-server-cli.c')
table = re.search(r'GOptionEntry\s+entries\[\]\s*=\s*\{(.*?)\n\s*\{\s*NULL\s*\}', cli, re.S)
if table is None:
    print('ERROR: no GOptionEntry table in src/server/tix-server-cli.c')
    sys.exit(1)
options = re.findall(r'\{\s*"([a-z0-9-]+)"\s*,', table.group(1))
shorts = dict(re.findall(r'\{\s*"([a-z0-9-]+)"\s*,\s*\'(.)\'', table.group(1)))

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

# The man page's option entries (".TP" then ".B \-\-name" or ".BR \-x ", " \-\-name").
man_entries = re.findall(r'^\.TP\n\.BR? (?:-(.) ", " )?--([a-z0-9-]+)', man, re.M)
for short, option in man_entries:
    if option == 'help':
        continue
    if option not in options:
        print('ERROR: docs/tix-server.1 describes --%s, which tix-server does not have' % option)
        errors += 1
    elif short and shorts.get(option) != short:
        print('ERROR: docs/tix-server.1 gives -%s for --%s; tix-server has %s' %
              (short, option, '-' + shorts[option] if option in shorts else 'none'))
        errors += 1

if server is not None:
    result = subprocess.run([server, '--help'], capture_output=True, text=True,
                            env=dict(os.environ, LC_ALL='C'))
    if result.returncode != 0:
        print('ERROR: tix-server --help exited with %d' % result.returncode)
        errors += 1
    listed = dict((name, short) for short, name in
                  re.findall(r'^\s+(?:-(.), )?--([a-z0-9-]+)', result.stdout, re.M))
    listed.pop('help', None)
    for option in options:
        if option not in listed:
            print('ERROR: --%s is not in tix-server --help' % option)
            errors += 1
        elif listed[option] != shorts.get(option, ''):
            print('ERROR: tix-server --help gives --%s the short form "%s", the table "%s"' %
                  (option, listed[option], shorts.get(option, '')))
            errors += 1
    for option in listed:
        if option not in options:
            print('ERROR: tix-server --help lists --%s, which the table does not have' % option)
            errors += 1
        if not re.search(r'--%s\b' % re.escape(option), man):
            print('ERROR: tix-server --help lists --%s, which docs/tix-server.1 does not' % option)
            errors += 1

print('%d options of tix-server, %d documentation gaps' % (len(options), errors))
sys.exit(1 if errors else 0)
