/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TixScanQueue alone, without a display: the door's answers in the order
 * of the scans. */
#include "config.h"

#include "tix-scan-queue.h"

typedef struct
{
  GPtrArray *codes;   /* answers given out, in order */
  GArray    *late;    /* gboolean each */
} Given;

static void
on_answer (TixScanQueue   *queue,
           const char     *code,
           TixDoorVerdict *verdict,
           gint64          submitted_at,
           gboolean        late,
           Given          *given)
{
  g_assert_nonnull (verdict);
  g_assert_cmpint (submitted_at, >, 0);
  g_ptr_array_add (given->codes, g_strdup (code));
  g_array_append_val (given->late, late);
}

static TixDoorVerdict *
verdict_new (void)
{
  TixDoorVerdict *verdict = g_new0 (TixDoorVerdict, 1);

  verdict->kind = TIX_DOOR_ADMITTED;
  return verdict;
}

static void
given_init (Given        *given,
            TixScanQueue *queue)
{
  given->codes = g_ptr_array_new_with_free_func (g_free);
  given->late = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_signal_connect (queue, "answer", G_CALLBACK (on_answer), given);
}

static void
given_clear (Given *given)
{
  g_ptr_array_unref (given->codes);
  g_array_unref (given->late);
}

#define GIVEN(g, i) ((const char *) g_ptr_array_index ((g)->codes, (i)))
#define LATE(g, i) (g_array_index ((g)->late, gboolean, (i)))

/* A later answer that comes first waits for the earlier one. */
static void
test_queue_in_order (void)
{
  g_autoptr(TixScanQueue) queue = tix_scan_queue_new ();
  TixScanQueueEntry *a, *b, *c;
  Given given;

  given_init (&given, queue);
  a = tix_scan_queue_push (queue, "A");
  b = tix_scan_queue_push (queue, "B");
  c = tix_scan_queue_push (queue, "C");
  g_assert_cmpstr (tix_scan_queue_entry_get_code (b), ==, "B");
  g_assert_cmpuint (tix_scan_queue_get_n_pending (queue), ==, 3);

  tix_scan_queue_entry_answer (c, verdict_new ());
  tix_scan_queue_entry_answer (b, verdict_new ());
  g_assert_cmpuint (given.codes->len, ==, 0);
  g_assert_cmpuint (tix_scan_queue_get_n_pending (queue), ==, 3);

  tix_scan_queue_entry_answer (a, verdict_new ());
  g_assert_cmpuint (given.codes->len, ==, 3);
  g_assert_cmpstr (GIVEN (&given, 0), ==, "A");
  g_assert_cmpstr (GIVEN (&given, 1), ==, "B");
  g_assert_cmpstr (GIVEN (&given, 2), ==, "C");
  for (guint i = 0; i < 3; i++)
    g_assert_false (LATE (&given, i));
  g_assert_cmpuint (tix_scan_queue_get_n_pending (queue), ==, 0);

  given_clear (&given);
}

/* An answer that takes too long stops holding back the next ones; when it
 * comes it is given out late. */
static void
test_queue_late (void)
{
  g_autoptr(TixScanQueue) queue = tix_scan_queue_new ();
  TixScanQueueEntry *slow, *fast;
  Given given;

  given_init (&given, queue);
  tix_scan_queue_set_hold_ms (queue, 1);
  slow = tix_scan_queue_push (queue, "SLOW");
  fast = tix_scan_queue_push (queue, "FAST");
  tix_scan_queue_entry_answer (fast, verdict_new ());

  /* The queue looks again once the slow one is overdue. */
  while (given.codes->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (given.codes->len, ==, 1);
  g_assert_cmpstr (GIVEN (&given, 0), ==, "FAST");
  g_assert_false (LATE (&given, 0));
  g_assert_cmpuint (tix_scan_queue_get_n_pending (queue), ==, 1);

  tix_scan_queue_entry_answer (slow, verdict_new ());
  g_assert_cmpuint (given.codes->len, ==, 2);
  g_assert_cmpstr (GIVEN (&given, 1), ==, "SLOW");
  g_assert_true (LATE (&given, 1));

  given_clear (&given);
}

/* Cleared (signed out, another client): answers that still come are
 * dropped, and the queue is empty. */
static void
test_queue_clear (void)
{
  g_autoptr(TixScanQueue) queue = tix_scan_queue_new ();
  TixScanQueueEntry *a, *b;
  Given given;

  given_init (&given, queue);
  a = tix_scan_queue_push (queue, "A");
  b = tix_scan_queue_push (queue, "B");
  tix_scan_queue_clear (queue);
  g_assert_cmpuint (tix_scan_queue_get_n_pending (queue), ==, 0);

  tix_scan_queue_entry_answer (b, verdict_new ());
  tix_scan_queue_entry_answer (a, verdict_new ());
  g_assert_cmpuint (given.codes->len, ==, 0);

  /* The entry outlives the queue when a scan is still in flight. */
  a = tix_scan_queue_push (queue, "C");
  g_clear_object (&queue);
  tix_scan_queue_entry_answer (a, verdict_new ());
  g_assert_cmpuint (given.codes->len, ==, 0);

  given_clear (&given);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-queue/in-order", test_queue_in_order);
  g_test_add_func ("/scan-queue/late", test_queue_late);
  g_test_add_func ("/scan-queue/clear", test_queue_clear);

  return g_test_run ();
}
