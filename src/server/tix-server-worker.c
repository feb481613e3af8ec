/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-server-worker"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tix-server-worker.h"
#include "tix-ticket-code.h"

/* Nice value of the worker's threads (and of the threads they start): the
 * thread that answers the scans wins the cores. */
#define WORKER_NICE 10

/* Per thread on Linux; the threads this one starts inherit it. */
static void
lower_priority (void)
{
#ifdef SYS_gettid
  (void) setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICE);
#endif
}

typedef struct
{
  GTask             *task;   /* NULL: the thread ends */
  TixServerWorkFunc  func;
} WorkItem;

typedef struct
{
  TixServerWorker *worker;
  TixStore        *store;
  GThread         *thread;
} WorkerThread;

struct _TixServerWorker
{
  GAsyncQueue  *queue;       /* WorkItem */
  WorkerThread *threads;
  guint         n_threads;
  GCancellable *cancellable; /* cancelled when the worker goes */
  gboolean      writes;      /* its work writes to the database */
};

static gpointer
worker_main (gpointer data)
{
  WorkerThread *self = data;

  /* A worker that writes keeps the server's priority: it holds SQLite's
   * one write lock for its slices, and a starved holder would keep the
   * scans waiting (priority inversion). The CPU-bound work (signing,
   * drawing) goes below. */
  if (!self->worker->writes)
    lower_priority ();

  for (;;)
    {
      WorkItem *item = g_async_queue_pop (self->worker->queue);
      g_autoptr(GTask) task = item->task;
      TixServerWorkFunc func = item->func;

      g_free (item);
      if (task == NULL)
        break;
      if (g_task_return_error_if_cancelled (task))
        continue;
      func (task, self->store, g_task_get_task_data (task), g_task_get_cancellable (task));
    }
  return NULL;
}

TixServerWorker *
tix_server_worker_new (TixStore    *store,
                       const char  *name,
                       guint        n_threads,
                       gboolean     writes,
                       GError     **error)
{
  TixServerWorker *self;
  g_autoptr(GPtrArray) stores = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (TIX_IS_STORE (store), NULL);
  g_return_val_if_fail (n_threads > 0, NULL);

  for (guint i = 0; i < n_threads; i++)
    {
      TixStore *other = tix_store_open_again (store, error);

      if (other == NULL)
        return NULL;
      tix_store_set_background (other, TRUE);
      g_ptr_array_add (stores, other);
    }

  self = g_new0 (TixServerWorker, 1);
  self->queue = g_async_queue_new ();
  self->cancellable = g_cancellable_new ();
  self->n_threads = n_threads;
  self->writes = writes;
  self->threads = g_new0 (WorkerThread, n_threads);
  for (guint i = 0; i < n_threads; i++)
    {
      self->threads[i].worker = self;
      self->threads[i].store = g_object_ref (g_ptr_array_index (stores, i));
      self->threads[i].thread = g_thread_new (name, worker_main, &self->threads[i]);
    }
  return self;
}

void
tix_server_worker_run (TixServerWorker   *self,
                       GTask             *task,
                       TixServerWorkFunc  func)
{
  WorkItem *item = g_new0 (WorkItem, 1);

  item->task = g_object_ref (task);
  item->func = func;
  g_async_queue_push (self->queue, item);
}

void
tix_server_worker_free (TixServerWorker *self)
{
  WorkItem *item;

  if (self == NULL)
    return;

  /* What waits is dropped; what runs finishes (a generate stops at its
   * next slice when its task's cancellable is cancelled). */
  g_async_queue_lock (self->queue);
  while ((item = g_async_queue_try_pop_unlocked (self->queue)) != NULL)
    {
      if (item->task != NULL)
        {
          g_task_return_new_error (item->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "The server is shutting down");
          g_object_unref (item->task);
        }
      g_free (item);
    }
  for (guint i = 0; i < self->n_threads; i++)
    g_async_queue_push_unlocked (self->queue, g_new0 (WorkItem, 1));
  g_async_queue_unlock (self->queue);

  for (guint i = 0; i < self->n_threads; i++)
    {
      g_thread_join (self->threads[i].thread);
      g_clear_object (&self->threads[i].store);
    }
  g_free (self->threads);
  g_async_queue_unref (self->queue);
  g_object_unref (self->cancellable);
  g_free (self);
}

/* Signing */

#define SIGN_CHUNK_MIN   2000
#define SIGN_THREADS_MAX 8

typedef struct
{
  GPtrArray    *tickets;
  guint         start;
  guint         end;
  const guint8 *secret_key;
} SignChunk;

struct _TixWorkerSign
{
  GPtrArray *tickets;
  guint8     secret_key[TIX_TICKET_CODE_SECRET_KEY_BYTES];
  SignChunk  chunks[SIGN_THREADS_MAX];
  GThread   *threads[SIGN_THREADS_MAX];
  guint      n_threads;
};

void
tix_worker_sign_range (GPtrArray    *tickets,
                       guint         start,
                       guint         end,
                       const guint8 *secret_key)
{
  for (guint i = start; i < end; i++)
    {
      TixTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *code = tix_ticket_code_encode (tix_ticket_get_id (ticket),
                                                      tix_ticket_get_revision (ticket),
                                                      secret_key);

      tix_ticket_set_code (ticket, code);
    }
}

static gpointer
sign_chunk (gpointer data)
{
  SignChunk *chunk = data;

  lower_priority ();
  tix_worker_sign_range (chunk->tickets, chunk->start, chunk->end, chunk->secret_key);
  return NULL;
}

TixWorkerSign *
tix_worker_sign_start (GPtrArray    *tickets,
                       const guint8 *secret_key)
{
  TixWorkerSign *self = g_new0 (TixWorkerSign, 1);

  self->tickets = g_ptr_array_ref (tickets);
  memcpy (self->secret_key, secret_key, sizeof self->secret_key);
  self->n_threads = CLAMP (tickets->len / SIGN_CHUNK_MIN, 1,
                           MIN ((guint) g_get_num_processors (), SIGN_THREADS_MAX));
  for (guint t = 0; t < self->n_threads; t++)
    {
      self->chunks[t].tickets = tickets;
      self->chunks[t].start = tickets->len * t / self->n_threads;
      self->chunks[t].end = tickets->len * (t + 1) / self->n_threads;
      self->chunks[t].secret_key = self->secret_key;
      self->threads[t] = g_thread_new ("tix-sign", sign_chunk, &self->chunks[t]);
    }
  return self;
}

void
tix_worker_sign_join (TixWorkerSign *self)
{
  for (guint t = 0; t < self->n_threads; t++)
    g_thread_join (self->threads[t]);
  g_ptr_array_unref (self->tickets);
  memset (self->secret_key, 0, sizeof self->secret_key);
  g_free (self);
}

/* Streamed replies */

#define STREAM_SLICE (256 * 1024)

typedef struct
{
  SoupServerMessage *msg;    /* a reference until "finished" */
  GBytes            *bytes;
  gsize              offset;
  GSource           *idle;
} Stream;

static void
stream_free (Stream *stream)
{
  if (stream->idle != NULL)
    {
      g_source_destroy (stream->idle);
      g_source_unref (stream->idle);
    }
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_object_unref (stream->msg);
  g_bytes_unref (stream->bytes);
  g_free (stream);
}

/* Adds the next slice (completing the body after the last) and lets the
 * message go on. */
static void
stream_add (Stream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  gsize size = g_bytes_get_size (stream->bytes);

  if (stream->offset < size)
    {
      gsize n = MIN (STREAM_SLICE, size - stream->offset);
      g_autoptr(GBytes) slice = g_bytes_new_from_bytes (stream->bytes, stream->offset, n);

      soup_message_body_append_bytes (body, slice);
      stream->offset += n;
    }
  if (stream->offset >= size)
    soup_message_body_complete (body);
}

static gboolean
stream_next (gpointer data)
{
  Stream *stream = data;

  g_clear_pointer (&stream->idle, g_source_unref);
  stream_add (stream);
  soup_server_message_unpause (stream->msg);
  return G_SOURCE_REMOVE;
}

static void
stream_wrote_chunk (SoupServerMessage *msg,
                    gpointer           data)
{
  Stream *stream = data;

  if (stream->offset >= g_bytes_get_size (stream->bytes) || stream->idle != NULL)
    return;
  /* When nothing else waits: the scans go first. */
  stream->idle = g_idle_source_new ();
  g_source_set_callback (stream->idle, stream_next, stream, NULL);
  g_source_attach (stream->idle, g_main_context_get_thread_default ());
}

static void
stream_finished (SoupServerMessage *msg,
                 gpointer           data)
{
  stream_free (data);
}

void
tix_server_reply_streamed (SoupServerMessage *msg,
                           guint              status,
                           const char        *content_type,
                           GBytes            *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream *stream;

  stream = g_new0 (Stream, 1);
  stream->msg = g_object_ref (msg);
  stream->bytes = g_bytes_ref (bytes);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished), stream);
  stream_add (stream);
  soup_server_message_unpause (msg);
}

static void
set_gone (SoupServerMessage *msg,
          gboolean          *gone)
{
  *gone = TRUE;
}

void
tix_server_watch_gone (SoupServerMessage *msg,
                       gboolean          *gone)
{
  g_signal_connect (msg, "disconnected", G_CALLBACK (set_gone), gone);
}

void
tix_server_unwatch_gone (SoupServerMessage *msg,
                         gboolean          *gone)
{
  g_signal_handlers_disconnect_by_func (msg, set_gone, gone);
}
