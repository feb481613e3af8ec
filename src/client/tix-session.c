/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-session"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-door-cache.h"
#include "tix-session.h"
#include "tix-token-store.h"

struct _TixSession
{
  GObject         parent_instance;

  /* Owned references */
  TixClient      *client;        /* the signed-in session, or NULL */
  TixEventStream *stream;        /* the client's, while signed in */
  TixDoor        *door;          /* the client's, while signed in */
  GCancellable   *cancellable;   /* the door's first sync, cancelled on sign-out */

  /* The embedded server, guarded by server_lock: windows start it from a
   * worker thread. */
  GMutex          server_lock;
  GObject        *local_server;

  guint           remote : 1;
};

G_DEFINE_FINAL_TYPE (TixSession, tix_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STREAM,
  PROP_DOOR,
  PROP_REMOTE,
  N_PROPS
};

enum {
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
token_cleared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tix_token_store_clear_finish (result, &error))
    g_debug ("Could not forget the token: %s", error->message);
}

/* The saved token of the remote client, which will not do again. */
static void
forget_client_token (TixSession *self)
{
  TixUser *user;

  if (self->client == NULL || !self->remote)
    return;

  user = tix_client_get_user (self->client);
  if (user != NULL)
    tix_session_forget_token (self, tix_client_get_base_url (self->client),
                              tix_user_get_email (user));
}

static void
on_session_ended (TixEventStream *stream,
                  TixSessionEnd   reason,
                  TixSession     *self)
{
  g_autoptr(TixSession) hold = g_object_ref (self);

  forget_client_token (self);
  tix_session_sign_out (self);
  g_signal_emit (self, signals[ENDED], 0, reason);
}

static void
door_synced_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tix_door_sync_finish (TIX_DOOR (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The door’s offline copy is not current: %s", error->message);
}

/* The door of this server and organization, with its offline copy. */
static TixDoor *
make_door (TixSession *self)
{
  g_autoptr(TixDoorCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  TixUser *user = tix_client_get_user (self->client);
  TixDoor *door;

  path = tix_door_cache_default_path (tix_client_get_base_url (self->client),
                                      user ? tix_user_get_organization_id (user) : 0);
  cache = tix_door_cache_new (path, &error);
  if (cache == NULL)
    {
      /* Without its file the door still works, but forgets its queue on quit. */
      g_warning ("Cannot open the door’s offline copy %s: %s", path, error->message);
      g_clear_error (&error);
      cache = tix_door_cache_new (":memory:", &error);
      if (cache == NULL)
        {
          g_warning ("No offline copy at all: %s", error->message);
          return NULL;
        }
    }

  door = tix_door_new (self->client, cache);
  tix_door_watch_events (door, self->stream);
  return door;
}

static void
drop_client (TixSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->door != NULL)
    tix_door_stop (self->door);
  g_clear_object (&self->door);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      tix_event_stream_stop (self->stream);
    }
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  self->remote = FALSE;
}

static void
notify_all (TixSession *self)
{
  /* "client" last: whoever follows it finds the stream and door in place. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOOR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/* GObject ---------------------------------------------------------------------- */

static void
tix_session_dispose (GObject *object)
{
  TixSession *self = TIX_SESSION (object);

  drop_client (self);
  tix_session_stop_local_server (self);

  G_OBJECT_CLASS (tix_session_parent_class)->dispose (object);
}

static void
tix_session_finalize (GObject *object)
{
  TixSession *self = TIX_SESSION (object);

  g_mutex_clear (&self->server_lock);

  G_OBJECT_CLASS (tix_session_parent_class)->finalize (object);
}

static void
tix_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TixSession *self = TIX_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;

    case PROP_DOOR:
      g_value_set_object (value, self->door);
      break;

    case PROP_REMOTE:
      g_value_set_boolean (value, self->remote);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_session_class_init (TixSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_session_dispose;
  object_class->finalize = tix_session_finalize;
  object_class->get_property = tix_session_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TIX_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, TIX_TYPE_EVENT_STREAM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOOR] =
    g_param_spec_object ("door", NULL, NULL, TIX_TYPE_DOOR,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE] =
    g_param_spec_boolean ("remote", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TIX_TYPE_SESSION_END);
}

static void
tix_session_init (TixSession *self)
{
  g_mutex_init (&self->server_lock);
}

/* Public API ------------------------------------------------------------------- */

TixSession *
tix_session_new (void)
{
  return g_object_new (TIX_TYPE_SESSION, NULL);
}

TixClient *
tix_session_get_client (TixSession *self)
{
  g_return_val_if_fail (TIX_IS_SESSION (self), NULL);

  return self->client;
}

TixEventStream *
tix_session_get_stream (TixSession *self)
{
  g_return_val_if_fail (TIX_IS_SESSION (self), NULL);

  return self->stream;
}

TixDoor *
tix_session_get_door (TixSession *self)
{
  g_return_val_if_fail (TIX_IS_SESSION (self), NULL);

  return self->door;
}

gboolean
tix_session_get_remote (TixSession *self)
{
  g_return_val_if_fail (TIX_IS_SESSION (self), FALSE);

  return self->remote;
}

void
tix_session_sign_in (TixSession *self,
                     TixClient  *client,
                     gboolean    remote)
{
  g_return_if_fail (TIX_IS_SESSION (self));
  g_return_if_fail (TIX_IS_CLIENT (client));

  if (self->client == client && self->remote == !!remote)
    return;

  g_object_ref (client);
  drop_client (self);
  self->client = client;
  self->remote = !!remote;
  self->cancellable = g_cancellable_new ();

  self->stream = tix_event_stream_new (client);
  /* A remote session the server ended takes the station back to signing
   * in. */
  if (self->remote)
    g_signal_connect (self->stream, "session-ended", G_CALLBACK (on_session_ended), self);
  tix_event_stream_start (self->stream);

  /* The offline copy catches up now, and then follows the events. */
  self->door = make_door (self);
  if (self->door != NULL)
    tix_door_sync_async (self->door, self->cancellable, door_synced_cb, NULL);

  notify_all (self);
}

void
tix_session_sign_out (TixSession *self)
{
  g_return_if_fail (TIX_IS_SESSION (self));

  if (self->client == NULL)
    return;

  drop_client (self);
  notify_all (self);
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tix_client_logout_finish (TIX_CLIENT (object), result, &error))
    g_debug ("Logging out: %s", error->message);
}

void
tix_session_logout (TixSession *self)
{
  g_return_if_fail (TIX_IS_SESSION (self));

  if (self->client == NULL)
    return;

  forget_client_token (self);
  tix_client_logout_async (self->client, NULL, logout_cb, NULL);
  tix_session_sign_out (self);
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tix_token_store_save_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tix_session_remember_async (TixSession          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TixUser *user;

  g_return_if_fail (TIX_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_session_remember_async);

  user = self->client != NULL ? tix_client_get_user (self->client) : NULL;
  if (user == NULL || tix_client_get_token (self->client) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Not signed in"));
      return;
    }

  tix_token_store_save_async (tix_client_get_base_url (self->client), tix_user_get_email (user),
                              tix_client_get_token (self->client), cancellable,
                              token_saved_cb, g_steal_pointer (&task));
}

gboolean
tix_session_remember_finish (TixSession    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tix_session_remember_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = tix_token_store_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

void
tix_session_lookup_token_async (TixSession          *self,
                                const char          *server_url,
                                const char          *email,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TIX_IS_SESSION (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (email != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_session_lookup_token_async);
  tix_token_store_lookup_async (server_url, email, cancellable, token_found_cb, task);
}

char *
tix_session_lookup_token_finish (TixSession    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tix_session_lookup_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tix_session_forget_token (TixSession *self,
                          const char *server_url,
                          const char *email)
{
  g_return_if_fail (TIX_IS_SESSION (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (email != NULL);

  tix_token_store_clear_async (server_url, email, NULL, token_cleared_cb, NULL);
}

GObject *
tix_session_ensure_local_server (TixSession            *self,
                                 TixSessionServerFunc   start,
                                 gpointer               user_data,
                                 GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (TIX_IS_SESSION (self), NULL);
  g_return_val_if_fail (start != NULL, NULL);

  locker = g_mutex_locker_new (&self->server_lock);
  if (self->local_server == NULL)
    self->local_server = start (user_data, error);

  return self->local_server;
}

GObject *
tix_session_dup_local_server (TixSession *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (TIX_IS_SESSION (self), NULL);

  locker = g_mutex_locker_new (&self->server_lock);
  return self->local_server != NULL ? g_object_ref (self->local_server) : NULL;
}

void
tix_session_stop_local_server (TixSession *self)
{
  g_autoptr(GObject) server = NULL;

  g_return_if_fail (TIX_IS_SESSION (self));

  g_mutex_lock (&self->server_lock);
  server = g_steal_pointer (&self->local_server);
  g_mutex_unlock (&self->server_lock);

  if (server != NULL)
    g_object_run_dispose (server);
}
