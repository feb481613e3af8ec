/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-door.h"
#include "tix-entrance.h"

G_BEGIN_DECLS

/* The door rules as an offline station applies them from its copy: the
 * same rules, in the same order, as the server's scan (which decides them
 * in SQL). Only TixDoor uses it. */
typedef struct
{
  TixDoorDirection  direction;
  gint64            at_ms;          /* when the scan is made */
  TixEntrance      *entrance;       /* the one that decides: the door's when of the
                                     * ticket's event, else that event's default;
                                     * NULL when the copy knows none (a server
                                     * before door rules): no exit, no re-entry,
                                     * and a ticket scanned counts as inside */
  gboolean          known;          /* the copy knows the ticket (type and state) */
  gint64            type_id;        /* 0: no type */
  gboolean          scanned;        /* its first entry is made */
  gboolean          inside;
  gint64            event_inside;   /* who of its event is inside, as far as known */
  gint64            max_inside;     /* the event's, TIX_EVENT_NO_LIMIT: none */
} TixDoorRuleFacts;

/* TIX_DOOR_ADMITTED (a first entry), TIX_DOOR_REENTRY, TIX_DOOR_EXIT, or the
 * refusal: TIX_DOOR_WRONG_ENTRANCE (not of its types, or no exit here),
 * TIX_DOOR_CLOSED, TIX_DOOR_ALREADY_INSIDE, TIX_DOOR_NO_REENTRY,
 * TIX_DOOR_FULL, TIX_DOOR_NOT_INSIDE. */
TixDoorVerdictKind tix_door_rules_decide     (const TixDoorRuleFacts *facts);

/* Whether @entrance would take a ticket of @type_id going @direction. */
gboolean           tix_door_rules_would_take (TixEntrance            *entrance,
                                              gint64                  type_id,
                                              TixDoorDirection        direction);

G_END_DECLS
