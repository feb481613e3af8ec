/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include "tix-client-private.h"
#include "tix-door-private.h"

/* Keeping the door's copy current: GET /api/sync page after page into the
 * cache, and the event stream's changes in between (a sync follows each to
 * bring what an event does not carry). */

#define SYNC_DELAY_MS           200
#define SYNC_PAGE               5000   /* the most the server gives at once */

/* Sync ------------------------------------------------------------------------- */

static void sync_page (GTask *task);

static void
sync_finish_round (GTask *task)
{
  TixDoor *self = g_task_get_source_object (task);

  /* Scans queued before (a restart, say) go up as soon as the server is
   * known to be there. */
  tix_door_drain_if_needed (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  TixDoor *self = g_task_get_source_object (task);

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (settings == NULL &&
      (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE))
        tix_door_set_online (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* A server before events has none: the door then admits every event. */
  if (settings != NULL)
    tix_door_set_current_event_id (self, tix_settings_get_current_event_id (settings));
  else
    g_debug ("Could not read the current event: %s", error->message);
  sync_finish_round (task);
}

/* The copy is current; a door of the current event asks which one that
 * is now (the settings: the sync does not say). */
static void
sync_done (GTask *task)
{
  TixDoor *self = g_task_get_source_object (task);

  if (self->event_ids->len > 0)
    sync_finish_round (task);
  else
    tix_client_get_settings_async (self->client, g_task_get_cancellable (task), settings_cb,
                                   task);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  TixDoor *self = g_task_get_source_object (task);
  gboolean more = FALSE;

  reply = tix_client_sync_finish (TIX_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE))
        tix_door_set_online (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!tix_door_cache_apply_sync (self->cache, reply, &more, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (more)
    sync_page (g_steal_pointer (&task));
  else
    sync_done (g_steal_pointer (&task));
}

static void
sync_page (GTask *task)
{
  TixDoor *self = g_task_get_source_object (task);

  tix_client_sync_async (self->client, tix_door_cache_get_cursor (self->cache), SYNC_PAGE,
                         g_task_get_cancellable (task), sync_cb, task);
}

void
tix_door_sync_async (TixDoor             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_door_sync_async);
  sync_page (task);
}

gboolean
tix_door_sync_finish (TixDoor       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
background_sync_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tix_door_sync_finish (TIX_DOOR (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not sync the door’s copy: %s", error->message);
}

static gboolean
sync_timeout_cb (gpointer user_data)
{
  TixDoor *self = user_data;

  self->sync_id = 0;
  if (self->online)
    tix_door_sync_async (self, self->cancellable, background_sync_cb, NULL);

  return G_SOURCE_REMOVE;
}

void
tix_door_schedule_sync (TixDoor *self,
                        guint    delay_ms)
{
  if (self->sync_id == 0 && !self->stopped)
    self->sync_id = g_timeout_add (delay_ms, sync_timeout_cb, self);
}

/* Events ----------------------------------------------------------------------- */

static void
on_ticket_changed (TixEventStream  *stream,
                   TixTicketChange  change,
                   TixTicket       *ticket,
                   TixDoor         *self)
{
  g_autoptr(GError) error = NULL;

  if (change == TIX_TICKET_CHANGE_SCANNED)
    tix_door_cache_set_scanned (self->cache, tix_ticket_get_id (ticket),
                                MAX (tix_ticket_get_scanned_at (ticket), 1),
                                tix_ticket_get_scanned_by_name (ticket), &error);
  else if (change == TIX_TICKET_CHANGE_UNSCANNED)
    tix_door_cache_set_scanned (self->cache, tix_ticket_get_id (ticket), 0, NULL, &error);
  else if (change == TIX_TICKET_CHANGE_DELETED)
    tix_door_cache_set_deleted (self->cache, tix_ticket_get_id (ticket), &error);

  if (error != NULL)
    g_warning ("Could not update the door’s copy: %s", error->message);

  /* Reissues and anything missed come with the next sync. */
  tix_door_schedule_sync (self, SYNC_DELAY_MS);
}

static void
on_tickets_cleared (TixEventStream *stream,
                    gint64          deleted,
                    TixDoor        *self)
{
  g_autoptr(GError) error = NULL;

  if (!tix_door_cache_delete_all (self->cache, &error))
    g_warning ("Could not update the door’s copy: %s", error->message);
  tix_door_schedule_sync (self, SYNC_DELAY_MS);
}

/* New tickets come with the next sync. */
static void
on_tickets_generated (TixDoor *self)
{
  tix_door_schedule_sync (self, SYNC_DELAY_MS);
}

static void
on_stream_connected (TixEventStream *stream,
                     GParamSpec     *pspec,
                     TixDoor        *self)
{
  /* The events are back: so is the server, most likely. */
  if (tix_event_stream_get_connected (stream) && !self->online)
    tix_door_probe (self);
}

void
tix_door_watch_events (TixDoor        *self,
                       TixEventStream *stream)
{
  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (!stream || TIX_IS_EVENT_STREAM (stream));

  if (self->stream == stream)
    return;

  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  g_set_object (&self->stream, stream);
  if (stream != NULL)
    {
      g_signal_connect_object (stream, "ticket-changed", G_CALLBACK (on_ticket_changed), self, 0);
      g_signal_connect_object (stream, "tickets-cleared", G_CALLBACK (on_tickets_cleared), self, 0);
      g_signal_connect_object (stream, "tickets-generated", G_CALLBACK (on_tickets_generated),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (stream, "notify::connected",
                               G_CALLBACK (on_stream_connected), self, 0);
    }
}
