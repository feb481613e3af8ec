/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-settings"

#include "config.h"

#include "tix-money.h"
#include "tix-server-private.h"
#include "tix-time.h"
#include "tix-validate.h"

/* The settings of DESIGN.md, in the order they are shown. */
static const char * const setting_names[] = {
  "organization_name", "event_name", "event_date", "time_zone", "default_prefix",
  "sheet_layout", "current_event_id", "currency", NULL
};

static void
reply_settings (TixServer         *self,
                SoupServerMessage *msg,
                TixUser           *user)
{
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  settings = tix_store_get_settings (self->store, tix_user_get_organization_id (user), &error);
  if (settings == NULL)
    {
      tix_server_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  for (guint i = 0; setting_names[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (settings, setting_names[i]);

      json_builder_set_member_name (builder, setting_names[i]);
      /* An unset event date is null, not ""; the current event is its id. */
      if (value == NULL || (*value == '\0' && g_str_equal (setting_names[i], "event_date")))
        json_builder_add_null_value (builder);
      else if (g_str_equal (setting_names[i], "current_event_id"))
        json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
      else
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);

  tix_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

/* Returns the error message for @value of setting @name, or NULL when valid. */
static const char *
check_setting (const char *name,
               const char *value)
{
  const char *message = NULL;

  if (g_str_equal (name, "organization_name"))
    return tix_validate_name (value, &message) ? NULL : "Organization name is not valid";
  if (g_str_equal (name, "event_name"))
    {
      if (*value == '\0')
        return NULL;
      return tix_validate_name (value, &message) ? NULL : "Event name is not valid";
    }
  /* The same years as every other date the server takes (tix-time.h). */
  if (g_str_equal (name, "event_date"))
    return (*value == '\0' || tix_time_parse_date (value, NULL)) ? NULL
           : "Event date must be a date as YYYY-MM-DD from " G_STRINGIFY (TIX_TIME_MIN_YEAR)
             " to " G_STRINGIFY (TIX_TIME_MAX_YEAR);
  if (g_str_equal (name, "time_zone"))
    return tix_validate_time_zone (value) ? NULL
           : "Time zone must be an IANA name such as Europe/Berlin";
  if (g_str_equal (name, "default_prefix"))
    return tix_validate_prefix (value, &message) ? NULL : message;
  if (g_str_equal (name, "current_event_id"))
    return NULL; /* an event of the organization: the store checks */
  if (g_str_equal (name, "currency"))
    return tix_money_is_currency (value) ? NULL
           : "Currency must be an ISO 4217 code such as EUR, CHF or USD";
  if (g_str_equal (name, "sheet_layout"))
    return tix_validate_sheet_layout (value) ? NULL
           : "Sheet layout must be one of a4-2x4, a4-3x7, letter-2x4, letter-3x7, roll-80";

  g_assert_not_reached ();
}

static void
handle_update (TixServer         *self,
               SoupServerMessage *msg)
{
  g_autoptr(TixUser) user = tix_server_authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL || !tix_server_require_role (msg, user, "admin"))
    return;

  body = tix_server_read_object (msg);
  if (body == NULL)
    return;

  changes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  members = json_object_get_members (body);

  /* Check everything before changing anything. */
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (body, name);
      const char *value, *message;

      if (!g_strv_contains (setting_names, name))
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name,
                                  "Unknown setting “%s”", name);
          return;
        }

      if (JSON_NODE_HOLDS_NULL (node) && g_str_equal (name, "event_date"))
        value = "";
      else if (g_str_equal (name, "current_event_id"))
        {
          if (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1)
            {
              tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name,
                                      "“current_event_id” must be the id of an event");
              return;
            }
          g_hash_table_insert (changes, (gpointer) name,
                               g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)));
          continue;
        }
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        value = json_node_get_string (node);
      else
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name,
                                  "“%s” must be a string", name);
          return;
        }

      message = check_setting (name, value);
      if (message != NULL)
        {
          tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, name, "%s", message);
          return;
        }

      g_hash_table_insert (changes, (gpointer) name, g_strdup (value));
    }

  if (g_hash_table_size (changes) > 0 &&
      !tix_store_update_settings (self->store, user, changes, tix_time_now_ms (), &error))
    {
      if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_NOT_FOUND) &&
          g_hash_table_contains (changes, "current_event_id"))
        tix_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "current_event_id",
                                "No such event");
      else if (g_error_matches (error, TIX_STORE_ERROR, TIX_STORE_ERROR_ARCHIVED))
        tix_server_reply_error (msg, SOUP_STATUS_CONFLICT, "current_event_id", "%s",
                                error->message);
      else
        tix_server_reply_gerror (msg, error);
      return;
    }

  reply_settings (self, msg, user);

  if (g_hash_table_size (changes) > 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

      json_builder_begin_object (builder);
      tix_server_broadcast (self, tix_user_get_organization_id (user), "settings-updated",
                            builder);
    }

  /* The seed's event_name and event_date are the current event's: the
   * stations' lists of events hear of it as of any change of an event. */
  if (g_hash_table_contains (changes, "event_name") || g_hash_table_contains (changes, "event_date"))
    {
      gint64 org_id = tix_user_get_organization_id (user);
      gint64 current = tix_store_get_current_event_id (self->store, org_id, NULL);
      g_autoptr(TixStoreEvent) event = current > 0
        ? tix_store_get_event (self->store, org_id, current, NULL) : NULL;

      if (event != NULL)
        tix_server_broadcast_event (self, "event-updated", event);
    }
}

gboolean
tix_server_route_settings (TixServer         *self,
                           SoupServerMessage *msg,
                           TixRoute          *route)
{
  if (tix_route_is (route, "GET", "/api/settings"))
    {
      g_autoptr(TixUser) user = tix_server_authenticate (self, msg);

      if (user != NULL)
        reply_settings (self, msg, user);
    }
  else if (tix_route_is (route, "PUT", "/api/settings"))
    handle_update (self, msg);
  else
    return FALSE;

  return TRUE;
}
