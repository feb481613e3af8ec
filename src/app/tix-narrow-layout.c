/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-narrow-layout"

#include "config.h"

#include "tix-narrow-layout.h"

/* A view hidden in the window's stack (AdwViewStack is homogeneous) is never
 * allocated, so it never hears that the window got narrow: in its wide
 * layout it says it can be this narrow, and is given at least its real
 * minimum (clipped) until the switch, a frame later. */
#define NARROW_MIN_WIDTH 320

struct _TixNarrowLayout
{
  GtkLayoutManager parent_instance;

  int              threshold;
  guint            switch_id;   /* the switch comes after this frame */
  guint            narrow : 1;
  guint            want_narrow : 1;
};

G_DEFINE_FINAL_TYPE (TixNarrowLayout, tix_narrow_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tix_narrow_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  TixNarrowLayout *self = TIX_NARROW_LAYOUT (manager);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->narrow)
    *minimum = MIN (*minimum, NARROW_MIN_WIDTH);
}

static gboolean
switch_cb (gpointer user_data)
{
  TixNarrowLayout *self = user_data;

  self->switch_id = 0;
  if (self->narrow != self->want_narrow)
    {
      self->narrow = self->want_narrow;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
    }
  return G_SOURCE_REMOVE;
}

static void
tix_narrow_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  TixNarrowLayout *self = TIX_NARROW_LAYOUT (manager);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  /* Switched outside the allocation: classes and sizes change together,
   * and the next frame measures them anew. */
  self->want_narrow = width < self->threshold;
  if (self->want_narrow != self->narrow && self->switch_id == 0)
    self->switch_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, switch_cb, self, NULL);

  if (child != NULL && gtk_widget_should_layout (child))
    {
      int child_minimum = 0;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL,
                          NULL, NULL);
      gtk_widget_allocate (child, MAX (width, child_minimum), height, baseline, NULL);
    }
}

static void
tix_narrow_layout_root (GtkLayoutManager *manager)
{
  /* For the frame before a switch (tix_narrow_layout_allocate ()). */
  gtk_widget_set_overflow (gtk_layout_manager_get_widget (manager), GTK_OVERFLOW_HIDDEN);
}

static void
tix_narrow_layout_dispose (GObject *object)
{
  TixNarrowLayout *self = TIX_NARROW_LAYOUT (object);

  g_clear_handle_id (&self->switch_id, g_source_remove);

  G_OBJECT_CLASS (tix_narrow_layout_parent_class)->dispose (object);
}

static void
tix_narrow_layout_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TixNarrowLayout *self = TIX_NARROW_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_narrow_layout_class_init (TixNarrowLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->dispose = tix_narrow_layout_dispose;
  object_class->get_property = tix_narrow_layout_get_property;
  layout_class->measure = tix_narrow_layout_measure;
  layout_class->allocate = tix_narrow_layout_allocate;
  layout_class->root = tix_narrow_layout_root;

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_narrow_layout_init (TixNarrowLayout *self)
{
}

GtkLayoutManager *
tix_narrow_layout_new (int threshold)
{
  TixNarrowLayout *self = g_object_new (TIX_TYPE_NARROW_LAYOUT, NULL);

  self->threshold = threshold;
  return GTK_LAYOUT_MANAGER (self);
}

gboolean
tix_narrow_layout_get_narrow (TixNarrowLayout *self)
{
  g_return_val_if_fail (TIX_IS_NARROW_LAYOUT (self), FALSE);

  return self->narrow;
}
