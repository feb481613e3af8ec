/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-client-private.h"
#include "tix-door-private.h"
#include "tix-time.h"

/* A scan at the door: asked of the server (POST /api/scan), whose answer is
 * the verdict; when the server cannot be reached, or has not answered within
 * the scan timeout, tix-door-offline.c decides instead. A request that
 * outlives its verdict still tells whether the server took the scan. */

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
  verdict->direction = attempt->door->direction;
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
  verdict = tix_door_decide_offline (self, attempt->code, (const char * const *) attempt->prefixes);
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

/* Door rules: which verdict the server's result is. A ticket inside
 * already is "already scanned" at the default entrance, as it was before
 * there were entrances. */
static TixDoorVerdictKind
kind_from_result (TixDoor            *self,
                  const char         *result,
                  TixDoorVerdictKind  otherwise)
{
  static const struct
  {
    const char         *result;
    TixDoorVerdictKind  kind;
  } kinds[] = {
    { "re-entry", TIX_DOOR_REENTRY },
    { "exit", TIX_DOOR_EXIT },
    { "no-reentry", TIX_DOOR_NO_REENTRY },
    { "not-inside", TIX_DOOR_NOT_INSIDE },
    { "wrong-entrance", TIX_DOOR_WRONG_ENTRANCE },
    { "closed", TIX_DOOR_CLOSED },
    { "full", TIX_DOOR_FULL },
  };

  if (result == NULL)
    return otherwise;
  if (g_str_equal (result, "already-inside"))
    return self->entrance_id > 0 || self->direction == TIX_DOOR_DIRECTION_OUT
           ? TIX_DOOR_ALREADY_INSIDE : TIX_DOOR_DUPLICATE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (result, kinds[i].result))
      return kinds[i].kind;
  return otherwise;
}

static TixDoorVerdict *
verdict_from_reply (TixDoor        *self,
                    TixScanOutcome *outcome,
                    GError         *error)
{
  const char *field = tix_client_error_get_field (error);
  const char *result = outcome != NULL ? outcome->result : NULL;
  TixTicket *ticket = outcome != NULL ? outcome->ticket : NULL;
  TixDoorVerdict *verdict;
  TixDoorVerdictKind kind;

  if (error == NULL)
    kind = kind_from_result (self, result, TIX_DOOR_ADMITTED);
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE))
    kind = kind_from_result (self, result, TIX_DOOR_DUPLICATE);
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID) &&
           g_strcmp0 (result, "not-inside") == 0)
    kind = TIX_DOOR_NOT_INSIDE;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND) &&
           (g_strcmp0 (field, "event_id") == 0 || g_strcmp0 (field, "event_ids") == 0))
    {
      /* Not the ticket: the event this door admits is gone. */
      verdict = tix_door_verdict_new (TIX_DOOR_FAILED, FALSE);
      verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_NOT_FOUND,
                                            _("The event this station admits no longer "
                                              "exists: choose another"));
      return verdict;
    }
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
      else if (g_strcmp0 (reason, "refunded") == 0)
        kind = TIX_DOOR_REFUNDED;
      else if (g_strcmp0 (reason, "other-event") == 0)
        kind = TIX_DOOR_OTHER_EVENT;
      else
        kind = kind_from_result (self, reason, TIX_DOOR_FORGED);
    }
  else
    kind = TIX_DOOR_FAILED;

  verdict = tix_door_verdict_new (kind, FALSE);
  tix_door_verdict_take_ticket (verdict, ticket);
  tix_door_verdict_take_outcome (verdict, outcome);
  if (error != NULL)
    verdict->error = g_error_copy (error);
  if (kind == TIX_DOOR_OTHER_EVENT)
    tix_door_verdict_set_other_event (verdict, tix_client_error_get_event (error));

  /* What the server said is what the copy knows now. */
  if (ticket != NULL && (kind == TIX_DOOR_ADMITTED || kind == TIX_DOOR_DUPLICATE ||
                         kind == TIX_DOOR_REENTRY || kind == TIX_DOOR_EXIT ||
                         kind == TIX_DOOR_ALREADY_INSIDE || kind == TIX_DOOR_NO_REENTRY) &&
      tix_ticket_get_scanned_at (ticket) > 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!tix_door_cache_set_scanned (self->cache, tix_ticket_get_id (ticket),
                                       tix_ticket_get_scanned_at (ticket),
                                       tix_ticket_get_scanned_by_name (ticket), &local_error))
        g_warning ("Could not update the door’s copy: %s", local_error->message);
    }
  /* And whether it is inside now, and where it came in. */
  if (ticket != NULL && (kind == TIX_DOOR_ADMITTED || kind == TIX_DOOR_REENTRY ||
                         kind == TIX_DOOR_EXIT))
    {
      g_autoptr(GError) local_error = NULL;
      gint64 entrance_id = outcome->entrance ? tix_entrance_get_id (outcome->entrance) : 0;

      if (!tix_door_cache_set_inside (self->cache, tix_ticket_get_id (ticket),
                                      kind != TIX_DOOR_EXIT, entrance_id, tix_time_now_ms (),
                                      &local_error))
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
  g_autoptr(TixScanOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;

  tix_client_scan_at_entrance_finish (TIX_CLIENT (object), result, &outcome, &error);
  /* A refusal without a reason (a server of the previous version) still
   * names its ticket. */
  if (outcome == NULL && tix_client_call_get_error_ticket (result) != NULL &&
      (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE) ||
       g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED)))
    {
      outcome = g_new0 (TixScanOutcome, 1);
      outcome->ticket = g_object_ref (tix_client_call_get_error_ticket (result));
    }

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
              tix_door_update_n_queued (self);
            }
          else if (self->online)
            tix_door_drain_if_needed (self);
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
      attempt_return (attempt, verdict_from_reply (self, outcome, error));
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
  const gint64 *events;
  guint n_events;
  Attempt *attempt;

  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_door_scan_async);
  text = g_strstrip (g_strdup (code));

  if (!self->online)
    {
      TixDoorVerdict *verdict = tix_door_decide_offline (self, text, prefixes);

      verdict->direction = self->direction;
      g_task_return_pointer (task, verdict, (GDestroyNotify) tix_door_verdict_free);
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
  events = tix_door_get_admitted (self, &n_events);
  tix_client_scan_at_entrance_async (self->client, attempt->code, prefixes, events, n_events,
                                     self->entrance_id,
                                     self->direction == TIX_DOOR_DIRECTION_OUT,
                                     self->cancellable, attempt_cb, attempt);
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
