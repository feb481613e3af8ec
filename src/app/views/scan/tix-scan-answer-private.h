/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tix-scan-answer.h"

G_BEGIN_DECLS

/* tix-scan-answer-rules.c: the line under a door rule's verdict (re-entry,
 * exit, already inside, no re-entry, not inside, wrong entrance, closed,
 * full). */
char *_tix_scan_answer_format_rule (TixScanResult         result,
                                    const TixDoorVerdict *verdict,
                                    GTimeZone            *zone);

G_END_DECLS
