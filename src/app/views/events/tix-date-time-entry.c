/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-date-time-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "tix-date-time-entry.h"
#include "tix-org-time.h"

struct _TixDateTimeEntry
{
  GtkWidget      parent_instance;

  /* Child widgets */
  GtkMenuButton *day_button;
  GtkCalendar   *calendar;
  GtkEntry      *time_entry;

  /* Owned references */
  GTimeZone     *zone;

  int            year, month, day; /* month 1…12; year 0: no day */
  guint          setting : 1;
};

G_DEFINE_FINAL_TYPE (TixDateTimeEntry, tix_date_time_entry, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_label (TixDateTimeEntry *self)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *label = NULL;

  if (self->year == 0)
    {
      gtk_menu_button_set_label (self->day_button, _("No Date"));
      return;
    }
  date = g_date_time_new_utc (self->year, self->month, self->day, 0, 0, 0);
  /* Translators: a day in the event dialog's button, as g_date_time_format() writes it */
  label = g_date_time_format (date, _("%a %-d %b %Y"));
  gtk_menu_button_set_label (self->day_button, label);
}

static void
on_day_chosen (TixDateTimeEntry *self)
{
  g_autoptr(GDateTime) date = NULL;

  if (self->setting)
    return;

  date = gtk_calendar_get_date (self->calendar);
  self->year = g_date_time_get_year (date);
  self->month = g_date_time_get_month (date);
  self->day = g_date_time_get_day_of_month (date);
  update_label (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_day_activated (TixDateTimeEntry *self)
{
  on_day_chosen (self);
  gtk_menu_button_popdown (self->day_button);
}

static void
on_no_date_clicked (TixDateTimeEntry *self)
{
  self->year = self->month = self->day = 0;
  update_label (self);
  gtk_menu_button_popdown (self->day_button);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_time_changed (TixDateTimeEntry *self)
{
  if (!self->setting)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
tix_date_time_entry_dispose (GObject *object)
{
  TixDateTimeEntry *self = TIX_DATE_TIME_ENTRY (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (tix_date_time_entry_parent_class)->dispose (object);
}

static void
tix_date_time_entry_class_init (TixDateTimeEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tix_date_time_entry_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
tix_date_time_entry_init (TixDateTimeEntry *self)
{
  GtkWidget *popover, *box, *no_date;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "linked");
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_activated), self);
  g_signal_connect_swapped (self->calendar, "notify::day", G_CALLBACK (on_day_chosen), self);
  g_signal_connect_swapped (self->calendar, "notify::month", G_CALLBACK (on_day_chosen), self);
  g_signal_connect_swapped (self->calendar, "notify::year", G_CALLBACK (on_day_chosen), self);

  no_date = gtk_button_new_with_mnemonic (_("_No Date"));
  gtk_widget_set_name (no_date, "no_date_button");
  g_signal_connect_swapped (no_date, "clicked", G_CALLBACK (on_no_date_clicked), self);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_box_append (GTK_BOX (box), no_date);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->day_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->day_button, popover);
  gtk_menu_button_set_always_show_arrow (self->day_button, FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->day_button), _("Choose the day"));
  gtk_widget_set_parent (GTK_WIDGET (self->day_button), GTK_WIDGET (self));

  self->time_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->time_entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->time_entry), 5);
  gtk_entry_set_placeholder_text (self->time_entry, _("20:00"));
  gtk_entry_set_input_purpose (self->time_entry, GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_entry), _("The time, such as 20:00"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time"), -1);
  g_signal_connect_swapped (self->time_entry, "changed", G_CALLBACK (on_time_changed), self);
  gtk_widget_set_parent (GTK_WIDGET (self->time_entry), GTK_WIDGET (self));

  self->zone = g_time_zone_new_utc ();
  update_label (self);
}

TixDateTimeEntry *
tix_date_time_entry_new (void)
{
  return g_object_new (TIX_TYPE_DATE_TIME_ENTRY, NULL);
}

void
tix_date_time_entry_set_zone (TixDateTimeEntry *self,
                              const char       *zone_name)
{
  g_return_if_fail (TIX_IS_DATE_TIME_ENTRY (self));

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone_name != NULL ? tix_org_time_zone_new (zone_name) : g_time_zone_new_utc ();
}

void
tix_date_time_entry_set_day (TixDateTimeEntry *self,
                             int               year,
                             int               month,
                             int               day)
{
  g_autoptr(GDateTime) date = NULL;

  g_return_if_fail (TIX_IS_DATE_TIME_ENTRY (self));
  g_return_if_fail (g_date_valid_dmy (day, month, year));

  self->year = year;
  self->month = month;
  self->day = day;
  date = g_date_time_new_local (year, month, day, 12, 0, 0);
  self->setting = TRUE;
  gtk_calendar_select_day (self->calendar, date);
  self->setting = FALSE;
  update_label (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
tix_date_time_entry_set_time (TixDateTimeEntry *self,
                              gint64            ms)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  g_return_if_fail (TIX_IS_DATE_TIME_ENTRY (self));

  if (ms < 0)
    {
      self->year = self->month = self->day = 0;
      self->setting = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->time_entry), "");
      self->setting = FALSE;
      update_label (self);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  utc = g_date_time_new_from_unix_utc (ms / 1000);
  local = g_date_time_to_timezone (utc, self->zone);
  time = g_date_time_format (local, "%H:%M");
  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time);
  self->setting = FALSE;
  tix_date_time_entry_set_day (self, g_date_time_get_year (local), g_date_time_get_month (local),
                               g_date_time_get_day_of_month (local));
}

gboolean
tix_date_time_entry_has_day (TixDateTimeEntry *self)
{
  g_return_val_if_fail (TIX_IS_DATE_TIME_ENTRY (self), FALSE);

  return self->year != 0;
}

GtkEditable *
tix_date_time_entry_get_editable (TixDateTimeEntry *self)
{
  g_return_val_if_fail (TIX_IS_DATE_TIME_ENTRY (self), NULL);

  return GTK_EDITABLE (self->time_entry);
}

/* "20:00", "8:30", "2000": the hour and minute. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint digits[4], n = 0;
  gboolean colon = FALSE;

  for (const char *p = stripped; *p; p++)
    {
      if (g_ascii_isdigit (*p) && n < 4)
        digits[n++] = *p - '0';
      else if ((*p == ':' || *p == '.') && !colon && (n == 1 || n == 2))
        {
          colon = TRUE;
          if (n == 1)
            {
              digits[1] = digits[0];
              digits[0] = 0;
              n = 2;
            }
        }
      else
        return FALSE;
    }
  if (n == 1 || n == 2)
    {
      if (colon)
        return FALSE;
      *hour = n == 1 ? (int) digits[0] : (int) (digits[0] * 10 + digits[1]);
      *minute = 0;
    }
  else if (n == 3 && !colon)
    {
      *hour = digits[0];
      *minute = digits[1] * 10 + digits[2];
    }
  else if (n == 4)
    {
      *hour = digits[0] * 10 + digits[1];
      *minute = digits[2] * 10 + digits[3];
    }
  else
    return FALSE;

  return *hour < 24 && *minute < 60;
}

gboolean
tix_date_time_entry_get_ms (TixDateTimeEntry *self,
                            gint64            fallback_day,
                            gint64           *out_ms,
                            const char      **message)
{
  const char *text;
  g_autofree char *stripped = NULL;
  g_autoptr(GDateTime) time = NULL;
  int year = self->year, month = self->month, day = self->day, hour = 0, minute = 0;

  g_return_val_if_fail (TIX_IS_DATE_TIME_ENTRY (self), FALSE);

  text = gtk_editable_get_text (GTK_EDITABLE (self->time_entry));
  stripped = g_strstrip (g_strdup (text));
  if (*stripped != '\0' && !parse_time (stripped, &hour, &minute))
    {
      *message = _("Type the time as hours and minutes, such as 20:00");
      return FALSE;
    }
  if (year == 0 && *stripped == '\0')
    {
      *out_ms = -1;
      return TRUE;
    }
  if (year == 0)
    {
      g_autoptr(GDateTime) utc = NULL;
      g_autoptr(GDateTime) local = NULL;

      if (fallback_day < 0)
        {
          *message = _("Choose the day");
          return FALSE;
        }
      utc = g_date_time_new_from_unix_utc (fallback_day / 1000);
      local = g_date_time_to_timezone (utc, self->zone);
      year = g_date_time_get_year (local);
      month = g_date_time_get_month (local);
      day = g_date_time_get_day_of_month (local);
    }
  if (year < 1970 || year > 9998)
    {
      *message = _("Choose a day from 1970 to 9998");
      return FALSE;
    }

  time = g_date_time_new (self->zone, year, month, day, hour, minute, 0);
  if (time == NULL)
    {
      *message = _("That time does not exist on that day (the clocks change)");
      return FALSE;
    }
  *out_ms = g_date_time_to_unix (time) * 1000;
  return TRUE;
}
