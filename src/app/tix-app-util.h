/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tix-client.h"
#include "tix-event.h"

G_BEGIN_DECLS

/* Turns what a person typed as a server address ("tix.local:8080",
 * "https://tix.example.org/") into a base URL ("http://tix.local:8080",
 * "https://tix.example.org"), or returns NULL with a translated message. */
char *tix_normalize_server_url (const char  *text,
                                const char **error_message);

/* A count as people read it: digits grouped as the locale does ("1,234"). */
char *tix_format_count         (gint64       value);

/* gtk_widget_set_sensitive(), but when the focus is inside @widget it is
 * dropped first: GTK 4.8 otherwise leaves a GtkText blinking without focus
 * ("GtkText - did not receive a focus-out event"). */
void  tix_widget_set_sensitive (GtkWidget   *widget,
                                gboolean     sensitive);

/* Trust on first use: the pins of HTTPS servers, by address, kept in the
 * application's settings. */
void  tix_apply_pinned_certificate (TixClient   *client);
void  tix_remember_certificate     (const char  *url,
                                    const char  *fingerprint);

/* A ticket's time (Unix milliseconds: when it was generated or scanned) as
 * the organization reads it, in @zone (tix_org_time_zone_new ()), with the
 * zone's abbreviation when this computer's clock differs: "25 Nov 2026,
 * 09:14". Empty for no time (@ms <= 0). Every view shows these times so. */
char *tix_format_time (GTimeZone   *zone,
                       gint64       ms);

/* When @event starts, as tix_format_time () writes it in the zone named
 * @zone_name (NULL: UTC), or NULL when it has no date. */
char *tix_format_event_time (const char  *zone_name,
                             TixEvent    *event);

/* @event's name, or "Unnamed Event" when it has none (the first event of
 * a new organization). */
const char *tix_event_display_name (TixEvent *event);

G_END_DECLS
