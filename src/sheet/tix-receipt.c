/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-receipt"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "tix-receipt.h"
#include "tix-sheet.h"

typedef enum
{
  LINE_TITLE,
  LINE_TEXT,
  LINE_ITEM,
  LINE_TOTAL,
  LINE_RULE,
} LineKind;

typedef struct
{
  LineKind  kind;
  char     *label;
  char     *value;
} Line;

struct _TixReceipt
{
  GObject  parent_instance;

  char    *paper;
  double   width;       /* points */
  double   height;      /* points; 0: as long as the lines (a roll) */
  double   margin;
  GArray  *lines;       /* Line */
};

G_DEFINE_FINAL_TYPE (TixReceipt, tix_receipt, G_TYPE_OBJECT)

static const char * const papers[] = { "roll-80", "a4", NULL };

/* Between lines, and around a rule. */
#define GAP_PT  2.0
#define RULE_PT 6.0

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->label);
  g_free (line->value);
}

static void
tix_receipt_finalize (GObject *object)
{
  TixReceipt *self = (TixReceipt *) object;

  g_free (self->paper);
  g_array_unref (self->lines);

  G_OBJECT_CLASS (tix_receipt_parent_class)->finalize (object);
}

static void
tix_receipt_class_init (TixReceiptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_receipt_finalize;
}

static void
tix_receipt_init (TixReceipt *self)
{
  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (self->lines, line_clear);
}

const char * const *
tix_receipt_papers (void)
{
  return papers;
}

TixReceipt *
tix_receipt_new (const char  *paper,
                 GError     **error)
{
  TixReceipt *self;

  if (g_strcmp0 (paper, "roll-80") != 0 && g_strcmp0 (paper, "a4") != 0)
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_LAYOUT,
                   _("“%s” is not a paper for receipts: roll-80 or a4"), paper ? paper : "");
      return NULL;
    }
  self = g_object_new (TIX_TYPE_RECEIPT, NULL);
  self->paper = g_strdup (paper);
  if (g_str_equal (paper, "roll-80"))
    {
      /* 72 mm printable on an 80 mm roll. */
      self->width = 80.0 * TIX_SHEET_MM;
      self->margin = 4.0 * TIX_SHEET_MM;
    }
  else
    {
      self->width = 210.0 * TIX_SHEET_MM;
      self->height = 297.0 * TIX_SHEET_MM;
      self->margin = 20.0 * TIX_SHEET_MM;
    }
  return self;
}

const char *
tix_receipt_get_paper (TixReceipt *self)
{
  g_return_val_if_fail (TIX_IS_RECEIPT (self), NULL);
  return self->paper;
}

static void
add (TixReceipt *self,
     LineKind    kind,
     const char *label,
     const char *value)
{
  Line line = { kind, g_strdup (label), g_strdup (value) };

  g_return_if_fail (TIX_IS_RECEIPT (self));
  g_array_append_val (self->lines, line);
}

void
tix_receipt_add_title (TixReceipt *self,
                       const char *text)
{
  add (self, LINE_TITLE, text, NULL);
}

void
tix_receipt_add_text (TixReceipt *self,
                      const char *text)
{
  add (self, LINE_TEXT, text, NULL);
}

void
tix_receipt_add_line (TixReceipt *self,
                      const char *label,
                      const char *value)
{
  add (self, LINE_ITEM, label, value);
}

void
tix_receipt_add_total (TixReceipt *self,
                       const char *label,
                       const char *value)
{
  add (self, LINE_TOTAL, label, value);
}

void
tix_receipt_add_rule (TixReceipt *self)
{
  add (self, LINE_RULE, NULL, NULL);
}

guint
tix_receipt_get_n_lines (TixReceipt *self)
{
  g_return_val_if_fail (TIX_IS_RECEIPT (self), 0);
  return self->lines->len;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const Line *line,
             const char *text,
             double      width,
             gboolean    right)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, (line->kind == LINE_TITLE ? 12.0 :
                                                   line->kind == LINE_TOTAL ? 11.0 : 9.0)
                                                  * PANGO_SCALE);
  if (line->kind == LINE_TITLE || line->kind == LINE_TOTAL)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (right)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  else if (line->kind == LINE_TITLE)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* The value's column and the label's, for the width of the text. */
static double
value_width (TixReceipt *self)
{
  return (self->width - 2 * self->margin) * 0.4;
}

/* Draws @line at @y (unless @cr draws nowhere: measuring) and returns its
 * height. */
static double
draw_line (TixReceipt *self,
           cairo_t    *cr,
           const Line *line,
           double      y,
           gboolean    draw)
{
  double text_width = self->width - 2 * self->margin;
  double label_width = line->value != NULL ? text_width - value_width (self) : text_width;
  g_autoptr(PangoLayout) label = NULL;
  g_autoptr(PangoLayout) value = NULL;
  int label_height = 0, value_height = 0;

  if (line->kind == LINE_RULE)
    {
      if (draw)
        {
          cairo_save (cr);
          cairo_set_line_width (cr, 0.5);
          cairo_set_dash (cr, (double[]) { 2.0, 2.0 }, 2, 0);
          cairo_move_to (cr, self->margin, y + RULE_PT / 2);
          cairo_line_to (cr, self->width - self->margin, y + RULE_PT / 2);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      return RULE_PT;
    }

  label = make_layout (cr, line, line->label ? line->label : "", label_width, FALSE);
  pango_layout_get_size (label, NULL, &label_height);
  if (line->value != NULL)
    {
      value = make_layout (cr, line, line->value, value_width (self), TRUE);
      pango_layout_get_size (value, NULL, &value_height);
    }
  if (draw)
    {
      cairo_move_to (cr, self->margin, y);
      pango_cairo_show_layout (cr, label);
      if (value != NULL)
        {
          cairo_move_to (cr, self->width - self->margin - value_width (self), y);
          pango_cairo_show_layout (cr, value);
        }
    }
  return (double) MAX (label_height, value_height) / PANGO_SCALE + GAP_PT;
}

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Where each page starts (indexes into the lines), and the height of the
 * roll's one page. */
static GArray *
paginate (TixReceipt *self,
          double     *out_height)
{
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  double y = self->margin;
  guint zero = 0;

  g_array_append_val (starts, zero);
  for (guint i = 0; i < self->lines->len; i++)
    {
      double line_height = draw_line (self, cr, &g_array_index (self->lines, Line, i), 0, FALSE);

      /* A4: the next page when this line would cross the bottom margin. */
      if (self->height > 0 && y + line_height > self->height - self->margin && y > self->margin)
        {
          g_array_append_val (starts, i);
          y = self->margin;
        }
      y += line_height;
    }
  *out_height = self->height > 0 ? self->height : y + self->margin;
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  return starts;
}

double
tix_receipt_get_page_width (TixReceipt *self)
{
  g_return_val_if_fail (TIX_IS_RECEIPT (self), 0);
  return self->width;
}

double
tix_receipt_get_page_height (TixReceipt *self)
{
  g_autoptr(GArray) starts = NULL;
  double height = 0;

  g_return_val_if_fail (TIX_IS_RECEIPT (self), 0);
  starts = paginate (self, &height);
  return height;
}

guint
tix_receipt_get_n_pages (TixReceipt *self)
{
  g_autoptr(GArray) starts = NULL;
  double height = 0;

  g_return_val_if_fail (TIX_IS_RECEIPT (self), 0);
  if (self->lines->len == 0)
    return 0;
  starts = paginate (self, &height);
  return starts->len;
}

void
tix_receipt_draw_page (TixReceipt *self,
                       cairo_t    *cr,
                       guint       page)
{
  g_autoptr(GArray) starts = NULL;
  double height = 0, y;
  guint end;

  g_return_if_fail (TIX_IS_RECEIPT (self));
  g_return_if_fail (cr != NULL);

  starts = paginate (self, &height);
  g_return_if_fail (page < starts->len);
  end = page + 1 < starts->len ? g_array_index (starts, guint, page + 1) : self->lines->len;
  y = self->margin;
  for (guint i = g_array_index (starts, guint, page); i < end; i++)
    y += draw_line (self, cr, &g_array_index (self->lines, Line, i), y, TRUE);
}

GBytes *
tix_receipt_render_pdf (TixReceipt  *self,
                        GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;
  double height;

  g_return_val_if_fail (TIX_IS_RECEIPT (self), NULL);

  if (self->lines->len == 0)
    {
      g_set_error_literal (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY, _("Nothing to print"));
      return NULL;
    }

  height = tix_receipt_get_page_height (self);
  n_pages = tix_receipt_get_n_pages (self);
  surface = cairo_pdf_surface_create_for_stream (write_cb, bytes, self->width, height);
  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    {
      tix_receipt_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_FAILED, _("Could not draw the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
