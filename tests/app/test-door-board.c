/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixDoorBoard alone, without a display: what the door dashboard says of
 * the count inside, the refusals and its chart's window. */
#include "config.h"

#include "tix-door-board.h"

static void
test_level (void)
{
  g_assert_cmpint (tix_door_board_level (5, 0), ==, TIX_DOOR_LEVEL_NO_LIMIT);
  g_assert_cmpint (tix_door_board_level (0, 10), ==, TIX_DOOR_LEVEL_OK);
  g_assert_cmpint (tix_door_board_level (8, 10), ==, TIX_DOOR_LEVEL_OK);
  g_assert_cmpint (tix_door_board_level (9, 10), ==, TIX_DOOR_LEVEL_NEAR);
  g_assert_cmpint (tix_door_board_level (10, 10), ==, TIX_DOOR_LEVEL_FULL);
  g_assert_cmpint (tix_door_board_level (11, 10), ==, TIX_DOOR_LEVEL_FULL);
  /* 90 % of 7 is 6.3: 6 is not near yet, 7 is full. */
  g_assert_cmpint (tix_door_board_level (6, 7), ==, TIX_DOOR_LEVEL_OK);
  g_assert_cmpint (tix_door_board_level (449, 500), ==, TIX_DOOR_LEVEL_OK);
  g_assert_cmpint (tix_door_board_level (450, 500), ==, TIX_DOOR_LEVEL_NEAR);

  g_assert_cmpint (tix_door_board_percent (461, 500), ==, 92);
  g_assert_cmpint (tix_door_board_percent (3, 0), ==, -1);
}

static void
test_format (void)
{
  g_autofree char *with = tix_door_board_format_inside (412, 500);
  g_autofree char *without = tix_door_board_format_inside (412, 0);
  g_autofree char *near = tix_door_board_format_level (461, 500);
  g_autofree char *full = tix_door_board_format_level (500, 500);
  g_autofree char *ok = tix_door_board_format_level (10, 500);

  g_assert_cmpstr (with, ==, "412 / 500");
  g_assert_cmpstr (without, ==, "412");
  g_assert_cmpstr (near, ==, "Nearly full: 92 %");
  g_assert_true (g_str_has_prefix (full, "FULL"));
  g_assert_null (ok);
}

static void
test_reasons (void)
{
  g_assert_cmpstr (tix_door_board_reason_label ("wrong-entrance"), ==, "Wrong entrance");
  g_assert_cmpstr (tix_door_board_reason_label ("already-inside"), ==, "Already inside");
  g_assert_cmpstr (tix_door_board_reason_label ("no-reentry"), ==, "No re-entry");
  /* A reason of a newer server, as it says it. */
  g_assert_cmpstr (tix_door_board_reason_label ("moon-phase"), ==, "moon-phase");
}

static void
test_flow_window (void)
{
  g_autoptr(GArray) flow = g_array_new (FALSE, TRUE, sizeof (TixReportFlow));
  guint first = 99;

  for (guint i = 0; i < 144; i++)
    {
      TixReportFlow f = { .start = i * 600000, .arrivals = i, .exits = 0 };

      g_array_append_val (flow, f);
    }

  /* At 03:05: the twelve intervals up to 03:00. */
  g_assert_cmpuint (tix_door_board_flow_window (flow, 3 * 3600000 + 300000, 12, &first), ==, 12);
  g_assert_cmpuint (first, ==, 7);
  /* At 00:25: the three so far. */
  g_assert_cmpuint (tix_door_board_flow_window (flow, 1500000, 12, &first), ==, 3);
  g_assert_cmpuint (first, ==, 0);
  /* Before the day: none. */
  g_assert_cmpuint (tix_door_board_flow_window (flow, -1, 12, &first), ==, 0);
  g_assert_cmpuint (tix_door_board_flow_window (NULL, 0, 12, &first), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/door-board/level", test_level);
  g_test_add_func ("/door-board/format", test_format);
  g_test_add_func ("/door-board/reasons", test_reasons);
  g_test_add_func ("/door-board/flow-window", test_flow_window);

  return g_test_run ();
}
