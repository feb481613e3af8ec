/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-login-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-application.h"
#include "tix-login-page.h"
#include "tix-validate.h"

struct _TixLoginPage
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkListBox   *fields_list;
  AdwEntryRow  *server_row;
  GtkSwitch    *this_computer_switch;
  AdwEntryRow  *name_row;
  AdwEntryRow  *organization_row;
  AdwEntryRow  *email_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkButton    *sign_in_button;
  GtkSpinner   *spinner;
  GtkLabel     *sign_in_label;
  GtkButton    *mode_button;

  /* Owned references */
  GCancellable *cancellable;
  TixClient    *pending_client;

  guint         register_mode : 1;
  guint         busy : 1;
};

G_DEFINE_FINAL_TYPE (TixLoginPage, tix_login_page, ADW_TYPE_BIN)

enum {
  SIGNED_IN,
  STANDALONE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
all_rows (TixLoginPage *self,
          guint         i)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->server_row), GTK_WIDGET (self->name_row),
    GTK_WIDGET (self->organization_row), GTK_WIDGET (self->email_row),
    GTK_WIDGET (self->password_row),
  };

  return i < G_N_ELEMENTS (rows) ? rows[i] : NULL;
}

static void
clear_errors (TixLoginPage *self)
{
  GtkWidget *row;

  for (guint i = 0; (row = all_rows (self, i)) != NULL; i++)
    gtk_widget_remove_css_class (row, "error");

  tix_login_page_show_error (self, NULL);
}

/* Marks @row (may be NULL) as wrong and says why under the fields. */
static void
field_error (TixLoginPage *self,
             AdwEntryRow  *row,
             const char   *message)
{
  tix_login_page_show_error (self, message);

  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
update_actions (TixLoginPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.sign-in", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.toggle-mode", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.standalone", !self->busy);
}

static void
set_busy (TixLoginPage *self,
          gboolean      busy)
{
  self->busy = !!busy;

  tix_widget_set_sensitive (GTK_WIDGET (self->fields_list), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update_actions (self);
}

static gboolean
this_computer (TixLoginPage *self)
{
  return gtk_switch_get_active (self->this_computer_switch);
}

static void
update_mode (TixLoginPage *self)
{
  gboolean reg = self->register_mode && !this_computer (self);

  /* On this computer, colleagues an administrator added sign in: nobody
   * registers a new organization there. */
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), !this_computer (self));
  gtk_widget_set_visible (GTK_WIDGET (self->mode_button), !this_computer (self));

  gtk_widget_set_visible (GTK_WIDGET (self->name_row), reg);
  gtk_widget_set_visible (GTK_WIDGET (self->organization_row), reg);

  if (this_computer (self))
    {
      gtk_label_set_label (self->title_label, _("Sign In on This Computer"));
      gtk_label_set_label (self->subtitle_label,
                           _("With the account an administrator of this computer added for you."));
    }
  else
    {
      gtk_label_set_label (self->title_label,
                           reg ? _("Create an Account") : _("Sign In to a Tix Server"));
      gtk_label_set_label (self->subtitle_label,
                           reg ? _("A new organization is created with you as its administrator.")
                               : _("Share tickets with the other desks and doors of your venue."));
    }
  gtk_label_set_label (self->sign_in_label, reg ? _("_Create Account") : _("_Sign In"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sign_in_button),
                               reg ? _("Create the account on this server")
                                   : _("Sign in with these details"));
  gtk_button_set_label (self->mode_button,
                        reg ? _("I _Already Have an Account") : _("_Create an Account"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_button),
                               reg ? _("Sign in with an existing account")
                                   : _("Register a new account and organization on this server"));

  clear_errors (self);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void sign_in (TixLoginPage *self);

static void
on_this_computer_toggled (TixLoginPage *self)
{
  if (this_computer (self))
    self->register_mode = FALSE;
  update_mode (self);
}

/* The embedded server, started if need be. */
static char *
local_server_url (TixLoginPage  *self,
                  GError       **error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;
  TixServerThread *server;

  if (!TIX_IS_APPLICATION (app))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This computer keeps no tickets"));
      return NULL;
    }

  server = tix_application_get_local_server (TIX_APPLICATION (app), error);
  return server != NULL ? g_strdup (tix_server_thread_get_url (server)) : NULL;
}

static void
certificate_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         TixLoginPage     *self)
{
  const char *url = g_object_get_data (G_OBJECT (dialog), "tix-url");
  const char *fingerprint = g_object_get_data (G_OBJECT (dialog), "tix-fingerprint");

  if (g_strcmp0 (response, "trust") == 0 && url != NULL && fingerprint != NULL)
    {
      tix_remember_certificate (url, fingerprint);
      sign_in (self);
    }
}

/* Trust on first use: a person compares the fingerprint with the one the
 * server printed; a changed certificate is a loud warning, not a question. */
static void
ask_about_certificate (TixLoginPage *self,
                       TixClient    *client,
                       const GError *error)
{
  const char *url = tix_client_get_base_url (client);
  const char *fingerprint = tix_client_get_offered_certificate (client);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  field_error (self, self->server_row, error->message);
  if (fingerprint == NULL)
    return;

  if (error->code == TIX_CLIENT_ERROR_CERTIFICATE_NEW)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                           _("Trust This Server?"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("This station connects to %s for the first time. The "
                                        "fingerprint of its certificate is:\n\n%s\n\nCompare it "
                                        "with the one tix-server printed when it started, and "
                                        "trust it only if they match."),
                                      url, fingerprint);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                        "trust", _("_Trust and Sign In"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                           _("The Server’s Certificate Has "
                                                             "Changed"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("%s\n\nIt now shows:\n\n%s\n\nIf whoever runs the "
                                        "server confirms this new fingerprint, you can trust it "
                                        "instead."),
                                      error->message, fingerprint);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Do Not Connect"),
                                        "trust", _("_Trust the New Certificate"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_DESTRUCTIVE);
    }

  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tix-url", g_strdup (url), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "tix-fingerprint", g_strdup (fingerprint), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (certificate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
auth_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TixClient *client = TIX_CLIENT (object);
  g_autoptr(TixLoginPage) self = user_data;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;
  AdwEntryRow *row = NULL;

  if (self->register_mode)
    user = tix_client_register_finish (client, result, &error);
  else
    user = tix_client_login_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->pending_client);
  set_busy (self, FALSE);

  if (user != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      g_signal_emit (self, signals[SIGNED_IN], 0, client);
      return;
    }

  if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CERTIFICATE_NEW) ||
      g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CERTIFICATE_CHANGED))
    {
      ask_about_certificate (self, client, error);
      return;
    }

  field = tix_client_error_get_field (error);

  if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED) && !self->register_mode)
    {
      field_error (self, self->password_row, _("Wrong email or password."));
      return;
    }
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNREACHABLE) ||
           g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_PROTOCOL))
    row = self->server_row;
  else if (g_error_matches (error, TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_CONFLICT))
    row = self->email_row;
  else if (g_strcmp0 (field, "email") == 0)
    row = self->email_row;
  else if (g_strcmp0 (field, "password") == 0)
    row = self->password_row;
  else if (g_strcmp0 (field, "name") == 0)
    row = self->name_row;
  else if (field != NULL && g_str_has_prefix (field, "organization"))
    row = self->organization_row;

  field_error (self, row, error->message);
}

static void
sign_in (TixLoginPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *email = NULL;
  const char *message = NULL;
  const char *password;

  if (self->busy)
    return;

  clear_errors (self);

  if (this_computer (self))
    {
      g_autoptr(GError) error = NULL;

      url = local_server_url (self, &error);
      if (url == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not open the tickets of this "
                                                     "computer: %s"), error->message);

          field_error (self, NULL, text);
          return;
        }
    }
  else
    url = tix_normalize_server_url (text_of (self->server_row), &message);
  if (url == NULL)
    {
      field_error (self, self->server_row, message);
      return;
    }

  if (this_computer (self))
    self->register_mode = FALSE;

  if (self->register_mode)
    {
      g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));

      if (!tix_validate_name (name, &message))
        {
          field_error (self, self->name_row, _(message));
          return;
        }
    }

  email = g_strstrip (g_strdup (text_of (self->email_row)));
  if (!tix_validate_email (email, &message))
    {
      field_error (self, self->email_row, _(message));
      return;
    }

  password = text_of (self->password_row);
  if (self->register_mode)
    {
      if (!tix_validate_password (password, &message))
        {
          field_error (self, self->password_row, _(message));
          return;
        }
    }
  else if (password[0] == '\0')
    {
      field_error (self, self->password_row, _("Enter your password."));
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_object (&self->pending_client);
  self->pending_client = tix_client_new (url);
  if (this_computer (self))
    tix_client_set_compression (self->pending_client, FALSE);
  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                               : NULL;

    /* The same station from one session to the next. */
    if (TIX_IS_APPLICATION (app))
      {
        g_autofree char *station = tix_application_dup_station_id (TIX_APPLICATION (app));

        tix_client_set_station_id (self->pending_client, station);
      }
  }
  tix_apply_pinned_certificate (self->pending_client);
  set_busy (self, TRUE);

  if (self->register_mode)
    {
      g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));
      g_autofree char *organization = g_strstrip (g_strdup (text_of (self->organization_row)));

      tix_client_register_async (self->pending_client, email, password, name,
                                 organization[0] != '\0' ? organization : NULL,
                                 self->cancellable, auth_cb, g_object_ref (self));
    }
  else
    {
      tix_client_login_async (self->pending_client, email, password,
                              self->cancellable, auth_cb, g_object_ref (self));
    }
}

static void
on_field_changed (TixLoginPage *self,
                  GtkEditable  *editable)
{
  /* The mistake is being fixed: stop shouting. */
  if (gtk_widget_has_css_class (GTK_WIDGET (editable), "error"))
    clear_errors (self);
}

static void
on_entry_activated (TixLoginPage *self,
                    AdwEntryRow  *row)
{
  GtkWidget *next = NULL;
  gboolean found = FALSE;
  GtkWidget *candidate;

  /* Enter moves to the next empty field, and signs in from the last. */
  for (guint i = 0; (candidate = all_rows (self, i)) != NULL; i++)
    {
      if (candidate == GTK_WIDGET (row))
        found = TRUE;
      else if (found && gtk_widget_get_visible (candidate) &&
               candidate != GTK_WIDGET (self->organization_row) &&
               text_of (ADW_ENTRY_ROW (candidate))[0] == '\0')
        {
          next = candidate;
          break;
        }
    }

  if (next != NULL)
    gtk_widget_grab_focus (next);
  else
    sign_in (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sign_in (TIX_LOGIN_PAGE (widget));
}

static void
toggle_mode_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TixLoginPage *self = TIX_LOGIN_PAGE (widget);

  tix_login_page_set_register (self, !self->register_mode);
}

static void
standalone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[STANDALONE_REQUESTED], 0);
}

static void
tix_login_page_dispose (GObject *object)
{
  TixLoginPage *self = TIX_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending_client);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (tix_login_page_parent_class)->dispose (object);
}

static void
tix_login_page_class_init (TixLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_login_page_dispose;

  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_CLIENT);
  signals[STANDALONE_REQUESTED] =
    g_signal_new ("standalone-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/Tix/ui/tix-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, fields_list);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, organization_row);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, mode_button);
  gtk_widget_class_bind_template_child (widget_class, TixLoginPage, this_computer_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_this_computer_toggled);

  gtk_widget_class_install_action (widget_class, "login.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "login.toggle-mode", NULL, toggle_mode_action);
  gtk_widget_class_install_action (widget_class, "login.standalone", NULL, standalone_action);
}

static void
tix_login_page_init (TixLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TixLoginPage *
tix_login_page_new (void)
{
  return g_object_new (TIX_TYPE_LOGIN_PAGE, NULL);
}

void
tix_login_page_reset (TixLoginPage *self,
                      const char   *server_url,
                      const char   *email)
{
  g_return_if_fail (TIX_IS_LOGIN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->pending_client);
  set_busy (self, FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url ? server_url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  clear_errors (self);

  if (server_url == NULL || server_url[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (email == NULL || email[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

void
tix_login_page_set_register (TixLoginPage *self,
                             gboolean      register_mode)
{
  g_return_if_fail (TIX_IS_LOGIN_PAGE (self));

  self->register_mode = !!register_mode;
  /* An account is created on a server, never on this computer. */
  if (self->register_mode && this_computer (self))
    gtk_switch_set_active (self->this_computer_switch, FALSE);
  update_mode (self);
}

gboolean
tix_login_page_get_register (TixLoginPage *self)
{
  g_return_val_if_fail (TIX_IS_LOGIN_PAGE (self), FALSE);

  return self->register_mode;
}

void
tix_login_page_show_error (TixLoginPage *self,
                           const char   *message)
{
  g_return_if_fail (TIX_IS_LOGIN_PAGE (self));

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
tix_login_page_get_error (TixLoginPage *self)
{
  g_return_val_if_fail (TIX_IS_LOGIN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_label (self->error_label);
}

void
tix_login_page_set_this_computer (TixLoginPage *self,
                                  gboolean      this_computer)
{
  g_return_if_fail (TIX_IS_LOGIN_PAGE (self));

  gtk_switch_set_active (self->this_computer_switch, this_computer);
  update_mode (self);
}

gboolean
tix_login_page_get_this_computer (TixLoginPage *self)
{
  g_return_val_if_fail (TIX_IS_LOGIN_PAGE (self), FALSE);

  return this_computer (self);
}

gboolean
tix_login_page_get_busy (TixLoginPage *self)
{
  g_return_val_if_fail (TIX_IS_LOGIN_PAGE (self), FALSE);

  return self->busy;
}
