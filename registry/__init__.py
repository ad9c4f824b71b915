"""Registry of recruitment agencies: domain models, database access and services."""
