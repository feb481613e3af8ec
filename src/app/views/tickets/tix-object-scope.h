/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIX_TYPE_OBJECT_SCOPE (tix_object_scope_get_type ())

G_DECLARE_FINAL_TYPE (TixObjectScope, tix_object_scope, TIX, OBJECT_SCOPE, GtkBuilderCScope)

/* A GtkBuilderCScope whose closures get one object as their user data: the
 * closures of a GtkBuilderListItemFactory's template otherwise only see the
 * list item. Set it as the factory's "scope"; @object is held weakly. */
TixObjectScope *tix_object_scope_new        (void);
void            tix_object_scope_set_object (TixObjectScope *self,
                                             GObject        *object);

G_END_DECLS
