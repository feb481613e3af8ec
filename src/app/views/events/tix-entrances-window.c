/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-entrances-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-entrance-dialog.h"
#include "tix-entrances-window.h"
#include "tix-org-time.h"
#include "tix-toast-host.h"

/* Soon after the stream said something: a burst of scans is one read. */
#define RELOAD_DELAY_MS 300

struct _TixEntrancesWindow
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkListBox      *entrances_list;

  /* Owned references */
  TixSession      *session;
  TixSeason       *season;
  TixClient       *client;        /* the session's, as of the last change */
  GSignalGroup    *stream_signals;
  GCancellable    *cancellable;   /* requests for this client */
  GPtrArray       *entrances;     /* TixEntrance, as last read */
  GPtrArray       *types;         /* TixTicketType of the event, as last read */

  /* Weak references */
  GtkWindow       *dialog;        /* the one open */

  gint64           event_id;      /* the entrances shown are of it */
  guint            n_busy;
  guint            serial;        /* of the last read asked for */
  guint            reload_id;
  guint            follow : 1;    /* the season's event-id */
  guint            allowed : 1;
  guint            loaded : 1;    /* the entrances of this event were read */
};

static void tix_entrances_window_toast_host_init (TixToastHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TixEntrancesWindow, tix_entrances_window, ADW_TYPE_WINDOW,
                               G_IMPLEMENT_INTERFACE (TIX_TYPE_TOAST_HOST,
                                                      tix_entrances_window_toast_host_init))

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (TixEntrancesWindow *self,
       const char         *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* A toast's title is markup (libadwaita 1.2). */
  tix_toast_host_add_toast (TIX_TOAST_HOST (self), adw_toast_new (escaped));
}

static void
set_dialog (TixEntrancesWindow *self,
            GtkWindow          *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
}

static TixEntrance *
lookup (TixEntrancesWindow *self,
        gint64              id)
{
  for (guint i = 0; self->entrances != NULL && i < self->entrances->len; i++)
    {
      TixEntrance *entrance = g_ptr_array_index (self->entrances, i);

      if (tix_entrance_get_id (entrance) == id)
        return entrance;
    }
  g_debug ("Entrance %" G_GINT64_FORMAT " is not known", id);
  return NULL;
}

static TixEvent *
current_event (TixEntrancesWindow *self)
{
  return self->season != NULL && self->event_id > 0
         ? tix_season_lookup (self->season, self->event_id) : NULL;
}

/* The page and the rows --------------------------------------------------------- */

static void
update_actions (TixEntrancesWindow *self)
{
  gboolean enabled = self->allowed && self->client != NULL && self->event_id > 0 && self->loaded;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrances.add", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrances.edit", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrances.delete", enabled);
}

static void
update_page (TixEntrancesWindow *self)
{
  gboolean season_loaded = self->season == NULL || tix_season_get_loaded (self->season);
  TixEvent *event = current_event (self);
  gboolean gone = self->event_id <= 0 || (self->season != NULL && season_loaded && event == NULL);

  if (!self->allowed)
    gtk_stack_set_visible_child_name (self->stack, "not-allowed");
  else if (season_loaded && gone)
    gtk_stack_set_visible_child_name (self->stack, "gone");
  else if (!self->loaded)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  adw_window_title_set_subtitle (self->window_title,
                                 event != NULL ? tix_event_display_name (event) : NULL);
  update_actions (self);
}

static const char *
type_name (TixEntrancesWindow *self,
           gint64              type_id)
{
  for (guint i = 0; self->types != NULL && i < self->types->len; i++)
    {
      const TixTicketType *type = g_ptr_array_index (self->types, i);

      if (type->id == type_id)
        return type->name;
    }
  return NULL;
}

/* "Adult, Child · exit and re-entry · 19:00 to 23:00 · 12 inside" */
static char *
describe (TixEntrancesWindow *self,
          TixEntrance        *entrance)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GTimeZone) zone = tix_org_time_zone_new (self->season != NULL
                                                     ? tix_season_get_time_zone (self->season)
                                                     : NULL);
  gint64 opens = tix_entrance_get_opens_at (entrance);
  gint64 closes = tix_entrance_get_closes_at (entrance);
  gint64 inside = tix_entrance_get_inside (entrance);
  g_autofree char *count = tix_format_count (inside);
  guint n_ids = 0;
  const gint64 *ids = tix_entrance_get_type_ids (entrance, &n_ids);

  if (n_ids == 0)
    /* Translators: an entrance that admits every ticket type */
    g_string_append (text, _("Every type"));
  for (guint i = 0; i < n_ids; i++)
    {
      const char *name = type_name (self, ids[i]);

      if (i > 0)
        g_string_append (text, ", ");
      if (name != NULL)
        g_string_append (text, name);
      else
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ids[i]);

          /* Translators: a ticket type not known (any more), with its number */
          g_string_append_printf (text, _("Type %s"), number);
        }
    }

  g_string_append (text, " · ");
  if (tix_entrance_get_allow_exit (entrance) && tix_entrance_get_allow_reentry (entrance))
    /* Translators: an entrance's rules: people may go out and come back */
    g_string_append (text, _("exit and re-entry"));
  else if (tix_entrance_get_allow_exit (entrance))
    /* Translators: an entrance's rules: people may go out, not back in */
    g_string_append (text, _("exit, no re-entry"));
  else if (tix_entrance_get_allow_reentry (entrance))
    /* Translators: an entrance's rules: no scanning out here, but back in */
    g_string_append (text, _("re-entry, no exit"));
  else
    /* Translators: an entrance's rules: in only, once */
    g_string_append (text, _("in only"));

  if (opens != TIX_ENTRANCE_NO_TIME || closes != TIX_ENTRANCE_NO_TIME)
    {
      g_autofree char *from = opens != TIX_ENTRANCE_NO_TIME ? tix_format_time (zone, opens) : NULL;
      g_autofree char *to = closes != TIX_ENTRANCE_NO_TIME ? tix_format_time (zone, closes) : NULL;

      g_string_append (text, " · ");
      if (from != NULL && to != NULL)
        /* Translators: an entrance's hours, "opens 25 Nov 2026, 19:00, closes 25 Nov 2026, 23:00" */
        g_string_append_printf (text, _("opens %s, closes %s"), from, to);
      else if (from != NULL)
        /* Translators: an entrance's hours, with the time it opens */
        g_string_append_printf (text, _("opens %s"), from);
      else
        /* Translators: an entrance's hours, with the time it closes */
        g_string_append_printf (text, _("closes %s"), to);
    }

  g_string_append (text, " · ");
  /* Translators: how many people came in through an entrance and are inside now */
  g_string_append_printf (text, ngettext ("%s inside", "%s inside",
                                          (gulong) CLAMP (inside, 0, G_MAXLONG)), count);
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_row (TixEntrancesWindow *self,
            TixEntrance        *entrance)
{
  g_autofree char *subtitle = describe (self, entrance);
  gint64 id = tix_entrance_get_id (entrance);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label, *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tix_entrance_get_name (entrance));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, "entrance_row");
  g_object_set_data (G_OBJECT (row), "tix-entrance-id", GSIZE_TO_POINTER ((gsize) id));

  if (tix_entrance_get_is_default (entrance))
    {
      /* Translators: marks the event's default entrance (it cannot be deleted) */
      label = gtk_label_new (_("Default"));
      gtk_widget_set_name (label, "default_label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "accent");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (label, _("Where a scan goes when no entrance is chosen; "
                                            "it cannot be deleted"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      g_autofree char *tooltip = NULL;

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_name (button, "delete_button");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      /* Translators: the tooltip of an entrance's delete button, with its name */
      tooltip = g_strdup_printf (_("Delete “%s”"), tix_entrance_get_name (entrance));
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "entrances.delete");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  /* Activating the row edits it. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "entrances.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (id));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
rebuild (TixEntrancesWindow *self)
{
  GtkWidget *child;
  g_autofree char *summary = NULL;
  guint n = self->entrances->len;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entrances_list))) != NULL)
    gtk_list_box_remove (self->entrances_list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->entrances_list,
                         create_row (self, g_ptr_array_index (self->entrances, i)));

  /* Translators: the entrances window's summary; %u is how many entrances the event has */
  summary = g_strdup_printf (ngettext ("%u entrance. Each door chooses one in the Scan view. Click an entrance to change which tickets it admits and when it is open.",
                                       "%u entrances. Each door chooses one in the Scan view. Click an entrance to change which tickets it admits and when it is open.",
                                       n), n);
  gtk_label_set_label (self->summary_label, summary);
  update_page (self);
}

/* Reading ------------------------------------------------------------------------ */

typedef struct
{
  TixEntrancesWindow *self;
  guint               serial;
} Read;

static void
types_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree Read *read = user_data;
  g_autoptr(TixEntrancesWindow) self = read->self;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;

  self->n_busy--;
  types = tix_client_list_ticket_types_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || read->serial != self->serial)
    return;
  if (types == NULL)
    {
      /* The entrances still show, their types by number. */
      g_debug ("No ticket types of event %" G_GINT64_FORMAT ": %s", self->event_id, error->message);
      return;
    }

  g_clear_pointer (&self->types, g_ptr_array_unref);
  self->types = g_steal_pointer (&types);
  rebuild (self);
}

static void
entrances_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree Read *read = user_data;
  g_autoptr(TixEntrancesWindow) self = read->self;
  g_autoptr(GPtrArray) entrances = NULL;
  g_autoptr(GError) error = NULL;

  self->n_busy--;
  entrances = tix_client_list_entrances_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || read->serial != self->serial)
    return;
  if (entrances == NULL)
    {
      /* Translators: a toast; the server's reason */
      g_autofree char *message = g_strdup_printf (_("Could not read the entrances: %s"),
                                                  error->message);

      toast (self, message);
      return;
    }

  g_clear_pointer (&self->entrances, g_ptr_array_unref);
  self->entrances = g_steal_pointer (&entrances);
  self->loaded = TRUE;
  rebuild (self);
}

void
tix_entrances_window_reload (TixEntrancesWindow *self)
{
  Read *read;

  g_return_if_fail (TIX_IS_ENTRANCES_WINDOW (self));

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

  read = g_new0 (Read, 1);
  read->self = g_object_ref (self);
  read->serial = self->serial;
  self->n_busy++;
  tix_client_list_entrances_async (self->client, self->event_id, self->cancellable,
                                   entrances_read_cb, read);
}

static gboolean
reload_cb (gpointer user_data)
{
  TixEntrancesWindow *self = user_data;

  self->reload_id = 0;
  tix_entrances_window_reload (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (TixEntrancesWindow *self)
{
  if (self->client != NULL && self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

/* Another event: nothing of the last one stays. */
static void
set_event (TixEntrancesWindow *self,
           gint64              event_id)
{
  if (event_id == self->event_id && self->loaded)
    return;
  self->event_id = event_id;
  self->loaded = FALSE;
  g_ptr_array_set_size (self->entrances, 0);
  g_ptr_array_set_size (self->types, 0);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  rebuild (self);
  tix_entrances_window_reload (self);
}

/* The session, the season -------------------------------------------------------- */

static void
on_client_changed (TixEntrancesWindow *self)
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
  self->loaded = FALSE;
  g_ptr_array_set_size (self->entrances, 0);
  g_ptr_array_set_size (self->types, 0);
  rebuild (self);
  tix_entrances_window_reload (self);
}

static void
on_season_event_changed (TixEntrancesWindow *self)
{
  if (self->follow)
    set_event (self, tix_season_get_event_id (self->season));
}

/* Add and edit ------------------------------------------------------------------- */

static void
on_saved (TixEntranceDialog  *dialog,
          TixEntrance        *entrance,
          TixEntrancesWindow *self)
{
  /* Translators: a toast, with the entrance's name */
  g_autofree char *message = g_strdup_printf (_("“%s” saved"), tix_entrance_get_name (entrance));

  toast (self, message);
  tix_entrances_window_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
open_dialog (TixEntrancesWindow *self,
             TixEntrance        *entrance)
{
  TixEvent *event = current_event (self);
  TixEntranceDialog *dialog;

  if (event == NULL)
    return;

  dialog = tix_entrance_dialog_new (self->client, event, self->types, entrance,
                                    tix_season_get_time_zone (self->season));
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
  open_dialog (TIX_ENTRANCES_WINDOW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixEntrancesWindow *self = TIX_ENTRANCES_WINDOW (widget);
  TixEntrance *entrance = lookup (self, g_variant_get_int64 (parameter));

  if (entrance != NULL)
    open_dialog (self, entrance);
}

/* Delete ------------------------------------------------------------------------- */

typedef struct
{
  TixEntrancesWindow *self;
  TixEntrance        *entrance;
} Request;

static void
request_free (Request *request)
{
  request->self->n_busy--;
  g_clear_object (&request->self);
  g_clear_object (&request->entrance);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *name = tix_entrance_get_name (request->entrance);
  gboolean deleted;

  deleted = tix_client_delete_entrance_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!deleted)
    /* Translators: a toast; the entrance's name and the server's reason */
    message = g_strdup_printf (_("Could not delete “%s”: %s"), name, error->message);
  else
    /* Translators: a toast, with the entrance's name */
    message = g_strdup_printf (_("“%s” deleted"), name);
  toast (request->self, message);
  tix_entrances_window_reload (request->self);
  if (deleted)
    g_signal_emit (request->self, signals[CHANGED], 0);
}

static void
on_delete_response (AdwMessageDialog   *dialog,
                    const char         *response,
                    TixEntrancesWindow *self)
{
  TixEntrance *entrance = g_object_get_data (G_OBJECT (dialog), "tix-entrance");
  Request *request;

  if (!g_str_equal (response, "delete") || self->client == NULL)
    return;

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->entrance = g_object_ref (entrance);
  self->n_busy++;
  tix_client_delete_entrance_async (self->client, tix_entrance_get_id (entrance),
                                    self->cancellable, deleted_cb, request);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixEntrancesWindow *self = TIX_ENTRANCES_WINDOW (widget);
  TixEntrance *entrance = lookup (self, g_variant_get_int64 (parameter));
  GtkWidget *dialog;

  if (entrance == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  if (tix_entrance_get_is_default (entrance))
    {
      /* Translators: a dialog's heading, with the entrance's name */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("“%s” Is the Default"),
                                         tix_entrance_get_name (entrance));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("Every event keeps its default entrance: scans with no "
                                     "entrance chosen go through it. Change its rules instead."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Close"));
    }
  else
    {
      /* Translators: a dialog's heading, with the entrance's name */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"),
                                         tix_entrance_get_name (entrance));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("Doors that chose it scan at the default entrance "
                                     "afterwards. The scans made here stay in the log."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tix-entrance", g_object_ref (entrance),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ------------------------------------------------------------------------ */

static void
add_toast_to_overlay (TixToastHost *host,
                      AdwToast     *toast)
{
  TixEntrancesWindow *self = TIX_ENTRANCES_WINDOW (host);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
tix_entrances_window_toast_host_init (TixToastHostInterface *iface)
{
  iface->add_toast = add_toast_to_overlay;
}

static void
tix_entrances_window_dispose (GObject *object)
{
  TixEntrancesWindow *self = TIX_ENTRANCES_WINDOW (object);

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
    {
      g_signal_handlers_disconnect_by_data (self->season, self);
      g_signal_handlers_disconnect_by_data (tix_season_get_events (self->season), self);
      g_signal_handlers_disconnect_by_data (tix_season_get_archived (self->season), self);
    }
  g_clear_object (&self->season);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_ENTRANCES_WINDOW);

  G_OBJECT_CLASS (tix_entrances_window_parent_class)->dispose (object);
}

static void
tix_entrances_window_finalize (GObject *object)
{
  TixEntrancesWindow *self = TIX_ENTRANCES_WINDOW (object);

  g_clear_pointer (&self->entrances, g_ptr_array_unref);
  g_clear_pointer (&self->types, g_ptr_array_unref);

  G_OBJECT_CLASS (tix_entrances_window_parent_class)->finalize (object);
}

static void
tix_entrances_window_class_init (TixEntrancesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_entrances_window_dispose;
  object_class->finalize = tix_entrances_window_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/events/tix-entrances-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TixEntrancesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TixEntrancesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TixEntrancesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TixEntrancesWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TixEntrancesWindow, entrances_list);

  gtk_widget_class_install_action (widget_class, "entrances.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "entrances.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "entrances.delete", "x", delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "entrances.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tix_entrances_window_init (TixEntrancesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entrances = g_ptr_array_new_with_free_func (g_object_unref);
  self->types = g_ptr_array_new_with_free_func ((GDestroyNotify) tix_ticket_type_unref);

  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_swapped (self->stream_signals, "ticket-changed",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "ticket-passed",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "ticket-type-changed",
                                  G_CALLBACK (schedule_reload), self);
  g_signal_group_connect_swapped (self->stream_signals, "notify::connected",
                                  G_CALLBACK (schedule_reload), self);
  update_actions (self);
}

TixEntrancesWindow *
tix_entrances_window_new (TixSession *session,
                          TixSeason  *season,
                          gint64      event_id)
{
  TixEntrancesWindow *self;

  g_return_val_if_fail (TIX_IS_SESSION (session), NULL);
  g_return_val_if_fail (TIX_IS_SEASON (season), NULL);
  g_return_val_if_fail (event_id >= 0, NULL);

  self = g_object_new (TIX_TYPE_ENTRANCES_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->season = g_object_ref (season);
  self->follow = event_id == 0;
  self->event_id = self->follow ? tix_season_get_event_id (season) : event_id;

  g_signal_connect_swapped (session, "notify::client", G_CALLBACK (on_client_changed), self);
  g_signal_connect_swapped (season, "notify::event-id", G_CALLBACK (on_season_event_changed), self);
  g_signal_connect_swapped (season, "notify::loaded", G_CALLBACK (update_page), self);
  g_signal_connect_swapped (season, "notify::time-zone", G_CALLBACK (rebuild), self);
  g_signal_connect_swapped (tix_season_get_events (season), "items-changed",
                            G_CALLBACK (update_page), self);
  g_signal_connect_swapped (tix_season_get_archived (season), "items-changed",
                            G_CALLBACK (update_page), self);
  on_client_changed (self);
  return self;
}

gint64
tix_entrances_window_get_event_id (TixEntrancesWindow *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCES_WINDOW (self), 0);

  return self->event_id;
}

GPtrArray *
tix_entrances_window_get_entrances (TixEntrancesWindow *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCES_WINDOW (self), NULL);

  return self->entrances;
}

gboolean
tix_entrances_window_get_allowed (TixEntrancesWindow *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCES_WINDOW (self), FALSE);

  return self->allowed;
}

GtkWindow *
tix_entrances_window_get_dialog (TixEntrancesWindow *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCES_WINDOW (self), NULL);

  return self->dialog;
}

guint
tix_entrances_window_get_n_busy (TixEntrancesWindow *self)
{
  g_return_val_if_fail (TIX_IS_ENTRANCES_WINDOW (self), 0);

  return self->n_busy;
}
