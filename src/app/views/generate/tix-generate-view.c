/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-generate-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tix-app-util.h"
#include "tix-generate-view-private.h"
#include "tix-sheet-job.h"
#include "tix-validate.h"
#include "tix-toast-host.h"


G_DEFINE_FINAL_TYPE (TixGenerateView, tix_generate_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEASON,
  PROP_BUSY,
  N_PROPS
};

enum {
  TICKETS_GENERATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_tix_generate_view_tickets_generated (TixGenerateView *self,
                                      GPtrArray       *tickets)
{
  g_signal_emit (self, signals[TICKETS_GENERATED], 0, tickets);
}

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
/* Which event the tickets go to, and how numbers run. */
static char *
describe_target (TixGenerateView *self)
{
  const char *numbers = _("Tickets are numbered in order for each prefix. "
                          "A number is never given out twice.");
  TixEvent *event = self->season != NULL ? tix_season_get_event (self->season) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *target = NULL;

  if (event == NULL)
    return g_strdup (numbers);

  when = tix_format_event_time (tix_season_get_time_zone (self->season), event);
  if (tix_season_get_selected_id (self->season) == 0)
    /* Translators: "All events" is chosen in the header bar; the event's name */
    target = g_strdup_printf (_("All events are chosen: new tickets go to the current event, "
                                "“%s”."), tix_event_display_name (event));
  else if (when != NULL)
    /* Translators: the event's name and when it starts */
    target = g_strdup_printf (_("New tickets are for “%s”, %s."), tix_event_display_name (event), when);
  else
    target = g_strdup_printf (_("New tickets are for “%s”."), tix_event_display_name (event));

  return g_strconcat (target, " ", numbers, NULL);
}

static void
on_season_changed (TixGenerateView *self)
{
  _tix_generate_view_update_state (self);
}

gboolean
_tix_generate_view_update_state (TixGenerateView *self)
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
    {
      g_autofree char *intro = describe_target (self);

      gtk_label_set_label (self->intro_label, intro);
    }

  tix_widget_set_sensitive (GTK_WIDGET (self->fields_list), !self->busy && allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.run",
                                 !self->busy && allowed && prefix_ok && extra_ok && count_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "generate.cancel", self->busy);

  return prefix_ok && extra_ok && count_ok;
}

void
_tix_generate_view_set_busy (TixGenerateView *self,
          gboolean         busy)
{
  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  _tix_generate_view_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_prefix (TixGenerateView *self,
            const char      *prefix)
{
  self->setting_prefix = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->prefix_row), prefix);
  self->setting_prefix = FALSE;
  _tix_generate_view_update_state (self);
}

static void
on_count_changed (TixGenerateView *self)
{
  _tix_generate_view_update_state (self);
}

static void
on_prefix_changed (TixGenerateView *self)
{
  if (!self->setting_prefix)
    self->prefix_edited = TRUE;
  _tix_generate_view_update_state (self);
}

static void
on_extra_changed (TixGenerateView *self)
{
  _tix_generate_view_update_state (self);
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
tix_generate_view_dispose (GObject *object)
{
  TixGenerateView *self = TIX_GENERATE_VIEW (object);

  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);

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
    case PROP_SEASON:
      g_value_set_object (value, self->season);
      break;

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
    case PROP_SEASON:
      if (self->season != NULL)
        g_signal_handlers_disconnect_by_data (self->season, self);
      if (g_set_object (&self->season, g_value_get_object (value)))
        {
          if (self->season != NULL)
            {
              g_signal_connect_object (self->season, "notify::event-id", G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
              g_signal_connect_object (self->season, "notify::selected-id", G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
              g_signal_connect_object (self->season, "notify::event", G_CALLBACK (on_season_changed), self, G_CONNECT_SWAPPED);
            }
          on_season_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

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

  /* The events and the one the window works on (the window's). */
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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

  _tix_generate_view_class_actions_init (widget_class);
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
  _tix_generate_view_update_print_state (self);
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
  _tix_generate_view_update_print_state (self);

  g_set_object (&self->client, client);

  if (client != NULL)
    {
      self->settings_cancellable = g_cancellable_new ();
      tix_client_get_settings_async (client, self->settings_cancellable,
                                     settings_cb, g_object_ref (self));
    }

  _tix_generate_view_update_state (self);
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
