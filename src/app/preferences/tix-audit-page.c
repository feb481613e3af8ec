/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-audit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-audit-page.h"
#include "tix-toast-host.h"

#define PAGE_SIZE 100

struct _TixAuditPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *group;
  GtkListBox          *list;
  GtkButton           *more_button;
  GtkLabel            *empty_label;

  /* Owned references */
  TixSession          *session;
  GSignalGroup        *session_signals;
  TixClient           *client;        /* the session's, as of the last change */
  GCancellable        *cancellable;
  GTimeZone           *zone;        /* the organization's, NULL: not known */

  gint64               oldest_id;   /* of the last entry shown, 0: none */
  guint                n_entries;
  guint                busy : 1;
};

G_DEFINE_FINAL_TYPE (TixAuditPage, tix_audit_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
action_label (const char *action)
{
  static const struct { const char *action, *label; } labels[] = {
    { "ticket-deleted", N_("Deleted a ticket") },
    { "tickets-cleared", N_("Deleted all tickets") },
    { "scan-undone", N_("Undid a scan") },
    { "ticket-reissued", N_("Reissued a ticket") },
    { "settings-updated", N_("Changed the settings") },
    { "user-added", N_("Added a user") },
    { "role-changed", N_("Changed a role") },
    { "password-reset", N_("Reset a password") },
    { "password-changed", N_("Changed their password") },
    { "user-removed", N_("Removed a user") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].action) == 0)
      return _(labels[i].label);

  return action;
}

/* "event_date, time_zone" (the settings an admin changed) in words. */
static char *
settings_words (const char *detail)
{
  static const struct { const char *name, *words; } names[] = {
    { "organization_name", N_("organization name") },
    { "event_name", N_("event name") },
    { "event_date", N_("event date") },
    { "time_zone", N_("time zone") },
    { "default_prefix", N_("default prefix") },
    { "sheet_layout", N_("sheet layout") },
  };
  g_auto(GStrv) keys = g_strsplit (detail, ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *key = g_strstrip (keys[i]);
      const char *words = key;

      if (*key == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (g_str_equal (key, names[j].name))
          words = _(names[j].words);
      if (out->len > 0)
        /* Translators: between the names of two settings that were changed */
        g_string_append (out, _(", "));
      g_string_append (out, words);
    }

  if (out->len == 0)
    return g_strdup (detail);
  {
    g_autofree char *list = g_string_free (g_steal_pointer (&out), FALSE);
    char *first = g_utf8_strup (list, g_utf8_next_char (list) - list);
    char *sentence = g_strconcat (first, g_utf8_next_char (list), NULL);

    g_free (first);
    return sentence;
  }
}

static GtkWidget *
entry_row (TixAuditPage  *self,
           TixAuditEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (tix_audit_entry_get_at (entry) / 1000);
  /* At the venue: in the organization's time zone, as the reports. */
  g_autoptr(GDateTime) local = self->zone != NULL ? g_date_time_to_timezone (utc, self->zone)
                                                  : g_date_time_to_local (utc);
  /* Translators: when something was done, see g_date_time_format() */
  g_autofree char *when = g_date_time_format (local, _("%a %-d %b %Y, %H:%M"));
  const char *who = tix_audit_entry_get_user_name (entry);
  const char *detail = tix_audit_entry_get_detail (entry);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *time_label;

  /* Translators: who did what: "Ann Smith: Deleted a ticket" */
  title = g_strdup_printf (_("%s: %s"), who != NULL ? who : _("A removed user"),
                           action_label (tix_audit_entry_get_action (entry)));
  if (detail != NULL && g_strcmp0 (tix_audit_entry_get_action (entry), "settings-updated") == 0)
    subtitle = settings_words (detail);
  else
    subtitle = g_strdup (detail != NULL ? detail : "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  time_label = gtk_label_new (when);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  return row;
}

static void
clear_list (TixAuditPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_entries = 0;
  self->oldest_id = 0;
}

static void
update (TixAuditPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), !self->busy && self->n_entries == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_entries > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), !self->busy);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = tix_client_list_audit_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;

  if (entries == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not load the audit log: %s"),
                                                error->message);

      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      update (self);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      TixAuditEntry *entry = g_ptr_array_index (entries, i);

      gtk_list_box_append (self->list, entry_row (self, entry));
      self->oldest_id = tix_audit_entry_get_id (entry);
      self->n_entries++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), entries->len == PAGE_SIZE);
  update (self);
}

static void
list (TixAuditPage *self,
      gboolean      more)
{
  tix_client_list_audit_async (self->client, PAGE_SIZE, more ? self->oldest_id : 0,
                               self->cancellable, loaded_cb, g_object_ref (self));
}

/* Says in which time zone the times are when it is not this computer's. */
static void
set_zone (TixAuditPage *self,
          const char   *name)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *description = NULL;
  const char *base = _("Who deleted or cleared tickets, undid a scan, or changed the settings "
                       "or the users, and when. Newest first.");

  g_clear_pointer (&self->zone, g_time_zone_unref);
  if (name != NULL)
    self->zone = g_time_zone_new_identifier (name);

  if (self->zone != NULL &&
      g_strcmp0 (g_time_zone_get_identifier (self->zone), g_time_zone_get_identifier (local)) != 0)
    /* Translators: the page's description, then the organization's time zone */
    description = g_strdup_printf (_("%s Times are in the venue’s time zone, %s."), base,
                                   g_time_zone_get_identifier (self->zone));
  adw_preferences_group_set_description (self->group, description != NULL ? description : base);
}

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) settings = NULL;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without them, the times are this computer's. */
  set_zone (self, settings != NULL ? tix_settings_get (settings, TIX_SETTING_TIME_ZONE) : NULL);
  list (self, FALSE);
}

static void
load (TixAuditPage *self,
      gboolean      more)
{
  if (self->client == NULL)
    return;

  if (!more)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      clear_list (self);
    }
  else if (self->busy)
    return;

  self->busy = TRUE;
  update (self);
  if (more)
    list (self, TRUE);
  else
    tix_client_get_settings_async (self->client, self->cancellable, settings_cb,
                                   g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (TIX_AUDIT_PAGE (widget), FALSE);
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  load (TIX_AUDIT_PAGE (widget), TRUE);
}

static void
tix_audit_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tix_audit_page_parent_class)->map (widget);

  /* Fresh each time it is looked at. */
  load (TIX_AUDIT_PAGE (widget), FALSE);
}

static void
tix_audit_page_dispose (GObject *object)
{
  TixAuditPage *self = TIX_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_AUDIT_PAGE);

  G_OBJECT_CLASS (tix_audit_page_parent_class)->dispose (object);
}

static void
tix_audit_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TixAuditPage *self = TIX_AUDIT_PAGE (object);

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
tix_audit_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TixAuditPage *self = TIX_AUDIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tix_audit_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_audit_page_class_init (TixAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_audit_page_dispose;
  object_class->get_property = tix_audit_page_get_property;
  object_class->set_property = tix_audit_page_set_property;

  widget_class->map = tix_audit_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "audit.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "audit.more", NULL, more_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/preferences/tix-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TixAuditPage, group);
  gtk_widget_class_bind_template_child (widget_class, TixAuditPage, list);
  gtk_widget_class_bind_template_child (widget_class, TixAuditPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, TixAuditPage, empty_label);
}

static void on_client_changed (TixAuditPage *self);

static void
tix_audit_page_init (TixAuditPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);

  update (self);
}

TixAuditPage *
tix_audit_page_new (void)
{
  return g_object_new (TIX_TYPE_AUDIT_PAGE, NULL);
}

static void
set_client (TixAuditPage *self,
            TixClient    *client)
{
  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);
  self->busy = FALSE;
  clear_list (self);
  update (self);

  if (client != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, FALSE);

}

/* Signed in, out or as someone else: the page starts afresh. */
static void
on_client_changed (TixAuditPage *self)
{
  set_client (self, self->session != NULL ? tix_session_get_client (self->session) : NULL);
}

TixSession *
tix_audit_page_get_session (TixAuditPage *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_PAGE (self), NULL);

  return self->session;
}

void
tix_audit_page_set_session (TixAuditPage *self,
                            TixSession   *session)
{
  g_return_if_fail (TIX_IS_AUDIT_PAGE (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
tix_audit_page_get_busy (TixAuditPage *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_PAGE (self), FALSE);

  return self->busy;
}

guint
tix_audit_page_get_n_entries (TixAuditPage *self)
{
  g_return_val_if_fail (TIX_IS_AUDIT_PAGE (self), 0);

  return self->n_entries;
}
