/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-window"

#include "config.h"

#include "tix-window-private.h"

/* The event this window works on (its TixSeason's choice), kept in the
 * settings by server, so that a station opens on the event it left. */

/* "" for this computer's own tickets, else the server's address. */
static char *
season_key (TixWindow *self)
{
  TixClient *client = tix_session_get_client (self->session);

  if (client == NULL)
    return NULL;
  return g_strdup (tix_session_get_remote (self->session) ? tix_client_get_base_url (client) : "");
}

static void
save_choice (TixWindow *self)
{
  g_autoptr(GVariant) saved = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sx}"));
  GVariantIter iter;
  const char *key;
  gint64 id;

  if (self->settings == NULL || self->season_key == NULL ||
      !tix_season_get_loaded (self->season))
    return;

  saved = g_settings_get_value (self->settings, "selected-events");
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&sx}", &key, &id))
    if (!g_str_equal (key, self->season_key))
      g_variant_builder_add (&builder, "{sx}", key, id);
  g_variant_builder_add (&builder, "{sx}", self->season_key,
                         tix_season_get_selected_id (self->season));
  g_settings_set_value (self->settings, "selected-events", g_variant_builder_end (&builder));
}

/* Nothing kept for this server: the current event, once known. */
static void
on_current_known (TixWindow *self)
{
  g_autoptr(GVariant) saved = NULL;
  gint64 id;

  if (self->season_key == NULL || tix_season_get_current_id (self->season) == 0)
    return;

  saved = g_settings_get_value (self->settings, "selected-events");
  if (!g_variant_lookup (saved, self->season_key, "x", &id) &&
      tix_season_get_selected_id (self->season) == 0)
    tix_season_set_selected_id (self->season, tix_season_get_current_id (self->season));
  save_choice (self);
}

static void
on_client_changed (TixWindow *self)
{
  g_autoptr(GVariant) saved = NULL;
  gint64 id = 0;

  g_clear_pointer (&self->season_key, g_free);
  self->season_key = season_key (self);
  if (self->season_key == NULL || self->settings == NULL)
    return;

  saved = g_settings_get_value (self->settings, "selected-events");
  if (!g_variant_lookup (saved, self->season_key, "x", &id) || id < 0)
    id = 0;
  tix_season_set_selected_id (self->season, id);
}

void
_tix_window_season_init (TixWindow *self)
{
  self->season = tix_season_new (self->session);
  /* Before the season's own handler reads the new client's events. */
  g_signal_connect_object (self->session, "notify::client", G_CALLBACK (on_client_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->season, "notify::selected-id", G_CALLBACK (save_choice),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->season, "notify::loaded", G_CALLBACK (on_current_known),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->season, "notify::current-id", G_CALLBACK (on_current_known),
                           self, G_CONNECT_SWAPPED);
  on_client_changed (self);
  tix_event_switcher_set_season (self->event_switcher, self->season);
}

void
_tix_window_season_dispose (TixWindow *self)
{
  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);
  g_clear_pointer (&self->season_key, g_free);
}
