/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-throttle"

#include "config.h"

#include "tix-throttle.h"

#define FORGET_AFTER_MS  (15 * 60 * 1000)
#define MAX_LOCK_MS      (15 * 60 * 1000)
#define MAX_KEYS         100000

typedef struct
{
  guint  failures;
  gint64 last_failure;
  gint64 locked_until;
} Record;

struct _TixThrottle
{
  GHashTable *records;   /* key → Record */
  guint       free_failures;
};

TixThrottle *
tix_throttle_new (guint free_failures)
{
  TixThrottle *self = g_new0 (TixThrottle, 1);

  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->free_failures = free_failures;
  return self;
}

void
tix_throttle_free (TixThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->records);
  g_free (self);
}

static gboolean
is_stale (gpointer key,
          gpointer value,
          gpointer data)
{
  Record *record = value;
  gint64 now_ms = *(gint64 *) data;

  return now_ms - record->last_failure > FORGET_AFTER_MS && now_ms >= record->locked_until;
}

gint64
tix_throttle_wait (TixThrottle *self,
                   const char  *key,
                   gint64       now_ms)
{
  Record *record = g_hash_table_lookup (self->records, key);

  if (record == NULL || now_ms >= record->locked_until)
    return 0;
  return (record->locked_until - now_ms + 999) / 1000;
}

void
tix_throttle_failure (TixThrottle *self,
                      const char  *key,
                      gint64       now_ms)
{
  Record *record = g_hash_table_lookup (self->records, key);

  if (record != NULL && now_ms - record->last_failure > FORGET_AFTER_MS)
    record->failures = 0;

  if (record == NULL)
    {
      /* Someone trying many names must not fill memory. */
      if (g_hash_table_size (self->records) >= MAX_KEYS)
        g_hash_table_foreach_remove (self->records, is_stale, &now_ms);
      if (g_hash_table_size (self->records) >= MAX_KEYS)
        return;
      record = g_new0 (Record, 1);
      g_hash_table_insert (self->records, g_strdup (key), record);
    }

  record->failures++;
  record->last_failure = now_ms;
  if (record->failures >= self->free_failures)
    {
      guint doublings = MIN (record->failures - self->free_failures, 20);
      gint64 lock = MIN ((gint64) 1000 << doublings, MAX_LOCK_MS);

      record->locked_until = now_ms + lock;
    }
}

void
tix_throttle_success (TixThrottle *self,
                      const char  *key)
{
  g_hash_table_remove (self->records, key);
}
