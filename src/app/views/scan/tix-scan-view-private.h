/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-scan-counts.h"
#include "tix-scan-door-bar.h"
#include "tix-scan-history.h"
#include "tix-scan-offline-bar.h"
#include "tix-scan-prefixes-entry.h"
#include "tix-scan-queue.h"
#include "tix-scan-result-panel.h"
#include "tix-scan-sounds.h"
#include "tix-scan-view.h"

#include "tix-season.h"

G_BEGIN_DECLS

/* The scan view's rooms (TixScanView):
 *   tix-scan-view.c            the widget: scans and their answers, layout,
 *                              properties
 *   tix-scan-view-session.c    following the session: its client, stream, door
 *   tix-scan-view-actions.c    its actions and shortcuts: Ctrl+Z (undo of the
 *                              last scan), Ctrl+O and dropped images, F11/Escape
 *   tix-scan-view-door.c       where and which way it scans: the entrance of
 *                              the event (kept per event in the settings), In /
 *                              Out (F2), both given to the door
 * and its parts, a type each:
 *   tix-scan-counts.c          the counters, "12 / 200 scanned", and "Live"
 *   tix-scan-door-bar.c        the entrance picker and the In / Out toggle
 *   tix-scan-offline-bar.c     the OFFLINE bar, while the server is gone
 *   tix-scan-prefixes-entry.c  the prefixes this door admits
 *   tix-scanner-entry.c        the entry: keyboard-wedge scanner detection
 *   tix-scan-result-panel.c    the answer, big
 *   tix-scan-history.c         the last scans
 *   tix-scan-history-row.c     a line in that list
 *   tix-scan-queue.c           the door's answers in the order of the scans (no GTK)
 *   tix-scan-answer.c          what the view shows for a TixDoor verdict (no GTK)
 *   tix-scan-sounds.c          the sound of each answer */

struct _TixScanView
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkEntry       *entry;         /* a TixScannerEntry */
  TixScanPrefixesEntry *prefixes_entry;
  GtkButton      *undo_button;
  GtkToggleButton *door_button;
  GtkToggleButton *sounds_button;
  TixScanResultPanel *result_box;
  TixScanCounts  *counts;
  TixScanOfflineBar *offline_bar;
  TixScanDoorBar *door_bar;
  GtkBox         *content_box;
  GtkBox         *header_box;
  TixScanHistory *history;
  AdwButtonContent *undo_content;

  /* Weak pointers: rows of the history, while listed */
  GtkWidget      *undo_row;      /* the row of last_admitted */
  GtkWidget      *undoing_row;   /* the row of the scan being undone */

  /* Owned references */
  TixSeason      *season;        /* the window's: the event it works on */
  TixSession     *session;
  GSignalGroup   *session_signals;
  GSignalGroup   *stream_signals;
  GSignalGroup   *door_signals;
  TixClient      *client;        /* the session's, as of the last change */
  TixEventStream *stream;        /* its stream */
  TixDoor        *door;          /* its door: decides offline when the server is gone */
  GCancellable   *cancellable;   /* scans and undo of the current client */
  TixScanQueue   *queue;         /* the scans sent, until their answer shows */
  TixScanSounds  *sound;
  TixTicket      *last_admitted; /* what Undo undoes */
  GtkNativeDialog *chooser;      /* "Open Image", while open */
  GTimeZone      *zone;          /* the organization's: every time shown */
  GCancellable   *entrances_cancellable; /* the entrances being read */
  GVariant       *entrance_choices;      /* a{xx}: the entrance chosen per event */
  gint64          entrances_event_id;    /* the event whose entrances are listed */

  guint           n_decoding;    /* images being read */
  TixScanResult   result;

  gboolean        door_mode;
  gboolean        sounds;
  gboolean        online_only;
  guint           undoing : 1;
  guint           narrow : 1;
};

/* tix-scan-view.c */
void  _tix_scan_view_focus_entry         (TixScanView   *self);
void  _tix_scan_view_show_result         (TixScanView   *self,
                                          TixScanResult  result,
                                          const char    *number,
                                          const char    *detail);

/* tix-scan-view-session.c */
void  _tix_scan_view_session_init        (TixScanView      *self);
void  _tix_scan_view_follow_session      (TixScanView      *self);

/* tix-scan-view-door.c */
void  _tix_scan_view_door_init           (TixScanView      *self);
void  _tix_scan_view_door_dispose        (TixScanView      *self);
void  _tix_scan_view_class_door_init     (TixScanViewClass *klass);
/* The entrances of the window's event, read again; the door follows. */
void  _tix_scan_view_load_entrances      (TixScanView      *self);
/* The door's entrance and direction as the bar has them. */
void  _tix_scan_view_apply_door          (TixScanView      *self);
GVariant *_tix_scan_view_get_entrance_choices (TixScanView *self);
void  _tix_scan_view_set_entrance_choices (TixScanView     *self,
                                          GVariant        *choices);

/* tix-scan-view-actions.c */
void  _tix_scan_view_class_actions_init  (TixScanViewClass *klass);
void  _tix_scan_view_actions_init        (TixScanView      *self);
void  _tix_scan_view_update_actions      (TixScanView      *self);
void  _tix_scan_view_actions_dispose     (TixScanView      *self);

/* tix-scan-view-session.c: the door admits the event chosen (with "All
 * events", the organization's current one). */
void _tix_scan_view_apply_events (TixScanView *self);

G_END_DECLS
