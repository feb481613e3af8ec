/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-client-enums.h"
#include "tix-door.h"
#include "tix-narrow-layout.h"
#include "tix-scan-history-row.h"
#include "tix-scan-view-private.h"
#include "tix-scanner-entry.h"
#include "tix-toast-host.h"

/* The scan view: the widget, its scans and their answers, its layout and
 * properties. How it follows the session is in tix-scan-view-session.c, its
 * actions and shortcuts (Ctrl+Z undoes the last scan) in
 * tix-scan-view-actions.c; the rooms are listed in tix-scan-view-private.h. */

#define DEFAULT_QUIET_MS        300
/* Below this width the last scans go under the answer, and the text gets
 * smaller: the view reads well from 360 pixels on. */
#define NARROW_WIDTH            800

G_DEFINE_FINAL_TYPE (TixScanView, tix_scan_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEASON,
  PROP_DOOR_MODE,
  PROP_SOUNDS,
  PROP_PREFIXES,
  PROP_QUIET_INTERVAL,
  PROP_ONLINE_ONLY,
  PROP_DIRECTION,
  PROP_ENTRANCE_CHOICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_tix_scan_view_focus_entry (TixScanView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self->entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Helpers ------------------------------------------------------------------- */

static void
set_css_class (TixScanView *self,
               const char  *css_class,
               gboolean     on)
{
  if (on)
    gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), css_class);
}

/* Takes a boolean property's value: TRUE, and notified, when it changed. */
static gboolean
set_flag (TixScanView  *self,
          gboolean     *flag,
          const GValue *value,
          GParamSpec   *pspec)
{
  gboolean on = g_value_get_boolean (value);

  if (*flag == on)
    return FALSE;

  *flag = on;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

/* Showing answers ------------------------------------------------------------ */

void
_tix_scan_view_show_result (TixScanView   *self,
                            TixScanResult  result,
                            const char    *number,
                            const char    *detail)
{
  self->result = result;
  tix_scan_result_panel_show (self->result_box, result, number, detail);
}

/* The queue gives the door's answers in the order of the scans. */
static void
on_queue_answer (TixScanQueue   *queue,
                 const char     *code,
                 TixDoorVerdict *verdict,
                 gint64          submitted_at,
                 gboolean        late,
                 TixScanView    *self)
{
  g_auto(GStrv) prefixes = tix_scan_prefixes_entry_get_prefixes (self->prefixes_entry);
  g_autoptr(TixScanAnswer) answer = tix_scan_answer_new (code, verdict,
                                                         (const char * const *) prefixes,
                                                         self->zone);
  g_autofree char *time = tix_scan_format_time (self->zone, submitted_at / 1000);
  GtkWidget *row = tix_scan_history_row_new (answer->result, answer->title, time,
                                             answer->offline);

  tix_scan_history_add (self->history, row);

  if (answer->result == TIX_SCAN_RESULT_VALID)
    tix_scan_counts_count_locally (self->counts, +1);

  /* A late answer must not take the screen from the person now at the door:
   * it goes to the list, and a toast says it. */
  if (late)
    {
      g_autofree char *title = NULL;

      /* Translators: "Late answer for FRI-000001: VALID" */
      title = g_strdup_printf (_("Late answer for %s: %s"), answer->title,
                               tix_scan_result_get_verdict (answer->result));
      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      return;
    }

  _tix_scan_view_show_result (self, answer->result, answer->title, answer->detail);
  if (self->sounds)
    tix_scan_sounds_play (self->sound, answer->result);

  if (answer->ticket != NULL)
    {
      g_set_object (&self->last_admitted, answer->ticket);
      g_set_weak_pointer (&self->undo_row, row);
      _tix_scan_view_update_actions (self);
    }
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TixScanQueueEntry *entry = user_data;
  g_autoptr(GError) error = NULL;
  TixDoorVerdict *verdict = tix_door_scan_finish (TIX_DOOR (object), result, &error);

  /* The door answers every scan but a cancelled one: the view is gone or
   * has another client, and the queue has dropped the entry. */
  if (verdict == NULL)
    {
      tix_scan_queue_entry_unref (entry);
      return;
    }
  tix_scan_queue_entry_answer (entry, verdict);
}

/* The entries ------------------------------------------------------------------ */

static void
on_entry_quiet_interval (TixScanView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUIET_INTERVAL]);
}

static void
on_entry_code (TixScanView *self,
               const char  *code)
{
  tix_scan_view_submit (self, code);
}

static void
on_prefixes_changed (TixScanView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFIXES]);
}

/* GObject ---------------------------------------------------------------------- */

/* Narrow: the answer on top, the last scans under it (a few rows), smaller
 * text and a compact header. Wide: the last scans beside the answer. Each
 * layout's minimum width is below the width that switches to it. */
static void
set_narrow (TixScanView *self,
            gboolean     narrow)
{
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->content_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  tix_scan_history_set_narrow (self->history, narrow);
  tix_scan_door_bar_set_narrow (self->door_bar, narrow);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->prefixes_entry), narrow ? 5 : 14);
  adw_button_content_set_label (self->undo_content, narrow ? "" : _("_Undo"));
  gtk_box_set_spacing (self->header_box, narrow ? 6 : 12);
  gtk_box_set_spacing (GTK_BOX (self->counts), narrow ? 6 : 12);
  {
    GtkWidget *page = adw_bin_get_child (ADW_BIN (self));
    int margin = narrow ? 6 : 12;

    gtk_widget_set_margin_start (page, margin);
    gtk_widget_set_margin_end (page, margin);
    gtk_widget_set_margin_top (page, margin);
    gtk_widget_set_margin_bottom (page, margin);
  }
  set_css_class (self, "narrow", narrow);
}

static void
on_narrow_changed (TixScanView        *self,
                   GParamSpec         *pspec,
                   TixNarrowLayout    *layout)
{
  set_narrow (self, tix_narrow_layout_get_narrow (layout));
}

gboolean
tix_scan_view_get_narrow (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), FALSE);

  return self->narrow;
}

static void
tix_scan_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tix_scan_view_parent_class)->map (widget);

  _tix_scan_view_focus_entry (TIX_SCAN_VIEW (widget));
}

static void
on_season_changed (TixScanView *self)
{
  gint64 event_id = self->season != NULL ? tix_season_get_event_id (self->season) : 0;

  _tix_scan_view_apply_events (self);
  /* Another event: its entrances. */
  if (event_id != self->entrances_event_id || self->entrances_cancellable == NULL)
    _tix_scan_view_load_entrances (self);
}

static void
tix_scan_view_dispose (GObject *object)
{
  TixScanView *self = TIX_SCAN_VIEW (object);

  if (self->season != NULL)
    g_signal_handlers_disconnect_by_data (self->season, self);
  g_clear_object (&self->season);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  if (self->queue != NULL)
    tix_scan_queue_clear (self->queue);
  g_clear_object (&self->queue);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->door_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->door);
  g_clear_object (&self->stream);
  g_clear_object (&self->last_admitted);
  g_clear_object (&self->client);
  g_clear_object (&self->sound);
  _tix_scan_view_actions_dispose (self);
  _tix_scan_view_door_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_SCAN_VIEW);

  G_OBJECT_CLASS (tix_scan_view_parent_class)->dispose (object);
}

static void
tix_scan_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TixScanView *self = TIX_SCAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SEASON:
      g_value_set_object (value, self->season);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DOOR_MODE:
      g_value_set_boolean (value, self->door_mode);
      break;

    case PROP_SOUNDS:
      g_value_set_boolean (value, self->sounds);
      break;

    case PROP_PREFIXES:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->prefixes_entry)));
      break;

    case PROP_QUIET_INTERVAL:
      g_object_get_property (G_OBJECT (self->entry), "quiet-interval", value);
      break;

    case PROP_ONLINE_ONLY:
      g_value_set_boolean (value, self->online_only);
      break;

    case PROP_DIRECTION:
      g_value_set_enum (value, tix_scan_view_get_direction (self));
      break;

    case PROP_ENTRANCE_CHOICES:
      g_value_set_variant (value, _tix_scan_view_get_entrance_choices (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TixScanView *self = TIX_SCAN_VIEW (object);

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
      tix_scan_view_set_session (self, g_value_get_object (value));
      break;

    case PROP_DOOR_MODE:
      /* The look of door mode (bigger text); the window is what goes full
       * screen (TixWindow:door-mode, which this property follows). */
      if (set_flag (self, &self->door_mode, value, pspec))
        {
          set_css_class (self, "door-mode", self->door_mode);
          _tix_scan_view_focus_entry (self);
        }
      break;

    case PROP_SOUNDS:
      set_flag (self, &self->sounds, value, pspec);
      break;

    case PROP_PREFIXES:
      {
        const char *text = g_value_get_string (value);

        gtk_editable_set_text (GTK_EDITABLE (self->prefixes_entry), text ? text : "");
      }
      break;

    case PROP_QUIET_INTERVAL:
      /* The entry's: it notifies, and so does the view (bound below). */
      g_object_set_property (G_OBJECT (self->entry), "quiet-interval", value);
      break;

    case PROP_ONLINE_ONLY:
      if (set_flag (self, &self->online_only, value, pspec))
        {
          if (self->door != NULL)
            tix_door_set_online_only (self->door, self->online_only);
          tix_scan_offline_bar_set_online_only (self->offline_bar, self->online_only);
        }
      break;

    case PROP_DIRECTION:
      tix_scan_view_set_direction (self, g_value_get_enum (value));
      break;

    case PROP_ENTRANCE_CHOICES:
      _tix_scan_view_set_entrance_choices (self, g_value_get_variant (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_view_class_init (TixScanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TIX_TYPE_SCANNER_ENTRY);
  g_type_ensure (TIX_TYPE_SCAN_COUNTS);
  g_type_ensure (TIX_TYPE_SCAN_HISTORY);
  g_type_ensure (TIX_TYPE_SCAN_PREFIXES_ENTRY);
  g_type_ensure (TIX_TYPE_SCAN_RESULT_PANEL);
  g_type_ensure (TIX_TYPE_SCAN_OFFLINE_BAR);
  g_type_ensure (TIX_TYPE_SCAN_DOOR_BAR);

  object_class->dispose = tix_scan_view_dispose;
  object_class->get_property = tix_scan_view_get_property;
  object_class->set_property = tix_scan_view_set_property;

  widget_class->map = tix_scan_view_map;

  /* The events and the one the window works on (the window's). */
  properties[PROP_SEASON] =
    g_param_spec_object ("season", NULL, NULL, TIX_TYPE_SEASON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The look of the window's door mode, bound to TixWindow:door-mode. */
  properties[PROP_DOOR_MODE] =
    g_param_spec_boolean ("door-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Bound to the "scan-sounds" setting by the window. */
  properties[PROP_SOUNDS] =
    g_param_spec_boolean ("sounds", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The prefixes this door admits, as typed: "FRI, VIP"; empty admits all.
   * Bound to the "scan-prefixes" setting by the window. */
  properties[PROP_PREFIXES] =
    g_param_spec_string ("prefixes", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Milliseconds of quiet after which scanner-speed input is taken without
   * Enter. Bound to the "scan-quiet-interval" setting by the window. */
  properties[PROP_QUIET_INTERVAL] =
    g_param_spec_uint ("quiet-interval", NULL, NULL, 50, 2000, DEFAULT_QUIET_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When the server is gone, refuse instead of deciding at the station.
   * Bound to the "scan-online-only" setting by the window. */
  properties[PROP_ONLINE_ONLY] =
    g_param_spec_boolean ("online-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Door rules: which way this door scans, In or Out (F2). Bound to the
   * "scan-direction" setting by the window. */
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, TIX_TYPE_DOOR_DIRECTION,
                       TIX_DOOR_DIRECTION_IN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The entrance this station chose for each event, a{xx} (event id to
   * entrance id). Bound to the "scan-entrances" setting by the window. */
  properties[PROP_ENTRANCE_CHOICES] =
    g_param_spec_variant ("entrance-choices", NULL, NULL, G_VARIANT_TYPE ("a{xx}"), NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanView, entry);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, prefixes_entry);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, undo_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, content_box);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, header_box);
  gtk_widget_class_bind_template_child_full (widget_class, "history_column", FALSE,
                                             G_STRUCT_OFFSET (TixScanView, history));
  gtk_widget_class_bind_template_child (widget_class, TixScanView, undo_content);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, door_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, sounds_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, result_box);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, counts);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, offline_bar);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, door_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_code);
  gtk_widget_class_bind_template_callback (widget_class, _tix_scan_view_focus_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_prefixes_changed);

  _tix_scan_view_class_actions_init (klass);
  _tix_scan_view_class_door_init (klass);

  gtk_widget_class_set_css_name (widget_class, "scanview");
}

static void
tix_scan_view_init (TixScanView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = tix_narrow_layout_new (NARROW_WIDTH);
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (on_narrow_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->entry, "notify::quiet-interval",
                           G_CALLBACK (on_entry_quiet_interval), self, G_CONNECT_SWAPPED);
  _tix_scan_view_actions_init (self);

  _tix_scan_view_session_init (self);
  _tix_scan_view_door_init (self);

  self->queue = tix_scan_queue_new ();
  g_signal_connect_object (self->queue, "answer", G_CALLBACK (on_queue_answer), self, 0);
  self->sound = tix_scan_sounds_new ();
  self->cancellable = g_cancellable_new ();
  self->sounds = TRUE;
  self->zone = g_time_zone_new_local ();

  _tix_scan_view_show_result (self, TIX_SCAN_RESULT_NONE, NULL,
               _("Scan a ticket’s code, or type its number and press Enter"));
}

/* Public API ------------------------------------------------------------------- */

TixScanView *
tix_scan_view_new (void)
{
  return g_object_new (TIX_TYPE_SCAN_VIEW, NULL);
}

TixSession *
tix_scan_view_get_session (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return self->session;
}

void
tix_scan_view_set_session (TixScanView *self,
                           TixSession  *session)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  _tix_scan_view_follow_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
tix_scan_view_submit (TixScanView *self,
                      const char  *code)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) prefixes = NULL;
  TixScanQueueEntry *entry;

  g_return_if_fail (TIX_IS_SCAN_VIEW (self));
  g_return_if_fail (code != NULL);

  text = g_strstrip (g_strdup (code));
  if (*text == '\0')
    return;

  entry = tix_scan_queue_push (self->queue, text);
  if (self->client == NULL || self->door == NULL)
    {
      /* No door to ask: the answer is that it was not checked. */
      TixDoorVerdict *verdict = g_new0 (TixDoorVerdict, 1);

      verdict->kind = TIX_DOOR_FAILED;
      verdict->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED,
                                            _("Not signed in"));
      tix_scan_queue_entry_answer (entry, verdict);
      return;
    }

  prefixes = tix_scan_prefixes_entry_get_prefixes (self->prefixes_entry);
  tix_door_scan_async (self->door, text, (const char * const *) prefixes,
                       self->cancellable, scan_cb, entry);
  _tix_scan_view_focus_entry (self);
}

TixScanResult
tix_scan_view_get_result (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), TIX_SCAN_RESULT_NONE);

  return self->result;
}

guint
tix_scan_view_get_n_pending (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), 0);

  return tix_scan_queue_get_n_pending (self->queue) + self->n_decoding;
}

GtkEditable *
tix_scan_view_get_entry (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return GTK_EDITABLE (self->entry);
}

GtkListBox *
tix_scan_view_get_history (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return tix_scan_history_get_list (self->history);
}

void
tix_scan_view_get_counts (TixScanView *self,
                          gint64      *scanned,
                          gint64      *total)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));

  tix_scan_counts_get (self->counts, scanned, total);
}
