/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-client-enums.h"
#include "tix-scan-door-bar.h"

struct _TixScanDoorBar
{
  GtkBox            parent_instance;

  /* Template widgets */
  GtkToggleButton  *in_button;
  GtkToggleButton  *out_button;
  AdwButtonContent *in_content;
  AdwButtonContent *out_content;
  GtkDropDown      *entrance_dropdown;

  /* Owned references */
  GListStore       *entrances;   /* TixEntrance */

  TixDoorDirection  direction;
  gint64            entrance_id;
  guint             filling : 1; /* the model is being replaced */
};

G_DEFINE_FINAL_TYPE (TixScanDoorBar, tix_scan_door_bar, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_ENTRANCE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_direction_class (TixScanDoorBar *self)
{
  if (self->direction == TIX_DOOR_DIRECTION_OUT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "direction-out");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "direction-out");
}

static void
on_direction_toggled (TixScanDoorBar *self)
{
  TixDoorDirection direction = gtk_toggle_button_get_active (self->out_button)
                               ? TIX_DOOR_DIRECTION_OUT : TIX_DOOR_DIRECTION_IN;

  /* The group turns one off before it turns the other on: neither is
   * active in between, and that is not a choice. */
  if (!gtk_toggle_button_get_active (self->in_button) &&
      !gtk_toggle_button_get_active (self->out_button))
    return;
  if (direction == self->direction)
    return;

  self->direction = direction;
  update_direction_class (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

TixDoorDirection
tix_scan_door_bar_get_direction (TixScanDoorBar *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_DOOR_BAR (self), TIX_DOOR_DIRECTION_IN);

  return self->direction;
}

void
tix_scan_door_bar_set_direction (TixScanDoorBar   *self,
                                 TixDoorDirection  direction)
{
  g_return_if_fail (TIX_IS_SCAN_DOOR_BAR (self));

  /* The buttons' "toggled" does the rest. */
  if (direction == TIX_DOOR_DIRECTION_OUT)
    gtk_toggle_button_set_active (self->out_button, TRUE);
  else
    gtk_toggle_button_set_active (self->in_button, TRUE);
}

/* Entrances ------------------------------------------------------------------- */

static TixEntrance *
entrance_at (TixScanDoorBar *self,
             guint           position)
{
  g_autoptr(TixEntrance) entrance = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  entrance = g_list_model_get_item (G_LIST_MODEL (self->entrances), position);
  return entrance;   /* the store keeps it */
}

static void
set_entrance_id (TixScanDoorBar *self,
                 gint64          entrance_id)
{
  if (self->entrance_id == entrance_id)
    return;
  self->entrance_id = entrance_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRANCE_ID]);
}

static void
on_entrance_selected (TixScanDoorBar *self)
{
  TixEntrance *entrance;

  if (self->filling)
    return;
  entrance = entrance_at (self, gtk_drop_down_get_selected (self->entrance_dropdown));
  set_entrance_id (self, entrance != NULL ? tix_entrance_get_id (entrance) : 0);
}

static guint
position_of (TixScanDoorBar *self,
             gint64          entrance_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entrances));

  for (guint i = 0; i < n; i++)
    if (tix_entrance_get_id (entrance_at (self, i)) == entrance_id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

void
tix_scan_door_bar_set_entrances (TixScanDoorBar *self,
                                 GPtrArray      *entrances,
                                 gint64          entrance_id)
{
  guint n;

  g_return_if_fail (TIX_IS_SCAN_DOOR_BAR (self));

  self->filling = TRUE;
  g_list_store_remove_all (self->entrances);
  if (entrances != NULL)
    g_list_store_splice (self->entrances, 0, 0, entrances->pdata, entrances->len);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->entrances));
  gtk_widget_set_sensitive (GTK_WIDGET (self->entrance_dropdown), n > 1);
  self->filling = FALSE;

  tix_scan_door_bar_set_entrance_id (self, entrance_id);
}

void
tix_scan_door_bar_set_entrance_id (TixScanDoorBar *self,
                                   gint64          entrance_id)
{
  guint position;

  g_return_if_fail (TIX_IS_SCAN_DOOR_BAR (self));

  position = position_of (self, entrance_id);
  if (position == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->entrances)) > 0)
    position = 0;

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->entrance_dropdown, position);
  self->filling = FALSE;
  on_entrance_selected (self);
}

gint64
tix_scan_door_bar_get_entrance_id (TixScanDoorBar *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_DOOR_BAR (self), 0);

  return self->entrance_id;
}

TixEntrance *
tix_scan_door_bar_get_entrance (TixScanDoorBar *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_DOOR_BAR (self), NULL);

  return entrance_at (self, gtk_drop_down_get_selected (self->entrance_dropdown));
}

void
tix_scan_door_bar_set_narrow (TixScanDoorBar *self,
                              gboolean        narrow)
{
  g_return_if_fail (TIX_IS_SCAN_DOOR_BAR (self));

  gtk_box_set_spacing (GTK_BOX (self), narrow ? 6 : 12);
}

/* GObject ---------------------------------------------------------------------- */

static void
tix_scan_door_bar_dispose (GObject *object)
{
  TixScanDoorBar *self = TIX_SCAN_DOOR_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_SCAN_DOOR_BAR);
  g_clear_object (&self->entrances);

  G_OBJECT_CLASS (tix_scan_door_bar_parent_class)->dispose (object);
}

static void
tix_scan_door_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TixScanDoorBar *self = TIX_SCAN_DOOR_BAR (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;

    case PROP_ENTRANCE_ID:
      g_value_set_int64 (value, self->entrance_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_door_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TixScanDoorBar *self = TIX_SCAN_DOOR_BAR (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      tix_scan_door_bar_set_direction (self, g_value_get_enum (value));
      break;

    case PROP_ENTRANCE_ID:
      tix_scan_door_bar_set_entrance_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_door_bar_class_init (TixScanDoorBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_door_bar_dispose;
  object_class->get_property = tix_scan_door_bar_get_property;
  object_class->set_property = tix_scan_door_bar_set_property;

  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, TIX_TYPE_DOOR_DIRECTION,
                       TIX_DOOR_DIRECTION_IN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTRANCE_ID] =
    g_param_spec_int64 ("entrance-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-door-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanDoorBar, in_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanDoorBar, out_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanDoorBar, in_content);
  gtk_widget_class_bind_template_child (widget_class, TixScanDoorBar, out_content);
  gtk_widget_class_bind_template_child (widget_class, TixScanDoorBar, entrance_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_direction_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_entrance_selected);
}

static void
tix_scan_door_bar_init (TixScanDoorBar *self)
{
  g_autoptr(GtkExpression) name = NULL;

  g_type_ensure (TIX_TYPE_ENTRANCE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->direction = TIX_DOOR_DIRECTION_IN;
  self->entrances = g_list_store_new (TIX_TYPE_ENTRANCE);
  name = gtk_property_expression_new (TIX_TYPE_ENTRANCE, NULL, "name");
  self->filling = TRUE;
  gtk_drop_down_set_expression (self->entrance_dropdown, name);
  gtk_drop_down_set_model (self->entrance_dropdown, G_LIST_MODEL (self->entrances));
  self->filling = FALSE;
}
