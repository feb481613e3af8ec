/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-qr-image.h"
#include "tix-scan-history-row.h"
#include "tix-scan-view-private.h"
#include "tix-toast-host.h"

/* The scan view's actions and their shortcuts:
 *   scan.undo        Ctrl+Z: unscans the last ticket admitted (the server
 *                    forgets the scan; the ticket admits again)
 *   scan.open-image  Ctrl+O: reads the QR code of a ticket image; images
 *                    dropped on the view too
 *   scan.sounds      the sound of each answer, on or off
 *   F11, Escape      ask the window for door mode, and leave it */

void
_tix_scan_view_update_actions (TixScanView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.undo",
                                 self->last_admitted != NULL && !self->undoing);
}

/* Undo: Ctrl+Z ------------------------------------------------------------------ */

static void
unscan_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  TixScanView *self;

  ticket = tix_client_unscan_ticket_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  self->undoing = FALSE;

  if (ticket == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not undo the scan: %s"), error->message);

      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      g_clear_weak_pointer (&self->undoing_row);
      _tix_scan_view_update_actions (self);
      return;
    }

  /* Another ticket may have been admitted meanwhile: that one stays undoable. */
  if (self->last_admitted != NULL &&
      g_strcmp0 (tix_ticket_get_id (self->last_admitted), tix_ticket_get_id (ticket)) == 0)
    {
      g_clear_object (&self->last_admitted);
      g_clear_weak_pointer (&self->undo_row);
    }

  if (self->undoing_row != NULL)
    {
      g_autofree char *time = tix_scan_format_time (self->zone, g_get_real_time () / 1000);

      tix_scan_history_row_set_undone (TIX_SCAN_HISTORY_ROW (self->undoing_row), time);
      g_clear_weak_pointer (&self->undoing_row);
    }

  _tix_scan_view_show_result (self, TIX_SCAN_RESULT_UNDONE, tix_ticket_get_number (ticket),
                              _("The ticket can be scanned again"));
  tix_scan_counts_count_locally (self->counts, -1);
  _tix_scan_view_update_actions (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixScanView *self = TIX_SCAN_VIEW (widget);

  if (self->client == NULL || self->last_admitted == NULL || self->undoing)
    return;

  self->undoing = TRUE;
  g_set_weak_pointer (&self->undoing_row, self->undo_row);
  _tix_scan_view_update_actions (self);
  tix_client_unscan_ticket_async (self->client, tix_ticket_get_id (self->last_admitted),
                                  self->cancellable, unscan_cb, self);
  _tix_scan_view_focus_entry (self);
}

/* Images of tickets: Ctrl+O, or dropped --------------------------------------- */

typedef struct
{
  TixScanView *view;   /* unowned; only touched when not cancelled */
  GFile       *file;
} Decode;

static void
decode_free (Decode *decode)
{
  g_object_unref (decode->file);
  g_free (decode);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decode, decode_free)

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Decode) decode = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  TixScanView *self;

  code = tix_qr_image_decode_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the view is alive. */
  self = decode->view;
  g_assert (self->n_decoding > 0);
  self->n_decoding--;

  if (code != NULL)
    {
      tix_scan_view_submit (self, code);
      return;
    }

  name = g_file_get_basename (decode->file);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* Translators: %s is a file name */
    title = g_strdup_printf (_("No ticket code found in “%s”"), name);
  else
    /* Translators: the first %s is a file name, the second why it failed */
    title = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

void
tix_scan_view_scan_image (TixScanView *self,
                          GFile       *file)
{
  Decode *decode;

  g_return_if_fail (TIX_IS_SCAN_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  decode = g_new0 (Decode, 1);
  decode->view = self;
  decode->file = g_object_ref (file);
  self->n_decoding++;
  tix_qr_image_decode_async (file, self->cancellable, decoded_cb, decode);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     TixScanView     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        tix_scan_view_scan_image (self, file);
    }

  g_signal_handlers_disconnect_by_data (chooser, self);
  g_clear_object (&self->chooser);
  _tix_scan_view_focus_entry (self);
}

static void
open_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TixScanView *self = TIX_SCAN_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Scan a Ticket Image"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Scan"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TixScanView   *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    tix_scan_view_scan_image (self, l->data);

  return files != NULL;
}

/* Setting up ------------------------------------------------------------------- */

void
_tix_scan_view_class_actions_init (TixScanViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "scan.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "scan.open-image", NULL, open_image_action);
  gtk_widget_class_install_property_action (widget_class, "scan.sounds", "sounds");

  /* The scanner entry sends Ctrl+Z here too, before its own undo sees it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "scan.undo", NULL);
  /* Door mode is the window's: the view asks for it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.door-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.leave-door-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "scan.open-image", NULL);
}

void
_tix_scan_view_actions_init (TixScanView *self)
{
  GtkDropTarget *drop;

  /* Screenshots and photos of tickets, dropped on the view. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _tix_scan_view_update_actions (self);
}

void
_tix_scan_view_actions_dispose (TixScanView *self)
{
  g_clear_weak_pointer (&self->undo_row);
  g_clear_weak_pointer (&self->undoing_row);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
}
