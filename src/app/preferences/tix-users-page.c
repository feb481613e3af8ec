/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-users-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-application.h"
#include "tix-users-page.h"
#include "tix-toast-host.h"

static const char * const roles[] = { "admin", "seller", "scanner" };

struct _TixUsersPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *users_group;
  AdwEntryRow         *email_row;
  AdwEntryRow         *name_row;
  AdwPasswordEntryRow *password_row;
  AdwComboRow         *role_row;
  GtkLabel            *error_label;
  GtkButton           *add_button;

  /* Owned references */
  TixSession          *session;
  GSignalGroup        *session_signals;
  TixClient           *client;        /* the session's, as of the last change */
  GCancellable        *cancellable;
  GPtrArray           *users;       /* TixUser, as shown */
  GPtrArray           *rows;        /* AdwActionRow, borrowed from users_group */

  guint                n_busy;
  guint                filling : 1;
};

G_DEFINE_FINAL_TYPE (TixUsersPage, tix_users_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (TixUsersPage *self);

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  if (g_strcmp0 (role, "seller") == 0)
    return _("Seller");
  return _("Scanner");
}

static guint
role_index (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (role, roles[i]) == 0)
      return i;
  return G_N_ELEMENTS (roles) - 1;
}

static void
busy_changed (TixUsersPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), self->n_busy == 0);
}

static void
begin (TixUsersPage *self)
{
  self->n_busy++;
  busy_changed (self);
}

static void
end (TixUsersPage *self)
{
  g_assert (self->n_busy > 0);
  self->n_busy--;
  busy_changed (self);
}

static TixUser *
find_user (TixUsersPage *self,
           gint64        id)
{
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    if (tix_user_get_id (g_ptr_array_index (self->users, i)) == id)
      return g_ptr_array_index (self->users, i);
  return NULL;
}

/* The list ------------------------------------------------------------------- */

typedef struct
{
  TixUsersPage *self;
  gint64        id;
  GtkDropDown  *drop_down;   /* to put back on failure */
  guint         previous;
} RoleChange;

static void
role_changed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree RoleChange *change = user_data;
  g_autoptr(TixUsersPage) self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  user = tix_client_update_user_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (change->drop_down);
      return;
    }

  end (self);

  if (user == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not change the role: %s"),
                                                error->message);

      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
    }
  else
    {
      g_autofree char *title = NULL;

      /* Translators: a person's name, then their new role */
      title = g_strdup_printf (_("%s is now: %s"), tix_user_get_name (user),
                               role_label (tix_user_get_role (user)));
      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
    }

  g_object_unref (change->drop_down);
  load (self);
}

static void
on_role_selected (GtkDropDown  *drop_down,
                  GParamSpec   *pspec,
                  TixUsersPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (drop_down), "tix-user-id"));
  TixUser *user = find_user (self, id);
  guint selected = gtk_drop_down_get_selected (drop_down);
  RoleChange *change;

  if (self->filling || user == NULL || selected >= G_N_ELEMENTS (roles) ||
      g_str_equal (roles[selected], tix_user_get_role (user)))
    return;

  change = g_new0 (RoleChange, 1);
  change->self = g_object_ref (self);
  change->id = id;
  change->drop_down = g_object_ref (drop_down);
  begin (self);
  tix_client_update_user_async (self->client, id, roles[selected], NULL, self->cancellable,
                                role_changed_cb, change);
}

static GtkWidget *
user_row (TixUsersPage *self,
          TixUser      *user)
{
  TixUser *me = tix_client_get_user (self->client);
  gboolean is_me = me != NULL && tix_user_get_id (me) == tix_user_get_id (user);
  GtkWidget *row = adw_action_row_new ();
  const char *role_names[] = { role_label ("admin"), role_label ("seller"),
                               role_label ("scanner"), NULL };
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (role_names);
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) reset = NULL;
  g_autoptr(GMenuItem) remove = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *more_name = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tix_user_get_name (user));
  if (is_me)
    /* Translators: the email of the signed-in user in the list of users */
    subtitle = g_strdup_printf (_("%s — you"), tix_user_get_email (user));
  else
    subtitle = g_strdup (tix_user_get_email (user));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), role_index (tix_user_get_role (user)));
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (drop_down, _("Administrators do everything; sellers generate "
                                            "and scan tickets; scanners only scan"));
  /* Translators: accessible name of a user's role selector */
  role_name = g_strdup_printf (_("Role of %s"), tix_user_get_name (user));
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, role_name, -1);
  g_object_set_data (G_OBJECT (drop_down), "tix-user-id",
                     GSIZE_TO_POINTER ((gsize) tix_user_get_id (user)));
  g_signal_connect_object (drop_down, "notify::selected", G_CALLBACK (on_role_selected), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);

  reset = g_menu_item_new (_("_Reset Password…"), NULL);
  g_menu_item_set_action_and_target_value (reset, "users.reset-password",
                                           g_variant_new_int64 (tix_user_get_id (user)));
  g_menu_append_item (menu, reset);
  remove = g_menu_item_new (_("Re_move…"), NULL);
  g_menu_item_set_action_and_target_value (remove, "users.remove",
                                           g_variant_new_int64 (tix_user_get_id (user)));
  g_menu_append_item (menu, remove);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("Reset the password or remove the user"));
  /* Translators: accessible name of the menu of a user */
  more_name = g_strdup_printf (_("More for %s"), tix_user_get_name (user));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, more_name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  g_object_set_data_full (G_OBJECT (row), "tix-email", g_strdup (tix_user_get_email (user)),
                          g_free);
  return row;
}

static void
show_users (TixUsersPage *self)
{
  self->filling = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->users_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      GtkWidget *row = user_row (self, g_ptr_array_index (self->users, i));

      adw_preferences_group_add (self->users_group, row);
      g_ptr_array_add (self->rows, row);
    }

  self->filling = FALSE;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *users;

  users = tix_client_list_users_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  end (self);

  if (users == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not load the users: %s"),
                                                error->message);

      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      return;
    }

  g_clear_pointer (&self->users, g_ptr_array_unref);
  self->users = users;
  show_users (self);
}

static void
load (TixUsersPage *self)
{
  if (self->client == NULL)
    return;

  begin (self);
  tix_client_list_users_async (self->client, self->cancellable, loaded_cb, g_object_ref (self));
}

/* Adding --------------------------------------------------------------------- */

static GtkWidget *
field_row (TixUsersPage *self,
           const char   *field)
{
  if (g_strcmp0 (field, "email") == 0)
    return GTK_WIDGET (self->email_row);
  if (g_strcmp0 (field, "name") == 0)
    return GTK_WIDGET (self->name_row);
  if (g_strcmp0 (field, "password") == 0)
    return GTK_WIDGET (self->password_row);
  if (g_strcmp0 (field, "role") == 0)
    return GTK_WIDGET (self->role_row);
  return NULL;
}

static void
show_error (TixUsersPage *self,
            const char   *message,
            const char   *field)
{
  const char *names[] = { "email", "name", "password", "role" };

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* Its row, at the top of the form, over the field in red. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->error_label)), message != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *row = field_row (self, names[i]);

      if (message != NULL && g_strcmp0 (field, names[i]) == 0)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

static void
on_form_changed (TixUsersPage *self)
{
  show_error (self, NULL, NULL);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TixUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autofree char *title = NULL;

  user = tix_client_add_user_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  end (self);

  if (user == NULL)
    {
      GtkWidget *row = field_row (self, tix_client_error_get_field (error));

      show_error (self, error->message, tix_client_error_get_field (error));
      if (row != NULL)
        gtk_widget_grab_focus (row);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL, NULL);

  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
    GtkApplication *app = NULL;
    g_autofree char *local = NULL;

    /* The preferences window, or the main window it belongs to. */
    while (window != NULL && (app = gtk_window_get_application (window)) == NULL)
      window = gtk_window_get_transient_for (window);
    local = TIX_IS_APPLICATION (app)
                             ? tix_application_dup_local_server_url (TIX_APPLICATION (app))
                             : NULL;

    if (local != NULL && self->client != NULL &&
        g_str_equal (local, tix_client_get_base_url (self->client)))
      /* Translators: a person's name; the tickets are on this computer */
      title = g_strdup_printf (_("%s can sign in on this computer: log out, switch on "
                                 "“This Computer” and sign in"), tix_user_get_name (user));
    else
      /* Translators: a person's name */
      title = g_strdup_printf (_("%s can now sign in"), tix_user_get_name (user));
  }
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
  load (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TixUsersPage *self = TIX_USERS_PAGE (widget);
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  const char *password;
  guint role;

  if (self->client == NULL)
    return;

  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  role = adw_combo_row_get_selected (self->role_row);

  /* What can be told here is told before asking the server. */
  if (email[0] == '\0' || strchr (email, '@') == NULL)
    {
      show_error (self, _("Enter the email address the user will sign in with."), "email");
      return;
    }
  if (name[0] == '\0')
    {
      show_error (self, _("Enter the user’s name, as reports should show it."), "name");
      return;
    }
  if (g_utf8_strlen (password, -1) < 8)
    {
      show_error (self, _("A password has at least 8 characters."), "password");
      return;
    }

  show_error (self, NULL, NULL);
  begin (self);
  tix_client_add_user_async (self->client, email, name, password,
                             roles[MIN (role, G_N_ELEMENTS (roles) - 1)],
                             self->cancellable, added_cb, g_object_ref (self));
}

/* Reset and remove ----------------------------------------------------------- */

static void
password_reset_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TixUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autofree char *title = NULL;

  user = tix_client_update_user_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  end (self);

  if (user == NULL)
    title = g_strdup_printf (_("Could not reset the password: %s"), error->message);
  else
    /* Translators: a person's name */
    title = g_strdup_printf (_("New password set for %s, who was signed out everywhere"),
                             tix_user_get_name (user));
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
on_reset_response (AdwMessageDialog *dialog,
                   const char       *response,
                   TixUsersPage     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "tix-user-id");
  const char *password = gtk_editable_get_text (entry);

  if (!g_str_equal (response, "reset") || self->client == NULL)
    return;

  if (g_utf8_strlen (password, -1) < 8)
    {
      tix_widget_add_toast (GTK_WIDGET (self),
                            adw_toast_new (_("The password was not changed: a password has "
                                             "at least 8 characters")));
      return;
    }

  begin (self);
  tix_client_update_user_async (self->client, id, NULL, password, self->cancellable,
                                password_reset_cb, g_object_ref (self));
}

static AdwMessageDialog *
user_dialog (TixUsersPage *self,
             gint64        id,
             const char   *heading,
             const char   *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  g_object_set_data_full (G_OBJECT (dialog), "tix-user-id", stored, g_free);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
reset_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TixUsersPage *self = TIX_USERS_PAGE (widget);
  TixUser *user = find_user (self, g_variant_get_int64 (parameter));
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (user == NULL)
    return;

  /* Translators: a person's name */
  heading = g_strdup_printf (_("New Password for %s"), tix_user_get_name (user));
  dialog = user_dialog (self, tix_user_get_id (user), heading,
                        _("They will be signed out on every station and sign in again with "
                          "the new password. At least 8 characters."));
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New password"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_response (dialog, "reset", _("_Set Password"));
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TixUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tix_client_remove_user_finish (TIX_CLIENT (object), result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      end (self);
      title = g_strdup_printf (_("Could not remove the user: %s"), error->message);
      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      return;
    }

  end (self);
  tix_widget_add_toast (GTK_WIDGET (self),
                        adw_toast_new (_("User removed and signed out")));
  load (self);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    TixUsersPage     *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "tix-user-id");

  if (!g_str_equal (response, "remove") || self->client == NULL)
    return;

  begin (self);
  tix_client_remove_user_async (self->client, id, self->cancellable, removed_cb,
                                g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TixUsersPage *self = TIX_USERS_PAGE (widget);
  TixUser *user = find_user (self, g_variant_get_int64 (parameter));
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (user == NULL)
    return;

  /* Translators: a person's name */
  heading = g_strdup_printf (_("Remove %s?"), tix_user_get_name (user));
  dialog = user_dialog (self, tix_user_get_id (user), heading,
                        _("They are signed out at once and can no longer sign in. The tickets "
                          "they scanned and the audit log keep their name."));
  adw_message_dialog_add_response (dialog, "remove", _("_Remove"));
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (TIX_USERS_PAGE (widget));
}

/* GObject -------------------------------------------------------------------- */

static void
tix_users_page_dispose (GObject *object)
{
  TixUsersPage *self = TIX_USERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_USERS_PAGE);

  G_OBJECT_CLASS (tix_users_page_parent_class)->dispose (object);
}

static void
tix_users_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TixUsersPage *self = TIX_USERS_PAGE (object);

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
tix_users_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TixUsersPage *self = TIX_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tix_users_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_users_page_class_init (TixUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_users_page_dispose;
  object_class->get_property = tix_users_page_get_property;
  object_class->set_property = tix_users_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "users.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "users.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "users.reset-password", "x",
                                   reset_password_action);
  gtk_widget_class_install_action (widget_class, "users.remove", "x", remove_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/preferences/tix-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, users_group);
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, role_row);
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TixUsersPage, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
}

static void on_client_changed (TixUsersPage *self);

static void
tix_users_page_init (TixUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);

  self->rows = g_ptr_array_new ();
  /* Most people added are sellers or scanners. */
  adw_combo_row_set_selected (self->role_row, 1);
}

TixUsersPage *
tix_users_page_new (void)
{
  return g_object_new (TIX_TYPE_USERS_PAGE, NULL);
}

static void
set_client (TixUsersPage *self,
            TixClient    *client)
{
  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  self->n_busy = 0;
  busy_changed (self);
  show_users (self);

  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      load (self);
    }
}

/* Signed in, out or as someone else: the page starts afresh. */
static void
on_client_changed (TixUsersPage *self)
{
  set_client (self, self->session != NULL ? tix_session_get_client (self->session) : NULL);
}

TixSession *
tix_users_page_get_session (TixUsersPage *self)
{
  g_return_val_if_fail (TIX_IS_USERS_PAGE (self), NULL);

  return self->session;
}

void
tix_users_page_set_session (TixUsersPage *self,
                            TixSession   *session)
{
  g_return_if_fail (TIX_IS_USERS_PAGE (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
tix_users_page_get_busy (TixUsersPage *self)
{
  g_return_val_if_fail (TIX_IS_USERS_PAGE (self), FALSE);

  return self->n_busy > 0;
}

guint
tix_users_page_get_n_users (TixUsersPage *self)
{
  g_return_val_if_fail (TIX_IS_USERS_PAGE (self), 0);

  return self->users != NULL ? self->users->len : 0;
}

const char *
tix_users_page_get_role (TixUsersPage *self,
                         const char   *email)
{
  g_return_val_if_fail (TIX_IS_USERS_PAGE (self), NULL);

  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      TixUser *user = g_ptr_array_index (self->users, i);

      if (g_strcmp0 (tix_user_get_email (user), email) == 0)
        return tix_user_get_role (user);
    }

  return NULL;
}

const char *
tix_users_page_get_error (TixUsersPage *self)
{
  g_return_val_if_fail (TIX_IS_USERS_PAGE (self), NULL);

  return gtk_label_get_label (self->error_label);
}
