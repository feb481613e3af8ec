/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tix-door-private.h"

/* TixDoorVerdict: the answer to one scan, the server's or the copy's. */

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
  copy->event = verdict->event ? g_object_ref (verdict->event) : NULL;
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
  g_clear_object (&verdict->event);
  g_clear_error (&verdict->error);
  g_free (verdict);
}

G_DEFINE_BOXED_TYPE (TixDoorVerdict, tix_door_verdict, tix_door_verdict_copy, tix_door_verdict_free)

TixDoorVerdict *
tix_door_verdict_new (TixDoorVerdictKind kind,
                      gboolean           offline)
{
  TixDoorVerdict *verdict = g_new0 (TixDoorVerdict, 1);

  verdict->kind = kind;
  verdict->offline = offline;

  return verdict;
}

void
tix_door_verdict_take_cached (TixDoorVerdict     *verdict,
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

void
tix_door_verdict_take_ticket (TixDoorVerdict *verdict,
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

void
tix_door_verdict_set_other_event (TixDoorVerdict *verdict,
                                  TixEvent       *event)
{
  verdict->kind = TIX_DOOR_OTHER_EVENT;
  g_set_object (&verdict->event, event);

  /* The server's refusal says it already; the copy's says it here. When
   * and where the event is the app tells, in the organization's zone. */
  if (verdict->error != NULL)
    return;
  if (event != NULL && *tix_event_get_name (event) != '\0')
    /* Translators: the name of the event the ticket is for */
    verdict->error = g_error_new (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                  _("This ticket is for “%s”"), tix_event_get_name (event));
  else
    verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_FORGED,
                                          _("This ticket is for another event"));
}
