/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include "tix-scanner-entry.h"

/* A keyboard-wedge scanner that sends no Enter: the input is taken once the
 * keys have been quiet for the "quiet-interval", if every character came
 * from a key of its own at scanner speed: a few milliseconds a key, at most
 * SCANNER_MAX_MS_PER_KEY on average over the whole code, measured with the
 * keys' own timestamps (not when a busy main loop gets to them). */
#define DEFAULT_QUIET_MS        300
#define SCANNER_MAX_MS_PER_KEY  30
#define SCANNER_MIN_CHARS       4

struct _TixScannerEntry
{
  GtkEntry  parent_instance;

  /* The input in the entry: how it came */
  guint32   first_key_ms;  /* event times of its first and last key */
  guint32   last_key_ms;
  guint32   pending_key_ms;
  guint     n_keys;        /* characters that came one key each */
  glong     length;        /* characters in the entry */
  guint     quiet_id;
  guint     quiet_ms;

  guint     clearing : 1;
  guint     key_pending : 1;  /* a character key is being handled */
  guint     not_typed : 1;    /* pasted, edited or set: wait for Enter */
};

G_DEFINE_FINAL_TYPE (TixScannerEntry, tix_scanner_entry, GTK_TYPE_ENTRY)

enum {
  PROP_0,
  PROP_QUIET_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CODE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
reset_input (TixScannerEntry *self)
{
  self->n_keys = 0;
  self->length = 0;
  self->not_typed = FALSE;
  self->key_pending = FALSE;
}

static void
take_text (TixScannerEntry *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self)));

  g_clear_handle_id (&self->quiet_id, g_source_remove);
  self->clearing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), "");
  self->clearing = FALSE;
  reset_input (self);

  g_signal_emit (self, signals[CODE], 0, text);
}

static gboolean
quiet_cb (gpointer user_data)
{
  TixScannerEntry *self = user_data;
  guint32 elapsed_ms = self->last_key_ms - self->first_key_ms;

  self->quiet_id = 0;

  /* Typed by a person, pasted or edited: wait for Enter. */
  if (!self->not_typed && self->n_keys == (guint) self->length &&
      self->n_keys >= SCANNER_MIN_CHARS &&
      elapsed_ms <= (guint32) (self->n_keys - 1) * SCANNER_MAX_MS_PER_KEY)
    take_text (self);

  return G_SOURCE_REMOVE;
}

static void
on_changed (TixScannerEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  glong length = g_utf8_strlen (text, -1);

  if (self->clearing)
    return;

  g_clear_handle_id (&self->quiet_id, g_source_remove);

  /* Emptied: a new input starts (typing over a selection empties the entry
   * before the key's character goes in). */
  if (length == 0)
    {
      gboolean key_pending = self->key_pending;

      reset_input (self);
      self->key_pending = key_pending;
      return;
    }

  /* One character more, from the key being handled: typed. Anything else
   * (a paste, a deletion, text set by a program) is not a scanner's. */
  if (self->key_pending && length == self->length + 1)
    {
      if (self->n_keys == 0)
        self->first_key_ms = self->pending_key_ms;
      self->last_key_ms = self->pending_key_ms;
      self->n_keys++;
    }
  else
    self->not_typed = TRUE;
  self->key_pending = FALSE;
  self->length = length;

  self->quiet_id = g_timeout_add (self->quiet_ms, quiet_cb, self);
}

/* Ctrl+Z undoes the last admission, not the entry's text (whose undo would
 * bring the last code back). Some scanners end with Tab instead of Enter:
 * take it as Enter rather than let focus leave the entry. An empty entry
 * lets Tab move on as usual. Character keys are timed for the scanner rule. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TixScannerEntry       *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK |
                                  GDK_SUPER_MASK);

  if ((mods & GDK_CONTROL_MASK) != 0 &&
      (keyval == GDK_KEY_z || keyval == GDK_KEY_Z || keyval == GDK_KEY_y ||
       keyval == GDK_KEY_Y))
    {
      if (mods == GDK_CONTROL_MASK && (keyval == GDK_KEY_z || keyval == GDK_KEY_Z))
        gtk_widget_activate_action (GTK_WIDGET (self), "scan.undo", NULL);
      return GDK_EVENT_STOP;
    }

  self->key_pending = (mods & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) == 0 &&
                      gdk_keyval_to_unicode (keyval) != 0;
  if (self->key_pending)
    self->pending_key_ms =
      gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));

  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      *gtk_editable_get_text (GTK_EDITABLE (self)) == '\0')
    return GDK_EVENT_PROPAGATE;

  take_text (self);
  return GDK_EVENT_STOP;
}

static void
tix_scanner_entry_dispose (GObject *object)
{
  TixScannerEntry *self = TIX_SCANNER_ENTRY (object);

  g_clear_handle_id (&self->quiet_id, g_source_remove);

  G_OBJECT_CLASS (tix_scanner_entry_parent_class)->dispose (object);
}

static void
tix_scanner_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TixScannerEntry *self = TIX_SCANNER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_QUIET_INTERVAL:
      g_value_set_uint (value, self->quiet_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scanner_entry_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TixScannerEntry *self = TIX_SCANNER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_QUIET_INTERVAL:
      if (self->quiet_ms != g_value_get_uint (value))
        {
          self->quiet_ms = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scanner_entry_class_init (TixScannerEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_scanner_entry_dispose;
  object_class->get_property = tix_scanner_entry_get_property;
  object_class->set_property = tix_scanner_entry_set_property;

  /* Milliseconds of quiet after which scanner-speed input is taken without Enter. */
  properties[PROP_QUIET_INTERVAL] =
    g_param_spec_uint ("quiet-interval", NULL, NULL, 50, 2000, DEFAULT_QUIET_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CODE] =
    g_signal_new ("code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tix_scanner_entry_init (TixScannerEntry *self)
{
  GtkEventController *keys;

  self->quiet_ms = DEFAULT_QUIET_MS;

  /* The entry's own undo would put the last code back (and it would be
   * scanned again): Ctrl+Z undoes the last admission instead. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (self), FALSE);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (self, "changed", G_CALLBACK (on_changed), NULL);
  g_signal_connect (self, "activate", G_CALLBACK (take_text), NULL);
}

GtkWidget *
tix_scanner_entry_new (void)
{
  return g_object_new (TIX_TYPE_SCANNER_ENTRY, NULL);
}
