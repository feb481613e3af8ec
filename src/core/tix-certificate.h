/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* SHA-256 of @certificate's DER, as "AB:CD:…": what tix-server prints at
 * start and a station shows before it trusts a server on first use. */
char *tix_certificate_fingerprint (GTlsCertificate *certificate);

G_END_DECLS
