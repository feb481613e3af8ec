/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-door-private.h"
#include "tix-door-rules.h"
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

/* The entrance that decides a ticket of @event_id (0: not known): the
 * door's when it is of that event, else the event's default; NULL when the
 * copy knows none. */
static TixEntrance *
deciding_entrance (TixDoor *self,
                   gint64   event_id)
{
  g_autoptr(TixEntrance) chosen = NULL;

  if (self->entrance_id > 0)
    chosen = tix_door_cache_lookup_entrance (self->cache, self->entrance_id);
  if (chosen != NULL && (event_id <= 0 || tix_entrance_get_event_id (chosen) == event_id))
    return g_steal_pointer (&chosen);
  return event_id > 0 ? tix_door_cache_get_default_entrance (self->cache, event_id) : NULL;
}

/* The verdict's message and error code of a refusal by the rules. */
static GError *
rule_error (TixDoorVerdictKind kind)
{
  switch (kind)
    {
    case TIX_DOOR_DUPLICATE:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE,
                                  _("This ticket has already been scanned"));
    case TIX_DOOR_ALREADY_INSIDE:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE,
                                  _("This ticket is inside already"));
    case TIX_DOOR_NO_REENTRY:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_DUPLICATE,
                                  _("This ticket went out: this entrance lets nobody back in"));
    case TIX_DOOR_NOT_INSIDE:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_INVALID,
                                  _("This ticket is not inside"));
    case TIX_DOOR_WRONG_ENTRANCE:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                  _("This ticket is not for this entrance"));
    case TIX_DOOR_CLOSED:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                  _("This entrance is closed"));
    case TIX_DOOR_FULL:
      return g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                  _("The event is full: nobody more may go in"));
    default:
      g_assert_not_reached ();
    }
}

/* The entrances of @event_id that would take a ticket of @type_id going
 * @direction, or NULL. */
static GPtrArray *
entrances_that_take (TixDoor          *self,
                     gint64            event_id,
                     gint64            type_id,
                     TixDoorDirection  direction)
{
  g_autoptr(GPtrArray) all = tix_door_cache_list_entrances (self->cache, event_id);
  g_autoptr(GPtrArray) taking = NULL;

  if (all == NULL)
    return NULL;
  taking = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < all->len; i++)
    if (tix_door_rules_would_take (all->pdata[i], type_id, direction))
      g_ptr_array_add (taking, g_object_ref (all->pdata[i]));
  return taking->len > 0 ? g_steal_pointer (&taking) : NULL;
}

/* A real ticket, neither void nor of another event: the door rules decide
 * from what the copy knows (tix-door-rules.c); an admission, in or out, is
 * queued for upload before the station says so. */
static TixDoorVerdict *
decide_by_rules (TixDoor            *self,
                 const char         *code,
                 const char         *id,
                 TixDoorCacheTicket *cached)
{
  g_autoptr(TixDoorVerdict) verdict = NULL;
  g_autoptr(TixEntrance) entrance = NULL;
  g_autoptr(TixEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scan_id = NULL;
  TixDoorRuleFacts facts = { 0 };
  TixDoorVerdictKind kind;
  gint64 event_id = cached ? cached->event_id : 0;
  gint64 now = tix_time_now_ms ();

  entrance = deciding_entrance (self, event_id);
  event = event_id > 0 ? tix_door_cache_lookup_event (self->cache, event_id) : NULL;

  facts.direction = self->direction;
  facts.at_ms = now;
  facts.entrance = entrance;
  facts.known = cached != NULL;
  facts.type_id = cached ? cached->type_id : 0;
  facts.scanned = cached != NULL && cached->scanned_at > 0;
  facts.inside = cached != NULL && cached->inside;
  facts.max_inside = event != NULL ? tix_event_get_max_inside (event) : TIX_EVENT_NO_LIMIT;
  facts.event_inside = facts.max_inside >= 0 ? tix_door_cache_count_inside (self->cache, event_id)
                                             : 0;
  kind = tix_door_rules_decide (&facts);

  /* Inside already is "already scanned" at the default entrance, as it
   * was before there were entrances (and as the door says it online). */
  if (kind == TIX_DOOR_ALREADY_INSIDE && self->entrance_id == 0 &&
      self->direction == TIX_DOOR_DIRECTION_IN)
    kind = TIX_DOOR_DUPLICATE;

  if (kind != TIX_DOOR_ADMITTED && kind != TIX_DOOR_REENTRY && kind != TIX_DOOR_EXIT)
    {
      verdict = tix_door_verdict_new (kind, TRUE);
      if (cached != NULL)
        tix_door_verdict_take_cached (verdict, cached);
      else
        verdict->ticket_id = g_strdup (id);
      verdict->error = rule_error (kind);
      switch (kind)
        {
        case TIX_DOOR_DUPLICATE:
        case TIX_DOOR_ALREADY_INSIDE:
        case TIX_DOOR_NO_REENTRY:
          /* When, and by which entrance, it came in. */
          verdict->entered_at = cached->last_in_at > 0 ? cached->last_in_at : cached->scanned_at;
          if (cached->entrance_id > 0)
            verdict->entrance = tix_door_cache_lookup_entrance (self->cache,
                                                                cached->entrance_id);
          break;
        case TIX_DOOR_NOT_INSIDE:
          verdict->exited_at = cached ? cached->last_out_at : 0;
          break;
        case TIX_DOOR_WRONG_ENTRANCE:
          verdict->entrances = entrances_that_take (self, event_id, facts.type_id,
                                                    self->direction);
          break;
        case TIX_DOOR_CLOSED:
          verdict->entrance = g_steal_pointer (&entrance);
          break;
        case TIX_DOOR_FULL:
          /* The event, with who is inside as far as this station knows. */
          tix_event_set_inside (event, facts.event_inside);
          verdict->event = g_steal_pointer (&event);
          break;
        default:
          break;
        }
      return g_steal_pointer (&verdict);
    }

  scan_id = g_uuid_string_random ();
  if (!tix_door_cache_enqueue_scan (self->cache, scan_id, code, id,
                                    cached ? cached->number : NULL,
                                    cached ? cached->prefix : NULL,
                                    now, tix_client_get_station_id (self->client),
                                    self->entrance_id,
                                    entrance ? tix_entrance_get_id (entrance) : 0,
                                    self->direction == TIX_DOOR_DIRECTION_OUT, &error))
    {
      g_warning ("Could not queue an offline scan: %s", error->message);
      verdict = tix_door_verdict_new (TIX_DOOR_FAILED, TRUE);
      verdict->error = g_steal_pointer (&error);
      return g_steal_pointer (&verdict);
    }

  verdict = tix_door_verdict_new (kind, TRUE);
  if (cached != NULL)
    tix_door_verdict_take_cached (verdict, cached);
  else
    verdict->ticket_id = g_strdup (id);
  verdict->scan_id = g_steal_pointer (&scan_id);
  /* scanned_at stays the first entry. */
  if (kind == TIX_DOOR_ADMITTED)
    verdict->scanned_at = now;
  verdict->scanned_here = TRUE;
  verdict->entrance = g_steal_pointer (&entrance);
  tix_door_update_n_queued (self);

  return g_steal_pointer (&verdict);
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
  guint32 revision = 0;

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
      else if (!prefix_admitted (cached->prefix, prefixes))
        {
          kind = TIX_DOOR_WRONG_PREFIX;
          message = _("This ticket is not valid at this door");
        }

      if (kind != TIX_DOOR_ADMITTED)
        {
          verdict = tix_door_verdict_new (kind, TRUE);
          tix_door_verdict_take_cached (verdict, cached);
          verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                                message);
          return g_steal_pointer (&verdict);
        }
    }

  return decide_by_rules (self, code, id, cached);
}
