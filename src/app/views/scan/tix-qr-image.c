/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-qr-image"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <zbar.h>

#include "tix-qr-image.h"

/* Larger images are refused rather than decoded slowly: 40 megapixels. */
#define MAX_PIXELS (40 * 1000 * 1000)
/* No ticket code comes near this. */
#define MAX_TEXT   4096

static char *
decode_gray (guint8  *gray,
             guint    width,
             guint    height)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *image = zbar_image_create ();
  const zbar_symbol_t *symbol;
  char *text = NULL;

  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* Without this zbar guesses a text encoding and mangles the payload. */
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, gray, (unsigned long) width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    {
      for (symbol = zbar_image_first_symbol (image);
           symbol != NULL && text == NULL;
           symbol = zbar_symbol_next (symbol))
        {
          const char *data = zbar_symbol_get_data (symbol);
          unsigned int length = zbar_symbol_get_data_length (symbol);

          if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || data == NULL || length == 0 ||
              length > MAX_TEXT || memchr (data, '\0', length) != NULL ||
              !g_utf8_validate (data, length, NULL))
            continue;

          text = g_strstrip (g_strndup (data, length));
        }
    }

  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);

  return text;
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *gray = NULL;
  GError *error = NULL;
  guint width, height;
  gsize stride;
  char *text;

  texture = gdk_texture_new_from_file (file, &error);
  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  if (width == 0 || height == 0 || (guint64) width * height > MAX_PIXELS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This image is too large"));
      return;
    }

  /* Cairo's ARGB32 in native endianness, then luma. */
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  gray = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint32 pixel = *(guint32 *) (pixels + y * stride + x * 4);
        guint a = pixel >> 24, r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
        /* Premultiplied: transparent counts as white paper. */
        guint luma = (r * 299 + g * 587 + b * 114) / 1000 + (255 - a);

        gray[(gsize) y * width + x] = MIN (luma, 255);
      }

  if (g_task_return_error_if_cancelled (task))
    return;

  text = decode_gray (gray, width, height);
  if (text == NULL || *text == '\0')
    {
      g_free (text);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No QR code found in this image"));
      return;
    }

  g_task_return_pointer (task, text, g_free);
}

void
tix_qr_image_decode_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_qr_image_decode_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, decode_thread);
}

char *
tix_qr_image_decode_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tix_qr_image_decode_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
