/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-scan-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <qrencode.h>

#include "tix-app-test-util.h"
#include "tix-client.h"
#include "tix-resources.h"
#include "tix-scan-counts.h"
#include "tix-scan-history-row.h"
#include "tix-scan-offline-bar.h"
#include "tix-scan-result-panel.h"
#include "tix-scan-view.h"
#include "tix-test-util.h"
#include "tix-test-keys.h"

#define EMAIL    "door@example.com"
#define PASSWORD "correct horse battery"
#define NAME     "Door Keeper"
#define ORG      "Scan View Test Org"

/* Spins the default main context until @cond holds, failing after a while. A
 * ticking timeout makes sure an iteration never blocks for long. */
#define WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;         \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
  } G_STMT_END

typedef struct
{
  TixTestServer *server;
  TixClient     *client;
  TixSession    *session;   /* the view's, signed in with client */
  GPtrArray     *tickets;   /* FRI-000001 … FRI-000003, extra "Balcony" */
  GtkWindow     *window;
  TixScanView   *view;
  GPtrArray     *toasts;    /* char *, titles of toasts the view asked for */
  guint          tick;
} Fixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  WAIT_UNTIL (*result != NULL);
  return *result;
}

static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  WAIT_UNTIL (g_get_monotonic_time () >= until);
}

static void
add_toast_cb (GtkWindow *window,
              AdwToast  *toast,
              Fixture   *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (adw_toast_get_title (toast)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixUser) user = NULL;

  fixture->tick = g_timeout_add (20, tick_cb, NULL);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->server = tix_test_server_new ();
  fixture->client = tix_client_new (fixture->server->url);

  tix_client_register_async (fixture->client, EMAIL, PASSWORD, NAME, ORG, NULL,
                             tix_test_store_result, &registered);
  user = tix_client_register_finish (fixture->client, wait_for (&registered), &error);
  g_assert_no_error (error);

  tix_client_generate_async (fixture->client, 3, "FRI", "Balcony", NULL,
                             tix_test_store_result, &generated);
  fixture->tickets = tix_client_generate_finish (fixture->client, wait_for (&generated), &error);
  g_assert_no_error (error);

  fixture->view = tix_scan_view_new ();
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  fixture->window = tix_app_test_toast_window_new ();
  g_signal_connect (fixture->window, "toast-added", G_CALLBACK (add_toast_cb), fixture);
  gtk_window_set_default_size (fixture->window, 1100, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);

  /* Quiet, except where sounds are tested: no sound system here. */
  fixture->session = tix_session_new ();
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  g_object_set (fixture->view, "session", fixture->session, "sounds", FALSE, NULL);
  g_assert_true (tix_scan_view_get_session (fixture->view) == fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* What was in flight finishes (cancelled) and lets go of the view. */
  WAIT_UNTIL (fixture->view == NULL);
  g_assert_finalize_object (g_steal_pointer (&fixture->session));

  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  /* Cancelled requests hold the client until their callbacks ran. */
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
  g_object_unref (fixture->client);
  WAIT_UNTIL (fixture->client == NULL);
  g_clear_pointer (&fixture->server, tix_test_server_free);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_clear_handle_id (&fixture->tick, g_source_remove);
}

/* Helpers */

static const char *
code_of (Fixture *fixture,
         guint    i)
{
  return tix_ticket_get_code (g_ptr_array_index (fixture->tickets, i));
}

/* A widget of the view's template, or of the template of one of its parts. */
static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  static const struct { const char *id; GType (*get_type) (void); } parts[] = {
    { "result_box", tix_scan_result_panel_get_type },
    { "counts", tix_scan_counts_get_type },
    { "offline_bar", tix_scan_offline_bar_get_type },
  };
  GtkWidget *view = GTK_WIDGET (fixture->view);
  GObject *object = gtk_widget_get_template_child (view, TIX_TYPE_SCAN_VIEW, name);

  for (guint i = 0; object == NULL && i < G_N_ELEMENTS (parts); i++)
    {
      GObject *part = gtk_widget_get_template_child (view, TIX_TYPE_SCAN_VIEW, parts[i].id);

      object = gtk_widget_get_template_child (GTK_WIDGET (part), parts[i].get_type (), name);
    }

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
label (Fixture    *fixture,
       const char *name)
{
  return gtk_label_get_label (GTK_LABEL (child (fixture, name)));
}

static GtkEditable *
entry (Fixture *fixture)
{
  return tix_scan_view_get_entry (fixture->view);
}

/* What a scanner that ends with Enter does. */
static void
type_and_enter (Fixture    *fixture,
                const char *text)
{
  gtk_editable_set_text (entry (fixture), text);
  g_signal_emit_by_name (entry (fixture), "activate");
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "");
}

static void
wait_for_answers (Fixture *fixture)
{
  WAIT_UNTIL (tix_scan_view_get_n_pending (fixture->view) == 0);
}

static guint
n_history (Fixture *fixture)
{
  GtkListBox *list = tix_scan_view_get_history (fixture->view);
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static AdwActionRow *
history_row (Fixture *fixture,
             guint    i)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (tix_scan_view_get_history (fixture->view), i);

  g_assert_nonnull (row);
  return ADW_ACTION_ROW (row);
}

static TixScanResult
history_result (Fixture *fixture,
                guint    i)
{
  return tix_scan_history_row_get_result (TIX_SCAN_HISTORY_ROW (history_row (fixture, i)));
}

static gboolean
counts_are (Fixture *fixture,
            gint64   scanned,
            gint64   total)
{
  gint64 s, t;

  tix_scan_view_get_counts (fixture->view, &s, &t);
  return s == scanned && t == total;
}

static gboolean
has_css_class (GtkWidget  *widget,
               const char *name)
{
  return gtk_widget_has_css_class (widget, name);
}

static gboolean
entry_has_focus (Fixture *fixture)
{
  GtkWidget *focus = gtk_window_get_focus (fixture->window);

  return focus != NULL && (focus == child (fixture, "entry") ||
                           gtk_widget_is_ancestor (focus, child (fixture, "entry")));
}

/* With TIX_SCREENSHOT_DIR set, saves the window as NAME-light.png and
 * NAME-dark.png there. */
static void
save_png (Fixture    *fixture,
          const char *dir,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  GskRenderer *renderer;
  int width, height;

  spin_ms (300);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  filename = g_strdup_printf ("%s/%s.png", dir, name);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, filename));
}

static void
screenshots (Fixture    *fixture,
             const char *name)
{
  const char *dir = g_getenv ("TIX_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat ("scan-", name, "-light", NULL);
  g_autofree char *dark = g_strconcat ("scan-", name, "-dark", NULL);

  if (dir == NULL)
    return;

  save_png (fixture, dir, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_png (fixture, dir, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Tests */

static void
test_idle (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_cmpuint (n_history (fixture), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "undo_button")));

  /* The counters come from the event stream. */
  WAIT_UNTIL (counts_are (fixture, 0, 3));
  g_assert_cmpstr (label (fixture, "counts_label"), ==, "0 / 3");

  /* The entry holds the focus. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  WAIT_UNTIL (entry_has_focus (fixture));
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  data)
{
  WAIT_UNTIL (counts_are (fixture, 0, 3));

  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "VALID");
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000001");
  g_assert_cmpstr (label (fixture, "detail_label"), ==, "Balcony");
  g_assert_true (has_css_class (child (fixture, "result_box"), "scan-valid"));

  g_assert_cmpuint (n_history (fixture), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (history_row (fixture, 0))),
                   ==, "FRI-000001");
  g_assert_cmpint (history_result (fixture, 0), ==, TIX_SCAN_RESULT_VALID);

  WAIT_UNTIL (counts_are (fixture, 1, 3));
  g_assert_cmpstr (label (fixture, "counts_label"), ==, "1 / 3");
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "undo_button")));
  screenshots (fixture, "valid");
}

static void
test_number (Fixture       *fixture,
             gconstpointer  data)
{
  /* Typed by hand, with Enter. */
  type_and_enter (fixture, "  FRI-000002 ");
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DUPLICATE);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "ALREADY SCANNED");
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000001");
  g_assert_true (g_str_has_prefix (label (fixture, "detail_label"), "Scanned at "));
  g_assert_true (g_str_has_suffix (label (fixture, "detail_label"), " by " NAME));
  g_assert_true (has_css_class (child (fixture, "result_box"), "scan-duplicate"));
  g_assert_false (has_css_class (child (fixture, "result_box"), "scan-valid"));

  g_assert_cmpuint (n_history (fixture), ==, 2);
  g_assert_cmpint (history_result (fixture, 0), ==, TIX_SCAN_RESULT_DUPLICATE);
  g_assert_cmpint (history_result (fixture, 1), ==, TIX_SCAN_RESULT_VALID);

  /* Only one admission counted. */
  WAIT_UNTIL (counts_are (fixture, 1, 3));
  screenshots (fixture, "duplicate");
}

/* The CSS font size of @name, in Pango units. */
static int
font_size (Fixture    *fixture,
           const char *name)
{
  PangoContext *context;

  /* Styles follow a change of classes at the next frame. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  context = gtk_widget_get_pango_context (child (fixture, name));
  return pango_font_description_get_size (pango_context_get_font_description (context));
}

/* The answer of a ticket without extra text sits in the middle of its panel. */
static void
test_valid_centred (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(GError) error = NULL;
  graphene_rect_t icon, number;
  GtkWidget *box = child (fixture, "result_box");
  double top, bottom, height;

  tix_client_generate_async (fixture->client, 1, "GEN", NULL, NULL, tix_test_store_result,
                             &generated);
  plain = tix_client_generate_finish (fixture->client, wait_for (&generated), &error);
  g_assert_no_error (error);

  type_and_enter (fixture, tix_ticket_get_code (g_ptr_array_index (plain, 0)));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_false (gtk_widget_get_visible (child (fixture, "detail_label")));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  spin_ms (100);

  g_assert_true (gtk_widget_compute_bounds (child (fixture, "result_icon"), box, &icon));
  g_assert_true (gtk_widget_compute_bounds (child (fixture, "number_label"), box, &number));
  top = icon.origin.y;
  bottom = number.origin.y + number.size.height;
  height = gtk_widget_get_height (box);
  g_test_message ("content %.0f…%.0f of %.0f", top, bottom, height);
  /* As much room above as below, give or take a few pixels. */
  g_assert_cmpfloat (ABS (top - (height - bottom)), <=, 8);
  screenshots (fixture, "valid-plain");
}

/* On ALREADY SCANNED, "Scanned at … by …" is the second-largest text: below
 * the verdict, above the number; in door mode too. */
static void
test_duplicate_detail_size (Fixture       *fixture,
                            gconstpointer  data)
{
  type_and_enter (fixture, code_of (fixture, 1));
  wait_for_answers (fixture);
  type_and_enter (fixture, code_of (fixture, 1));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DUPLICATE);

  g_assert_cmpint (font_size (fixture, "detail_label"), >, font_size (fixture, "number_label"));
  g_assert_cmpint (font_size (fixture, "detail_label"), <, font_size (fixture, "verdict_label"));

  gtk_widget_add_css_class (GTK_WIDGET (fixture->view), "door-mode");
  g_assert_cmpint (font_size (fixture, "detail_label"), >, font_size (fixture, "number_label"));
  g_assert_cmpint (font_size (fixture, "detail_label"), <, font_size (fixture, "verdict_label"));
  gtk_widget_remove_css_class (GTK_WIDGET (fixture->view), "door-mode");

  /* A valid ticket's extra text stays smaller than its number. */
  type_and_enter (fixture, code_of (fixture, 2));
  wait_for_answers (fixture);
  g_assert_cmpint (font_size (fixture, "detail_label"), <, font_size (fixture, "number_label"));
}

/* A deleted ticket says DELETED, in a style of its own, by code and number. */
static void
test_deleted (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  const char *inputs[] = { code_of (fixture, 1), "FRI-000002" };

  tix_client_delete_ticket_async (fixture->client, tix_ticket_get_id (g_ptr_array_index (fixture->tickets, 1)),
                                  NULL, tix_test_store_result, &deleted);
  g_assert_true (tix_client_delete_ticket_finish (fixture->client, wait_for (&deleted), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      type_and_enter (fixture, inputs[i]);
      wait_for_answers (fixture);
      g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DELETED);
      g_assert_cmpstr (label (fixture, "verdict_label"), ==, "DELETED");
      g_assert_cmpstr (label (fixture, "detail_label"), ==, "This ticket was deleted: it no longer admits");
      g_assert_true (has_css_class (child (fixture, "result_box"), "scan-deleted"));
      g_assert_false (has_css_class (child (fixture, "result_box"), "scan-invalid"));
      g_assert_cmpint (history_result (fixture, 0), ==, TIX_SCAN_RESULT_DELETED);
    }
  screenshots (fixture, "deleted");

  /* A number that never was stays UNKNOWN. */
  type_and_enter (fixture, "FRI-000099");
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_UNKNOWN);
}

/* Times are the organization's (New Zealand's here, the computer being on
 * UTC), and say which zone. */
static void
test_times_in_org_zone (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TixSettings) changes = tix_settings_new ();
  g_autoptr(TixSettings) saved = NULL;
  g_autoptr(GTimeZone) nz = g_time_zone_new_identifier ("Pacific/Auckland");
  g_autoptr(GDateTime) now = g_date_time_new_now (nz);
  const char *abbreviation = g_date_time_get_timezone_abbreviation (now);
  const char *detail;

  tix_settings_set (changes, TIX_SETTING_TIME_ZONE, "Pacific/Auckland");
  tix_client_update_settings_async (fixture->client, changes, NULL, tix_test_store_result, &result);
  saved = tix_client_update_settings_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  /* A view that starts now, as at the start of the app. */
  tix_session_sign_out (fixture->session);
  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  WAIT_UNTIL (g_strcmp0 (tix_scan_view_get_time_zone (fixture->view), "Pacific/Auckland") == 0);

  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DUPLICATE);

  detail = label (fixture, "detail_label");
  g_test_message ("%s", detail);
  {
    g_autofree char *suffix = g_strdup_printf (" %s by " NAME, abbreviation);
    g_autofree char *hour = g_date_time_format (now, "%H:");

    g_assert_true (g_str_has_suffix (detail, suffix));
    g_assert_nonnull (strstr (detail, hour));
  }
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (history_row (fixture, 0)), abbreviation));
}

/* From 360 px wide: the last scans go under the answer, which keeps most of
 * the height; wide again, they are beside it. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *result = child (fixture, "result_box");
  GtkWidget *history = child (fixture, "history_column");
  graphene_rect_t r, h;
  int min_width, content_height;

  for (guint i = 0; i < 3; i++)
    {
      type_and_enter (fixture, code_of (fixture, i));
      wait_for_answers (fixture);
    }
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DUPLICATE);

  /* Wide, the view can shrink to where it turns narrow (800 px)… */
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_test_message ("minimum width, wide: %d", min_width);
  g_assert_cmpint (min_width, <, 800);

  /* As a person drags the edge: it goes narrow on the way, then further. */
  gtk_window_set_default_size (fixture->window, 700, 720);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 700);
  WAIT_UNTIL (tix_scan_view_get_narrow (fixture->view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  /* …and narrow, to 360 px. */
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_test_message ("minimum width, narrow: %d", min_width);
  g_assert_cmpint (min_width, <=, 360);
  gtk_window_set_default_size (fixture->window, 360, 720);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 360);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  spin_ms (200);
  g_assert_true (tix_scan_view_get_narrow (fixture->view));
  g_assert_true (gtk_widget_compute_bounds (result, GTK_WIDGET (fixture->view), &r));
  g_assert_true (gtk_widget_compute_bounds (history, GTK_WIDGET (fixture->view), &h));
  g_assert_cmpfloat (h.origin.y, >=, r.origin.y + r.size.height);
  content_height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  g_test_message ("answer %.0f px of %d, last scans %.0f px", r.size.height, content_height,
                  h.size.height);
  g_assert_cmpfloat (r.size.height, >, 2 * h.size.height);
  /* Nothing sticks out at the right. */
  g_assert_cmpfloat (r.origin.x + r.size.width, <=, 360);
  screenshots (fixture, "narrow");

  gtk_window_set_default_size (fixture->window, 1100, 700);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 1100);
  WAIT_UNTIL (!tix_scan_view_get_narrow (fixture->view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  spin_ms (200);
  g_assert_true (gtk_widget_compute_bounds (result, GTK_WIDGET (fixture->view), &r));
  g_assert_true (gtk_widget_compute_bounds (history, GTK_WIDGET (fixture->view), &h));
  g_assert_cmpfloat (h.origin.x, >=, r.origin.x + r.size.width);
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  type_and_enter (fixture, "FRI-999999");
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_UNKNOWN);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "UNKNOWN");
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-999999");
  g_assert_true (has_css_class (child (fixture, "result_box"), "scan-invalid"));
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "undo_button")));
}

static void
test_forged (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *code = g_strdup (code_of (fixture, 0));
  gsize middle = strlen (code) / 2;

  code[middle] = code[middle] == 'A' ? 'B' : 'A';
  type_and_enter (fixture, code);
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_FORGED);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "FORGED");
  g_assert_true (has_css_class (child (fixture, "result_box"), "scan-invalid"));
  /* The long code is shortened. */
  g_assert_true (g_str_has_suffix (label (fixture, "number_label"), "…"));
  g_assert_cmpint (g_utf8_strlen (label (fixture, "number_label"), -1), <, 30);
  screenshots (fixture, "forged");
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_wrong_prefix (Fixture       *fixture,
                   gconstpointer  data)
{
  guint notified = 0;
  g_autofree char *prefixes = NULL;

  g_signal_connect_swapped (fixture->view, "notify::prefixes", G_CALLBACK (count_notify),
                            &notified);
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "prefixes_entry")), "SAT, SUN");
  g_assert_cmpuint (notified, >, 0);
  g_object_get (fixture->view, "prefixes", &prefixes, NULL);
  g_assert_cmpstr (prefixes, ==, "SAT, SUN");
  g_signal_handlers_disconnect_by_func (fixture->view, count_notify, &notified);
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_WRONG_PREFIX);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "NOT VALID HERE");
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000001");
  g_assert_cmpstr (label (fixture, "detail_label"), ==, "This door admits SAT, SUN only");
  g_assert_true (has_css_class (child (fixture, "result_box"), "scan-invalid"));
  screenshots (fixture, "wrong-prefix");

  /* Friday's door admits it; the "prefixes" property is the entry. */
  g_object_set (fixture->view, "prefixes", "FRI", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "prefixes_entry"))), ==,
                   "FRI");
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
}

static void
test_prefixes_give_focus_back (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *prefixes = child (fixture, "prefixes_entry");
  gint64 edited;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  WAIT_UNTIL (entry_has_focus (fixture));

  /* Someone sets the door's prefixes and walks away without Enter. */
  gtk_widget_grab_focus (prefixes);
  g_assert_false (entry_has_focus (fixture));
  gtk_editable_set_text (GTK_EDITABLE (prefixes), "FRI");
  edited = g_get_monotonic_time ();

  WAIT_UNTIL (entry_has_focus (fixture));
  g_assert_cmpint (g_get_monotonic_time () - edited, >=, 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefixes)), ==, "FRI");

  /* Enter gives it back at once. */
  gtk_widget_grab_focus (prefixes);
  g_signal_emit_by_name (prefixes, "activate");
  g_assert_true (entry_has_focus (fixture));
}

/* Real keys (XTEST) into the focused window, or a skip. */
static gboolean
real_keys (Fixture *fixture)
{
  g_autofree char *why = tix_test_keys_unavailable ();

  if (why != NULL)
    {
      g_test_skip (why);
      return FALSE;
    }
  tix_test_keys_focus (fixture->window);
  gtk_widget_grab_focus (child (fixture, "entry"));
  g_assert_true (entry_has_focus (fixture));
  return TRUE;
}

static void
test_scanner_without_enter (Fixture       *fixture,
                            gconstpointer  data)
{
  if (!real_keys (fixture))
    return;

  /* The scanner types the whole code, a key every few ms, and no Enter. */
  tix_test_keys_type (code_of (fixture, 1), 1);

  WAIT_UNTIL (tix_scan_view_get_result (fixture->view) == TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "");
}

static void
test_quiet_interval (Fixture       *fixture,
                     gconstpointer  data)
{
  guint quiet = 0;
  gint64 typed;

  g_object_get (fixture->view, "quiet-interval", &quiet, NULL);
  g_assert_cmpuint (quiet, ==, 300);

  /* A longer interval, for a station whose scanner pauses mid-code. */
  g_object_set (fixture->view, "quiet-interval", 1200, NULL);
  if (!real_keys (fixture))
    return;
  tix_test_keys_type (code_of (fixture, 0), 1);
  typed = g_get_monotonic_time ();
  spin_ms (700);
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, code_of (fixture, 0));

  WAIT_UNTIL (tix_scan_view_get_result (fixture->view) == TIX_SCAN_RESULT_VALID);
  g_assert_cmpint (g_get_monotonic_time () - typed, >=, 1200 * G_TIME_SPAN_MILLISECOND);
}

static void
test_typing_waits_for_enter (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *number = "FRI-000003";
  g_autofree char *typed = NULL;

  /* A person types slowly: nothing is sent in the pauses. */
  for (gsize i = 1; i <= strlen (number); i++)
    {
      g_free (typed);
      typed = g_strndup (number, i);
      gtk_editable_set_text (entry (fixture), typed);
      spin_ms (120);
    }
  spin_ms (400);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, number);

  g_signal_emit_by_name (entry (fixture), "activate");
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, number);
}

/* A person types a number at 80 ms a key and no Enter: it stays in the
 * entry, also when the main loop was busy and gets all the keys at once;
 * Enter sends it. */
static void
test_keys_typing_waits_for_enter (Fixture       *fixture,
                                  gconstpointer  data)
{
  if (!real_keys (fixture))
    return;

  tix_test_keys_type ("FRI-000003", 2 * 80);
  spin_ms (800);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "FRI-000003");

  /* Faster, still a person's speed (40 ms a key). */
  tix_test_keys_press ("ctrl+a");
  tix_test_keys_press ("BackSpace");
  tix_test_keys_type ("FRI-000002", 2 * 40);
  spin_ms (800);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "FRI-000002");

  /* Busy: the view gets the keys in one go, their timestamps tell. */
  tix_test_keys_press ("ctrl+a");
  tix_test_keys_press ("BackSpace");
  tix_test_keys_type_blocked ("FRI-000001", 2 * 80);
  spin_ms (800);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "FRI-000001");

  tix_test_keys_press ("Return");
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000001");
}

/* Ctrl+Z, a real key press in the scan entry, undoes the last admission; the
 * code does not come back into the entry and is not scanned again. */
static void
test_keys_ctrl_z_undoes (Fixture       *fixture,
                         gconstpointer  data)
{
  WAIT_UNTIL (counts_are (fixture, 0, 3));
  if (!real_keys (fixture))
    return;

  tix_test_keys_type (code_of (fixture, 2), 1);
  tix_test_keys_press ("Return");
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  WAIT_UNTIL (counts_are (fixture, 1, 3));
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "");

  tix_test_keys_press ("ctrl+z");
  WAIT_UNTIL (tix_scan_view_get_result (fixture->view) == TIX_SCAN_RESULT_UNDONE);
  WAIT_UNTIL (counts_are (fixture, 0, 3));
  spin_ms (800);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "");
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 0);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_UNDONE);
  g_assert_true (counts_are (fixture, 0, 3));
  g_assert_cmpuint (n_history (fixture), ==, 1);

  /* Again: nothing left to undo, and nothing is scanned. */
  tix_test_keys_press ("ctrl+z");
  spin_ms (800);
  g_assert_cmpstr (gtk_editable_get_text (entry (fixture)), ==, "");
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 0);
  g_assert_true (counts_are (fixture, 0, 3));
}

/* A pasted code (Ctrl+V) waits for Enter like typed text. */
static void
test_keys_paste_waits_for_enter (Fixture       *fixture,
                                 gconstpointer  data)
{
  GdkClipboard *clipboard;

  if (!real_keys (fixture))
    return;

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  gdk_clipboard_set_text (clipboard, code_of (fixture, 1));
  tix_test_keys_press ("ctrl+v");
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (entry (fixture)), code_of (fixture, 1)) == 0);
  spin_ms (800);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 0);

  tix_test_keys_press ("Return");
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  WAIT_UNTIL (counts_are (fixture, 0, 3));

  type_and_enter (fixture, code_of (fixture, 2));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  WAIT_UNTIL (counts_are (fixture, 1, 3));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.undo", NULL));
  WAIT_UNTIL (tix_scan_view_get_result (fixture->view) == TIX_SCAN_RESULT_UNDONE);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000003");
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "undo_button")));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (history_row (fixture, 0)),
                                   "SCAN UNDONE"));
  WAIT_UNTIL (counts_are (fixture, 0, 3));
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
  g_assert_true (entry_has_focus (fixture));
  screenshots (fixture, "undone");

  /* The ticket admits again. */
  type_and_enter (fixture, code_of (fixture, 2));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  WAIT_UNTIL (counts_are (fixture, 1, 3));
}

static void
test_undo_fails (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TixTicket) undone = NULL;
  g_autoptr(GError) error = NULL;

  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);

  /* Another station undoes it first. */
  tix_client_unscan_ticket_async (fixture->client,
                                  tix_ticket_get_id (g_ptr_array_index (fixture->tickets, 0)),
                                  NULL, tix_test_store_result, &result);
  undone = tix_client_unscan_ticket_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.undo", NULL));
  WAIT_UNTIL (fixture->toasts->len == 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->toasts, 0),
                                   "Could not undo the scan: "));
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (history_row (fixture, 0)),
                                   "VALID"));
}

static void
test_queue_in_order (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *forged = g_strdup (code_of (fixture, 1));
  static const TixScanResult expected[] = {
    TIX_SCAN_RESULT_VALID, TIX_SCAN_RESULT_UNKNOWN, TIX_SCAN_RESULT_VALID,
    TIX_SCAN_RESULT_DUPLICATE, TIX_SCAN_RESULT_FORGED, TIX_SCAN_RESULT_VALID,
  };

  forged[10] = forged[10] == 'A' ? 'B' : 'A';

  /* The queue at the door: each scan is taken at once, none waits. */
  type_and_enter (fixture, code_of (fixture, 0));
  type_and_enter (fixture, "NOPE-1");
  type_and_enter (fixture, code_of (fixture, 1));
  type_and_enter (fixture, code_of (fixture, 0));
  type_and_enter (fixture, forged);
  type_and_enter (fixture, "FRI-000003");
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), >, 0);
  wait_for_answers (fixture);

  /* Answers in the order of the scans: the last one on display, newest first. */
  g_assert_cmpuint (n_history (fixture), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (history_result (fixture, G_N_ELEMENTS (expected) - 1 - i), ==, expected[i]);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000003");
  WAIT_UNTIL (counts_are (fixture, 3, 3));
}

static void
test_history_is_bounded (Fixture       *fixture,
                         gconstpointer  data)
{
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *number = g_strdup_printf ("NONE-%06u", i);

      type_and_enter (fixture, number);
    }
  wait_for_answers (fixture);

  g_assert_cmpuint (n_history (fixture), ==, 20);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (history_row (fixture, 0))),
                   ==, "NONE-000024");
}

/* Door mode is the window's: the view asks for it ("win.door-mode", its
 * button and F11; Escape: "win.leave-door-mode") and, bound to the window,
 * shows its big text. */
static void
test_door_mode (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *button = child (fixture, "door_button");
  gboolean door_mode = TRUE;

  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.door-mode");
  g_object_get (fixture->view, "door-mode", &door_mode, NULL);
  g_assert_false (door_mode);

  g_object_set (fixture->view, "door-mode", TRUE, NULL);
  g_assert_true (has_css_class (GTK_WIDGET (fixture->view), "door-mode"));
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  screenshots (fixture, "door-mode");

  g_object_set (fixture->view, "door-mode", FALSE, NULL);
  g_assert_false (has_css_class (GTK_WIDGET (fixture->view), "door-mode"));
  g_assert_true (entry_has_focus (fixture));
}

static void
test_sounds (Fixture       *fixture,
             gconstpointer  data)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (fixture->view), "sounds");
  gboolean sounds = FALSE;

  /* On by default; the answers play whether or not a sound system is there. */
  g_assert_true (g_value_get_boolean (g_param_spec_get_default_value (pspec)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.sounds", NULL));
  g_object_get (fixture->view, "sounds", &sounds, NULL);
  g_assert_true (sounds);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (fixture,
                                                                        "sounds_button"))));
  type_and_enter (fixture, code_of (fixture, 0));
  type_and_enter (fixture, code_of (fixture, 0));
  type_and_enter (fixture, "FRI-999999");
  wait_for_answers (fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.sounds", NULL));
  g_object_get (fixture->view, "sounds", &sounds, NULL);
  g_assert_false (sounds);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (fixture,
                                                                         "sounds_button"))));
  type_and_enter (fixture, code_of (fixture, 1));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
}

static void
test_other_station (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TixClient) other = tix_client_new (fixture->server->url);
  g_autoptr(GAsyncResult) login = NULL;
  g_autoptr(GAsyncResult) scanned = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(TixUser) user = NULL;
  g_autoptr(GError) error = NULL;

  WAIT_UNTIL (counts_are (fixture, 0, 3));
  g_assert_cmpstr (label (fixture, "live_label"), ==, "Live");

  /* A second station at the other door. */
  tix_client_login_async (other, EMAIL, PASSWORD, NULL, tix_test_store_result, &login);
  user = tix_client_login_finish (other, wait_for (&login), &error);
  g_assert_no_error (error);

  tix_client_scan_code_async (other, code_of (fixture, 2), NULL, NULL, tix_test_store_result, &scanned);
  g_assert_true (tix_client_scan_code_finish (other, wait_for (&scanned), NULL, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (counts_are (fixture, 1, 3));
  g_assert_cmpstr (label (fixture, "counts_label"), ==, "1 / 3");

  tix_client_generate_async (other, 2, "SAT", NULL, NULL, tix_test_store_result, &generated);
  more = tix_client_generate_finish (other, wait_for (&generated), &error);
  g_assert_no_error (error);
  WAIT_UNTIL (counts_are (fixture, 1, 5));

  /* Here, that ticket is already scanned, by whom it says. */
  type_and_enter (fixture, code_of (fixture, 2));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DUPLICATE);
}

/* A TCP proxy in front of the server that holds back, once, the request
 * bytes that contain @hold: a scan whose answer is slow to come. */
typedef struct
{
  GSocketService *service;
  GCancellable   *cancellable;
  GPtrArray      *pipes;
  guint16         target_port;
  char           *hold;
  guint           hold_ms;
  char           *url;
} SlowProxy;

typedef struct
{
  SlowProxy         *proxy;
  GSocketConnection *downstream;
  GSocketConnection *upstream;
  guint8             buffer[16384];
  GBytes            *held;
} Pipe;

static void pipe_read (Pipe *pipe);

static void
pipe_free (Pipe *pipe)
{
  g_clear_object (&pipe->downstream);
  g_clear_object (&pipe->upstream);
  g_clear_pointer (&pipe->held, g_bytes_unref);
  g_free (pipe);
}

static void
pipe_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    return;

  pipe_read (user_data);
}

static void
pipe_forward (Pipe   *pipe,
              GBytes *bytes)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (pipe->upstream));

  g_output_stream_write_all_async (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, pipe->proxy->cancellable,
                                   pipe_written_cb, pipe);
}

static gboolean
pipe_release_cb (gpointer user_data)
{
  Pipe *pipe = user_data;

  /* The bytes stay alive in pipe->held until the pipe is freed. */
  pipe_forward (pipe, pipe->held);
  return G_SOURCE_REMOVE;
}

static void
pipe_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Pipe *pipe = user_data;
  SlowProxy *proxy;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n <= 0)
    {
      g_io_stream_close (G_IO_STREAM (pipe->upstream), NULL, NULL);
      return;
    }

  proxy = pipe->proxy;
  if (proxy->hold != NULL && g_strstr_len ((char *) pipe->buffer, n, proxy->hold) != NULL)
    {
      g_clear_pointer (&proxy->hold, g_free);
      pipe->held = g_bytes_new (pipe->buffer, n);
      g_timeout_add (proxy->hold_ms, pipe_release_cb, pipe);
      return;
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new (pipe->buffer, n);

    pipe_forward (pipe, bytes);
  }
}

static void
pipe_read (Pipe *pipe)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (pipe->downstream));

  g_input_stream_read_async (in, pipe->buffer, sizeof pipe->buffer, G_PRIORITY_DEFAULT,
                             pipe->proxy->cancellable, pipe_read_cb, pipe);
}

static void
spliced_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
}

static gboolean
proxy_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   SlowProxy         *proxy)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  Pipe *pipe = g_new0 (Pipe, 1);

  pipe->proxy = proxy;
  pipe->downstream = g_object_ref (connection);
  pipe->upstream = g_socket_client_connect_to_host (client, "127.0.0.1", proxy->target_port,
                                                    NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (proxy->pipes, pipe);

  /* Answers flow back as they are; requests go through pipe_read. */
  g_output_stream_splice_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                g_io_stream_get_input_stream (G_IO_STREAM (pipe->upstream)),
                                G_OUTPUT_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT,
                                proxy->cancellable, spliced_cb, NULL);
  pipe_read (pipe);

  return TRUE;
}

static SlowProxy *
slow_proxy_new (TixTestServer *server,
                const char    *hold,
                guint          hold_ms)
{
  g_autoptr(GError) error = NULL;
  SlowProxy *proxy = g_new0 (SlowProxy, 1);
  guint16 port;

  proxy->service = g_socket_service_new ();
  proxy->cancellable = g_cancellable_new ();
  proxy->pipes = g_ptr_array_new_with_free_func ((GDestroyNotify) pipe_free);
  proxy->target_port = tix_server_thread_get_port (server->thread);
  proxy->hold = g_strdup (hold);
  proxy->hold_ms = hold_ms;

  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                   G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                   &effective, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  }

  g_signal_connect (proxy->service, "incoming", G_CALLBACK (proxy_incoming_cb), proxy);
  g_socket_service_start (proxy->service);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", port);

  return proxy;
}

static void
slow_proxy_free (SlowProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_cancellable_cancel (proxy->cancellable);
  for (guint i = 0; i < proxy->pipes->len; i++)
    {
      Pipe *pipe = g_ptr_array_index (proxy->pipes, i);

      g_io_stream_close (G_IO_STREAM (pipe->downstream), NULL, NULL);
      g_io_stream_close (G_IO_STREAM (pipe->upstream), NULL, NULL);
    }
  /* Let the cancelled reads and splices finish before the pipes go. */
  spin_ms (200);
  g_ptr_array_unref (proxy->pipes);
  g_object_unref (proxy->cancellable);
  g_object_unref (proxy->service);
  g_free (proxy->hold);
  g_free (proxy->url);
  g_free (proxy);
}

static void
test_slow_answer (Fixture       *fixture,
                  gconstpointer  data)
{
  SlowProxy *proxy = slow_proxy_new (fixture->server, "FRI-000001", 3500);
  g_autoptr(TixClient) slow = tix_client_new (proxy->url);

  tix_client_set_token (slow, tix_client_get_token (fixture->client));
  tix_session_sign_in (fixture->session, slow, FALSE);
  /* Slow, not gone: the door waits for it rather than deciding offline. */
  tix_door_set_timeouts (tix_scan_view_get_door (fixture->view), 10000, 3000);
  WAIT_UNTIL (counts_are (fixture, 0, 3));

  /* The first answer is slow to come; the next person is not kept waiting. */
  type_and_enter (fixture, "FRI-000001");
  type_and_enter (fixture, "FRI-000002");
  WAIT_UNTIL (tix_scan_view_get_result (fixture->view) == TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 1);
  g_assert_cmpuint (n_history (fixture), ==, 1);

  /* The late answer goes to the list and a toast, not to the screen. */
  wait_for_answers (fixture);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");
  g_assert_cmpuint (n_history (fixture), ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (history_row (fixture, 0))),
                   ==, "FRI-000001");
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, 0), ==,
                   "Late answer for FRI-000001: VALID");
  WAIT_UNTIL (counts_are (fixture, 2, 3));

  /* Undo is for the one on screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.undo", NULL));
  WAIT_UNTIL (tix_scan_view_get_result (fixture->view) == TIX_SCAN_RESULT_UNDONE);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");

  tix_session_sign_in (fixture->session, fixture->client, FALSE);
  slow_proxy_free (proxy);
}

static void
test_server_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  TixDoor *door = tix_scan_view_get_door (fixture->view);

  /* The station has its offline copy. */
  WAIT_UNTIL (tix_door_cache_get_n_tickets (tix_door_get_cache (door)) == 3);
  g_assert_false (tix_scan_view_get_offline (fixture->view));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture,
                                                                      "offline_revealer"))));

  /* The server stops: the station decides alone, and says so. */
  tix_server_thread_stop (fixture->server->thread);
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "VALID");
  g_assert_true (g_str_has_prefix (label (fixture, "detail_label"), "Admitted offline"));
  g_assert_true (tix_scan_view_get_offline (fixture->view));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture,
                                                                     "offline_revealer"))));
  g_assert_true (g_str_has_prefix (label (fixture, "offline_label"), "OFFLINE"));
  g_assert_nonnull (strstr (label (fixture, "offline_label"), "1 scan waits"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (history_row (fixture,
                                                                                      0))),
                            "offline"));
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "undo_button")));

  /* Scanned again here while offline: a duplicate. */
  type_and_enter (fixture, code_of (fixture, 0));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_DUPLICATE);

  /* A station set to admit online only refuses, and says why. */
  g_object_set (fixture->view, "online-only", TRUE, NULL);
  type_and_enter (fixture, code_of (fixture, 1));
  wait_for_answers (fixture);
  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_FAILED);
  g_assert_cmpstr (label (fixture, "verdict_label"), ==, "NOT CHECKED");
  g_assert_true (has_css_class (child (fixture, "result_box"), "scan-invalid"));
  g_assert_nonnull (strstr (label (fixture, "offline_label"), "online only"));
  g_assert_cmpuint (tix_door_get_n_queued (door), ==, 1);

  /* The counters say they may be behind. */
  WAIT_UNTIL (g_str_has_prefix (label (fixture, "live_label"), "Reconnecting"));

  /* The server comes back on its address: the bar goes by itself and the
   * scan made offline reaches the server. */
  g_object_set (fixture->view, "online-only", FALSE, NULL);
  tix_door_set_timeouts (door, 2000, 100);
  {
    guint port = tix_server_thread_get_port (fixture->server->thread);
    g_autoptr(GError) error = NULL;
    TixServerOptions options;

    g_assert_finalize_object (g_steal_pointer (&fixture->server->thread));
    tix_server_options_init (&options);
    options.fast_password_hashing = TRUE;
    fixture->server->thread = tix_server_thread_new (fixture->server->db_path, &options,
                                                     "127.0.0.1", port, &error);
    g_assert_no_error (error);
    fixture->server->url = tix_server_thread_get_url (fixture->server->thread);
  }
  WAIT_UNTIL (!tix_scan_view_get_offline (fixture->view) && tix_door_get_n_queued (door) == 0);
  WAIT_UNTIL (!gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture,
                                                                   "offline_revealer"))));
  WAIT_UNTIL (counts_are (fixture, 1, 3));
  WAIT_UNTIL (g_str_equal (label (fixture, "live_label"), "Live"));
}

/* Writes @text as a QR code (or a blank page if NULL) to a PNG in a temporary
 * folder, the way a screenshot of a ticket looks. */
static GFile *
write_qr_png (const char *text,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tix-scan-XXXXXX", &error);
  g_autofree char *path = NULL;
  QRcode *qr = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int modules = 21, scale = 5, margin = 4, size;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);

  if (text != NULL)
    {
      qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      g_assert_nonnull (qr);
      modules = qr->width;
    }

  size = (modules + 2 * margin) * scale;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; qr != NULL && y < modules; y++)
    for (int x = 0; x < modules; x++)
      if (qr->data[y * modules + x] & 1)
        cairo_rectangle (cr, (x + margin) * scale, (y + margin) * scale, scale, scale);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_clear_pointer (&qr, QRcode_free);

  return g_file_new_for_path (path);
}

static void
remove_file_and_dir (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);

  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_true (g_file_delete (parent, NULL, NULL));
}

static void
test_image (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GFile) file = write_qr_png (code_of (fixture, 1), "ticket.png");

  tix_scan_view_scan_image (fixture->view, file);
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 1);
  wait_for_answers (fixture);

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_VALID);
  g_assert_cmpstr (label (fixture, "number_label"), ==, "FRI-000002");
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
  remove_file_and_dir (file);
}

static void
test_image_without_code (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) blank = write_qr_png (NULL, "blank.png");
  g_autoptr(GFile) text = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) error = NULL;

  tix_scan_view_scan_image (fixture->view, blank);
  wait_for_answers (fixture);
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, 0), ==,
                   "No ticket code found in “blank.png”");

  /* Not an image at all. */
  dir = g_file_get_parent (blank);
  text = g_file_get_child (dir, "notes.png");
  g_file_replace_contents (text, "hello", 5, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  tix_scan_view_scan_image (fixture->view, text);
  wait_for_answers (fixture);
  g_assert_cmpuint (fixture->toasts->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->toasts, 1),
                                   "Could not read “notes.png”"));

  g_assert_cmpint (tix_scan_view_get_result (fixture->view), ==, TIX_SCAN_RESULT_NONE);
  g_assert_true (g_file_delete (text, NULL, NULL));
  remove_file_and_dir (blank);
}

static void
test_dispose_in_flight (Fixture       *fixture,
                        gconstpointer  data)
{
  /* Scans on the way when the window goes: teardown proves nothing leaks. */
  type_and_enter (fixture, code_of (fixture, 0));
  type_and_enter (fixture, code_of (fixture, 1));
  g_assert_cmpuint (tix_scan_view_get_n_pending (fixture->view), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = g_dir_make_tmp ("tix-scan-data-XXXXXX", NULL);
  int status;

  /* The door keeps its offline copy in the data folder: a private one. */
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  /* This computer is on UTC; the organizations of the tests may not be. */
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (tix_get_resource ());

  /* The application's style sheet, as AdwApplication would load it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gnome/Tix/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tix/app/scan/idle", test_idle);
  ADD ("/tix/app/scan/valid", test_valid);
  ADD ("/tix/app/scan/number", test_number);
  ADD ("/tix/app/scan/duplicate", test_duplicate);
  ADD ("/tix/app/scan/unknown", test_unknown);
  ADD ("/tix/app/scan/valid-centred", test_valid_centred);
  ADD ("/tix/app/scan/duplicate-detail-size", test_duplicate_detail_size);
  ADD ("/tix/app/scan/deleted", test_deleted);
  ADD ("/tix/app/scan/times-in-org-zone", test_times_in_org_zone);
  ADD ("/tix/app/scan/narrow", test_narrow);
  ADD ("/tix/app/scan/forged", test_forged);
  ADD ("/tix/app/scan/wrong-prefix", test_wrong_prefix);
  ADD ("/tix/app/scan/prefixes-give-focus-back", test_prefixes_give_focus_back);
  ADD ("/tix/app/scan/scanner-without-enter", test_scanner_without_enter);
  ADD ("/tix/app/scan/quiet-interval", test_quiet_interval);
  ADD ("/tix/app/scan/typing-waits-for-enter", test_typing_waits_for_enter);
  ADD ("/tix/app/scan/undo", test_undo);
  ADD ("/tix/app/scan/keys/typing-waits-for-enter", test_keys_typing_waits_for_enter);
  ADD ("/tix/app/scan/keys/ctrl-z-undoes", test_keys_ctrl_z_undoes);
  ADD ("/tix/app/scan/keys/paste-waits-for-enter", test_keys_paste_waits_for_enter);
  ADD ("/tix/app/scan/undo-fails", test_undo_fails);
  ADD ("/tix/app/scan/queue-in-order", test_queue_in_order);
  ADD ("/tix/app/scan/history-is-bounded", test_history_is_bounded);
  ADD ("/tix/app/scan/door-mode", test_door_mode);
  ADD ("/tix/app/scan/sounds", test_sounds);
  ADD ("/tix/app/scan/other-station", test_other_station);
  ADD ("/tix/app/scan/slow-answer", test_slow_answer);
  ADD ("/tix/app/scan/server-gone", test_server_gone);
  ADD ("/tix/app/scan/image", test_image);
  ADD ("/tix/app/scan/image-without-code", test_image_without_code);
  ADD ("/tix/app/scan/dispose-in-flight", test_dispose_in_flight);

  status = g_test_run ();
  tix_test_remove_tree (data_dir);

  return status;
}
