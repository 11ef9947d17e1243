"""Base pieces of /api/v1/ shared by every app: authentication, errors, ETags, filters, pagination, permissions, schema, throttling and viewsets."""
