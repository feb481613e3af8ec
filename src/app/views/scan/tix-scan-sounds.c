/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#ifdef TIX_HAVE_GSOUND
# include <gsound.h>
#endif

#include "tix-scan-sounds.h"

struct _TixScanSounds
{
  GObject        parent_instance;

#ifdef TIX_HAVE_GSOUND
  GSoundContext *context;   /* made on the first sound */
#endif
  gboolean       failed;
};

G_DEFINE_FINAL_TYPE (TixScanSounds, tix_scan_sounds, G_TYPE_OBJECT)

void
tix_scan_sounds_play (TixScanSounds *self,
                      TixScanResult  result)
{
#ifdef TIX_HAVE_GSOUND
  g_autoptr(GError) error = NULL;
  const char *event_id;

  g_return_if_fail (TIX_IS_SCAN_SOUNDS (self));

  if (self->failed)
    return;

  /* Each answer its own sound (tix-scan-answer.c). */
  event_id = tix_scan_result_get_sound_id (result);
  if (event_id == NULL)
    return;

  if (self->context == NULL)
    {
      self->context = gsound_context_new (NULL, &error);
      if (self->context == NULL)
        {
          /* No sound system: say it once, then stay quiet. */
          g_debug ("No sounds: %s", error->message);
          self->failed = TRUE;
          return;
        }
    }

  if (!gsound_context_play_simple (self->context, NULL, &error,
                                   GSOUND_ATTR_EVENT_ID, event_id,
                                   GSOUND_ATTR_EVENT_DESCRIPTION,
                                   tix_scan_result_get_verdict (result),
                                   NULL))
    g_debug ("Could not play %s: %s", event_id, error->message);
#else
  g_return_if_fail (TIX_IS_SCAN_SOUNDS (self));
#endif
}

static void
tix_scan_sounds_finalize (GObject *object)
{
#ifdef TIX_HAVE_GSOUND
  g_clear_object (&TIX_SCAN_SOUNDS (object)->context);
#endif

  G_OBJECT_CLASS (tix_scan_sounds_parent_class)->finalize (object);
}

static void
tix_scan_sounds_class_init (TixScanSoundsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_scan_sounds_finalize;
}

static void
tix_scan_sounds_init (TixScanSounds *self)
{
}

TixScanSounds *
tix_scan_sounds_new (void)
{
  return g_object_new (TIX_TYPE_SCAN_SOUNDS, NULL);
}
