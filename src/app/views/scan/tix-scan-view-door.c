/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-scan-view-private.h"

/* Where and which way the door scans (door rules, issue 20). The bar
 * (TixScanDoorBar) shows the entrances of the window's event and In / Out;
 * the view reads the entrances from the client whenever the event or the
 * session changes, picks the one this station chose for that event before
 * ("entrance-choices", a{xx}, kept in the settings by the window) or else
 * the event's default, and gives the door its entrance and direction. The
 * default entrance is entrance 0 to the door, as for a station of the
 * previous version: a ticket scanned twice there is ALREADY SCANNED.
 *
 *   scan.toggle-direction   F2: In ⇄ Out */

/* The choices ------------------------------------------------------------------ */

static gint64
choice_for (TixScanView *self,
            gint64       event_id)
{
  GVariantIter iter;
  gint64 event, entrance;

  if (self->entrance_choices == NULL)
    return 0;
  g_variant_iter_init (&iter, self->entrance_choices);
  while (g_variant_iter_next (&iter, "{xx}", &event, &entrance))
    if (event == event_id)
      return entrance;
  return 0;
}

GVariant *
_tix_scan_view_get_entrance_choices (TixScanView *self)
{
  return self->entrance_choices;
}

void
_tix_scan_view_set_entrance_choices (TixScanView *self,
                                     GVariant    *choices)
{
  if (choices != NULL && !g_variant_is_of_type (choices, G_VARIANT_TYPE ("a{xx}")))
    {
      g_warning ("entrance-choices must be a{xx}, not %s", g_variant_get_type_string (choices));
      return;
    }
  if (self->entrance_choices == choices ||
      (self->entrance_choices != NULL && choices != NULL &&
       g_variant_equal (self->entrance_choices, choices)))
    return;

  g_clear_pointer (&self->entrance_choices, g_variant_unref);
  if (choices != NULL)
    self->entrance_choices = g_variant_ref_sink (choices);
  g_object_notify (G_OBJECT (self), "entrance-choices");

  /* Another window of this station chose: follow it. */
  if (self->entrances_event_id != 0)
    {
      gint64 chosen = choice_for (self, self->entrances_event_id);

      if (chosen != 0 && chosen != tix_scan_door_bar_get_entrance_id (self->door_bar))
        tix_scan_door_bar_set_entrance_id (self->door_bar, chosen);
    }
}

static void
remember_choice (TixScanView *self,
                 gint64       event_id,
                 gint64       entrance_id)
{
  GVariantBuilder builder;
  GVariantIter iter;
  gint64 event, entrance;

  if (choice_for (self, event_id) == entrance_id)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{xx}"));
  if (self->entrance_choices != NULL)
    {
      g_variant_iter_init (&iter, self->entrance_choices);
      while (g_variant_iter_next (&iter, "{xx}", &event, &entrance))
        if (event != event_id)
          g_variant_builder_add (&builder, "{xx}", event, entrance);
    }
  g_variant_builder_add (&builder, "{xx}", event_id, entrance_id);
  _tix_scan_view_set_entrance_choices (self, g_variant_builder_end (&builder));
}

/* The door ---------------------------------------------------------------------- */

void
_tix_scan_view_apply_door (TixScanView *self)
{
  TixEntrance *entrance = tix_scan_door_bar_get_entrance (self->door_bar);
  TixDoorDirection direction = tix_scan_door_bar_get_direction (self->door_bar);

  if (direction == TIX_DOOR_DIRECTION_OUT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "direction-out");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "direction-out");

  if (self->door == NULL)
    return;
  tix_door_set_direction (self->door, direction);
  tix_door_set_entrance_id (self->door,
                            entrance != NULL && !tix_entrance_get_is_default (entrance)
                            ? tix_entrance_get_id (entrance) : 0);
}

static void
on_bar_entrance (TixScanView *self)
{
  gint64 entrance_id = tix_scan_door_bar_get_entrance_id (self->door_bar);

  if (self->entrances_event_id != 0 && entrance_id != 0)
    remember_choice (self, self->entrances_event_id, entrance_id);
  _tix_scan_view_apply_door (self);
  _tix_scan_view_focus_entry (self);
}

static void
on_bar_direction (TixScanView *self)
{
  _tix_scan_view_apply_door (self);
  g_object_notify (G_OBJECT (self), "direction");
  _tix_scan_view_focus_entry (self);
}

/* The entrances ----------------------------------------------------------------- */

static TixEntrance *
find_entrance (GPtrArray *entrances,
               gint64     entrance_id)
{
  for (guint i = 0; entrances != NULL && i < entrances->len; i++)
    if (tix_entrance_get_id (g_ptr_array_index (entrances, i)) == entrance_id)
      return g_ptr_array_index (entrances, i);
  return NULL;
}

typedef struct
{
  TixScanView *view;      /* unowned: only touched when not cancelled */
  gint64       event_id;
} Load;

static void
entrances_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree Load *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entrances = NULL;
  TixScanView *self;
  gint64 chosen = 0;

  entrances = tix_client_list_entrances_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = load->view;
  if (entrances == NULL)
    {
      /* A server before door rules, or gone: the door scans at the default. */
      g_debug ("No entrances for event %" G_GINT64_FORMAT ": %s", load->event_id,
               error->message);
      self->entrances_event_id = 0;
      tix_scan_door_bar_set_entrances (self->door_bar, NULL, 0);
      _tix_scan_view_apply_door (self);
      return;
    }

  chosen = choice_for (self, load->event_id);
  if (find_entrance (entrances, chosen) == NULL)
    {
      chosen = 0;
      for (guint i = 0; i < entrances->len && chosen == 0; i++)
        if (tix_entrance_get_is_default (g_ptr_array_index (entrances, i)))
          chosen = tix_entrance_get_id (g_ptr_array_index (entrances, i));
    }

  self->entrances_event_id = 0;  /* not a choice of the person at the door */
  tix_scan_door_bar_set_entrances (self->door_bar, entrances, chosen);
  self->entrances_event_id = load->event_id;
  _tix_scan_view_apply_door (self);
}

void
_tix_scan_view_load_entrances (TixScanView *self)
{
  gint64 event_id = self->season != NULL ? tix_season_get_event_id (self->season) : 0;
  Load *load;

  g_cancellable_cancel (self->entrances_cancellable);
  g_clear_object (&self->entrances_cancellable);

  if (self->client == NULL || event_id == 0)
    {
      self->entrances_event_id = 0;
      tix_scan_door_bar_set_entrances (self->door_bar, NULL, 0);
      _tix_scan_view_apply_door (self);
      return;
    }

  self->entrances_cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->view = self;
  load->event_id = event_id;
  tix_client_list_entrances_async (self->client, event_id, self->entrances_cancellable,
                                   entrances_cb, load);
}

void
tix_scan_view_reload_entrances (TixScanView *self)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));

  _tix_scan_view_load_entrances (self);
}

/* Direction --------------------------------------------------------------------- */

TixDoorDirection
tix_scan_view_get_direction (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), TIX_DOOR_DIRECTION_IN);

  return tix_scan_door_bar_get_direction (self->door_bar);
}

void
tix_scan_view_set_direction (TixScanView      *self,
                             TixDoorDirection  direction)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));

  tix_scan_door_bar_set_direction (self->door_bar, direction);
}

gint64
tix_scan_view_get_entrance_id (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), 0);

  return tix_scan_door_bar_get_entrance_id (self->door_bar);
}

void
tix_scan_view_set_entrance_id (TixScanView *self,
                               gint64       entrance_id)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));

  tix_scan_door_bar_set_entrance_id (self->door_bar, entrance_id);
}

static void
toggle_direction_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TixScanView *self = TIX_SCAN_VIEW (widget);

  tix_scan_view_set_direction (self, tix_scan_view_get_direction (self) == TIX_DOOR_DIRECTION_IN
                                     ? TIX_DOOR_DIRECTION_OUT : TIX_DOOR_DIRECTION_IN);
}

/* Setting up -------------------------------------------------------------------- */

void
_tix_scan_view_class_door_init (TixScanViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "scan.toggle-direction", NULL,
                                   toggle_direction_action);
  /* Not a key a scanner types: the entry keeps its focus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0,
                                       "scan.toggle-direction", NULL);
}

void
_tix_scan_view_door_init (TixScanView *self)
{
  g_signal_connect_object (self->door_bar, "notify::entrance-id",
                           G_CALLBACK (on_bar_entrance), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->door_bar, "notify::direction",
                           G_CALLBACK (on_bar_direction), self, G_CONNECT_SWAPPED);
}

void
_tix_scan_view_door_dispose (TixScanView *self)
{
  g_cancellable_cancel (self->entrances_cancellable);
  g_clear_object (&self->entrances_cancellable);
  g_clear_pointer (&self->entrance_choices, g_variant_unref);
}
