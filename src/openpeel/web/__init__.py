"""``openpeel serve``: the national and force dashboard in the browser, with an open API.

Layout: ``app`` builds the FastAPI application; ``pages`` and ``api`` are its routes; every route
asks ``policy`` what the viewer may see and gets its figures from ``data`` (the one module that
calls the library); ``store`` holds the read-only store and reopens it when a load replaced it;
``state`` keeps accounts, the audit log and published reports in SQLite beside the store.
"""
