/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

#include <string.h>

#include "tix-client-enums.h"
#include "tix-door-private.h"

/* TixDoor: the object, its properties and whether the server is there.
 * What it does with a scan is in tix-door-scan.c (online) and
 * tix-door-offline.c (when the server is silent); tix-door-private.h lists
 * the rooms. */

#define DEFAULT_SCAN_TIMEOUT_MS 2000
#define DEFAULT_RETRY_MS        3000

G_DEFINE_FINAL_TYPE (TixDoor, tix_door, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CACHE,
  PROP_ONLINE,
  PROP_ONLINE_ONLY,
  PROP_N_QUEUED,
  PROP_EVENT_IDS,
  PROP_CURRENT_EVENT_ID,
  PROP_ENTRANCE_ID,
  PROP_DIRECTION,
  N_PROPS
};

enum {
  CONFLICT,
  DRAINED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* For the other rooms ---------------------------------------------------------- */

void
tix_door_update_n_queued (TixDoor *self)
{
  guint n = tix_door_cache_count_queue (self->cache, TIX_DOOR_QUEUE_PENDING);

  if (n != self->n_queued)
    {
      self->n_queued = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
    }
}

void
tix_door_emit_conflict (TixDoor           *self,
                        TixDoorQueuedScan *scan,
                        TixTicket         *ticket)
{
  g_signal_emit (self, signals[CONFLICT], 0, scan, ticket);
}

void
tix_door_emit_drained (TixDoor *self)
{
  g_signal_emit (self, signals[DRAINED], 0);
}

/* The events admitted ------------------------------------------------------------ */

const gint64 *
tix_door_get_admitted (TixDoor *self,
                       guint   *out_n)
{
  if (self->event_ids->len > 0)
    {
      *out_n = self->event_ids->len;
      return (const gint64 *) (gpointer) self->event_ids->data;
    }
  *out_n = self->current_event_id > 0 ? 1 : 0;
  return &self->current_event_id;
}

gboolean
tix_door_admits_event (TixDoor *self,
                       gint64   event_id)
{
  const gint64 *admitted;
  guint n;

  if (event_id <= 0)
    return TRUE;
  admitted = tix_door_get_admitted (self, &n);
  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (admitted[i] == event_id)
      return TRUE;
  return FALSE;
}

void
tix_door_set_current_event_id (TixDoor *self,
                               gint64   event_id)
{
  g_autoptr(GError) error = NULL;

  if (event_id < 0 || self->current_event_id == event_id)
    return;

  self->current_event_id = event_id;
  if (!tix_door_cache_set_current_event_id (self->cache, event_id, &error))
    g_warning ("Could not keep the current event in the door’s copy: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_EVENT_ID]);
}

/* Online or not ---------------------------------------------------------------- */

void
tix_door_set_online (TixDoor  *self,
                     gboolean  online)
{
  g_return_if_fail (TIX_IS_DOOR (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  g_debug ("The door is %s", online ? "online" : "offline");

  if (online)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      tix_door_drain_if_needed (self);
      tix_door_schedule_sync (self, 0);
    }
  else if (self->retry_id == 0 && !self->stopped)
    tix_door_start_retrying (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* GObject ---------------------------------------------------------------------- */

static void
tix_door_constructed (GObject *object)
{
  TixDoor *self = TIX_DOOR (object);

  G_OBJECT_CLASS (tix_door_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  g_assert (self->cache != NULL);

  self->n_queued = tix_door_cache_count_queue (self->cache, TIX_DOOR_QUEUE_PENDING);
  /* A station started offline admits what it admitted before. */
  self->current_event_id = tix_door_cache_get_current_event_id (self->cache);
}

static void
tix_door_dispose (GObject *object)
{
  TixDoor *self = TIX_DOOR (object);

  tix_door_stop (self);
  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (tix_door_parent_class)->dispose (object);
}

static void
tix_door_finalize (GObject *object)
{
  TixDoor *self = TIX_DOOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->event_ids, g_array_unref);

  G_OBJECT_CLASS (tix_door_parent_class)->finalize (object);
}

static void
tix_door_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TixDoor *self = TIX_DOOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_ONLINE_ONLY:
      g_value_set_boolean (value, self->online_only);
      break;

    case PROP_N_QUEUED:
      g_value_set_uint (value, self->n_queued);
      break;

    case PROP_EVENT_IDS:
      {
        GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->event_ids->len);

        g_array_append_vals (copy, self->event_ids->data, self->event_ids->len);
        g_value_take_boxed (value, copy);
      }
      break;

    case PROP_CURRENT_EVENT_ID:
      g_value_set_int64 (value, self->current_event_id);
      break;

    case PROP_ENTRANCE_ID:
      g_value_set_int64 (value, self->entrance_id);
      break;

    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_door_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TixDoor *self = TIX_DOOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;

    case PROP_ONLINE_ONLY:
      tix_door_set_online_only (self, g_value_get_boolean (value));
      break;

    case PROP_EVENT_IDS:
      {
        GArray *ids = g_value_get_boxed (value);

        if (ids != NULL && g_array_get_element_size (ids) != sizeof (gint64))
          g_critical ("“event-ids” must be a GArray of gint64");
        else
          tix_door_set_event_ids (self, ids ? (const gint64 *) (gpointer) ids->data : NULL,
                                  ids ? ids->len : 0);
      }
      break;

    case PROP_ENTRANCE_ID:
      tix_door_set_entrance_id (self, g_value_get_int64 (value));
      break;

    case PROP_DIRECTION:
      tix_door_set_direction (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_door_class_init (TixDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tix_door_constructed;
  object_class->dispose = tix_door_dispose;
  object_class->finalize = tix_door_finalize;
  object_class->get_property = tix_door_get_property;
  object_class->set_property = tix_door_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, TIX_TYPE_DOOR_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE_ONLY] =
    g_param_spec_boolean ("online-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_QUEUED] =
    g_param_spec_uint ("n-queued", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_IDS] =
    g_param_spec_boxed ("event-ids", NULL, NULL, G_TYPE_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_EVENT_ID] =
    g_param_spec_int64 ("current-event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTRANCE_ID] =
    g_param_spec_int64 ("entrance-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, TIX_TYPE_DOOR_DIRECTION, TIX_DOOR_DIRECTION_IN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, TIX_TYPE_TICKET);
  signals[DRAINED] =
    g_signal_new ("drained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tix_door_init (TixDoor *self)
{
  self->cancellable = g_cancellable_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->event_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->scan_timeout_ms = DEFAULT_SCAN_TIMEOUT_MS;
  self->retry_ms = DEFAULT_RETRY_MS;
  self->online = TRUE;
}

/* Public API ------------------------------------------------------------------- */

TixDoor *
tix_door_new (TixClient    *client,
              TixDoorCache *cache)
{
  g_return_val_if_fail (TIX_IS_CLIENT (client), NULL);
  g_return_val_if_fail (TIX_IS_DOOR_CACHE (cache), NULL);

  return g_object_new (TIX_TYPE_DOOR, "client", client, "cache", cache, NULL);
}

TixClient *
tix_door_get_client (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), NULL);

  return self->client;
}

TixDoorCache *
tix_door_get_cache (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), NULL);

  return self->cache;
}

gboolean
tix_door_get_online (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), FALSE);

  return self->online;
}

gboolean
tix_door_get_online_only (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), FALSE);

  return self->online_only;
}

void
tix_door_set_online_only (TixDoor  *self,
                          gboolean  online_only)
{
  g_return_if_fail (TIX_IS_DOOR (self));

  online_only = !!online_only;
  if (self->online_only == online_only)
    return;

  self->online_only = online_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE_ONLY]);
}

guint
tix_door_get_n_queued (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), 0);

  return self->n_queued;
}

void
tix_door_set_event_ids (TixDoor      *self,
                        const gint64 *event_ids,
                        guint         n_event_ids)
{
  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (n_event_ids == 0 || event_ids != NULL);
  g_return_if_fail (n_event_ids <= TIX_CLIENT_MAX_SCAN_EVENTS);

  for (guint i = 0; i < n_event_ids; i++)
    g_return_if_fail (event_ids[i] > 0);

  if (self->event_ids->len == n_event_ids &&
      (n_event_ids == 0 ||
       memcmp (self->event_ids->data, event_ids, n_event_ids * sizeof (gint64)) == 0))
    return;

  g_array_set_size (self->event_ids, 0);
  g_array_append_vals (self->event_ids, event_ids, n_event_ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_IDS]);

  /* Back to the current event: ask which it is now. */
  if (n_event_ids == 0 && self->online)
    tix_door_schedule_sync (self, 0);
}

const gint64 *
tix_door_get_event_ids (TixDoor *self,
                        guint   *n_event_ids)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), NULL);
  g_return_val_if_fail (n_event_ids != NULL, NULL);

  *n_event_ids = self->event_ids->len;
  return (const gint64 *) (gpointer) self->event_ids->data;
}

gint64
tix_door_get_current_event_id (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), 0);

  return self->current_event_id;
}

gint64
tix_door_get_entrance_id (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), 0);

  return self->entrance_id;
}

void
tix_door_set_entrance_id (TixDoor *self,
                          gint64   entrance_id)
{
  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (entrance_id >= 0);

  if (self->entrance_id == entrance_id)
    return;
  self->entrance_id = entrance_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRANCE_ID]);
}

TixDoorDirection
tix_door_get_direction (TixDoor *self)
{
  g_return_val_if_fail (TIX_IS_DOOR (self), TIX_DOOR_DIRECTION_IN);

  return self->direction;
}

void
tix_door_set_direction (TixDoor          *self,
                        TixDoorDirection  direction)
{
  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (direction == TIX_DOOR_DIRECTION_IN || direction == TIX_DOOR_DIRECTION_OUT);

  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

void
tix_door_set_timeouts (TixDoor *self,
                       guint    scan_timeout_ms,
                       guint    retry_ms)
{
  g_return_if_fail (TIX_IS_DOOR (self));
  g_return_if_fail (retry_ms > 0);

  self->scan_timeout_ms = scan_timeout_ms;
  self->retry_ms = retry_ms;
  if (self->retry_id != 0)
    tix_door_start_retrying (self);
}

void
tix_door_stop (TixDoor *self)
{
  g_return_if_fail (TIX_IS_DOOR (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->sync_id, g_source_remove);
}
