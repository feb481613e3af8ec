/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-server-private.h"

G_BEGIN_DECLS

/* GET /api/openapi.json: docs/openapi.json, built into the server. No token. */
gboolean  tix_server_route_openapi    (TixServer          *self,
                                       SoupServerMessage  *msg,
                                       TixRoute           *route);

G_END_DECLS
