/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stub of the tickets view, replaced by the real one. */
#define G_LOG_DOMAIN "tix-tickets-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-tickets-view.h"

struct _TixTicketsView
{
  AdwBin          parent_instance;

  AdwStatusPage  *status_page;
  TixClient      *client;
  guint           n_added;
};

G_DEFINE_FINAL_TYPE (TixTicketsView, tix_tickets_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_CLIENT, N_PROPS };
enum { ADD_TOAST, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
tix_tickets_view_dispose (GObject *object)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (tix_tickets_view_parent_class)->dispose (object);
}

static void
tix_tickets_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_tickets_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TixTicketsView *self = TIX_TICKETS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      if (g_set_object (&self->client, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_tickets_view_class_init (TixTicketsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_tickets_view_dispose;
  object_class->get_property = tix_tickets_view_get_property;
  object_class->set_property = tix_tickets_view_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
tix_tickets_view_init (TixTicketsView *self)
{
  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status_page, "view-list-symbolic");
  adw_status_page_set_title (self->status_page, _("Tickets"));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));
}

TixTicketsView *
tix_tickets_view_new (void)
{
  return g_object_new (TIX_TYPE_TICKETS_VIEW, NULL);
}

void
tix_tickets_view_reload (TixTicketsView *self)
{
  g_return_if_fail (TIX_IS_TICKETS_VIEW (self));
}

void
tix_tickets_view_add_tickets (TixTicketsView *self,
                              GPtrArray      *tickets)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TIX_IS_TICKETS_VIEW (self));
  g_return_if_fail (tickets != NULL);

  self->n_added += tickets->len;
  text = g_strdup_printf ("%u", self->n_added);
  adw_status_page_set_description (self->status_page, text);
}
