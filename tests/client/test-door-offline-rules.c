/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The door rules as an offline station applies them (tix-door-rules.c),
 * alone: every rule, in the server's order. */
#define G_LOG_DOMAIN "test-door-offline-rules"

#include "config.h"

#include "tix-door-rules.h"
#include "tix-event.h"

#define HOUR (G_GINT64_CONSTANT (3600) * 1000)
#define NOW  (G_GINT64_CONSTANT (1774116000) * 1000)

static TixEntrance *
entrance_new (gboolean allow_exit,
              gboolean allow_reentry)
{
  TixEntrance *entrance = tix_entrance_new ("Foyer");

  tix_entrance_set_allow_exit (entrance, allow_exit);
  tix_entrance_set_allow_reentry (entrance, allow_reentry);
  return entrance;
}

/* A known ticket of no type, not scanned, at @entrance, now, no limit. */
static TixDoorRuleFacts
facts_at (TixEntrance      *entrance,
          TixDoorDirection  direction)
{
  TixDoorRuleFacts facts = { 0 };

  facts.direction = direction;
  facts.at_ms = NOW;
  facts.entrance = entrance;
  facts.known = TRUE;
  facts.max_inside = TIX_EVENT_NO_LIMIT;
  return facts;
}

static void
test_first_reentry_exit (void)
{
  g_autoptr(TixEntrance) foyer = entrance_new (TRUE, TRUE);
  TixDoorRuleFacts facts = facts_at (foyer, TIX_DOOR_DIRECTION_IN);

  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);

  /* Inside: out, not in again. */
  facts.scanned = facts.inside = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ALREADY_INSIDE);
  facts.direction = TIX_DOOR_DIRECTION_OUT;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_EXIT);

  /* Out: back in, not out again. */
  facts.inside = FALSE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_NOT_INSIDE);
  facts.direction = TIX_DOOR_DIRECTION_IN;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_REENTRY);

  /* Never in: not inside either. */
  facts.scanned = FALSE;
  facts.direction = TIX_DOOR_DIRECTION_OUT;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_NOT_INSIDE);
}

static void
test_no_reentry_no_exit (void)
{
  g_autoptr(TixEntrance) strict = entrance_new (TRUE, FALSE);
  g_autoptr(TixEntrance) main_entrance = entrance_new (FALSE, FALSE);
  TixDoorRuleFacts facts = facts_at (strict, TIX_DOOR_DIRECTION_IN);

  facts.scanned = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_NO_REENTRY);
  facts.inside = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ALREADY_INSIDE);

  /* No exit here: the wrong entrance to go out by, inside or not. */
  facts = facts_at (main_entrance, TIX_DOOR_DIRECTION_OUT);
  facts.scanned = facts.inside = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_WRONG_ENTRANCE);
  facts.inside = FALSE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_WRONG_ENTRANCE);
  g_assert_false (tix_door_rules_would_take (main_entrance, 0, TIX_DOOR_DIRECTION_OUT));
  g_assert_true (tix_door_rules_would_take (main_entrance, 0, TIX_DOOR_DIRECTION_IN));
}

static void
test_types (void)
{
  g_autoptr(TixEntrance) balcony = entrance_new (TRUE, TRUE);
  const gint64 types[] = { 5, 9 };
  TixDoorRuleFacts facts = facts_at (balcony, TIX_DOOR_DIRECTION_IN);

  tix_entrance_set_type_ids (balcony, types, G_N_ELEMENTS (types));
  /* No type: not one of its types. */
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_WRONG_ENTRANCE);
  facts.type_id = 7;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_WRONG_ENTRANCE);
  facts.type_id = 9;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);
  g_assert_true (tix_door_rules_would_take (balcony, 9, TIX_DOOR_DIRECTION_OUT));
  g_assert_false (tix_door_rules_would_take (balcony, 7, TIX_DOOR_DIRECTION_IN));

  /* Before the ticket's state: inside, a ticket of another type is still
   * at the wrong entrance. */
  facts.type_id = 7;
  facts.scanned = facts.inside = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_WRONG_ENTRANCE);

  /* A ticket the copy does not know is judged by its code. */
  facts.known = FALSE;
  facts.type_id = 0;
  facts.scanned = facts.inside = FALSE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);
}

static void
test_closed (void)
{
  g_autoptr(TixEntrance) late = entrance_new (TRUE, TRUE);
  TixDoorRuleFacts facts = facts_at (late, TIX_DOOR_DIRECTION_IN);

  tix_entrance_set_opens_at (late, NOW + HOUR);
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_CLOSED);
  /* Out too, and before the ticket's state. */
  facts.direction = TIX_DOOR_DIRECTION_OUT;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_CLOSED);

  /* Open from opens_at, closed from closes_at on. */
  facts.direction = TIX_DOOR_DIRECTION_IN;
  facts.at_ms = NOW + HOUR;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);
  tix_entrance_set_closes_at (late, NOW + 2 * HOUR);
  facts.at_ms = NOW + 2 * HOUR - 1;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);
  facts.at_ms = NOW + 2 * HOUR;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_CLOSED);
}

static void
test_full (void)
{
  g_autoptr(TixEntrance) foyer = entrance_new (TRUE, TRUE);
  TixDoorRuleFacts facts = facts_at (foyer, TIX_DOOR_DIRECTION_IN);

  facts.max_inside = 2;
  facts.event_inside = 1;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);
  facts.event_inside = 2;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_FULL);
  /* A re-entry needs room too; an exit never. */
  facts.scanned = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_FULL);
  facts.inside = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ALREADY_INSIDE);
  facts.direction = TIX_DOOR_DIRECTION_OUT;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_EXIT);
  /* No room at all. */
  facts = facts_at (foyer, TIX_DOOR_DIRECTION_IN);
  facts.max_inside = 0;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_FULL);
}

/* A copy without entrances (a server before door rules): a ticket
 * scanned is inside, nobody goes out, nobody back in. */
static void
test_no_entrance_known (void)
{
  TixDoorRuleFacts facts = facts_at (NULL, TIX_DOOR_DIRECTION_IN);

  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ADMITTED);
  facts.scanned = TRUE;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_ALREADY_INSIDE);
  facts.direction = TIX_DOOR_DIRECTION_OUT;
  g_assert_cmpint (tix_door_rules_decide (&facts), ==, TIX_DOOR_WRONG_ENTRANCE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/client/door-offline-rules/first-reentry-exit", test_first_reentry_exit);
  g_test_add_func ("/tix/client/door-offline-rules/no-reentry-no-exit", test_no_reentry_no_exit);
  g_test_add_func ("/tix/client/door-offline-rules/types", test_types);
  g_test_add_func ("/tix/client/door-offline-rules/closed", test_closed);
  g_test_add_func ("/tix/client/door-offline-rules/full", test_full);
  g_test_add_func ("/tix/client/door-offline-rules/no-entrance-known", test_no_entrance_known);

  return g_test_run ();
}
