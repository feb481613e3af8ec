/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "tix-certificate.h"
#include "tix-client-private.h"

/* The client's session: where it talks to, with which token as whom, from
 * which station, and which certificate it trusts. The endpoints are in
 * tix-client-{tickets,scan,users,reports,settings}.c, the way each request
 * is made and its errors mapped in tix-client-call.c. */

/* Seconds without any progress on the socket before a request fails. */
#define IO_TIMEOUT_SECONDS   60
#define IDLE_TIMEOUT_SECONDS 60

G_DEFINE_FINAL_TYPE (TixClient, tix_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_USER,
  PROP_STATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
tix_client_set_session (TixClient  *self,
                        const char *token,
                        TixUser    *user)
{
  g_object_freeze_notify (G_OBJECT (self));
  tix_client_set_token (self, token);
  if (g_set_object (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Trust on first use */

/* Called only for a certificate no authority vouches for. */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  TixClient *self = user_data;
  g_autofree char *fingerprint = tix_certificate_fingerprint (certificate);

  if (fingerprint != NULL && self->pinned_certificate != NULL &&
      g_ascii_strcasecmp (fingerprint, self->pinned_certificate) == 0)
    return TRUE;

  g_free (self->offered_certificate);
  self->offered_certificate = g_strdup (fingerprint);
  g_object_set_data (G_OBJECT (message), "tix-certificate",
                     GINT_TO_POINTER (self->pinned_certificate ? 2 : 1));
  return FALSE;
}

void
tix_client_check_certificate (TixClient   *self,
                              SoupMessage *message)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);
}

gboolean
tix_client_certificate_refused (SoupMessage *message)
{
  return g_object_get_data (G_OBJECT (message), "tix-certificate") != NULL;
}

GError *
tix_client_certificate_error (TixClient   *self,
                              SoupMessage *message)
{
  g_autofree char *text = NULL;

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (message), "tix-certificate")) == 2)
    {
      text = g_strdup_printf (_("The server at %s shows a different certificate than before. "
                                "Someone may be pretending to be your server: do not sign in "
                                "until whoever runs it confirms the change."), self->base_url);
      return tix_client_error_new (TIX_CLIENT_ERROR_CERTIFICATE_CHANGED, NULL, text);
    }

  text = g_strdup_printf (_("The server at %s uses a certificate this station has not seen "
                            "before"), self->base_url);
  return tix_client_error_new (TIX_CLIENT_ERROR_CERTIFICATE_NEW, NULL, text);
}

void
tix_client_set_pinned_certificate (TixClient  *self,
                                   const char *fingerprint)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  g_free (self->pinned_certificate);
  self->pinned_certificate = (fingerprint && *fingerprint) ? g_strdup (fingerprint) : NULL;
}

const char *
tix_client_get_pinned_certificate (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);
  return self->pinned_certificate;
}

const char *
tix_client_get_offered_certificate (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);
  return self->offered_certificate;
}

/* GObject. */

static void
tix_client_dispose (GObject *object)
{
  TixClient *self = (TixClient *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (tix_client_parent_class)->dispose (object);
}

static void
tix_client_finalize (GObject *object)
{
  TixClient *self = (TixClient *) object;

  g_free (self->base_url);
  g_free (self->token);
  g_free (self->station_id);
  g_free (self->pinned_certificate);
  g_free (self->offered_certificate);

  G_OBJECT_CLASS (tix_client_parent_class)->finalize (object);
}

static void
tix_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TixClient *self = TIX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TixClient *self = TIX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize length = url ? strlen (url) : 0;

        while (length > 0 && url[length - 1] == '/')
          length--;
        g_free (self->base_url);
        self->base_url = g_strndup (url ? url : "", length);
      }
      break;

    case PROP_TOKEN:
      tix_client_set_token (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tix_client_class_init (TixClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tix_client_dispose;
  object_class->finalize = tix_client_finalize;
  object_class->get_property = tix_client_get_property;
  object_class->set_property = tix_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL,
                         TIX_TYPE_USER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATION_ID] =
    g_param_spec_string ("station-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tix_client_init (TixClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Tix/%s ", PACKAGE_VERSION);

  self->station_id = g_uuid_string_random ();
  self->session = soup_session_new_with_options ("timeout", IO_TIMEOUT_SECONDS,
                                                 "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent,
                                                 NULL);
  /* Asks for gzip (Accept-Encoding) and decodes it: a full /api/sync is a
   * quarter of the bytes. libsoup adds it by default; not left to chance. */
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

/* Public API. */

TixClient *
tix_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (TIX_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
tix_client_get_base_url (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
tix_client_get_token (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->token;
}

void
tix_client_set_compression (TixClient *self,
                            gboolean   compression)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  if (compression && !soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  else if (!compression)
    soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

void
tix_client_set_token (TixClient  *self,
                      const char *token)
{
  g_return_if_fail (TIX_IS_CLIENT (self));

  if (token != NULL && *token == '\0')
    token = NULL;

  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

TixUser *
tix_client_get_user (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->user;
}

const char *
tix_client_get_station_id (TixClient *self)
{
  g_return_val_if_fail (TIX_IS_CLIENT (self), NULL);

  return self->station_id;
}

/* X-Tix-Station is at most 64 characters: "<uuid> <name>", the name
 * percent-encoded (a header is ASCII), shortened until it fits. */
#define STATION_MAX 64

char *
tix_station_compose (const char *uuid,
                     const char *name)
{
  g_autofree char *trimmed = NULL;
  glong n_chars;

  g_return_val_if_fail (uuid != NULL, NULL);

  if (name == NULL)
    return g_strdup (uuid);
  trimmed = g_strstrip (g_strdup (name));
  for (char *p = trimmed; *p; p++)
    if (g_ascii_iscntrl (*p))
      *p = ' ';
  n_chars = g_utf8_strlen (trimmed, -1);

  while (n_chars > 0)
    {
      g_autofree char *part = g_utf8_substring (trimmed, 0, n_chars);
      g_autofree char *escaped = g_uri_escape_string (part, " ", FALSE);

      if (strlen (uuid) + 1 + strlen (escaped) <= STATION_MAX)
        return g_strconcat (uuid, " ", escaped, NULL);
      n_chars--;
    }

  return g_strdup (uuid);
}

char *
tix_station_get_name (const char *station)
{
  const char *space;
  g_autofree char *uuid = NULL;
  char *name;

  if (station == NULL || (space = strchr (station, ' ')) == NULL)
    return NULL;
  uuid = g_strndup (station, space - station);
  if (!g_uuid_string_is_valid (uuid))
    return NULL;
  name = g_uri_unescape_string (space + 1, NULL);
  if (name != NULL && (*name == '\0' || !g_utf8_validate (name, -1, NULL)))
    g_clear_pointer (&name, g_free);
  return name;
}

void
tix_client_set_station_id (TixClient  *self,
                           const char *station_id)
{
  g_return_if_fail (TIX_IS_CLIENT (self));
  g_return_if_fail (station_id != NULL);

  if (*station_id == '\0' || strlen (station_id) > STATION_MAX ||
      !g_utf8_validate (station_id, -1, NULL))
    return;
  for (const char *p = station_id; *p; p++)
    if (g_ascii_iscntrl (*p) || (guchar) *p >= 0x80)
      return;

  g_free (self->station_id);
  self->station_id = g_strdup (station_id);
}
