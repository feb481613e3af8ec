/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-thread"

#include "config.h"

#include "tix-server.h"
#include "tix-server-thread.h"

struct _TixServerThread
{
  GObject       parent_instance;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  /* Set up by the thread before tix_server_thread_new() returns. */
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  GError       *error;
  char         *url;
  char         *path;
  guint         port;

  /* Startup parameters, valid until ready. */
  const char             *db_path;
  const TixServerOptions *options;
  const char             *address;
  guint                   requested_port;

  /* Owned by the thread. */
  TixServer    *server;
};

G_DEFINE_FINAL_TYPE (TixServerThread, tix_server_thread, G_TYPE_OBJECT)

static void
tix_server_thread_dispose (GObject *object)
{
  tix_server_thread_stop (TIX_SERVER_THREAD (object));

  G_OBJECT_CLASS (tix_server_thread_parent_class)->dispose (object);
}

static void
tix_server_thread_finalize (GObject *object)
{
  TixServerThread *self = (TixServerThread *) object;

  g_clear_error (&self->error);
  g_free (self->url);
  g_free (self->path);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (tix_server_thread_parent_class)->finalize (object);
}

static void
tix_server_thread_class_init (TixServerThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_server_thread_dispose;
  object_class->finalize = tix_server_thread_finalize;
}

static void
tix_server_thread_init (TixServerThread *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

static void
signal_ready (TixServerThread *self)
{
  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static gpointer
server_thread_main (gpointer data)
{
  TixServerThread *self = data;
  g_autoptr(TixStore) store = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);

  store = tix_store_open (self->db_path, &error);
  if (store != NULL)
    {
      self->server = tix_server_new (store, self->options);
      if (tix_server_listen (self->server, self->address, self->requested_port, &error))
        {
          self->url = tix_server_get_url (self->server);
          self->port = tix_server_get_port (self->server);
        }
    }
  self->error = error;
  signal_ready (self);

  if (error == NULL)
    g_main_loop_run (self->loop);

  if (self->server != NULL)
    {
      tix_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  g_clear_object (&store);

  /* Let pending callbacks (cancelled hashes, closing connections) finish. */
  while (g_main_context_pending (self->context))
    g_main_context_iteration (self->context, FALSE);

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

TixServerThread *
tix_server_thread_new (const char              *db_path,
                       const TixServerOptions  *options,
                       const char              *address,
                       guint                    port,
                       GError                 **error)
{
  g_autoptr(TixServerThread) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (TIX_TYPE_SERVER_THREAD, NULL);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->db_path = db_path;
  self->path = g_strdup (db_path);
  self->options = options;
  self->address = address ? address : "127.0.0.1";
  self->requested_port = port;

  self->thread = g_thread_new ("tix-server", server_thread_main, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  self->db_path = NULL;
  self->options = NULL;
  self->address = NULL;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      tix_server_thread_stop (self);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
tix_server_thread_get_url (TixServerThread *self)
{
  g_return_val_if_fail (TIX_IS_SERVER_THREAD (self), NULL);
  return self->url;
}

guint
tix_server_thread_get_port (TixServerThread *self)
{
  g_return_val_if_fail (TIX_IS_SERVER_THREAD (self), 0);
  return self->port;
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TixServerThread *self = source_object;
  GError *error = NULL;

  /* Its own read-only connection: the server's thread goes on serving. */
  if (tix_store_backup (self->path, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
tix_server_thread_backup_async (TixServerThread     *self,
                                const char          *destination,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TIX_IS_SERVER_THREAD (self));
  g_return_if_fail (destination != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tix_server_thread_backup_async);
  g_task_set_task_data (task, g_strdup (destination), g_free);
  g_task_run_in_thread (task, backup_thread);
}

gboolean
tix_server_thread_backup_finish (TixServerThread  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  TixServerThread *self;
  char            *token;
  GError          *error;
  gboolean         done;
} LocalSession;

static gboolean
create_local_session_cb (gpointer data)
{
  LocalSession *job = data;
  TixServerThread *self = job->self;
  char *token = tix_server_create_local_session (self->server, &job->error);

  g_mutex_lock (&self->mutex);
  job->token = token;
  job->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

char *
tix_server_thread_create_local_session (TixServerThread  *self,
                                        GError          **error)
{
  LocalSession job = { self, NULL, NULL, FALSE };

  g_return_val_if_fail (TIX_IS_SERVER_THREAD (self), NULL);
  g_return_val_if_fail (self->thread != NULL, NULL);

  g_main_context_invoke (self->context, create_local_session_cb, &job);

  g_mutex_lock (&self->mutex);
  while (!job.done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return NULL;
    }
  return job.token;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
tix_server_thread_stop (TixServerThread *self)
{
  g_return_if_fail (TIX_IS_SERVER_THREAD (self));

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}
