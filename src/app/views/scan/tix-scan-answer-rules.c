/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-org-time.h"
#include "tix-scan-answer-private.h"

/* The words of the door rules' answers (issue 20): where a guest came in
 * and when, which entrances take a ticket, an entrance's hours, how many
 * are inside. Times in the organization's zone. No GTK. */

static const char *
entrance_name (TixEntrance *entrance)
{
  const char *name = entrance != NULL ? tix_entrance_get_name (entrance) : NULL;

  return name != NULL && *name != '\0' ? name : NULL;
}

/* A time of the door's day: the time alone when it is today in @zone. */
static char *
format_when (GTimeZone *zone,
             gint64     ms)
{
  if (tix_org_time_is_today (zone, ms))
    /* Translators: a time of day, see g_date_time_format(): "21:04" */
    return tix_org_time_format (zone, ms, _("%H:%M"));
  /* Translators: a day and time, see g_date_time_format(): "Fri 14 Mar, 21:04" */
  return tix_org_time_format (zone, ms, _("%a %-d %b, %H:%M"));
}

char *
tix_scan_format_hours (TixEntrance *entrance,
                       GTimeZone   *zone)
{
  gint64 opens, closes;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (TIX_IS_ENTRANCE (entrance), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  opens = tix_entrance_get_opens_at (entrance);
  closes = tix_entrance_get_closes_at (entrance);
  if (opens != TIX_ENTRANCE_NO_TIME)
    from = format_when (zone, opens);
  if (closes != TIX_ENTRANCE_NO_TIME)
    until = format_when (zone, closes);

  if (from != NULL && until != NULL)
    /* Translators: an entrance's hours: "19:00–23:00" */
    return g_strdup_printf (_("%s–%s"), from, until);
  if (from != NULL)
    /* Translators: an entrance's hours without an end: "from 19:00" */
    return g_strdup_printf (_("from %s"), from);
  if (until != NULL)
    /* Translators: an entrance's hours without a start: "until 23:00" */
    return g_strdup_printf (_("until %s"), until);
  return NULL;
}

/* What else the steward may tell the guest: the ticket's own line. */
static char *
with_extra (char                 *line,
            const TixDoorVerdict *verdict)
{
  const char *extra = verdict->ticket != NULL ? tix_ticket_get_extra (verdict->ticket) : NULL;
  char *joined;

  if (extra == NULL || *extra == '\0')
    return line;
  if (line == NULL)
    return g_strdup (extra);
  /* Translators: the door's line, then the ticket's extra text: "At North Door · Balcony" */
  joined = g_strdup_printf (_("%s · %s"), line, extra);
  g_free (line);
  return joined;
}

static char *
format_passed (TixScanResult         result,
               const TixDoorVerdict *verdict)
{
  const char *name = entrance_name (verdict->entrance);
  char *line = NULL;

  if (verdict->offline)
    line = g_strdup (_("Decided offline: the server will be told when it is back"));
  else if (name != NULL && result == TIX_SCAN_RESULT_EXIT)
    /* Translators: a guest went out: "Out by North Door" */
    line = g_strdup_printf (_("Out by %s"), name);
  else if (name != NULL)
    /* Translators: a guest came back in: "Back in by North Door" */
    line = g_strdup_printf (_("Back in by %s"), name);
  return with_extra (line, verdict);
}

static char *
format_already_inside (const TixDoorVerdict *verdict,
                       GTimeZone            *zone)
{
  const char *name = entrance_name (verdict->entrance);
  gint64 at = verdict->entered_at;
  g_autofree char *when = NULL;

  if (at <= 0 && verdict->ticket != NULL)
    at = tix_ticket_get_scanned_at (verdict->ticket);
  if (at > 0)
    when = format_when (zone, at);

  if (when != NULL && name != NULL)
    /* Translators: "Came in at 21:04 by North Door" */
    return g_strdup_printf (_("Came in at %s by %s"), when, name);
  if (when != NULL)
    /* Translators: "Came in at 21:04" */
    return g_strdup_printf (_("Came in at %s"), when);
  if (name != NULL)
    /* Translators: "Came in by North Door" */
    return g_strdup_printf (_("Came in by %s"), name);
  return g_strdup (_("This ticket is inside and has not gone out since"));
}

static char *
format_no_reentry (const TixDoorVerdict *verdict,
                   GTimeZone            *zone)
{
  g_autofree char *when = verdict->entered_at > 0 ? format_when (zone, verdict->entered_at)
                                                  : NULL;

  if (when != NULL)
    /* Translators: "Came in at 21:04 and went out: no one is let back in here" */
    return g_strdup_printf (_("Came in at %s and went out: no one is let back in here"), when);
  return g_strdup (_("This ticket went out: no one is let back in here"));
}

static char *
format_not_inside (const TixDoorVerdict *verdict,
                   GTimeZone            *zone)
{
  g_autofree char *when = NULL;

  if (verdict->exited_at <= 0)
    return g_strdup (_("This ticket has not come in: it cannot go out"));
  when = format_when (zone, verdict->exited_at);
  /* Translators: "Went out at 21:04 and has not come back in" */
  return g_strdup_printf (_("Went out at %s and has not come back in"), when);
}

static char *
format_wrong_entrance (const TixDoorVerdict *verdict)
{
  g_autoptr(GString) names = NULL;

  if (verdict->direction == TIX_DOOR_DIRECTION_OUT && verdict->entrances == NULL)
    return g_strdup (_("Nobody goes out by this entrance"));
  if (verdict->entrances == NULL || verdict->entrances->len == 0)
    return g_strdup (_("No entrance of this event takes this ticket"));

  names = g_string_new (NULL);
  for (guint i = 0; i < verdict->entrances->len; i++)
    {
      const char *name = entrance_name (g_ptr_array_index (verdict->entrances, i));

      if (name == NULL)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  if (names->len == 0)
    return g_strdup (_("No entrance of this event takes this ticket"));
  /* Translators: the entrances that take the ticket: "Use North Door, Balcony" */
  return g_strdup_printf (_("Use %s"), names->str);
}

static char *
format_closed (const TixDoorVerdict *verdict,
               GTimeZone            *zone)
{
  g_autofree char *hours = verdict->entrance != NULL
                           ? tix_scan_format_hours (verdict->entrance, zone) : NULL;

  if (hours != NULL)
    /* Translators: an entrance's hours: "Open 19:00–23:00" */
    return g_strdup_printf (_("Open %s"), hours);
  return g_strdup (_("This entrance is not open now"));
}

static char *
format_full (const TixDoorVerdict *verdict)
{
  gint64 max_inside = verdict->event != NULL ? tix_event_get_max_inside (verdict->event) : 0;

  if (max_inside > 0)
    {
      g_autofree char *inside = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 tix_event_get_inside (verdict->event));
      g_autofree char *most = g_strdup_printf ("%" G_GINT64_FORMAT, max_inside);

      /* Translators: "500 of 500 inside: let someone out first" */
      return g_strdup_printf (_("%s of %s inside: let someone out first"), inside, most);
    }
  return g_strdup (_("As many are inside as the event may hold: let someone out first"));
}

char *
_tix_scan_answer_format_rule (TixScanResult         result,
                              const TixDoorVerdict *verdict,
                              GTimeZone            *zone)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_REENTRY:
    case TIX_SCAN_RESULT_EXIT:
      return format_passed (result, verdict);
    case TIX_SCAN_RESULT_ALREADY_INSIDE:
      return format_already_inside (verdict, zone);
    case TIX_SCAN_RESULT_NO_REENTRY:
      return format_no_reentry (verdict, zone);
    case TIX_SCAN_RESULT_NOT_INSIDE:
      return format_not_inside (verdict, zone);
    case TIX_SCAN_RESULT_WRONG_ENTRANCE:
      return format_wrong_entrance (verdict);
    case TIX_SCAN_RESULT_CLOSED:
      return format_closed (verdict, zone);
    case TIX_SCAN_RESULT_FULL:
      return format_full (verdict);
    default:
      g_return_val_if_reached (NULL);
    }
}
