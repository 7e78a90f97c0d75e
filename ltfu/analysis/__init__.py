"""Pure endpoint statistics (DOMAIN.md section 5): no Qt, no database, no clock."""
