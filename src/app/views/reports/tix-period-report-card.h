/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tix-report.h"

G_BEGIN_DECLS

#define TIX_TYPE_PERIOD_REPORT_CARD (tix_period_report_card_get_type ())

G_DECLARE_FINAL_TYPE (TixPeriodReportCard, tix_period_report_card, TIX, PERIOD_REPORT_CARD, GtkBox)

/* One report of the reports view: tickets generated and scanned per day,
 * week or month as a bar chart, and beside it (under it when narrow) the
 * same as a table, newest first.
 *
 * Property "period" (TixReportPeriod, construct-only): which one.
 * Property "narrow" (gboolean): the table under the chart, as long as it
 * is; otherwise beside it, as tall as the chart, scrolled. */
TixPeriodReportCard *tix_period_report_card_new        (TixReportPeriod        period);
TixReportPeriod      tix_period_report_card_get_period (TixPeriodReportCard   *self);
gboolean             tix_period_report_card_get_narrow (TixPeriodReportCard   *self);
void                 tix_period_report_card_set_narrow (TixPeriodReportCard   *self,
                                                        gboolean               narrow);
/* Shows @report (of the card's period; NULL: nothing yet). The card keeps
 * nothing of it. */
void                 tix_period_report_card_set_report (TixPeriodReportCard   *self,
                                                        const TixPeriodReport *report);

G_END_DECLS
