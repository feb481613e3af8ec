/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-door"

#include "config.h"

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
