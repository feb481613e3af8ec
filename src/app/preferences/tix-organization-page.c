/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-organization-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-event-stream.h"
#include "tix-organization-page.h"

/* The sheet layouts of DESIGN.md, in the combo row's order. */
static const char * const layouts[] = {
  "a4-2x4", "a4-3x7", "letter-2x4", "letter-3x7", "roll-80",
};

enum {
  FIELD_ORGANIZATION_NAME,
  FIELD_EVENT_NAME,
  FIELD_EVENT_DATE,
  FIELD_TIME_ZONE,
  FIELD_DEFAULT_PREFIX,
  FIELD_SHEET_LAYOUT,
  N_FIELDS
};

static const char * const fields[N_FIELDS] = {
  "organization_name", "event_name", "event_date", "time_zone", "default_prefix",
  "sheet_layout",
};

struct _TixOrganizationPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *group;
  GtkButton           *save_button;
  GtkLabel            *note_label;
  GtkWidget           *rows[N_FIELDS];
  GtkLabel            *errors[N_FIELDS];

  /* Owned references */
  TixClient           *client;
  TixEventStream      *stream;       /* another station's changes */
  GCancellable        *cancellable;
  JsonObject          *saved;        /* the settings as the server has them */

  int                  error_field;  /* -1: none */
  guint                busy : 1;
  guint                loading : 1;  /* filling the rows: not an edit */
};

G_DEFINE_FINAL_TYPE (TixOrganizationPage, tix_organization_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

enum {
  ADD_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_admin (TixOrganizationPage *self)
{
  TixUser *user = self->client != NULL ? tix_client_get_user (self->client) : NULL;

  return user != NULL && tix_user_is_admin (user);
}

static void
add_toast (TixOrganizationPage *self,
           const char          *title)
{
  g_signal_emit (self, signals[ADD_TOAST], 0, adw_toast_new (title));
}

static const char *
saved_string (TixOrganizationPage *self,
              const char          *member)
{
  JsonNode *node;

  if (self->saved == NULL)
    return NULL;

  node = json_object_get_member (self->saved, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* What a field holds now, as the API spells it ("" for an empty date). */
static char *
field_value (TixOrganizationPage *self,
             guint                field)
{
  if (field == FIELD_SHEET_LAYOUT)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->rows[field]));

      return g_strdup (selected < G_N_ELEMENTS (layouts) ? layouts[selected] : layouts[0]);
    }

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[field]))));
}

static gboolean
field_changed (TixOrganizationPage *self,
               guint                field)
{
  g_autofree char *value = field_value (self, field);
  const char *saved = saved_string (self, fields[field]);

  return g_strcmp0 (value, saved ? saved : "") != 0;
}

static void
show_error (TixOrganizationPage *self,
            int                  field,
            const char          *message)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      gboolean here = (int) i == field;

      gtk_label_set_label (self->errors[i], here ? message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->errors[i]), here);
      /* The label's row, right under the field's. */
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->errors[i])), here);
      if (here)
        gtk_widget_add_css_class (self->rows[i], "error");
      else
        gtk_widget_remove_css_class (self->rows[i], "error");
    }

  self->error_field = field;
}

static void
update_sensitivity (TixOrganizationPage *self)
{
  gboolean admin = is_admin (self);
  gboolean changed = FALSE;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      gtk_widget_set_sensitive (self->rows[i], admin && !self->busy && self->saved != NULL);
      changed |= self->saved != NULL && field_changed (self, i);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), admin && changed && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), self->client != NULL && !admin);
}

static void
fill (TixOrganizationPage *self)
{
  self->loading = TRUE;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *value = saved_string (self, fields[i]);

      if (i == FIELD_SHEET_LAYOUT)
        {
          guint selected = 0;

          for (guint j = 0; j < G_N_ELEMENTS (layouts); j++)
            if (g_strcmp0 (value, layouts[j]) == 0)
              selected = j;
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->rows[i]), selected);
        }
      else
        gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), value ? value : "");
    }

  self->loading = FALSE;
  show_error (self, -1, NULL);
  update_sensitivity (self);
}

static void
on_field_changed (TixOrganizationPage *self)
{
  if (self->loading)
    return;

  /* An edit clears the complaint about that field. */
  if (self->error_field >= 0)
    show_error (self, -1, NULL);
  update_sensitivity (self);
}

static void
set_busy (TixOrganizationPage *self,
          gboolean             busy)
{
  self->busy = busy;
  update_sensitivity (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixOrganizationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *settings;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (settings == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not load the organization’s settings: %s"),
                                                error->message);
      add_toast (self, title);
      return;
    }

  g_clear_pointer (&self->saved, json_object_unref);
  self->saved = settings;
  fill (self);
}

static void
load (TixOrganizationPage *self)
{
  set_busy (self, TRUE);
  tix_client_get_settings_async (self->client, self->cancellable, loaded_cb,
                                 g_object_ref (self));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TixOrganizationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *settings;

  settings = tix_client_update_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (settings == NULL)
    {
      const char *field = tix_client_error_get_field (error);

      for (guint i = 0; field != NULL && i < N_FIELDS; i++)
        if (g_str_equal (field, fields[i]))
          {
            show_error (self, i, error->message);
            gtk_widget_grab_focus (self->rows[i]);
            return;
          }

      {
        g_autofree char *title = g_strdup_printf (_("Could not save: %s"), error->message);

        add_toast (self, title);
      }
      return;
    }

  g_clear_pointer (&self->saved, json_object_unref);
  self->saved = settings;
  fill (self);
  add_toast (self, _("Organization settings saved"));
}

static gboolean
has_edits (TixOrganizationPage *self)
{
  for (guint i = 0; self->saved != NULL && i < N_FIELDS; i++)
    if (field_changed (self, i))
      return TRUE;
  return FALSE;
}

/* Another station changed the settings: show them, unless this one is
 * being edited (saving then sends only what was changed here). */
static void
on_stream_event (TixEventStream      *stream,
                 const char          *type,
                 JsonObject          *event,
                 TixOrganizationPage *self)
{
  /* "hello": (re)connected, so changes may have been missed. */
  if (!(g_str_equal (type, "settings-updated") || g_str_equal (type, "hello")) ||
      self->busy || has_edits (self))
    return;

  load (self);
}

static void
stop_stream (TixOrganizationPage *self)
{
  if (self->stream == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->stream, self);
  tix_event_stream_stop (self->stream);
  g_clear_object (&self->stream);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixOrganizationPage *self = TIX_ORGANIZATION_PAGE (widget);
  g_autoptr(JsonObject) changes = json_object_new ();

  if (self->client == NULL || self->saved == NULL || self->busy || !is_admin (self))
    return;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (!field_changed (self, i))
        continue;

      value = field_value (self, i);
      if (i == FIELD_EVENT_DATE && value[0] == '\0')
        json_object_set_null_member (changes, fields[i]);
      else
        json_object_set_string_member (changes, fields[i], value);
    }

  if (json_object_get_size (changes) == 0)
    return;

  show_error (self, -1, NULL);
  set_busy (self, TRUE);
  tix_client_update_settings_async (self->client, changes, self->cancellable, saved_cb,
                                    g_object_ref (self));
}

static void
tix_organization_page_dispose (GObject *object)
{
  TixOrganizationPage *self = TIX_ORGANIZATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_stream (self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->saved, json_object_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_ORGANIZATION_PAGE);

  G_OBJECT_CLASS (tix_organization_page_parent_class)->dispose (object);
}

static void
tix_organization_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TixOrganizationPage *self = TIX_ORGANIZATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_organization_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TixOrganizationPage *self = TIX_ORGANIZATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      tix_organization_page_set_client (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_organization_page_class_init (TixOrganizationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_organization_page_dispose;
  object_class->get_property = tix_organization_page_get_property;
  object_class->set_property = tix_organization_page_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_install_action (widget_class, "organization.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "organization.save", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/preferences/tix-organization-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, group);
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, note_label);
  gtk_widget_class_bind_template_child_full (widget_class, "organization_name_row", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, rows[FIELD_ORGANIZATION_NAME]));
  gtk_widget_class_bind_template_child_full (widget_class, "event_name_row", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, rows[FIELD_EVENT_NAME]));
  gtk_widget_class_bind_template_child_full (widget_class, "event_date_row", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, rows[FIELD_EVENT_DATE]));
  gtk_widget_class_bind_template_child_full (widget_class, "time_zone_row", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, rows[FIELD_TIME_ZONE]));
  gtk_widget_class_bind_template_child_full (widget_class, "default_prefix_row", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, rows[FIELD_DEFAULT_PREFIX]));
  gtk_widget_class_bind_template_child_full (widget_class, "sheet_layout_row", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, rows[FIELD_SHEET_LAYOUT]));
  gtk_widget_class_bind_template_child_full (widget_class, "organization_name_error", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, errors[FIELD_ORGANIZATION_NAME]));
  gtk_widget_class_bind_template_child_full (widget_class, "event_name_error", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, errors[FIELD_EVENT_NAME]));
  gtk_widget_class_bind_template_child_full (widget_class, "event_date_error", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, errors[FIELD_EVENT_DATE]));
  gtk_widget_class_bind_template_child_full (widget_class, "time_zone_error", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, errors[FIELD_TIME_ZONE]));
  gtk_widget_class_bind_template_child_full (widget_class, "default_prefix_error", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, errors[FIELD_DEFAULT_PREFIX]));
  gtk_widget_class_bind_template_child_full (widget_class, "sheet_layout_error", FALSE,
                                             G_STRUCT_OFFSET (TixOrganizationPage, errors[FIELD_SHEET_LAYOUT]));
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
}

static void
tix_organization_page_init (TixOrganizationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->error_field = -1;
  update_sensitivity (self);
}

TixOrganizationPage *
tix_organization_page_new (void)
{
  return g_object_new (TIX_TYPE_ORGANIZATION_PAGE, NULL);
}

void
tix_organization_page_set_client (TixOrganizationPage *self,
                                  TixClient           *client)
{
  g_return_if_fail (TIX_IS_ORGANIZATION_PAGE (self));
  g_return_if_fail (!client || TIX_IS_CLIENT (client));

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_stream (self);
  g_set_object (&self->client, client);
  g_clear_pointer (&self->saved, json_object_unref);
  self->busy = FALSE;
  fill (self);

  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      self->stream = tix_event_stream_get_shared (client);
      g_signal_connect (self->stream, "event", G_CALLBACK (on_stream_event), self);
      tix_event_stream_start (self->stream);
      load (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

gboolean
tix_organization_page_get_busy (TixOrganizationPage *self)
{
  g_return_val_if_fail (TIX_IS_ORGANIZATION_PAGE (self), FALSE);

  return self->busy;
}

const char *
tix_organization_page_get_error_field (TixOrganizationPage *self)
{
  g_return_val_if_fail (TIX_IS_ORGANIZATION_PAGE (self), NULL);

  return self->error_field >= 0 ? fields[self->error_field] : NULL;
}
