/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-organization-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-organization-page.h"
#include "tix-validate.h"
#include "tix-toast-host.h"

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

/* The fields are the settings, in their order. */
G_STATIC_ASSERT ((int) N_FIELDS == (int) TIX_N_SETTINGS);
G_STATIC_ASSERT ((int) FIELD_SHEET_LAYOUT == (int) TIX_SETTING_SHEET_LAYOUT);

struct _TixOrganizationPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *group;
  GtkButton           *save_button;
  GtkLabel            *note_label;
  GtkWidget           *rows[N_FIELDS];
  GtkLabel            *errors[N_FIELDS];
  GtkMenuButton       *event_date_button;
  GtkCalendar         *event_date_calendar;
  GtkMenuButton       *time_zone_button;
  GtkSearchEntry      *time_zone_search;
  GtkListView         *time_zone_list;

  /* Owned references */
  TixSession          *session;
  GSignalGroup        *session_signals;
  TixClient           *client;        /* the session's, as of the last change */
  GSignalGroup        *stream_signals; /* another station's changes */
  GCancellable        *cancellable;
  TixSettings         *saved;        /* the settings as the server has them */
  GtkStringList       *zones;        /* the IANA names offered */
  GtkStringFilter     *zone_filter;
  GtkFilterListModel  *zone_model;
  char                *event_date;   /* as chosen: YYYY-MM-DD or "" */
  char                *time_zone;    /* as chosen */

  int                  error_field;  /* the first field in error, -1: none */
  guint                error_mask;   /* 1 << field for each field in error */
  guint                busy : 1;
  guint                loading : 1;  /* filling the rows: not an edit */
};

G_DEFINE_FINAL_TYPE (TixOrganizationPage, tix_organization_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_admin (TixOrganizationPage *self)
{
  TixUser *user = self->client != NULL ? tix_client_get_user (self->client) : NULL;

  return user != NULL && tix_user_is_admin (user);
}

static const char *
saved_string (TixOrganizationPage *self,
              guint                field)
{
  if (self->saved == NULL)
    return NULL;

  return tix_settings_get (self->saved, (TixSetting) field);
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
  if (field == FIELD_EVENT_DATE)
    return g_strdup (self->event_date != NULL ? self->event_date : "");
  if (field == FIELD_TIME_ZONE)
    return g_strdup (self->time_zone != NULL ? self->time_zone : "");

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[field]))));
}

static gboolean
field_changed (TixOrganizationPage *self,
               guint                field)
{
  g_autofree char *value = field_value (self, field);
  const char *saved = saved_string (self, field);

  return g_strcmp0 (value, saved ? saved : "") != 0;
}

static void
set_field_error (TixOrganizationPage *self,
                 guint                field,
                 const char          *message)
{
  gboolean here = message != NULL;

  gtk_label_set_label (self->errors[field], here ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->errors[field]), here);
  /* The label's row, right under the field's. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->errors[field])), here);
  if (here)
    {
      gtk_widget_add_css_class (self->rows[field], "error");
      self->error_mask |= 1u << field;
    }
  else
    {
      gtk_widget_remove_css_class (self->rows[field], "error");
      self->error_mask &= ~(1u << field);
    }

  self->error_field = -1;
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->error_mask & (1u << i))
      {
        self->error_field = i;
        break;
      }
}

/* @field -1: no errors at all. */
static void
show_error (TixOrganizationPage *self,
            int                  field,
            const char          *message)
{
  for (guint i = 0; i < N_FIELDS; i++)
    set_field_error (self, i, (int) i == field ? message : NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The zone names of the system's time zone database (zone.tab), sorted,
 * with UTC. The server checks a name again; this only offers real ones. */
static GtkStringList *
load_zones (void)
{
  const char *dir = g_getenv ("TZDIR");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  const char *files[] = { "zone1970.tab", "zone.tab" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir != NULL && *dir != '\0' ? dir
                                                : "/usr/share/zoneinfo", files[f], NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) columns = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          columns = g_strsplit (lines[i], "\t", 4);
          if (g_strv_length (columns) >= 3 && !g_hash_table_contains (seen, columns[2]))
            {
              char *name = g_strdup (columns[2]);

              g_ptr_array_add (names, name);
              g_hash_table_add (seen, name);
            }
        }
    }
  if (!g_hash_table_contains (seen, "UTC"))
    g_ptr_array_add (names, g_strdup ("UTC"));

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (names, i));
  strv = g_strv_builder_end (builder);

  return gtk_string_list_new ((const char * const *) strv);
}

/* "America/New_York" as "America/New York": what a person types to find it. */
static char *
zone_display_name (GtkStringObject *item)
{
  char *name = g_strdup (item != NULL ? gtk_string_object_get_string (item) : "");

  g_strdelimit (name, "_", ' ');
  return name;
}

static char *
format_date (const char *date)
{
  guint y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (date == NULL || !tix_validate_date (date) ||
      sscanf (date, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      (dt = g_date_time_new_utc ((int) y, (int) m, (int) d, 0, 0, 0)) == NULL)
    return g_strdup (_("No date"));

  /* Translators: the event's day, see g_date_time_format() */
  return g_date_time_format (dt, _("%a %-d %B %Y"));
}

static void
set_event_date (TixOrganizationPage *self,
                const char          *date)
{
  g_autofree char *label = NULL;
  guint y, m, d;

  g_free (self->event_date);
  self->event_date = g_strdup (date != NULL ? date : "");
  label = format_date (self->event_date);
  gtk_menu_button_set_label (self->event_date_button, label);

  if (tix_validate_date (self->event_date) &&
      sscanf (self->event_date, "%4u-%2u-%2u", &y, &m, &d) == 3)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local ((int) y, (int) m, (int) d, 12, 0, 0);
      gboolean loading = self->loading;

      self->loading = TRUE;
      if (dt != NULL)
        gtk_calendar_select_day (self->event_date_calendar, dt);
      self->loading = loading;
    }
}

static void
set_time_zone (TixOrganizationPage *self,
               const char          *zone)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->zones));
  gboolean known = FALSE;

  g_free (self->time_zone);
  self->time_zone = g_strdup (zone != NULL ? zone : "");
  gtk_menu_button_set_label (self->time_zone_button,
                             *self->time_zone != '\0' ? self->time_zone : _("None"));

  /* The server's zone is offered even when this system does not list it. */
  for (guint i = 0; i < n && !known; i++)
    known = g_str_equal (gtk_string_list_get_string (self->zones, i), self->time_zone);
  if (!known && *self->time_zone != '\0')
    gtk_string_list_append (self->zones, self->time_zone);
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
      const char *value = saved_string (self, i);

      if (i == FIELD_SHEET_LAYOUT)
        {
          guint selected = 0;

          for (guint j = 0; j < G_N_ELEMENTS (layouts); j++)
            if (g_strcmp0 (value, layouts[j]) == 0)
              selected = j;
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->rows[i]), selected);
        }
      else if (i == FIELD_EVENT_DATE)
        set_event_date (self, value);
      else if (i == FIELD_TIME_ZONE)
        set_time_zone (self, value);
      else
        gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), value ? value : "");
    }

  self->loading = FALSE;
  show_error (self, -1, NULL);
  update_sensitivity (self);
}

static void
on_field_changed (TixOrganizationPage *self,
                  GParamSpec          *pspec,
                  GtkWidget           *row)
{
  if (self->loading)
    return;

  /* An edit clears the complaint about that field, and only that one. */
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->rows[i] == row && (self->error_mask & (1u << i)))
      set_field_error (self, i, NULL);
  update_sensitivity (self);
}

static void
on_entry_changed (TixOrganizationPage *self,
                  GtkEditable         *row)
{
  on_field_changed (self, NULL, GTK_WIDGET (row));
}

static void
on_day_selected (TixOrganizationPage *self,
                 GtkCalendar         *calendar)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  date = gtk_calendar_get_date (calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  set_event_date (self, text);
  on_field_changed (self, NULL, self->rows[FIELD_EVENT_DATE]);
}

static void
on_date_cleared (TixOrganizationPage *self)
{
  set_event_date (self, "");
  on_field_changed (self, NULL, self->rows[FIELD_EVENT_DATE]);
  gtk_menu_button_popdown (self->event_date_button);
}

static void
choose_time_zone (TixOrganizationPage *self,
                  guint                position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->zone_model),
                                                           position);

  if (item == NULL)
    return;

  set_time_zone (self, gtk_string_object_get_string (item));
  on_field_changed (self, NULL, self->rows[FIELD_TIME_ZONE]);
  gtk_menu_button_popdown (self->time_zone_button);
}

static void
on_time_zone_activated (TixOrganizationPage *self,
                        guint                position)
{
  choose_time_zone (self, position);
}

static void
on_time_zone_search_changed (TixOrganizationPage *self,
                             GtkSearchEntry      *entry)
{
  g_autofree char *search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_strdelimit (search, "_", ' ');
  gtk_string_filter_set_search (self->zone_filter, g_strstrip (search));
}

/* Enter takes the first zone that matches. */
static void
on_time_zone_search_activated (TixOrganizationPage *self)
{
  on_time_zone_search_changed (self, self->time_zone_search);
  choose_time_zone (self, 0);
}

static void
on_time_zone_popover_shown (TixOrganizationPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone_search), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->time_zone_search));
}

static void
setup_zone_item (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_zone_item (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  g_autofree char *name = zone_display_name (gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), name);
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
  TixSettings *settings;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (settings == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not load the organization’s settings: %s"),
                                                error->message);
      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      return;
    }

  g_clear_object (&self->saved);
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
  TixSettings *settings;

  settings = tix_client_update_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (settings == NULL)
    {
      const char *field = tix_client_error_get_field (error);

      for (guint i = 0; field != NULL && i < N_FIELDS; i++)
        if (g_str_equal (field, tix_setting_get_name ((TixSetting) i)))
          {
            set_field_error (self, i, error->message);
            gtk_widget_grab_focus (self->rows[i]);
            return;
          }

      {
        g_autofree char *title = g_strdup_printf (_("Could not save: %s"), error->message);

        tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      }
      return;
    }

  g_clear_object (&self->saved);
  self->saved = settings;
  fill (self);
  tix_widget_add_toast (GTK_WIDGET (self),
                        adw_toast_new (_("Organization settings saved")));
}

static gboolean
has_edits (TixOrganizationPage *self)
{
  for (guint i = 0; self->saved != NULL && i < N_FIELDS; i++)
    if (field_changed (self, i))
      return TRUE;
  return FALSE;
}

/* Another station changed the settings (or they changed while the stream
 * was away): show them, unless this one is being edited (saving then sends
 * only what was changed here). */
static void
on_settings_changed (TixEventStream      *stream,
                     TixSettings         *settings,
                     TixOrganizationPage *self)
{
  if (self->busy || has_edits (self))
    return;

  g_set_object (&self->saved, settings);
  fill (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixOrganizationPage *self = TIX_ORGANIZATION_PAGE (widget);
  g_autoptr(TixSettings) changes = tix_settings_new ();

  guint n_errors = 0;

  if (self->client == NULL || self->saved == NULL || self->busy || !is_admin (self))
    return;

  /* Every field is checked here first, so that all the complaints show at
   * once; the server checks again and names the field it refuses. */
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = field_value (self, i);
      const char *message = NULL;
      gboolean ok = TRUE;

      switch (i)
        {
        case FIELD_ORGANIZATION_NAME:
          ok = tix_validate_name (value, &message);
          if (!ok && *value == '\0')
            message = N_("The organization needs a name");
          break;
        case FIELD_EVENT_NAME:
          ok = *value == '\0' || tix_validate_name (value, &message);
          break;
        case FIELD_EVENT_DATE:
          ok = *value == '\0' || tix_validate_date (value);
          message = N_("Event date must be a date as YYYY-MM-DD");
          break;
        case FIELD_DEFAULT_PREFIX:
          ok = tix_validate_prefix (value, &message);
          break;
        default:
          /* The time zone and the layout come from lists. */
          break;
        }

      if (!ok && field_changed (self, i))
        {
          set_field_error (self, i, message != NULL ? _(message) : _("Not a valid value"));
          n_errors++;
        }
      else
        set_field_error (self, i, NULL);
    }

  if (n_errors > 0)
    {
      gtk_widget_grab_focus (self->rows[self->error_field]);
      return;
    }

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (!field_changed (self, i))
        continue;

      /* An empty event date goes as null: no date. */
      value = field_value (self, i);
      tix_settings_set (changes, (TixSetting) i, value);
    }

  if (tix_settings_is_empty (changes))
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
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->saved);
  g_clear_pointer (&self->event_date, g_free);
  g_clear_object (&self->zone_model);
  g_clear_object (&self->zone_filter);
  g_clear_object (&self->zones);
  g_clear_pointer (&self->time_zone, g_free);

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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
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
    case PROP_SESSION:
      tix_organization_page_set_session (self, g_value_get_object (value));
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

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, event_date_button);
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, event_date_calendar);
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, time_zone_button);
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, time_zone_search);
  gtk_widget_class_bind_template_child (widget_class, TixOrganizationPage, time_zone_list);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_date_cleared);
  gtk_widget_class_bind_template_callback (widget_class, on_time_zone_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_time_zone_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_time_zone_search_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_time_zone_popover_shown);
}

static void on_client_changed (TixOrganizationPage *self);

static void
tix_organization_page_init (TixOrganizationPage *self)
{
  GtkListItemFactory *factory;
  GtkExpression *expression;
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "settings-changed",
                                 G_CALLBACK (on_settings_changed), self, 0);

  /* The zones, searched anywhere in their names ("york" finds New York). */
  self->zones = load_zones ();
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (zone_display_name), NULL, NULL);
  self->zone_filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->zone_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->zone_filter, TRUE);
  self->zone_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->zones)),
                                                GTK_FILTER (g_object_ref (self->zone_filter)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_zone_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_zone_item), NULL);
  gtk_list_view_set_factory (self->time_zone_list, factory);
  g_object_unref (factory);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->zone_model))));
  gtk_list_view_set_model (self->time_zone_list, selection);
  g_object_unref (selection);

  self->error_field = -1;
  update_sensitivity (self);
}

TixOrganizationPage *
tix_organization_page_new (void)
{
  return g_object_new (TIX_TYPE_ORGANIZATION_PAGE, NULL);
}

static void
set_client (TixOrganizationPage *self,
            TixClient           *client)
{
  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_signal_group_set_target (self->stream_signals,
                             client != NULL ? tix_session_get_stream (self->session) : NULL);
  g_set_object (&self->client, client);
  g_clear_object (&self->saved);
  self->busy = FALSE;
  fill (self);

  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      load (self);
    }
}

/* Signed in, out or as someone else: the page starts afresh. */
static void
on_client_changed (TixOrganizationPage *self)
{
  set_client (self, self->session != NULL ? tix_session_get_client (self->session) : NULL);
}

TixSession *
tix_organization_page_get_session (TixOrganizationPage *self)
{
  g_return_val_if_fail (TIX_IS_ORGANIZATION_PAGE (self), NULL);

  return self->session;
}

void
tix_organization_page_set_session (TixOrganizationPage *self,
                                   TixSession          *session)
{
  g_return_if_fail (TIX_IS_ORGANIZATION_PAGE (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
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

  return self->error_field >= 0 ? tix_setting_get_name ((TixSetting) self->error_field) : NULL;
}
