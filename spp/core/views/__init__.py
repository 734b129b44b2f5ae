"""The core's pages: the person's profile, inbox and data, the legal pages, the audit journal and
the organisations' pages (``pages``); the health check and favicon (``health``)."""
