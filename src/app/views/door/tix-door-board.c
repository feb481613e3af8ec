/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-door-board.h"

TixDoorLevel
tix_door_board_level (gint64 inside,
                      gint64 max_inside)
{
  if (max_inside <= 0)
    return TIX_DOOR_LEVEL_NO_LIMIT;
  if (inside >= max_inside)
    return TIX_DOOR_LEVEL_FULL;
  /* In integers: 90 % of 7 is 6.3, so 7 is near and 6 is not. */
  if (inside * 100 >= max_inside * TIX_DOOR_NEAR_PERCENT)
    return TIX_DOOR_LEVEL_NEAR;
  return TIX_DOOR_LEVEL_OK;
}

int
tix_door_board_percent (gint64 inside,
                        gint64 max_inside)
{
  if (max_inside <= 0)
    return -1;
  if (inside <= 0)
    return 0;
  return (int) MIN (inside * 100 / max_inside, 999);
}

char *
tix_door_board_format_inside (gint64 inside,
                              gint64 max_inside)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, inside);
  g_autofree char *most = NULL;

  if (max_inside <= 0)
    return g_steal_pointer (&now);
  most = g_strdup_printf ("%" G_GINT64_FORMAT, max_inside);
  /* Translators: inside now of the most allowed: "412 / 500" */
  return g_strdup_printf (_("%s / %s"), now, most);
}

char *
tix_door_board_format_level (gint64 inside,
                             gint64 max_inside)
{
  g_autofree char *percent = NULL;

  switch (tix_door_board_level (inside, max_inside))
    {
    case TIX_DOOR_LEVEL_FULL:
      return g_strdup (_("FULL: let someone out before anyone else comes in"));
    case TIX_DOOR_LEVEL_NEAR:
      percent = g_strdup_printf ("%d", tix_door_board_percent (inside, max_inside));
      /* Translators: "Nearly full: 92 %" (the share of the room's limit inside) */
      return g_strdup_printf (_("Nearly full: %s %%"), percent);
    case TIX_DOOR_LEVEL_NO_LIMIT:
    case TIX_DOOR_LEVEL_OK:
    default:
      return NULL;
    }
}

const char *
tix_door_board_reason_label (const char *reason)
{
  static const struct { const char *reason; const char *label; } labels[] = {
    { "already-inside", N_("Already inside") },
    { "no-reentry", N_("No re-entry") },
    { "not-inside", N_("Not inside") },
    { "wrong-entrance", N_("Wrong entrance") },
    { "closed", N_("Closed") },
    { "full", N_("Full") },
    { "refunded", N_("Refunded") },
    { "deleted", N_("Deleted") },
    { "other-event", N_("Other event") },
    { "unknown", N_("Unknown ticket") },
    { "forged", N_("Forged") },
    { "replaced", N_("Replaced") },
    { "wrong-prefix", N_("Wrong prefix") },
    { "duplicate", N_("Already scanned") },
  };

  if (reason == NULL)
    return _("Other");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (reason, labels[i].reason))
      return _(labels[i].label);
  /* A reason of a newer server: as it says it. */
  return reason;
}

const char *
tix_door_board_result_label (const char *result)
{
  if (g_strcmp0 (result, "first") == 0)
    return _("First entry");
  if (g_strcmp0 (result, "re-entry") == 0)
    return _("Re-entry");
  if (g_strcmp0 (result, "exit") == 0)
    return _("Exit");
  return tix_door_board_reason_label (result);
}

const char * const *
tix_door_board_results (void)
{
  static const char * const results[] = {
    "first", "re-entry", "exit", "already-inside", "no-reentry", "not-inside",
    "wrong-entrance", "closed", "full", "refunded", "deleted", "other-event", "unknown",
    "forged", "replaced", "wrong-prefix", NULL,
  };

  return results;
}

guint
tix_door_board_flow_window (GArray *flow,
                            gint64  now_ms,
                            guint   n,
                            guint  *first)
{
  guint end = 0;

  g_return_val_if_fail (first != NULL, 0);

  *first = 0;
  if (flow == NULL || n == 0)
    return 0;
  while (end < flow->len && g_array_index (flow, TixReportFlow, end).start <= now_ms)
    end++;
  *first = end > n ? end - n : 0;
  return end - *first;
}
