/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-org-time.h"
#include "tix-scan-answer-private.h"

/* A code is long: the list and the toasts show its start. */
#define SHOWN_CODE_MAX    24
#define SHOWN_CODE_START  20

const char *
tix_scan_result_get_css_class (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_NONE:
      return "scan-idle";
    case TIX_SCAN_RESULT_VALID:
      return "scan-valid";
    case TIX_SCAN_RESULT_DUPLICATE:
      return "scan-duplicate";
    case TIX_SCAN_RESULT_UNDONE:
      return "scan-undone";
    case TIX_SCAN_RESULT_DELETED:
      return "scan-deleted";
    case TIX_SCAN_RESULT_REENTRY:
      return "scan-reentry";
    case TIX_SCAN_RESULT_EXIT:
      return "scan-exit";
    case TIX_SCAN_RESULT_ALREADY_INSIDE:
      return "scan-already-inside";
    case TIX_SCAN_RESULT_NO_REENTRY:
      return "scan-no-reentry";
    case TIX_SCAN_RESULT_NOT_INSIDE:
      return "scan-not-inside";
    case TIX_SCAN_RESULT_WRONG_ENTRANCE:
      return "scan-wrong-entrance";
    case TIX_SCAN_RESULT_CLOSED:
      return "scan-closed";
    case TIX_SCAN_RESULT_FULL:
      return "scan-full";
    case TIX_SCAN_RESULT_REFUNDED:
      return "scan-refunded";
    case TIX_SCAN_RESULT_UNKNOWN:
    case TIX_SCAN_RESULT_FORGED:
    case TIX_SCAN_RESULT_REPLACED:
    case TIX_SCAN_RESULT_WRONG_PREFIX:
    case TIX_SCAN_RESULT_OTHER_EVENT:
    case TIX_SCAN_RESULT_FAILED:
    default:
      return "scan-invalid";
    }
}

const char *
tix_scan_result_get_icon_name (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_VALID:
      return "object-select-symbolic";
    case TIX_SCAN_RESULT_DUPLICATE:
      return "dialog-warning-symbolic";
    case TIX_SCAN_RESULT_UNDONE:
      return "edit-undo-symbolic";
    case TIX_SCAN_RESULT_DELETED:
      return "user-trash-symbolic";
    case TIX_SCAN_RESULT_NONE:
      return "tix-scan-symbolic";
    case TIX_SCAN_RESULT_REENTRY:
      return "media-playlist-repeat-symbolic";
    case TIX_SCAN_RESULT_EXIT:
      return "system-log-out-symbolic";
    case TIX_SCAN_RESULT_ALREADY_INSIDE:
      return "system-users-symbolic";
    case TIX_SCAN_RESULT_NO_REENTRY:
      return "changes-prevent-symbolic";
    case TIX_SCAN_RESULT_NOT_INSIDE:
      return "avatar-default-symbolic";
    case TIX_SCAN_RESULT_WRONG_ENTRANCE:
      return "mark-location-symbolic";
    case TIX_SCAN_RESULT_CLOSED:
      return "alarm-symbolic";
    case TIX_SCAN_RESULT_FULL:
      return "process-stop-symbolic";
    case TIX_SCAN_RESULT_REFUNDED:
      return "edit-redo-symbolic";
    default:
      return "action-unavailable-symbolic";
    }
}

const char *
tix_scan_result_get_verdict (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_NONE:
      return _("Ready to Scan");
    case TIX_SCAN_RESULT_VALID:
      /* Translators: shown very big at the door: the ticket admits */
      return _("VALID");
    case TIX_SCAN_RESULT_DUPLICATE:
      return _("ALREADY SCANNED");
    case TIX_SCAN_RESULT_UNKNOWN:
      return _("UNKNOWN");
    case TIX_SCAN_RESULT_FORGED:
      return _("FORGED");
    case TIX_SCAN_RESULT_REPLACED:
      /* Translators: the ticket was reissued; this is its old code */
      return _("REPLACED");
    case TIX_SCAN_RESULT_WRONG_PREFIX:
      return _("NOT VALID HERE");
    case TIX_SCAN_RESULT_OTHER_EVENT:
      /* Translators: shown very big at the door: a ticket for another show */
      return _("OTHER EVENT");
    case TIX_SCAN_RESULT_FAILED:
      return _("NOT CHECKED");
    case TIX_SCAN_RESULT_UNDONE:
      return _("SCAN UNDONE");
    case TIX_SCAN_RESULT_DELETED:
      /* Translators: shown very big at the door: the ticket existed but was deleted */
      return _("DELETED");
    case TIX_SCAN_RESULT_REENTRY:
      /* Translators: shown very big at the door: back in after going out */
      return _("WELCOME BACK");
    case TIX_SCAN_RESULT_EXIT:
      /* Translators: shown very big at the door: a guest going out */
      return _("GOODBYE");
    case TIX_SCAN_RESULT_ALREADY_INSIDE:
      /* Translators: shown very big at the door: the ticket is inside now */
      return _("ALREADY INSIDE");
    case TIX_SCAN_RESULT_NO_REENTRY:
      /* Translators: shown very big at the door: went out, may not come back in */
      return _("NO RE-ENTRY");
    case TIX_SCAN_RESULT_NOT_INSIDE:
      /* Translators: shown very big at the door: scanned out, but it is not inside */
      return _("NOT INSIDE");
    case TIX_SCAN_RESULT_WRONG_ENTRANCE:
      /* Translators: shown very big at the door: the ticket is for another entrance */
      return _("WRONG ENTRANCE");
    case TIX_SCAN_RESULT_CLOSED:
      /* Translators: shown very big at the door: the entrance is not open now */
      return _("CLOSED");
    case TIX_SCAN_RESULT_FULL:
      /* Translators: shown very big at the door: the event has as many inside as it may */
      return _("FULL");
    case TIX_SCAN_RESULT_REFUNDED:
      /* Translators: shown very big at the door: the ticket's order was refunded */
      return _("REFUNDED");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
tix_scan_result_get_sound_id (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_NONE:
    case TIX_SCAN_RESULT_UNDONE:
      return NULL;
    case TIX_SCAN_RESULT_VALID:
      return "complete";
    case TIX_SCAN_RESULT_REENTRY:
      return "service-login";
    case TIX_SCAN_RESULT_EXIT:
      return "service-logout";
    case TIX_SCAN_RESULT_DUPLICATE:
      return "dialog-warning";
    case TIX_SCAN_RESULT_ALREADY_INSIDE:
      return "bell";
    case TIX_SCAN_RESULT_NO_REENTRY:
      return "suspend-error";
    case TIX_SCAN_RESULT_NOT_INSIDE:
      return "dialog-information";
    case TIX_SCAN_RESULT_WRONG_ENTRANCE:
      return "window-attention";
    case TIX_SCAN_RESULT_CLOSED:
      return "alarm-clock-elapsed";
    case TIX_SCAN_RESULT_FULL:
      return "battery-caution";
    case TIX_SCAN_RESULT_REFUNDED:
      return "trash-empty";
    default:
      return "dialog-error";
    }
}

gboolean
tix_scan_result_get_admitted (TixScanResult result)
{
  return result == TIX_SCAN_RESULT_VALID || result == TIX_SCAN_RESULT_REENTRY ||
         result == TIX_SCAN_RESULT_EXIT;
}

/* In the organization's time zone, saying which when it is not this computer's. */
char *
tix_scan_format_time (GTimeZone *zone,
                      gint64     ms)
{
  if (tix_org_time_is_today (zone, ms))
    return tix_org_time_format (zone, ms, "%X");

  /* Translators: a date and time, see g_date_time_format() */
  return tix_org_time_format (zone, ms, _("%x %X"));
}

/* The door's verdict as the view names it: one to one, except that a
 * refusal to decide offline is, at the door, a scan not checked. */
static TixScanResult
result_for_kind (TixDoorVerdictKind kind)
{
  switch (kind)
    {
    case TIX_DOOR_ADMITTED:
      return TIX_SCAN_RESULT_VALID;
    case TIX_DOOR_DUPLICATE:
      return TIX_SCAN_RESULT_DUPLICATE;
    case TIX_DOOR_UNKNOWN:
      return TIX_SCAN_RESULT_UNKNOWN;
    case TIX_DOOR_DELETED:
      return TIX_SCAN_RESULT_DELETED;
    case TIX_DOOR_FORGED:
      return TIX_SCAN_RESULT_FORGED;
    case TIX_DOOR_REPLACED:
      return TIX_SCAN_RESULT_REPLACED;
    case TIX_DOOR_WRONG_PREFIX:
      return TIX_SCAN_RESULT_WRONG_PREFIX;
    case TIX_DOOR_OTHER_EVENT:
      return TIX_SCAN_RESULT_OTHER_EVENT;
    case TIX_DOOR_REFUNDED:
      return TIX_SCAN_RESULT_REFUNDED;
    case TIX_DOOR_REENTRY:
      return TIX_SCAN_RESULT_REENTRY;
    case TIX_DOOR_EXIT:
      return TIX_SCAN_RESULT_EXIT;
    case TIX_DOOR_ALREADY_INSIDE:
      return TIX_SCAN_RESULT_ALREADY_INSIDE;
    case TIX_DOOR_NO_REENTRY:
      return TIX_SCAN_RESULT_NO_REENTRY;
    case TIX_DOOR_NOT_INSIDE:
      return TIX_SCAN_RESULT_NOT_INSIDE;
    case TIX_DOOR_WRONG_ENTRANCE:
      return TIX_SCAN_RESULT_WRONG_ENTRANCE;
    case TIX_DOOR_CLOSED:
      return TIX_SCAN_RESULT_CLOSED;
    case TIX_DOOR_FULL:
      return TIX_SCAN_RESULT_FULL;
    case TIX_DOOR_ONLINE_ONLY:
    case TIX_DOOR_FAILED:
    default:
      return TIX_SCAN_RESULT_FAILED;
    }
}

static const char *
error_message (const TixDoorVerdict *verdict)
{
  return verdict->error != NULL ? verdict->error->message : "";
}

static char *
format_duplicate (const TixDoorVerdict *verdict,
                  GTimeZone            *zone)
{
  TixTicket *ticket = verdict->ticket;
  gint64 at = ticket != NULL ? tix_ticket_get_scanned_at (ticket) : verdict->scanned_at;
  const char *who = ticket != NULL ? tix_ticket_get_scanned_by_name (ticket) : verdict->scanned_by;
  g_autofree char *when = NULL;

  if (verdict->offline && verdict->scanned_here)
    return g_strdup (_("Already admitted at this door while offline"));
  if (at <= 0 && ticket != NULL)
    at = verdict->scanned_at;
  if (at <= 0)
    return g_strdup (error_message (verdict));

  when = tix_scan_format_time (zone, at);
  if (who != NULL && *who != '\0')
    /* Translators: "Scanned at 21:04:33 by Ana" */
    return g_strdup_printf (_("Scanned at %s by %s"), when, who);
  return g_strdup_printf (_("Scanned at %s"), when);
}

/* The mistake of a door with a show every night: say which show it is for. */
static char *
format_other_event (const TixDoorVerdict *verdict,
                    GTimeZone            *zone)
{
  const char *name = verdict->event ? tix_event_get_name (verdict->event) : NULL;
  gint64 starts_at = verdict->event ? tix_event_get_starts_at (verdict->event)
                                    : TIX_EVENT_NO_TIME;
  g_autofree char *when = NULL;

  if (starts_at != TIX_EVENT_NO_TIME)
    /* Translators: an event's start, see g_date_time_format(): "Friday 14 March, 20:00" */
    when = tix_org_time_format (zone, starts_at, _("%A %-d %B, %H:%M"));

  if (when != NULL && name != NULL && *name != '\0')
    /* Translators: "For Friday 14 March, 20:00 (Late show)" */
    return g_strdup_printf (_("For %s (%s)"), when, name);
  if (when != NULL)
    /* Translators: "For Friday 14 March, 20:00" */
    return g_strdup_printf (_("For %s"), when);
  if (name != NULL && *name != '\0')
    /* Translators: "For Late show" */
    return g_strdup_printf (_("For %s"), name);
  return g_strdup (_("This ticket is for another event"));
}

static char *
format_detail (TixScanResult         result,
               const TixDoorVerdict *verdict,
               const char * const   *prefixes,
               GTimeZone            *zone)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_VALID:
      if (verdict->offline)
        /* Translators: the station decided alone, the server was unreachable */
        return g_strdup (_("Admitted offline: the server will be told when it is back"));
      return g_strdup (verdict->ticket ? tix_ticket_get_extra (verdict->ticket) : NULL);

    case TIX_SCAN_RESULT_DUPLICATE:
      return format_duplicate (verdict, zone);

    case TIX_SCAN_RESULT_UNKNOWN:
      return g_strdup (_("No ticket has this number or code"));

    case TIX_SCAN_RESULT_DELETED:
      return g_strdup (_("This ticket was deleted: it no longer admits"));

    case TIX_SCAN_RESULT_FORGED:
      return g_strdup (_("This code was not issued by this box office, or it has been altered"));

    case TIX_SCAN_RESULT_REPLACED:
      return g_strdup (_("This ticket was reissued: its old code no longer admits"));

    case TIX_SCAN_RESULT_WRONG_PREFIX:
      if (prefixes != NULL && prefixes[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (", ", (GStrv) prefixes);

          /* Translators: "This door admits FRI, VIP only" */
          return g_strdup_printf (_("This door admits %s only"), joined);
        }
      return g_strdup (error_message (verdict));

    case TIX_SCAN_RESULT_OTHER_EVENT:
      return format_other_event (verdict, zone);

    case TIX_SCAN_RESULT_REFUNDED:
      return g_strdup (_("The order of this ticket was refunded: it no longer admits"));

    case TIX_SCAN_RESULT_REENTRY:
    case TIX_SCAN_RESULT_EXIT:
    case TIX_SCAN_RESULT_ALREADY_INSIDE:
    case TIX_SCAN_RESULT_NO_REENTRY:
    case TIX_SCAN_RESULT_NOT_INSIDE:
    case TIX_SCAN_RESULT_WRONG_ENTRANCE:
    case TIX_SCAN_RESULT_CLOSED:
    case TIX_SCAN_RESULT_FULL:
      return _tix_scan_answer_format_rule (result, verdict, zone);

    case TIX_SCAN_RESULT_FAILED:
    default:
      if (verdict->kind == TIX_DOOR_ONLINE_ONLY)
        /* Translators: %s is "The server cannot be reached and this station admits online only" */
        return g_strdup_printf (_("%s. Send the guest to a station that is online."),
                                error_message (verdict));
      /* Translators: %s says why, e.g. "Server unreachable at …" */
      return g_strdup_printf (_("%s. Scan the ticket again."), error_message (verdict));
    }
}

static char *
format_title (const char           *code,
              const TixDoorVerdict *verdict)
{
  const char *number = verdict->ticket ? tix_ticket_get_number (verdict->ticket) : NULL;

  if (number == NULL)
    number = verdict->number;
  if (number != NULL)
    return g_strdup (number);

  /* What was scanned, shortened: a code is long. */
  if (g_utf8_strlen (code, -1) > SHOWN_CODE_MAX)
    {
      g_autofree char *start = g_utf8_substring (code, 0, SHOWN_CODE_START);

      return g_strconcat (start, "…", NULL);
    }
  return g_strdup (code);
}

TixScanAnswer *
tix_scan_answer_new (const char           *code,
                     const TixDoorVerdict *verdict,
                     const char * const   *prefixes,
                     GTimeZone            *zone)
{
  TixScanAnswer *answer;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (verdict != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  answer = g_new0 (TixScanAnswer, 1);
  answer->result = result_for_kind (verdict->kind);
  answer->offline = verdict->offline;
  answer->title = format_title (code, verdict);
  answer->detail = format_detail (answer->result, verdict, prefixes, zone);
  /* An answer made offline is undone on the server, once it is uploaded. */
  if (answer->result == TIX_SCAN_RESULT_VALID && verdict->ticket != NULL)
    answer->ticket = g_object_ref (verdict->ticket);

  return answer;
}

void
tix_scan_answer_free (TixScanAnswer *answer)
{
  if (answer == NULL)
    return;

  g_free (answer->title);
  g_free (answer->detail);
  g_clear_object (&answer->ticket);
  g_free (answer);
}
