/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-scan-view"

#include "config.h"

#include <glib/gi18n.h>
#ifdef TIX_HAVE_GSOUND
# include <gsound.h>
#endif

#include "tix-door.h"
#include "tix-org-time.h"
#include "tix-qr-image.h"
#include "tix-narrow-layout.h"
#include "tix-scan-view.h"
#include "tix-toast-host.h"

/* A keyboard-wedge scanner that sends no Enter: the input is taken once the
 * keys have been quiet for the "quiet-interval", if every character came
 * from a key of its own at scanner speed: a few milliseconds a key, at most
 * SCANNER_MAX_MS_PER_KEY on average over the whole code, measured with the
 * keys' own timestamps (not when a busy main loop gets to them). A person
 * typing a number, and text that a paste puts in, wait for Enter. */
#define DEFAULT_QUIET_MS        300
#define SCANNER_MAX_MS_PER_KEY  30
#define SCANNER_MIN_CHARS       4
/* Answers are shown in the order of the scans, but one that takes longer
 * than this stops holding back those after it: it shows when it comes. */
#define IN_ORDER_MS             2000
/* Someone who edits the admitted prefixes and walks away must not leave the
 * scanner typing into them: focus goes back to the scan entry after this. */
#define PREFIXES_IDLE_SECONDS   4
/* Below this width the last scans go under the answer, and the text gets
 * smaller: the view reads well from 360 pixels on. */
#define NARROW_WIDTH            800
/* Rows kept in the list of the last scans. */
#define HISTORY_LENGTH          20

/* One scan, from the moment it is sent until its answer is shown. Answers
 * are shown in the order the scans were made, whatever order they come in. */
typedef struct
{
  TixScanView *view;      /* unowned; only touched when not cancelled */
  char        *code;
  TixTicket   *ticket;
  GError      *error;
  TixDoorVerdict *verdict;  /* NULL when not even the door was asked */
  gint64       submitted_at;  /* real time, for the list */
  gint64       sent_us;       /* monotonic */
  guint64      serial;        /* order of the scans */
  gboolean     done;
} Scan;

static void
scan_clear (Scan *scan)
{
  g_free (scan->code);
  g_clear_object (&scan->ticket);
  g_clear_error (&scan->error);
  g_clear_pointer (&scan->verdict, tix_door_verdict_free);
}

static void
scan_release (Scan *scan)
{
  g_rc_box_release_full (scan, (GDestroyNotify) scan_clear);
}

struct _TixScanView
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkEntry       *entry;
  GtkEntry       *prefixes_entry;
  GtkButton      *undo_button;
  GtkToggleButton *door_button;
  GtkToggleButton *sounds_button;
  GtkBox         *result_box;
  GtkImage       *result_icon;
  GtkLabel       *verdict_label;
  GtkLabel       *number_label;
  GtkLabel       *detail_label;
  GtkLabel       *counts_label;
  GtkLabel       *live_label;
  GtkRevealer    *offline_revealer;
  GtkLabel       *offline_label;
  GtkListBox     *history_list;
  GtkStack       *history_stack;
  GtkBox         *content_box;
  GtkBox         *header_box;
  GtkBox         *history_column;
  GtkScrolledWindow *history_scroller;
  AdwButtonContent *undo_content;

  /* Weak pointers: rows of the history, while listed */
  GtkWidget      *undo_row;      /* the row of last_admitted */
  GtkWidget      *undoing_row;   /* the row of the scan being undone */

  /* Owned references */
  TixSession     *session;
  GSignalGroup   *session_signals;
  GSignalGroup   *stream_signals;
  GSignalGroup   *door_signals;
  TixClient      *client;        /* the session's, as of the last change */
  TixEventStream *stream;        /* its stream */
  TixDoor        *door;          /* its door: decides offline when the server is gone */
  GCancellable   *cancellable;   /* scans and undo of the current client */
  GQueue          pending;       /* Scan *, oldest first, each holding a ref */
  TixTicket      *last_admitted; /* what Undo undoes */
  GtkNativeDialog *chooser;      /* "Open Image", while open */
  GTimeZone      *zone;          /* the organization's: every time shown */
#ifdef TIX_HAVE_GSOUND
  GSoundContext  *sound;         /* made on the first answer */
#endif

  gint64          scanned;       /* -1 while unknown */
  gint64          total;
  /* The input in the entry: how it came */
  guint32         first_key_ms;  /* event times of its first and last key */
  guint32         last_key_ms;
  guint32         pending_key_ms;
  guint           n_keys;        /* characters that came one key each */
  glong           length;        /* characters in the entry */
  guint           quiet_id;
  guint           quiet_ms;
  guint           flush_id;
  guint           prefixes_idle_id;
  guint           n_decoding;    /* images being read */
  guint64         next_serial;
  guint64         shown_serial;  /* of the answer on display */
  TixScanResult   result;

  guint           door_mode : 1;
  guint           sounds : 1;
  guint           sound_failed : 1;
  guint           undoing : 1;
  guint           clearing : 1;
  guint           key_pending : 1;  /* a character key is being handled */
  guint           not_typed : 1;    /* pasted, edited or set: wait for Enter */
  guint           online_only : 1;
  guint           narrow : 1;
};

G_DEFINE_FINAL_TYPE (TixScanView, tix_scan_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DOOR_MODE,
  PROP_SOUNDS,
  PROP_PREFIXES,
  PROP_QUIET_INTERVAL,
  PROP_ONLINE_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const result_classes[] = {
  "scan-idle", "scan-valid", "scan-duplicate", "scan-invalid", "scan-undone", "scan-deleted",
};

static void
focus_entry (TixScanView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self->entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
update_actions (TixScanView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.undo",
                                 self->last_admitted != NULL && !self->undoing);
}

/* Counters ---------------------------------------------------------------------- */

static void
update_counts (TixScanView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  char scanned[32], total[32];

  if (self->scanned < 0 || self->total < 0)
    {
      gtk_label_set_label (self->counts_label, "– / –");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->counts_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Number of tickets scanned not known yet"), -1);
      return;
    }

  g_snprintf (scanned, sizeof scanned, "%" G_GINT64_FORMAT, self->scanned);
  g_snprintf (total, sizeof total, "%" G_GINT64_FORMAT, self->total);

  /* Translators: tickets scanned / tickets in total, e.g. "12 / 200" */
  text = g_strdup_printf (_("%s / %s"), scanned, total);
  gtk_label_set_label (self->counts_label, text);

  /* Translators: "12 of 200 tickets scanned" */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s of %s ticket scanned",
                                              "%s of %s tickets scanned",
                                              (gulong) MIN (self->total, 1000000)),
                                 scanned, total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->counts_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

/* The event stream keeps the counters; replies do while it is down. */
static void
count_locally (TixScanView *self,
               gint64       delta)
{
  if (self->stream != NULL && tix_event_stream_get_connected (self->stream))
    return;
  if (self->scanned < 0)
    return;

  self->scanned = CLAMP (self->scanned + delta, 0, MAX (self->total, 0));
  update_counts (self);
}

static void
on_stream_stats (TixEventStream *stream,
                 const TixStats *stats,
                 TixScanView    *self)
{
  self->scanned = stats->scanned;
  self->total = stats->total;
  update_counts (self);
}

static void
on_stream_connected (TixEventStream *stream,
                     GParamSpec     *pspec,
                     TixScanView    *self)
{
  gboolean connected = tix_event_stream_get_connected (stream);

  gtk_label_set_label (self->live_label,
                       connected ? _("Live") : _("Reconnecting… counters may be behind"));
  if (connected)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->live_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->live_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->live_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->live_label), "warning");
    }
}

/* Offline ---------------------------------------------------------------------- */

static void
update_offline_bar (TixScanView *self)
{
  gboolean offline = self->door != NULL && !tix_door_get_online (self->door);
  guint n_queued = self->door != NULL ? tix_door_get_n_queued (self->door) : 0;
  g_autofree char *text = NULL;

  if (offline && self->online_only)
    text = g_strdup (_("OFFLINE — this station admits online only: every scan is refused "
                       "until the server is back"));
  else if (offline)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "OFFLINE — scans are checked at this station; "
                                         "%u scan waits for the server",
                                         "OFFLINE — scans are checked at this station; "
                                         "%u scans wait for the server",
                                         n_queued),
                            n_queued);
  else if (n_queued > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Back online — sending %u offline scan",
                                         "Back online — sending %u offline scans",
                                         n_queued),
                            n_queued);

  if (text != NULL)
    {
      gtk_label_set_label (self->offline_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->offline_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  gtk_revealer_set_reveal_child (self->offline_revealer, text != NULL);
  if (offline)
    gtk_widget_add_css_class (GTK_WIDGET (self), "offline");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "offline");
}

static void
on_door_conflict (TixDoor           *door,
                  TixDoorQueuedScan *queued,
                  TixTicket         *ticket,
                  TixScanView       *self)
{
  g_autofree char *title = NULL;

  /* Translators: an offline admission the server had seen scanned elsewhere */
  title = g_strdup_printf (_("%s was also admitted elsewhere while offline: "
                             "listed under Scan Conflicts"),
                           ticket != NULL ? tix_ticket_get_number (ticket) : queued->code);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

/* Showing answers ------------------------------------------------------------ */

/* In the organization's time zone, saying which when it is not this computer's. */
static char *
format_time (TixScanView *self,
             gint64       ms)
{
  if (tix_org_time_is_today (self->zone, ms))
    return tix_org_time_format (self->zone, ms, "%X");

  /* Translators: a date and time, see g_date_time_format() */
  return tix_org_time_format (self->zone, ms, _("%x %X"));
}

static char **
get_prefixes (TixScanView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->prefixes_entry));

  parts = g_strsplit_set (text, ", ;", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

static char *
format_prefixes (TixScanView *self)
{
  g_auto(GStrv) prefixes = get_prefixes (self);

  return g_strjoinv (", ", prefixes);
}

static TixScanResult
classify (Scan *scan)
{
  if (scan->verdict != NULL)
    switch (scan->verdict->kind)
      {
      case TIX_DOOR_ADMITTED:
        return TIX_SCAN_RESULT_VALID;
      case TIX_DOOR_DUPLICATE:
        return TIX_SCAN_RESULT_DUPLICATE;
      case TIX_DOOR_UNKNOWN:
        return TIX_SCAN_RESULT_UNKNOWN;
      case TIX_DOOR_DELETED:
        return TIX_SCAN_RESULT_DELETED;
      case TIX_DOOR_FORGED:
        return TIX_SCAN_RESULT_FORGED;
      case TIX_DOOR_REPLACED:
        return TIX_SCAN_RESULT_REPLACED;
      case TIX_DOOR_WRONG_PREFIX:
        return TIX_SCAN_RESULT_WRONG_PREFIX;
      case TIX_DOOR_ONLINE_ONLY:
      case TIX_DOOR_FAILED:
      default:
        return TIX_SCAN_RESULT_FAILED;
      }

  if (scan->error == NULL)
    return TIX_SCAN_RESULT_VALID;

  if (scan->error->domain == TIX_CLIENT_ERROR)
    switch (scan->error->code)
      {
      case TIX_CLIENT_ERROR_DUPLICATE:
        return TIX_SCAN_RESULT_DUPLICATE;

      case TIX_CLIENT_ERROR_NOT_FOUND:
        return TIX_SCAN_RESULT_UNKNOWN;

      case TIX_CLIENT_ERROR_FORGED:
        {
          const char *reason = tix_client_error_get_reason (scan->error);

          if (g_strcmp0 (reason, "wrong-prefix") == 0)
            return TIX_SCAN_RESULT_WRONG_PREFIX;
          if (g_strcmp0 (reason, "replaced") == 0)
            return TIX_SCAN_RESULT_REPLACED;
          if (g_strcmp0 (reason, "deleted") == 0)
            return TIX_SCAN_RESULT_DELETED;
          return TIX_SCAN_RESULT_FORGED;
        }

      default:
        break;
      }

  return TIX_SCAN_RESULT_FAILED;
}

static const char *
result_class (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_NONE:
      return "scan-idle";
    case TIX_SCAN_RESULT_VALID:
      return "scan-valid";
    case TIX_SCAN_RESULT_DUPLICATE:
      return "scan-duplicate";
    case TIX_SCAN_RESULT_UNDONE:
      return "scan-undone";
    case TIX_SCAN_RESULT_DELETED:
      return "scan-deleted";
    case TIX_SCAN_RESULT_UNKNOWN:
    case TIX_SCAN_RESULT_FORGED:
    case TIX_SCAN_RESULT_REPLACED:
    case TIX_SCAN_RESULT_WRONG_PREFIX:
    case TIX_SCAN_RESULT_FAILED:
    default:
      return "scan-invalid";
    }
}

static const char *
result_icon_name (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_VALID:
      return "object-select-symbolic";
    case TIX_SCAN_RESULT_DUPLICATE:
      return "dialog-warning-symbolic";
    case TIX_SCAN_RESULT_UNDONE:
      return "edit-undo-symbolic";
    case TIX_SCAN_RESULT_DELETED:
      return "user-trash-symbolic";
    case TIX_SCAN_RESULT_NONE:
      return "tix-scan-symbolic";
    default:
      return "action-unavailable-symbolic";
    }
}

static const char *
result_verdict (TixScanResult result)
{
  switch (result)
    {
    case TIX_SCAN_RESULT_NONE:
      return _("Ready to Scan");
    case TIX_SCAN_RESULT_VALID:
      /* Translators: shown very big at the door: the ticket admits */
      return _("VALID");
    case TIX_SCAN_RESULT_DUPLICATE:
      return _("ALREADY SCANNED");
    case TIX_SCAN_RESULT_UNKNOWN:
      return _("UNKNOWN");
    case TIX_SCAN_RESULT_FORGED:
      return _("FORGED");
    case TIX_SCAN_RESULT_REPLACED:
      /* Translators: the ticket was reissued; this is its old code */
      return _("REPLACED");
    case TIX_SCAN_RESULT_WRONG_PREFIX:
      return _("NOT VALID HERE");
    case TIX_SCAN_RESULT_FAILED:
      return _("NOT CHECKED");
    case TIX_SCAN_RESULT_UNDONE:
      return _("SCAN UNDONE");
    case TIX_SCAN_RESULT_DELETED:
      /* Translators: shown very big at the door: the ticket existed but was deleted */
      return _("DELETED");
    default:
      g_assert_not_reached ();
    }
}

/* A distinct sound for each kind of answer, from the sound theme. */
static void
play_sound (TixScanView   *self,
            TixScanResult  result)
{
#ifdef TIX_HAVE_GSOUND
  g_autoptr(GError) error = NULL;
  const char *event_id;

  if (!self->sounds || self->sound_failed)
    return;

  switch (result)
    {
    case TIX_SCAN_RESULT_NONE:
    case TIX_SCAN_RESULT_UNDONE:
      return;
    case TIX_SCAN_RESULT_VALID:
      event_id = "complete";
      break;
    case TIX_SCAN_RESULT_DUPLICATE:
      event_id = "dialog-warning";
      break;
    default:
      event_id = "dialog-error";
      break;
    }

  if (self->sound == NULL)
    {
      self->sound = gsound_context_new (NULL, &error);
      if (self->sound == NULL)
        {
          /* No sound system: say it once, then stay quiet. */
          g_debug ("No sounds: %s", error->message);
          self->sound_failed = TRUE;
          return;
        }
    }

  if (!gsound_context_play_simple (self->sound, NULL, &error,
                                   GSOUND_ATTR_EVENT_ID, event_id,
                                   GSOUND_ATTR_EVENT_DESCRIPTION, result_verdict (result),
                                   NULL))
    g_debug ("Could not play %s: %s", event_id, error->message);
#endif
}

static void
show_result (TixScanView   *self,
             TixScanResult  result,
             const char    *number,
             const char    *detail)
{
  const char *klass = result_class (result);
  const char *verdict = result_verdict (result);
  g_autofree char *description = NULL;

  self->result = result;

  for (guint i = 0; i < G_N_ELEMENTS (result_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_box), result_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->result_box), klass);

  gtk_image_set_from_icon_name (self->result_icon, result_icon_name (result));
  gtk_label_set_label (self->verdict_label, verdict);
  gtk_label_set_label (self->number_label, number ? number : "");
  gtk_widget_set_visible (GTK_WIDGET (self->number_label), number != NULL && *number != '\0');
  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');

  description = g_strjoin (", ", verdict, number ? number : "", detail ? detail : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static GtkWidget *
add_history_row (TixScanView   *self,
                 TixScanResult  result,
                 const char    *title,
                 gint64         when_ms)
{
  g_autofree char *time = format_time (self, when_ms);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (result_icon_name (result));
  GtkListBoxRow *last;
  guint n = 0;

  /* Translators: a line in the list of last scans: "VALID · 21:04:33" */
  subtitle = g_strdup_printf (_("%s · %s"), result_verdict (result), time);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, result == TIX_SCAN_RESULT_VALID ? "success"
                                  : result == TIX_SCAN_RESULT_DUPLICATE ? "warning"
                                  : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  result_verdict (result), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  g_object_set_data (G_OBJECT (row), "tix-scan-result", GINT_TO_POINTER (result));

  gtk_list_box_prepend (self->history_list, row);
  gtk_stack_set_visible_child_name (self->history_stack, "list");

  while (gtk_list_box_get_row_at_index (self->history_list, n) != NULL)
    n++;
  while (n > HISTORY_LENGTH && (last = gtk_list_box_get_row_at_index (self->history_list, n - 1)))
    {
      gtk_list_box_remove (self->history_list, GTK_WIDGET (last));
      n--;
    }

  return row;
}

static void
present (TixScanView *self,
         Scan        *scan)
{
  TixScanResult result = classify (scan);
  TixTicket *ticket = scan->ticket;
  TixDoorVerdict *verdict = scan->verdict;
  gboolean offline = verdict != NULL && verdict->offline;
  const char *number = ticket ? tix_ticket_get_number (ticket) : NULL;
  g_autofree char *detail = NULL;
  g_autofree char *shown_code = NULL;
  GtkWidget *row;

  if (number == NULL && verdict != NULL)
    number = verdict->number;

  switch (result)
    {
    case TIX_SCAN_RESULT_VALID:
      if (offline)
        /* Translators: the station decided alone, the server was unreachable */
        detail = g_strdup (_("Admitted offline: the server will be told when it is back"));
      else
        detail = g_strdup (ticket ? tix_ticket_get_extra (ticket) : NULL);
      break;

    case TIX_SCAN_RESULT_DUPLICATE:
      if (offline && verdict->scanned_here)
        detail = g_strdup (_("Already admitted at this door while offline"));
      else if ((ticket != NULL && tix_ticket_get_scanned_at (ticket) > 0) ||
               (verdict != NULL && verdict->scanned_at > 0))
        {
          gint64 at = ticket ? tix_ticket_get_scanned_at (ticket) : verdict->scanned_at;
          g_autofree char *when = format_time (self, at);
          const char *who = ticket ? tix_ticket_get_scanned_by_name (ticket)
                                   : verdict->scanned_by;

          if (who != NULL && *who != '\0')
            /* Translators: "Scanned at 21:04:33 by Ana" */
            detail = g_strdup_printf (_("Scanned at %s by %s"), when, who);
          else
            detail = g_strdup_printf (_("Scanned at %s"), when);
        }
      else
        detail = g_strdup (scan->error->message);
      break;

    case TIX_SCAN_RESULT_UNKNOWN:
      detail = g_strdup (_("No ticket has this number or code"));
      break;

    case TIX_SCAN_RESULT_DELETED:
      detail = g_strdup (_("This ticket was deleted: it no longer admits"));
      break;

    case TIX_SCAN_RESULT_FORGED:
      detail = g_strdup (_("This code was not issued by this box office, or it has been altered"));
      break;

    case TIX_SCAN_RESULT_REPLACED:
      detail = g_strdup (_("This ticket was reissued: its old code no longer admits"));
      break;

    case TIX_SCAN_RESULT_WRONG_PREFIX:
      {
        g_autofree char *prefixes = format_prefixes (self);

        if (*prefixes != '\0')
          /* Translators: "This door admits FRI, VIP only" */
          detail = g_strdup_printf (_("This door admits %s only"), prefixes);
        else
          detail = g_strdup (scan->error->message);
      }
      break;

    case TIX_SCAN_RESULT_FAILED:
      if (verdict != NULL && verdict->kind == TIX_DOOR_ONLINE_ONLY)
        /* Translators: %s is "The server cannot be reached and this station admits online only" */
        detail = g_strdup_printf (_("%s. Send the guest to a station that is online."),
                                  scan->error->message);
      else
        /* Translators: %s says why, e.g. "Server unreachable at …" */
        detail = g_strdup_printf (_("%s. Scan the ticket again."), scan->error->message);
      break;

    case TIX_SCAN_RESULT_NONE:
    case TIX_SCAN_RESULT_UNDONE:
    default:
      g_assert_not_reached ();
    }

  if (number == NULL)
    {
      /* What was scanned, shortened: a code is long. */
      if (g_utf8_strlen (scan->code, -1) > 24)
        {
          g_autofree char *start = g_utf8_substring (scan->code, 0, 20);

          shown_code = g_strconcat (start, "…", NULL);
        }
      else
        shown_code = g_strdup (scan->code);
      number = shown_code;
    }

  row = add_history_row (self, result, number, scan->submitted_at / 1000);
  if (offline)
    {
      g_autofree char *time = format_time (self, scan->submitted_at / 1000);
      g_autofree char *subtitle = NULL;

      /* Translators: a line in the list of last scans: "VALID, offline · 21:04:33" */
      subtitle = g_strdup_printf (_("%s, offline · %s"), result_verdict (result), time);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data (G_OBJECT (row), "tix-scan-offline", GINT_TO_POINTER (TRUE));
    }
  if (result == TIX_SCAN_RESULT_VALID)
    count_locally (self, +1);

  /* A late answer must not take the screen from the person now at the door:
   * it goes to the list, and a toast says it. */
  if (scan->serial < self->shown_serial)
    {
      g_autofree char *title = NULL;

      /* Translators: "Late answer for FRI-000001: VALID" */
      title = g_strdup_printf (_("Late answer for %s: %s"), number, result_verdict (result));
      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      return;
    }

  self->shown_serial = scan->serial;
  show_result (self, result, number, detail);
  play_sound (self, result);

  /* An answer made offline is undone on the server, once it is uploaded. */
  if (result == TIX_SCAN_RESULT_VALID && ticket != NULL)
    {
      g_set_object (&self->last_admitted, ticket);
      g_set_weak_pointer (&self->undo_row, row);
      update_actions (self);
    }
}

static gboolean flush_cb (gpointer user_data);

/* Shows the answers that are in, in the order of the scans. */
static void
flush (TixScanView *self)
{
  gint64 now = g_get_monotonic_time ();
  GList *l = self->pending.head;

  g_clear_handle_id (&self->flush_id, g_source_remove);

  while (l != NULL)
    {
      Scan *scan = l->data;
      GList *next = l->next;

      if (scan->done)
        {
          g_queue_delete_link (&self->pending, l);
          present (self, scan);
          scan_release (scan);
        }
      else if (now - scan->sent_us < IN_ORDER_MS * G_TIME_SPAN_MILLISECOND)
        {
          /* Wait for this one a little; look again when it is late. */
          gint64 late_us = scan->sent_us + IN_ORDER_MS * G_TIME_SPAN_MILLISECOND - now;

          self->flush_id = g_timeout_add (MAX (1, late_us / 1000) + 1, flush_cb, self);
          break;
        }

      l = next;
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  TixScanView *self = user_data;

  self->flush_id = 0;
  flush (self);

  return G_SOURCE_REMOVE;
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Scan *scan = user_data;

  scan->verdict = tix_door_scan_finish (TIX_DOOR (object), result, &scan->error);
  if (scan->verdict != NULL)
    {
      if (scan->verdict->ticket != NULL)
        scan->ticket = g_object_ref (scan->verdict->ticket);
      if (scan->verdict->error != NULL)
        scan->error = g_error_copy (scan->verdict->error);
    }

  /* Cancelled: the view is gone or has another client; touch nothing. */
  if (!g_error_matches (scan->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      scan->done = TRUE;
      flush (scan->view);
    }

  scan_release (scan);
}

/* The entry -------------------------------------------------------------------- */

static void
reset_input (TixScanView *self)
{
  self->n_keys = 0;
  self->length = 0;
  self->not_typed = FALSE;
  self->key_pending = FALSE;
}

static void
take_entry (TixScanView *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  g_clear_handle_id (&self->quiet_id, g_source_remove);
  self->clearing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  self->clearing = FALSE;
  reset_input (self);

  tix_scan_view_submit (self, text);
}

static gboolean
quiet_cb (gpointer user_data)
{
  TixScanView *self = user_data;
  guint32 elapsed_ms = self->last_key_ms - self->first_key_ms;

  self->quiet_id = 0;

  /* Typed by a person, pasted or edited: wait for Enter. */
  if (!self->not_typed && self->n_keys == (guint) self->length &&
      self->n_keys >= SCANNER_MIN_CHARS &&
      elapsed_ms <= (guint32) (self->n_keys - 1) * SCANNER_MAX_MS_PER_KEY)
    take_entry (self);

  return G_SOURCE_REMOVE;
}

static void
on_entry_changed (TixScanView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
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

static void
on_entry_activate (TixScanView *self)
{
  take_entry (self);
}

/* Ctrl+Z undoes the last admission, not the entry's text (whose undo would
 * bring the last code back). Some scanners end with Tab instead of Enter:
 * take it as Enter rather than let focus leave the entry. An empty entry
 * lets Tab move on as usual. Character keys are timed for the scanner rule. */
static gboolean
on_entry_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      TixScanView           *self)
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
      *gtk_editable_get_text (GTK_EDITABLE (self->entry)) == '\0')
    return GDK_EVENT_PROPAGATE;

  take_entry (self);
  return GDK_EVENT_STOP;
}

static void
on_prefixes_activate (TixScanView *self)
{
  focus_entry (self);
}

static gboolean
prefixes_idle_cb (gpointer user_data)
{
  TixScanView *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  self->prefixes_idle_id = 0;

  if (focus != NULL &&
      (focus == GTK_WIDGET (self->prefixes_entry) ||
       gtk_widget_is_ancestor (focus, GTK_WIDGET (self->prefixes_entry))))
    focus_entry (self);

  return G_SOURCE_REMOVE;
}

static void
on_prefixes_changed (TixScanView *self)
{
  g_clear_handle_id (&self->prefixes_idle_id, g_source_remove);
  self->prefixes_idle_id = g_timeout_add_seconds (PREFIXES_IDLE_SECONDS, prefixes_idle_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFIXES]);
}

/* Undo ------------------------------------------------------------------------- */

static void
unscan_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TixTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  TixScanView *self;

  ticket = tix_client_unscan_ticket_finish (TIX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  self->undoing = FALSE;

  if (ticket == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not undo the scan: %s"), error->message);

      tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
      g_clear_weak_pointer (&self->undoing_row);
      update_actions (self);
      return;
    }

  /* Another ticket may have been admitted meanwhile: that one stays undoable. */
  if (self->last_admitted != NULL &&
      g_strcmp0 (tix_ticket_get_id (self->last_admitted), tix_ticket_get_id (ticket)) == 0)
    {
      g_clear_object (&self->last_admitted);
      g_clear_weak_pointer (&self->undo_row);
    }

  if (self->undoing_row != NULL)
    {
      g_autofree char *time = format_time (self, g_get_real_time () / 1000);
      g_autofree char *subtitle =
        g_strdup_printf (_("%s · %s"), result_verdict (TIX_SCAN_RESULT_UNDONE), time);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->undoing_row), subtitle);
      g_clear_weak_pointer (&self->undoing_row);
    }

  show_result (self, TIX_SCAN_RESULT_UNDONE, tix_ticket_get_number (ticket),
               _("The ticket can be scanned again"));
  count_locally (self, -1);
  update_actions (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TixScanView *self = TIX_SCAN_VIEW (widget);

  if (self->client == NULL || self->last_admitted == NULL || self->undoing)
    return;

  self->undoing = TRUE;
  g_set_weak_pointer (&self->undoing_row, self->undo_row);
  update_actions (self);
  tix_client_unscan_ticket_async (self->client, tix_ticket_get_id (self->last_admitted),
                                  self->cancellable, unscan_cb, self);
  focus_entry (self);
}

/* Images of tickets ------------------------------------------------------------ */

typedef struct
{
  TixScanView *view;   /* unowned; only touched when not cancelled */
  GFile       *file;
} Decode;

static void
decode_free (Decode *decode)
{
  g_object_unref (decode->file);
  g_free (decode);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decode, decode_free)

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Decode) decode = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  TixScanView *self;

  code = tix_qr_image_decode_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the view is alive. */
  self = decode->view;
  g_assert (self->n_decoding > 0);
  self->n_decoding--;

  if (code != NULL)
    {
      tix_scan_view_submit (self, code);
      return;
    }

  name = g_file_get_basename (decode->file);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* Translators: %s is a file name */
    title = g_strdup_printf (_("No ticket code found in “%s”"), name);
  else
    /* Translators: the first %s is a file name, the second why it failed */
    title = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);
  tix_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     TixScanView     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        tix_scan_view_scan_image (self, file);
    }

  g_signal_handlers_disconnect_by_data (chooser, self);
  g_clear_object (&self->chooser);
  focus_entry (self);
}

static void
open_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TixScanView *self = TIX_SCAN_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Scan a Ticket Image"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Scan"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TixScanView   *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    tix_scan_view_scan_image (self, l->data);

  return files != NULL;
}

/* Door mode -------------------------------------------------------------------- */

/* The look of door mode (bigger text); the window is what goes full screen
 * (TixWindow:door-mode, which this property follows). */
static void
set_door_mode (TixScanView *self,
               gboolean     door_mode)
{
  door_mode = !!door_mode;
  if (self->door_mode == door_mode)
    return;

  self->door_mode = door_mode;
  if (door_mode)
    gtk_widget_add_css_class (GTK_WIDGET (self), "door-mode");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "door-mode");

  focus_entry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOOR_MODE]);
}

/* GObject ---------------------------------------------------------------------- */

static void
clear_pending (TixScanView *self)
{
  Scan *scan;

  while ((scan = g_queue_pop_head (&self->pending)) != NULL)
    scan_release (scan);
}

/* The organization's time zone, from its settings. */
static void
on_stream_settings (TixEventStream *stream,
                    TixSettings    *settings,
                    TixScanView    *self)
{
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = tix_org_time_zone_new (tix_settings_get (settings, TIX_SETTING_TIME_ZONE));
}

const char *
tix_scan_view_get_time_zone (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return g_time_zone_get_identifier (self->zone);
}

/* Narrow: the answer on top, the last scans under it (a few rows), smaller
 * text and a compact header. Wide: the last scans beside the answer. Each
 * layout's minimum width is below the width that switches to it. */
static void
set_narrow (TixScanView *self,
            gboolean     narrow)
{
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->content_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->history_column), narrow ? -1 : 280, -1);
  gtk_widget_set_vexpand (GTK_WIDGET (self->history_stack), !narrow);
  gtk_scrolled_window_set_propagate_natural_height (self->history_scroller, narrow);
  gtk_scrolled_window_set_max_content_height (self->history_scroller, narrow ? 140 : -1);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->prefixes_entry), narrow ? 5 : 14);
  adw_button_content_set_label (self->undo_content, narrow ? "" : _("_Undo"));
  gtk_box_set_spacing (self->header_box, narrow ? 6 : 12);
  {
    GtkWidget *page = adw_bin_get_child (ADW_BIN (self));
    int margin = narrow ? 6 : 12;

    gtk_widget_set_margin_start (page, margin);
    gtk_widget_set_margin_end (page, margin);
    gtk_widget_set_margin_top (page, margin);
    gtk_widget_set_margin_bottom (page, margin);
  }
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self), "narrow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "narrow");
}

static void
on_narrow_changed (TixScanView        *self,
                   GParamSpec         *pspec,
                   TixNarrowLayout    *layout)
{
  set_narrow (self, tix_narrow_layout_get_narrow (layout));
}

gboolean
tix_scan_view_get_narrow (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), FALSE);

  return self->narrow;
}

static void
tix_scan_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tix_scan_view_parent_class)->map (widget);

  focus_entry (TIX_SCAN_VIEW (widget));
}

static void
tix_scan_view_dispose (GObject *object)
{
  TixScanView *self = TIX_SCAN_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_handle_id (&self->quiet_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->prefixes_idle_id, g_source_remove);
  clear_pending (self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stream_signals);
  g_clear_object (&self->door_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->door);
  g_clear_object (&self->stream);
  g_clear_object (&self->last_admitted);
  g_clear_object (&self->client);
#ifdef TIX_HAVE_GSOUND
  g_clear_object (&self->sound);
#endif
  g_clear_weak_pointer (&self->undo_row);
  g_clear_weak_pointer (&self->undoing_row);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), TIX_TYPE_SCAN_VIEW);

  G_OBJECT_CLASS (tix_scan_view_parent_class)->dispose (object);
}

static void
tix_scan_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TixScanView *self = TIX_SCAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DOOR_MODE:
      g_value_set_boolean (value, self->door_mode);
      break;

    case PROP_SOUNDS:
      g_value_set_boolean (value, self->sounds);
      break;

    case PROP_PREFIXES:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->prefixes_entry)));
      break;

    case PROP_QUIET_INTERVAL:
      g_value_set_uint (value, self->quiet_ms);
      break;

    case PROP_ONLINE_ONLY:
      g_value_set_boolean (value, self->online_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TixScanView *self = TIX_SCAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tix_scan_view_set_session (self, g_value_get_object (value));
      break;

    case PROP_DOOR_MODE:
      set_door_mode (self, g_value_get_boolean (value));
      break;

    case PROP_SOUNDS:
      if (self->sounds != !!g_value_get_boolean (value))
        {
          self->sounds = !!g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PREFIXES:
      {
        const char *text = g_value_get_string (value);

        gtk_editable_set_text (GTK_EDITABLE (self->prefixes_entry), text ? text : "");
      }
      break;

    case PROP_QUIET_INTERVAL:
      if (self->quiet_ms != g_value_get_uint (value))
        {
          self->quiet_ms = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ONLINE_ONLY:
      if (self->online_only != !!g_value_get_boolean (value))
        {
          self->online_only = !!g_value_get_boolean (value);
          if (self->door != NULL)
            tix_door_set_online_only (self->door, self->online_only);
          update_offline_bar (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_scan_view_class_init (TixScanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_scan_view_dispose;
  object_class->get_property = tix_scan_view_get_property;
  object_class->set_property = tix_scan_view_set_property;

  widget_class->map = tix_scan_view_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIX_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The look of the window's door mode, bound to TixWindow:door-mode. */
  properties[PROP_DOOR_MODE] =
    g_param_spec_boolean ("door-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Bound to the "scan-sounds" setting by the window. */
  properties[PROP_SOUNDS] =
    g_param_spec_boolean ("sounds", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The prefixes this door admits, as typed: "FRI, VIP"; empty admits all.
   * Bound to the "scan-prefixes" setting by the window. */
  properties[PROP_PREFIXES] =
    g_param_spec_string ("prefixes", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Milliseconds of quiet after which scanner-speed input is taken without
   * Enter. Bound to the "scan-quiet-interval" setting by the window. */
  properties[PROP_QUIET_INTERVAL] =
    g_param_spec_uint ("quiet-interval", NULL, NULL, 50, 2000, DEFAULT_QUIET_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When the server is gone, refuse instead of deciding at the station.
   * Bound to the "scan-online-only" setting by the window. */
  properties[PROP_ONLINE_ONLY] =
    g_param_spec_boolean ("online-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Tix/ui/views/scan/tix-scan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TixScanView, entry);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, prefixes_entry);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, undo_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, content_box);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, header_box);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, history_column);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, history_scroller);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, undo_content);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, door_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, sounds_button);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, result_box);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, result_icon);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, number_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, live_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, offline_label);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, history_list);
  gtk_widget_class_bind_template_child (widget_class, TixScanView, history_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_prefixes_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_prefixes_changed);

  gtk_widget_class_install_action (widget_class, "scan.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "scan.open-image", NULL, open_image_action);
  gtk_widget_class_install_property_action (widget_class, "scan.sounds", "sounds");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "scan.undo", NULL);
  /* Door mode is the window's: the view asks for it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.door-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.leave-door-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "scan.open-image", NULL);

  gtk_widget_class_set_css_name (widget_class, "scanview");
}

static void on_client_changed (TixScanView *self);

static void
tix_scan_view_init (TixScanView *self)
{
  GtkLayoutManager *layout;
  GtkEventController *keys;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = tix_narrow_layout_new (NARROW_WIDTH);
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (on_narrow_changed), self,
                           G_CONNECT_SWAPPED);

  /* The entry's own undo would put the last code back (and it would be
   * scanned again): Ctrl+Z undoes the last admission instead. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->entry), FALSE);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  /* Screenshots and photos of tickets, dropped on the view. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->session_signals = g_signal_group_new (TIX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::client",
                                 G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
  self->stream_signals = g_signal_group_new (TIX_TYPE_EVENT_STREAM);
  g_signal_group_connect_object (self->stream_signals, "stats",
                                 G_CALLBACK (on_stream_stats), self, 0);
  g_signal_group_connect_object (self->stream_signals, "notify::connected",
                                 G_CALLBACK (on_stream_connected), self, 0);
  g_signal_group_connect_object (self->stream_signals, "settings-changed",
                                 G_CALLBACK (on_stream_settings), self, 0);
  self->door_signals = g_signal_group_new (TIX_TYPE_DOOR);
  g_signal_group_connect_object (self->door_signals, "notify::online",
                                 G_CALLBACK (update_offline_bar), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->door_signals, "notify::n-queued",
                                 G_CALLBACK (update_offline_bar), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->door_signals, "conflict",
                                 G_CALLBACK (on_door_conflict), self, 0);

  g_queue_init (&self->pending);
  self->cancellable = g_cancellable_new ();
  self->scanned = -1;
  self->total = -1;
  self->sounds = TRUE;
  self->quiet_ms = DEFAULT_QUIET_MS;
  self->zone = g_time_zone_new_local ();

  show_result (self, TIX_SCAN_RESULT_NONE, NULL,
               _("Scan a ticket’s code, or type its number and press Enter"));
  update_counts (self);
  update_actions (self);
}

/* Public API ------------------------------------------------------------------- */

TixScanView *
tix_scan_view_new (void)
{
  return g_object_new (TIX_TYPE_SCAN_VIEW, NULL);
}

TixSession *
tix_scan_view_get_session (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return self->session;
}

/* Signed in, out or as someone else: the view starts afresh with the
 * session's client, stream and door. */
static void
on_client_changed (TixScanView *self)
{
  TixClient *client = self->session != NULL ? tix_session_get_client (self->session) : NULL;
  TixEventStream *stream = client != NULL ? tix_session_get_stream (self->session) : NULL;
  TixDoor *door = client != NULL ? tix_session_get_door (self->session) : NULL;

  if (self->client == client)
    return;

  /* Whatever the previous session had in flight is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->flush_id, g_source_remove);
  clear_pending (self);
  self->n_decoding = 0;
  self->undoing = FALSE;
  g_clear_object (&self->last_admitted);
  g_clear_weak_pointer (&self->undo_row);
  g_clear_weak_pointer (&self->undoing_row);

  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  g_set_object (&self->door, door);
  g_signal_group_set_target (self->stream_signals, self->stream);
  g_signal_group_set_target (self->door_signals, self->door);

  self->scanned = -1;
  self->total = -1;
  update_counts (self);
  gtk_label_set_label (self->live_label, "");

  if (self->stream != NULL)
    {
      TixStats stats;

      /* The stream may be running already: how it stands now. */
      on_stream_connected (self->stream, NULL, self);
      if (tix_event_stream_get_stats (self->stream, &stats))
        on_stream_stats (self->stream, &stats, self);
      if (tix_event_stream_get_settings (self->stream) != NULL)
        on_stream_settings (self->stream, tix_event_stream_get_settings (self->stream), self);
    }
  if (self->door != NULL)
    tix_door_set_online_only (self->door, self->online_only);

  update_offline_bar (self);
  update_actions (self);
}

void
tix_scan_view_set_session (TixScanView *self,
                           TixSession  *session)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));
  g_return_if_fail (!session || TIX_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
tix_scan_view_submit (TixScanView *self,
                      const char  *code)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) prefixes = NULL;
  Scan *scan;

  g_return_if_fail (TIX_IS_SCAN_VIEW (self));
  g_return_if_fail (code != NULL);

  text = g_strstrip (g_strdup (code));
  if (*text == '\0')
    return;

  scan = g_rc_box_new0 (Scan);
  scan->view = self;
  scan->code = g_steal_pointer (&text);
  scan->submitted_at = g_get_real_time ();
  scan->sent_us = g_get_monotonic_time ();
  scan->serial = ++self->next_serial;
  g_queue_push_tail (&self->pending, scan);

  if (self->client == NULL || self->door == NULL)
    {
      scan->error = g_error_new_literal (TIX_CLIENT_ERROR, TIX_CLIENT_ERROR_UNAUTHORIZED,
                                         _("Not signed in"));
      scan->done = TRUE;
      flush (self);
      return;
    }

  prefixes = get_prefixes (self);
  tix_door_scan_async (self->door, scan->code, (const char * const *) prefixes,
                       self->cancellable, scan_cb, g_rc_box_acquire (scan));
  focus_entry (self);
}

void
tix_scan_view_scan_image (TixScanView *self,
                          GFile       *file)
{
  Decode *decode;

  g_return_if_fail (TIX_IS_SCAN_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  decode = g_new0 (Decode, 1);
  decode->view = self;
  decode->file = g_object_ref (file);
  self->n_decoding++;
  tix_qr_image_decode_async (file, self->cancellable, decoded_cb, decode);
}

TixScanResult
tix_scan_view_get_result (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), TIX_SCAN_RESULT_NONE);

  return self->result;
}

guint
tix_scan_view_get_n_pending (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), 0);

  return g_queue_get_length (&self->pending) + self->n_decoding;
}

GtkEditable *
tix_scan_view_get_entry (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return GTK_EDITABLE (self->entry);
}

GtkListBox *
tix_scan_view_get_history (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return self->history_list;
}

void
tix_scan_view_get_counts (TixScanView *self,
                          gint64      *scanned,
                          gint64      *total)
{
  g_return_if_fail (TIX_IS_SCAN_VIEW (self));

  if (scanned != NULL)
    *scanned = self->scanned;
  if (total != NULL)
    *total = self->total;
}

/* The door that decides the scans of this view, or NULL when signed out. */
TixDoor *
tix_scan_view_get_door (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), NULL);

  return self->door;
}

/* TRUE while the view shows that the server is gone. */
gboolean
tix_scan_view_get_offline (TixScanView *self)
{
  g_return_val_if_fail (TIX_IS_SCAN_VIEW (self), FALSE);

  return self->door != NULL && !tix_door_get_online (self->door);
}
