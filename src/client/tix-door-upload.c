/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include "tix-client-private.h"
#include "tix-door-private.h"

/* The upload of the scans admitted offline: oldest first, each with its scan
 * id (so a retried upload never scans twice), until the queue is empty or the
 * server cannot take one now. A scan another scan beat is a "conflict". */

typedef struct
{
  TixDoorQueuedScan *scan;   /* the one being uploaded */
} Drain;

static void
drain_free (Drain *drain)
{
  g_clear_pointer (&drain->scan, tix_door_queued_scan_free);
  g_free (drain);
}

static void drain_next (GTask *task);

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(TixScanOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  TixDoor *self = g_task_get_source_object (task);
  Drain *drain = g_task_get_task_data (task);
  TixDoorQueuedScan *scan = drain->scan;
  TixDoorQueueState state;

  TixTicket *ticket;

  tix_client_scan_at_entrance_finish (TIX_CLIENT (object), result, &outcome, &error);
  g_hash_table_remove (self->busy, scan->scan_id);
  ticket = outcome != NULL ? outcome->ticket : NULL;
  /* A refusal without a reason (a server of the previous version) still
   * names its ticket. */
  if (ticket == NULL)
    ticket = tix_client_call_get_error_ticket (result);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error == NULL)
    state = TIX_DOOR_QUEUE_UPLOADED;
  /* Another scan was first: scanned by another station (already inside,
   * no re-entry), or out by another (not inside). The server keeps both. */
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE) ||
           (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID) &&
            outcome != NULL && g_strcmp0 (outcome->result, "not-inside") == 0))
    state = TIX_DOOR_QUEUE_CONFLICT;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND) ||
           g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED) ||
           g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID))
    state = TIX_DOOR_QUEUE_REFUSED;
  else
    {
      /* Not now (unreachable, signed out, server trouble): stays queued. */
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE))
        tix_door_set_online (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!tix_door_cache_set_queue_state (self->cache, scan->scan_id, state,
                                       error ? error->message : NULL, &local_error))
    {
      g_task_return_error (task, g_steal_pointer (&local_error));
      return;
    }
  scan->state = state;
  g_clear_pointer (&scan->message, g_free);
  scan->message = error ? g_strdup (error->message) : NULL;

  if (ticket != NULL && tix_ticket_get_scanned_at (ticket) > 0 &&
      !tix_door_cache_set_scanned (self->cache, tix_ticket_get_id (ticket),
                                   tix_ticket_get_scanned_at (ticket),
                                   tix_ticket_get_scanned_by_name (ticket), &local_error))
    {
      g_warning ("Could not update the door’s copy: %s", local_error->message);
      g_clear_error (&local_error);
    }

  tix_door_update_n_queued (self);

  if (state == TIX_DOOR_QUEUE_CONFLICT)
    tix_door_emit_conflict (self, scan, ticket);
  else if (state == TIX_DOOR_QUEUE_REFUSED)
    g_message ("An offline scan was refused by the server: %s", error->message);

  drain_next (g_steal_pointer (&task));
}

static void
drain_next (GTask *task)
{
  TixDoor *self = g_task_get_source_object (task);
  Drain *drain = g_task_get_task_data (task);
  g_autoptr(GPtrArray) queue = NULL;
  TixDoorQueuedScan *next = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  queue = tix_door_cache_list_queue (self->cache, TIX_DOOR_QUEUE_PENDING);
  for (guint i = 0; i < queue->len && next == NULL; i++)
    {
      TixDoorQueuedScan *scan = g_ptr_array_index (queue, i);

      if (!g_hash_table_contains (self->busy, scan->scan_id))
        next = g_ptr_array_steal_index (queue, i);
    }

  if (next == NULL)
    {
      gboolean empty = queue->len == 0;

      if (empty)
        tix_door_emit_drained (self);
      g_task_return_boolean (task, empty);
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&drain->scan, tix_door_queued_scan_free);
  drain->scan = next;
  g_hash_table_add (self->busy, g_strdup (next->scan_id));

  /* No prefixes: the station checked them when it admitted the ticket. Its
   * entrance and direction: the rules again, on the server's state. */
  tix_client_upload_entrance_scan_async (self->client, next->code, NULL, next->entrance_id,
                                         next->exit, next->scan_id, next->scanned_at,
                                         next->station, g_task_get_cancellable (task),
                                         upload_cb, task);
}

void
tix_door_drain_async (TixDoor             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_door_drain_async);
  g_task_set_task_data (task, g_new0 (Drain, 1), (GDestroyNotify) drain_free);
  drain_next (task);
}

gboolean
tix_door_drain_finish (TixDoor       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
background_drain_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  TIX_DOOR (object)->draining = FALSE;

  if (!tix_door_drain_finish (TIX_DOOR (object), result, &error) && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The queue is not uploaded yet: %s", error->message);
}

void
tix_door_drain_if_needed (TixDoor *self)
{
  if (self->stopped || self->draining || !self->online)
    return;

  if (tix_door_cache_count_queue (self->cache, TIX_DOOR_QUEUE_PENDING) > 0)
    {
      self->draining = TRUE;
      tix_door_drain_async (self, self->cancellable, background_drain_cb, NULL);
    }
}
