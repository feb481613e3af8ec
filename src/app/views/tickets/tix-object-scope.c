/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tix-object-scope"

#include "config.h"

#include "tix-object-scope.h"

struct _TixObjectScope
{
  GtkBuilderCScope  parent_instance;

  GObject          *object;   /* weak */
};

static GtkBuilderScopeInterface *parent_scope_iface;

static GClosure *
tix_object_scope_create_closure (GtkBuilderScope         *scope,
                                 GtkBuilder              *builder,
                                 const char              *function_name,
                                 GtkBuilderClosureFlags   flags,
                                 GObject                 *object,
                                 GError                 **error)
{
  TixObjectScope *self = TIX_OBJECT_SCOPE (scope);

  return parent_scope_iface->create_closure (scope, builder, function_name, flags,
                                             self->object != NULL ? self->object : object,
                                             error);
}

static void
scope_iface_init (GtkBuilderScopeInterface *iface)
{
  parent_scope_iface = g_type_interface_peek_parent (iface);
  iface->create_closure = tix_object_scope_create_closure;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TixObjectScope, tix_object_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE, scope_iface_init))

static void
tix_object_scope_dispose (GObject *object)
{
  TixObjectScope *self = TIX_OBJECT_SCOPE (object);

  g_clear_weak_pointer (&self->object);

  G_OBJECT_CLASS (tix_object_scope_parent_class)->dispose (object);
}

static void
tix_object_scope_class_init (TixObjectScopeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tix_object_scope_dispose;
}

static void
tix_object_scope_init (TixObjectScope *self)
{
}

TixObjectScope *
tix_object_scope_new (void)
{
  return g_object_new (TIX_TYPE_OBJECT_SCOPE, NULL);
}

void
tix_object_scope_set_object (TixObjectScope *self,
                             GObject        *object)
{
  g_return_if_fail (TIX_IS_OBJECT_SCOPE (self));
  g_return_if_fail (object == NULL || G_IS_OBJECT (object));

  g_set_weak_pointer (&self->object, object);
}
