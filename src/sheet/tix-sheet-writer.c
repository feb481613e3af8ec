/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-sheet-writer"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "tix-sheet-private.h"
#include "tix-sheet-writer.h"

/* A page on its way: its tickets, then its QR codes (or why not). The codes
 * of one page are encoded on the writer's encoder thread while the page
 * before it is drawn: a third of the work moves off the drawing thread. */
typedef struct
{
  GPtrArray *tickets;   /* TixTicket; NULL: the encoder's signal to stop */
  GPtrArray *codes;
  GError    *error;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->tickets, g_ptr_array_unref);
  g_clear_pointer (&page->codes, g_ptr_array_unref);
  g_clear_error (&page->error);
  g_free (page);
}

struct _TixSheetWriter
{
  GObject          parent_instance;

  /* owned */
  TixSheet        *sheet;
  GOutputStream   *stream;
  GPtrArray       *pending;       /* TixTicket: the page being filled */
  GThread         *encoder;
  GAsyncQueue     *to_encode;     /* Page, to the encoder */
  GAsyncQueue     *encoded;       /* Page, back from it, in order */
  guint            in_flight;     /* pages sent to the encoder, not drawn yet */
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
  if (self->encoder != NULL)
    {
      g_async_queue_push (self->to_encode, g_new0 (Page, 1));
      g_thread_join (g_steal_pointer (&self->encoder));
    }
  if (self->to_encode != NULL)
    {
      Page *page;

      while ((page = g_async_queue_try_pop (self->to_encode)) != NULL)
        page_free (page);
      while ((page = g_async_queue_try_pop (self->encoded)) != NULL)
        page_free (page);
      g_clear_pointer (&self->to_encode, g_async_queue_unref);
      g_clear_pointer (&self->encoded, g_async_queue_unref);
    }
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

static gpointer
encoder_main (gpointer data)
{
  TixSheetWriter *self = data;

  for (;;)
    {
      Page *page = g_async_queue_pop (self->to_encode);

      if (page->tickets == NULL)
        {
          page_free (page);
          return NULL;
        }
      page->codes = tix_sheet_encode_codes (self->sheet, (TixTicket * const *) page->tickets->pdata,
                                            page->tickets->len, &page->error);
      g_async_queue_push (self->encoded, page);
    }
}

/* Sends the page being filled to the encoder. */
static void
submit_page (TixSheetWriter *self)
{
  Page *page;

  if (self->pending->len == 0)
    return;

  if (self->encoder == NULL)
    {
      self->to_encode = g_async_queue_new ();
      self->encoded = g_async_queue_new ();
      self->encoder = g_thread_new ("tix-sheet-encoder", encoder_main, self);
    }

  page = g_new0 (Page, 1);
  page->tickets = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_async_queue_push (self->to_encode, page);
  self->in_flight++;
}

/* Draws and shows the oldest page sent to the encoder. */
static gboolean
draw_next_page (TixSheetWriter  *self,
                GError         **error)
{
  Page *page;
  gboolean ok;

  g_assert (self->in_flight > 0);

  page = g_async_queue_pop (self->encoded);
  self->in_flight--;

  if (page->codes == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&page->error));
      page_free (page);
      return FALSE;
    }

  ok = tix_sheet_draw_page_with_codes (self->sheet, self->cr,
                                       (TixTicket * const *) page->tickets->pdata, page->codes,
                                       page->tickets->len, error);
  page_free (page);
  if (!ok)
    return FALSE;

  cairo_show_page (self->cr);
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
      submit_page (self);
      /* One page encoding while one is drawn: never more in memory. */
      if (self->in_flight > 1)
        {
          self->cancellable = cancellable;
          ok = draw_next_page (self, error);
          self->cancellable = NULL;
        }
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
  submit_page (self);
  ok = TRUE;
  while (ok && self->in_flight > 0)
    ok = draw_next_page (self, error);
  if (ok)
    {
      cairo_surface_finish (self->surface);
      ok = check (self, error);
    }
  self->cancellable = NULL;
  return ok;
}
