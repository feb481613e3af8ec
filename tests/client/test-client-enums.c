/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GTypes of the client's public enums (gnome.mkenums_simple): each value
 * by its nick, and a property of the type that keeps what it is given. */
#define G_LOG_DOMAIN "test-client-enums"

#include "config.h"

#include "tix-client.h"
#include "tix-client-enums.h"
#include "tix-door.h"

static void
assert_nick (GType       type,
             int         value,
             const char *nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *by_value = g_enum_get_value (klass, value);
  GEnumValue *by_nick = g_enum_get_value_by_nick (klass, nick);

  g_assert_nonnull (by_value);
  g_assert_cmpstr (by_value->value_nick, ==, nick);
  g_assert_nonnull (by_nick);
  g_assert_cmpint (by_nick->value, ==, value);
}

static void
test_ticket_filter (void)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autoptr(GParamSpec) pspec = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_ENUM (TIX_TYPE_TICKET_FILTER));
  g_assert_cmpstr (g_type_name (TIX_TYPE_TICKET_FILTER), ==, "TixTicketFilter");
  klass = g_type_class_ref (TIX_TYPE_TICKET_FILTER);
  g_assert_cmpuint (klass->n_values, ==, 3);
  assert_nick (TIX_TYPE_TICKET_FILTER, TIX_TICKET_FILTER_ALL, "all");
  assert_nick (TIX_TYPE_TICKET_FILTER, TIX_TICKET_FILTER_SCANNED, "scanned");
  assert_nick (TIX_TYPE_TICKET_FILTER, TIX_TICKET_FILTER_NOT_SCANNED, "not-scanned");

  /* As a property would hold it: a value out of range is not one. */
  pspec = g_param_spec_ref_sink (g_param_spec_enum ("filter", NULL, NULL,
                                                    TIX_TYPE_TICKET_FILTER,
                                                    TIX_TICKET_FILTER_ALL,
                                                    G_PARAM_READWRITE));
  g_value_init (&value, TIX_TYPE_TICKET_FILTER);
  g_value_set_enum (&value, TIX_TICKET_FILTER_NOT_SCANNED);
  g_assert_false (g_param_value_validate (pspec, &value));
  g_assert_cmpint (g_value_get_enum (&value), ==, TIX_TICKET_FILTER_NOT_SCANNED);
  g_value_set_enum (&value, 3);
  g_assert_true (g_param_value_validate (pspec, &value));
  g_assert_cmpint (g_value_get_enum (&value), ==, TIX_TICKET_FILTER_ALL);
}

static void
test_door (void)
{
  g_autoptr(GEnumClass) verdicts = g_type_class_ref (TIX_TYPE_DOOR_VERDICT_KIND);
  g_autoptr(GEnumClass) states = g_type_class_ref (TIX_TYPE_DOOR_QUEUE_STATE);
  g_autoptr(GEnumClass) directions = g_type_class_ref (TIX_TYPE_DOOR_DIRECTION);

  /* TIX_DOOR_FULL is the last. */
  g_assert_cmpuint (verdicts->n_values, ==, TIX_DOOR_FULL + 1);
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_REFUNDED, "refunded");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_ADMITTED, "admitted");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_WRONG_PREFIX, "wrong-prefix");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_OTHER_EVENT, "other-event");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_ONLINE_ONLY, "online-only");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_FAILED, "failed");
  /* Door rules. */
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_REENTRY, "reentry");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_ALREADY_INSIDE, "already-inside");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_WRONG_ENTRANCE, "wrong-entrance");
  assert_nick (TIX_TYPE_DOOR_VERDICT_KIND, TIX_DOOR_FULL, "full");
  g_assert_cmpuint (directions->n_values, ==, 2);
  assert_nick (TIX_TYPE_DOOR_DIRECTION, TIX_DOOR_DIRECTION_IN, "in");
  assert_nick (TIX_TYPE_DOOR_DIRECTION, TIX_DOOR_DIRECTION_OUT, "out");

  g_assert_cmpuint (states->n_values, ==, TIX_DOOR_QUEUE_REFUSED + 1);
  assert_nick (TIX_TYPE_DOOR_QUEUE_STATE, TIX_DOOR_QUEUE_PENDING, "pending");
  assert_nick (TIX_TYPE_DOOR_QUEUE_STATE, TIX_DOOR_QUEUE_REFUSED, "refused");
}

static void
test_errors (void)
{
  assert_nick (TIX_TYPE_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE, "unreachable");
  assert_nick (TIX_TYPE_CLIENT_ERROR, TIX_CLIENT_ERROR_CERTIFICATE_CHANGED,
               "certificate-changed");
  assert_nick (TIX_TYPE_DOOR_CACHE_ERROR, TIX_DOOR_CACHE_ERROR_INVALID, "invalid");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tix/client/enums/ticket-filter", test_ticket_filter);
  g_test_add_func ("/tix/client/enums/door", test_door);
  g_test_add_func ("/tix/client/enums/errors", test_errors);

  return g_test_run ();
}
