/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include "tix-door-rules.h"
#include "tix-event.h"

/* The door rules alone, without the copy or the door: tix-door-offline.c
 * gathers the facts and says the verdict. The order is the server's
 * (tix-store-scan.c): the entrance (types, exit), its hours, then the
 * ticket's state and the event's room. */

gboolean
tix_door_rules_would_take (TixEntrance      *entrance,
                           gint64            type_id,
                           TixDoorDirection  direction)
{
  g_return_val_if_fail (TIX_IS_ENTRANCE (entrance), FALSE);

  return tix_entrance_admits_type (entrance, type_id) &&
         (direction == TIX_DOOR_DIRECTION_IN || tix_entrance_get_allow_exit (entrance));
}

TixDoorVerdictKind
tix_door_rules_decide (const TixDoorRuleFacts *facts)
{
  gboolean in = facts->direction == TIX_DOOR_DIRECTION_IN;
  gboolean allow_exit = FALSE, allow_reentry = FALSE;
  gboolean inside = facts->inside;

  g_return_val_if_fail (facts != NULL, TIX_DOOR_FAILED);

  if (facts->entrance != NULL)
    {
      allow_exit = tix_entrance_get_allow_exit (facts->entrance);
      allow_reentry = tix_entrance_get_allow_reentry (facts->entrance);

      /* A ticket the copy does not know is judged by its code. */
      if (facts->known && !tix_entrance_admits_type (facts->entrance, facts->type_id))
        return TIX_DOOR_WRONG_ENTRANCE;
    }
  else
    inside = inside || facts->scanned;

  if (!in && !allow_exit)
    return TIX_DOOR_WRONG_ENTRANCE;
  if (facts->entrance != NULL && !tix_entrance_is_open_at (facts->entrance, facts->at_ms))
    return TIX_DOOR_CLOSED;
  if (in && inside)
    return TIX_DOOR_ALREADY_INSIDE;
  if (in && facts->scanned && !allow_reentry)
    return TIX_DOOR_NO_REENTRY;
  if (in && facts->max_inside >= 0 && facts->event_inside >= facts->max_inside)
    return TIX_DOOR_FULL;
  if (!in && !inside)
    return TIX_DOOR_NOT_INSIDE;
  if (in)
    return facts->scanned ? TIX_DOOR_REENTRY : TIX_DOOR_ADMITTED;
  return TIX_DOOR_EXIT;
}
