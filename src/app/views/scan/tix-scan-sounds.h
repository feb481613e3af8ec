/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tix-scan-answer.h"

G_BEGIN_DECLS

#define TIX_TYPE_SCAN_SOUNDS (tix_scan_sounds_get_type ())

G_DECLARE_FINAL_TYPE (TixScanSounds, tix_scan_sounds, TIX, SCAN_SOUNDS, GObject)

/* The sounds of the door: a distinct one for each kind of answer, from the
 * sound theme (GSound, when Tix was built with it; else silence). Without a
 * sound system it says so once, in the debug log, and stays quiet. */
TixScanSounds *tix_scan_sounds_new  (void);
void           tix_scan_sounds_play (TixScanSounds *self,
                                     TixScanResult  result);

G_END_DECLS
