/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sheet-writer"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "tix-sheet-writer.h"

struct _TixSheetWriter
{
  GObject          parent_instance;

  /* owned */
  TixSheet        *sheet;
  GOutputStream   *stream;
  GPtrArray       *pending;       /* TixTicket: the page being filled */
  cairo_surface_t *surface;       /* created with the first ticket */
  cairo_t         *cr;
  GError          *write_error;   /* the first error of the stream */

  /* borrowed, for the duration of one call */
  GCancellable    *cancellable;

  guint            n_tickets;
  guint            n_pages;
  guint            closed : 1;
  guint            abandoned : 1; /* disposed unfinished: write nothing more */
};

G_DEFINE_FINAL_TYPE (TixSheetWriter, tix_sheet_writer, G_TYPE_OBJECT)

static void
tix_sheet_writer_dispose (GObject *object)
{
  TixSheetWriter *self = TIX_SHEET_WRITER (object);

  /* Destroying an unfinished surface finishes it: not into the stream. */
  self->abandoned = TRUE;
  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->sheet);

  G_OBJECT_CLASS (tix_sheet_writer_parent_class)->dispose (object);
}

static void
tix_sheet_writer_finalize (GObject *object)
{
  TixSheetWriter *self = TIX_SHEET_WRITER (object);

  g_clear_error (&self->write_error);

  G_OBJECT_CLASS (tix_sheet_writer_parent_class)->finalize (object);
}

static void
tix_sheet_writer_class_init (TixSheetWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_sheet_writer_dispose;
  object_class->finalize = tix_sheet_writer_finalize;
}

static void
tix_sheet_writer_init (TixSheetWriter *self)
{
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
}

TixSheetWriter *
tix_sheet_writer_new (TixSheet      *sheet,
                      GOutputStream *stream)
{
  TixSheetWriter *self;

  g_return_val_if_fail (TIX_IS_SHEET (sheet), NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (TIX_TYPE_SHEET_WRITER, NULL);
  self->sheet = g_object_ref (sheet);
  self->stream = g_object_ref (stream);
  return self;
}

TixSheet *
tix_sheet_writer_get_sheet (TixSheetWriter *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_WRITER (self), NULL);
  return self->sheet;
}

guint
tix_sheet_writer_get_n_tickets (TixSheetWriter *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_WRITER (self), 0);
  return self->n_tickets;
}

guint
tix_sheet_writer_get_n_pages (TixSheetWriter *self)
{
  g_return_val_if_fail (TIX_IS_SHEET_WRITER (self), 0);
  return self->n_pages;
}

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  TixSheetWriter *self = closure;

  if (self->abandoned || self->write_error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (self->stream, data, length, NULL, self->cancellable,
                                  &self->write_error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/* Turns the state of the surface and the stream into @error. */
static gboolean
check (TixSheetWriter  *self,
       GError         **error)
{
  cairo_status_t status;

  if (self->write_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->write_error));
      return FALSE;
    }

  status = self->cr ? cairo_status (self->cr) : CAIRO_STATUS_SUCCESS;
  if (status == CAIRO_STATUS_SUCCESS && self->surface != NULL)
    status = cairo_surface_status (self->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_FAILED,
                   _("Could not write the sheet: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
flush_page (TixSheetWriter  *self,
            GError         **error)
{
  if (self->pending->len == 0)
    return TRUE;

  if (!tix_sheet_draw_page (self->sheet, self->cr, (TixTicket * const *) self->pending->pdata,
                            self->pending->len, error))
    return FALSE;

  cairo_show_page (self->cr);
  g_ptr_array_set_size (self->pending, 0);
  self->n_pages++;
  return check (self, error);
}

static void
ensure_surface (TixSheetWriter *self)
{
  if (self->surface != NULL)
    return;

  self->surface = cairo_pdf_surface_create_for_stream (write_cb, self,
                                                       tix_sheet_get_page_width (self->sheet),
                                                       tix_sheet_get_page_height (self->sheet));
  cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Tickets"));
  cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_CREATOR, "Tix");
  self->cr = cairo_create (self->surface);
}

gboolean
tix_sheet_writer_add (TixSheetWriter  *self,
                      TixTicket       *ticket,
                      GCancellable    *cancellable,
                      GError         **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (TIX_IS_SHEET_WRITER (self), FALSE);
  g_return_val_if_fail (TIX_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  ensure_surface (self);
  g_ptr_array_add (self->pending, g_object_ref (ticket));
  self->n_tickets++;

  if (self->pending->len == tix_sheet_get_tickets_per_page (self->sheet))
    {
      self->cancellable = cancellable;
      ok = flush_page (self, error);
      self->cancellable = NULL;
    }
  return ok;
}

gboolean
tix_sheet_writer_close (TixSheetWriter  *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (TIX_IS_SHEET_WRITER (self), FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  self->closed = TRUE;

  if (self->n_tickets == 0)
    {
      g_set_error_literal (error, TIX_SHEET_ERROR, TIX_SHEET_ERROR_EMPTY,
                           _("There are no tickets to print"));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  self->cancellable = cancellable;
  ok = flush_page (self, error);
  if (ok)
    {
      cairo_surface_finish (self->surface);
      ok = check (self, error);
    }
  self->cancellable = NULL;
  return ok;
}
