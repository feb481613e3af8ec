/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-generate-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-generate-view.h"
#include "tix-sheet-job.h"
#include "tix-validate.h"
#include "tix-toast-host.h"

struct _TixGenerateView
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *intro_label;
  GtkListBox     *fields_list;
  GtkSpinButton  *count_spin;
  GtkAdjustment  *count_adjustment;
  AdwEntryRow    *prefix_row;
  AdwEntryRow    *extra_row;
  GtkLabel       *error_label;
  GtkLabel       *count_error_label;
  GtkWidget      *count_row;
  GtkWidget      *generate_button;
  GtkLabel       *example_label;
  GtkSpinner     *spinner;
  GtkLabel       *generate_label;
  GtkButton      *cancel_button;
  GtkWidget      *print_box;

  /* Owned references */
  TixSession     *session;
  GSignalGroup   *session_signals;
  TixClient      *client;        /* the session's, as of the last change */
  GCancellable   *cancellable;           /* the generate request */
  GCancellable   *settings_cancellable;  /* fetching the default prefix */
  GPtrArray      *last_tickets;          /* TixTicket: the last ones generated */
  TixSheetJob    *sheet_job;             /* printing or exporting them */

  guint           busy : 1;
  guint           user_cancelled : 1;
  guint           prefix_edited : 1;     /* typed by a person: keep it */
  guint           setting_prefix : 1;
};

G_DEFINE_FINAL_TYPE (TixGenerateView, tix_generate_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

enum {
  TICKETS_GENERATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
can_generate (TixGenerateView *self)
{
  TixUser *user;

  if (self->client == NULL)
    return FALSE;

  user = tix_client_get_user (self->client);
  return user == NULL || tix_user_can_generate (user);
}

/* The count as typed, even before Enter; -1 when the box holds no number. */
static gint64
typed_count (TixGenerateView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->count_spin));
  g_autofree char *digits = g_strdup (text != NULL ? text : "");
  guint64 value;
  char *end = NULL;

  g_strstrip (digits);
  if (*digits == '\0')
    return -1;
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isdigit (*p))
      return (gint64) gtk_adjustment_get_value (self->count_adjustment);
  if (strlen (digits) > 9)
    return G_MAXINT32;
  value = g_ascii_strtoull (digits, &end, 10);
  return (gint64) value;
}

/* Validates the fields, shows what is wrong and enables the actions. */
static gboolean
update_state (TixGenerateView *self)
{
  const char *prefix = gtk_editable_get_text (GTK_EDITABLE (self->prefix_row));
  const char *extra = gtk_editable_get_text (GTK_EDITABLE (self->extra_row));
  const char *prefix_error = NULL;
  const char *extra_error = NULL;
  gboolean prefix_ok, extra_ok, allowed, count_ok;
  guint count;

  prefix_ok = tix_validate_prefix (prefix, &prefix_error);
  extra_ok = tix_validate_extra (extra, &extra_error);
  allowed = can_generate (self);

  /* An empty prefix is not worth shouting about before anyone typed. */
  if (!prefix_ok && (prefix[0] != '\0' || self->prefix_edited))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->prefix_row), "error");
      gtk_label_set_label (self->error_label, _(prefix_error));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else if (!extra_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->prefix_row), "error");
      gtk_label_set_label (self->error_label, _(extra_error));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->prefix_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
    }

  if (extra_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->extra_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->extra_row), "error");

  if (prefix_ok)
    {
      /* Translators: %s is an example of a ticket number */
      g_autofree char *example_number = g_strdup_printf ("%s-000123", prefix);
      g_autofree char *example = g_strdup_printf (_("Numbers look like %s"), example_number);

      gtk_label_set_label (self->example_label, example);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->example_label), prefix_ok);

  {
    gint64 typed = typed_count (self);
    g_autofree char *count_error = NULL;

    count_ok = typed >= 1 && typed <= TIX_GENERATE_MAX_COUNT;
    if (typed < 0)
      count_error = g_strdup (_("Type how many tickets to generate, from 1 to 100,000"));
    else if (typed == 0)
      count_error = g_strdup (_("0 tickets would generate nothing: type at least 1"));
    else if (!count_ok)
      /* Translators: %'d is the number typed, such as 1,000,000 */
      count_error = g_strdup_printf (_("At most 100,000 tickets at a time: for %'d, generate "
                                       "several times"), (int) typed);

    gtk_label_set_label (self->count_error_label, count_error != NULL ? count_error : "");
    gtk_widget_set_visible (GTK_WIDGET (self->count_error_label), count_error != NULL);
    if (count_error != NULL)
      gtk_widget_add_css_class (self->count_row, "error");
    else
      gtk_widget_remove_css_class (self->count_row, "error");
    gtk_widget_set_tooltip_text (self->generate_button,
                                 count_error != NULL ? count_error
                                 : _("Generate the tickets (Ctrl+Enter)"));
    count = count_ok ? (guint) typed : 0;
  }

  if (self->busy)
    gtk_label_set_label (self->generate_label, _("Generating…"));
  else if (!count_ok)
    gtk_label_set_label (self->generate_label, _("_Generate Tickets"));
  else
    {
      g_autofree char *label = g_strdup_printf (ngettext ("_Generate %u Ticket",
                                                          "_Generate %u Tickets", count),
                                                count);
      gtk_label_set_label (self->generate_label, label);
    }

  if (self->client != NULL && !allowed)
    gtk_label_set_label (self->intro_label,
                         _("Your account may scan and look up tickets, but not generate them. "
                           "Ask an administrator of your organization."));
  else
    gtk_label_set_label (self->intro_label,
                         _("Tickets are numbered in order for each prefix. "
                           "A number is never given out twice."));

  tix_widget_set_sensitive (GTK_WIDGET (self->fields_list), !self->busy && allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.run",
                                 !self->busy && allowed && prefix_ok && extra_ok && count_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.cancel", self->busy);

  return prefix_ok && extra_ok && count_ok;
}

static void
set_busy (TixGenerateView *self,
          gboolean         busy)
{
  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_prefix (TixGenerateView *self,
            const char      *prefix)
{
  self->setting_prefix = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->prefix_row), prefix);
  self->setting_prefix = FALSE;
  update_state (self);
}

static void
on_count_changed (TixGenerateView *self)
{
  update_state (self);
}

static void
on_prefix_changed (TixGenerateView *self)
{
  if (!self->setting_prefix)
    self->prefix_edited = TRUE;
  update_state (self);
}

static void
on_extra_changed (TixGenerateView *self)
{
  update_state (self);
}

static void
on_entry_activated (TixGenerateView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "generate.run", NULL);
}

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixGenerateView) self = user_data;
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *prefix;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (settings == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No default prefix: %s", error->message);
      return;
    }

  prefix = tix_settings_get (settings, TIX_SETTING_DEFAULT_PREFIX);
  if (prefix != NULL && tix_validate_prefix (prefix, NULL) && !self->prefix_edited)
    set_prefix (self, prefix);
}

static void
update_print_state (TixGenerateView *self)
{
  gboolean have = self->last_tickets != NULL && self->last_tickets->len > 0;

  gtk_widget_set_visible (self->print_box, have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.print", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.export", have);
}

static void
sheet_job_finished_cb (TixSheetJob     *job,
                       const char      *message,
                       TixGenerateView *self)
{
  if (message != NULL)
    tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

/* Print or export the tickets just generated: the job gets its settings
 * (names, layout) through the client and draws the sheet itself. */
static void
run_sheet_job (TixGenerateView *self,
               gboolean         print)
{
  if (self->client == NULL || self->last_tickets == NULL || self->last_tickets->len == 0)
    return;

  if (self->sheet_job != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet_job, self);
  g_clear_object (&self->sheet_job);
  self->sheet_job = tix_sheet_job_new (self->client);
  tix_sheet_job_set_tickets (self->sheet_job, self->last_tickets);
  g_signal_connect_object (self->sheet_job, "finished", G_CALLBACK (sheet_job_finished_cb),
                           self, 0);
  if (print)
    tix_sheet_job_print (self->sheet_job, GTK_WIDGET (self));
  else
    tix_sheet_job_export (self->sheet_job, GTK_WIDGET (self));
}

static void
generate_print_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  run_sheet_job (TIX_GENERATE_VIEW (widget), TRUE);
}

static void
generate_export_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  run_sheet_job (TIX_GENERATE_VIEW (widget), FALSE);
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixGenerateView) self = user_data;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  tickets = tix_client_generate_finish (TIX_CLIENT (object), result, &error);

  /* Another request may have been started since: only the current one counts. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->user_cancelled)
        {
          self->user_cancelled = FALSE;
          set_busy (self, FALSE);
          tix_widget_add_toast (GTK_WIDGET (self),
                                adw_toast_new (_("Stopped waiting. If the server finished "
                                                 "anyway, the tickets are in the list")));
        }
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (tickets == NULL)
    {
      const char *field = tix_client_error_get_field (error);

      if (g_strcmp0 (field, "prefix") == 0 || g_strcmp0 (field, "extra") == 0 ||
          g_strcmp0 (field, "count") == 0)
        {
          AdwEntryRow *row = g_strcmp0 (field, "extra") == 0 ? self->extra_row : self->prefix_row;

          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          if (g_strcmp0 (field, "count") != 0)
            gtk_widget_add_css_class (GTK_WIDGET (row), "error");
        }

      /* Translators: %s says why, such as "Server unreachable at …" */
      title = g_strdup_printf (_("Could not generate the tickets: %s"), error->message);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
      tix_widget_add_toast (GTK_WIDGET (self), toast);
      return;
    }

  if (tickets->len == 0)
    return;

  if (tickets->len == 1)
    title = g_strdup_printf (_("Generated 1 ticket: %s"),
                             tix_ticket_get_number (g_ptr_array_index (tickets, 0)));
  else
    /* Translators: "Generated 25 tickets: VIP-000001 – VIP-000025" */
    title = g_strdup_printf (ngettext ("Generated %u ticket: %s – %s",
                                       "Generated %u tickets: %s – %s", tickets->len),
                             tickets->len,
                             tix_ticket_get_number (g_ptr_array_index (tickets, 0)),
                             tix_ticket_get_number (g_ptr_array_index (tickets, tickets->len - 1)));

  toast = adw_toast_new (title);
  /* The newest result is the one the cashier is waiting for. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-new-tickets");
  tix_widget_add_toast (GTK_WIDGET (self), toast);

  g_clear_pointer (&self->last_tickets, g_ptr_array_unref);
  self->last_tickets = g_ptr_array_ref (tickets);
  update_print_state (self);

  g_signal_emit (self, signals[TICKETS_GENERATED], 0, tickets);
}

static void
generate_run_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (widget);
  g_autofree char *prefix = NULL;
  const char *extra;
  guint count;

  if (self->busy || self->client == NULL)
    return;

  /* Take what is typed in the spin button even if Enter was not pressed. */
  gtk_spin_button_update (self->count_spin);

  if (!update_state (self))
    return;

  prefix = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->prefix_row)));
  extra = gtk_editable_get_text (GTK_EDITABLE (self->extra_row));
  count = (guint) gtk_adjustment_get_value (self->count_adjustment);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->user_cancelled = FALSE;
  set_busy (self, TRUE);

  tix_client_generate_async (self->client, count, prefix,
                             extra[0] != '\0' ? extra : NULL,
                             self->cancellable, generate_cb, g_object_ref (self));
}

static void
generate_cancel_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (widget);

  if (!self->busy)
    return;

  self->user_cancelled = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
tix_generate_view_dispose (GObject *object)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->settings_cancellable);
  g_clear_object (&self->settings_cancellable);
  if (self->sheet_job != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet_job, self);
  g_clear_object (&self->sheet_job);
  g_clear_pointer (&self->last_tickets, g_ptr_array_unref);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_GENERATE_VIEW);

  G_OBJECT_CLASS (tix_generate_view_parent_class)->dispose (object);
}

static void
tix_generate_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_generate_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tix_generate_view_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_generate_view_class_init (TixGenerateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_generate_view_dispose;
  object_class->get_property = tix_generate_view_get_property;
  object_class->set_property = tix_generate_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TICKETS_GENERATED] =
    g_signal_new ("tickets-generated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/generate/tix-generate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, intro_label);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, fields_list);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, count_spin);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, count_error_label);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, count_row);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, generate_button);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, extra_row);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, example_label);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, generate_label);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TixGenerateView, print_box);
  gtk_widget_class_bind_template_callback (widget_class, on_count_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_prefix_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_extra_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "generate.run", NULL, generate_run_action);
  gtk_widget_class_install_action (widget_class, "generate.cancel", NULL, generate_cancel_action);
  gtk_widget_class_install_action (widget_class, "generate.print", NULL, generate_print_action);
  gtk_widget_class_install_action (widget_class, "generate.export", NULL, generate_export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "generate.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "generate.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "generate.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "generate.print", NULL);
}

static void on_client_changed (TixGenerateView *self);

static void
tix_generate_view_init (TixGenerateView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);

  set_prefix (self, "TIX");
  update_print_state (self);
}

TixGenerateView *
tix_generate_view_new (void)
{
  return g_object_new (TIX_TYPE_GENERATE_VIEW, NULL);
}

static void
set_client (TixGenerateView *self,
            TixClient       *client)
{
  if (self->client == client)
    return;

  /* A new session: whatever ran for the old one is of no interest. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->settings_cancellable);
  g_clear_object (&self->settings_cancellable);
  self->user_cancelled = FALSE;
  self->busy = FALSE;
  self->prefix_edited = FALSE;
  g_clear_pointer (&self->last_tickets, g_ptr_array_unref);
  update_print_state (self);

  g_set_object (&self->client, client);

  if (client != NULL)
    {
      self->settings_cancellable = g_cancellable_new ();
      tix_client_get_settings_async (client, self->settings_cancellable,
                                     settings_cb, g_object_ref (self));
    }

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Signed in, out or as someone else: the view starts afresh. */
static void
on_client_changed (TixGenerateView *self)
{
  set_client (self, self->session != NULL ? tix_session_get_client (self->session) : NULL);
}

TixSession *
tix_generate_view_get_session (TixGenerateView *self)
{
  g_return_val_if_fail (TIX_IS_GENERATE_VIEW (self), NULL);

  return self->session;
}

void
tix_generate_view_set_session (TixGenerateView *self,
                               TixSession      *session)
{
  g_return_if_fail (TIX_IS_GENERATE_VIEW (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
tix_generate_view_get_busy (TixGenerateView *self)
{
  g_return_val_if_fail (TIX_IS_GENERATE_VIEW (self), FALSE);

  return self->busy;
}
