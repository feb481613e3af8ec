/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-door.h"
#include "tix-ticket-code.h"
#include "tix-time.h"

#define DEFAULT_SCAN_TIMEOUT_MS 2000
#define DEFAULT_RETRY_MS        3000
#define SYNC_DELAY_MS           200
#define SYNC_PAGE               5000   /* the most the server gives at once */

/* Verdicts --------------------------------------------------------------------- */

TixDoorVerdict *
tix_door_verdict_copy (const TixDoorVerdict *verdict)
{
  TixDoorVerdict *copy;

  g_return_val_if_fail (verdict != NULL, NULL);

  copy = g_new0 (TixDoorVerdict, 1);
  copy->kind = verdict->kind;
  copy->offline = verdict->offline;
  copy->scan_id = g_strdup (verdict->scan_id);
  copy->ticket = verdict->ticket ? g_object_ref (verdict->ticket) : NULL;
  copy->ticket_id = g_strdup (verdict->ticket_id);
  copy->number = g_strdup (verdict->number);
  copy->prefix = g_strdup (verdict->prefix);
  copy->scanned_at = verdict->scanned_at;
  copy->scanned_by = g_strdup (verdict->scanned_by);
  copy->scanned_here = verdict->scanned_here;
  copy->error = verdict->error ? g_error_copy (verdict->error) : NULL;

  return copy;
}

void
tix_door_verdict_free (TixDoorVerdict *verdict)
{
  if (verdict == NULL)
    return;

  g_free (verdict->scan_id);
  g_clear_object (&verdict->ticket);
  g_free (verdict->ticket_id);
  g_free (verdict->number);
  g_free (verdict->prefix);
  g_free (verdict->scanned_by);
  g_clear_error (&verdict->error);
  g_free (verdict);
}

G_DEFINE_BOXED_TYPE (TixDoorVerdict, tix_door_verdict, tix_door_verdict_copy, tix_door_verdict_free)

static TixDoorVerdict *
verdict_new (TixDoorVerdictKind kind,
             gboolean           offline)
{
  TixDoorVerdict *verdict = g_new0 (TixDoorVerdict, 1);

  verdict->kind = kind;
  verdict->offline = offline;

  return verdict;
}

static void
verdict_take_cached (TixDoorVerdict     *verdict,
                     TixDoorCacheTicket *ticket)
{
  verdict->ticket_id = g_strdup (ticket->id);
  if (ticket->number != NULL && *ticket->number != '\0')
    verdict->number = g_strdup (ticket->number);
  if (ticket->prefix != NULL && *ticket->prefix != '\0')
    verdict->prefix = g_strdup (ticket->prefix);
  verdict->scanned_at = ticket->scanned_at;
  verdict->scanned_by = g_strdup (ticket->scanned_by);
  verdict->scanned_here = ticket->scanned_here;
}

static void
verdict_take_ticket (TixDoorVerdict *verdict,
                     TixTicket      *ticket)
{
  if (ticket == NULL)
    return;

  verdict->ticket = g_object_ref (ticket);
  verdict->ticket_id = g_strdup (tix_ticket_get_id (ticket));
  verdict->number = g_strdup (tix_ticket_get_number (ticket));
  verdict->prefix = g_strdup (tix_ticket_get_prefix (ticket));
  verdict->scanned_at = tix_ticket_get_scanned_at (ticket);
  verdict->scanned_by = g_strdup (tix_ticket_get_scanned_by_name (ticket));
}

/* The door --------------------------------------------------------------------- */

struct _TixDoor
{
  GObject         parent_instance;

  /* Owned */
  TixClient      *client;
  TixDoorCache   *cache;
  TixEventStream *stream;
  GCancellable   *cancellable;   /* everything the door started itself */
  GHashTable     *busy;          /* scan ids being uploaded or still in flight */

  guint           scan_timeout_ms;
  guint           retry_ms;
  guint           retry_id;
  guint           sync_id;
  guint           n_queued;

  guint           online : 1;
  guint           online_only : 1;
  guint           probing : 1;
  guint           stopped : 1;
  guint           draining : 1;
};

G_DEFINE_FINAL_TYPE (TixDoor, tix_door, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CACHE,
  PROP_ONLINE,
  PROP_ONLINE_ONLY,
  PROP_N_QUEUED,
  N_PROPS
};

enum {
  CONFLICT,
  DRAINED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_drain (TixDoor *self);
static void drain_if_needed (TixDoor *self);
static void schedule_sync (TixDoor *self, guint delay_ms);

static void
update_n_queued (TixDoor *self)
{
  guint n = tix_door_cache_count_queue (self->cache, TIX_DOOR_QUEUE_PENDING);

  if (n != self->n_queued)
    {
      self->n_queued = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
    }
}

/* Offline and back ------------------------------------------------------------- */

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TixDoor *self;

  tix_door_sync_finish (TIX_DOOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TIX_DOOR (object);
  self->probing = FALSE;

  /* Any answer at all means the server is there. */
  if (!g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE))
    tix_door_set_online (self, TRUE);
}

static gboolean
retry_cb (gpointer user_data)
{
  TixDoor *self = user_data;

  if (!self->probing)
    {
      self->probing = TRUE;
      tix_door_sync_async (self, self->cancellable, probe_cb, NULL);
    }

  return G_SOURCE_CONTINUE;
}

void
tix_door_set_online (TixDoor  *self,
                     gboolean  online)
{
  g_return_if_fail (TIX_IS_DOOR (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  g_debug ("The door is %s", online ? "online" : "offline");

  if (online)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      start_drain (self);
    }
  else if (self->retry_id == 0 && !self->stopped)
    self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* Sync ------------------------------------------------------------------------- */

static void sync_page (GTask *task);

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
    {
      /* Scans queued before (a restart, say) go up as soon as the server
       * is known to be there. */
      drain_if_needed (self);
      g_task_return_boolean (task, TRUE);
    }
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

static void
schedule_sync (TixDoor *self,
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
  schedule_sync (self, SYNC_DELAY_MS);
}

static void
on_tickets_cleared (TixEventStream *stream,
                    gint64          deleted,
                    TixDoor        *self)
{
  g_autoptr(GError) error = NULL;

  if (!tix_door_cache_delete_all (self->cache, &error))
    g_warning ("Could not update the door’s copy: %s", error->message);
  schedule_sync (self, SYNC_DELAY_MS);
}

/* New tickets come with the next sync. */
static void
on_tickets_generated (TixDoor *self)
{
  schedule_sync (self, SYNC_DELAY_MS);
}

static void
on_stream_connected (TixEventStream *stream,
                     GParamSpec     *pspec,
                     TixDoor        *self)
{
  /* The events are back: so is the server, most likely. */
  if (tix_event_stream_get_connected (stream) && !self->online)
    retry_cb (self);
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

/* Deciding offline ------------------------------------------------------------- */

static gboolean
prefix_admitted (const char         *prefix,
                 const char * const *prefixes)
{
  /* A ticket the copy does not know the prefix of is judged by its code. */
  if (prefixes == NULL || prefixes[0] == NULL || prefix == NULL || *prefix == '\0')
    return TRUE;

  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_ascii_strcasecmp (prefixes[i], prefix) == 0)
      return TRUE;

  return FALSE;
}

static TixDoorVerdict *
decide_offline (TixDoor            *self,
                const char         *code,
                const char * const *prefixes)
{
  g_autoptr(TixDoorCacheTicket) cached = NULL;
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *scan_id = NULL;
  guint32 revision = 0;
  gint64 now;

  if (self->online_only)
    {
      verdict = verdict_new (TIX_DOOR_ONLINE_ONLY, TRUE);
      verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE,
                                            _("The server cannot be reached and this "
                                              "station admits online only"));
      return g_steal_pointer (&verdict);
    }

  if (tix_ticket_code_is_code (code))
    {
      guint8 key[TIX_TICKET_CODE_PUBLIC_KEY_BYTES];

      if (!tix_door_cache_get_public_key (self->cache, key))
        {
          verdict = verdict_new (TIX_DOOR_FAILED, TRUE);
          verdict->error = g_error_new_literal (TIX_CLIENT_ERROR,
                                                TIX_CLIENT_ERROR_UNREACHABLE,
                                                _("The server cannot be reached and this "
                                                  "station has no offline copy yet"));
          return g_steal_pointer (&verdict);
        }

      id = tix_ticket_code_decode (code, key, &revision, &error);
      if (id == NULL)
        {
          verdict = verdict_new (TIX_DOOR_FORGED, TRUE);
          verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                                _("This ticket code is not valid"));
          return g_steal_pointer (&verdict);
        }
      cached = tix_door_cache_lookup (self->cache, id);
    }
  else
    {
      cached = tix_door_cache_lookup_number (self->cache, code);
      if (cached == NULL)
        {
          verdict = verdict_new (TIX_DOOR_UNKNOWN, TRUE);
          verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND,
                                                _("No ticket has this number"));
          return g_steal_pointer (&verdict);
        }
      id = g_strdup (cached->id);
      revision = cached->revision;
    }

  if (cached != NULL)
    {
      TixDoorVerdictKind kind = TIX_DOOR_ADMITTED;
      const char *message = NULL;

      if (cached->deleted)
        {
          kind = TIX_DOOR_DELETED;
          message = _("This ticket was deleted");
        }
      else if (revision < cached->revision)
        {
          kind = TIX_DOOR_REPLACED;
          message = _("This ticket was reissued: its old code no longer admits");
        }
      else if (cached->scanned_at > 0)
        {
          kind = TIX_DOOR_DUPLICATE;
          message = _("This ticket has already been scanned");
        }
      else if (!prefix_admitted (cached->prefix, prefixes))
        {
          kind = TIX_DOOR_WRONG_PREFIX;
          message = _("This ticket is not valid at this door");
        }

      if (kind != TIX_DOOR_ADMITTED)
        {
          verdict = verdict_new (kind, TRUE);
          verdict_take_cached (verdict, cached);
          verdict->error = g_error_new_literal (TIX_CLIENT_ERROR,
                                                kind == TIX_DOOR_DUPLICATE
                                                  ? TIX_CLIENT_ERROR_DUPLICATE
                                                  : TIX_CLIENT_ERROR_FORGED,
                                                message);
          return g_steal_pointer (&verdict);
        }
    }

  /* A real ticket not known as scanned: admitted, and queued for upload
   * before the station says so. */
  scan_id = g_uuid_string_random ();
  now = tix_time_now_ms ();
  if (!tix_door_cache_enqueue (self->cache, scan_id, code, id,
                               cached ? cached->number : NULL,
                               cached ? cached->prefix : NULL,
                               now, tix_client_get_station_id (self->client), &error))
    {
      g_warning ("Could not queue an offline scan: %s", error->message);
      verdict = verdict_new (TIX_DOOR_FAILED, TRUE);
      verdict->error = g_steal_pointer (&error);
      return g_steal_pointer (&verdict);
    }

  verdict = verdict_new (TIX_DOOR_ADMITTED, TRUE);
  if (cached != NULL)
    verdict_take_cached (verdict, cached);
  else
    verdict->ticket_id = g_strdup (id);
  verdict->scan_id = g_steal_pointer (&scan_id);
  verdict->scanned_at = now;
  verdict->scanned_here = TRUE;
  update_n_queued (self);

  return g_steal_pointer (&verdict);
}

/* Scanning --------------------------------------------------------------------- */

typedef struct
{
  TixDoor  *door;       /* owned */
  GTask    *task;       /* owned until the verdict is returned */
  char     *code;
  GStrv     prefixes;
  char     *scan_id;    /* when admitted offline after a timeout */
  guint     timeout_id;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_clear_handle_id (&attempt->timeout_id, g_source_remove);
  g_clear_object (&attempt->task);
  g_clear_object (&attempt->door);
  g_free (attempt->code);
  g_strfreev (attempt->prefixes);
  g_free (attempt->scan_id);
  g_free (attempt);
}

static void
attempt_return (Attempt        *attempt,
                TixDoorVerdict *verdict)
{
  g_autoptr(GTask) task = g_steal_pointer (&attempt->task);

  g_clear_handle_id (&attempt->timeout_id, g_source_remove);
  if (g_task_return_error_if_cancelled (task))
    tix_door_verdict_free (verdict);
  else
    g_task_return_pointer (task, verdict, (GDestroyNotify) tix_door_verdict_free);
}

static void
attempt_go_offline (Attempt  *attempt,
                    gboolean  in_flight)
{
  TixDoor *self = attempt->door;
  TixDoorVerdict *verdict;

  tix_door_set_online (self, FALSE);
  verdict = decide_offline (self, attempt->code, (const char * const *) attempt->prefixes);
  if (verdict->scan_id != NULL && in_flight)
    {
      /* The request may still reach the server: its upload waits for it. */
      attempt->scan_id = g_strdup (verdict->scan_id);
      g_hash_table_add (self->busy, g_strdup (verdict->scan_id));
    }
  attempt_return (attempt, verdict);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  attempt->timeout_id = 0;
  g_debug ("No answer within %u ms: deciding offline", attempt->door->scan_timeout_ms);
  attempt_go_offline (attempt, TRUE);

  return G_SOURCE_REMOVE;
}

static TixDoorVerdict *
verdict_from_reply (TixDoor   *self,
                    TixTicket *ticket,
                    GError    *error)
{
  TixDoorVerdict *verdict;
  TixDoorVerdictKind kind;

  if (error == NULL)
    kind = TIX_DOOR_ADMITTED;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE))
    kind = TIX_DOOR_DUPLICATE;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND))
    kind = TIX_DOOR_UNKNOWN;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED))
    {
      const char *reason = tix_client_error_get_reason (error);

      if (g_strcmp0 (reason, "wrong-prefix") == 0)
        kind = TIX_DOOR_WRONG_PREFIX;
      else if (g_strcmp0 (reason, "replaced") == 0)
        kind = TIX_DOOR_REPLACED;
      else if (g_strcmp0 (reason, "deleted") == 0)
        kind = TIX_DOOR_DELETED;
      else
        kind = TIX_DOOR_FORGED;
    }
  else
    kind = TIX_DOOR_FAILED;

  verdict = verdict_new (kind, FALSE);
  verdict_take_ticket (verdict, ticket);
  if (error != NULL)
    verdict->error = g_error_copy (error);

  /* What the server said is what the copy knows now. */
  if (ticket != NULL && (kind == TIX_DOOR_ADMITTED || kind == TIX_DOOR_DUPLICATE) &&
      tix_ticket_get_scanned_at (ticket) > 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!tix_door_cache_set_scanned (self->cache, tix_ticket_get_id (ticket),
                                       tix_ticket_get_scanned_at (ticket),
                                       tix_ticket_get_scanned_by_name (ticket), &local_error))
        g_warning ("Could not update the door’s copy: %s", local_error->message);
    }

  return verdict;
}

static void
attempt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Attempt *attempt = user_data;
  TixDoor *self = attempt->door;
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_scan_code_finish (TIX_CLIENT (object), result, &ticket, &error);

  if (attempt->task == NULL)
    {
      /* Answered after the station had decided offline. */
      if (attempt->scan_id != NULL)
        {
          g_hash_table_remove (self->busy, attempt->scan_id);
          if (error == NULL)
            {
              g_autoptr(GError) local_error = NULL;

              /* The server took the scan after all: nothing to upload. */
              if (!tix_door_cache_set_queue_state (self->cache, attempt->scan_id,
                                                   TIX_DOOR_QUEUE_UPLOADED, NULL,
                                                   &local_error))
                g_warning ("Could not update the queue: %s", local_error->message);
              update_n_queued (self);
            }
          else if (self->online)
            drain_if_needed (self);
        }
      if (error == NULL || !g_error_matches (error, TIX_CLIENT_ERROR,
                                             TIX_CLIENT_ERROR_UNREACHABLE))
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            tix_door_set_online (self, TRUE);
        }
      attempt_free (attempt);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GTask) task = g_steal_pointer (&attempt->task);

      g_clear_handle_id (&attempt->timeout_id, g_source_remove);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE))
    {
      attempt_go_offline (attempt, FALSE);
    }
  else
    {
      tix_door_set_online (self, TRUE);
      attempt_return (attempt, verdict_from_reply (self, ticket, error));
    }

  attempt_free (attempt);
}

void
tix_door_scan_async (TixDoor             *self,
                     const char          *code,
                     const char * const  *prefixes,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  Attempt *attempt;

  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_door_scan_async);
  text = g_strstrip (g_strdup (code));

  if (!self->online)
    {
      g_task_return_pointer (task, decide_offline (self, text, prefixes),
                             (GDestroyNotify) tix_door_verdict_free);
      return;
    }

  attempt = g_new0 (Attempt, 1);
  attempt->door = g_object_ref (self);
  attempt->task = g_steal_pointer (&task);
  attempt->code = g_steal_pointer (&text);
  attempt->prefixes = g_strdupv ((GStrv) prefixes);
  if (self->scan_timeout_ms > 0)
    attempt->timeout_id = g_timeout_add (self->scan_timeout_ms, attempt_timeout_cb, attempt);

  /* The door's own cancellable: a request that outlives its verdict still
   * tells whether the server took the scan. */
  tix_client_scan_code_async (self->client, attempt->code, prefixes, self->cancellable,
                              attempt_cb, attempt);
}

TixDoorVerdict *
tix_door_scan_finish (TixDoor       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Uploading the queue ---------------------------------------------------------- */

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
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  TixDoor *self = g_task_get_source_object (task);
  Drain *drain = g_task_get_task_data (task);
  TixDoorQueuedScan *scan = drain->scan;
  TixDoorQueueState state;

  tix_client_scan_code_finish (TIX_CLIENT (object), result, &ticket, &error);
  g_hash_table_remove (self->busy, scan->scan_id);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error == NULL)
    state = TIX_DOOR_QUEUE_UPLOADED;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE))
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

  update_n_queued (self);

  if (state == TIX_DOOR_QUEUE_CONFLICT)
    g_signal_emit (self, signals[CONFLICT], 0, scan, ticket);
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
        g_signal_emit (self, signals[DRAINED], 0);
      g_task_return_boolean (task, empty);
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&drain->scan, tix_door_queued_scan_free);
  drain->scan = next;
  g_hash_table_add (self->busy, g_strdup (next->scan_id));

  /* No prefixes: the station checked them when it admitted the ticket. */
  tix_client_upload_scan_async (self->client, next->code, NULL, next->scan_id,
                                next->scanned_at, next->station,
                                g_task_get_cancellable (task), upload_cb, task);
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

static void
drain_if_needed (TixDoor *self)
{
  if (self->stopped || self->draining || !self->online)
    return;

  if (tix_door_cache_count_queue (self->cache, TIX_DOOR_QUEUE_PENDING) > 0)
    {
      self->draining = TRUE;
      tix_door_drain_async (self, self->cancellable, background_drain_cb, NULL);
    }
}

static void
start_drain (TixDoor *self)
{
  drain_if_needed (self);
  schedule_sync (self, 0);
}

/* GObject ---------------------------------------------------------------------- */

static void
tix_door_constructed (GObject *object)
{
  TixDoor *self = TIX_DOOR (object);

  G_OBJECT_CLASS (tix_door_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  g_assert (self->cache != NULL);

  self->n_queued = tix_door_cache_count_queue (self->cache, TIX_DOOR_QUEUE_PENDING);
}

static void
tix_door_dispose (GObject *object)
{
  TixDoor *self = TIX_DOOR (object);

  tix_door_stop (self);
  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (tix_door_parent_class)->dispose (object);
}

static void
tix_door_finalize (GObject *object)
{
  TixDoor *self = TIX_DOOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->busy, g_hash_table_unref);

  G_OBJECT_CLASS (tix_door_parent_class)->finalize (object);
}

static void
tix_door_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TixDoor *self = TIX_DOOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_ONLINE_ONLY:
      g_value_set_boolean (value, self->online_only);
      break;

    case PROP_N_QUEUED:
      g_value_set_uint (value, self->n_queued);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_door_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TixDoor *self = TIX_DOOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;

    case PROP_ONLINE_ONLY:
      tix_door_set_online_only (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_door_class_init (TixDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tix_door_constructed;
  object_class->dispose = tix_door_dispose;
  object_class->finalize = tix_door_finalize;
  object_class->get_property = tix_door_get_property;
  object_class->set_property = tix_door_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, TIX_TYPE_DOOR_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE_ONLY] =
    g_param_spec_boolean ("online-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_QUEUED] =
    g_param_spec_uint ("n-queued", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, TIX_TYPE_TICKET);
  signals[DRAINED] =
    g_signal_new ("drained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tix_door_init (TixDoor *self)
{
  self->cancellable = g_cancellable_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->scan_timeout_ms = DEFAULT_SCAN_TIMEOUT_MS;
  self->retry_ms = DEFAULT_RETRY_MS;
  self->online = TRUE;
}

/* Public API ------------------------------------------------------------------- */

TixDoor *
tix_door_new (TixClient    *client,
              TixDoorCache *cache)
{
  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (cache), NULL);

  return g_object_new (TIX_TYPE_DOOR, "client", client, "cache", cache, NULL);
}

TixClient *
tix_door_get_client (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), NULL);

  return self->client;
}

TixDoorCache *
tix_door_get_cache (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), NULL);

  return self->cache;
}

gboolean
tix_door_get_online (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), FALSE);

  return self->online;
}

gboolean
tix_door_get_online_only (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), FALSE);

  return self->online_only;
}

void
tix_door_set_online_only (TixDoor  *self,
                          gboolean  online_only)
{
  g_return_if_fail (TIX_IS_DOOR (self));

  online_only = !!online_only;
  if (self->online_only == online_only)
    return;

  self->online_only = online_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE_ONLY]);
}

guint
tix_door_get_n_queued (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), 0);

  return self->n_queued;
}

void
tix_door_set_timeouts (TixDoor *self,
                       guint    scan_timeout_ms,
                       guint    retry_ms)
{
  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (retry_ms > 0);

  self->scan_timeout_ms = scan_timeout_ms;
  self->retry_ms = retry_ms;
  if (self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
    }
}

void
tix_door_stop (TixDoor *self)
{
  g_return_if_fail (TIX_IS_DOOR (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->sync_id, g_source_remove);
}
