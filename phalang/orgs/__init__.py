"""Partner organisations (ภาคี), memberships with roles, and object-level permissions."""
