/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sheet-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-sheet-preview.h"

/* Pixels a point: an A4 page is about 480 pixels wide. */
#define PREVIEW_SCALE 0.8

struct _TixSheetPreview
{
  AdwWindow        parent_instance;

  /* Owned references */
  TixSheet        *sheet;
  GPtrArray       *tickets;       /* TixTicket */
  GtkStringList   *pages;

  /* Borrowed: children */
  AdwWindowTitle  *title;
  GtkListView     *list;
};

G_DEFINE_FINAL_TYPE (TixSheetPreview, tix_sheet_preview, ADW_TYPE_WINDOW)

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  TixSheetPreview *self = user_data;
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "tix-page"));
  guint per_page = tix_sheet_get_tickets_per_page (self->sheet);
  guint first = page * per_page;
  g_autoptr(GError) error = NULL;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  if (first >= self->tickets->len)
    return;

  cairo_scale (cr, width / tix_sheet_get_page_width (self->sheet),
               height / tix_sheet_get_page_height (self->sheet));
  if (!tix_sheet_draw_page (self->sheet, cr, (TixTicket * const *) self->tickets->pdata + first,
                            MIN (per_page, self->tickets->len - first), &error))
    g_warning ("Could not draw page %u: %s", page + 1, error->message);
}

static void
setup_page (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  TixSheetPreview *self = user_data;
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area),
                                      (int) (tix_sheet_get_page_width (self->sheet) * PREVIEW_SCALE));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                       (int) (tix_sheet_get_page_height (self->sheet) * PREVIEW_SCALE));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_page, self, NULL);
  gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (area, 12);
  gtk_widget_set_margin_bottom (area, 12);
  gtk_widget_add_css_class (area, "card");
  gtk_list_item_set_child (item, area);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_page (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  TixSheetPreview *self = user_data;
  GtkWidget *area = gtk_list_item_get_child (item);
  guint page = gtk_list_item_get_position (item);
  g_autofree char *label = NULL;

  g_object_set_data (G_OBJECT (area), "tix-page", GUINT_TO_POINTER (page));
  /* Translators: what a screen reader says of a page of the print preview */
  label = g_strdup_printf (_("Page %u of %u"), page + 1, tix_sheet_preview_get_n_pages (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_draw (area);
}

static void
tix_sheet_preview_dispose (GObject *object)
{
  TixSheetPreview *self = TIX_SHEET_PREVIEW (object);

  /* The list's drawing areas draw from the sheet: they go first. */
  if (self->list != NULL)
    gtk_list_view_set_model (self->list, NULL);
  self->list = NULL;
  g_clear_object (&self->pages);

  G_OBJECT_CLASS (tix_sheet_preview_parent_class)->dispose (object);
}

static void
tix_sheet_preview_finalize (GObject *object)
{
  TixSheetPreview *self = TIX_SHEET_PREVIEW (object);

  g_clear_object (&self->sheet);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);

  G_OBJECT_CLASS (tix_sheet_preview_parent_class)->finalize (object);
}

static void
tix_sheet_preview_class_init (TixSheetPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_sheet_preview_dispose;
  object_class->finalize = tix_sheet_preview_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_sheet_preview_init (TixSheetPreview *self)
{
}

TixSheetPreview *
tix_sheet_preview_new (TixSheet  *sheet,
                       GPtrArray *tickets)
{
  TixSheetPreview *self;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *box, *header, *scrolled;
  guint n_pages;

  g_return_val_if_fail (TIX_IS_SHEET (sheet), NULL);
  g_return_val_if_fail (tickets != NULL && tickets->len > 0, NULL);

  self = g_object_new (TIX_TYPE_SHEET_PREVIEW,
                       "title", _("Print Preview"),
                       "default-width", 760,
                       "default-height", 760,
                       NULL);
  self->sheet = g_object_ref (sheet);
  self->tickets = g_ptr_array_ref (tickets);

  n_pages = tix_sheet_get_n_pages (sheet, tickets->len);
  self->pages = gtk_string_list_new (NULL);
  for (guint i = 0; i < n_pages; i++)
    {
      char number[16];

      g_snprintf (number, sizeof number, "%u", i + 1);
      gtk_string_list_append (self->pages, number);
    }

  /* Translators: the subtitle of the print preview: "24 tickets on 3 pages" */
  subtitle = g_strdup_printf (ngettext ("%u ticket", "%u tickets", tickets->len), tickets->len);
  {
    g_autofree char *pages = g_strdup_printf (ngettext ("%u page", "%u pages", n_pages), n_pages);
    g_autofree char *both = NULL;

    /* Translators: "24 tickets on 3 pages" */
    both = g_strdup_printf (_("%s on %s"), subtitle, pages);
    g_free (subtitle);
    subtitle = g_steal_pointer (&both);
  }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Print Preview"), subtitle));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_page), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_page), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->pages)))),
    g_steal_pointer (&factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "background");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pages"), -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
  return self;
}

guint
tix_sheet_preview_get_n_pages (TixSheetPreview *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_PREVIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->pages));
}
