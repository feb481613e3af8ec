/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-ticket-types-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-money.h"
#include "tix-ticket-type-dialog.h"
#include "tix-ticket-types-window.h"
#include "tix-toast-host.h"

/* Soon after the stream said something: a burst of sales is one read. */
#define RELOAD_DELAY_MS 300

struct _TixTicketTypesWindow
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkListBox      *types_list;

  /* Owned references */
  TixSession      *session;
  TixSeason       *season;
  TixClient       *client;        /* the session's, as of the last change */
  GSignalGroup    *stream_signals;
  GCancellable    *cancellable;   /* requests for this client */
  GPtrArray       *types;         /* TixTicketType, as last read */
  char            *currency;

  /* Weak references */
  GtkWindow       *dialog;        /* the one open */

  gint64           event_id;      /* the types shown are of it */
  guint            n_busy;
  guint            serial;        /* of the last read asked for */
  guint            reload_id;
  guint            follow : 1;    /* the season's event-id */
  guint            allowed : 1;
  guint            loaded : 1;    /* the types of this event were read */
};

static void tix_ticket_types_window_toast_host_init (TixToastHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixTicketTypesWindow, tix_ticket_types_window, ADW_TYPE_WINDOW,
                               G_IMPLEMENT_INTERFACE (TIX_TYPE_TOAST_HOST,
                                                      tix_ticket_types_window_toast_host_init))

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (TixTicketTypesWindow *self,
       const char           *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* A toast's title is markup (libadwaita 1.2). */
  tix_toast_host_add_toast (TIX_TOAST_HOST (self), adw_toast_new (escaped));
}

static void
set_dialog (TixTicketTypesWindow *self,
            GtkWindow            *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
}

static TixTicketType *
lookup (TixTicketTypesWindow *self,
        gint64                id)
{
  for (guint i = 0; self->types != NULL && i < self->types->len; i++)
    {
      TixTicketType *type = g_ptr_array_index (self->types, i);

      if (type->id == id)
        return type;
    }
  g_debug ("Ticket type %" G_GINT64_FORMAT " is not known", id);
  return NULL;
}

/* The page and the rows --------------------------------------------------------- */

static void
update_actions (TixTicketTypesWindow *self)
{
  gboolean enabled = self->allowed && self->client != NULL && self->event_id > 0 && self->loaded;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "types.add", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "types.edit", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "types.delete", enabled);
}

static void
update_title (TixTicketTypesWindow *self)
{
  TixEvent *event = self->season != NULL && self->event_id > 0
                    ? tix_season_lookup (self->season, self->event_id) : NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 event != NULL ? tix_event_display_name (event) : NULL);
}

static void
update_page (TixTicketTypesWindow *self)
{
  gboolean season_loaded = self->season == NULL || tix_season_get_loaded (self->season);
  gboolean gone = self->event_id <= 0 ||
                  (self->season != NULL && season_loaded &&
                   tix_season_lookup (self->season, self->event_id) == NULL);

  if (!self->allowed)
    gtk_stack_set_visible_child_name (self->stack, "not-allowed");
  else if (season_loaded && gone)
    gtk_stack_set_visible_child_name (self->stack, "gone");
  else if (!self->loaded)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (self->types->len == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  update_title (self);
  update_actions (self);
}

/* "Prefix A · 12 sold · 38 left · quota 50" */
static char *
describe (const TixTicketType *type)
{
  GString *text = g_string_new (NULL);
  g_autofree char *sold = tix_format_count (type->sold);

  /* Translators: a ticket type's prefix of its numbers, "Prefix A" */
  g_string_append_printf (text, _("Prefix %s"), type->prefix != NULL ? type->prefix : "");
  g_string_append (text, " · ");
  /* Translators: how many tickets of a type were sold, "12 sold" */
  g_string_append_printf (text, ngettext ("%s sold", "%s sold",
                                          (gulong) CLAMP (type->sold, 0, G_MAXLONG)), sold);
  g_string_append (text, " · ");
  if (type->available == TIX_TICKET_TYPE_NO_LIMIT)
    /* Translators: a ticket type without a quota, on an event without a capacity */
    g_string_append (text, _("no limit"));
  else if (type->available == 0)
    /* Translators: nothing more of a ticket type may be sold */
    g_string_append (text, _("sold out"));
  else
    {
      g_autofree char *left = tix_format_count (type->available);

      /* Translators: how many tickets of a type may still be sold, "38 left" */
      g_string_append_printf (text, ngettext ("%s left", "%s left",
                                              (gulong) CLAMP (type->available, 0, G_MAXLONG)),
                              left);
    }
  if (type->quota != TIX_TICKET_TYPE_NO_LIMIT)
    {
      g_autofree char *quota = tix_format_count (type->quota);

      g_string_append (text, " · ");
      /* Translators: the most tickets of a type that may be sold, "quota 50" */
      g_string_append_printf (text, _("quota %s"), quota);
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_row (TixTicketTypesWindow *self,
            const TixTicketType  *type)
{
  g_autofree char *subtitle = describe (type);
  g_autofree char *price = tix_money_format (type->price, self->currency);
  g_autofree char *tooltip = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label, *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), type->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, "type_row");
  g_object_set_data (G_OBJECT (row), "tix-type-id", GSIZE_TO_POINTER ((gsize) type->id));
  if (!type->active)
    gtk_widget_add_css_class (row, "dim-label");

  if (!type->active)
    {
      /* Translators: marks a ticket type the desk no longer sells */
      label = gtk_label_new (_("Off Sale"));
      gtk_widget_set_name (label, "inactive_label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  label = gtk_label_new (price);
  gtk_widget_set_name (label, "price_label");
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_name (button, "delete_button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: the tooltip of a ticket type's delete button, with its name */
  tooltip = g_strdup_printf (_("Delete “%s”"), type->name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "types.delete");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (type->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  /* Activating the row edits it. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "types.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (type->id));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
rebuild (TixTicketTypesWindow *self)
{
  GtkWidget *child;
  guint n_active = 0;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->types_list))) != NULL)
    gtk_list_box_remove (self->types_list, child);
  for (guint i = 0; i < self->types->len; i++)
    {
      TixTicketType *type = g_ptr_array_index (self->types, i);

      n_active += type->active ? 1 : 0;
      gtk_list_box_append (self->types_list, create_row (self, type));
    }

  /* Translators: the ticket types window's summary; %u is how many types are on sale */
  summary = g_strdup_printf (ngettext ("%u type on sale at the desk. Click a type to change its price or quota.",
                                       "%u types on sale at the desk. Click a type to change its price or quota.",
                                       n_active), n_active);
  gtk_label_set_label (self->summary_label, summary);
  update_page (self);
}

/* Reading ------------------------------------------------------------------------ */

typedef struct
{
  TixTicketTypesWindow *self;
  guint                 serial;
} Read;

static void
types_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree Read *read = user_data;
  g_autoptr(TixTicketTypesWindow) self = read->self;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;

  self->n_busy--;
  types = tix_client_list_ticket_types_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || read->serial != self->serial)
    return;
  if (types == NULL)
    {
      /* Translators: a toast; the server's reason */
      g_autofree char *message = g_strdup_printf (_("Could not read the ticket types: %s"),
                                                  error->message);

      toast (self, message);
      return;
    }

  g_clear_pointer (&self->types, g_ptr_array_unref);
  self->types = g_steal_pointer (&types);
  self->loaded = TRUE;
  rebuild (self);
}

void
tix_ticket_types_window_reload (TixTicketTypesWindow *self)
{
  Read *read;

  g_return_if_fail (TIX_IS_TICKET_TYPES_WINDOW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->serial++;
  if (self->client == NULL || !self->allowed || self->event_id <= 0)
    {
      update_page (self);
      return;
    }

  read = g_new0 (Read, 1);
  read->self = g_object_ref (self);
  read->serial = self->serial;
  self->n_busy++;
  tix_client_list_ticket_types_async (self->client, self->event_id, self->cancellable,
                                      types_read_cb, read);
}

static gboolean
reload_cb (gpointer user_data)
{
  TixTicketTypesWindow *self = user_data;

  self->reload_id = 0;
  tix_ticket_types_window_reload (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (TixTicketTypesWindow *self)
{
  if (self->client != NULL && self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

/* Another event: nothing of the last one stays. */
static void
set_event (TixTicketTypesWindow *self,
           gint64                event_id)
{
  if (event_id == self->event_id && self->loaded)
    return;
  self->event_id = event_id;
  self->loaded = FALSE;
  g_ptr_array_set_size (self->types, 0);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  rebuild (self);
  tix_ticket_types_window_reload (self);
}

/* The session, the season, the settings ------------------------------------------ */

static void
on_settings_changed (TixTicketTypesWindow *self,
                     TixSettings          *settings)
{
  const char *currency = settings != NULL ? tix_settings_get_currency (settings) : NULL;

  g_free (self->currency);
  self->currency = g_strdup (currency != NULL && *currency != '\0' ? currency
                                                                    : TIX_MONEY_DEFAULT_CURRENCY);
  if (self->types != NULL)
    rebuild (self);
}

static void
on_client_changed (TixTicketTypesWindow *self)
{
  TixClient *client = tix_session_get_client (self->session);
  TixUser *user = client != NULL ? tix_client_get_user (client) : NULL;
  TixEventStream *stream = client != NULL ? tix_session_get_stream (self->session) : NULL;

  if (client == self->client && self->cancellable != NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_set_object (&self->client, client);
  self->allowed = user != NULL && tix_user_is_admin (user);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_signal_group_set_target (self->stream_signals, stream);
  on_settings_changed (self, stream != NULL ? tix_event_stream_get_settings (stream) : NULL);
  self->loaded = FALSE;
  g_ptr_array_set_size (self->types, 0);
  rebuild (self);
  tix_ticket_types_window_reload (self);
}

static void
on_season_event_changed (TixTicketTypesWindow *self)
{
  if (self->follow)
    set_event (self, tix_season_get_event_id (self->season));
}

/* Add and edit ------------------------------------------------------------------- */

static void
on_saved (TixTicketTypeDialog  *dialog,
          TixTicketType        *type,
          TixTicketTypesWindow *self)
{
  /* Translators: a toast, with the ticket type's name */
  g_autofree char *message = g_strdup_printf (_("“%s” saved"), type->name);

  toast (self, message);
  tix_ticket_types_window_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
open_dialog (TixTicketTypesWindow *self,
             const TixTicketType  *type)
{
  TixTicketTypeDialog *dialog;

  dialog = tix_ticket_type_dialog_new (self->client, self->event_id, type, self->currency);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved), self, 0);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (TIX_TICKET_TYPES_WINDOW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixTicketTypesWindow *self = TIX_TICKET_TYPES_WINDOW (widget);
  TixTicketType *type = lookup (self, g_variant_get_int64 (parameter));

  if (type != NULL)
    open_dialog (self, type);
}

/* Delete ------------------------------------------------------------------------- */

typedef struct
{
  TixTicketTypesWindow *self;
  TixTicketType        *type;
} Request;

static void
request_free (Request *request)
{
  request->self->n_busy--;
  g_clear_object (&request->self);
  g_clear_pointer (&request->type, tix_ticket_type_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TixTicketType) type = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean deleted = FALSE;

  type = tix_client_delete_ticket_type_finish (TIX_CLIENT (object), result, &deleted, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (type == NULL)
    /* Translators: a toast; the ticket type's name and the server's reason */
    message = g_strdup_printf (_("Could not delete “%s”: %s"), request->type->name, error->message);
  else if (deleted)
    /* Translators: a toast, with the ticket type's name */
    message = g_strdup_printf (_("“%s” deleted"), request->type->name);
  else
    /* Translators: a toast, with the ticket type's name */
    message = g_strdup_printf (_("“%s” has sold tickets, so it was taken off sale instead of "
                                 "deleted: its tickets and sales stay"), request->type->name);
  toast (request->self, message);
  tix_ticket_types_window_reload (request->self);
  if (type != NULL)
    g_signal_emit (request->self, signals[CHANGED], 0);
}

static void
on_delete_response (AdwMessageDialog     *dialog,
                    const char           *response,
                    TixTicketTypesWindow *self)
{
  TixTicketType *type = g_object_get_data (G_OBJECT (dialog), "tix-type");
  Request *request;

  if (!g_str_equal (response, "delete") || self->client == NULL)
    return;

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->type = tix_ticket_type_ref (type);
  self->n_busy++;
  tix_client_delete_ticket_type_async (self->client, type->id, self->cancellable, deleted_cb,
                                       request);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixTicketTypesWindow *self = TIX_TICKET_TYPES_WINDOW (widget);
  TixTicketType *type = lookup (self, g_variant_get_int64 (parameter));
  GtkWidget *dialog;

  if (type == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  if (type->sold > 0)
    {
      /* Translators: a dialog's heading, with the ticket type's name */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("“%s” Has Sold Tickets"),
                                         type->name);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("A type that has sold cannot be deleted: it is taken off "
                                     "sale instead. Its tickets stay valid and its sales stay "
                                     "in the reports."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Take Off Sale"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      /* Translators: a dialog's heading, with the ticket type's name */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"),
                                         type->name);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("No ticket of it was sold. If one is sold meanwhile, it is "
                                     "taken off sale instead."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tix-type", tix_ticket_type_ref (type),
                          (GDestroyNotify) tix_ticket_type_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ------------------------------------------------------------------------ */

static void
add_toast_to_overlay (TixToastHost *host,
                      AdwToast     *toast)
{
  TixTicketTypesWindow *self = TIX_TICKET_TYPES_WINDOW (host);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
tix_ticket_types_window_toast_host_init (TixToastHostInterface *iface)
{
  iface->add_toast = add_toast_to_overlay;
}

static void
tix_ticket_types_window_dispose (GObject *object)
{
  TixTicketTypesWindow *self = TIX_TICKET_TYPES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  set_dialog (self, NULL);
  if (self->stream_signals != NULL)
    g_signal_group_set_target (self->stream_signals, NULL);
  g_clear_object (&self->stream_signals);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  if (self->season != NULL)
    {
      g_signal_handlers_disconnect_by_data (tix_season_get_events (self->season), self);
      g_signal_handlers_disconnect_by_data (tix_season_get_archived (self->season), self);
    }
  g_clear_object (&self->season);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_TICKET_TYPES_WINDOW);

  G_OBJECT_CLASS (tix_ticket_types_window_parent_class)->dispose (object);
}

static void
tix_ticket_types_window_finalize (GObject *object)
{
  TixTicketTypesWindow *self = TIX_TICKET_TYPES_WINDOW (object);

  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_free (self->currency);

  G_OBJECT_CLASS (tix_ticket_types_window_parent_class)->finalize (object);
}

static void
tix_ticket_types_window_class_init (TixTicketTypesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_ticket_types_window_dispose;
  object_class->finalize = tix_ticket_types_window_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/events/tix-ticket-types-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypesWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TixTicketTypesWindow, types_list);

  gtk_widget_class_install_action (widget_class, "types.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "types.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "types.delete", "x", delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "types.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_ticket_types_window_init (TixTicketTypesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);
  self->currency = g_strdup (TIX_MONEY_DEFAULT_CURRENCY);

  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_swapped (self->stream_signals, "tickets-generated",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "tickets-cleared",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "ticket-changed",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "notify::connected",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "settings-changed",
                                  G_CALLBACK (on_settings_changed), self);
  update_actions (self);
}

TixTicketTypesWindow *
tix_ticket_types_window_new (TixSession *session,
                             TixSeason  *season,
                             gint64      event_id)
{
  TixTicketTypesWindow *self;

  g_return_val_if_fail (TIX_IS_SESSION (session), NULL);
  g_return_val_if_fail (TIX_IS_SEASON (season), NULL);
  g_return_val_if_fail (event_id >= 0, NULL);

  self = g_object_new (TIX_TYPE_TICKET_TYPES_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->season = g_object_ref (season);
  self->follow = event_id == 0;
  self->event_id = self->follow ? tix_season_get_event_id (season) : event_id;

  g_signal_connect_swapped (session, "notify::client", G_CALLBACK (on_client_changed), self);
  g_signal_connect_swapped (season, "notify::event-id", G_CALLBACK (on_season_event_changed), self);
  g_signal_connect_swapped (season, "notify::loaded", G_CALLBACK (update_page), self);
  g_signal_connect_swapped (tix_season_get_events (season), "items-changed",
                            G_CALLBACK (update_page), self);
  g_signal_connect_swapped (tix_season_get_archived (season), "items-changed",
                            G_CALLBACK (update_page), self);
  on_client_changed (self);
  return self;
}

gint64
tix_ticket_types_window_get_event_id (TixTicketTypesWindow *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_TYPES_WINDOW (self), 0);

  return self->event_id;
}

GPtrArray *
tix_ticket_types_window_get_types (TixTicketTypesWindow *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_TYPES_WINDOW (self), NULL);

  return self->types;
}

gboolean
tix_ticket_types_window_get_allowed (TixTicketTypesWindow *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_TYPES_WINDOW (self), FALSE);

  return self->allowed;
}

GtkWindow *
tix_ticket_types_window_get_dialog (TixTicketTypesWindow *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_TYPES_WINDOW (self), NULL);

  return self->dialog;
}

guint
tix_ticket_types_window_get_n_busy (TixTicketTypesWindow *self)
{
  g_return_val_if_fail (TIX_IS_TICKET_TYPES_WINDOW (self), 0);

  return self->n_busy;
}
