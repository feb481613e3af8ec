/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Finds a QR code in an image file (PNG, JPEG, …: a screenshot or a photo of
 * a ticket) with zbar, on a worker thread. Returns its text, stripped, or
 * NULL with G_IO_ERROR_NOT_FOUND when the image holds none, or another
 * error when the file cannot be read as an image. */
void   tix_qr_image_decode_async  (GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char  *tix_qr_image_decode_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
