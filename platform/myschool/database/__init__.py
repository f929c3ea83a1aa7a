"""The PostgreSQL backend under django-tenants' (settings.ORIGINAL_BACKEND): see base.py."""
