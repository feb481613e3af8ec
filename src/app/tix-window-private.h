/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-generate-view.h"
#include "tix-login-page.h"
#include "tix-events-view.h"
#include "tix-reports-view.h"
#include "tix-scan-view.h"
#include "tix-sell-view.h"
#include "tix-tickets-view.h"
#include "tix-window.h"
#include "tix-event-switcher.h"
#include "tix-season.h"

G_BEGIN_DECLS

/* The window's rooms:
 *   tix-window.c          the widget: the views' session, settings, toasts
 *   tix-window-session.c  signing in (standalone or remote) and out, the
 *                         pages of the window
 *   tix-window-actions.c  its "win." actions and door mode
 *   tix-window-season.c   the event it works on, kept per server */

struct _TixWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  TixLoginPage         *login_page;
  AdwStatusPage        *error_page;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkLabel             *user_label;
  GtkLabel             *server_label;
  TixGenerateView      *generate_view;
  TixTicketsView       *tickets_view;
  TixScanView          *scan_view;
  TixReportsView       *reports_view;
  TixSellView          *sell_view;
  AdwViewStackPage     *sell_page;
  TixEventsView        *events_view;
  TixEventSwitcher     *event_switcher;

  /* Borrowed references */
  GSettings            *settings;

  /* Owned references */
  TixSession           *session;       /* the application's: client, stream, door */
  TixSeason            *season;        /* the events, and the one this window works on */
  char                 *season_key;    /* where its choice is kept ("selected-events") */
  GCancellable         *cancellable;   /* the session being opened */
  GPtrArray            *toasts;        /* those still shown: they go with the session */

  guint                 door_mode : 1;
  guint                 was_fullscreen : 1; /* in door mode, full screen once */
};

/* tix-window.c */
void          _tix_window_dismiss_toasts      (TixWindow *self);
void          _tix_window_notify_door_mode    (TixWindow *self);

/* tix-window-session.c */
void          _tix_window_class_session_init  (TixWindowClass *klass);
void          _tix_window_session_init        (TixWindow      *self);
GCancellable *_tix_window_restart_cancellable (TixWindow      *self);
void          _tix_window_show_login          (TixWindow      *self);

/* tix-window-season.c */
void          _tix_window_season_init         (TixWindow *self);
void          _tix_window_season_dispose      (TixWindow *self);

/* tix-window-actions.c */
void          _tix_window_actions_init        (TixWindow *self);

G_END_DECLS
