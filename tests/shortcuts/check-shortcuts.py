#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-shortcuts.py SOURCE-ROOT: the shortcuts window lists every shortcut.

Collects the keyboard shortcuts of the app (accels set on actions,
gtk_widget_class_add_binding* in src/app, GtkShortcut triggers in .ui files)
and fails when one is missing from resources/ui/tix-shortcuts-window.ui.
"""

import html
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
window_ui = os.path.join(root, 'resources', 'ui', 'tix-shortcuts-window.ui')

MODS = {'GDK_CONTROL_MASK': '<control>', 'GDK_SHIFT_MASK': '<shift>',
        'GDK_ALT_MASK': '<alt>', 'GDK_SUPER_MASK': '<super>', '0': ''}
# Keypad twins are the same key to a user.
KEYPAD = {'kp_enter': 'return', 'kp_delete': 'delete', 'kp_tab': 'tab'}


def normalize(accel):
    accel = accel.strip().lower().replace('<primary>', '<control>').replace('<ctrl>', '<control>')
    mods = ''.join(sorted(re.findall(r'<[a-z]+>', accel)))
    key = re.sub(r'<[a-z]+>', '', accel)
    key = KEYPAD.get(key, key)
    return mods + key


def walk(top, suffixes):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(suffixes):
                yield os.path.join(dirpath, name)


used = {}  # normalized accel -> where


def add(accel, where):
    used.setdefault(normalize(accel), where)


for path in walk('src/app', ('.c',)):
    rel = os.path.relpath(path, root)
    text = open(path, encoding='utf-8').read()
    for m in re.finditer(r'gtk_widget_class_add_binding(?:_action|_signal)?\s*\(\s*\w+\s*,\s*'
                         r'GDK_KEY_(\w+)\s*,\s*([\w| ]+?)\s*,\s*"([^"]+)"', text):
        key, mods, action = m.groups()
        accel = ''.join(MODS.get(x.strip(), '<%s>' % x.strip()) for x in mods.split('|')) + key
        add(accel, '%s: %s' % (rel, action))
    # gtk_application_set_accels_for_action tables: { "app.quit", { "<Control>q", NULL } }
    for m in re.finditer(r'\{\s*"((?:app|win|window|[a-z-]+)\.[\w:.-]+)"\s*,\s*\{((?:\s*"[^"]*"\s*,)+)\s*NULL\s*\}', text):
        for accel in re.findall(r'"([^"]*)"', m.group(2)):
            add(accel, '%s: %s' % (rel, m.group(1)))
    for m in re.finditer(r'gtk_application_set_accels_for_action\s*\([^,]+,\s*"([^"]+)"\s*,\s*'
                         r'\(const char \*\[\]\)\s*\{([^}]*)\}', text):
        for accel in re.findall(r'"([^"]*)"', m.group(2)):
            add(accel, '%s: %s' % (rel, m.group(1)))

# Templates live beside their .c (src/app) or, not yet moved, in resources/ui.
for path in list(walk('resources', ('.ui',))) + list(walk('src/app', ('.ui',))):
    if os.path.samefile(path, window_ui):
        continue
    text = open(path, encoding='utf-8').read()
    for m in re.finditer(r'<property name="trigger">([^<]+)</property>', text):
        for accel in html.unescape(m.group(1)).split('|'):
            add(accel, os.path.relpath(path, root))

listed = set()
for m in re.finditer(r'<property name="accelerator">([^<]+)</property>',
                     open(window_ui, encoding='utf-8').read()):
    for accel in html.unescape(m.group(1)).split():
        listed.add(normalize(accel))

missing = sorted(a for a in used if a not in listed)
for accel in missing:
    print('ERROR: %s (%s) is not in resources/ui/tix-shortcuts-window.ui' % (accel, used[accel]))
print('%d shortcuts, %d listed' % (len(used), len(used) - len(missing)))
sys.exit(1 if missing else 0)
