/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Failed sign-ins, counted by key (an account, an address): after @free_failures
 * failures each further one locks the key out for twice as long as the last,
 * up to 15 minutes; a success forgets the key. In memory: a restart forgives. */
typedef struct _TixThrottle TixThrottle;

TixThrottle *tix_throttle_new     (guint        free_failures);
void         tix_throttle_free    (TixThrottle *self);
/* Seconds to wait before @key may try again; 0 when it may now. */
gint64       tix_throttle_wait    (TixThrottle *self,
                                   const char  *key,
                                   gint64       now_ms);
void         tix_throttle_failure (TixThrottle *self,
                                   const char  *key,
                                   gint64       now_ms);
void         tix_throttle_success (TixThrottle *self,
                                   const char  *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixThrottle, tix_throttle_free)

G_END_DECLS
