/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: what the client builds from a server's answers (tickets, users,
 * audit entries), and the small parsers of outside text (ISO times and the
 * validators). A hostile or broken server must not crash a station. */
#include "config.h"

#include <string.h>

#include "tix-audit-entry.h"
#include "tix-json.h"
#include "tix-ticket.h"
#include "tix-time.h"
#include "tix-user.h"
#include "tix-validate.h"

static void
model_from_object (JsonObject *object)
{
  GError *error = NULL;
  TixTicket *ticket;
  TixUser *user;
  TixAuditEntry *entry;

  ticket = tix_ticket_new_from_json (object, &error);
  g_assert ((ticket == NULL) == (error != NULL));
  g_clear_error (&error);
  /* What json-glib hands on is valid UTF-8 now that lone surrogates are refused. */
  if (ticket != NULL)
    {
      g_assert (g_utf8_validate (tix_ticket_get_prefix (ticket), -1, NULL));
      g_assert (tix_ticket_get_extra (ticket) == NULL ||
                g_utf8_validate (tix_ticket_get_extra (ticket), -1, NULL));
    }
  if (ticket != NULL)
    {
      JsonNode *node = tix_ticket_to_json_node (ticket);
      GString *out = g_string_new (NULL);
      JsonNode *back;

      /* Both writers give valid JSON that reads back as a ticket. */
      tix_ticket_append_json (ticket, out);
      back = tix_json_parse (out->str, out->len, &error);
      g_assert_no_error (error);
      g_assert (JSON_NODE_HOLDS_OBJECT (back));
      {
        TixTicket *again = tix_ticket_new_from_json (json_node_get_object (back), &error);
        g_assert_no_error (error);
        g_assert (strcmp (tix_ticket_get_id (again), tix_ticket_get_id (ticket)) == 0);
        g_assert (strcmp (tix_ticket_get_number (again), tix_ticket_get_number (ticket)) == 0);
        g_object_unref (again);
      }
      json_node_unref (back);
      g_string_free (out, TRUE);
      json_node_unref (node);
      g_object_unref (ticket);
    }

  user = tix_user_new_from_json (object, &error);
  g_assert ((user == NULL) == (error != NULL));
  g_clear_error (&error);
  if (user != NULL)
    {
      JsonBuilder *builder = json_builder_new ();

      tix_user_to_json (user, builder);
      tix_user_is_admin (user);
      tix_user_can_generate (user);
      g_object_unref (builder);
      g_object_unref (user);
    }

  entry = tix_audit_entry_new_from_json (object, &error);
  g_assert ((entry == NULL) == (error != NULL));
  g_clear_error (&error);
  g_clear_object (&entry);
}

static void
text_parsers (const char *data,
              size_t      size)
{
  char *text = g_strndup (data, size);
  const char *message = NULL;
  gint64 ms = 0;

  if (tix_time_parse_iso (text, &ms))
    {
      char *again = tix_time_format_iso (ms);
      gint64 ms2 = 0;

      g_assert (tix_time_parse_iso (again, &ms2));
      g_assert (ms2 == ms);
      g_free (again);
    }

  tix_validate_prefix (text, &message);
  tix_validate_number_search (text);
  tix_validate_uuid (text);
  tix_validate_email (text, &message);
  tix_validate_name (text, &message);
  tix_validate_password (text, &message);
  tix_validate_extra (text, &message);
  tix_validate_role (text);
  tix_validate_date (text);
  tix_validate_sheet_layout (text);
  if (size < 64)
    tix_validate_time_zone (text);

  g_free (text);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  JsonNode *node;

  text_parsers ((const char *) data, size);

  node = tix_json_parse ((const char *) data, size, NULL);
  if (node == NULL)
    return 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    model_from_object (json_node_get_object (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 16; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            model_from_object (json_node_get_object (element));
        }
    }
  json_node_unref (node);
  return 0;
}
