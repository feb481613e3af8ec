/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-code-cache"

#include "config.h"

#include <string.h>

#include "tix-code-cache.h"

typedef struct
{
  gint64   organization_id;
  guint32  revision;
  char    *id;
  char    *code;
} Entry;

struct _TixCodeCache
{
  guint       capacity;
  GHashTable *young;   /* Entry → itself */
  GHashTable *old;
};

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_free (entry->code);
  g_free (entry);
}

static guint
entry_hash (gconstpointer data)
{
  const Entry *entry = data;

  return g_str_hash (entry->id) ^ (guint) entry->revision ^ (guint) entry->organization_id;
}

static gboolean
entry_equal (gconstpointer a,
             gconstpointer b)
{
  const Entry *x = a, *y = b;

  return x->organization_id == y->organization_id && x->revision == y->revision &&
         strcmp (x->id, y->id) == 0;
}

static GHashTable *
new_generation (void)
{
  return g_hash_table_new_full (entry_hash, entry_equal, (GDestroyNotify) entry_free, NULL);
}

TixCodeCache *
tix_code_cache_new (guint capacity)
{
  TixCodeCache *self = g_new0 (TixCodeCache, 1);

  self->capacity = MAX (capacity, 2);
  self->young = new_generation ();
  self->old = new_generation ();
  return self;
}

void
tix_code_cache_free (TixCodeCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->young);
  g_hash_table_unref (self->old);
  g_free (self);
}

/* Adds @entry (owned) to the young generation; a full one becomes the old,
 * and the old one goes. */
static void
add_young (TixCodeCache *self,
           Entry        *entry)
{
  if (g_hash_table_size (self->young) >= self->capacity / 2)
    {
      g_hash_table_unref (self->old);
      self->old = self->young;
      self->young = new_generation ();
    }
  g_hash_table_add (self->young, entry);
}

const char *
tix_code_cache_lookup (TixCodeCache *self,
                       gint64        organization_id,
                       const char   *id,
                       guint32       revision)
{
  Entry wanted = { organization_id, revision, (char *) id, NULL };
  Entry *entry;
  gpointer key;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  entry = g_hash_table_lookup (self->young, &wanted);
  if (entry != NULL)
    return entry->code;
  if (!g_hash_table_steal_extended (self->old, &wanted, &key, NULL))
    return NULL;
  entry = key;
  add_young (self, entry);
  return entry->code;
}

void
tix_code_cache_insert (TixCodeCache *self,
                       gint64        organization_id,
                       const char   *id,
                       guint32       revision,
                       const char   *code)
{
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL && code != NULL);

  if (tix_code_cache_lookup (self, organization_id, id, revision) != NULL)
    return;
  entry = g_new (Entry, 1);
  entry->organization_id = organization_id;
  entry->revision = revision;
  entry->id = g_strdup (id);
  entry->code = g_strdup (code);
  add_young (self, entry);
}

guint
tix_code_cache_size (TixCodeCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->young) + g_hash_table_size (self->old);
}
