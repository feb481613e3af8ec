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
  copy->direction = verdict->direction;
  copy->entrance = verdict->entrance ? g_object_ref (verdict->entrance) : NULL;
  copy->entered_at = verdict->entered_at;
  copy->exited_at = verdict->exited_at;
  copy->entrances = verdict->entrances ? g_ptr_array_ref (verdict->entrances) : NULL;

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
  g_clear_object (&verdict->entrance);
  g_clear_pointer (&verdict->entrances, g_ptr_array_unref);
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

void
tix_door_verdict_take_outcome (TixDoorVerdict *verdict,
                               TixScanOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_set_object (&verdict->entrance, outcome->entrance);
  verdict->entered_at = outcome->entered_at;
  verdict->exited_at = outcome->exited_at;
  if (outcome->entrances != NULL)
    {
      g_clear_pointer (&verdict->entrances, g_ptr_array_unref);
      verdict->entrances = g_ptr_array_ref (outcome->entrances);
    }
  /* Full: the event, with who is inside. */
  if (verdict->kind == TIX_DOOR_FULL && outcome->event != NULL)
    g_set_object (&verdict->event, outcome->event);
}
