/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A cashier's shift at a station: {id, user: {id, name}, station,
 * opening_float, opened_at, closed_at, counted_cash}. Every sale belongs
 * to its seller's open shift at that station. Money in minor units;
 * @counted_cash is TIX_SHIFT_NOT_COUNTED (null) while open. A boxed type,
 * reference counted. */

#define TIX_SHIFT_NOT_COUNTED G_GINT64_CONSTANT (-1)

typedef struct
{
  gint64  id;
  gint64  user_id;
  char   *user_name;
  char   *station;
  gint64  opening_float;
  gint64  opened_at;      /* ms since the epoch */
  gint64  closed_at;      /* 0: open */
  gint64  counted_cash;
} TixShift;

#define TIX_TYPE_SHIFT (tix_shift_get_type ())

GType      tix_shift_get_type      (void) G_GNUC_CONST;
TixShift  *tix_shift_new           (void);
TixShift  *tix_shift_ref           (TixShift    *self);
void       tix_shift_unref         (TixShift    *self);
TixShift  *tix_shift_new_from_json (JsonObject  *object,
                                    GError     **error);
void       tix_shift_to_json       (const TixShift *self,
                                    JsonBuilder *builder);
gboolean   tix_shift_is_open       (const TixShift *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TixShift, tix_shift_unref)

G_END_DECLS
