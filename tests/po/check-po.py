#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-po.py SOURCE-ROOT: no user-visible string escapes gettext.

Fails when
  - a C file of the app passes a bare string literal where the user reads it
    (adw_toast_new ("…"), gtk_label_set_text (label, "…"), …);
  - a .ui file has a user-visible property without translatable="yes";
  - a file that marks strings for translation is missing from po/POTFILES.in;
  - a translation in po/ fails `msgfmt --check` or has fuzzy entries.
Only warns (so that new strings never break the build) when a translation
lacks some of the strings of the current sources.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
errors = []
warnings = []

# A literal with at least one letter: "" and "%s" or ":" need no translation.
LIT = r'"(?=[^"\\]*[A-Za-z])((?:[^"\\]|\\.)*)"'

C_PATTERNS = [
    # (name, regex); the literal must be the user-visible argument itself.
    ('adw_toast_new', r'\badw_toast_new\s*\(\s*' + LIT),
    ('adw_toast_new_format', r'\badw_toast_new_format\s*\(\s*' + LIT),
    ('adw_toast_set_title', r'\badw_toast_set_title\s*\([^,;]*,\s*' + LIT),
    ('adw_toast_set_button_label', r'\badw_toast_set_button_label\s*\([^,;]*,\s*' + LIT),
    ('gtk_label_set_text', r'\bgtk_label_set_(?:text|label|markup)\s*\([^,;]*,\s*' + LIT),
    ('gtk_label_new', r'\bgtk_label_new\s*\(\s*' + LIT),
    ('gtk_button_set_label', r'\bgtk_button_set_label\s*\([^,;]*,\s*' + LIT),
    ('gtk_button_new_with_label', r'\bgtk_button_new_with_(?:label|mnemonic)\s*\(\s*' + LIT),
    ('gtk_window_set_title', r'\bgtk_window_set_title\s*\([^,;]*,\s*' + LIT),
    ('gtk_widget_set_tooltip_text', r'\bgtk_widget_set_tooltip_(?:text|markup)\s*\([^,;]*,\s*' + LIT),
    ('adw_status_page_set', r'\badw_status_page_set_(?:title|description)\s*\([^,;]*,\s*' + LIT),
    ('adw_preferences_row_set_title', r'\badw_preferences_row_set_title\s*\([^,;]*,\s*' + LIT),
    ('adw_action_row_set_subtitle', r'\badw_action_row_set_subtitle\s*\([^,;]*,\s*' + LIT),
    ('adw_window_title_set', r'\badw_window_title_set_(?:title|subtitle)\s*\([^,;]*,\s*' + LIT),
    ('gtk_editable_set_placeholder', r'\bgtk_entry_set_placeholder_text\s*\([^,;]*,\s*' + LIT),
    ('adw_message_dialog_set', r'\badw_message_dialog_(?:set_heading|set_body|format_heading|format_body)\s*\([^,;]*,\s*' + LIT),
    # add_response (dialog, "id", "Label"): the label is the third argument.
    ('adw_message_dialog_add_response',
     r'\badw_message_dialog_add_response\s*\([^,;]*,\s*"[^"]*"\s*,\s*' + LIT),
    ('adw_message_dialog_new',
     r'\badw_message_dialog_new\s*\([^,;]*,\s*' + LIT),
    ('g_menu_append', r'\bg_menu_(?:append|insert|prepend)\s*\([^,;]*,\s*' + LIT),
]

UI_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup', 'placeholder-text',
    'description', 'heading', 'body', 'text', 'secondary-text', 'button-label',
    'primary-text', 'comments',
}
# Properties that are data rather than words, on the classes that use them.
UI_EXEMPT_OBJECTS = set()

def rel(path):
    return os.path.relpath(path, root)

def walk(top, suffixes):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(suffixes):
                yield os.path.join(dirpath, name)

def strip_c_comments(text):
    # Keep line numbers: replace comments by as many newlines.
    def blank(match):
        return '\n' * match.group(0).count('\n')
    return re.sub(r'/\*.*?\*/|//[^\n]*', blank, text, flags=re.S)

def check_c(path):
    text = strip_c_comments(open(path, encoding='utf-8').read())
    for name, pattern in C_PATTERNS:
        for match in re.finditer(pattern, text):
            line = text.count('\n', 0, match.start()) + 1
            errors.append('%s:%d: %s () shows "%s" without _()'
                          % (rel(path), line, name, match.group(1)))
    return re.search(r'\b(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(', text) is not None

def check_ui(path):
    text = open(path, encoding='utf-8').read()
    for match in re.finditer(r'<(property|attribute)\s+name="([^"]+)"([^>]*)>([^<]*)</\1>', text):
        kind, name, attrs, value = match.groups()
        if name not in UI_PROPERTIES or not re.search(r'[A-Za-z]', value):
            continue
        if 'translatable="yes"' in attrs or 'translatable="true"' in attrs:
            continue
        line = text.count('\n', 0, match.start()) + 1
        errors.append('%s:%d: %s "%s" = "%s" is not translatable="yes"'
                      % (rel(path), line, kind, name, value.strip()))
    return 'translatable="yes"' in text or 'translatable="true"' in text

potfiles_path = os.path.join(root, 'po', 'POTFILES.in')
potfiles = []
for line in open(potfiles_path, encoding='utf-8'):
    line = line.strip()
    if line and not line.startswith('#'):
        potfiles.append(line)
listed = set(potfiles)
for entry in potfiles:
    if not os.path.exists(os.path.join(root, entry)):
        errors.append('po/POTFILES.in: %s does not exist' % entry)

# The app shows strings; the client's errors reach the user too.
for path in list(walk('src/app', ('.c',))) + list(walk('src/client', ('.c',))) + [os.path.join(root, 'src', 'main.c')]:
    marks = check_c(path) if 'src/app' in path or path.endswith('main.c') else \
        re.search(r'\b(?:_|N_|ngettext)\s*\(', open(path, encoding='utf-8').read()) is not None
    if marks and rel(path) not in listed:
        errors.append('%s marks strings for translation but is not in po/POTFILES.in' % rel(path))

# Templates live beside their .c (src/app) or, not yet moved, in resources/ui.
for path in list(walk('resources', ('.ui',))) + list(walk('src/app', ('.ui',))):
    if check_ui(path) and rel(path) not in listed:
        errors.append('%s has translatable strings but is not in po/POTFILES.in' % rel(path))

# The translations ----------------------------------------------------------

def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)

linguas = []
for line in open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8'):
    linguas += line.split('#')[0].split()

tools = all(shutil.which(t) for t in ('msgfmt', 'xgettext', 'msgmerge', 'msgattrib'))
if not tools:
    warnings.append('gettext tools missing: the translations were not checked')
else:
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'tix.pot')
        # The glib preset of meson's i18n.gettext, on the current sources.
        result = run(['xgettext', '--package-name=tix', '-p', tmp, '-o', 'tix.pot',
                      '-D', root, '--files-from=' + potfiles_path, '--from-code=UTF-8',
                      '--add-comments', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                      '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
                      '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
                      '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
                      '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
                      '--flag=g_strdup_printf:1:c-format',
                      '--flag=g_string_printf:2:c-format',
                      '--flag=g_string_append_printf:2:c-format',
                      '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
                      '--flag=g_markup_printf_escaped:1:c-format',
                      '--flag=g_log:3:c-format', '--flag=g_print:1:c-format',
                      '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
                      '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
                      '--flag=g_snprintf:3:c-format'])
        if result.returncode != 0:
            errors.append('xgettext failed:\n' + result.stdout)
        for lang in linguas:
            po = os.path.join(root, 'po', lang + '.po')
            if not os.path.exists(po):
                errors.append('po/LINGUAS lists %s, but po/%s.po is missing' % (lang, lang))
                continue
            result = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po])
            if result.returncode != 0:
                errors.append('msgfmt --check po/%s.po failed:\n%s' % (lang, result.stdout))
                continue
            result = run(['msgattrib', '--only-fuzzy', '--no-obsolete', po])
            fuzzy = len(re.findall(r'^msgid ', result.stdout, flags=re.M))
            if fuzzy > 0:
                errors.append('po/%s.po has %d fuzzy entries:\n%s' % (lang, fuzzy - 1, result.stdout))
            if not os.path.exists(pot):
                continue
            merged = os.path.join(tmp, lang + '.po')
            result = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot])
            if result.returncode != 0:
                errors.append('msgmerge po/%s.po failed:\n%s' % (lang, result.stdout))
                continue
            result = run(['msgattrib', '--untranslated', '--no-obsolete', merged])
            missing = re.findall(r'^msgid "(.*)"$', result.stdout, flags=re.M)
            missing = [m for m in missing if m]
            total = len(re.findall(r'^msgid ', open(pot, encoding='utf-8').read(), flags=re.M)) - 1
            if missing:
                warnings.append('po/%s.po: %d of %d strings of the current sources are not '
                                'translated yet (run `meson compile -C BUILD tix-update-po`):\n  %s'
                                % (lang, len(missing), total, '\n  '.join(missing)))
            else:
                print('po/%s.po: all %d strings translated' % (lang, total))

for warning in warnings:
    print('WARNING: ' + warning)
for error in errors:
    print('ERROR: ' + error)
sys.exit(1 if errors else 0)
