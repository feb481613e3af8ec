/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include "tix-scan-queue.h"

#define DEFAULT_HOLD_MS 2000

struct _TixScanQueueEntry
{
  TixScanQueue   *queue;         /* unowned; NULL once dropped from it */
  char           *code;
  TixDoorVerdict *verdict;       /* NULL until answered */
  gint64          submitted_at;  /* real time, µs */
  gint64          sent_us;       /* monotonic */
  guint64         serial;        /* order of the scans */
};

struct _TixScanQueue
{
  GObject  parent_instance;

  GQueue   pending;        /* TixScanQueueEntry *, oldest first, each holding a ref */
  guint64  next_serial;
  guint64  given_serial;   /* of the newest answer given out in time */
  guint    hold_ms;
  guint    flush_id;
};

G_DEFINE_FINAL_TYPE (TixScanQueue, tix_scan_queue, G_TYPE_OBJECT)

enum {
  ANSWER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_clear (TixScanQueueEntry *entry)
{
  g_free (entry->code);
  g_clear_pointer (&entry->verdict, tix_door_verdict_free);
}

TixScanQueueEntry *
tix_scan_queue_entry_ref (TixScanQueueEntry *entry)
{
  return g_rc_box_acquire (entry);
}

void
tix_scan_queue_entry_unref (TixScanQueueEntry *entry)
{
  g_rc_box_release_full (entry, (GDestroyNotify) entry_clear);
}

const char *
tix_scan_queue_entry_get_code (TixScanQueueEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return entry->code;
}

static gboolean flush_cb (gpointer user_data);

/* Gives out the answers that are in, in the order of the scans. */
static void
flush (TixScanQueue *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 hold_us = (gint64) self->hold_ms * G_TIME_SPAN_MILLISECOND;
  GList *l = self->pending.head;

  g_clear_handle_id (&self->flush_id, g_source_remove);

  while (l != NULL)
    {
      TixScanQueueEntry *entry = l->data;
      GList *next = l->next;

      if (entry->verdict != NULL)
        {
          gboolean late = entry->serial < self->given_serial;

          g_queue_delete_link (&self->pending, l);
          entry->queue = NULL;
          if (!late)
            self->given_serial = entry->serial;
          g_signal_emit (self, signals[ANSWER], 0, entry->code, entry->verdict,
                         entry->submitted_at, late);
          tix_scan_queue_entry_unref (entry);
        }
      else if (now - entry->sent_us < hold_us)
        {
          /* Wait for this one a little; look again when it is late. */
          gint64 late_us = entry->sent_us + hold_us - now;

          self->flush_id = g_timeout_add (MAX (1, late_us / 1000) + 1, flush_cb, self);
          break;
        }

      l = next;
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  TixScanQueue *self = user_data;

  self->flush_id = 0;
  flush (self);

  return G_SOURCE_REMOVE;
}

void
tix_scan_queue_entry_answer (TixScanQueueEntry *entry,
                             TixDoorVerdict    *verdict)
{
  g_autoptr(TixScanQueueEntry) owned = entry;

  g_return_if_fail (entry != NULL);
  g_return_if_fail (verdict != NULL);

  if (entry->queue == NULL || entry->verdict != NULL)
    {
      tix_door_verdict_free (verdict);
      return;
    }

  entry->verdict = verdict;
  flush (entry->queue);
}

TixScanQueueEntry *
tix_scan_queue_push (TixScanQueue *self,
                     const char   *code)
{
  TixScanQueueEntry *entry;

  g_return_val_if_fail (TIX_IS_SCAN_QUEUE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  entry = g_rc_box_new0 (TixScanQueueEntry);
  entry->queue = self;
  entry->code = g_strdup (code);
  entry->submitted_at = g_get_real_time ();
  entry->sent_us = g_get_monotonic_time ();
  entry->serial = ++self->next_serial;
  g_queue_push_tail (&self->pending, entry);

  return tix_scan_queue_entry_ref (entry);
}

guint
tix_scan_queue_get_n_pending (TixScanQueue *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_QUEUE (self), 0);

  return g_queue_get_length (&self->pending);
}

void
tix_scan_queue_clear (TixScanQueue *self)
{
  TixScanQueueEntry *entry;

  g_return_if_fail (TIX_IS_SCAN_QUEUE (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  while ((entry = g_queue_pop_head (&self->pending)) != NULL)
    {
      entry->queue = NULL;
      tix_scan_queue_entry_unref (entry);
    }
}

void
tix_scan_queue_set_hold_ms (TixScanQueue *self,
                            guint         hold_ms)
{
  g_return_if_fail (TIX_IS_SCAN_QUEUE (self));

  self->hold_ms = hold_ms;
}

static void
tix_scan_queue_finalize (GObject *object)
{
  tix_scan_queue_clear (TIX_SCAN_QUEUE (object));

  G_OBJECT_CLASS (tix_scan_queue_parent_class)->finalize (object);
}

static void
tix_scan_queue_class_init (TixScanQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tix_scan_queue_finalize;

  signals[ANSWER] =
    g_signal_new ("answer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  TIX_TYPE_DOOR_VERDICT | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
tix_scan_queue_init (TixScanQueue *self)
{
  g_queue_init (&self->pending);
  self->hold_ms = DEFAULT_HOLD_MS;
}

TixScanQueue *
tix_scan_queue_new (void)
{
  return g_object_new (TIX_TYPE_SCAN_QUEUE, NULL);
}
