/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-door-private.h"
#include "tix-ticket-code.h"
#include "tix-time.h"

/* What the door does when the server is silent (unreachable, or no answer
 * within the scan timeout): it decides from its copy alone, and tries the
 * server every few seconds until it answers. A correctly signed code of a
 * ticket the copy does not know as deleted, of another event, replaced or
 * scanned is admitted, and queued on disk before the station says so
 * (tix-door-upload.c sends the queue up when the server is back). */

/* Trying the server again ------------------------------------------------------ */

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

void
tix_door_probe (TixDoor *self)
{
  if (!self->probing)
    {
      self->probing = TRUE;
      tix_door_sync_async (self, self->cancellable, probe_cb, NULL);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  tix_door_probe (user_data);

  return G_SOURCE_CONTINUE;
}

void
tix_door_start_retrying (TixDoor *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
}

/* Deciding from the copy ------------------------------------------------------- */

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

TixDoorVerdict *
tix_door_decide_offline (TixDoor            *self,
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
      verdict = tix_door_verdict_new (TIX_DOOR_ONLINE_ONLY, TRUE);
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
          verdict = tix_door_verdict_new (TIX_DOOR_FAILED, TRUE);
          verdict->error = g_error_new_literal (TIX_CLIENT_ERROR,
                                                TIX_CLIENT_ERROR_UNREACHABLE,
                                                _("The server cannot be reached and this "
                                                  "station has no offline copy yet"));
          return g_steal_pointer (&verdict);
        }

      id = tix_ticket_code_decode (code, key, &revision, &error);
      if (id == NULL)
        {
          verdict = tix_door_verdict_new (TIX_DOOR_FORGED, TRUE);
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
          verdict = tix_door_verdict_new (TIX_DOOR_UNKNOWN, TRUE);
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
      else if (cached->refunded)
        {
          kind = TIX_DOOR_REFUNDED;
          message = _("This ticket was refunded: it is void");
        }
      else if (!tix_door_admits_event (self, cached->event_id))
        {
          /* Before its revision and scan, as the server decides: "this
           * ticket is for Friday" is what the person at the door needs. */
          g_autoptr(TixEvent) event = tix_door_cache_lookup_event (self->cache,
                                                                    cached->event_id);

          verdict = tix_door_verdict_new (TIX_DOOR_OTHER_EVENT, TRUE);
          tix_door_verdict_take_cached (verdict, cached);
          tix_door_verdict_set_other_event (verdict, event);
          return g_steal_pointer (&verdict);
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
          verdict = tix_door_verdict_new (kind, TRUE);
          tix_door_verdict_take_cached (verdict, cached);
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
      verdict = tix_door_verdict_new (TIX_DOOR_FAILED, TRUE);
      verdict->error = g_steal_pointer (&error);
      return g_steal_pointer (&verdict);
    }

  verdict = tix_door_verdict_new (TIX_DOOR_ADMITTED, TRUE);
  if (cached != NULL)
    tix_door_verdict_take_cached (verdict, cached);
  else
    verdict->ticket_id = g_strdup (id);
  verdict->scan_id = g_steal_pointer (&scan_id);
  verdict->scanned_at = now;
  verdict->scanned_here = TRUE;
  tix_door_update_n_queued (self);

  return g_steal_pointer (&verdict);
}
