/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-user"

#include "config.h"

#include "tix-json.h"
#include "tix-user.h"
#include "tix-validate.h"

struct _TixUser
{
  GObject parent_instance;

  gint64  id;
  gint64  organization_id;
  char   *email;
  char   *name;
  char   *role;
};

G_DEFINE_FINAL_TYPE (TixUser, tix_user, G_TYPE_OBJECT)

static void
tix_user_finalize (GObject *object)
{
  TixUser *self = (TixUser *) object;

  g_free (self->email);
  g_free (self->name);
  g_free (self->role);

  G_OBJECT_CLASS (tix_user_parent_class)->finalize (object);
}

static void
tix_user_class_init (TixUserClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tix_user_finalize;
}

static void
tix_user_init (TixUser *self)
{
}

TixUser *
tix_user_new (gint64      id,
              const char *email,
              const char *name,
              const char *role,
              gint64      organization_id)
{
  TixUser *self = g_object_new (TIX_TYPE_USER, NULL);

  self->id = id;
  self->email = g_strdup (email);
  self->name = g_strdup (name);
  self->role = g_strdup (role);
  self->organization_id = organization_id;

  return self;
}

TixUser *
tix_user_new_from_json (JsonObject  *object,
                        GError     **error)
{
  const char *email = NULL, *name = NULL, *role = NULL;
  gint64 id = 0, org = 0;

  g_return_val_if_fail (object != NULL, NULL);

  if (!tix_json_get_int (object, "id", TRUE, 1, G_MAXINT64, &id, error) ||
      !tix_json_get_string (object, "email", TRUE, &email, error) ||
      !tix_json_get_string (object, "name", TRUE, &name, error) ||
      !tix_json_get_string (object, "role", TRUE, &role, error) ||
      !tix_json_get_int (object, "organization_id", TRUE, 1, G_MAXINT64, &org, error))
    return NULL;

  if (!tix_validate_role (role))
    {
      g_set_error (error, TIX_JSON_ERROR, TIX_JSON_ERROR_TYPE, "Unknown role “%s”", role);
      return NULL;
    }

  return tix_user_new (id, email, name, role, org);
}

void
tix_user_to_json (TixUser     *self,
                  JsonBuilder *builder)
{
  g_return_if_fail (TIX_IS_USER (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, self->email);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, self->role);
  json_builder_set_member_name (builder, "organization_id");
  json_builder_add_int_value (builder, self->organization_id);
  json_builder_set_member_name (builder, "organizationId");
  json_builder_add_int_value (builder, self->organization_id);
  json_builder_end_object (builder);
}

gint64
tix_user_get_id (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), 0);
  return self->id;
}

const char *
tix_user_get_email (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), NULL);
  return self->email;
}

const char *
tix_user_get_name (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), NULL);
  return self->name;
}

const char *
tix_user_get_role (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), NULL);
  return self->role;
}

gint64
tix_user_get_organization_id (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), 0);
  return self->organization_id;
}

gboolean
tix_user_is_admin (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), FALSE);
  return g_strcmp0 (self->role, "admin") == 0;
}

gboolean
tix_user_can_generate (TixUser *self)
{
  g_return_val_if_fail (TIX_IS_USER (self), FALSE);
  return g_strcmp0 (self->role, "admin") == 0 || g_strcmp0 (self->role, "seller") == 0;
}
