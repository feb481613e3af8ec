/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TIX_TYPE_TICKET (tix_ticket_get_type ())

G_DECLARE_FINAL_TYPE (TixTicket, tix_ticket, TIX, TICKET, GObject)

TixTicket  *tix_ticket_new                 (const char  *id,
                                            const char  *number,
                                            const char  *prefix,
                                            const char  *extra,
                                            gint64       generated_at,
                                            gint64       organization_id,
                                            gint64       created_by);
TixTicket  *tix_ticket_new_from_json       (JsonObject  *object,
                                            GError     **error);
void        tix_ticket_to_json             (TixTicket   *self,
                                            JsonBuilder *builder);
JsonNode   *tix_ticket_to_json_node        (TixTicket   *self);
/* The same object as tix_ticket_to_json(), written straight into @out: for
 * replies of many tickets. */
void        tix_ticket_append_json         (TixTicket   *self,
                                            GString     *out);

const char *tix_ticket_get_id              (TixTicket   *self);
const char *tix_ticket_get_number          (TixTicket   *self);
const char *tix_ticket_get_prefix          (TixTicket   *self);
const char *tix_ticket_get_extra           (TixTicket   *self);
gint64      tix_ticket_get_generated_at    (TixTicket   *self);
gint64      tix_ticket_get_organization_id (TixTicket   *self);
gint64      tix_ticket_get_created_by      (TixTicket   *self);
/* The event the ticket is for (0: none known, as from a server before events). */
gint64      tix_ticket_get_event_id        (TixTicket   *self);
void        tix_ticket_set_event_id        (TixTicket   *self,
                                            gint64       event_id);
/* Sold at the desk (issue 19): its type and order (0: none), and when its
 * order was refunded (0: not; a refunded ticket is void at the door). */
gint64      tix_ticket_get_type_id         (TixTicket   *self);
void        tix_ticket_set_type_id         (TixTicket   *self,
                                            gint64       type_id);
gint64      tix_ticket_get_order_id        (TixTicket   *self);
void        tix_ticket_set_order_id        (TixTicket   *self,
                                            gint64       order_id);
gint64      tix_ticket_get_refunded_at     (TixTicket   *self);
void        tix_ticket_set_refunded_at     (TixTicket   *self,
                                            gint64       refunded_at);
gboolean    tix_ticket_is_scanned          (TixTicket   *self);
gint64      tix_ticket_get_scanned_at      (TixTicket   *self);
gint64      tix_ticket_get_scanned_by      (TixTicket   *self);
const char *tix_ticket_get_scanned_by_name (TixTicket   *self);
void        tix_ticket_set_scanned         (TixTicket   *self,
                                            gint64       scanned_at,
                                            gint64       scanned_by,
                                            const char  *scanned_by_name);
/* Revision: bumped when a ticket is reissued; its code carries it. */
guint32     tix_ticket_get_revision        (TixTicket   *self);
void        tix_ticket_set_revision        (TixTicket   *self,
                                            guint32      revision);
/* The signed QR payload (see tix-ticket-code.h), or NULL. */
const char *tix_ticket_get_code            (TixTicket   *self);
void        tix_ticket_set_code            (TixTicket   *self,
                                            const char  *code);
/* Copies the mutable state (scan) of @other into @self and notifies. */
void        tix_ticket_update_from         (TixTicket   *self,
                                            TixTicket   *other);

G_END_DECLS
