/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-app-util"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-application.h"
#include "tix-org-time.h"

char *
tix_normalize_server_url (const char  *text,
                          const char **error_message)
{
  g_autofree char *stripped = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *path;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    {
      *error_message = _("Enter the address of the Tix server, such as tix.example.org:8080");
      return NULL;
    }

  for (const char *p = stripped; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      {
        *error_message = _("A server address has no spaces. Type it like tix.example.org:8080");
        return NULL;
      }

  /* A bare host is what people type: the server speaks plain HTTP unless
   * it sits behind a proxy that does TLS, in which case they type https. */
  if (strstr (stripped, "://") == NULL)
    with_scheme = g_strconcat ("http://", stripped, NULL);
  else
    with_scheme = g_strdup (stripped);

  len = strlen (with_scheme);
  while (len > 0 && with_scheme[len - 1] == '/')
    with_scheme[--len] = '\0';

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      *error_message = _("This is not a server address. Type it like tix.example.org:8080");
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  path = g_uri_get_path (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL || (path != NULL && path[0] != '\0'))
    {
      *error_message = _("This is not a server address. Type it like tix.example.org:8080");
      return NULL;
    }

  return g_steal_pointer (&with_scheme);
}

void
tix_widget_set_sensitive (GtkWidget *widget,
                          gboolean   sensitive)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (!sensitive && root != NULL)
    {
      GtkWidget *focus = gtk_root_get_focus (root);

      if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
        gtk_root_set_focus (root, NULL);
    }

  gtk_widget_set_sensitive (widget, sensitive);
}

static GSettings *
app_settings (void)
{
  GApplication *app = g_application_get_default ();

  return TIX_IS_APPLICATION (app) ? tix_application_get_settings (TIX_APPLICATION (app)) : NULL;
}

void
tix_apply_pinned_certificate (TixClient *client)
{
  GSettings *settings = app_settings ();
  g_autoptr(GVariant) pins = NULL;
  const char *fingerprint = NULL;

  g_return_if_fail (TIX_IS_CLIENT (client));

  if (settings == NULL)
    return;
  pins = g_settings_get_value (settings, "pinned-certificates");
  if (g_variant_lookup (pins, tix_client_get_base_url (client), "&s", &fingerprint))
    tix_client_set_pinned_certificate (client, fingerprint);
}

void
tix_remember_certificate (const char *url,
                          const char *fingerprint)
{
  GSettings *settings = app_settings ();
  g_autoptr(GVariant) pins = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (url != NULL && fingerprint != NULL);

  if (settings == NULL)
    return;
  pins = g_settings_get_value (settings, "pinned-certificates");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, pins);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (g_strcmp0 (key, url) != 0)
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_variant_builder_add (&builder, "{ss}", url, fingerprint);
  g_settings_set_value (settings, "pinned-certificates", g_variant_builder_end (&builder));
}

char *
tix_format_count (gint64 value)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

char *
tix_format_time (GTimeZone *zone,
                 gint64     ms)
{
  /* Translators: how the time a ticket was generated or scanned is shown,
   * in the organization's time zone; see g_date_time_format() */
  return tix_org_time_format (zone, ms, _("%-d %b %Y, %H:%M"));
}

char *
tix_format_event_time (const char *zone_name,
                       TixEvent   *event)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (TIX_IS_EVENT (event), NULL);

  if (tix_event_get_starts_at (event) == TIX_EVENT_NO_TIME)
    return NULL;

  zone = tix_org_time_zone_new (zone_name);
  return tix_format_time (zone, tix_event_get_starts_at (event));
}

const char *
tix_event_display_name (TixEvent *event)
{
  const char *name;

  g_return_val_if_fail (TIX_IS_EVENT (event), NULL);

  name = tix_event_get_name (event);
  return name != NULL && *name != '\0' ? name : _("Unnamed Event");
}
