/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-account-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-account-page.h"
#include "tix-toast-host.h"

struct _TixAccountPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwActionRow        *user_row;
  AdwPasswordEntryRow *current_row;
  AdwPasswordEntryRow *new_row;
  GtkLabel            *error_label;
  GtkButton           *change_button;
  GtkButton           *logout_others_button;

  /* Owned references */
  TixSession          *session;
  GSignalGroup        *session_signals;
  TixClient           *client;        /* the session's, as of the last change */
  GCancellable        *cancellable;

  guint                n_busy;
};

G_DEFINE_FINAL_TYPE (TixAccountPage, tix_account_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_busy (TixAccountPage *self)
{
  gboolean idle = self->n_busy == 0 && self->client != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->logout_others_button), idle);
}

static void
show_error (TixAccountPage *self,
            const char     *message,
            const char     *field)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* Its row, at the top of the form, over the field in red. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->error_label)), message != NULL);

  if (message != NULL && g_strcmp0 (field, "current_password") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->current_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->current_row), "error");

  if (message != NULL && g_strcmp0 (field, "new_password") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->new_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->new_row), "error");
}

static void
on_password_changed (TixAccountPage *self)
{
  show_error (self, NULL, NULL);
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TixAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tix_client_change_password_finish (TIX_CLIENT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->n_busy--;
  update_busy (self);

  if (error != NULL)
    {
      show_error (self, error->message, tix_client_error_get_field (error));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  show_error (self, NULL, NULL);
  tix_widget_add_toast (GTK_WIDGET (self),
                        adw_toast_new (_("Password changed; your other sessions have been "
                                         "signed out")));
}

/* The administrator standalone mode signs in by itself (no password known). */
static gboolean
is_local_admin (TixAccountPage *self)
{
  TixUser *user = self->client != NULL ? tix_client_get_user (self->client) : NULL;

  return user != NULL && g_ascii_strcasecmp (tix_user_get_email (user), "local@tix.invalid") == 0;
}

static void
change_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TixAccountPage *self = TIX_ACCOUNT_PAGE (widget);
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->current_row));
  const char *new_password = gtk_editable_get_text (GTK_EDITABLE (self->new_row));

  if (self->client == NULL || self->n_busy > 0)
    return;

  /* The local admin sets a first password without one; the server knows
   * whether it already has one and then asks for it. */
  if (current[0] == '\0' && !is_local_admin (self))
    {
      show_error (self, _("Enter your current password."), "current_password");
      return;
    }
  if (g_utf8_strlen (new_password, -1) < 8)
    {
      show_error (self, _("A password has at least 8 characters."), "new_password");
      return;
    }

  self->n_busy++;
  update_busy (self);
  tix_client_change_password_async (self->client, current, new_password, self->cancellable,
                                    changed_cb, g_object_ref (self));
}

static void
logged_out_others_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TixAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 n;

  n = tix_client_logout_others_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->n_busy--;
  update_busy (self);

  if (n < 0)
    title = g_strdup_printf (_("Could not sign out the other sessions: %s"), error->message);
  else if (n == 0)
    title = g_strdup (_("You had no other sessions"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Signed out %d other session",
                                          "Signed out %d other sessions", n),
                             (int) n);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
on_logout_others_response (AdwMessageDialog *dialog,
                           const char       *response,
                           TixAccountPage   *self)
{
  if (!g_str_equal (response, "sign-out") || self->client == NULL || self->n_busy > 0)
    return;

  self->n_busy++;
  update_busy (self);
  tix_client_logout_others_async (self->client, self->cancellable, logged_out_others_cb,
                                  g_object_ref (self));
}

/* Asks first: a door may be scanning with the same account. */
static void
logout_others_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TixAccountPage *self = TIX_ACCOUNT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->client == NULL || self->n_busy > 0)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sign Out Your Other Sessions?"),
                                   _("Every other computer signed in with your account is "
                                     "signed out at once, stations at the door too. This "
                                     "one stays signed in."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out Others"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_logout_others_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tix_account_page_dispose (GObject *object)
{
  TixAccountPage *self = TIX_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_ACCOUNT_PAGE);

  G_OBJECT_CLASS (tix_account_page_parent_class)->dispose (object);
}

static void
tix_account_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TixAccountPage *self = TIX_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_account_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TixAccountPage *self = TIX_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tix_account_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_account_page_class_init (TixAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_account_page_dispose;
  object_class->get_property = tix_account_page_get_property;
  object_class->set_property = tix_account_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "account.change-password", NULL,
                                   change_password_action);
  gtk_widget_class_install_action (widget_class, "account.logout-others", NULL,
                                   logout_others_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/preferences/tix-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TixAccountPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, TixAccountPage, current_row);
  gtk_widget_class_bind_template_child (widget_class, TixAccountPage, new_row);
  gtk_widget_class_bind_template_child (widget_class, TixAccountPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixAccountPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, TixAccountPage, logout_others_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
}

static void on_client_changed (TixAccountPage *self);

static void
tix_account_page_init (TixAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);

  update_busy (self);
}

TixAccountPage *
tix_account_page_new (void)
{
  return g_object_new (TIX_TYPE_ACCOUNT_PAGE, NULL);
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  if (g_strcmp0 (role, "seller") == 0)
    return _("Seller");
  return _("Scanner");
}

static void
set_client (TixAccountPage *self,
            TixClient      *client)
{
  TixUser *user;

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);
  self->n_busy = 0;

  user = client != NULL ? tix_client_get_user (client) : NULL;
  if (user != NULL)
    {
      g_autofree char *subtitle = NULL;

      if (is_local_admin (self))
        {
          /* Not its placeholder address: what it is. */
          subtitle = g_strdup (_("Administrator on this computer; no email address"));
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                         _("Current Password (empty if none was set)"));
        }
      else
        {
          /* Translators: the signed-in user's email and role */
          subtitle = g_strdup_printf (_("%s — %s"), tix_user_get_email (user),
                                      role_label (tix_user_get_role (user)));
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                         _("Current Password"));
        }

      /* The local admin is named after the login ("root", "kasse"), which
       * is no name: say what it is. */
      if (is_local_admin (self) && g_strcmp0 (tix_user_get_name (user), g_get_user_name ()) == 0)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row),
                                       _("Box office admin"));
      else
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row),
                                       tix_user_get_name (user));
      adw_action_row_set_subtitle (self->user_row, subtitle);
    }

  if (client != NULL)
    self->cancellable = g_cancellable_new ();

  update_busy (self);
}

/* Signed in, out or as someone else: the page starts afresh. */
static void
on_client_changed (TixAccountPage *self)
{
  set_client (self, self->session != NULL ? tix_session_get_client (self->session) : NULL);
}

TixSession *
tix_account_page_get_session (TixAccountPage *self)
{
  g_return_val_if_fail (TIX_IS_ACCOUNT_PAGE (self), NULL);

  return self->session;
}

void
tix_account_page_set_session (TixAccountPage *self,
                              TixSession     *session)
{
  g_return_if_fail (TIX_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
tix_account_page_get_busy (TixAccountPage *self)
{
  g_return_val_if_fail (TIX_IS_ACCOUNT_PAGE (self), FALSE);

  return self->n_busy > 0;
}
