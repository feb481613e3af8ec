/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sheet"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "tix-sheet.h"
#include "tix-sheet-private.h"
#include "tix-sheet-writer.h"
#include "tix-validate.h"

/* Office printers leave 4 to 6 mm of every edge blank: a 10 mm margin holds
 * the cut marks, and nothing else is drawn in it. */
#define GRID_MARGIN_MM     10.0
#define ROLL_MARGIN_MM     4.0
#define MARK_GAP_MM        1.5
#define MARK_LENGTH_MM     5.0
#define MAX_MODULE_MM      1.0
#define QR_BOX_MODULES     (TIX_SHEET_QR_CODE_MODULES + 2 * TIX_SHEET_QR_QUIET_MODULES)

typedef struct
{
  const char *name;
  double      width_mm;
  double      height_mm;
  guint       columns;
  guint       rows;
  gboolean    roll;
} Layout;

static const Layout layouts[] = {
  { "a4-2x4",     210.0, 297.0, 2, 4, FALSE },
  { "a4-3x7",     210.0, 297.0, 3, 7, FALSE },
  { "letter-2x4", 215.9, 279.4, 2, 4, FALSE },
  { "letter-3x7", 215.9, 279.4, 3, 7, FALSE },
  /* A thermal printer prints about 72 mm of an 80 mm roll and cuts after
   * each page: one ticket a page. */
  { "roll-80",     80.0, 120.0, 1, 1, TRUE },
};

/* Type sizes, in points, for small (3×7) and large cells. */
typedef struct
{
  double organization;
  double event;
  double date;
  double number_max;
  double number_min;
  double extra;
  double issued;
  double gap_mm;
  double padding_mm;
} Type;

static const Type small_type = { 6.0, 7.5, 6.0, 13.0, 7.0, 6.0, 5.5, 0.5, 2.0 };
static const Type large_type = { 9.0, 11.0, 8.5, 24.0, 10.0, 8.5, 7.0, 1.0, 4.0 };

struct _TixSheet
{
  GObject       parent_instance;

  const Layout *layout;
  char         *organization_name;
  char         *event_name;
  char         *event_date;
  char         *time_zone_name;
  GTimeZone    *time_zone;
  GHashTable   *events;     /* event id (gint64 *) → SheetEvent: each ticket's own */
};

/* The name and date a ticket of one event prints. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *date;
} SheetEvent;

static void
sheet_event_free (SheetEvent *event)
{
  g_free (event->name);
  g_free (event->date);
  g_free (event);
}

G_DEFINE_FINAL_TYPE (TixSheet, tix_sheet, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LAYOUT,
  PROP_ORGANIZATION_NAME,
  PROP_EVENT_NAME,
  PROP_EVENT_DATE,
  PROP_TIME_ZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (tix-sheet-error-quark, tix_sheet_error)

static const Layout *
find_layout (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (g_str_equal (layouts[i].name, name))
      return &layouts[i];
  return NULL;
}

static void
tix_sheet_finalize (GObject *object)
{
  TixSheet *self = TIX_SHEET (object);

  g_free (self->organization_name);
  g_free (self->event_name);
  g_free (self->event_date);
  g_free (self->time_zone_name);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->events, g_hash_table_unref);

  G_OBJECT_CLASS (tix_sheet_parent_class)->finalize (object);
}

static void
tix_sheet_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TixSheet *self = TIX_SHEET (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      g_value_set_string (value, tix_sheet_get_layout (self));
      break;
    case PROP_ORGANIZATION_NAME:
      g_value_set_string (value, self->organization_name);
      break;
    case PROP_EVENT_NAME:
      g_value_set_string (value, self->event_name);
      break;
    case PROP_EVENT_DATE:
      g_value_set_string (value, self->event_date);
      break;
    case PROP_TIME_ZONE:
      g_value_set_string (value, self->time_zone_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_sheet_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TixSheet *self = TIX_SHEET (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      /* Checked by tix_sheet_new (); a bad name here falls back to A4. */
      self->layout = find_layout (g_value_get_string (value));
      if (self->layout == NULL)
        self->layout = &layouts[0];
      break;
    case PROP_ORGANIZATION_NAME:
      tix_sheet_set_organization_name (self, g_value_get_string (value));
      break;
    case PROP_EVENT_NAME:
      tix_sheet_set_event_name (self, g_value_get_string (value));
      break;
    case PROP_EVENT_DATE:
      tix_sheet_set_event_date (self, g_value_get_string (value));
      break;
    case PROP_TIME_ZONE:
      tix_sheet_set_time_zone (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_sheet_class_init (TixSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tix_sheet_finalize;
  object_class->get_property = tix_sheet_get_property;
  object_class->set_property = tix_sheet_set_property;

  properties[PROP_LAYOUT] =
    g_param_spec_string ("layout", NULL, NULL, "a4-2x4",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION_NAME] =
    g_param_spec_string ("organization-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_NAME] =
    g_param_spec_string ("event-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_DATE] =
    g_param_spec_string ("event-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] =
    g_param_spec_string ("time-zone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_sheet_init (TixSheet *self)
{
  self->layout = &layouts[0];
  self->time_zone = g_time_zone_new_utc ();
  /* Keyed by the id inside each value. */
  self->events = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) sheet_event_free);
}

TixSheet *
tix_sheet_new (const char  *layout,
               GError     **error)
{
  if (find_layout (layout) == NULL || !tix_validate_sheet_layout (layout))
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_LAYOUT,
                   _("“%s” is not a sheet layout"), layout ? layout : "");
      return NULL;
    }

  return g_object_new (TIX_TYPE_SHEET, "layout", layout, NULL);
}

const char *
tix_sheet_get_layout (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), NULL);
  return self->layout->name;
}

static void
set_text (TixSheet    *self,
          char       **field,
          const char  *value,
          GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

const char *
tix_sheet_get_organization_name (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), NULL);
  return self->organization_name;
}

void
tix_sheet_set_organization_name (TixSheet   *self,
                                 const char *name)
{
  g_return_if_fail (TIX_IS_SHEET (self));
  set_text (self, &self->organization_name, name, properties[PROP_ORGANIZATION_NAME]);
}

const char *
tix_sheet_get_event_name (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), NULL);
  return self->event_name;
}

void
tix_sheet_set_event_name (TixSheet   *self,
                          const char *name)
{
  g_return_if_fail (TIX_IS_SHEET (self));
  set_text (self, &self->event_name, name, properties[PROP_EVENT_NAME]);
}

const char *
tix_sheet_get_event_date (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), NULL);
  return self->event_date;
}

void
tix_sheet_set_event_date (TixSheet   *self,
                          const char *date)
{
  g_return_if_fail (TIX_IS_SHEET (self));
  set_text (self, &self->event_date, date, properties[PROP_EVENT_DATE]);
}

void
tix_sheet_set_event (TixSheet   *self,
                     gint64      event_id,
                     const char *name,
                     const char *date)
{
  SheetEvent *event;

  g_return_if_fail (TIX_IS_SHEET (self));
  g_return_if_fail (event_id > 0);

  event = g_new0 (SheetEvent, 1);
  event->id = event_id;
  event->name = (name != NULL && *name != '\0') ? g_strdup (name) : NULL;
  event->date = (date != NULL && *date != '\0') ? g_strdup (date) : NULL;
  g_hash_table_replace (self->events, &event->id, event);
}

gboolean
tix_sheet_get_ticket_event (TixSheet    *self,
                            TixTicket   *ticket,
                            const char **out_name,
                            const char **out_date)
{
  gint64 event_id;
  SheetEvent *event;

  g_return_val_if_fail (TIX_IS_SHEET (self), FALSE);
  g_return_val_if_fail (TIX_IS_TICKET (ticket), FALSE);

  event_id = tix_ticket_get_event_id (ticket);
  event = event_id > 0 ? g_hash_table_lookup (self->events, &event_id) : NULL;
  if (out_name != NULL)
    *out_name = event != NULL ? event->name : self->event_name;
  if (out_date != NULL)
    *out_date = event != NULL ? event->date : self->event_date;
  return event != NULL;
}

const char *
tix_sheet_get_time_zone (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), NULL);
  return self->time_zone_name;
}

void
tix_sheet_set_time_zone (TixSheet   *self,
                         const char *time_zone)
{
  GTimeZone *zone = NULL;

  g_return_if_fail (TIX_IS_SHEET (self));

  if (g_strcmp0 (self->time_zone_name, time_zone) == 0)
    return;

  if (time_zone != NULL && *time_zone != '\0')
    zone = g_time_zone_new_identifier (time_zone);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = zone ? zone : g_time_zone_new_utc ();
  set_text (self, &self->time_zone_name, time_zone, properties[PROP_TIME_ZONE]);
}

double
tix_sheet_get_page_width (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), 0.0);
  return self->layout->width_mm * TIX_SHEET_MM;
}

double
tix_sheet_get_page_height (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), 0.0);
  return self->layout->height_mm * TIX_SHEET_MM;
}

guint
tix_sheet_get_columns (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), 1);
  return self->layout->columns;
}

guint
tix_sheet_get_rows (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), 1);
  return self->layout->rows;
}

guint
tix_sheet_get_tickets_per_page (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), 1);
  return self->layout->columns * self->layout->rows;
}

guint
tix_sheet_get_n_pages (TixSheet *self,
                       guint     n_tickets)
{
  guint per_page;

  g_return_val_if_fail (TIX_IS_SHEET (self), 0);

  per_page = tix_sheet_get_tickets_per_page (self);
  return n_tickets / per_page + (n_tickets % per_page ? 1 : 0);
}

double
tix_sheet_get_margin (TixSheet *self)
{
  g_return_val_if_fail (TIX_IS_SHEET (self), 0.0);
  return (self->layout->roll ? ROLL_MARGIN_MM : GRID_MARGIN_MM) * TIX_SHEET_MM;
}

void
tix_sheet_get_cell (TixSheet *self,
                    guint     index,
                    double   *x,
                    double   *y,
                    double   *width,
                    double   *height)
{
  double margin, cell_width, cell_height;
  guint column, row;

  g_return_if_fail (TIX_IS_SHEET (self));

  margin = tix_sheet_get_margin (self);
  cell_width = (tix_sheet_get_page_width (self) - 2 * margin) / self->layout->columns;
  cell_height = (tix_sheet_get_page_height (self) - 2 * margin) / self->layout->rows;
  index %= tix_sheet_get_tickets_per_page (self);
  column = index % self->layout->columns;
  row = index / self->layout->columns;

  if (x)
    *x = margin + column * cell_width;
  if (y)
    *y = margin + row * cell_height;
  if (width)
    *width = cell_width;
  if (height)
    *height = cell_height;
}

/* The module size: as large as the cell allows (1 mm of padding above and
 * below) up to 1 mm, never under 0.75 mm. The smallest cell, Letter 3×7, is
 * 37.06 mm high: the code with its whole quiet zone (36.75 mm) still fits. */
double
tix_sheet_get_module_size (TixSheet *self)
{
  double cell_height, module;

  g_return_val_if_fail (TIX_IS_SHEET (self), 0.0);

  if (self->layout->roll)
    return MAX_MODULE_MM * TIX_SHEET_MM;

  tix_sheet_get_cell (self, 0, NULL, NULL, NULL, &cell_height);
  module = (cell_height - 2 * TIX_SHEET_MM) / QR_BOX_MODULES;
  return CLAMP (module, TIX_SHEET_QR_MIN_MODULE_MM * TIX_SHEET_MM,
                MAX_MODULE_MM * TIX_SHEET_MM);
}

/* QR codes */

static void
qrcode_free (QRcode *code)
{
  if (code != NULL)
    QRcode_free (code);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, qrcode_free)

/* The QR code of @ticket's code, or NULL with @error set. */
static QRcode *
encode_ticket (TixSheet  *self,
               TixTicket *ticket,
               GError   **error)
{
  const char *code = tix_ticket_get_code (ticket);
  g_autoptr(QRcode) qr = NULL;

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_CODE,
                   _("Ticket %s has no code to print"), tix_ticket_get_number (ticket));
      return NULL;
    }

  /* Case-sensitive so that a code in capitals stays in alphanumeric mode. */
  qr = QRcode_encodeString (code, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_CODE,
                   _("The code of ticket %s cannot be made into a QR code"),
                   tix_ticket_get_number (ticket));
      return NULL;
    }

  /* The box is sized for a ticket code; anything larger would need modules
   * under the minimum size. */
  if (qr->width > TIX_SHEET_QR_CODE_MODULES)
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_CODE,
                   _("The code of ticket %s is too long to print"),
                   tix_ticket_get_number (ticket));
      return NULL;
    }

  return g_steal_pointer (&qr);
}

/* Draws @qr with its quiet zone in a square of @side at (@x, @y). The code
 * is one image, a pixel a module, scaled without smoothing: a few hundred
 * bytes in a PDF where a path of its modules would take tens of kilobytes. */
static void
draw_qr (cairo_t *cr,
         QRcode  *qr,
         double   x,
         double   y,
         double   side)
{
  int size = qr->width + 2 * TIX_SHEET_QR_QUIET_MODULES;
  cairo_surface_t *image;
  cairo_pattern_t *pattern;
  unsigned char *data;
  int stride;

  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);

  for (int row = 0; row < size; row++)
    {
      guint32 *pixels = (guint32 *) (gpointer) (data + row * stride);

      for (int column = 0; column < size; column++)
        {
          int qr_row = row - TIX_SHEET_QR_QUIET_MODULES;
          int qr_column = column - TIX_SHEET_QR_QUIET_MODULES;
          gboolean dark = FALSE;

          if (qr_row >= 0 && qr_row < qr->width && qr_column >= 0 && qr_column < qr->width)
            dark = qr->data[qr_row * qr->width + qr_column] & 1;
          pixels[column] = dark ? 0x000000 : 0xffffff;
        }
    }
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, side / size, side / size);
  cairo_set_source_surface (cr, image, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, size, size);
  cairo_fill (cr);
  cairo_restore (cr);

  cairo_surface_destroy (image);
}

/* Text */

typedef enum
{
  BLOCK_ORGANIZATION,
  BLOCK_EVENT,
  BLOCK_DATE,
  BLOCK_NUMBER,
  BLOCK_EXTRA,
  BLOCK_ISSUED,
  N_BLOCKS
} BlockKind;

static PangoLayout *
new_layout (cairo_t         *cr,
            const char      *text,
            double           size,
            PangoWeight      weight,
            double           width,
            PangoAlignment   alignment)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  /* Absolute: one unit is one point of the page, whatever the resolution. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, alignment);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* One line, ellipsized at its end when longer than @width. */
static PangoLayout *
new_line (cairo_t        *cr,
          const char     *text,
          double          size,
          PangoWeight     weight,
          double          width,
          PangoAlignment  alignment)
{
  PangoLayout *layout;

  if (text == NULL || *text == '\0')
    return NULL;

  layout = new_layout (cr, text, size, weight, width, alignment);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

/* The number as large as fits @width; at the smallest size it wraps onto two
 * lines, and only beyond that is it ellipsized in the middle (the prefix's
 * start and the digits stay). */
static PangoLayout *
new_number (cairo_t        *cr,
            const char     *number,
            const Type     *type,
            double          width,
            PangoAlignment  alignment)
{
  PangoLayout *layout;
  int line_height;

  /* Width grows with the size: measure once at the largest size, scale
   * down to fit, and step down further only if hinting disagrees. */
  for (double size = type->number_max; size >= type->number_min; )
    {
      PangoRectangle logical;

      layout = new_layout (cr, number, size, PANGO_WEIGHT_BOLD, -1, alignment);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_get_extents (layout, NULL, &logical);
      if (logical.width <= width * PANGO_SCALE)
        {
          pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
          return layout;
        }
      g_object_unref (layout);

      if (size == type->number_max)
        size = MIN (size - 0.5, floor (2 * size * width * PANGO_SCALE / logical.width) / 2);
      else
        size -= 0.5;
      if (size < type->number_min && size > type->number_min - 0.5)
        size = type->number_min;
    }

  layout = new_layout (cr, number, type->number_min, PANGO_WEIGHT_BOLD, width, alignment);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  pango_layout_get_pixel_size (layout, NULL, &line_height);
  line_height /= MAX (pango_layout_get_line_count (layout), 1);
  pango_layout_set_height (layout, 2 * line_height * PANGO_SCALE + PANGO_SCALE / 2);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* With the time of day where there is room for it (not in 3×7 cells). */
static char *
format_issued (TixSheet  *self,
               TixTicket *ticket,
               gboolean   with_time)
{
  gint64 ms = tix_ticket_get_generated_at (ticket);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, self->time_zone);
  when = g_date_time_format (local, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
  /* Translators: on a printed ticket; %s is the date and time it was made */
  return g_strdup_printf (_("Issued %s"), when);
}

/* Stacks the blocks of @kinds (in order, top down) into the box, dropping
 * those that do not fit by @priority (most important first). Blocks after
 * @bottom_from are anchored to the bottom of the box. Nothing overlaps. */
static void
stack_blocks (cairo_t         *cr,
              PangoLayout    **blocks,
              const BlockKind *kinds,
              guint            n_kinds,
              const BlockKind *priority,
              guint            n_priority,
              guint            bottom_from,
              double           gap,
              double           x,
              double           y,
              double           height,
              gboolean        *kept)
{
  double available = height, top = y, bottom = y + height;

  for (guint i = 0; i < n_priority; i++)
    {
      PangoLayout *layout = blocks[priority[i]];
      double h;

      if (layout == NULL)
        continue;
      h = layout_height (layout);
      if (h <= available + 0.01)
        {
          kept[priority[i]] = TRUE;
          available -= h + gap;
        }
    }

  for (guint i = 0; i < MIN (bottom_from, n_kinds); i++)
    if (kept[kinds[i]])
      {
        cairo_move_to (cr, x, top);
        pango_cairo_show_layout (cr, blocks[kinds[i]]);
        top += layout_height (blocks[kinds[i]]) + gap;
      }

  for (guint i = n_kinds; i > bottom_from; i--)
    if (kept[kinds[i - 1]])
      {
        bottom -= layout_height (blocks[kinds[i - 1]]);
        cairo_move_to (cr, x, bottom);
        pango_cairo_show_layout (cr, blocks[kinds[i - 1]]);
        bottom -= gap;
      }
}

/* The extra text: as many lines as the room left, the last one ellipsized;
 * NULL when not even one line fits. */
static PangoLayout *
new_extra (cairo_t        *cr,
           const char     *extra,
           double          size,
           double          width,
           double          height,
           PangoAlignment  alignment)
{
  PangoLayout *layout;

  if (extra == NULL || *extra == '\0' || height <= 0)
    return NULL;

  layout = new_layout (cr, extra, size, PANGO_WEIGHT_NORMAL, width, alignment);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, (int) (height * PANGO_SCALE));
  /* Pango shows a first line even when it does not fit. */
  if (layout_height (layout) > height + 0.01)
    g_clear_object (&layout);
  return layout;
}

static void
clear_blocks (PangoLayout **blocks)
{
  for (guint i = 0; i < N_BLOCKS; i++)
    g_clear_object (&blocks[i]);
}

static void
make_blocks (TixSheet       *self,
             cairo_t        *cr,
             TixTicket      *ticket,
             const Type     *type,
             double          width,
             PangoAlignment  alignment,
             PangoLayout   **blocks)
{
  g_autofree char *issued = format_issued (self, ticket, type != &small_type);
  const char *event_name, *event_date;

  /* The ticket's own event's, on a sheet of several events. */
  tix_sheet_get_ticket_event (self, ticket, &event_name, &event_date);
  blocks[BLOCK_ORGANIZATION] = new_line (cr, self->organization_name, type->organization,
                                         PANGO_WEIGHT_NORMAL, width, alignment);
  blocks[BLOCK_EVENT] = new_line (cr, event_name, type->event, PANGO_WEIGHT_BOLD,
                                  width, alignment);
  blocks[BLOCK_DATE] = new_line (cr, event_date, type->date, PANGO_WEIGHT_NORMAL,
                                 width, alignment);
  blocks[BLOCK_NUMBER] = new_number (cr, tix_ticket_get_number (ticket), type, width, alignment);
  blocks[BLOCK_ISSUED] = new_line (cr, issued, type->issued, PANGO_WEIGHT_NORMAL, width,
                                   alignment);
}

/* The height the fixed blocks of @priority take, to know the extra's room. */
static double
blocks_height (PangoLayout    **blocks,
               const BlockKind *kinds,
               guint            n_kinds,
               double           gap)
{
  double total = 0;

  for (guint i = 0; i < n_kinds; i++)
    if (blocks[kinds[i]] != NULL)
      total += layout_height (blocks[kinds[i]]) + gap;
  return total;
}

static void
draw_grid_ticket (TixSheet  *self,
                  cairo_t   *cr,
                  TixTicket *ticket,
                  QRcode    *qr,
                  guint      index)
{
  static const BlockKind order[] = {
    BLOCK_ORGANIZATION, BLOCK_EVENT, BLOCK_DATE, BLOCK_NUMBER, BLOCK_EXTRA, BLOCK_ISSUED,
  };
  static const BlockKind priority[] = {
    BLOCK_NUMBER, BLOCK_EVENT, BLOCK_DATE, BLOCK_ISSUED, BLOCK_ORGANIZATION, BLOCK_EXTRA,
  };
  PangoLayout *blocks[N_BLOCKS] = { NULL };
  gboolean kept[N_BLOCKS] = { FALSE };
  const Type *type;
  double x, y, width, height, side, padding, gap, text_x, text_width, text_height;

  tix_sheet_get_cell (self, index, &x, &y, &width, &height);
  type = self->layout->rows > 4 ? &small_type : &large_type;
  padding = type->padding_mm * TIX_SHEET_MM;
  gap = type->gap_mm * TIX_SHEET_MM;

  /* The QR code on the left, centred: its quiet zone starts at the cell's edge. */
  side = tix_sheet_get_module_size (self) * QR_BOX_MODULES;
  draw_qr (cr, qr, x, y + (height - side) / 2, side);

  text_x = x + side;
  text_width = width - side - padding;
  text_height = height - 2 * padding;

  cairo_set_source_rgb (cr, 0, 0, 0);
  make_blocks (self, cr, ticket, type, text_width, PANGO_ALIGN_LEFT, blocks);
  blocks[BLOCK_EXTRA] = new_extra (cr, tix_ticket_get_extra (ticket), type->extra, text_width,
                                   text_height - blocks_height (blocks, priority, 5, gap),
                                   PANGO_ALIGN_LEFT);
  stack_blocks (cr, blocks, order, G_N_ELEMENTS (order), priority, G_N_ELEMENTS (priority),
                5, gap, text_x, y + padding, text_height, kept);
  clear_blocks (blocks);
}

static void
draw_roll_ticket (TixSheet  *self,
                  cairo_t   *cr,
                  TixTicket *ticket,
                  QRcode    *qr)
{
  static const BlockKind head[] = { BLOCK_ORGANIZATION, BLOCK_EVENT, BLOCK_DATE };
  static const BlockKind head_priority[] = { BLOCK_EVENT, BLOCK_DATE, BLOCK_ORGANIZATION };
  static const BlockKind foot[] = { BLOCK_NUMBER, BLOCK_EXTRA, BLOCK_ISSUED };
  static const BlockKind foot_priority[] = { BLOCK_NUMBER, BLOCK_ISSUED, BLOCK_EXTRA };
  PangoLayout *blocks[N_BLOCKS] = { NULL };
  gboolean kept[N_BLOCKS] = { FALSE };
  const Type *type = &large_type;
  double margin = tix_sheet_get_margin (self);
  double width = tix_sheet_get_page_width (self) - 2 * margin;
  double height = tix_sheet_get_page_height (self) - 2 * margin;
  double gap = type->gap_mm * TIX_SHEET_MM;
  double head_height = 20 * TIX_SHEET_MM;
  double side = tix_sheet_get_module_size (self) * QR_BOX_MODULES;
  double qr_y = margin + head_height;
  double foot_y = qr_y + side;
  double foot_height = margin + height - foot_y;

  draw_qr (cr, qr, margin + (width - side) / 2, qr_y, side);

  cairo_set_source_rgb (cr, 0, 0, 0);
  make_blocks (self, cr, ticket, type, width, PANGO_ALIGN_CENTER, blocks);
  blocks[BLOCK_EXTRA] = new_extra (cr, tix_ticket_get_extra (ticket), type->extra, width,
                                   foot_height - blocks_height (blocks, foot_priority, 2, gap),
                                   PANGO_ALIGN_CENTER);
  stack_blocks (cr, blocks, head, G_N_ELEMENTS (head), head_priority,
                G_N_ELEMENTS (head_priority), G_N_ELEMENTS (head), gap,
                margin, margin, head_height - gap, kept);
  stack_blocks (cr, blocks, foot, G_N_ELEMENTS (foot), foot_priority,
                G_N_ELEMENTS (foot_priority), 2, gap, margin, foot_y, foot_height, kept);
  clear_blocks (blocks);
}

/* Short lines in the margin continuing every cell edge: cut along them. */
static void
draw_cut_marks (TixSheet *self,
                cairo_t  *cr)
{
  double margin = tix_sheet_get_margin (self);
  double page_width = tix_sheet_get_page_width (self);
  double page_height = tix_sheet_get_page_height (self);
  double gap = MARK_GAP_MM * TIX_SHEET_MM, length = MARK_LENGTH_MM * TIX_SHEET_MM;
  double cell_width, cell_height;

  tix_sheet_get_cell (self, 0, NULL, NULL, &cell_width, &cell_height);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.3);
  for (guint i = 0; i <= self->layout->columns; i++)
    {
      double x = margin + i * cell_width;

      cairo_move_to (cr, x, margin - gap);
      cairo_rel_line_to (cr, 0, -length);
      cairo_move_to (cr, x, page_height - margin + gap);
      cairo_rel_line_to (cr, 0, length);
    }
  for (guint i = 0; i <= self->layout->rows; i++)
    {
      double y = margin + i * cell_height;

      cairo_move_to (cr, margin - gap, y);
      cairo_rel_line_to (cr, -length, 0);
      cairo_move_to (cr, page_width - margin + gap, y);
      cairo_rel_line_to (cr, length, 0);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

GPtrArray *
tix_sheet_encode_codes (TixSheet           *self,
                        TixTicket * const  *tickets,
                        guint               n_tickets,
                        GError            **error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_full (n_tickets, (GDestroyNotify) qrcode_free);

  for (guint i = 0; i < n_tickets; i++)
    {
      QRcode *qr = encode_ticket (self, tickets[i], error);

      if (qr == NULL)
        return NULL;
      g_ptr_array_add (codes, qr);
    }
  return g_steal_pointer (&codes);
}

gboolean
tix_sheet_draw_page_with_codes (TixSheet           *self,
                                cairo_t            *cr,
                                TixTicket * const  *tickets,
                                GPtrArray          *codes,
                                guint               n_tickets,
                                GError            **error)
{
  g_assert (codes->len == n_tickets);

  cairo_save (cr);
  for (guint i = 0; i < n_tickets; i++)
    {
      if (self->layout->roll)
        draw_roll_ticket (self, cr, tickets[i], g_ptr_array_index (codes, i));
      else
        draw_grid_ticket (self, cr, tickets[i], g_ptr_array_index (codes, i), i);
    }
  if (!self->layout->roll)
    draw_cut_marks (self, cr);
  cairo_restore (cr);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_FAILED,
                   _("Could not draw the sheet: %s"),
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  return TRUE;
}

gboolean
tix_sheet_draw_page (TixSheet           *self,
                     cairo_t            *cr,
                     TixTicket * const  *tickets,
                     guint               n_tickets,
                     GError            **error)
{
  g_autoptr(GPtrArray) codes = NULL;

  g_return_val_if_fail (TIX_IS_SHEET (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (n_tickets <= tix_sheet_get_tickets_per_page (self), FALSE);
  g_return_val_if_fail (tickets != NULL || n_tickets == 0, FALSE);

  if (n_tickets == 0)
    {
      g_set_error_literal (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY,
                           _("There are no tickets to print"));
      return FALSE;
    }

  /* Every code first, so that a bad one leaves the page blank. */
  codes = tix_sheet_encode_codes (self, tickets, n_tickets, error);
  if (codes == NULL)
    return FALSE;
  return tix_sheet_draw_page_with_codes (self, cr, tickets, codes, n_tickets, error);
}

GBytes *
tix_sheet_render_pdf (TixSheet     *self,
                      GPtrArray    *tickets,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(TixSheetWriter) writer = NULL;

  g_return_val_if_fail (TIX_IS_SHEET (self), NULL);
  g_return_val_if_fail (tickets != NULL, NULL);

  stream = g_memory_output_stream_new_resizable ();
  writer = tix_sheet_writer_new (self, stream);

  for (guint i = 0; i < tickets->len; i++)
    if (!tix_sheet_writer_add (writer, g_ptr_array_index (tickets, i), cancellable, error))
      return NULL;

  if (!tix_sheet_writer_close (writer, cancellable, error) ||
      !g_output_stream_close (stream, cancellable, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}
