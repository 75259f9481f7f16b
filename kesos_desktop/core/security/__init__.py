"""Who is acting and what they may do: permissions, roles, the Actor, password hashing."""
