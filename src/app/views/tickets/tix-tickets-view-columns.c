/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-tickets-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-tickets-view-private.h"

/* The list's columns: what their cells show (the cell templates are in the
 * view's .ui) and how a click on a header sorts the list on the server. */

/* The cells: closures of the column factories in the template, with the
 * view as their data (its cell scope). */

static char *
format_scanned (TixTicketsView *self,
                gint64          scanned_at,
                const char     *scanned_by_name)
{
  g_autofree char *when = NULL;

  if (scanned_at <= 0)
    /* Translators: shown for a ticket that has not been scanned */
    return g_strdup (_("—"));

  when = tix_format_time (self->zone, scanned_at);
  if (scanned_by_name == NULL || scanned_by_name[0] == '\0')
    return g_steal_pointer (&when);

  /* Translators: scan time of a ticket and who scanned it, "25 Nov 2026, 09:14 by Alice" */
  return g_strdup_printf (_("%s by %s"), when, scanned_by_name);
}

static char *
number_cb (GObject   *this,
           TixTicket *ticket,
           gpointer   user_data)
{
  if (ticket == NULL)
    return g_strdup ("");
  if (tix_ticket_list_model_is_placeholder (ticket))
    return g_strdup ("…");
  return g_strdup (tix_ticket_get_number (ticket));
}

static char *
extra_cb (GObject    *this,
          const char *extra,
          gpointer    user_data)
{
  char *text = g_strdup (extra ? extra : "");

  /* one line in the table; the details pane shows it whole */
  g_strdelimit (text, "\r\n\t", ' ');
  return text;
}

static char *
event_cb (GObject        *this,
          TixTicket      *ticket,
          TixTicketsView *self)
{
  TixEvent *event;

  if (ticket == NULL || tix_ticket_list_model_is_placeholder (ticket) || self->season == NULL)
    return g_strdup ("");
  event = tix_season_lookup (self->season, tix_ticket_get_event_id (ticket));
  return g_strdup (event != NULL ? tix_event_display_name (event) : "");
}

static char *
generated_cb (GObject        *this,
              gint64          generated_at,
              TixTicketsView *self)
{
  return tix_format_time (self->zone, generated_at);
}

static char *
scanned_cb (GObject    *this,
            TixTicket  *ticket,
            gint64      scanned_at,
            const char *scanned_by_name,
            gpointer    user_data)
{
  if (ticket == NULL || tix_ticket_list_model_is_placeholder (ticket))
    return g_strdup ("");
  return format_scanned (user_data, scanned_at, scanned_by_name);
}

/* GTK 4.8 gives a GtkBuilderListItemFactory of a template the class's scope,
 * where closures see only the list item. The cells of the time columns need
 * the view (its time zone): each column's factory is made again from the
 * same cell template in the template, over a scope of the view's own. */
static void
setup_cells (TixTicketsView *self)
{
  GtkColumnViewColumn *columns[] = {
    self->number_column, self->prefix_column, self->extra_column, self->event_column,
    self->generated_column, self->scanned_column,
  };

  self->cell_scope = tix_object_scope_new ();
  tix_object_scope_set_object (self->cell_scope, G_OBJECT (self));
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (self->cell_scope),
                                           "number_cb", G_CALLBACK (number_cb),
                                           "extra_cb", G_CALLBACK (extra_cb),
                                           "event_cb", G_CALLBACK (event_cb),
                                           "generated_cb", G_CALLBACK (generated_cb),
                                           "scanned_cb", G_CALLBACK (scanned_cb),
                                           NULL);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkBuilderListItemFactory *cells =
        GTK_BUILDER_LIST_ITEM_FACTORY (gtk_column_view_column_get_factory (columns[i]));
      g_autoptr(GtkListItemFactory) factory =
        gtk_builder_list_item_factory_new_from_bytes (GTK_BUILDER_SCOPE (self->cell_scope),
                                                      gtk_builder_list_item_factory_get_bytes (cells));

      gtk_column_view_column_set_factory (columns[i], factory);
    }
}

/* Sorting */

/* The list is sorted on the server (it is paged lazily). GTK 4.8 does not say
 * which column the column view sorts by, so each sortable column's sorter
 * tells when the column view's sorter asks it first: that is the column, and
 * the sign of the answer says which way. */
static const char *probe_hit;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  if (probe_hit == NULL)
    probe_hit = user_data;
  return GTK_ORDERING_SMALLER;
}

static void
column_sorter_changed_cb (GtkSorter       *sorter,
                          GtkSorterChange  change,
                          TixTicketsView  *self)
{
  g_autofree char *sort = NULL;
  GtkOrdering order;

  if (self->model == NULL)   /* going away */
    return;
  probe_hit = NULL;
  order = gtk_sorter_compare (sorter, self, self->model);   /* two items: equal ones are not compared */
  if (probe_hit != NULL)
    sort = order == GTK_ORDERING_SMALLER ? g_strdup (probe_hit)
                                         : g_strconcat ("-", probe_hit, NULL);
  probe_hit = NULL;
  tix_ticket_list_model_set_sort (self->model, sort);
  _tix_tickets_view_update_state (self);
}

static void
setup_sorting (TixTicketsView *self)
{
  struct { GtkColumnViewColumn *column; const char *key; } sortable[] = {
    { self->number_column, "number" },
    { self->generated_column, "generated" },
    { self->scanned_column, "scanned" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sortable); i++)
    {
      g_autoptr(GtkSorter) sorter =
        GTK_SORTER (gtk_custom_sorter_new (probe_compare, (gpointer) sortable[i].key, NULL));

      gtk_column_view_column_set_sorter (sortable[i].column, sorter);
    }
  /* Newest first, shown on the Generated column. */
  gtk_column_view_sort_by_column (self->column_view, self->generated_column,
                                  GTK_SORT_DESCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (column_sorter_changed_cb), self, 0);
}

void
_tix_tickets_view_columns_init (TixTicketsView *self)
{
  setup_cells (self);
  setup_sorting (self);
}
