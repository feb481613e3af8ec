/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The signed codes of tickets lately answered, so that a page read again
 * (a station's list, refreshed at each scan) is not signed again: an
 * Ed25519 signature is about 14 µs, most of a list page's time. A code
 * depends only on the organization's key (never changed), the ticket's id
 * and its revision, which are the key here: a reissued ticket is another
 * entry. At most @capacity codes, the ones least lately used go first
 * (two generations: an entry read from the old one moves to the new).
 * One thread at a time. */
typedef struct _TixCodeCache TixCodeCache;

TixCodeCache *tix_code_cache_new    (guint         capacity);
void          tix_code_cache_free   (TixCodeCache *self);
/* The code, or NULL when it is not kept. */
const char   *tix_code_cache_lookup (TixCodeCache *self,
                                     gint64        organization_id,
                                     const char   *id,
                                     guint32       revision);
void          tix_code_cache_insert (TixCodeCache *self,
                                     gint64        organization_id,
                                     const char   *id,
                                     guint32       revision,
                                     const char   *code);
guint         tix_code_cache_size   (TixCodeCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixCodeCache, tix_code_cache_free)

G_END_DECLS
