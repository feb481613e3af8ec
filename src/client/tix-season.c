/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-season"

#include "config.h"

#include "tix-season.h"

struct _TixSeason
{
  GObject       parent_instance;

  /* Owned references */
  TixSession   *session;
  GSignalGroup *stream_signals;
  TixClient    *client;         /* the session's, as of the last change */
  GCancellable *cancellable;    /* reading the events and the settings */
  GListStore   *events;         /* TixEvent, not archived, soonest first */
  GListStore   *archived;       /* TixEvent, archived, soonest first */
  GHashTable   *known;          /* id → TixEvent, archived ones too */
  char         *time_zone;      /* the organization's, or NULL */

  gint64        selected_id;
  gint64        current_id;
  gint64        event_id;       /* as last notified */

  /* A list of the events read while the stream told of changes: the
   * changes told since the latest read began, applied again over its
   * answer (id → TixEvent, or NULL for one deleted). */
  guint         read_serial;    /* of the latest read */
  gboolean      reading;
  GHashTable   *changes;

  guint         loaded : 1;
};

G_DEFINE_FINAL_TYPE (TixSeason, tix_season, G_TYPE_OBJECT)

static void
object_unref_maybe (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_ID,
  PROP_CURRENT_ID,
  PROP_EVENT_ID,
  PROP_EVENT,
  PROP_LOADED,
  PROP_TIME_ZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Soonest first, those without a date last, then in the order made. */
static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  TixEvent *x = (TixEvent *) a, *y = (TixEvent *) b;
  gint64 xs = tix_event_get_starts_at (x), ys = tix_event_get_starts_at (y);

  if ((xs == TIX_EVENT_NO_TIME) != (ys == TIX_EVENT_NO_TIME))
    return xs == TIX_EVENT_NO_TIME ? 1 : -1;
  if (xs != ys)
    return xs < ys ? -1 : 1;
  return tix_event_get_id (x) < tix_event_get_id (y) ? -1 :
         tix_event_get_id (x) > tix_event_get_id (y);
}

static gboolean
find_in_store (GListStore *store,
               gint64      event_id,
               guint      *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TixEvent) event = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (tix_event_get_id (event) == event_id)
        {
          if (out_position != NULL)
            *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
find_in_list (TixSeason *self,
              gint64     event_id,
              guint     *out_position)
{
  return find_in_store (self->events, event_id, out_position);
}

/* "event-id" and "event" follow the choice and the current event. */
static void
update_event_id (TixSeason *self)
{
  gint64 event_id = self->selected_id != 0 ? self->selected_id : self->current_id;

  if (event_id == self->event_id)
    return;

  self->event_id = event_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

/* A choice gone (deleted, archived) is the current event once known. */
static void
check_selection (TixSeason *self)
{
  if (self->loaded && self->current_id != 0 && self->selected_id != 0 &&
      !find_in_list (self, self->selected_id, NULL))
    {
      g_debug ("Event %" G_GINT64_FORMAT " is gone: choosing the current one", self->selected_id);
      self->selected_id = self->current_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
  update_event_id (self);
}

/* @event as the server has it now: in the list unless archived. */
static void
put_event (TixSeason *self,
           TixEvent  *event)
{
  gint64 id = tix_event_get_id (event);
  TixEvent *known = g_hash_table_lookup (self->known, &id);
  guint position;

  if (known != NULL)
    tix_event_update_from (known, event);
  else
    {
      known = g_object_ref (event);
      g_hash_table_insert (self->known, g_memdup2 (&id, sizeof id), known);
    }

  /* Out and back in: its date may have moved it. */
  if (find_in_list (self, id, &position))
    g_list_store_remove (self->events, position);
  if (find_in_store (self->archived, id, &position))
    g_list_store_remove (self->archived, position);
  g_list_store_insert_sorted (tix_event_get_archived (known) ? self->archived : self->events,
                              known, compare_events, NULL);

  if (id == self->event_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

static void
remove_event (TixSeason *self,
              gint64     event_id)
{
  guint position;

  if (find_in_list (self, event_id, &position))
    g_list_store_remove (self->events, position);
  if (find_in_store (self->archived, event_id, &position))
    g_list_store_remove (self->archived, position);
  g_hash_table_remove (self->known, &event_id);
}

static void
set_settings (TixSeason   *self,
              TixSettings *settings)
{
  const char *zone = settings != NULL ? tix_settings_get (settings, TIX_SETTING_TIME_ZONE) : NULL;

  if (zone != NULL && *zone == '\0')
    zone = NULL;
  if (g_strcmp0 (zone, self->time_zone) != 0)
    {
      g_free (self->time_zone);
      self->time_zone = g_strdup (zone);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
      /* The times of the events read otherwise. */
      if (self->event_id != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
    }
}

static void
set_current_id (TixSeason *self,
                gint64     current_id)
{
  if (self->current_id == current_id)
    return;

  self->current_id = current_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ID]);
}

/* Reading ---------------------------------------------------------------------- */

/* A read of the list: unowned, the read is cancelled before self goes. */
typedef struct
{
  TixSeason *self;
  guint      serial;
} ReadData;

static void
events_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  TixSeason *self;
  guint serial;

  events = tix_client_list_events_finish (TIX_CLIENT (object), result, &error);
  serial = ((ReadData *) user_data)->serial;
  self = ((ReadData *) user_data)->self;
  g_free (user_data);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: still this client's (dispose and a new client cancel). */
  /* A later read is on its way: its answer is the newer. */
  if (serial != self->read_serial)
    return;
  self->reading = FALSE;
  if (events == NULL)
    {
      g_debug ("Could not read the events: %s", error->message);
      g_hash_table_remove_all (self->changes);
      return;
    }

  g_list_store_remove_all (self->events);
  g_list_store_remove_all (self->archived);
  g_hash_table_remove_all (self->known);
  for (guint i = 0; i < events->len; i++)
    put_event (self, g_ptr_array_index (events, i));

  /* What the stream said while the list was on its way may be newer than
   * the list (an event made just before the answer was written). */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->changes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        if (value != NULL)
          put_event (self, value);
        else
          remove_event (self, *(gint64 *) key);
      }
    g_hash_table_remove_all (self->changes);
  }

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  check_selection (self);
}

static void
settings_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TixSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  TixSeason *self;

  settings = tix_client_get_settings_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (settings == NULL)
    {
      g_debug ("Could not read the current event: %s", error->message);
      return;
    }
  set_settings (self, settings);
  set_current_id (self, tix_settings_get_current_event_id (settings));
  check_selection (self);
}

static void
read_events (TixSeason *self)
{
  ReadData *data;

  if (self->client == NULL)
    return;

  data = g_new0 (ReadData, 1);
  data->self = self;
  data->serial = ++self->read_serial;
  self->reading = TRUE;
  g_hash_table_remove_all (self->changes);
  tix_client_list_events_async (self->client, TRUE, self->cancellable, events_cb, data);
}

/* A change the stream told: applied now, and again over a list being read. */
static void
note_change (TixSeason *self,
             gint64     id,
             TixEvent  *event)
{
  if (!self->reading)
    return;
  g_hash_table_insert (self->changes, g_memdup2 (&id, sizeof id),
                       event != NULL ? g_object_ref (event) : NULL);
}

/* The stream ------------------------------------------------------------------- */

static void
on_event_changed (TixEventStream *stream,
                  TixEvent       *event,
                  TixSeason      *self)
{
  note_change (self, tix_event_get_id (event), event);
  put_event (self, event);
  check_selection (self);
}

static void
on_event_deleted (TixEventStream *stream,
                  TixEvent       *event,
                  TixSeason      *self)
{
  note_change (self, tix_event_get_id (event), NULL);
  remove_event (self, tix_event_get_id (event));
  check_selection (self);
}

static void
on_settings_changed (TixEventStream *stream,
                     TixSettings    *settings,
                     TixSeason      *self)
{
  set_settings (self, settings);
  set_current_id (self, tix_settings_get_current_event_id (settings));
  check_selection (self);
}

/* Away for a while: what changed meanwhile is not replayed. */
static void
on_connected (TixEventStream *stream,
              GParamSpec     *pspec,
              TixSeason      *self)
{
  if (tix_event_stream_get_connected (stream))
    read_events (self);
}

static void
on_client_changed (TixSeason *self)
{
  TixClient *client = tix_session_get_client (self->session);
  gboolean was_loaded = self->loaded;

  if (client == self->client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);
  g_list_store_remove_all (self->events);
  g_list_store_remove_all (self->archived);
  g_hash_table_remove_all (self->known);
  self->loaded = FALSE;
  set_current_id (self, 0);
  set_settings (self, NULL);
  g_signal_group_set_target (self->stream_signals, tix_session_get_stream (self->session));

  if (was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  update_event_id (self);

  if (client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  tix_client_get_settings_async (client, self->cancellable, settings_cb, self);
  read_events (self);
}

/* GObject --------------------------------------------------------------------- */

static void
tix_season_dispose (GObject *object)
{
  TixSeason *self = TIX_SEASON (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->stream_signals != NULL)
    g_signal_group_set_target (self->stream_signals, NULL);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  if (self->events != NULL)
    g_list_store_remove_all (self->events);
  if (self->archived != NULL)
    g_list_store_remove_all (self->archived);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->changes, g_hash_table_unref);

  G_OBJECT_CLASS (tix_season_parent_class)->dispose (object);
}

static void
tix_season_finalize (GObject *object)
{
  TixSeason *self = TIX_SEASON (object);

  g_clear_object (&self->events);
  g_clear_object (&self->archived);
  g_free (self->time_zone);

  G_OBJECT_CLASS (tix_season_parent_class)->finalize (object);
}

static void
tix_season_constructed (GObject *object)
{
  TixSeason *self = TIX_SEASON (object);

  G_OBJECT_CLASS (tix_season_parent_class)->constructed (object);

  g_assert (self->session != NULL);
  g_signal_connect_swapped (self->session, "notify::client", G_CALLBACK (on_client_changed),
                            self);
  on_client_changed (self);
}

static void
tix_season_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TixSeason *self = TIX_SEASON (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;

    case PROP_CURRENT_ID:
      g_value_set_int64 (value, self->current_id);
      break;

    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;

    case PROP_EVENT:
      g_value_set_object (value, tix_season_get_event (self));
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_TIME_ZONE:
      g_value_set_string (value, self->time_zone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_season_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TixSeason *self = TIX_SEASON (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_SELECTED_ID:
      tix_season_set_selected_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_season_class_init (TixSeasonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tix_season_constructed;
  object_class->dispose = tix_season_dispose;
  object_class->finalize = tix_season_finalize;
  object_class->get_property = tix_season_get_property;
  object_class->set_property = tix_season_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_ID] =
    g_param_spec_int64 ("current-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, TIX_TYPE_EVENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] =
    g_param_spec_string ("time-zone", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_season_init (TixSeason *self)
{
  self->events = g_list_store_new (TIX_TYPE_EVENT);
  self->archived = g_list_store_new (TIX_TYPE_EVENT);
  self->known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         object_unref_maybe);

  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect (self->stream_signals, "event-created",
                          G_CALLBACK (on_event_changed), self);
  g_signal_group_connect (self->stream_signals, "event-updated",
                          G_CALLBACK (on_event_changed), self);
  g_signal_group_connect (self->stream_signals, "event-deleted",
                          G_CALLBACK (on_event_deleted), self);
  g_signal_group_connect (self->stream_signals, "settings-changed",
                          G_CALLBACK (on_settings_changed), self);
  g_signal_group_connect (self->stream_signals, "notify::connected",
                          G_CALLBACK (on_connected), self);
}

/* Public API ------------------------------------------------------------------ */

TixSeason *
tix_season_new (TixSession *session)
{
  g_return_val_if_fail (TIX_IS_SESSION (session), NULL);

  return g_object_new (TIX_TYPE_SEASON, "session", session, NULL);
}

TixSession *
tix_season_get_session (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  return self->session;
}

GListModel *
tix_season_get_events (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  return G_LIST_MODEL (self->events);
}

GListModel *
tix_season_get_archived (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  return G_LIST_MODEL (self->archived);
}

TixEvent *
tix_season_lookup (TixSeason *self,
                   gint64     event_id)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  return g_hash_table_lookup (self->known, &event_id);
}

GPtrArray *
tix_season_dup_known (TixSeason *self)
{
  GPtrArray *known;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  known = g_ptr_array_new_full (g_hash_table_size (self->known), g_object_unref);
  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (known, g_object_ref (value));
  return known;
}

gboolean
tix_season_get_loaded (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), FALSE);

  return self->loaded;
}

gint64
tix_season_get_selected_id (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), 0);

  return self->selected_id;
}

void
tix_season_set_selected_id (TixSeason *self,
                            gint64     event_id)
{
  g_return_if_fail (TIX_IS_SEASON (self));
  g_return_if_fail (event_id >= 0);

  if (self->selected_id == event_id)
    return;

  self->selected_id = event_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
  check_selection (self);
}

gint64
tix_season_get_current_id (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), 0);

  return self->current_id;
}

gint64
tix_season_get_event_id (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), 0);

  return self->event_id;
}

TixEvent *
tix_season_get_event (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  return self->event_id != 0 ? tix_season_lookup (self, self->event_id) : NULL;
}

const char *
tix_season_get_time_zone (TixSeason *self)
{
  g_return_val_if_fail (TIX_IS_SEASON (self), NULL);

  return self->time_zone;
}

void
tix_season_reload (TixSeason *self)
{
  g_return_if_fail (TIX_IS_SEASON (self));

  read_events (self);
}
