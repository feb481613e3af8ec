/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIX_TYPE_DATE_TIME_ENTRY (tix_date_time_entry_get_type ())

G_DECLARE_FINAL_TYPE (TixDateTimeEntry, tix_date_time_entry, TIX, DATE_TIME_ENTRY, GtkWidget)

/* A day from a calendar (a button that opens one, "No Date" for none) and a
 * time of day typed beside it ("20:00"), in the organization's time zone:
 * when a show starts or ends. Emits "changed" when either changes. */
TixDateTimeEntry *tix_date_time_entry_new        (void);
/* The zone the day and time are read in (NULL: UTC). */
void              tix_date_time_entry_set_zone   (TixDateTimeEntry *self,
                                                  const char       *zone_name);
/* Shows @ms (Unix milliseconds), or no date for a negative @ms. */
void              tix_date_time_entry_set_time   (TixDateTimeEntry *self,
                                                  gint64            ms);
/* Sets the day alone (as a person choosing it in the calendar does). */
void              tix_date_time_entry_set_day    (TixDateTimeEntry *self,
                                                  int               year,
                                                  int               month,
                                                  int               day);
gboolean          tix_date_time_entry_has_day    (TixDateTimeEntry *self);
/* What the time box holds. */
GtkEditable      *tix_date_time_entry_get_editable (TixDateTimeEntry *self);
/* The time chosen in Unix milliseconds, -1 when neither a day nor a time
 * is given. With a time but no day, @fallback_day's (Unix ms, or -1: an
 * error) day is used. FALSE with a translated *@message when the time
 * cannot be read. */
gboolean          tix_date_time_entry_get_ms     (TixDateTimeEntry *self,
                                                  gint64            fallback_day,
                                                  gint64           *out_ms,
                                                  const char      **message);

G_END_DECLS
