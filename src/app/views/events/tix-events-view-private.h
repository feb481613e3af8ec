/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the events view's files share: tix-events-view.c (the widget, its
 * lists and its season) and tix-events-view-actions.c (new, edit, copy,
 * archive, delete, make current: the dialogs and the requests). */

#include "tix-events-view.h"

G_BEGIN_DECLS

struct _TixEventsView
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkListBox     *events_list;
  GtkListBox     *archived_list;
  GtkWidget      *archived_box;
  GtkLabel       *summary_label;

  /* Owned references */
  TixSession     *session;
  TixSeason      *season;
  GSignalGroup   *season_signals;
  GSignalGroup   *session_signals;
  GSignalGroup   *stream_signals;  /* counts and settings: read the events again */
  GCancellable   *cancellable;   /* the requests of the actions */

  /* Weak references */
  GtkWindow      *dialog;        /* the one open */

  guint           n_busy;
  guint           reload_source;
  guint           show_archived : 1;
  guint           allowed : 1;
};

void       _tix_events_view_set_dialog          (TixEventsView *self,
                                                 GtkWindow     *dialog);
GtkWindow *_tix_events_view_get_parent_window   (TixEventsView *self);
TixClient *_tix_events_view_get_client          (TixEventsView *self);
void       _tix_events_view_update_actions      (TixEventsView *self);

/* tix-events-view-rows.c */
GtkWidget *_tix_events_view_create_row          (gpointer        item,
                                                 gpointer        user_data);
/* The first event of a new organization: no name, no date, no ticket. */
gboolean   _tix_events_view_is_placeholder      (TixEvent      *event);

/* tix-events-view-actions.c */
/* What a request needs back: the view (a reference) and the event's name. */
typedef struct
{
  TixEventsView *view;
  TixEvent      *event;
} Request;

Request   *_tix_events_view_request_new          (TixEventsView *self,
                                                 TixEvent      *event);
void       _tix_events_view_request_free         (Request       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, _tix_events_view_request_free)

/* Shows @message (plain text) in a toast. */
void       _tix_events_view_toast               (TixEventsView *self,
                                                 const char    *message);
/* The event of an action's parameter ("x"), or NULL. */
TixEvent  *_tix_events_view_lookup              (TixEventsView *self,
                                                 GVariant      *parameter);
const char *_tix_events_view_zone_name          (TixEventsView *self);
void       _tix_events_view_class_actions_init  (GtkWidgetClass *widget_class);

/* tix-events-view-copy.c */
void       _tix_events_view_copy_action         (GtkWidget     *widget,
                                                 const char    *action_name,
                                                 GVariant      *parameter);

G_END_DECLS
